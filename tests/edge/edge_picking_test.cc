#define BOOST_TEST_MODULE edge_picking
// A store's layout for picking through relais-edge's HTTP API (issue 26): put as JSON, its locations as CSV
// from a spreadsheet, each a new version kept for good; refused whole with a 400 naming the field or the CSV
// row (a location outside the layout, a chilled product on an ambient shelf...); read by the merchant and
// the site's own staff only.
#include <boost/test/unit_test.hpp>
#include <fstream>

#include "tests/edge/edge_process.h"

using namespace relais;
using namespace relais::testing;
using nlohmann::json;

namespace {

const char* kJson = "application/json";

json Shop() {
  return {{"kind", "store"},
          {"name", "Rivoli"},
          {"location",
           {{"address", {"1 rue de Rivoli"}},
            {"postcode", "75004"},
            {"city", "PARIS"},
            {"country", "FR"},
            {"lat", 48.8566},
            {"lon", 2.3522},
            {"tz", "Europe/Paris"}}}};
}

// Six aisles, a middle cross-aisle, a chilled aisle, a frozen half-aisle; BOOK-1, TEA-3 (three places),
// YOG-4 and PEAS-9 placed (the engine's test layout).
json Layout() {
  std::ifstream in("tests/fixtures/picking/store_layout.json");
  BOOST_REQUIRE_MESSAGE(in, "run from the repository's root");
  return json::parse(in);
}

struct Fixture {
  EdgeFolder folder;
  EdgeProcess edge{folder};
  std::unique_ptr<httplib::Client> http = edge.Client();
  std::string staff, other_staff;

  Fixture() {
    CallJson(*http, "PUT", "/v1/sites/rivoli", Shop());
    CallJson(*http, "PUT", "/v1/sites/nord", Shop());
    for (const auto& [sku, temperature] : std::vector<std::pair<std::string, std::string>>{
             {"BOOK-1", "ambient"}, {"TEA-3", "ambient"}, {"YOG-4", "chilled"}, {"PEAS-9", "frozen"}}) {
      CallJson(*http, "PUT", "/v1/products/" + sku,
               {{"name", sku},
                {"category", "grocery"},
                {"temperature", temperature},
                {"weight_g", 500},
                {"dims_cm", {10, 10, 10}},
                {"price_cents", 100}});
    }
    staff = CallJson(*http, "POST", "/v1/staff-tokens", {{"site", "rivoli"}, {"name", "Ana"}})["token"];
    other_staff = CallJson(*http, "POST", "/v1/staff-tokens", {{"site", "nord"}, {"name", "Bo"}})["token"];
  }
  httplib::Result PutLayout(const json& layout, const std::string& site = "rivoli") {
    return http->Put("/v1/sites/" + site + "/layout", Merchant(), layout.dump(), kJson);
  }
  httplib::Result PutCsv(const std::string& csv, const char* type = "text/csv") {
    return http->Put("/v1/sites/rivoli/layout/locations", Merchant(), csv, type);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_layout_is_put_versioned_and_read_by_its_site, Fixture) {
  // No layout yet.
  BOOST_TEST(ErrorField(http->Get("/v1/sites/rivoli/layout", Merchant())) == "site");
  const httplib::Result put = PutLayout(Layout());
  BOOST_TEST_REQUIRE(put->status == 201);
  const json first = Body(put);
  BOOST_TEST(first["version"] == 1);
  BOOST_TEST(first["site"] == "rivoli");
  // Kept as the engine writes it back: aisles as their x, ids and primaries filled in.
  BOOST_TEST(first["layout"]["aisles"] == json({0, 3, 6, 9, 12, 15}));
  BOOST_TEST(first["layout"]["locations"][0]["id"] == "A01-B02-L1");
  BOOST_TEST(first["layout"]["locations"][0]["primary"] == true);

  // The planogram from a spreadsheet: a new version with the same walls.
  const httplib::Result csv =
      PutCsv("sku,aisle,bay,side,level\r\nBOOK-1,3,4,right,2\r\nYOG-4,5,7,left,1\r\nPEAS-9,6,10,right,1\r\n");
  BOOST_TEST_REQUIRE(csv->status == 201);
  BOOST_TEST(Body(csv)["version"] == 2);
  BOOST_TEST(Body(csv)["layout"]["locations"].size() == 3u);
  BOOST_TEST(Body(csv)["layout"]["zones"] == first["layout"]["zones"]);

  // The latest for the site's staff, any version on demand; never for another site's staff.
  const json latest = CallJson(*http, "GET", "/v1/sites/rivoli/layout", nullptr, 200, staff);
  BOOST_TEST(latest["version"] == 2);
  BOOST_TEST(latest["layout"]["locations"][0]["aisle"] == 3);
  const json v1 = CallJson(*http, "GET", "/v1/sites/rivoli/layout?version=1", nullptr, 200, staff);
  BOOST_TEST(v1["layout"]["locations"].size() == 6u);
  const httplib::Headers stranger = {{"Authorization", "Bearer " + other_staff}};
  BOOST_TEST(http->Get("/v1/sites/rivoli/layout", stranger)->status == 403);
  BOOST_TEST(ErrorField(http->Get("/v1/sites/rivoli/layout?version=7", Merchant())) == "version");
  BOOST_TEST(ErrorField(http->Get("/v1/sites/rivoli/layout?version=x", Merchant())) == "version");
  // Staff read; only the merchant writes.
  const httplib::Headers as_staff = {{"Authorization", "Bearer " + staff}};
  BOOST_TEST(http->Put("/v1/sites/rivoli/layout", as_staff, Layout().dump(), kJson)->status == 403);
  // Another brand sees nothing of it.
  BOOST_TEST(http->Get("/v1/sites/rivoli/layout", Merchant(kOtherMerchantKey))->status == 404);
}

BOOST_FIXTURE_TEST_CASE(a_wrong_layout_is_refused_whole_naming_the_field, Fixture) {
  BOOST_TEST_REQUIRE(PutLayout(Layout())->status == 201);
  auto refused = [&](const char* pointer, json value) {
    json l = Layout();
    l[json::json_pointer(pointer)] = std::move(value);
    const httplib::Result r = PutLayout(l);
    BOOST_TEST(r->status == 400);
    BOOST_TEST(ErrorCode(r) == "invalid_field");
    return std::pair{ErrorField(r), Body(r)["error"]["message"].get<std::string>()};
  };
  BOOST_TEST(refused("/locations/0/aisle", 9).first == "locations[0].aisle");
  BOOST_TEST(refused("/locations/1/bay", 30).first == "locations[1].bay");
  const auto chilled = refused("/locations/3/aisle", 1);
  BOOST_TEST(chilled.first == "locations[3]");
  BOOST_TEST(chilled.second == "locations[3]: YOG-4 is chilled, and aisle 1 bay 3 is in an ambient zone");
  BOOST_TEST(refused("/locations/0/sku", "GHOST").first == "locations[0].sku");
  BOOST_TEST(refused("/entrance/cross_aisle", "side").first == "entrance.cross_aisle");
  BOOST_TEST(refused("/containers/3/temperature", "ambient").first == "containers");
  // Nothing of a refused layout was kept.
  BOOST_TEST(CallJson(*http, "GET", "/v1/sites/rivoli/layout")["version"] == 1);
  // A site that is not there; a body that is not JSON.
  BOOST_TEST(PutLayout(Layout(), "ghost")->status == 404);
  BOOST_TEST(http->Put("/v1/sites/rivoli/layout", Merchant(), "aisles,6", "text/csv")->status == 415);
}

BOOST_FIXTURE_TEST_CASE(a_wrong_spreadsheet_is_refused_naming_its_row, Fixture) {
  // Locations before any layout: the walls come first.
  BOOST_TEST(ErrorField(PutCsv("sku,aisle,bay,side,level\nBOOK-1,1,1,left,1\n")) == "layout");
  BOOST_TEST_REQUIRE(PutLayout(Layout())->status == 201);
  auto field = [&](const std::string& csv) {
    const httplib::Result r = PutCsv(csv);
    BOOST_TEST(r->status == 400);
    return ErrorField(r);
  };
  const std::string header = "sku,aisle,bay,side,level\n";
  // Row 3 is the second location: a chilled yoghurt on an ambient shelf.
  BOOST_TEST(field(header + "BOOK-1,1,2,left,1\nYOG-4,2,3,left,1\n") == "row 3");
  BOOST_TEST(field(header + "BOOK-1,1,2,left,1\nTEA-3,2,99,left,1\n") == "row 3 (bay)");
  BOOST_TEST(field(header + "BOOK-1,one,2,left,1\n") == "row 2 (aisle)");
  BOOST_TEST(field("sku,aisle,bay\nBOOK-1,1,2\n") == "row 1");
  const httplib::Result json_body = PutCsv(Layout().dump(), kJson);
  BOOST_TEST(json_body->status == 415);
  BOOST_TEST(CallJson(*http, "GET", "/v1/sites/rivoli/layout")["version"] == 1);
}
