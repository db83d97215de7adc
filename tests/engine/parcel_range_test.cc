#define BOOST_TEST_MODULE parcel_range
// Numbers made from a carrier account's range: the worked examples of docs/carriers.md come out whole, and
// every number made passes the engine's own check (CheckParcelNumber), at both ends of each range.
#include "wasm/engine/parcel_range.h"

#include <boost/test/unit_test.hpp>

#include "wasm/engine/parcel_number.h"

using namespace relais;

BOOST_AUTO_TEST_CASE(worked_examples_come_out_whole) {
  BOOST_TEST(ParcelNumberOf({"colissimo", "8L", "", 0, 9'999'999'999}, 2052475203).value() == "8L20524752032");
  BOOST_TEST(ParcelNumberOf({"colissimo", "6A", "", 0, 9'999'999'999}, 4139207826).value() == "6A41392078260");
  BOOST_TEST(ParcelNumberOf({"upu-s10", "RB", "GB", 0, 99'999'999}, 12345678).value() == "RB123456785GB");
  BOOST_TEST(ParcelNumberOf({"upu-s10", "XP", "FR", 0, 99'999'999}, 69698248).value() == "XP696982485FR");
  BOOST_TEST(ParcelNumberOf({"dpd", "XP", "", 0, 999'999'999'999}, 696982485248).value() == "XP696982485248D");
  BOOST_TEST(ParcelNumberOf({"sscc-18", "1061414", "", 0, 9'999'999'999}, 1123456789).value() ==
             "00106141411234567897");
  BOOST_TEST(ParcelNumberOf({"mondial-relay", "", "", 10'000'000, 10'999'999}, 10'000'042).value() == "10000042");
}

BOOST_AUTO_TEST_CASE(every_number_of_a_range_passes_the_carriers_check) {
  const ParcelRange ranges[] = {
      {"colissimo", "6M", "", 1'000'000, 1'000'500},
      {"upu-s10", "RB", "FR", 5'000'000, 5'000'500},
      {"dpd", "0910", "", 12'345'000, 12'345'500},
      {"sscc-18", "3761234", "", 0, 500},
  };
  for (const ParcelRange& range : ranges) {
    for (uint64_t serial = range.first; serial <= range.last; ++serial) {
      const std::optional<std::string> number = ParcelNumberOf(range, serial);
      BOOST_TEST_REQUIRE(number.has_value(), range.scheme);
      const ParcelNumberCheck check = CheckParcelNumber(
          CarrierOfParcelScheme(range.scheme).empty() ? "dpd" : CarrierOfParcelScheme(range.scheme), *number);
      BOOST_TEST_REQUIRE(check.format == range.scheme, *number);
      BOOST_TEST_REQUIRE(check.valid, *number);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_range_never_wraps_and_says_what_is_wrong) {
  const ParcelRange small{"colissimo", "6A", "", 10, 12};
  BOOST_TEST(ParcelNumberOf(small, 12).has_value());
  BOOST_TEST(!ParcelNumberOf(small, 13).has_value());  // Exhausted: no number, never the first again.
  BOOST_TEST(!ParcelNumberOf(small, 9).has_value());
  BOOST_TEST(ValidateParcelRange({"gls", "", "", 0, 1}).find("scheme:") == 0u);
  BOOST_TEST(ValidateParcelRange({"colissimo", "6", "", 0, 1}) == "prefix: the product code is 2 capitals or digits");
  BOOST_TEST(ValidateParcelRange({"upu-s10", "R1", "FR", 0, 1}) == "prefix: the service indicator is 2 capitals");
  BOOST_TEST(ValidateParcelRange({"upu-s10", "RB", "", 0, 1}) == "country: 2 capitals (ISO alpha-2)");
  BOOST_TEST(ValidateParcelRange({"colissimo", "6A", "FR", 0, 1}) == "country: only an upu-s10 range has one");
  BOOST_TEST(ValidateParcelRange({"colissimo", "6A", "", 5, 4}) == "first: after last");
  BOOST_TEST(ValidateParcelRange({"upu-s10", "RB", "FR", 0, 100'000'000}) == "last: 8 digits at most");
  BOOST_TEST(ValidateParcelRange({"dpd", "0910", "", 0, 99'999'999'999}) == "last: 10 digits at most");
  BOOST_TEST(ValidateParcelRange({"mondial-relay", "1", "", 0, 1}).find("prefix:") == 0u);
  BOOST_TEST(ValidateParcelRange({"sscc-18", "376123A", "", 0, 1}).find("prefix:") == 0u);
}
