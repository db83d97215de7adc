#include "wasm/engine/service_slots.h"

namespace relais {

namespace {

// The instant the wall clock of `zone` first shows local seconds `local` (the earlier of a fall-back hour's
// two), or nullopt inside a spring-forward gap.
std::optional<UnixSeconds> InstantOfLocal(TimeZoneRule zone, int64_t local) {
  for (int32_t offset : {zone.MaxOffset(), zone.MinOffset()}) {
    if (zone.OffsetAt(local - offset) == offset) return local - offset;
  }
  return std::nullopt;
}

}  // namespace

std::string SlotLabel(const ServiceSlot& slot) {
  return FormatHhMm(slot.start_min % 1440) + "-" + FormatHhMm(slot.end_min % 1440);
}

std::optional<SlotTimes> ParseSlotTimes(std::string_view text) {
  const size_t dash = text.find('-');
  const std::optional<int> start = ParseHhMm(text.substr(0, dash));
  if (!start || *start >= 1440) return std::nullopt;
  if (dash == std::string_view::npos) return SlotTimes{*start, -1};
  const std::optional<int> end = ParseHhMm(text.substr(dash + 1));
  if (!end) return std::nullopt;
  return SlotTimes{*start, *end <= *start ? *end + 1440 : *end};  // An end not after the start is the next day's.
}

std::vector<ServiceSlot> SlotsOfDay(const WeeklySchedule& hours, std::span<const ClosurePeriod> closures,
                                    TimeZoneRule zone, DayNumber day, const SlotRule& rule) {
  std::vector<ServiceSlot> slots;
  if (rule.minutes < kMinSlotMinutes || rule.minutes > kMaxSlotMinutes) return slots;
  const OpeningHours open(hours, closures, zone);
  if (!open.known() || open.IsClosedOn(day)) return slots;
  const TimeInterval whole_day[] = {{0, 1440}};
  const auto intervals_of = [&](DayNumber d) {
    return hours.kind == ScheduleKind::kAlwaysOpen ? std::span<const TimeInterval>(whole_day)
                                                   : hours.Day(WeekdayFromDays(d));
  };
  // The slots an interval of local day `from` holds that start on `day`: its own slots from the interval's
  // start; the previous day's late interval gives its slots past midnight (unless that evening was closed).
  const auto add = [&](DayNumber from, const TimeInterval& interval) {
    const int32_t shift = static_cast<int32_t>(day - from) * 1440;
    for (int32_t start = interval.open_min; start + rule.minutes <= interval.close_min; start += rule.minutes) {
      const int32_t local = start - shift;  // Minutes from `day`'s midnight.
      if (local < 0 || local >= 1440) continue;
      const std::optional<UnixSeconds> at =
          InstantOfLocal(zone, static_cast<int64_t>(day) * kSecondsPerDay + int64_t{local} * 60);
      if (!at) continue;  // A slot the clocks skip never happens.
      slots.push_back({day, local, local + rule.minutes, *at, *at - int64_t{rule.cutoff_minutes} * 60});
    }
  };
  if (hours.kind == ScheduleKind::kWeekly && !open.IsClosedOn(day - 1)) {
    for (const TimeInterval& interval : intervals_of(day - 1)) {
      if (interval.close_min > 1440) add(day - 1, interval);
    }
  }
  for (const TimeInterval& interval : intervals_of(day)) add(day, interval);
  return slots;
}

std::optional<ServiceSlot> FindSlot(const WeeklySchedule& hours, std::span<const ClosurePeriod> closures,
                                    TimeZoneRule zone, DayNumber day, const SlotRule& rule, SlotTimes times) {
  for (const ServiceSlot& slot : SlotsOfDay(hours, closures, zone, day, rule)) {
    if (slot.start_min == times.start_min && (times.end_min < 0 || slot.end_min == times.end_min)) return slot;
  }
  return std::nullopt;
}

}  // namespace relais
