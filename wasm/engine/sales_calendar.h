// Which day of last year sold like a given day: the comparable day a forecast reads.
//
// Demand follows the week (Saturdays are not Tuesdays) and the year, so the comparable day is 364 days
// before: same weekday, 52 weeks back. Holidays move against both: Easter, Mother's Day, Black Friday fall
// on other dates each year, and Christmas on another weekday. The brand's calendar lists their dates; a day
// within a holiday's reach compares with the same offset from that holiday's previous date, and an ordinary
// day whose 364-day counterpart fell inside a holiday's reach compares with the week next to it instead, so
// that last year's Easter is neither missed this year nor learnt on the wrong week.
#ifndef RELAIS_ENGINE_SALES_CALENDAR_H_
#define RELAIS_ENGINE_SALES_CALENDAR_H_

#include <span>
#include <string>
#include <vector>

#include "wasm/engine/civil_time.h"

namespace relais {

constexpr DayNumber kWeeksInYear = 52;
constexpr DayNumber kComparableLag = 7 * kWeeksInYear;  // 364 days: the same weekday a year before.

struct Holiday {
  std::string name;              // "easter", "black_friday"...
  std::vector<DayNumber> dates;  // Its date each year, any order.
  int days_before = 3;           // The days it moves demand: from `days_before` before its date...
  int days_after = 1;            // ...to `days_after` after.
};

class SalesCalendar {
 public:
  SalesCalendar() = default;
  explicit SalesCalendar(std::vector<Holiday> holidays);

  // The day a year before `day` that sold like it (see above). Deterministic; never `day` itself.
  DayNumber ComparableDay(DayNumber day) const;
  // Whether `day` lies within a holiday's reach.
  bool InHoliday(DayNumber day) const;

  const std::vector<Holiday>& holidays() const { return holidays_; }

 private:
  struct Reach {
    DayNumber date;
    DayNumber previous;  // The same holiday's date about a year before, or 0 when the calendar has none.
    bool has_previous;
    int before;
    int after;
  };
  const Reach* ReachOf(DayNumber day) const;

  std::vector<Holiday> holidays_;
  std::vector<Reach> reaches_;  // Every date of every holiday, by date.
};

// Easter Sunday of `year` (Gregorian computus), for calendars built without a merchant's list.
DayNumber EasterSunday(int year);

// The holidays that move French retail demand, for the years [first_year, last_year]: Easter (Sunday, its
// week before), Mother's Day (last Sunday of May, or the first of June when it is Whit Sunday), Black Friday
// (the day after the fourth Thursday of November) and Christmas (25 December, its ten days before).
std::vector<Holiday> FrenchRetailHolidays(int first_year, int last_year);

// The French retail calendar for a forecast from `origin`: the years its history (up to six back) and its
// horizon (up to a year ahead) can reach. The server and the staff page's what-if build the same one.
SalesCalendar FrenchRetailCalendarAround(DayNumber origin);
// A brand's calendar: the French retail holidays or none, and its own (its sales season, a fair), each given
// its date of every year it had one.
SalesCalendar RetailCalendarAround(DayNumber origin, bool french_holidays, std::span<const Holiday> own);

}  // namespace relais

#endif  // RELAIS_ENGINE_SALES_CALENDAR_H_
