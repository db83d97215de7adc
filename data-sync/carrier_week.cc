#include "data-sync/carrier_week.h"

#include <algorithm>

#include "wasm/engine/civil_time.h"
#include "wasm/engine/relay_point.h"

namespace relais {

namespace {

constexpr const char* kWeekdays[7] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

}  // namespace

uint16_t ServicesFromHours(const WeeklySchedule& hours) {
  if (hours.kind == ScheduleKind::kAlwaysOpen) return kLate | kSunday;
  if (hours.kind != ScheduleKind::kWeekly) return 0;
  uint16_t services = hours.Day(6).empty() ? 0 : kSunday;
  for (int d = 0; d < 7; ++d) {
    for (const TimeInterval& interval : hours.Day(d)) {
      if (interval.close_min > 19 * 60) services |= kLate;
    }
  }
  return services;
}

void NoteRule(const char* rule, std::vector<std::string>* rules) {
  if (std::find(rules->begin(), rules->end(), rule) == rules->end()) rules->push_back(rule);
}

void CarrierWeek::AddSlot(int weekday, int open_min, int close_min) {
  if (weekday >= 0 && weekday < 7) days_[weekday].push_back({open_min, close_min});
}

std::string CarrierWeek::Build(WeeklySchedule* hours, std::vector<std::string>* rules) const {
  WeeklySchedule week = WeeklySchedule::Weekly();
  int whole_days = 0;
  for (int d = 0; d < 7; ++d) {
    // Minutes from this day's midnight; a close past 1440 runs into the next day.
    std::vector<Slot> slots;
    for (Slot s : days_[d]) {
      if (s.open_min == 0 && s.close_min == 0) continue;  // The unused box.
      if (s.open_min == 1) {
        s.open_min = 0;
        NoteRule("midnight_edges", rules);
      }
      if (s.close_min == kMinutesPerDay - 1 && s.open_min < s.close_min) {
        s.close_min = kMinutesPerDay;
        NoteRule("midnight_edges", rules);
      }
      if (s.close_min <= s.open_min) s.close_min += kMinutesPerDay;
      if (s.open_min == 0 && !slots.empty() && slots.back().close_min == kMinutesPerDay &&
          s.close_min <= slots.back().open_min) {
        slots.back().close_min += s.close_min;  // The evening goes on past midnight.
        NoteRule("after_midnight", rules);
        continue;
      }
      slots.push_back(s);
    }
    std::sort(slots.begin(), slots.end(), [](const Slot& a, const Slot& b) { return a.open_min < b.open_min; });
    std::vector<Slot> merged;
    for (const Slot& s : slots) {
      if (!merged.empty() && s.open_min <= merged.back().close_min) {
        NoteRule(s.open_min == merged.back().close_min ? "joined_slots" : "overlapping_slots", rules);
        merged.back().close_min = std::max(merged.back().close_min, s.close_min);
        continue;
      }
      merged.push_back(s);
    }
    if (merged.size() == 1 && merged[0].open_min == 0 && merged[0].close_min >= kMinutesPerDay) ++whole_days;
    for (const Slot& s : merged) {
      if (s.close_min > s.open_min + kMinutesPerDay) {
        return std::string(kWeekdays[d]) + ": a slot longer than a day";
      }
      const int end = s.close_min > kMinutesPerDay ? s.close_min - kMinutesPerDay : s.close_min;
      if (std::string e = week.AddInterval(d, s.open_min, end); !e.empty()) return kWeekdays[d] + (": " + e);
    }
  }
  if (whole_days == 7) {
    *hours = WeeklySchedule::AlwaysOpen();
    NoteRule("round_the_clock", rules);
    return "";
  }
  *hours = week;
  return "";
}

}  // namespace relais
