#include "wasm/engine/sales_calendar.h"

#include <algorithm>
#include <cstdlib>

namespace relais {

namespace {

// A holiday's previous date is about a year before: Easter moves by up to five weeks, Christmas by one day.
constexpr DayNumber kShortestYear = 300;
constexpr DayNumber kLongestYear = 430;

}  // namespace

SalesCalendar::SalesCalendar(std::vector<Holiday> holidays) : holidays_(std::move(holidays)) {
  for (const Holiday& h : holidays_) {
    for (DayNumber date : h.dates) {
      Reach r{date, 0, false, std::max(0, h.days_before), std::max(0, h.days_after)};
      for (DayNumber other : h.dates) {
        const DayNumber gap = date - other;
        if (gap >= kShortestYear && gap <= kLongestYear) {
          r.previous = other;
          r.has_previous = true;
        }
      }
      reaches_.push_back(r);
    }
  }
  std::sort(reaches_.begin(), reaches_.end(), [](const Reach& a, const Reach& b) { return a.date < b.date; });
}

const SalesCalendar::Reach* SalesCalendar::ReachOf(DayNumber day) const {
  // Few holidays a year: a scan is as fast as a search and reads plainly. The nearest date wins when two
  // reaches overlap.
  const Reach* best = nullptr;
  for (const Reach& r : reaches_) {
    if (day < r.date - r.before || day > r.date + r.after) continue;
    if (best == nullptr || std::abs(day - r.date) < std::abs(day - best->date)) best = &r;
  }
  return best;
}

bool SalesCalendar::InHoliday(DayNumber day) const { return ReachOf(day) != nullptr; }

DayNumber SalesCalendar::ComparableDay(DayNumber day) const {
  if (const Reach* r = ReachOf(day); r != nullptr && r->has_previous) return r->previous + (day - r->date);
  const DayNumber plain = day - kComparableLag;
  if (!InHoliday(plain)) return plain;
  // Last year's holiday fell on this week: the nearest week around it that it did not touch.
  for (DayNumber weeks = 1; weeks <= 3; ++weeks) {
    if (!InHoliday(plain - 7 * weeks)) return plain - 7 * weeks;
    if (!InHoliday(plain + 7 * weeks) && plain + 7 * weeks < day) return plain + 7 * weeks;
  }
  return plain;
}

DayNumber EasterSunday(int year) {
  // The anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
  const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
  return DaysFromCivil(year, month, day);
}

std::vector<Holiday> FrenchRetailHolidays(int first_year, int last_year) {
  Holiday easter{"easter", {}, 6, 1}, mothers{"mothers_day", {}, 5, 0}, black_friday{"black_friday", {}, 1, 3};
  Holiday christmas{"christmas", {}, 10, 1};
  constexpr int kSunday = 6, kThursday = 3;
  for (int year = first_year; year <= last_year; ++year) {
    const DayNumber e = EasterSunday(year);
    easter.dates.push_back(e);
    const DayNumber whit_sunday = e + 49;
    DayNumber mother = LastWeekdayOfMonth(year, 5, kSunday);
    if (mother == whit_sunday) mother += 7;
    mothers.dates.push_back(mother);
    black_friday.dates.push_back(NthWeekdayOfMonth(year, 11, kThursday, 4) + 1);
    christmas.dates.push_back(DaysFromCivil(year, 12, 25));
  }
  return {easter, mothers, black_friday, christmas};
}

SalesCalendar FrenchRetailCalendarAround(DayNumber origin) { return RetailCalendarAround(origin, true, {}); }

SalesCalendar RetailCalendarAround(DayNumber origin, bool french_holidays, std::span<const Holiday> own) {
  const int year = CivilFromDays(origin).year;
  std::vector<Holiday> holidays;
  if (french_holidays) holidays = FrenchRetailHolidays(year - 6, year + 2);
  holidays.insert(holidays.end(), own.begin(), own.end());
  return SalesCalendar(std::move(holidays));
}

}  // namespace relais
