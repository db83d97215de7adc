#define BOOST_TEST_MODULE carrier_adapters
// Mondial Relay, Relais Colis and Colissimo files, following each carrier's documented layout, read through
// ReadRecordFile: mapped fields, rejects with the record's place and rule, hostile text kept as text.
#include <boost/test/unit_test.hpp>
#include <fstream>

#include "data-sync/colissimo_points.h"
#include "data-sync/mondial_relay_points.h"
#include "data-sync/record_file.h"
#include "data-sync/relais_colis_points.h"
#include "tests/engine/test_record_file.h"

using namespace relais;

BOOST_AUTO_TEST_CASE(mondial_relay_recorded_answer_maps_every_point) {
  // A real WSI4_PointRelais_Recherche answer around Villeurbanne, recorded 2025-03-17
  // (tests/fixtures/carriers/mondial-relay/SOURCE.md): padded values, comma decimals, self-closing elements.
  const RecordFile file =
      ReadRecordFile("tests/fixtures/carriers/mondial-relay/wsi4_recherche.xml", "mondial-relay-xml");
  BOOST_TEST_REQUIRE(file.error.empty(), file.error);
  BOOST_TEST(file.records == 10u);
  BOOST_TEST(file.points.size() == 10u);

  const RelayPoint& shop = ById(file, "005680");
  BOOST_TEST(shop.carrier == "mondial-relay");
  BOOST_TEST((shop.kind == PointKind::kShop));
  BOOST_TEST(shop.name == "BUREAU COPY");  // Padding trimmed; <LgAdr2 /> adds nothing.
  BOOST_TEST(shop.address.size() == 1u);
  BOOST_TEST(shop.address.at(0) == "31 COURS ANDRE PHILIP");
  BOOST_TEST(shop.city == "VILLEURBANNE");
  BOOST_TEST(shop.lat == 45.772845);
  BOOST_TEST(shop.lon == 4.863041);
  BOOST_TEST(shop.tz == "Europe/Paris");
  BOOST_TEST_REQUIRE(shop.hours.Day(0).size() == 2u);  // 0900 1230 1400 1830.
  BOOST_TEST(shop.hours.Day(0)[1].close_min == 18 * 60 + 30);
  BOOST_TEST(shop.hours.Day(5).size() == 1u);  // 0930 1300 0000 0000.
  BOOST_TEST(shop.hours.Day(6).empty());

  // Information LOCKER is the locker flag, whatever the name; 0001-2359 every day is around the clock.
  const RelayPoint& eni = ById(file, "030613");
  BOOST_TEST((eni.kind == PointKind::kLocker));
  BOOST_TEST((eni.hours.kind == ScheduleKind::kAlwaysOpen));
  BOOST_TEST((ById(file, "021487").hours.kind == ScheduleKind::kAlwaysOpen));
  // A locker in a shop keeps the shop's hours.
  const RelayPoint& market = ById(file, "022566");
  BOOST_TEST((market.kind == PointKind::kLocker));
  BOOST_TEST(market.hours.Day(0)[0].close_min == 22 * 60 + 30);
  const RelayPoint& vaulx = ById(file, "026485");
  BOOST_TEST(vaulx.hours.Day(4).size() == 2u);  // Friday 0830 1215 1430 2100.
  BOOST_TEST_REQUIRE(vaulx.closures.size() == 1u);
  BOOST_TEST(vaulx.closures[0].first_day == DaysFromCivil(2025, 3, 13));
  BOOST_TEST(vaulx.closures[0].last_day == DaysFromCivil(2025, 3, 18));
  BOOST_TEST((ById(file, "029723").kind == PointKind::kShop));
  BOOST_TEST(ById(file, "029723").hours.Day(6)[0].open_min == 14 * 60);  // Open on Sunday afternoon.

  BOOST_TEST(file.rules.at("locker_by_information") == 5u);
  BOOST_TEST(file.rules.at("round_the_clock") == 3u);
  BOOST_TEST(file.rules.at("midnight_edges") == 3u);
}

BOOST_AUTO_TEST_CASE(mondial_relay_negative_longitudes_and_location_lines) {
  const RecordFile file = ReadRecordFile(
      "tests/fixtures/carriers/mondial-relay/wsi4_recherche_negative_longitude.RECONSTRUCTED.xml", "mondial-relay-xml");
  BOOST_TEST_REQUIRE(file.error.empty(), file.error);
  const RelayPoint& caen = ById(file, "098116");
  BOOST_TEST(caen.lon == -0.3776704);                                           // "-00,3776704".
  BOOST_TEST(caen.address.back() == "QUARTIER ST OUEN");                        // Localisation1: where to find it.
  BOOST_TEST((caen.hours.kind == ScheduleKind::kUnknown));                      // Its hours were not recorded.
  BOOST_TEST(RuleOf(file, 2) == "Latitude/Longitude must be decimal degrees");  // A point with no coordinates.
}

BOOST_AUTO_TEST_CASE(mondial_relay_damaged_points_are_rejected_with_their_rule) {
  const RecordFile file =
      ReadRecordFile("tests/fixtures/carriers/mondial-relay/wsi4_recherche_damaged.xml", "mondial-relay-xml");
  BOOST_TEST_REQUIRE(file.error.empty(), file.error);
  BOOST_TEST(file.records == 4u);
  BOOST_TEST(RuleOf(file, 1) == "Latitude/Longitude must be decimal degrees");
  BOOST_TEST(RuleOf(file, 2) == "Horaires_Lundi: times are HHMM");
  BOOST_TEST(RuleOf(file, 3) == "closures: \"to\" is before \"from\"");         // The contract's rule.
  BOOST_TEST(ById(file, "070424").name == "<script>alert(1)</script> & Fils");  // Text, escaped on display.
}

BOOST_AUTO_TEST_CASE(mondial_relay_bad_documents_are_errors) {
  std::string error;
  BOOST_TEST(ReadMondialRelayPoints("<a><b></a>", &error).empty());
  BOOST_TEST(error.find("not XML") == 0u, error);
  error.clear();
  BOOST_TEST(ReadMondialRelayPoints("<Envelope><Body/></Envelope>", &error).empty());
  BOOST_TEST(error == "no PointRelais_Details element");
  error.clear();
  BOOST_TEST(ReadMondialRelayPoints("<r><STAT>97</STAT><PointsRelais /></r>", &error).empty());
  BOOST_TEST(error == "Mondial Relay answered STAT 97");
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

BOOST_AUTO_TEST_CASE(relais_colis_recorded_points_map_to_canonical_points) {
  // The two real points recorded by an integration (tests/fixtures/carriers/relais-colis/SOURCE.md), once with
  // numbers as numbers and once with every value a string: the service's typing is not known for sure.
  for (const char* path : {"tests/fixtures/carriers/relais-colis/poislist.json",
                           "tests/fixtures/carriers/relais-colis/poislist_all_strings.json"}) {
    BOOST_TEST_CONTEXT(path) {
      const RecordFile file = ReadRecordFile(path, "relais-colis-json");
      BOOST_TEST_REQUIRE(file.error.empty(), file.error);
      BOOST_TEST(file.records == 2u);
      BOOST_TEST(file.points.size() == 2u);

      const RelayPoint& city = ById(file, "G40A5");
      BOOST_TEST(city.carrier == "relais-colis");
      BOOST_TEST((city.kind == PointKind::kShop));
      BOOST_TEST(city.name == "CARREFOUR CITY CENTRE");
      BOOST_TEST(city.address.size() == 1u);  // Empty Complementadresse dropped.
      BOOST_TEST(city.address.at(0) == "9 RUE GUETAL");
      BOOST_TEST(city.country == "FR");  // Alpha-3 "FRA".
      BOOST_TEST(city.lat == 45.1891);
      BOOST_TEST(city.lon == 5.72674);
      BOOST_TEST(city.tz == "Europe/Paris");
      BOOST_TEST(city.active);
      BOOST_TEST(city.max_weight_g == kRelaisColisMaxWeightG);  // Relaismax 0.
      BOOST_TEST_REQUIRE(city.hours.Day(0).size() == 1u);       // 08:00-12:00 + 12:00-21:00: one interval.
      BOOST_TEST(city.hours.Day(0)[0].open_min == 8 * 60);
      BOOST_TEST(city.hours.Day(0)[0].close_min == 21 * 60);
      BOOST_TEST(city.hours.Day(6)[0].close_min == 17 * 60);  // Sunday 10:00-12:00 + 12:00-17:00.
      BOOST_TEST_REQUIRE(city.closures.size() == 1u);         // Created 06/10/2023, first parcel 08/10/2023.
      BOOST_TEST(city.closures[0].first_day == DaysFromCivil(2023, 10, 6));
      BOOST_TEST(city.closures[0].last_day == DaysFromCivil(2023, 10, 7));

      // Closed from 17/03/2020 (the first lockdown), first parcel again on 08/05/2020: the dates stay in the
      // answer after the closure.
      const RelayPoint& market = ById(file, "G2013");
      BOOST_TEST_REQUIRE(market.closures.size() == 1u);
      BOOST_TEST(market.closures[0].first_day == DaysFromCivil(2020, 3, 17));
      BOOST_TEST(market.closures[0].last_day == DaysFromCivil(2020, 5, 7));
      BOOST_TEST_REQUIRE(market.hours.Day(6).size() == 1u);  // Sunday morning, "-" in the afternoon.
      BOOST_TEST(market.hours.Day(6)[0].close_min == 12 * 60);
      BOOST_TEST(file.rules.at("joined_slots") == 2u);
    }
  }
}

BOOST_AUTO_TEST_CASE(relais_colis_damaged_points_are_rejected_with_their_rule) {
  const RecordFile file =
      ReadRecordFile("tests/fixtures/carriers/relais-colis/poislist_damaged.json", "relais-colis-json");
  BOOST_TEST_REQUIRE(file.error.empty(), file.error);
  BOOST_TEST(file.records == 6u);
  BOOST_TEST(RuleOf(file, 1) == "Lat/Lon must be decimal degrees");
  BOOST_TEST(RuleOf(file, 2) == "Horairelundimatin must be HH:MM-HH:MM or -");
  BOOST_TEST(RuleOf(file, 3) == "Datefermeture must be DD/MM/YYYY");
  BOOST_TEST(RuleOf(file, 4) == "no time zone known for country \"XYZ\"");
  BOOST_TEST(RuleOf(file, 5) == "id is empty");  // The contract's rule.
  const RelayPoint& locker = ById(file, "G2013");
  BOOST_TEST((locker.kind == PointKind::kLocker));                // IsLocker 1.
  BOOST_TEST(locker.max_weight_g == kRelaisColisMaxWeightBigG);   // Relaismax 1.
  BOOST_TEST(!locker.active);                                     // Depositaireetat other than "A".
  BOOST_TEST(locker.name == "<script>alert(1)</script> & Fils");  // Text, escaped on display.
}

BOOST_AUTO_TEST_CASE(relais_colis_bad_documents_are_errors) {
  std::string error;
  BOOST_TEST(ReadRelaisColisPoints("{\"Relais\": []}", &error).empty());  // Not the service's envelope.
  BOOST_TEST(error.find("not a Relais Colis answer") == 0u, error);
  error.clear();
  BOOST_TEST(ReadRelaisColisPoints("{\"PoisList\": [{\"Xeett\": ", &error).empty());  // Truncated download.
  BOOST_TEST(!error.empty());
  error.clear();
  BOOST_TEST(ReadRelaisColisPoints(R"({"PoisList": [], "ErrorsList": [{"ErrorDescription": "Cle invalide"}]})", &error)
                 .empty());
  BOOST_TEST(error == "Relais Colis answered: Cle invalide");
  error.clear();
  BOOST_TEST(
      ReadRelaisColisPoints(R"({"Message": "An error has occurred.", "ExceptionMessage": "Timeout"})", &error).empty());
  BOOST_TEST(error == "Relais Colis answered: An error has occurred. (Timeout)");
  error.clear();
  const std::vector<AdaptedPoint> points = ReadRelaisColisPoints(R"({"PoisList": [7], "ErrorsList": []})", &error);
  BOOST_TEST(error.empty(), error);
  BOOST_TEST_REQUIRE(points.size() == 1u);
  BOOST_TEST(points[0].error == "a relay point is a JSON object");
}

BOOST_AUTO_TEST_CASE(colissimo_recorded_answer_maps_every_point) {
  // A real answer around Meudon, recorded 2024-09-05 (tests/fixtures/carriers/colissimo/SOURCE.md), read on a day
  // inside the post offices' season.
  const RecordFile file =
      ReadRecordFile("tests/fixtures/carriers/colissimo/findrdv_soap.xml", "colissimo-xml", DaysFromCivil(2024, 9, 5));
  BOOST_TEST_REQUIRE(file.error.empty(), file.error);
  BOOST_TEST(file.records == 11u);
  BOOST_TEST(file.points.size() == 11u);

  const RelayPoint& bakery = ById(file, "107782");
  BOOST_TEST(bakery.carrier == "colissimo");
  BOOST_TEST((bakery.kind == PointKind::kShop));  // A2P.
  BOOST_TEST(bakery.name == "BOULANGERIE BANES");
  BOOST_TEST(bakery.lat == 48.807622);
  BOOST_TEST(bakery.max_weight_g == 20000u);
  BOOST_TEST_REQUIRE(bakery.hours.Day(0).size() == 1u);  // 10:00-12:00 12:00-20:15: no break.
  BOOST_TEST(bakery.hours.Day(0)[0].close_min == 20 * 60 + 15);
  BOOST_TEST(bakery.hours.Day(6).empty());  // 00:00-00:00 00:00-00:00: closed.

  // A2P points whose name starts with CONSIGNE are lockers, 24/7 or with their shop's hours.
  const RelayPoint& station = ById(file, "007545");
  BOOST_TEST((station.kind == PointKind::kLocker));
  BOOST_TEST((station.hours.kind == ScheduleKind::kAlwaysOpen));  // 00:01-12:00 12:00-23:59 every day.
  BOOST_TEST(station.max_weight_g == 16000u);
  const RelayPoint& auchan = ById(file, "362815");
  BOOST_TEST((auchan.kind == PointKind::kLocker));
  BOOST_TEST(auchan.hours.Day(0)[0].close_min == 21 * 60 + 30);
  BOOST_TEST(ById(file, "096949").name == "CONSIGNE PICKUP LA POSTE CLAMART C");  // Trailing blank trimmed.
  BOOST_TEST((ById(file, "096949").kind == PointKind::kLocker));

  const RelayPoint& office = ById(file, "920480");
  BOOST_TEST((office.kind == PointKind::kPostOffice));  // BPR.
  BOOST_TEST(office.max_weight_g == 30000u);
  BOOST_TEST(office.hours.Day(0).size() == 2u);  // 08:30-12:30 14:00-18:30: the season's hours.
  BOOST_TEST_REQUIRE(office.closures.size() == 2u);
  BOOST_TEST(office.closures[0].first_day == DaysFromCivil(2024, 11, 11));
  BOOST_TEST(ById(file, "921140").services == kAccessible);

  // Monday 00:00-00:00 13:00-19:00: the second box used, the first empty.
  const RelayPoint& odd = ById(file, "987402");
  BOOST_TEST_REQUIRE(odd.hours.Day(0).size() == 1u);
  BOOST_TEST(odd.hours.Day(0)[0].open_min == 13 * 60);

  BOOST_TEST(file.rules.at("locker_by_name") == 4u);
  BOOST_TEST(file.rules.at("round_the_clock") == 1u);
  BOOST_TEST(file.rules.at("seasonal_hours") == 3u);
  BOOST_TEST(file.rules.count("out_of_season_hours") == 0u);
}

BOOST_AUTO_TEST_CASE(colissimo_season_hours_are_unknown_out_of_their_season) {
  // The same answer read in December: the post offices' 26/08-30/11 hours are last season's.
  const RecordFile file =
      ReadRecordFile("tests/fixtures/carriers/colissimo/findrdv_soap.xml", "colissimo-xml", DaysFromCivil(2024, 12, 3));
  BOOST_TEST_REQUIRE(file.error.empty(), file.error);
  BOOST_TEST((ById(file, "920480").hours.kind == ScheduleKind::kUnknown));
  BOOST_TEST((ById(file, "107782").hours.kind == ScheduleKind::kWeekly));  // 01/01-31/12: all year.
  BOOST_TEST(file.rules.at("out_of_season_hours") == 3u);
}

BOOST_AUTO_TEST_CASE(colissimo_damaged_points_are_rejected_with_their_rule) {
  const RecordFile file = ReadRecordFile("tests/fixtures/carriers/colissimo/findrdv_soap_damaged.xml", "colissimo-xml",
                                         DaysFromCivil(2024, 9, 5));
  BOOST_TEST_REQUIRE(file.error.empty(), file.error);
  BOOST_TEST(file.records == 6u);
  BOOST_TEST(RuleOf(file, 1) == "typeDePoint \"XYZ\" is not a known Colissimo point type");
  BOOST_TEST(RuleOf(file, 2) == "horairesOuvertureMardi must be HH:MM-HH:MM ranges");
  BOOST_TEST(RuleOf(file, 3) == "coordGeolocalisationLatitude/Longitude must be decimal degrees");
  BOOST_TEST(RuleOf(file, 4) == "periodeActiviteHoraireDeb/Fin must be DD/MM");
  BOOST_TEST(ById(file, "362762").name == "<script>alert(1)</script> & Fils");  // Text, escaped on display.
  BOOST_TEST(!ById(file, "921140").active);  // congesTotal: closed for holidays, no dates.
}

BOOST_AUTO_TEST_CASE(colissimo_rest_answer_reads_like_the_soap_one) {
  // The REST flavour, recorded 2025-03-18 around Villeurbanne (post offices only: filterRelay 0).
  const RecordFile file = ReadRecordFile("tests/fixtures/carriers/colissimo/findrdv_rest.json", "colissimo-json",
                                         DaysFromCivil(2025, 4, 1));
  BOOST_TEST_REQUIRE(file.error.empty(), file.error);
  BOOST_TEST(file.records == 5u);
  BOOST_TEST(file.points.size() == 5u);
  const RelayPoint& office = ById(file, "060567");
  BOOST_TEST((office.kind == PointKind::kPostOffice));
  BOOST_TEST(office.address.size() == 2u);    // adresse2 "CARREFOUR CITY"; adresse3 "" dropped.
  BOOST_TEST(office.lat == 45.7695505);       // Coordinates as strings.
  BOOST_TEST(office.max_weight_g == 30000u);  // A JSON number.
  BOOST_TEST(office.hours.Day(0)[0].open_min == 7 * 60);
  BOOST_TEST(office.hours.Day(6).empty());
  // Epoch milliseconds of Paris midnight: 1749420000000 is Whit Monday, 2025-06-09, not the Sunday before.
  BOOST_TEST_REQUIRE(office.closures.size() == 5u);
  BOOST_TEST(office.closures[0].first_day == DaysFromCivil(2025, 6, 9));
  BOOST_TEST(office.closures[0].last_day == DaysFromCivil(2025, 6, 9));
  BOOST_TEST(file.rules.at("seasonal_hours") == 5u);  // 10/03-13/06 holds on 1 April.
  std::string error;
  BOOST_TEST(
      ReadColissimoJsonPoints(R"({"errorCode": 201, "errorMessage": "Identifiant ou mot de passe invalide"})", &error)
          .empty());
  BOOST_TEST(error == "Colissimo answered errorCode 201: Identifiant ou mot de passe invalide");
}

BOOST_AUTO_TEST_CASE(colissimo_bad_documents_are_errors) {
  std::string error;
  BOOST_TEST(ReadColissimoPoints("<return><listePointRetraitAcheminement>", &error).empty());
  BOOST_TEST(error.find("not XML") == 0u, error);
  error.clear();
  BOOST_TEST(ReadColissimoPoints("<ns2:r xmlns:ns2=\"x\"><return><errorCode>301</errorCode>"
                                 "<errorMessage>Code postal invalide</errorMessage></return></ns2:r>",
                                 &error)
                 .empty());
  BOOST_TEST(error == "Colissimo answered errorCode 301: Code postal invalide");
  error.clear();
  BOOST_TEST(ReadColissimoPoints("<return><rdv>false</rdv></return>", &error).empty());
  BOOST_TEST(error == "no listePointRetraitAcheminement element");
}
