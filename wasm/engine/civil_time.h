// Civil (calendar) time arithmetic on the proleptic Gregorian calendar.
//
// The engine counts instants as seconds since 1970-01-01T00:00:00Z (UnixSeconds) and local dates as days
// since 1970-01-01 (a "day number"). Everything here is pure integer arithmetic: no clock, no time zone
// database, identical natively and in WebAssembly.
#ifndef RELAIS_ENGINE_CIVIL_TIME_H_
#define RELAIS_ENGINE_CIVIL_TIME_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace relais {

using UnixSeconds = int64_t;
using DayNumber = int32_t;

constexpr int64_t kSecondsPerDay = 86400;
constexpr int kMinutesPerDay = 1440;

struct CivilDate {
  int year;
  int month;  // 1..12
  int day;    // 1..31
};

// Floor division, so that instants before 1970 map to the right day.
constexpr int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
constexpr int64_t FloorMod(int64_t a, int64_t b) { return a - FloorDiv(a, b) * b; }

// Day number of a civil date. The date is not validated (2026-02-31 is 2026-03-03).
constexpr DayNumber DaysFromCivil(int year, int month, int day) {
  // Shift the year so that it starts in March: the leap day is then the last day of the year.
  const int y = year - (month <= 2);
  const int era = static_cast<int>(FloorDiv(y, 400));
  const int year_of_era = y - era * 400;
  const int month_from_march = (month + 9) % 12;
  const int day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
  const int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

constexpr CivilDate CivilFromDays(DayNumber days) {
  const int64_t z = static_cast<int64_t>(days) + 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t day_of_era = z - era * 146097;
  const int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t month_from_march = (5 * day_of_year + 2) / 153;
  const int day = static_cast<int>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
  const int month = static_cast<int>(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
  return {static_cast<int>(year_of_era + era * 400 + (month <= 2)), month, day};
}

// 0 = Monday ... 6 = Sunday (ISO order, the order of the record's "hours" keys).
constexpr int WeekdayFromDays(DayNumber days) { return static_cast<int>(FloorMod(static_cast<int64_t>(days) + 3, 7)); }

constexpr DayNumber DayOf(UnixSeconds t) { return static_cast<DayNumber>(FloorDiv(t, kSecondsPerDay)); }

constexpr bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month);

// The last given weekday (0 = Monday) of a month, e.g. the last Sunday of March.
DayNumber LastWeekdayOfMonth(int year, int month, int weekday);
// The n-th (1-based) given weekday of a month, e.g. the second Sunday of March.
DayNumber NthWeekdayOfMonth(int year, int month, int weekday, int n);

// "YYYY-MM-DD" with a real calendar date. Nothing else is accepted.
std::optional<DayNumber> ParseIsoDate(std::string_view text);
std::string FormatIsoDate(DayNumber day);

// "HH:MM", 00:00..24:00, as minutes since midnight. 24:00 is accepted (the end of the day).
std::optional<int> ParseHhMm(std::string_view text);
std::string FormatHhMm(int minutes);

// "YYYY-MM-DDTHH:MM[:SS]" read as a local wall-clock time, in seconds since the local epoch.
std::optional<int64_t> ParseLocalDateTime(std::string_view text);

}  // namespace relais

#endif  // RELAIS_ENGINE_CIVIL_TIME_H_
