#include "wasm/engine/opening_hours.h"

#include <algorithm>

namespace relais {

std::string WeeklySchedule::AddInterval(int weekday, int start_min, int end_min) {
  if (weekday < 0 || weekday > 6) return "weekday out of range";
  if (start_min < 0 || start_min >= kMinutesPerDay) return "interval start must be 00:00..23:59";
  if (end_min < 0 || end_min > kMinutesPerDay) return "interval end must be 00:00..24:00";
  if (end_min == start_min) return "interval start equals its end (use \"always\" for 24/7)";
  const int close = end_min > start_min ? end_min : end_min + kMinutesPerDay;
  uint8_t& count = interval_count[weekday];
  if (count >= kMaxIntervalsPerDay) return "more than 4 intervals in a day";
  TimeInterval* day = intervals[weekday];
  for (int i = 0; i < count; ++i) {
    if (start_min < day[i].close_min && day[i].open_min < close) return "intervals of a day overlap";
  }
  int pos = count;
  while (pos > 0 && day[pos - 1].open_min > start_min) {
    day[pos] = day[pos - 1];
    --pos;
  }
  day[pos] = {static_cast<uint16_t>(start_min), static_cast<uint16_t>(close)};
  ++count;
  kind = ScheduleKind::kWeekly;
  return "";
}

std::string ValidateSchedule(const WeeklySchedule& schedule) {
  const auto kind = static_cast<uint8_t>(schedule.kind);
  if (kind > static_cast<uint8_t>(ScheduleKind::kUnknown)) return "unknown schedule kind";
  for (int d = 0; d < 7; ++d) {
    const int count = schedule.interval_count[d];
    if (count > kMaxIntervalsPerDay) return "more than 4 intervals in a day";
    if (count > 0 && schedule.kind != ScheduleKind::kWeekly) return "intervals on a 24/7 or unknown schedule";
    for (int i = 0; i < count; ++i) {
      const TimeInterval iv = schedule.intervals[d][i];
      if (iv.open_min >= kMinutesPerDay) return "interval opens after 23:59";
      if (iv.close_min <= iv.open_min || iv.close_min > iv.open_min + kMinutesPerDay) return "bad interval end";
      if (i > 0 && iv.open_min < schedule.intervals[d][i - 1].close_min) return "intervals unsorted or overlapping";
    }
  }
  return "";
}

bool OpeningHours::IsClosedOn(DayNumber local_day) const {
  for (const ClosurePeriod& c : closures_) {
    if (local_day >= c.first_day && local_day <= c.last_day) return true;
  }
  return false;
}

bool OpeningHours::IsOpenAt(UnixSeconds t) const {
  const int64_t local = t + zone_.OffsetAt(t);
  return IsOpenAtLocal(DayOf(local), static_cast<int>(FloorMod(local, kSecondsPerDay)));
}

bool OpeningHours::IsOpenAtLocal(DayNumber local_day, int second_of_day) const {
  switch (schedule_.kind) {
    case ScheduleKind::kUnknown:
      return false;
    case ScheduleKind::kAlwaysOpen:
      return !IsClosedOn(local_day);
    case ScheduleKind::kWeekly:
      break;
  }
  const int weekday = WeekdayFromDays(local_day);
  bool open = false;
  for (const TimeInterval& iv : schedule_.Day(weekday)) {
    if (second_of_day >= iv.open_min * 60 && second_of_day < iv.close_min * 60) open = true;
  }
  if (!open) {
    // The tail of yesterday's late interval, unless yesterday was a closure date.
    const int64_t since_yesterday = second_of_day + kSecondsPerDay;
    for (const TimeInterval& iv : schedule_.Day((weekday + 6) % 7)) {
      if (since_yesterday < iv.close_min * 60) open = !IsClosedOn(local_day - 1);
    }
  }
  return open && !IsClosedOn(local_day);
}

// Calls emit(local_begin, local_end) for each local wall-clock piece of the intervals that start on `day`,
// with closures applied: nothing on a closed day, and a tail cut at midnight when the next day is closed.
template <typename Emit>
void OpeningHours::ForEachLocalPiece(DayNumber day, Emit&& emit) const {
  if (schedule_.kind == ScheduleKind::kUnknown || IsClosedOn(day)) return;
  const int64_t midnight = static_cast<int64_t>(day) * kSecondsPerDay;
  if (schedule_.kind == ScheduleKind::kAlwaysOpen) {
    emit(midnight, midnight + kSecondsPerDay);
    return;
  }
  const bool next_day_closed = IsClosedOn(day + 1);
  for (const TimeInterval& iv : schedule_.Day(WeekdayFromDays(day))) {
    int64_t end = midnight + iv.close_min * 60;
    if (next_day_closed) end = std::min<int64_t>(end, midnight + kSecondsPerDay);
    emit(midnight + iv.open_min * 60, end);
  }
}

std::vector<OpenSpan> OpeningHours::SpansOfLocalDays(DayNumber first_day, DayNumber last_day,
                                                     UnixSeconds* cutoff) const {
  std::vector<OpenSpan> spans;
  for (DayNumber day = first_day - 1; day <= last_day; ++day) {
    ForEachLocalPiece(day, [&](int64_t local_begin, int64_t local_end) {
      zone_.MapLocalSpan(local_begin, local_end, [&](UnixSeconds b, UnixSeconds e) { spans.push_back({b, e}); });
    });
  }
  std::sort(spans.begin(), spans.end(), [](const OpenSpan& a, const OpenSpan& b) { return a.begin < b.begin; });
  size_t merged = 0;
  for (const OpenSpan& s : spans) {
    if (merged > 0 && s.begin <= spans[merged - 1].end) {
      spans[merged - 1].end = std::max(spans[merged - 1].end, s.end);
    } else {
      spans[merged++] = s;
    }
  }
  spans.resize(merged);
  // Intervals of later days start at or after their local midnight, which no offset brings before this.
  *cutoff = static_cast<int64_t>(last_day + 1) * kSecondsPerDay - zone_.MaxOffset();
  return spans;
}

// The first open span ending after t, scanned over 8 days then over the horizon; its start (clamped to t)
// or its end. An answer is trusted only when no later day could change it: a later day's span cannot begin
// before `cutoff`, so it can neither come first nor extend a span that ends before the cutoff.
std::optional<UnixSeconds> OpeningHours::ScanFrom(UnixSeconds t, bool want_end) const {
  if (!known()) return std::nullopt;
  const DayNumber first = DayOf(t + zone_.MinOffset());
  for (int horizon : {8, kHorizonDays}) {
    UnixSeconds cutoff;
    for (const OpenSpan& s : SpansOfLocalDays(first, first + horizon, &cutoff)) {
      if (s.end <= t) continue;
      if (want_end ? s.end >= cutoff : s.begin >= cutoff) break;
      return want_end ? s.end : std::max(s.begin, t);
    }
  }
  return std::nullopt;
}

std::optional<UnixSeconds> OpeningHours::NextOpening(UnixSeconds t) const { return ScanFrom(t, false); }

std::optional<UnixSeconds> OpeningHours::NextClosing(UnixSeconds t) const { return ScanFrom(t, true); }

bool OpeningHours::IsOpenOnLocalDate(DayNumber local_day) const {
  if (!known() || IsClosedOn(local_day)) return false;
  const int64_t day_begin = static_cast<int64_t>(local_day) * kSecondsPerDay;
  const int64_t day_end = day_begin + kSecondsPerDay;
  bool open = false;
  for (DayNumber day : {local_day - 1, local_day}) {
    ForEachLocalPiece(day, [&](int64_t local_begin, int64_t local_end) {
      // Only the part of the piece that the wall clock shows on local_day, and only if it really happens.
      zone_.MapLocalSpan(std::max(local_begin, day_begin), std::min(local_end, day_end),
                         [&](UnixSeconds, UnixSeconds) { open = true; });
    });
  }
  return open;
}

bool OpeningHours::IsOpenDuring(UnixSeconds from, UnixSeconds to) const {
  if (to <= from) return false;
  if (IsOpenAt(from)) return true;
  const std::optional<UnixSeconds> opening = NextOpening(from);
  return opening && *opening < to;
}

}  // namespace relais
