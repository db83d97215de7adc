#define BOOST_TEST_MODULE dpd_pickup_points
#include "data-sync/dpd_pickup_points.h"

#include <boost/test/unit_test.hpp>

#include "data-sync/carrier_fields.h"
#include "data-sync/record_file.h"
#include "tests/engine/test_record_file.h"

using namespace relais;

BOOST_AUTO_TEST_CASE(fixture_maps_to_canonical_points) {
  const RecordFile file = ReadRecordFile("tests/fixtures/dpd_pickup_points.json", "dpd-json");
  BOOST_TEST_REQUIRE(file.error.empty(), file.error);
  BOOST_TEST(file.records == 7u);
  BOOST_TEST(file.points.size() == 4u);

  const RelayPoint& shop = ById(file, "FR12345");
  BOOST_TEST(shop.carrier == "dpd");
  BOOST_TEST((shop.kind == PointKind::kShop));
  BOOST_TEST(shop.name == "Tabac de la Gare");
  BOOST_TEST(shop.address.at(0) == "12 rue de la Gare");
  BOOST_TEST(shop.tz == "Europe/Paris");
  BOOST_TEST(shop.hours.Day(0).size() == 2u);  // Monday with its lunch break.
  BOOST_TEST(shop.hours.Day(0)[1].open_min == 14 * 60);
  BOOST_TEST(shop.hours.Day(5).size() == 1u);  // Saturday morning only ("0900"-"1230").
  BOOST_TEST(shop.hours.Day(5)[0].close_min == 12 * 60 + 30);
  BOOST_TEST(shop.hours.Day(6).empty());

  const RelayPoint& box = ById(file, "FR77001");
  BOOST_TEST((box.kind == PointKind::kLocker));
  BOOST_TEST(box.country == "FR");  // From "FRA".
  BOOST_TEST(box.hours.Day(0)[0].close_min == 24 * 60);

  BOOST_TEST(ById(file, "BE4410").tz == "Europe/Brussels");
  BOOST_TEST((ById(file, "BE4410").hours.kind == ScheduleKind::kUnknown));  // No hours published.

  // Hostile text is kept as text (display escapes it); an overseas postcode gets its own zone.
  const RelayPoint& guadeloupe = ById(file, "FR66666");
  BOOST_TEST(guadeloupe.name == "<script>alert(1)</script> & Fils");
  BOOST_TEST(guadeloupe.tz == "America/Guadeloupe");

  BOOST_TEST_REQUIRE(file.rejects.size() == 3u);
  BOOST_TEST(file.rejects[0].line == 4u);
  BOOST_TEST(file.rejects[0].rule == "pickup_network_type \"kiosk\" is neither pickup_point nor dpd_box");
  BOOST_TEST(file.rejects[1].line == 5u);
  BOOST_TEST(file.rejects[1].rule == "hours: openMorning/closeMorning must be HH:MM");
  BOOST_TEST(file.rejects[2].rule == "latitude/longitude must be numbers");
}

BOOST_AUTO_TEST_CASE(not_a_document) {
  BOOST_TEST(!ReadRecordFile("tests/fixtures/dpd_pickup_points.json", "dpd-xml").error.empty());
  BOOST_TEST(!ReadRecordFile("README.md", "dpd-json").error.empty());
  BOOST_TEST(ParseDpdPickupPoint(nlohmann::json::array()).error == "a pickup point is a JSON object");
  BOOST_TEST(DefaultZone("PT", "1000") == "Europe/Lisbon");
  BOOST_TEST(DefaultZone("ZZ", "1000") == "");
}
