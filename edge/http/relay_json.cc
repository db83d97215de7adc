#include "edge/http/relay_json.h"

#include <cmath>
#include <cstdio>

#include "wasm/engine/civil_time.h"
#include "wasm/engine/file_checksum.h"
#include "wasm/engine/relay_record.h"

namespace relais::edge {

using nlohmann::json;

std::string FormatInstant(UnixSeconds t, int32_t offset_s) {
  const UnixSeconds local = t + offset_s;
  const int64_t second_of_day = FloorMod(local, kSecondsPerDay);
  const int32_t offset_min = std::abs(offset_s) / 60;
  char text[64];
  std::snprintf(text, sizeof text, "%sT%02d:%02d:%02d%c%02d:%02d", FormatIsoDate(DayOf(local)).c_str(),
                static_cast<int>(second_of_day / 3600), static_cast<int>(second_of_day / 60 % 60),
                static_cast<int>(second_of_day % 60), offset_s < 0 ? '-' : '+', offset_min / 60, offset_min % 60);
  return text;
}

std::optional<UnixSeconds> ParseInstant(std::string_view text) {
  int32_t offset_s = 0;
  if (!text.empty() && text.back() == 'Z') {
    text.remove_suffix(1);
  } else if (text.size() > 6 && (text[text.size() - 6] == '+' || text[text.size() - 6] == '-')) {
    const std::optional<int> minutes = ParseHhMm(text.substr(text.size() - 5));
    if (!minutes || *minutes > 18 * 60) return std::nullopt;
    offset_s = (text[text.size() - 6] == '-' ? -1 : 1) * *minutes * 60;
    text.remove_suffix(6);
  } else {
    return std::nullopt;
  }
  // Fractions of a second (carriers' timestamps carry milliseconds) are dropped: hours are judged by the minute.
  if (const size_t dot = text.rfind('.'); dot != std::string_view::npos && dot + 1 < text.size() &&
                                          text.find_first_not_of("0123456789", dot + 1) == std::string_view::npos &&
                                          text.size() - dot - 1 <= 9) {
    text = text.substr(0, dot);
  }
  const std::optional<int64_t> local = ParseLocalDateTime(text);
  if (!local) return std::nullopt;
  return *local - offset_s;
}

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
  // The closure in force, or the next one: "closed for holidays from ... to ...".
  const DayNumber today = DayOf(at + zone.OffsetAt(at));
  const ClosurePeriod* notice = nullptr;
  for (const ClosurePeriod& c : snapshot.closures(point)) {
    if (c.last_day >= today && (!notice || c.first_day < notice->first_day)) notice = &c;
  }
  if (notice) {
    relay["closure_notice"] = {{"from", FormatIsoDate(notice->first_day)},
                               {"to", FormatIsoDate(notice->last_day)},
                               {"in_force", notice->first_day <= today}};
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
