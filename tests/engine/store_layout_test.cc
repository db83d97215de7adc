#define BOOST_TEST_MODULE store_layout
// A store's layout read from JSON and CSV: where bays are, which zone keeps what cold, and every refusal
// naming the field (or the CSV row) that is wrong.
#include "wasm/engine/store_layout.h"

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <map>

using namespace relais;
using json = nlohmann::json;

namespace {

// The catalogue: two ambient products, a chilled one, a frozen one.
std::optional<Temperature> Catalogue(std::string_view sku) {
  static const std::map<std::string, Temperature, std::less<>> products{{"BOOK-1", Temperature::kAmbient},
                                                                        {"TEA-3", Temperature::kAmbient},
                                                                        {"YOG-4", Temperature::kChilled},
                                                                        {"PEAS-9", Temperature::kFrozen}};
  const auto it = products.find(sku);
  return it == products.end() ? std::nullopt : std::optional(it->second);
}

// Six aisles 3 m apart, 2 m cross-aisles at 0, 12 and 24 m: each block 10 m of bays, 8 bays of 1.2 m. A chilled
// aisle, a frozen half-aisle; TEA-3 in three places (tests/fixtures/picking/store_layout.json).
json Store() {
  std::ifstream in("tests/fixtures/picking/store_layout.json");
  BOOST_REQUIRE_MESSAGE(in, "run from the repository's root");
  return json::parse(in);
}

LayoutProblem Refusal(const json& j) {
  StoreLayout layout;
  const std::optional<LayoutProblem> p = ReadStoreLayout(j, Catalogue, &layout);
  BOOST_REQUIRE_MESSAGE(p, "refused");
  return *p;
}

}  // namespace

BOOST_AUTO_TEST_CASE(reads_a_store) {
  StoreLayout layout;
  const auto problem = ReadStoreLayout(Store(), Catalogue, &layout);
  BOOST_REQUIRE_MESSAGE(!problem, (problem ? problem->field + ": " + problem->message : std::string()));
  BOOST_CHECK_EQUAL(layout.aisles.aisle_x.size(), 6u);
  BOOST_CHECK_EQUAL(layout.aisles.aisle_x[5], 15);
  BOOST_CHECK_EQUAL(layout.BayCount(), 16);
  // Bay 1 starts at the front cross-aisle's edge (1 m), its centre 0.6 m further; bay 9 is the first behind
  // the middle cross-aisle (13 m + 0.6).
  BOOST_CHECK_CLOSE(layout.BaySpot(1, 1).pos, 1.6, 1e-9);
  BOOST_CHECK_CLOSE(layout.BaySpot(1, 8).pos, 1 + 7.5 * 1.2, 1e-9);
  BOOST_CHECK_CLOSE(layout.BaySpot(2, 9).pos, 13.6, 1e-9);
  BOOST_CHECK_EQUAL(layout.BaySpot(2, 9).line, 1);
  BOOST_CHECK(layout.ZoneTemperature(5, 1) == Temperature::kChilled);
  BOOST_CHECK(layout.ZoneTemperature(6, 8) == Temperature::kAmbient);
  BOOST_CHECK(layout.ZoneTemperature(6, 9) == Temperature::kFrozen);
  // Ids: given, or aisle-bay-side-level; primaries: marked, or the SKU's first location.
  BOOST_CHECK_EQUAL(layout.locations[0].id, "A01-B02-L1");
  BOOST_CHECK_EQUAL(layout.locations[2].id, "TEA-RESERVE");
  BOOST_CHECK_EQUAL(layout.PrimaryLocation("TEA-3")->aisle, 2);
  BOOST_CHECK_EQUAL(layout.PrimaryLocation("BOOK-1")->bay, 2);
  BOOST_CHECK(layout.PrimaryLocation("NOPE") == nullptr);
  // An ambient product in the chilled aisle is picked with the ambient ones.
  BOOST_CHECK(layout.locations[4].temperature == Temperature::kAmbient);
  BOOST_CHECK(layout.locations[5].temperature == Temperature::kFrozen);
  BOOST_CHECK_EQUAL(layout.containers[2].volume_ml, 25000);
  // Written back and read again: the same layout.
  StoreLayout again;
  BOOST_REQUIRE(!ReadStoreLayout(StoreLayoutToJson(layout), Catalogue, &again));
  BOOST_CHECK_EQUAL(StoreLayoutToJson(again).dump(), StoreLayoutToJson(layout).dump());
}

BOOST_AUTO_TEST_CASE(refusals_name_the_field) {
  auto with = [](const char* pointer, json value) {
    json j = Store();
    j[json::json_pointer(pointer)] = std::move(value);
    return j;
  };
  struct Case {
    json layout;
    std::string field, message;
  };
  const std::vector<Case> cases{
      {with("/locations/3/aisle", 7), "locations[3].aisle", "must be from 1 to 6"},
      {with("/locations/3/bay", 17), "locations[3].bay", "must be from 1 to 16"},
      {with("/locations/0/level", 5), "locations[0].level", "must be from 1 to 4"},
      {with("/locations/3/aisle", 2), "locations[3]", "YOG-4 is chilled, and aisle 2 bay 3 is in an ambient zone"},
      {with("/locations/5/bay", 3), "locations[5]", "PEAS-9 is frozen, and aisle 6 bay 3 is in an ambient zone"},
      {with("/locations/0/sku", "GHOST"), "locations[0].sku", "no such product in the catalogue: GHOST"},
      {with("/locations/0/node", "fridge"), "locations[0].node",
       "this store is laid out in aisles: a location names its aisle and bay, not a node"},
      {with("/locations/4/primary", true), "locations[4].primary", "TEA-3 already has its primary at locations[1]"},
      {with("/locations/0/side", "middle"), "locations[0].side", "must be left or right"},
      {with("/zones/1/aisles", json::array({5, 6})), "zones[1]", "overlaps zones[0]"},
      {with("/zones/0/temperature", "warm"), "zones[0].temperature", "must be ambient, chilled or frozen"},
      {with("/entrance/x_m", 40), "entrance.x_m", "outside the cross-aisle (between the first and the last aisles)"},
      {with("/packing_desk/cross_aisle", "side"), "packing_desk.cross_aisle", "must be front, middle or back"},
      {with("/cross_aisles_m", json::array({0, 2.5})), "cross_aisles_m",
       "no bay fits between two cross-aisles: they must be more than cross_aisle_width_m + bay_m apart"},
      {with("/containers/3/temperature", "chilled"), "containers", "no container type for frozen products (PEAS-9 is)"},
      {with("/containers/1/type", "bag"), "containers[1].type", "already in containers[0]"},
      {with("/containers/0/volume_l", 0), "containers[0].volume_l", "must be more than 0 and at most 10000"},
  };
  for (const Case& c : cases) {
    const LayoutProblem p = Refusal(c.layout);
    BOOST_CHECK_EQUAL(p.field, c.field);
    if (!c.message.empty()) BOOST_CHECK_EQUAL(p.message, c.message);
  }
  // Two SKUs on one shelf.
  json j = Store();
  j["locations"][2]["aisle"] = 2, j["locations"][2]["bay"] = 9, j["locations"][2]["side"] = "right";
  j["locations"][2]["level"] = 3;
  BOOST_CHECK_EQUAL(Refusal(j).message, "the same shelf as locations[1] (TEA-RESERVE)");
  // A refused layout leaves the previous one untouched.
  StoreLayout kept;
  BOOST_REQUIRE(!ReadStoreLayout(Store(), Catalogue, &kept));
  BOOST_REQUIRE(ReadStoreLayout(with("/locations/0/sku", "GHOST"), Catalogue, &kept));
  BOOST_CHECK_EQUAL(kept.locations.size(), 6u);
}

BOOST_AUTO_TEST_CASE(locations_from_csv) {
  const std::string csv =
      "sku,aisle,bay,side,level,primary,id\r\n"
      "BOOK-1,1,2,left,1,,\r\n"
      "\"TEA-3\",2,9,right,3,yes,\"shelf \"\"top\"\", 9\"\r\n"
      "YOG-4,5,3,left,2,0,\n";
  json locations;
  const auto problem = ReadLocationsCsv(csv, &locations);
  BOOST_REQUIRE_MESSAGE(!problem, (problem ? problem->field + ": " + problem->message : std::string()));
  BOOST_REQUIRE_EQUAL(locations.size(), 3u);
  BOOST_CHECK_EQUAL(locations[1]["id"], "shelf \"top\", 9");
  BOOST_CHECK_EQUAL(locations[1]["primary"], true);
  BOOST_CHECK_EQUAL(locations[2]["level"], 2);
  BOOST_CHECK(!locations[0].contains("id"));
  json store = Store();
  store["locations"] = locations;
  StoreLayout layout;
  BOOST_REQUIRE(!ReadStoreLayout(store, Catalogue, &layout));
  BOOST_CHECK_EQUAL(layout.locations[1].id, "shelf \"top\", 9");

  // Problems name the spreadsheet's row.
  BOOST_CHECK_EQUAL(ReadLocationsCsv("sku,aisle,bay,side\nA,1,1,left\n", &locations)->message,
                    "the header has no column level");
  const auto bad = ReadLocationsCsv("sku,aisle,bay,side,level\nBOOK-1,1,2,left,1\nTEA-3,two,9,right,3\n", &locations);
  BOOST_CHECK_EQUAL(bad->field, "row 3 (aisle)");
  BOOST_CHECK_EQUAL(bad->message, "\"two\" is not a whole number");
  BOOST_CHECK_EQUAL(ReadLocationsCsv("sku,aisle,bay,side,level\nBOOK-1,1,2\n", &locations)->field, "row 2");
  std::vector<int> rows;
  // A French export: semicolons, a byte-order mark, capitalised names, a blank line (rows keep their numbers).
  BOOST_REQUIRE(!ReadLocationsCsv(
      "\xEF\xBB\xBFSKU;Aisle;Bay;Side;Level\r\nBOOK-1;1;2;left;1\r\n\r\nTEA-3;2;9;right;3\r\n", &locations, &rows));
  BOOST_CHECK_EQUAL(locations.size(), 2u);
  BOOST_CHECK_EQUAL(locations[1]["sku"], "TEA-3");
  BOOST_CHECK((rows == std::vector<int>{2, 4}));
  BOOST_CHECK_EQUAL(CsvRowNames("locations[1].bay", rows), "row 4 (bay)");
  BOOST_CHECK_EQUAL(CsvRowNames("locations[0]", rows), "row 2");
  BOOST_CHECK_EQUAL(CsvRowNames("the same shelf as locations[0] (A01-B02-L1)", rows),
                    "the same shelf as row 2 (A01-B02-L1)");
  BOOST_CHECK_EQUAL(CsvRowNames("zones[0]", rows), "zones[0]");
  // A file of no location would empty the layout: refused.
  BOOST_CHECK_EQUAL(ReadLocationsCsv("sku,aisle,bay,side,level\n", &locations)->field, "row 2");
}

namespace {

// A shop of walkways round an island: its plan, a chilled zone by node, entrance and desk at nodes, tea at the
// island and yoghurts at the fridge (tests/fixtures/picking/walkway_shop.json).
nlohmann::json WalkwayShop() {
  std::ifstream in("tests/fixtures/picking/walkway_shop.json");
  BOOST_REQUIRE_MESSAGE(in, "run from the repository's root");
  return nlohmann::json::parse(in);
}

}  // namespace

BOOST_AUTO_TEST_CASE(reads_a_store_of_walkways) {
  StoreLayout layout;
  const auto problem = ReadStoreLayout(WalkwayShop(), Catalogue, &layout);
  BOOST_REQUIRE_MESSAGE(!problem, (problem ? problem->field + ": " + problem->message : std::string()));
  BOOST_REQUIRE(layout.walkways);
  BOOST_TEST(layout.aisles.aisle_x.empty());
  BOOST_TEST(layout.walkways->ids[layout.entrance_node] == "door");
  BOOST_TEST(layout.walkways->ids[layout.desk_node] == "till");
  const ShelfLocation* tea = layout.PrimaryLocation("TEA-3");
  BOOST_REQUIRE(tea);
  BOOST_TEST(tea->id == "island-L2");
  BOOST_TEST(layout.walkways->ids[tea->node] == "island");
  BOOST_TEST((layout.PrimaryLocation("YOG-4")->temperature == Temperature::kChilled));
  // Written back and read again: the same store.
  StoreLayout again;
  BOOST_REQUIRE(!ReadStoreLayout(StoreLayoutToJson(layout), Catalogue, &again));
  BOOST_TEST(StoreLayoutToJson(again) == StoreLayoutToJson(layout));
  BOOST_TEST(again.SameFloor(layout));
  BOOST_TEST(!again.SameFloor(StoreLayout{}));
  // Refusals name the field.
  const auto refused = [](const char* pointer, nlohmann::json value) {
    nlohmann::json j = WalkwayShop();
    j[nlohmann::json::json_pointer(pointer)] = std::move(value);
    StoreLayout out;
    const std::optional<LayoutProblem> p = ReadStoreLayout(j, Catalogue, &out);
    return p ? p->field + ": " + p->message : std::string("accepted");
  };
  BOOST_TEST(refused("/locations/1/node", "island") ==
             "locations[1].node: YOG-4 is chilled, and node island is in an ambient zone");
  // Aisles and walkways do not mix: in the plan, the zones or the locations.
  BOOST_TEST(refused("/aisles", 4) == "aisles: a layout is parallel aisles or walkways, not both");
  BOOST_TEST(refused("/locations/0/aisle", 2) ==
             "locations[0].aisle: this store is laid out in walkways: a location names its node, not an aisle or bay");
  BOOST_TEST(refused("/zones/0/bays", nlohmann::json::array({1, 2})) ==
             "zones[0].bays: this store is laid out in walkways: a zone lists its nodes, not aisles or bays");
  BOOST_TEST(refused("/locations/0/node", "attic") == "locations[0].node: must be a node of the walkways");
  BOOST_TEST(refused("/entrance/node", "street") == "entrance.node: must be a node of the walkways");
  BOOST_TEST(refused("/zones/0/nodes/0", "cellar") == "zones[0].nodes[0]: must be a node of the walkways");
  BOOST_TEST(refused("/walkways/edges/0", nlohmann::json::array({"door", "moon"})) ==
             "walkways.edges[0]: no node moon");
  // Locations from a spreadsheet, by node.
  nlohmann::json locations;
  BOOST_REQUIRE(!ReadLocationsCsv("sku;node;side;level\r\nTEA-3;fridge;left;1\r\n", &locations));
  BOOST_TEST(locations == nlohmann::json::parse(R"([{"sku": "TEA-3", "node": "fridge", "side": "left", "level": 1}])"));
}
