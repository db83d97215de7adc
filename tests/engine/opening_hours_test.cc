#define BOOST_TEST_MODULE opening_hours
#include "wasm/engine/opening_hours.h"

#include <boost/test/unit_test.hpp>
#include <vector>

#include "tests/engine/test_time.h"

using namespace relais;
using relais::testing::Local;
using relais::testing::Utc;
using relais::testing::Zone;

namespace {

enum Weekday { kMon, kTue, kWed, kThu, kFri, kSat, kSun };

WeeklySchedule Schedule(std::initializer_list<std::tuple<int, const char*, const char*>> intervals) {
  WeeklySchedule s = WeeklySchedule::Weekly();
  for (const auto& [day, start, end] : intervals) {
    const std::string error = s.AddInterval(day, ParseHhMm(start).value(), ParseHhMm(end).value());
    BOOST_TEST_REQUIRE(error.empty(), error);
  }
  return s;
}

// Mon-Fri 09:00-12:00 and 14:00-19:00 (a lunch break), Saturday morning, Sunday and Wednesday closed.
WeeklySchedule ShopWithLunchBreak() {
  return Schedule({{kMon, "09:00", "12:00"},
                   {kMon, "14:00", "19:00"},
                   {kTue, "09:00", "12:00"},
                   {kTue, "14:00", "19:00"},
                   {kThu, "09:00", "12:00"},
                   {kThu, "14:00", "19:00"},
                   {kFri, "09:00", "12:00"},
                   {kFri, "14:00", "19:00"},
                   {kSat, "09:00", "12:30"}});
}

const TimeZoneRule kParis = Zone("Europe/Paris");

}  // namespace

BOOST_AUTO_TEST_CASE(open_at_an_instant_with_a_lunch_break_and_closed_days) {
  const WeeklySchedule s = ShopWithLunchBreak();
  const OpeningHours h(s, {}, kParis);
  // 2026-11-23 is a Monday.
  BOOST_TEST(!h.IsOpenAt(Local(kParis, 2026, 11, 23, 8, 59)));
  BOOST_TEST(h.IsOpenAt(Local(kParis, 2026, 11, 23, 9, 0)));  // Start inclusive.
  BOOST_TEST(h.IsOpenAt(Local(kParis, 2026, 11, 23, 11, 59)));
  BOOST_TEST(!h.IsOpenAt(Local(kParis, 2026, 11, 23, 12, 0)));  // End exclusive.
  BOOST_TEST(!h.IsOpenAt(Local(kParis, 2026, 11, 23, 13, 0)));  // Lunch.
  BOOST_TEST(h.IsOpenAt(Local(kParis, 2026, 11, 23, 14, 0)));
  BOOST_TEST(!h.IsOpenAt(Local(kParis, 2026, 11, 25, 10, 0)));  // Wednesday closed.
  BOOST_TEST(h.IsOpenAt(Local(kParis, 2026, 11, 28, 12, 15)));  // Saturday 12:30 close.
  BOOST_TEST(!h.IsOpenAt(Local(kParis, 2026, 11, 29, 10, 0)));  // Sunday.
  // Judged in the point's own zone: 09:30 in Paris is 08:30 UTC in winter.
  BOOST_TEST(h.IsOpenAt(Utc(2026, 11, 23, 8, 30)));
  BOOST_TEST(!h.IsOpenAt(Utc(2026, 11, 23, 7, 30)));
}

BOOST_AUTO_TEST_CASE(next_opening_and_closing) {
  const WeeklySchedule s = ShopWithLunchBreak();
  const OpeningHours h(s, {}, kParis);
  BOOST_TEST(h.NextOpening(Local(kParis, 2026, 11, 23, 12, 30)).value() == Local(kParis, 2026, 11, 23, 14, 0));
  BOOST_TEST(h.NextClosing(Local(kParis, 2026, 11, 23, 12, 30)).value() == Local(kParis, 2026, 11, 23, 19, 0));
  BOOST_TEST(h.NextClosing(Local(kParis, 2026, 11, 23, 10, 0)).value() == Local(kParis, 2026, 11, 23, 12, 0));
  const UnixSeconds open_now = Local(kParis, 2026, 11, 23, 10, 0);
  BOOST_TEST(h.NextOpening(open_now).value() == open_now);
  // Saturday afternoon: next is Monday morning.
  BOOST_TEST(h.NextOpening(Local(kParis, 2026, 11, 28, 13, 0)).value() == Local(kParis, 2026, 11, 30, 9, 0));
  // Tuesday evening: Wednesday is closed, so Thursday.
  BOOST_TEST(h.NextOpening(Local(kParis, 2026, 11, 24, 19, 0)).value() == Local(kParis, 2026, 11, 26, 9, 0));
}

BOOST_AUTO_TEST_CASE(always_open_and_unknown) {
  const WeeklySchedule always = WeeklySchedule::AlwaysOpen();
  const std::vector<ClosurePeriod> closures = {{DaysFromCivil(2026, 12, 25), DaysFromCivil(2026, 12, 25)}};
  const OpeningHours h(always, closures, kParis);
  BOOST_TEST(h.IsOpenAt(Local(kParis, 2026, 11, 29, 3, 0)));
  BOOST_TEST(!h.IsOpenAt(Local(kParis, 2026, 12, 25, 12, 0)));
  BOOST_TEST(h.NextClosing(Local(kParis, 2026, 12, 20, 0, 0)).value() == Local(kParis, 2026, 12, 25, 0, 0));
  BOOST_TEST(h.NextOpening(Local(kParis, 2026, 12, 25, 8, 0)).value() == Local(kParis, 2026, 12, 26, 0, 0));
  const OpeningHours no_closures(always, {}, kParis);
  BOOST_TEST(!no_closures.NextClosing(Utc(2026, 1, 1)).has_value());

  const WeeklySchedule unknown;
  const OpeningHours u(unknown, {}, kParis);
  BOOST_TEST(!u.known());
  BOOST_TEST(!u.IsOpenAt(Utc(2026, 11, 23, 10)));
  BOOST_TEST(!u.IsOpenOnLocalDate(DaysFromCivil(2026, 11, 23)));
  BOOST_TEST(!u.NextOpening(Utc(2026, 11, 23, 10)).has_value());
}

BOOST_AUTO_TEST_CASE(intervals_past_midnight) {
  // Friday 18:00 to Saturday 02:00, Saturday 20:00-24:00 then Sunday 00:00-01:00 (contiguous).
  const WeeklySchedule s = Schedule({{kFri, "18:00", "02:00"}, {kSat, "20:00", "24:00"}, {kSun, "00:00", "01:00"}});
  const OpeningHours h(s, {}, kParis);
  BOOST_TEST(h.IsOpenAt(Local(kParis, 2026, 11, 27, 23, 0)));
  BOOST_TEST(h.IsOpenAt(Local(kParis, 2026, 11, 28, 1, 59)));  // Saturday, Friday's tail.
  BOOST_TEST(!h.IsOpenAt(Local(kParis, 2026, 11, 28, 2, 0)));
  BOOST_TEST(h.NextClosing(Local(kParis, 2026, 11, 27, 19, 0)).value() == Local(kParis, 2026, 11, 28, 2, 0));
  // Saturday 20:00 to Sunday 01:00 is one open period.
  BOOST_TEST(h.NextClosing(Local(kParis, 2026, 11, 28, 21, 0)).value() == Local(kParis, 2026, 11, 29, 1, 0));
  BOOST_TEST(h.IsOpenOnLocalDate(DaysFromCivil(2026, 11, 28)));
  BOOST_TEST(!h.IsOpenOnLocalDate(DaysFromCivil(2026, 11, 30)));  // Monday: nothing.
  // An end of 00:00 after a start means midnight.
  const WeeklySchedule to_midnight = Schedule({{kMon, "20:00", "00:00"}});
  const OpeningHours m(to_midnight, {}, kParis);
  BOOST_TEST(m.IsOpenAt(Local(kParis, 2026, 11, 23, 23, 59)));
  BOOST_TEST(!m.IsOpenAt(Local(kParis, 2026, 11, 24, 0, 0)));
}

BOOST_AUTO_TEST_CASE(closures_are_inclusive_local_dates) {
  WeeklySchedule s = WeeklySchedule::Weekly();
  for (int d = 0; d < 7; ++d) BOOST_TEST_REQUIRE(s.AddInterval(d, 9 * 60, 19 * 60).empty());
  const std::vector<ClosurePeriod> closures = {{DaysFromCivil(2026, 8, 3), DaysFromCivil(2026, 8, 21)}};
  const OpeningHours h(s, closures, kParis);
  BOOST_TEST(h.IsOpenAt(Local(kParis, 2026, 8, 2, 10, 0)));
  BOOST_TEST(!h.IsOpenAt(Local(kParis, 2026, 8, 3, 10, 0)));   // First day included.
  BOOST_TEST(!h.IsOpenAt(Local(kParis, 2026, 8, 21, 18, 0)));  // Last day included.
  BOOST_TEST(h.IsOpenAt(Local(kParis, 2026, 8, 22, 9, 0)));
  BOOST_TEST(!h.IsOpenOnLocalDate(DaysFromCivil(2026, 8, 10)));
  BOOST_TEST(h.NextOpening(Local(kParis, 2026, 8, 2, 20, 0)).value() == Local(kParis, 2026, 8, 22, 9, 0));
  // "Open between the parcel's arrival and 7 days later".
  BOOST_TEST(!h.IsOpenDuring(Local(kParis, 2026, 8, 3, 0, 0), Local(kParis, 2026, 8, 10, 0, 0)));
  BOOST_TEST(h.IsOpenDuring(Local(kParis, 2026, 8, 18, 0, 0), Local(kParis, 2026, 8, 25, 0, 0)));
  BOOST_TEST(!h.IsOpenDuring(Local(kParis, 2026, 8, 2, 19, 0), Local(kParis, 2026, 8, 22, 9, 0)));  // End exclusive.
}

BOOST_AUTO_TEST_CASE(closure_cuts_the_tail_of_a_late_interval) {
  const WeeklySchedule s = Schedule({{kFri, "22:00", "02:00"}, {kSat, "22:00", "02:00"}});
  // Saturday 2026-11-28 closed: Friday's tail into Saturday is closed, Saturday's own evening too, and so
  // is Saturday's tail into Sunday (it never opened).
  const std::vector<ClosurePeriod> closures = {{DaysFromCivil(2026, 11, 28), DaysFromCivil(2026, 11, 28)}};
  const OpeningHours h(s, closures, kParis);
  BOOST_TEST(h.IsOpenAt(Local(kParis, 2026, 11, 27, 23, 0)));
  BOOST_TEST(!h.IsOpenAt(Local(kParis, 2026, 11, 28, 1, 0)));
  BOOST_TEST(!h.IsOpenAt(Local(kParis, 2026, 11, 28, 23, 0)));
  BOOST_TEST(!h.IsOpenAt(Local(kParis, 2026, 11, 29, 1, 0)));
  BOOST_TEST(h.NextClosing(Local(kParis, 2026, 11, 27, 22, 30)).value() == Local(kParis, 2026, 11, 28, 0, 0));
  BOOST_TEST(!h.IsOpenOnLocalDate(DaysFromCivil(2026, 11, 29)));
}

BOOST_AUTO_TEST_CASE(spring_forward_day) {
  // 2026-03-29: Paris clocks go from 02:00 to 03:00.
  const WeeklySchedule s = Schedule({{kSun, "01:00", "02:30"}, {kSun, "09:00", "12:00"}, {kSat, "02:00", "02:30"}});
  const OpeningHours h(s, {}, kParis);
  BOOST_TEST(h.IsOpenAt(Utc(2026, 3, 29, 0, 30)));  // 01:30 CET.
  BOOST_TEST(!h.IsOpenAt(Utc(2026, 3, 29, 1, 0)));  // The clock reads 03:00.
  BOOST_TEST(h.NextClosing(Utc(2026, 3, 29, 0, 30)).value() == Utc(2026, 3, 29, 1, 0));
  BOOST_TEST(h.NextOpening(Utc(2026, 3, 29, 1, 0)).value() == Utc(2026, 3, 29, 7, 0));   // 09:00 CEST.
  BOOST_TEST(h.NextOpening(Utc(2026, 3, 22, 1, 30)).value() == Utc(2026, 3, 22, 8, 0));  // 02:30 CET -> 09:00 CET.
  // An interval that lies in the gap never happens.
  const WeeklySchedule gap_only = Schedule({{kSun, "02:00", "02:30"}});
  const OpeningHours g(gap_only, {}, kParis);
  BOOST_TEST(!g.IsOpenOnLocalDate(DaysFromCivil(2026, 3, 29)));
  BOOST_TEST(g.IsOpenOnLocalDate(DaysFromCivil(2026, 4, 5)));
  BOOST_TEST(g.NextOpening(Utc(2026, 3, 28, 12, 0)).value() == Local(kParis, 2026, 4, 5, 2, 0));
  BOOST_TEST(!g.IsOpenDuring(Utc(2026, 3, 28, 12, 0), Utc(2026, 4, 4, 0, 0)));
}

BOOST_AUTO_TEST_CASE(fall_back_day) {
  // 2026-10-25: Paris clocks go from 03:00 back to 02:00; 02:00-02:30 happens twice.
  const WeeklySchedule s = Schedule({{kSun, "02:00", "02:30"}, {kSat, "20:00", "03:00"}});
  const OpeningHours h(s, {}, kParis);
  BOOST_TEST(h.IsOpenAt(Utc(2026, 10, 25, 0, 15)));  // 02:15 CEST.
  BOOST_TEST(h.IsOpenAt(Utc(2026, 10, 25, 1, 15)));  // 02:15 CET.
  // Saturday 20:00 (CEST) to Sunday 03:00 (CET) lasts 8 hours, and covers the Sunday slot too.
  BOOST_TEST(h.NextClosing(Local(kParis, 2026, 10, 24, 21, 0)).value() == Utc(2026, 10, 25, 2, 0));
  BOOST_TEST(h.IsOpenAt(Utc(2026, 10, 25, 1, 45)));
  // Without the Saturday evening, the Sunday slot is two separate half-hours.
  const WeeklySchedule twice = Schedule({{kSun, "02:00", "02:30"}});
  const OpeningHours t(twice, {}, kParis);
  BOOST_TEST(t.NextClosing(Utc(2026, 10, 25, 0, 0)).value() == Utc(2026, 10, 25, 0, 30));
  BOOST_TEST(t.NextOpening(Utc(2026, 10, 25, 0, 45)).value() == Utc(2026, 10, 25, 1, 0));
  BOOST_TEST(!t.IsOpenAt(Utc(2026, 10, 25, 0, 45)));
  // A day shop on that Sunday opens at 09:00 CET = 08:00 UTC.
  const WeeklySchedule day = Schedule({{kSun, "09:00", "12:00"}});
  BOOST_TEST(OpeningHours(day, {}, kParis).NextOpening(Utc(2026, 10, 25, 0)).value() == Utc(2026, 10, 25, 8));
}

BOOST_AUTO_TEST_CASE(other_european_zones) {
  const WeeklySchedule s = Schedule({{kMon, "09:00", "17:00"}});
  const TimeZoneRule london = Zone("Europe/London");
  const TimeZoneRule lisbon = Zone("Europe/Lisbon");
  const TimeZoneRule helsinki = Zone("Europe/Helsinki");
  // Winter: London and Lisbon on UTC, Helsinki UTC+2.
  BOOST_TEST(OpeningHours(s, {}, london).NextOpening(Utc(2026, 11, 23, 0)).value() == Utc(2026, 11, 23, 9));
  BOOST_TEST(OpeningHours(s, {}, lisbon).NextOpening(Utc(2026, 11, 23, 0)).value() == Utc(2026, 11, 23, 9));
  BOOST_TEST(OpeningHours(s, {}, helsinki).NextOpening(Utc(2026, 11, 23, 0)).value() == Utc(2026, 11, 23, 7));
  // Summer: one hour earlier in UTC.
  BOOST_TEST(OpeningHours(s, {}, london).NextOpening(Utc(2026, 6, 22, 0)).value() == Utc(2026, 6, 22, 8));
  BOOST_TEST(OpeningHours(s, {}, helsinki).NextOpening(Utc(2026, 6, 22, 0)).value() == Utc(2026, 6, 22, 6));
  // The same instant is Monday 23:30 in London and Tuesday 01:30 in Helsinki.
  const WeeklySchedule late = Schedule({{kMon, "23:00", "23:59"}});
  BOOST_TEST(OpeningHours(late, {}, london).IsOpenAt(Utc(2026, 11, 23, 23, 30)));
  BOOST_TEST(!OpeningHours(late, {}, helsinki).IsOpenAt(Utc(2026, 11, 23, 23, 30)));
}

BOOST_AUTO_TEST_CASE(schedule_rules) {
  WeeklySchedule s = WeeklySchedule::Weekly();
  BOOST_TEST(s.AddInterval(kMon, 540, 720).empty());
  BOOST_TEST(s.AddInterval(kMon, 600, 800) == "intervals of a day overlap");
  BOOST_TEST(s.AddInterval(kMon, 480, 480) != "");
  BOOST_TEST(s.AddInterval(kMon, 840, 900).empty());
  BOOST_TEST(s.AddInterval(kMon, 400, 450).empty());  // Kept sorted.
  BOOST_TEST(s.AddInterval(kMon, 1000, 1100).empty());
  BOOST_TEST(s.AddInterval(kMon, 1200, 1300) == "more than 4 intervals in a day");
  BOOST_TEST(s.Day(kMon)[0].open_min == 400);
  BOOST_TEST(ValidateSchedule(s).empty());
  WeeklySchedule bad = s;
  std::swap(bad.intervals[kMon][0], bad.intervals[kMon][1]);
  BOOST_TEST(!ValidateSchedule(bad).empty());
  bad = s;
  bad.interval_count[kTue] = 9;
  BOOST_TEST(!ValidateSchedule(bad).empty());
  bad = WeeklySchedule::AlwaysOpen();
  bad.interval_count[kTue] = 1;
  BOOST_TEST(!ValidateSchedule(bad).empty());
}
