#define BOOST_TEST_MODULE civil_time
#include "wasm/engine/civil_time.h"

#include <boost/test/unit_test.hpp>
#include <ctime>

using namespace relais;

BOOST_AUTO_TEST_CASE(days_round_trip_and_agree_with_the_c_library) {
  for (DayNumber d = -800000; d <= 800000; d += 37) {
    const CivilDate c = CivilFromDays(d);
    BOOST_TEST_REQUIRE(DaysFromCivil(c.year, c.month, c.day) == d);
  }
  // timegm is the independent oracle for the years we care about.
  for (int year = 1960; year <= 2100; ++year) {
    for (int month = 1; month <= 12; ++month) {
      std::tm tm{};
      tm.tm_year = year - 1900;
      tm.tm_mon = month - 1;
      tm.tm_mday = 28;
      const time_t t = timegm(&tm);
      BOOST_TEST_REQUIRE(DaysFromCivil(year, month, 28) * kSecondsPerDay == static_cast<int64_t>(t));
      BOOST_TEST_REQUIRE(WeekdayFromDays(DaysFromCivil(year, month, 28)) == (tm.tm_wday + 6) % 7);
    }
  }
}

BOOST_AUTO_TEST_CASE(known_dates) {
  BOOST_TEST(DaysFromCivil(1970, 1, 1) == 0);
  BOOST_TEST(WeekdayFromDays(0) == 3);  // Thursday.
  BOOST_TEST(FormatIsoDate(DaysFromCivil(2024, 2, 29)) == "2024-02-29");
  BOOST_TEST(FormatIsoDate(LastWeekdayOfMonth(2026, 3, 6)) == "2026-03-29");
  BOOST_TEST(FormatIsoDate(LastWeekdayOfMonth(2026, 10, 6)) == "2026-10-25");
  BOOST_TEST(FormatIsoDate(NthWeekdayOfMonth(2026, 3, 6, 2)) == "2026-03-08");
  BOOST_TEST(FormatIsoDate(NthWeekdayOfMonth(2026, 11, 6, 1)) == "2026-11-01");
  BOOST_TEST(DayOf(-1) == -1);
}

BOOST_AUTO_TEST_CASE(parsing_is_strict) {
  BOOST_TEST(ParseIsoDate("2026-08-03").value() == DaysFromCivil(2026, 8, 3));
  BOOST_TEST(!ParseIsoDate("2026-02-29"));
  BOOST_TEST(ParseIsoDate("2028-02-29").has_value());
  BOOST_TEST(!ParseIsoDate("2026-13-01"));
  BOOST_TEST(!ParseIsoDate("2026-1-01"));
  BOOST_TEST(!ParseIsoDate("2026-01-01x"));
  BOOST_TEST(ParseHhMm("09:30").value() == 570);
  BOOST_TEST(ParseHhMm("24:00").value() == 1440);
  BOOST_TEST(!ParseHhMm("24:01"));
  BOOST_TEST(!ParseHhMm("9:30"));
  BOOST_TEST(!ParseHhMm("09:60"));
  BOOST_TEST(FormatHhMm(570) == "09:30");
  BOOST_TEST(ParseLocalDateTime("2026-08-03T09:30").value() == DaysFromCivil(2026, 8, 3) * kSecondsPerDay + 570 * 60);
  BOOST_TEST(ParseLocalDateTime("2026-08-03T09:30:15").value() % 60 == 15);
  BOOST_TEST(!ParseLocalDateTime("2026-08-03T24:00"));
  BOOST_TEST(!ParseLocalDateTime("2026-08-03"));
}
