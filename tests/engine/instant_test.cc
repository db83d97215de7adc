#define BOOST_TEST_MODULE instant
#include "wasm/engine/instant.h"

#include <boost/test/unit_test.hpp>
#include <limits>

using namespace relais;

namespace {

// 2026-11-26T10:00:00Z.
constexpr UnixSeconds kThursdayTen = DaysFromCivil(2026, 11, 26) * kSecondsPerDay + 10 * 3600;

// What ParseInstant reads, or the lowest instant for a refusal (Boost.Test prints no optional).
UnixSeconds Read(std::string_view text) { return ParseInstant(text).value_or(std::numeric_limits<UnixSeconds>::min()); }

}  // namespace

BOOST_AUTO_TEST_CASE(utc_and_offsets_name_the_same_instant) {
  BOOST_TEST(Read("2026-11-26T10:00:00Z") == kThursdayTen);
  BOOST_TEST(Read("2026-11-26T11:00:00+01:00") == kThursdayTen);
  BOOST_TEST(Read("2026-11-26T05:30:00-04:30") == kThursdayTen);
  BOOST_TEST(Read("2026-11-26T10:00:00-00:00") == kThursdayTen);
  BOOST_TEST(Read("2026-11-26T10:00Z") == kThursdayTen);     // Seconds are optional.
  BOOST_TEST(Read("2026-11-26 10:00:00Z") == kThursdayTen);  // RFC 3339's space.
  // An offset crosses the date line both ways.
  BOOST_TEST(Read("2026-11-27T00:00:00+14:00") == kThursdayTen);
  BOOST_TEST(Read("2026-11-25T16:00:00-18:00") == kThursdayTen);
}

BOOST_AUTO_TEST_CASE(fractions_after_seconds_are_dropped) {
  BOOST_TEST(Read("2026-11-26T10:00:00.5Z") == kThursdayTen);
  BOOST_TEST(Read("2026-11-26T10:00:00.999+00:00") == kThursdayTen);
  BOOST_TEST(Read("2026-11-26T11:00:00.123456789+01:00") == kThursdayTen);
  BOOST_TEST(!ParseInstant("2026-11-26T10:00:00.1234567890Z"));  // More than nanoseconds.
  BOOST_TEST(!ParseInstant("2026-11-26T10:00:00.Z"));
  BOOST_TEST(!ParseInstant("2026-11-26T10:00:00.5aZ"));
  BOOST_TEST(!ParseInstant("2026-11-26T10:00.5Z"));  // A fraction of a minute.
}

BOOST_AUTO_TEST_CASE(everything_else_is_refused) {
  for (const char* text :
       {"", "Z", "2026-11-26T10:00:00", "2026-11-26", "2026-11-26T10:00:00z", "2026-11-26T10:00:00+0100",
        "2026-11-26T10:00:00+1", "2026-11-26T10:00:00+18:01", "2026-11-26T10:00:00-19:00", "2026-11-26T10:00:00+01:60",
        "2026-11-26T24:00:00Z", "2026-11-26T10:60:00Z", "2026-11-26T10:00:60Z", "2026-02-29T10:00:00Z",
        "2026-11-26X10:00:00Z", "2026-11-26T10:00:00 Z", " 2026-11-26T10:00:00Z", "2026-11-26T10:00:00+01:00Z",
        "+01:00"}) {
    BOOST_TEST(!ParseInstant(text), text);
  }
  BOOST_TEST(ParseInstant("2028-02-29T10:00:00Z").has_value());  // A leap year's day is a real date.
}

BOOST_AUTO_TEST_CASE(formatting_shows_the_wall_clock_and_reads_back) {
  BOOST_TEST(FormatInstant(kThursdayTen, 0) == "2026-11-26T10:00:00+00:00");
  BOOST_TEST(FormatInstant(kThursdayTen, 3600) == "2026-11-26T11:00:00+01:00");
  BOOST_TEST(FormatInstant(kThursdayTen, -16200) == "2026-11-26T05:30:00-04:30");
  BOOST_TEST(FormatInstant(kThursdayTen, 14 * 3600) == "2026-11-27T00:00:00+14:00");
  BOOST_TEST(FormatInstant(-1, 0) == "1969-12-31T23:59:59+00:00");
  for (UnixSeconds t = -kSecondsPerDay * 400; t < kSecondsPerDay * 40000; t += kSecondsPerDay * 7 + 3601) {
    for (const int32_t offset : {0, 3600, 7200, -18000, 19800, -12 * 3600}) {
      BOOST_TEST_REQUIRE(Read(FormatInstant(t, offset)) == t);
    }
  }
}
