#include "edge/http/relay_json.h"

#include <cmath>

#include "wasm/engine/civil_time.h"
#include "wasm/engine/closure_notice.h"
#include "wasm/engine/file_checksum.h"
#include "wasm/engine/instant.h"
#include "wasm/engine/relay_record.h"

namespace relais::edge {

using nlohmann::json;

json RelayJson(const Snapshot& snapshot, uint32_t point, UnixSeconds at, std::optional<double> distance_m) {
  json relay = json::parse(FormatRelayRecord(snapshot.Record(point)));
  const OpeningHours hours = snapshot.hours(point);
  const TimeZoneRule zone = snapshot.zone(point);
  const auto local = [&](std::optional<UnixSeconds> t) {
    return t ? json(FormatInstant(*t, zone.OffsetAt(*t))) : json(nullptr);
  };
  if (hours.known()) {
    relay["open_now"] = hours.IsOpenAt(at);
    relay["next_opening"] = local(hours.NextOpening(at));
    relay["next_closing"] = local(hours.NextClosing(at));
  } else {
    relay["open_now"] = nullptr;  // The carrier publishes no hours: say so rather than guess.
  }
  // "Closed for holidays from ... to ...": the engine's rule, the widget's too (closure_notice.h).
  if (const std::optional<ClosureNotice> notice = ClosureNoticeAt(snapshot, point, at)) {
    relay["closure_notice"] = {{"from", FormatIsoDate(notice->first_day)},
                               {"to", FormatIsoDate(notice->last_day)},
                               {"in_force", notice->in_force}};
  }
  if (distance_m) relay["distance_m"] = std::round(*distance_m);
  return relay;
}

json DatasetJson(const Snapshot& snapshot, const std::string& loaded_at) {
  return {{"date", FormatIsoDate(snapshot.dataset_day())},
          {"checksum", ChecksumHex(snapshot.checksum())},
          {"points", snapshot.size()},
          {"loaded_at", loaded_at}};
}

}  // namespace relais::edge
