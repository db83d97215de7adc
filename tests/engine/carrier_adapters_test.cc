#define BOOST_TEST_MODULE carrier_adapters
// Mondial Relay, InPost, Relais Colis and Colissimo files, following each carrier's documented layout, read through
// ReadRecordFile: mapped fields, rejects with the record's place and rule, hostile text kept as text.
#include <boost/test/unit_test.hpp>
#include <fstream>

#include "data-sync/colissimo_points.h"
#include "data-sync/inpost_points.h"
#include "data-sync/mondial_relay_points.h"
#include "data-sync/record_file.h"
#include "data-sync/relais_colis_points.h"
#include "tests/engine/test_record_file.h"

using namespace relais;

BOOST_AUTO_TEST_CASE(mondial_relay_points_map_to_canonical_points) {
  const RecordFile file = ReadRecordFile("tests/fixtures/mondial_relay_points.xml", "mondial-relay-xml");
  BOOST_TEST_REQUIRE(file.error.empty(), file.error);
  BOOST_TEST(file.records == 6u);
  BOOST_TEST(file.points.size() == 3u);

  const RelayPoint& shop = ById(file, "066974");
  BOOST_TEST(shop.carrier == "mondial-relay");
  BOOST_TEST((shop.kind == PointKind::kShop));
  BOOST_TEST(shop.name == "TABAC DE LA GARE");
  BOOST_TEST(shop.address.size() == 1u);
  BOOST_TEST(shop.address.at(0) == "12 RUE DE LA GARE");
  BOOST_TEST(shop.lat == 50.6365);  // Decimal comma and zero padding.
  BOOST_TEST(shop.lon == 3.0705);
  BOOST_TEST(shop.tz == "Europe/Paris");
  BOOST_TEST(shop.hours.Day(0).size() == 2u);  // Lunch break.
  BOOST_TEST(shop.hours.Day(0)[1].open_min == 14 * 60);
  BOOST_TEST(shop.hours.Day(1).size() == 1u);  // 0000/0000: no second slot.
  BOOST_TEST(shop.hours.Day(2).empty());       // All four 0000: closed.
  BOOST_TEST(shop.hours.Day(5)[0].close_min == 12 * 60 + 30);
  BOOST_TEST(shop.hours.Day(6).empty());  // Empty element: closed.
  BOOST_TEST_REQUIRE(shop.closures.size() == 2u);
  BOOST_TEST(shop.closures[0].first_day == DaysFromCivil(2026, 8, 3));
  BOOST_TEST(shop.closures[0].last_day == DaysFromCivil(2026, 8, 21));
  BOOST_TEST(shop.closures[1].first_day == DaysFromCivil(2026, 12, 24));  // DD/MM/YYYY.

  const RelayPoint& bakery = ById(file, "020488");
  BOOST_TEST(bakery.name == "LE FOURNIL DE LA PLAGE");  // LgAdr1 + LgAdr2.
  BOOST_TEST(bakery.lon == -1.5586);
  BOOST_TEST_REQUIRE(bakery.hours.Day(0).size() == 1u);
  BOOST_TEST(bakery.hours.Day(0)[0].open_min == 6 * 60);  // A close of 0000 is the end of the day.
  BOOST_TEST(bakery.hours.Day(0)[0].close_min == 24 * 60);
  BOOST_TEST(bakery.hours.Day(1).empty());

  const RelayPoint& hostile = ById(file, "B00123");
  BOOST_TEST(hostile.name == "<script>alert(1)</script> & Fils");  // Text, escaped on display.
  BOOST_TEST(hostile.tz == "Europe/Brussels");
  BOOST_TEST((hostile.hours.kind == ScheduleKind::kUnknown));  // No Horaires_* at all.

  BOOST_TEST(RuleOf(file, 4) == "Latitude/Longitude must be decimal degrees");
  BOOST_TEST(RuleOf(file, 5) == "Horaires_Lundi: times are HHMM");
  BOOST_TEST(RuleOf(file, 6) == "closures: \"to\" is before \"from\"");  // The contract's rule.
}

BOOST_AUTO_TEST_CASE(mondial_relay_bad_documents_are_errors) {
  std::string error;
  BOOST_TEST(ReadMondialRelayPoints("<a><b></a>", &error).empty());
  BOOST_TEST(error.find("not XML") == 0u, error);
  error.clear();
  BOOST_TEST(ReadMondialRelayPoints("<Envelope><Body/></Envelope>", &error).empty());
  BOOST_TEST(error == "no PointRelais_Details element");
  // Nesting 200,000 elements deep neither overflows the stack nor hides a point.
  std::string deep;
  for (int i = 0; i < 200'000; ++i) deep += "<x>";
  deep += "<PointRelais_Details><Num>1</Num></PointRelais_Details>";
  for (int i = 0; i < 200'000; ++i) deep += "</x>";
  error.clear();
  const std::vector<AdaptedPoint> points = ReadMondialRelayPoints(deep, &error);
  BOOST_TEST(error.empty(), error);
  BOOST_TEST_REQUIRE(points.size() == 1u);
  BOOST_TEST(points[0].error == "Latitude/Longitude must be decimal degrees");
}

BOOST_AUTO_TEST_CASE(inpost_pages_map_to_canonical_points) {
  const RecordFile file = ReadRecordFile("tests/fixtures/inpost_points.jsonl", "inpost-json");
  BOOST_TEST_REQUIRE(file.error.empty(), file.error);
  BOOST_TEST(file.records == 6u);  // Two pages, three items each.
  BOOST_TEST(file.points.size() == 4u);

  const RelayPoint& locker = ById(file, "KRA010");
  BOOST_TEST(locker.carrier == "inpost");
  BOOST_TEST((locker.kind == PointKind::kLocker));
  BOOST_TEST(locker.name == "InPost KRA010");
  BOOST_TEST(locker.address.at(0) == "Wita Stwosza 10");
  BOOST_TEST(locker.address.at(1) == "przy markecie Żabka");
  BOOST_TEST(locker.postcode == "31-511");
  BOOST_TEST(locker.country == "PL");
  BOOST_TEST(locker.tz == "Europe/Warsaw");
  BOOST_TEST((locker.hours.kind == ScheduleKind::kAlwaysOpen));
  BOOST_TEST(locker.services == (kReturns | kCard | kAccessible));
  BOOST_TEST(locker.active);

  const RelayPoint& shop = ById(file, "WAW22P");
  BOOST_TEST((shop.kind == PointKind::kShop));
  BOOST_TEST(shop.address.at(0) == "Marszałkowska 1/2");
  BOOST_TEST(shop.hours.Day(0).size() == 2u);
  BOOST_TEST(shop.hours.Day(0)[0].close_min == 12 * 60);
  BOOST_TEST(shop.hours.Day(2).empty());
  BOOST_TEST(shop.hours.Day(6).empty());
  BOOST_TEST(shop.hours.Day(5)[0].open_min == 9 * 60);

  BOOST_TEST(!ById(file, "POZ01M").active);  // NonOperating: kept, inactive.
  const RelayPoint& paris = ById(file, "FR-PAR01");
  BOOST_TEST(paris.country == "FR");  // The item's own country wins.
  BOOST_TEST(paris.tz == "Europe/Paris");
  BOOST_TEST(paris.active);  // Overloaded is still operating.

  BOOST_TEST(RuleOf(file, 4) == "type holds neither parcel_locker nor pop");
  BOOST_TEST(RuleOf(file, 5) == "operating_hours_extended: monday slots are {start, end} in minutes");
}

BOOST_AUTO_TEST_CASE(inpost_single_page_and_bad_documents) {
  std::string error;
  const std::vector<AdaptedPoint> one = ReadInPostPoints(
      R"({"items": [{"name": "A1", "type": ["pop"], "location": {"latitude": 50.1, "longitude": 19.9}}]})", "PL",
      &error);
  BOOST_TEST(error.empty(), error);
  BOOST_TEST_REQUIRE(one.size() == 1u);
  BOOST_TEST(one[0].error.empty(), one[0].error);
  BOOST_TEST((one[0].point.hours.kind == ScheduleKind::kUnknown));
  BOOST_TEST(ReadInPostPoints("{\"items\": 3}", "PL", &error).empty());
  BOOST_TEST(error.find("not an InPost points document") == 0u, error);
  error.clear();
  BOOST_TEST(ReadInPostPoints("{\"items\": []}\nnot json\n", "PL", &error).empty());
  BOOST_TEST(error == "not JSON (line 2)");
  BOOST_TEST(ReadRecordFile("tests/fixtures/inpost_points.jsonl", "inpost-xml").error.find("unknown format") == 0u);
}

BOOST_AUTO_TEST_CASE(relais_colis_points_map_to_canonical_points) {
  const RecordFile file = ReadRecordFile("tests/fixtures/relais_colis_points.json", "relais-colis-json");
  BOOST_TEST_REQUIRE(file.error.empty(), file.error);
  BOOST_TEST(file.records == 10u);
  BOOST_TEST(file.points.size() == 5u);

  const RelayPoint& city = ById(file, "G40A5");
  BOOST_TEST(city.carrier == "relais-colis");
  BOOST_TEST((city.kind == PointKind::kShop));
  BOOST_TEST(city.name == "CARREFOUR CITY CENTRE");
  BOOST_TEST(city.country == "FR");  // Alpha-3 "FRA".
  BOOST_TEST(city.lat == 45.1891);
  BOOST_TEST(city.tz == "Europe/Paris");
  BOOST_TEST(city.active);
  BOOST_TEST(city.max_weight_g == kRelaisColisMaxWeightBigG);  // Relaismax "1".
  BOOST_TEST_REQUIRE(city.hours.Day(0).size() == 1u);          // 08:00-12:00 + 12:00-21:00: one interval.
  BOOST_TEST(city.hours.Day(0)[0].open_min == 8 * 60);
  BOOST_TEST(city.hours.Day(0)[0].close_min == 21 * 60);
  BOOST_TEST(city.hours.Day(1).size() == 2u);  // A real lunch break.
  BOOST_TEST(city.hours.Day(1)[1].close_min == 19 * 60 + 45);
  BOOST_TEST(city.hours.Day(2).empty());       // "-" and "-".
  BOOST_TEST(city.hours.Day(5).size() == 1u);  // Empty afternoon.
  BOOST_TEST(city.hours.Day(6)[0].open_min == 10 * 60);
  BOOST_TEST_REQUIRE(city.closures.size() == 1u);  // Created 06/10/2023, first parcel 08/10/2023.
  BOOST_TEST(city.closures[0].first_day == DaysFromCivil(2023, 10, 6));
  BOOST_TEST(city.closures[0].last_day == DaysFromCivil(2023, 10, 7));

  const RelayPoint& holidays = ById(file, "C73B2");
  BOOST_TEST(holidays.lon == 5.9186);  // Numbers accepted too.
  BOOST_TEST(holidays.address.size() == 2u);
  BOOST_TEST(holidays.max_weight_g == kRelaisColisMaxWeightG);
  BOOST_TEST(holidays.hours.Day(0).size() == 2u);
  BOOST_TEST(holidays.hours.Day(3).empty());           // Days not given: closed.
  BOOST_TEST_REQUIRE(holidays.closures.size() == 1u);  // Closed 01/08, first parcel again 24/08.
  BOOST_TEST(holidays.closures[0].first_day == DaysFromCivil(2026, 8, 1));
  BOOST_TEST(holidays.closures[0].last_day == DaysFromCivil(2026, 8, 23));

  const RelayPoint& locker = ById(file, "L0042");
  BOOST_TEST((locker.kind == PointKind::kLocker));
  BOOST_TEST(locker.lat == 45.7606);  // Decimal comma.
  BOOST_TEST((locker.hours.kind == ScheduleKind::kUnknown));
  BOOST_TEST_REQUIRE(locker.closures.size() == 1u);  // Not open before its first parcel day.
  BOOST_TEST(locker.closures[0].last_day == DaysFromCivil(2026, 11, 30));

  BOOST_TEST(!ById(file, "P1111").active);  // Closing date, no reopening: kept, inactive.
  BOOST_TEST(ById(file, "P1111").closures.empty());
  BOOST_TEST(!ById(file, "B7777").active);  // Depositaireetat other than "A".

  BOOST_TEST(RuleOf(file, 5) == "Lat/Lon must be decimal degrees");
  BOOST_TEST(RuleOf(file, 6) == "Horairelundimatin must be HH:MM-HH:MM or -");
  BOOST_TEST(RuleOf(file, 7) == "Datefermeture must be DD/MM/YYYY");
  BOOST_TEST(RuleOf(file, 8) == "no time zone known for country \"XYZ\"");
  BOOST_TEST(RuleOf(file, 9) == "id is empty");  // The contract's rule.
}

BOOST_AUTO_TEST_CASE(relais_colis_bad_documents_are_errors) {
  std::string error;
  BOOST_TEST(ReadRelaisColisPoints("{\"Relais\": 3}", &error).empty());
  BOOST_TEST(error.find("not a Relais Colis document") == 0u, error);
  error.clear();
  BOOST_TEST(ReadRelaisColisPoints("[{\"Xeett\": ", &error).empty());  // Truncated download.
  BOOST_TEST(!error.empty());
  error.clear();
  const std::vector<AdaptedPoint> points = ReadRelaisColisPoints("[7]", &error);
  BOOST_TEST(error.empty(), error);
  BOOST_TEST_REQUIRE(points.size() == 1u);
  BOOST_TEST(points[0].error == "a relay point is a JSON object");
}

BOOST_AUTO_TEST_CASE(colissimo_points_map_to_canonical_points) {
  const RecordFile file = ReadRecordFile("tests/fixtures/colissimo_points.xml", "colissimo-xml");
  BOOST_TEST_REQUIRE(file.error.empty(), file.error);
  BOOST_TEST(file.records == 8u);
  BOOST_TEST(file.points.size() == 3u);

  const RelayPoint& office = ById(file, "750010");
  BOOST_TEST(office.carrier == "colissimo");
  BOOST_TEST((office.kind == PointKind::kPostOffice));  // BPR.
  BOOST_TEST(office.name == "PARIS LOUVRE");
  BOOST_TEST(office.address.size() == 1u);  // Empty adresse2/3 dropped.
  BOOST_TEST(office.max_weight_g == 30000u);
  BOOST_TEST(office.services == kAccessible);
  BOOST_TEST_REQUIRE(office.hours.Day(0).size() == 1u);  // 00:00-00:00: no second slot.
  BOOST_TEST(office.hours.Day(0)[0].close_min == 20 * 60);
  BOOST_TEST(office.hours.Day(6).empty());
  BOOST_TEST_REQUIRE(office.closures.size() == 1u);
  BOOST_TEST(office.closures[0].first_day == DaysFromCivil(2026, 12, 24));  // The local date of the date-time.
  BOOST_TEST(office.closures[0].last_day == DaysFromCivil(2026, 12, 26));

  const RelayPoint& shop = ById(file, "987654");
  BOOST_TEST((shop.kind == PointKind::kShop));             // A2P.
  BOOST_TEST(shop.country == "FR");                        // Alpha-3.
  BOOST_TEST(shop.name == "<b>PRESSING</b> \"L'OPERA\"");  // Text, escaped on display.
  BOOST_TEST(shop.services == kParking);
  BOOST_TEST(shop.hours.Day(0).size() == 2u);
  BOOST_TEST_REQUIRE(shop.hours.Day(1).size() == 1u);  // 09:30-12:30 12:30-19:00: continuous.
  BOOST_TEST(shop.hours.Day(1)[0].close_min == 19 * 60);
  BOOST_TEST(shop.hours.Day(2).empty());  // Blank: closed.
  BOOST_TEST(shop.closures.size() == 2u);

  const RelayPoint& locker = ById(file, "BE1060");
  BOOST_TEST((locker.kind == PointKind::kLocker));  // CIT.
  BOOST_TEST(locker.tz == "Europe/Brussels");
  BOOST_TEST((locker.hours.kind == ScheduleKind::kUnknown));  // No horairesOuverture* at all.

  BOOST_TEST(RuleOf(file, 4) == "coordGeolocalisationLatitude/Longitude must be decimal degrees");
  BOOST_TEST(RuleOf(file, 5) == "typeDePoint \"XYZ\" is not a known Colissimo point type");
  BOOST_TEST(RuleOf(file, 6) == "poidsMaxi must be a whole number of grams");
  BOOST_TEST(RuleOf(file, 7) == "horairesOuvertureLundi must be HH:MM-HH:MM ranges");
  BOOST_TEST(RuleOf(file, 8) == "closures: \"to\" is before \"from\"");  // The contract's rule.
}

BOOST_AUTO_TEST_CASE(colissimo_bad_documents_are_errors) {
  std::string error;
  BOOST_TEST(ReadColissimoPoints("<return><listePointRetraitAcheminement>", &error).empty());
  BOOST_TEST(error.find("not XML") == 0u, error);
  error.clear();
  BOOST_TEST(ReadColissimoPoints("<return><errorCode>301</errorCode></return>", &error).empty());
  BOOST_TEST(error == "no listePointRetraitAcheminement element");
}
