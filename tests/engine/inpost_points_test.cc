#define BOOST_TEST_MODULE inpost_points
// InPost's points, read through ReadRecordFile from recorded answers of its points API (ShipX,
// api-global-points.easypack24.net) and from pages of its location API (tests/fixtures/carriers/inpost,
// SOURCE.md says where each comes from).
#include "data-sync/inpost_points.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "data-sync/record_file.h"
#include "tests/engine/test_record_file.h"

using namespace relais;

namespace {

const std::string kDir = "tests/fixtures/carriers/inpost/";

// The pages as the paged fetcher stores them: each minified on its own line.
std::string OnePagePerLine(std::initializer_list<const char*> pages, const std::string& name) {
  const std::string path = (std::filesystem::temp_directory_path() / ("inpost_points_test_" + name)).string();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  for (const char* page : pages) {
    std::ifstream in(kDir + page, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    out << nlohmann::json::parse(text.str()).dump() << "\n";
  }
  return path;
}

TimeInterval Slot(int open_h, int open_m, int close_h, int close_m) {
  return {static_cast<uint16_t>(open_h * 60 + open_m), static_cast<uint16_t>(close_h * 60 + close_m)};
}

size_t RuleCount(const RecordFile& file, const std::string& rule) {
  const auto it = file.rules.find(rule);
  return it == file.rules.end() ? 0 : it->second;
}

}  // namespace

BOOST_AUTO_TEST_CASE(shipx_pages_one_per_line) {
  const std::string path = OnePagePerLine({"shipx_points_page1.json", "shipx_points_page2.json"}, "shipx.jsonl");
  const RecordFile file = ReadRecordFile(path, "inpost-json");
  std::filesystem::remove(path);
  BOOST_TEST_REQUIRE(file.error.empty(), file.error);
  // Two pages of five; AGS01M ("Created", at 0/0: a locker being installed) is no relay yet: neither a point
  // nor a bad record.
  BOOST_TEST(file.records == 9u);
  BOOST_TEST(file.points.size() == 9u);
  BOOST_TEST(file.rejects.empty());
  BOOST_TEST(RuleCount(file, "not_yet_placed") == 1u);

  // A "superpop": a shop (hours 08-22) whose type also lists parcel_locker.
  const RelayPoint& superpop = ById(file, "POP-KRA372");
  BOOST_TEST(superpop.carrier == "inpost");
  BOOST_TEST((superpop.kind == PointKind::kShop));
  BOOST_TEST(superpop.name == "InPost POP-KRA372");
  BOOST_TEST(superpop.address == (std::vector<std::string>{"Kamienna 19B", "OSIEDLAK SKLEP", "Punkt"}));
  BOOST_TEST(superpop.postcode == "30-001");
  BOOST_TEST(superpop.city == "Kraków");
  BOOST_TEST(superpop.country == "PL");
  BOOST_TEST(superpop.tz == "Europe/Warsaw");
  BOOST_TEST(superpop.lat == 50.0756);
  BOOST_TEST(superpop.lon == 19.94202);
  BOOST_TEST((superpop.hours.kind == ScheduleKind::kWeekly));
  BOOST_TEST((superpop.hours.Day(0)[0] == Slot(8, 0, 22, 0)));
  BOOST_TEST((superpop.hours.Day(5)[0] == Slot(10, 0, 22, 0)));
  BOOST_TEST((superpop.hours.Day(6)[0] == Slot(12, 0, 20, 0)));
  // payment_type {"2": "Payment by card in the machine"}, payment_available, *_reverse_return_send.
  BOOST_TEST(superpop.services == (kReturns | kCard | kCod | kLate | kSunday));
  BOOST_TEST(superpop.active);

  // 24/7: location_247 true, operating_hours_extended.customer null.
  const RelayPoint& locker = ById(file, "KRA265M");
  BOOST_TEST((locker.kind == PointKind::kLocker));
  BOOST_TEST((locker.hours.kind == ScheduleKind::kAlwaysOpen));
  BOOST_TEST(locker.address == (std::vector<std::string>{"Prądnicka 9", "Prywatna posesja"}));
  BOOST_TEST(locker.lat == 50.07728);
  BOOST_TEST(locker.lon == 19.93714);
  // payment_type {"0": "Payments are not supported"}: no card, though payment_available (by the app).
  BOOST_TEST(locker.services == (kReturns | kCod | kAccessible | kLate | kSunday));

  const RelayPoint& indoor = ById(file, "KRA24HP");  // A locker inside a shop: the shop's hours.
  BOOST_TEST((indoor.hours.Day(5)[0] == Slot(6, 0, 21, 0)));
  BOOST_TEST(indoor.hours.Day(6).empty());            // sunday: [].
  const RelayPoint& late = ById(file, "POP-KRA307");  // "PN-PT 06-00": end 1440.
  BOOST_TEST((late.hours.Day(0)[0] == Slot(6, 0, 24, 0)));
  BOOST_TEST((late.hours.Day(5)[0] == Slot(7, 0, 24, 0)));

  // ["pok", "pop", "pudo_mini"]; the description's trailing blank is trimmed.
  const RelayPoint& mini = ById(file, "POP-WAW640");
  BOOST_TEST((mini.kind == PointKind::kShop));
  BOOST_TEST(mini.address == (std::vector<std::string>{"Zawiszy 5", "CARREFOUR EXPRESS", "Punkt"}));
  BOOST_TEST((mini.hours.Day(6)[0] == Slot(10, 0, 20, 0)));

  BOOST_TEST(!ById(file, "CPW01M").active);  // NonOperating.
  BOOST_TEST(!ById(file, "ADM01A").active);  // Disabled.
  const RelayPoint& cold = ById(file, "BBN02I");
  BOOST_TEST(!cold.active);  // Created.
  BOOST_TEST((cold.services & kRefrigerated) != 0);

  BOOST_TEST(RuleCount(file, "shop_with_locker") == 2u);  // POP-KRA372, POP-KRA307.
  BOOST_TEST(file.rules.size() == 2u);                    // And not_yet_placed.
}

BOOST_AUTO_TEST_CASE(shipx_international_document) {
  const RecordFile file = ReadRecordFile(kDir + "shipx_points_intl_sample.json", "inpost-json");
  BOOST_TEST_REQUIRE(file.error.empty(), file.error);
  BOOST_TEST(file.records == 8u);
  BOOST_TEST(file.points.size() == 8u);

  // end 1439: midnight; GB's free text in building_number makes InPost's own line1.
  const RelayPoint& gb = ById(file, "UK00005560");
  BOOST_TEST(gb.country == "GB");
  BOOST_TEST(gb.tz == "Europe/London");
  BOOST_TEST(!gb.active);  // NonOperating.
  BOOST_TEST(gb.address == (std::vector<std::string>{"Shepherds Bush InPost Locker - West 12 Shopping Centre",
                                                     "The locker is located on the carpark next to the lift "
                                                     "lobby for lidl on level 2",
                                                     "Parking at East gate."}));
  BOOST_TEST(gb.postcode == "W12 8PP");
  for (int d = 0; d < 7; ++d) BOOST_TEST((gb.hours.Day(d)[0] == Slot(7, 0, 24, 0)));
  BOOST_TEST(gb.services == (kCard | kCod | kAccessible | kLate | kSunday));  // No *_reverse_return_send in GB.

  // location_247 false, but 0-1439 every day: open around the clock.
  BOOST_TEST((ById(file, "UK00007816").hours.kind == ScheduleKind::kAlwaysOpen));

  // ["pok", "pop"] only; sunday {start: 0, end: 0} is no slot.
  const RelayPoint& shop = ById(file, "UK00001275");
  BOOST_TEST((shop.kind == PointKind::kShop));
  BOOST_TEST(!shop.active);  // Disabled.
  BOOST_TEST((shop.hours.Day(0)[0] == Slot(8, 30, 19, 0)));
  BOOST_TEST(shop.hours.Day(6).empty());

  const RelayPoint& full = ById(file, "FR000001");
  BOOST_TEST(full.active);  // Overloaded: full today, still handing parcels out.
  BOOST_TEST((full.hours.Day(0)[0] == Slot(6, 0, 22, 0)));
  BOOST_TEST(full.hours.Day(1).empty());
  BOOST_TEST(full.services == (kReturns | kAccessible | kLate));

  // Two slots a day; the shop's name is in location_description_1.
  const RelayPoint& tabac = ById(file, "FR000010");
  BOOST_TEST(tabac.tz == "Europe/Paris");
  BOOST_TEST(tabac.address == (std::vector<std::string>{"14 RUE DU GENERAL DE GAULLE", "TABAC PRESSE"}));
  BOOST_TEST_REQUIRE(tabac.hours.Day(0).size() == 2u);
  BOOST_TEST((tabac.hours.Day(0)[0] == Slot(6, 45, 12, 30)));
  BOOST_TEST((tabac.hours.Day(0)[1] == Slot(14, 30, 19, 30)));
  BOOST_TEST(tabac.hours.Day(6).size() == 1u);
  BOOST_TEST(tabac.services == (kReturns | kLate | kSunday));

  // unavailability_periods in UTC: 2026-02-16T23:00Z..2026-02-17T22:59Z is the 17th in Berlin.
  const RelayPoint& esso = ById(file, "DE000039");
  BOOST_TEST(esso.tz == "Europe/Berlin");
  BOOST_TEST_REQUIRE(esso.closures.size() == 1u);
  BOOST_TEST(FormatIsoDate(esso.closures[0].first_day) == "2026-02-17");
  BOOST_TEST(FormatIsoDate(esso.closures[0].last_day) == "2026-02-17");
  const RelayPoint& edicola = ById(file, "ITAAQ02468P");
  BOOST_TEST_REQUIRE(edicola.closures.size() == 1u);
  BOOST_TEST(FormatIsoDate(edicola.closures[0].first_day) == "2025-10-31");
  BOOST_TEST(FormatIsoDate(edicola.closures[0].last_day) == "2025-11-13");
  BOOST_TEST((edicola.hours.Day(0)[1] == Slot(16, 0, 20, 30)));

  const RelayPoint& hu = ById(file, "HU981B58B");
  BOOST_TEST((hu.hours.kind == ScheduleKind::kAlwaysOpen));
  BOOST_TEST(hu.tz == "Europe/Budapest");
  BOOST_TEST(hu.lat == 47.43808);

  BOOST_TEST(RuleCount(file, "midnight_edges") == 2u);   // UK00005560, UK00007816.
  BOOST_TEST(RuleCount(file, "round_the_clock") == 1u);  // UK00007816.
  BOOST_TEST(file.rules.size() == 2u);
}

BOOST_AUTO_TEST_CASE(location_api_pages_one_per_line) {
  const std::string path = OnePagePerLine({"location_api_page1.json", "location_api_page2.json"}, "location.jsonl");
  const RecordFile file = ReadRecordFile(path, "inpost-json");
  std::filesystem::remove(path);
  BOOST_TEST_REQUIRE(file.error.empty(), file.error);
  BOOST_TEST(file.records == 9u);
  BOOST_TEST(file.points.size() == 9u);

  const RelayPoint& apm = ById(file, "PL_KRA265M");  // The id as published.
  BOOST_TEST((apm.kind == PointKind::kLocker));
  BOOST_TEST(apm.name == "InPost PL_KRA265M");
  BOOST_TEST((apm.hours.kind == ScheduleKind::kAlwaysOpen));
  BOOST_TEST(apm.lat == 50.07728);
  BOOST_TEST(apm.lon == 19.93714);
  BOOST_TEST(apm.address == (std::vector<std::string>{"Prądnicka 9", "Prywatna posesja"}));
  BOOST_TEST(apm.postcode == "30-002");
  BOOST_TEST(apm.city == "Kraków");
  BOOST_TEST(apm.active);  // No status in this API.

  const RelayPoint& pudo = ById(file, "PL_POP-WAW640");
  BOOST_TEST((pudo.kind == PointKind::kShop));
  BOOST_TEST((pudo.hours.Day(6)[0] == Slot(10, 0, 20, 0)));

  const RelayPoint& gb = ById(file, "GB_UK00005560");  // "07:00"-"23:59".
  BOOST_TEST((gb.hours.Day(3)[0] == Slot(7, 0, 24, 0)));
  BOOST_TEST(gb.address.at(2) == "Parking at East gate.");

  const RelayPoint& fr = ById(file, "FR_FR000010");  // Page 1's last item.
  BOOST_TEST(fr.address == (std::vector<std::string>{"14 RUE DU GENERAL DE GAULLE", "TABAC PRESSE"}));
  BOOST_TEST((fr.hours.Day(2)[1] == Slot(14, 30, 19, 30)));

  const RelayPoint& es = ById(file, "ES_ES000027");  // Page 2.
  BOOST_TEST(es.country == "ES");
  BOOST_TEST(es.tz == "Europe/Madrid");
  BOOST_TEST(es.postcode == "08020");
  BOOST_TEST((es.hours.Day(0)[0] == Slot(8, 0, 14, 0)));
  BOOST_TEST((es.hours.Day(0)[1] == Slot(16, 30, 20, 30)));
  BOOST_TEST(es.hours.Day(6).empty());
  BOOST_TEST(ById(file, "PT_PT000001").tz == "Europe/Lisbon");
  BOOST_TEST((ById(file, "IT_ITABA44882M").hours.kind == ScheduleKind::kAlwaysOpen));
  BOOST_TEST((ById(file, "DE_DE000039").kind == PointKind::kShop));

  BOOST_TEST(RuleCount(file, "midnight_edges") == 1u);  // GB_UK00005560; the 24/7 points' days are not counted.
  BOOST_TEST(file.rules.size() == 1u);
}

BOOST_AUTO_TEST_CASE(odd_items_and_documents) {
  std::string error;
  // A bare array mixing both layouts, without country (the older per-country hosts) or hours.
  const std::vector<AdaptedPoint> items = ReadInPostPoints(
      R"([{"name": "GDA99X", "type": ["pok"], "location": {"latitude": 54.352, "longitude": 18.6466}},
          {"name": "LOD05A", "type": ["parcel_locker"], "location": {"latitude": 51.7592, "longitude": 19.456},
           "operating_hours_extended": {"customer": {"monday": [{"start": 600, "end": 2000}]}}},
          {"id": "GB_1", "type": "HUB", "coordinates": {"latitude": 51.5, "longitude": -0.1}},
          {"id": "GB_2", "type": "APM", "coordinates": {"latitude": 51.5, "longitude": -0.1}, "location247": true,
           "operatingHours": {"customer": {"monday": [{"start": "08:00", "end": "20:00"}]}}},
          {"name": "KRA99M", "type": ["parcel_locker"], "status": "Hibernating",
           "location": {"latitude": 50.1, "longitude": 19.9}}])",
      "PL", &error);
  BOOST_TEST(error.empty(), error);
  BOOST_TEST_REQUIRE(items.size() == 5u);
  BOOST_TEST(items[0].error.empty(), items[0].error);  // "pok" alone is a shop.
  BOOST_TEST((items[0].point.kind == PointKind::kShop));
  BOOST_TEST(items[0].point.country == "PL");
  BOOST_TEST((items[0].point.hours.kind == ScheduleKind::kUnknown));
  BOOST_TEST(items[1].error == "operating_hours_extended.customer.monday: a slot is {start, end} in minutes or HH:MM");
  BOOST_TEST(items[2].error == "type names neither a locker (parcel_locker, APM) nor a shop (pop, pok, PUDO)");
  BOOST_TEST(items[3].error.empty(), items[3].error);
  BOOST_TEST((items[3].point.hours.kind == ScheduleKind::kAlwaysOpen));
  BOOST_TEST(items[3].rules == std::vector<std::string>{"location_247_over_hours"});
  BOOST_TEST(!items[4].point.active);
  BOOST_TEST(items[4].rules == std::vector<std::string>{"unknown_status"});

  BOOST_TEST(ReadInPostPoints("{\"items\": 3}", "PL", &error).empty());
  BOOST_TEST(error.find("not an InPost points document") == 0u, error);
  error.clear();
  BOOST_TEST(ReadInPostPoints(R"({"status": 400, "key": "only_one_country_must_be_selected",
                                  "error": "Select a country to filter by postcode."})",
                              "PL", &error)
                 .empty());
  BOOST_TEST(error == "InPost answered an error: Select a country to filter by postcode.");
  error.clear();
  BOOST_TEST(ReadInPostPoints("{\"items\": []}\nnot json\n", "PL", &error).empty());
  BOOST_TEST(error == "not JSON (line 2)");
  BOOST_TEST(ReadRecordFile(kDir + "shipx_points_page1.json", "inpost-xml").error.find("unknown format") == 0u);
}
