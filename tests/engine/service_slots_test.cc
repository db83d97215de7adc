#define BOOST_TEST_MODULE service_slots
// A collection service's slots: cut from its hours, none on closed dates, cut-offs in the site's zone.
#include "wasm/engine/service_slots.h"

#include <boost/test/unit_test.hpp>
#include <vector>

#include "tests/engine/test_time.h"

using namespace relais;
using relais::testing::Local;
using relais::testing::Zone;

namespace {

const TimeZoneRule kParis = Zone("Europe/Paris");

// A drive open Monday 10:00-12:30 and 14:00-19:00, Saturday 08:00-20:00.
WeeklySchedule DriveHours() {
  WeeklySchedule s = WeeklySchedule::Weekly();
  BOOST_TEST_REQUIRE(s.AddInterval(0, 600, 750).empty());
  BOOST_TEST_REQUIRE(s.AddInterval(0, 840, 1140).empty());
  BOOST_TEST_REQUIRE(s.AddInterval(5, 480, 1200).empty());
  return s;
}

std::vector<std::string> Labels(const std::vector<ServiceSlot>& slots) {
  std::vector<std::string> out;
  for (const ServiceSlot& s : slots) out.push_back(SlotLabel(s));
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(slots_are_cut_from_each_interval_and_fit_whole) {
  const WeeklySchedule hours = DriveHours();
  const DayNumber monday = DaysFromCivil(2026, 12, 7);
  const std::vector<ServiceSlot> slots = SlotsOfDay(hours, {}, kParis, monday, {60, 4, 120});
  // 12:00-13:00 would end after the 12:30 close: not offered.
  const std::vector<std::string> expected = {"10:00-11:00", "11:00-12:00", "14:00-15:00", "15:00-16:00",
                                             "16:00-17:00", "17:00-18:00", "18:00-19:00"};
  BOOST_TEST(Labels(slots) == expected, boost::test_tools::per_element());
  // The instants are the site's wall clock (Paris is UTC+1 in December); the cut-off two hours before.
  BOOST_TEST(slots[0].start == Local(kParis, 2026, 12, 7, 10, 0));
  BOOST_TEST(slots[0].cutoff == Local(kParis, 2026, 12, 7, 8, 0));
  // Half-hour slots of the same morning.
  BOOST_TEST(SlotsOfDay(hours, {}, kParis, monday, {30, 1, 0}).size() == 5u + 10u);
  // Tuesday: no hours, no slot.
  BOOST_TEST(SlotsOfDay(hours, {}, kParis, monday + 1, {60, 1, 0}).empty());
}

BOOST_AUTO_TEST_CASE(closures_summer_time_and_services_without_hours) {
  const WeeklySchedule hours = DriveHours();
  const DayNumber saturday = DaysFromCivil(2026, 12, 12);
  const ClosurePeriod closed[] = {{saturday, saturday}};
  BOOST_TEST(SlotsOfDay(hours, closed, kParis, saturday, {60, 1, 0}).empty());
  BOOST_TEST(SlotsOfDay(hours, closed, kParis, saturday + 7, {60, 1, 0}).size() == 12u);
  // In July Paris is UTC+2: 08:00 local is 06:00 UTC.
  const DayNumber july = DaysFromCivil(2027, 7, 3);  // A Saturday.
  BOOST_TEST(SlotsOfDay(hours, {}, kParis, july, {60, 1, 0})[0].start == testing::Utc(2027, 7, 3, 6, 0));
  // Unknown hours: nothing to book. Always open: cut from midnight.
  BOOST_TEST(SlotsOfDay(WeeklySchedule(), {}, kParis, saturday, {60, 1, 0}).empty());
  BOOST_TEST(SlotsOfDay(WeeklySchedule::AlwaysOpen(), {}, kParis, saturday, {120, 1, 0}).size() == 12u);
  // A length out of range gives none rather than thousands.
  BOOST_TEST(SlotsOfDay(hours, {}, kParis, saturday, {0, 1, 0}).empty());
}

BOOST_AUTO_TEST_CASE(a_slot_is_found_by_its_start_or_its_label) {
  const WeeklySchedule hours = DriveHours();
  const DayNumber monday = DaysFromCivil(2026, 12, 7);
  const SlotRule rule{60, 1, 0};
  BOOST_TEST(ParseSlotTimes("14:00").has_value());
  BOOST_TEST(ParseSlotTimes("14:00-15:00")->end_min == 900);
  BOOST_TEST(ParseSlotTimes("23:00-00:00")->end_min == 1440);
  BOOST_TEST(!ParseSlotTimes("2pm").has_value());
  BOOST_TEST(!ParseSlotTimes("24:00").has_value());
  BOOST_TEST(FindSlot(hours, {}, kParis, monday, rule, *ParseSlotTimes("14:00")).has_value());
  BOOST_TEST(FindSlot(hours, {}, kParis, monday, rule, *ParseSlotTimes("14:00-15:00")).has_value());
  BOOST_TEST(!FindSlot(hours, {}, kParis, monday, rule, *ParseSlotTimes("14:00-16:00")).has_value());
  BOOST_TEST(!FindSlot(hours, {}, kParis, monday, rule, *ParseSlotTimes("14:30")).has_value());
  BOOST_TEST(!FindSlot(hours, {}, kParis, monday, rule, *ParseSlotTimes("12:00")).has_value());
}

BOOST_AUTO_TEST_CASE(a_late_interval_gives_its_slots_after_midnight_to_the_next_date) {
  WeeklySchedule late = WeeklySchedule::Weekly();
  BOOST_TEST_REQUIRE(late.AddInterval(0, 20 * 60, 2 * 60).empty());  // Monday 20:00 to Tuesday 02:00.
  const DayNumber monday = DaysFromCivil(2026, 12, 7);
  const SlotRule rule{60, 1, 0};
  const std::vector<std::string> evening = {"20:00-21:00", "21:00-22:00", "22:00-23:00", "23:00-00:00"};
  BOOST_TEST(Labels(SlotsOfDay(late, {}, kParis, monday, rule)) == evening, boost::test_tools::per_element());
  const std::vector<ServiceSlot> night = SlotsOfDay(late, {}, kParis, monday + 1, rule);
  const std::vector<std::string> after = {"00:00-01:00", "01:00-02:00"};
  BOOST_TEST(Labels(night) == after, boost::test_tools::per_element());
  BOOST_TEST(night[1].day == monday + 1);
  BOOST_TEST(night[1].start == Local(kParis, 2026, 12, 8, 1, 0));
  BOOST_TEST(FindSlot(late, {}, kParis, monday + 1, rule, *ParseSlotTimes("01:00")).has_value());
  // A closed Monday: no evening, and no night after it either; a closed Tuesday keeps Monday's evening only.
  const ClosurePeriod monday_closed[] = {{monday, monday}};
  BOOST_TEST(SlotsOfDay(late, monday_closed, kParis, monday + 1, rule).empty());
  const ClosurePeriod tuesday_closed[] = {{monday + 1, monday + 1}};
  BOOST_TEST(SlotsOfDay(late, tuesday_closed, kParis, monday, rule).size() == 4u);
  BOOST_TEST(SlotsOfDay(late, tuesday_closed, kParis, monday + 1, rule).empty());
  // A slot straddling midnight keeps its date, its end wrapping: 23:00-00:30 is Monday's.
  const std::vector<ServiceSlot> half = SlotsOfDay(late, {}, kParis, monday, {90, 1, 0});
  BOOST_TEST(SlotLabel(half.back()) == "23:00-00:30");
}
