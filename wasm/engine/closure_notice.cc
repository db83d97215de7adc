#include "wasm/engine/closure_notice.h"

namespace relais {

std::optional<ClosureNotice> ClosureNoticeOn(std::span<const ClosurePeriod> closures, DayNumber today) {
  const ClosurePeriod* notice = nullptr;
  for (const ClosurePeriod& c : closures) {
    if (c.last_day < today || c.first_day > today + kClosureNoticeDays) continue;
    if (!notice || c.first_day < notice->first_day ||
        (c.first_day == notice->first_day && c.last_day > notice->last_day)) {
      notice = &c;
    }
  }
  if (!notice) return std::nullopt;
  return ClosureNotice{notice->first_day, notice->last_day, notice->first_day <= today};
}

std::optional<ClosureNotice> ClosureNoticeAt(const Snapshot& snapshot, uint32_t point, UnixSeconds at) {
  const TimeZoneRule zone = snapshot.zone(point);
  return ClosureNoticeOn(snapshot.closures(point), DayOf(at + zone.OffsetAt(at)));
}

}  // namespace relais
