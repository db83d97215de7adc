#define BOOST_TEST_MODULE carrier_week
// The rules that read carriers' hours as they mean them (data-sync/carrier_week.h), judged by the engine's
// OpeningHours: what a shopper is told, not only the intervals.
#include "data-sync/carrier_week.h"

#include <boost/test/unit_test.hpp>

#include "tests/engine/test_time.h"
#include "wasm/engine/relay_point.h"

using namespace relais;
using relais::testing::Local;
using relais::testing::Zone;

namespace {

const TimeZoneRule kParis = Zone("Europe/Paris");

struct Built {
  std::string error;
  WeeklySchedule hours;
  std::vector<std::string> rules;
};

Built Build(const CarrierWeek& week) {
  Built b;
  b.error = week.Build(&b.hours, &b.rules);
  return b;
}

bool Has(const Built& b, const std::string& rule) {
  return std::find(b.rules.begin(), b.rules.end(), rule) != b.rules.end();
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_locker_published_until_23_59_every_day_is_open_around_the_clock) {
  for (const auto& [open, close] : {std::pair{0, 23 * 60 + 59}, {1, 23 * 60 + 59}, {0, 0 + 24 * 60}}) {
    CarrierWeek week;
    for (int d = 0; d < 7; ++d) week.AddSlot(d, open, close);
    const Built b = Build(week);
    BOOST_TEST_REQUIRE(b.error.empty(), b.error);
    BOOST_TEST((b.hours.kind == ScheduleKind::kAlwaysOpen));
    BOOST_TEST(Has(b, "round_the_clock"));
    const OpeningHours hours(b.hours, {}, kParis);
    const UnixSeconds late = Local(kParis, 2026, 12, 3, 23, 59) + 30;  // 23:59:30 on a Thursday.
    BOOST_TEST(hours.IsOpenAt(late));
    BOOST_TEST(!hours.NextClosing(late).has_value());
  }
}

BOOST_AUTO_TEST_CASE(a_day_cut_at_noon_from_00_01_to_23_59_is_one_whole_day) {
  CarrierWeek week;
  for (int d = 0; d < 7; ++d) {
    week.AddSlot(d, 1, 12 * 60);  // Colissimo's 24/7 points: 00:01-12:00 12:00-23:59.
    week.AddSlot(d, 12 * 60, 23 * 60 + 59);
  }
  const Built b = Build(week);
  BOOST_TEST_REQUIRE(b.error.empty(), b.error);
  BOOST_TEST((b.hours.kind == ScheduleKind::kAlwaysOpen));
  BOOST_TEST(Has(b, "midnight_edges"));
  BOOST_TEST(Has(b, "joined_slots"));
}

BOOST_AUTO_TEST_CASE(six_whole_days_stay_weekly_and_close_only_when_the_seventh_begins) {
  CarrierWeek week;
  for (int d = 0; d < 6; ++d) week.AddSlot(d, 0, 23 * 60 + 59);
  const Built b = Build(week);
  BOOST_TEST_REQUIRE(b.error.empty(), b.error);
  BOOST_TEST((b.hours.kind == ScheduleKind::kWeekly));
  BOOST_TEST(!Has(b, "round_the_clock"));
  const OpeningHours hours(b.hours, {}, kParis);
  // Thursday 23:59:30 is open, and the next closing is Sunday's midnight, not Thursday's.
  const UnixSeconds late = Local(kParis, 2026, 12, 3, 23, 59) + 30;
  BOOST_TEST(hours.IsOpenAt(late));
  BOOST_TEST(hours.NextClosing(late).value() == Local(kParis, 2026, 12, 6, 0, 0));
}

BOOST_AUTO_TEST_CASE(a_second_slot_inside_the_first_is_their_union) {
  CarrierWeek week;
  week.AddSlot(0, 8 * 60 + 30, 18 * 60);  // Seen in DPD's data: 08:30-18:00 then 13:00-18:00.
  week.AddSlot(0, 13 * 60, 18 * 60);
  week.AddSlot(1, 9 * 60, 12 * 60);  // Overlapping, not nested.
  week.AddSlot(1, 11 * 60, 19 * 60);
  const Built b = Build(week);
  BOOST_TEST_REQUIRE(b.error.empty(), b.error);
  BOOST_TEST(Has(b, "overlapping_slots"));
  BOOST_TEST_REQUIRE(b.hours.Day(0).size() == 1u);
  BOOST_TEST(b.hours.Day(0)[0].open_min == 8 * 60 + 30);
  BOOST_TEST(b.hours.Day(0)[0].close_min == 18 * 60);
  BOOST_TEST_REQUIRE(b.hours.Day(1).size() == 1u);
  BOOST_TEST(b.hours.Day(1)[0].close_min == 19 * 60);
}

BOOST_AUTO_TEST_CASE(a_slot_from_midnight_listed_after_the_evening_is_the_evening_going_on) {
  CarrierWeek week;
  week.AddSlot(4, 10 * 60, 23 * 60 + 59);  // Friday 10:00-23:59 then 00:00-01:00.
  week.AddSlot(4, 0, 60);
  week.AddSlot(5, 0, 60);  // Saturday, listed first: the early morning.
  week.AddSlot(5, 10 * 60, 20 * 60);
  const Built b = Build(week);
  BOOST_TEST_REQUIRE(b.error.empty(), b.error);
  BOOST_TEST(Has(b, "after_midnight"));
  BOOST_TEST_REQUIRE(b.hours.Day(4).size() == 1u);
  BOOST_TEST(b.hours.Day(4)[0].open_min == 10 * 60);
  BOOST_TEST(b.hours.Day(4)[0].close_min == 25 * 60);
  BOOST_TEST(b.hours.Day(5).size() == 2u);
  const OpeningHours hours(b.hours, {}, kParis);
  BOOST_TEST(hours.IsOpenAt(Local(kParis, 2026, 12, 5, 0, 30)));  // Saturday 00:30, Friday's evening.
  BOOST_TEST(!hours.IsOpenAt(Local(kParis, 2026, 12, 5, 2, 0)));
}

BOOST_AUTO_TEST_CASE(plain_hours_are_untouched_and_name_no_rule) {
  CarrierWeek week;
  week.AddSlot(0, 9 * 60, 12 * 60);
  week.AddSlot(0, 14 * 60, 19 * 60);
  week.AddSlot(1, 0, 0);             // The unused box.
  week.AddSlot(2, 22 * 60, 2 * 60);  // Past midnight, as written.
  const Built b = Build(week);
  BOOST_TEST_REQUIRE(b.error.empty(), b.error);
  BOOST_TEST(b.rules.empty());
  BOOST_TEST(b.hours.Day(0).size() == 2u);
  BOOST_TEST(b.hours.Day(1).empty());
  BOOST_TEST(b.hours.Day(2)[0].close_min == 26 * 60);
}

BOOST_AUTO_TEST_CASE(a_day_of_five_slots_is_refused_naming_the_day) {
  CarrierWeek week;
  for (int h = 8; h < 18; h += 2) week.AddSlot(3, h * 60, h * 60 + 60);
  const Built b = Build(week);
  BOOST_TEST(b.error == "thursday: more than 4 intervals in a day");
}

BOOST_AUTO_TEST_CASE(late_and_sunday_come_from_the_hours) {
  CarrierWeek week;
  week.AddSlot(0, 9 * 60, 19 * 60);  // Until 19:00 is not late.
  Built b = Build(week);
  BOOST_TEST(ServicesFromHours(b.hours) == 0);
  week.AddSlot(6, 10 * 60, 12 * 60);  // A Sunday morning.
  week.AddSlot(4, 14 * 60, 20 * 60);  // Friday until 20:00.
  b = Build(week);
  BOOST_TEST(ServicesFromHours(b.hours) == (kLate | kSunday));
  BOOST_TEST(ServicesFromHours(WeeklySchedule::AlwaysOpen()) == (kLate | kSunday));
  BOOST_TEST(ServicesFromHours(WeeklySchedule()) == 0);  // Unknown hours say nothing.
}
