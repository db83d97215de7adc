// Opening hours of a relay point: a weekly schedule, closure periods and the point's time zone.
//
// Rules (docs/relay-record.md):
// - up to 4 intervals per weekday, start inclusive, end exclusive, judged on the local wall clock, so a
//   daylight-saving change shifts nothing on the clock: an interval inside a spring-forward gap never
//   happens, one inside a fall-back hour happens twice;
// - an interval whose end is not after its start runs past midnight into the next day;
// - a closure period closes whole local dates, including the after-midnight tail of the previous day's
//   late interval. An interval that starts on a closed date does not happen at all, tail included (the
//   shop never opened that evening).
// WeeklySchedule is stored as is in the snapshot (deduplicated), so its layout is part of the format.
#ifndef RELAIS_ENGINE_OPENING_HOURS_H_
#define RELAIS_ENGINE_OPENING_HOURS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "wasm/engine/civil_time.h"
#include "wasm/engine/time_zone.h"

namespace relais {

constexpr int kMaxIntervalsPerDay = 4;

// [open_min, close_min) in minutes from the local midnight that starts the interval's day.
// open_min < 1440 and open_min < close_min <= open_min + 1440; close_min > 1440 runs past midnight.
struct TimeInterval {
  uint16_t open_min;
  uint16_t close_min;
  bool operator==(const TimeInterval&) const = default;
};

enum class ScheduleKind : uint8_t {
  kWeekly = 0,
  kAlwaysOpen = 1,  // "always": true, open 24/7 except closure dates.
  kUnknown = 2,     // The source publishes no hours: never reported as open.
};

struct WeeklySchedule {
  ScheduleKind kind = ScheduleKind::kUnknown;
  uint8_t interval_count[7] = {};  // Monday..Sunday.
  TimeInterval intervals[7][kMaxIntervalsPerDay] = {};

  static WeeklySchedule AlwaysOpen() {
    WeeklySchedule s;
    s.kind = ScheduleKind::kAlwaysOpen;
    return s;
  }
  static WeeklySchedule Weekly() {
    WeeklySchedule s;
    s.kind = ScheduleKind::kWeekly;
    return s;
  }
  std::span<const TimeInterval> Day(int weekday) const { return {intervals[weekday], interval_count[weekday]}; }

  // Adds an interval given as the record's "HH:MM" minutes (end <= start runs past midnight; an end of
  // 00:00 or 24:00 after a start means midnight). Returns an error message, or "" when added.
  std::string AddInterval(int weekday, int start_min, int end_min);

  bool operator==(const WeeklySchedule&) const = default;
};
static_assert(sizeof(WeeklySchedule) == 120, "WeeklySchedule is a snapshot record");

// An error message if the schedule breaks a rule (used on untrusted snapshot bytes too), else "".
std::string ValidateSchedule(const WeeklySchedule& schedule);

// Inclusive local dates, first_day <= last_day.
struct ClosurePeriod {
  DayNumber first_day;
  DayNumber last_day;
  bool operator==(const ClosurePeriod&) const = default;
};

// A UTC span [begin, end).
struct OpenSpan {
  UnixSeconds begin;
  UnixSeconds end;
  bool operator==(const OpenSpan&) const = default;
};

// A view over one point's hours. Cheap to build; the referenced schedule and closures must outlive it.
class OpeningHours {
 public:
  // How far NextOpening/NextClosing look ahead: a closure may last a year.
  static constexpr int kHorizonDays = 400;

  OpeningHours(const WeeklySchedule& schedule, std::span<const ClosurePeriod> closures, TimeZoneRule zone)
      : schedule_(schedule), closures_(closures), zone_(zone) {}

  bool known() const { return schedule_.kind != ScheduleKind::kUnknown; }
  bool IsClosedOn(DayNumber local_day) const;

  // Open at instant t.
  bool IsOpenAt(UnixSeconds t) const;
  // The same, from the local wall clock (local day and seconds since its midnight): what a filter uses
  // once it has converted the query instant for each zone.
  bool IsOpenAtLocal(DayNumber local_day, int second_of_day) const;
  // Open at some moment of the given local date.
  bool IsOpenOnLocalDate(DayNumber local_day) const;
  // Open at some moment of [from, to).
  bool IsOpenDuring(UnixSeconds from, UnixSeconds to) const;

  // The first instant >= t at which the point is open (t itself when open at t); nullopt if it does not
  // open within kHorizonDays.
  std::optional<UnixSeconds> NextOpening(UnixSeconds t) const;
  // The first instant >= t at which an open period ends (the current one when open at t, else the next
  // one); nullopt if none ends within kHorizonDays (24/7 without closures).
  std::optional<UnixSeconds> NextClosing(UnixSeconds t) const;

  // The merged open spans of the local days [first_day, last_day] (plus the tail of the day before),
  // sorted. Spans of later days all begin at or after the returned cutoff instant.
  std::vector<OpenSpan> SpansOfLocalDays(DayNumber first_day, DayNumber last_day, UnixSeconds* cutoff) const;

 private:
  template <typename Emit>
  void ForEachLocalPiece(DayNumber day, Emit&& emit) const;
  std::optional<UnixSeconds> ScanFrom(UnixSeconds t, bool want_end) const;

  const WeeklySchedule& schedule_;
  std::span<const ClosurePeriod> closures_;
  TimeZoneRule zone_;
};

}  // namespace relais

#endif  // RELAIS_ENGINE_OPENING_HOURS_H_
