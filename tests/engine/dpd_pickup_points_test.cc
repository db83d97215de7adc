#define BOOST_TEST_MODULE dpd_pickup_points
// DPD's getAll answers as recorded (tests/fixtures/carriers/dpd/SOURCE.md), read through ReadRecordFile.
#include "data-sync/dpd_pickup_points.h"

#include <boost/test/unit_test.hpp>

#include "data-sync/carrier_fields.h"
#include "data-sync/record_file.h"
#include "tests/engine/test_record_file.h"
#include "tests/engine/test_time.h"

using namespace relais;

namespace {
constexpr const char* kGetAll = "tests/fixtures/carriers/dpd/dpd_getall.json";
constexpr const char* kEdgeCases = "tests/fixtures/carriers/dpd/dpd_getall_nl_2025-11_edgecases.json";
}  // namespace

BOOST_AUTO_TEST_CASE(a_recorded_answer_maps_every_point) {
  const RecordFile file = ReadRecordFile(kGetAll, "dpd-json");
  BOOST_TEST_REQUIRE(file.error.empty(), file.error);
  BOOST_TEST(file.records == 14u);
  BOOST_TEST(file.points.size() == 14u);  // NL, BE and IT: country_id 528, 56, 380.

  const RelayPoint& shop = ById(file, "NL10008");
  BOOST_TEST(shop.carrier == "dpd");
  BOOST_TEST((shop.kind == PointKind::kShop));
  BOOST_TEST(shop.name == "Skyway Communication");
  BOOST_TEST(shop.address.at(0) == "NIEUWE BINNENWEG 319A");  // Street, then number, as the Dutch write it.
  BOOST_TEST(shop.postcode == "3021GH");
  BOOST_TEST(shop.city == "ROTTERDAM");
  BOOST_TEST(shop.country == "NL");
  BOOST_TEST(shop.tz == "Europe/Amsterdam");
  BOOST_TEST(shop.lat == 51.9127987);
  BOOST_TEST(shop.lon == 4.4575181);
  BOOST_TEST(shop.services == kReturns);
  BOOST_TEST_REQUIRE(shop.hours.Day(4).size() == 2u);  // Friday 10:00-14:00, 15:00-19:00.
  BOOST_TEST(shop.hours.Day(4)[1].open_min == 15 * 60);
  BOOST_TEST(shop.hours.Day(0).size() == 1u);
  BOOST_TEST(shop.hours.Day(6).empty());  // Four empty strings: closed on Sunday.

  // Sunday's only period is in the Morning fields though it is the evening.
  const RelayPoint& evening = ById(file, "NL10021");
  BOOST_TEST_REQUIRE(evening.hours.Day(6).size() == 1u);
  BOOST_TEST(evening.hours.Day(6)[0].open_min == 17 * 60);

  // A dpd_box published 00:01-23:59 every day is open around the clock.
  const RelayPoint& box = ById(file, "NL24116");
  BOOST_TEST((box.kind == PointKind::kLocker));
  BOOST_TEST((box.hours.kind == ScheduleKind::kAlwaysOpen));
  const TimeZoneRule amsterdam = testing::Zone("Europe/Amsterdam");
  const OpeningHours box_hours(box.hours, box.closures, amsterdam);
  const UnixSeconds late = testing::Local(amsterdam, 2026, 12, 3, 23, 59) + 30;
  BOOST_TEST(box_hours.IsOpenAt(late));
  BOOST_TEST(!box_hours.NextClosing(late).has_value());
  // A box in a shop keeps the shop's hours.
  BOOST_TEST((ById(file, "NL24117").hours.kind == ScheduleKind::kWeekly));

  BOOST_TEST(ById(file, "BE10027").address.at(0) == "STORMESTRAAT 95 A");
  BOOST_TEST(ById(file, "BE10027").tz == "Europe/Brussels");
  BOOST_TEST(ById(file, "BE29687").services == kLate);  // return_allowed 0; open until 21:00.
  const RelayPoint& kiosk = ById(file, "IT10005");
  BOOST_TEST(kiosk.tz == "Europe/Rome");
  BOOST_TEST(kiosk.address.at(0) == "VIA DE NICOLA (CHIOSCO). SNC");  // No house number.
  BOOST_TEST(ById(file, "IT10002").postcode == "12037");

  BOOST_TEST(file.rules.at("midnight_edges") == 1u);
  BOOST_TEST(file.rules.at("round_the_clock") == 1u);
}

BOOST_AUTO_TEST_CASE(overlapping_and_after_midnight_days_of_real_points_are_read_as_meant) {
  const RecordFile file = ReadRecordFile(kEdgeCases, "dpd-json");
  BOOST_TEST_REQUIRE(file.error.empty(), file.error);
  BOOST_TEST(file.points.size() == 8u);  // The older 24-field items read the same.
  BOOST_TEST(file.rejects.empty());

  // Thursday 08:30-18:00 + 13:00-18:00, Friday 08:30-20:00 + 13:00-18:00: their unions.
  const RelayPoint& village = ById(file, "NL22062");
  BOOST_TEST_REQUIRE(village.hours.Day(3).size() == 1u);
  BOOST_TEST(village.hours.Day(3)[0].open_min == 8 * 60 + 30);
  BOOST_TEST(village.hours.Day(3)[0].close_min == 18 * 60);
  BOOST_TEST(village.hours.Day(4)[0].close_min == 20 * 60);
  BOOST_TEST(village.hours.Day(0).size() == 2u);  // A real lunch break stays one.

  // Saturday 10:00-23:59 then 00:00-01:00: open until 01:00 on Sunday.
  const RelayPoint& late = ById(file, "NL23287");
  BOOST_TEST_REQUIRE(late.hours.Day(5).size() == 1u);
  BOOST_TEST(late.hours.Day(5)[0].close_min == 25 * 60);
  const TimeZoneRule amsterdam = testing::Zone("Europe/Amsterdam");
  const OpeningHours hours(late.hours, late.closures, amsterdam);
  BOOST_TEST(hours.IsOpenAt(testing::Local(amsterdam, 2026, 12, 5, 23, 59) + 30));  // Saturday 23:59:30.
  BOOST_TEST(hours.IsOpenAt(testing::Local(amsterdam, 2026, 12, 6, 0, 30)));
  BOOST_TEST(!hours.IsOpenAt(testing::Local(amsterdam, 2026, 12, 6, 1, 30)));

  BOOST_TEST((ById(file, "NL21456").hours.kind == ScheduleKind::kAlwaysOpen));  // 00:00-23:59 every day.
  // Thursday 00:01-23:59 + 13:30-17:00: the whole day.
  const RelayPoint& shoes = ById(file, "NL20479");
  BOOST_TEST_REQUIRE(shoes.hours.Day(3).size() == 1u);
  BOOST_TEST(shoes.hours.Day(3)[0].close_min == 24 * 60);
  BOOST_TEST(!ById(file, "NL24433").active);  // pickup_allowed 0: kept, inactive.

  BOOST_TEST(file.rules.at("overlapping_slots") == 2u);
  BOOST_TEST(file.rules.at("after_midnight") == 1u);
  BOOST_TEST(file.rules.at("round_the_clock") == 1u);
  BOOST_TEST(file.rules.at("pickup_not_allowed") == 1u);
}

BOOST_AUTO_TEST_CASE(damaged_points_are_rejected_with_their_rule) {
  const RecordFile file = ReadRecordFile("tests/fixtures/carriers/dpd/dpd_getall_damaged.json", "dpd-json");
  BOOST_TEST_REQUIRE(file.error.empty(), file.error);
  BOOST_TEST(file.records == 5u);
  BOOST_TEST(RuleOf(file, 1) == "country_id 999 is no ISO numeric country we know");
  BOOST_TEST(RuleOf(file, 2) == "pickup_network_type \"kiosk\" is neither pickup_point nor dpd_box");
  BOOST_TEST(RuleOf(file, 3) == "hours: openMorning/closeMorning must be HH:MM");
  BOOST_TEST(RuleOf(file, 4) == "latitude/longitude must be numbers");
  BOOST_TEST(ById(file, "BE10070").name == "<script>alert(1)</script> & Fils");  // Text, escaped on display.
}

BOOST_AUTO_TEST_CASE(answers_that_are_not_a_list_of_points_are_errors) {
  std::string error;
  BOOST_TEST(ReadDpdPickupPoints(R"({"status":"error","code":401,"count":0,"data":null})", &error).empty());
  BOOST_TEST(error == "DPD answered status \"error\" (code 401)");
  error.clear();
  BOOST_TEST(ReadDpdPickupPoints(R"({"status":"ok","code":200,"count":3,"data":{"items":[]}})", &error).empty());
  BOOST_TEST(error == "count says 3 points but the answer holds 0: a truncated download");
  error.clear();
  BOOST_TEST(ReadDpdPickupPoints(R"({"pickupPoints":[]})", &error).empty());
  BOOST_TEST(error.find("not a DPD pickup-point answer") == 0u, error);
  error.clear();
  BOOST_TEST(ReadDpdPickupPoints("[]", &error).empty());  // The items alone, as dumps store them.
  BOOST_TEST(error.empty());
  BOOST_TEST(!ReadRecordFile(kGetAll, "dpd-xml").error.empty());
  BOOST_TEST(!ReadRecordFile("README.md", "dpd-json").error.empty());
  BOOST_TEST(ParseDpdPickupPoint(nlohmann::json::array()).error == "a pickup point is a JSON object");
  BOOST_TEST(DefaultZone("PT", "1000") == "Europe/Lisbon");
  BOOST_TEST(DefaultZone("ZZ", "1000") == "");
  BOOST_TEST(CountryOfNumeric(528) == "NL");
  BOOST_TEST(CountryOfNumeric(250) == "FR");
}
