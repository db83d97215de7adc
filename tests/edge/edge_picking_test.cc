#define BOOST_TEST_MODULE edge_picking
// A store's layout for picking through relais-edge's HTTP API (issue 26): put as JSON, its locations as CSV
// from a spreadsheet, each a new version kept for good; refused whole with a 400 naming the field or the CSV
// row (a location outside the layout, a chilled product on an ambient shelf...); read by the merchant and
// the site's own staff only.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <map>
#include <tuple>

#include "tests/edge/edge_process.h"

using namespace relais;
using namespace relais::testing;
using nlohmann::json;

namespace {

const char* kJson = "application/json";

// A Monday far enough ahead for every slot's cut-off to be to come.
const char* kMonday = "2099-06-08";

// A store open every day, with click & collect by the day and a drive by half-hour slots on Mondays.
json Shop() {
  json hours = json::object();
  for (const char* day : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
    hours[day] = json::array({json::array({"08:00", "20:00"})});
  const json slots = {{"minutes", 30},
                      {"capacity", 5},
                      {"cutoff_minutes", 60},
                      {"hours", {{"mon", json::array({json::array({"10:00", "12:00"})})}}}};
  return {{"kind", "store"},
          {"name", "Rivoli"},
          {"zone", "paris"},
          {"capabilities",
           {{"click_collect", {{"cost_cents", 0}, {"lead_time_hours", 1}, {"cold_chain", true}}},
            {"drive", {{"cost_cents", 0}, {"lead_time_hours", 1}, {"cold_chain", true}, {"slots", slots}}}}},
          {"location",
           {{"address", {"1 rue de Rivoli"}},
            {"postcode", "75004"},
            {"city", "PARIS"},
            {"country", "FR"},
            {"lat", 48.8566},
            {"lon", 2.3522},
            {"tz", "Europe/Paris"},
            {"hours", hours}}}};
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
    // Real barcodes (read by ZXing from photographs of products), given to our products.
    using Row = std::tuple<std::string, std::string, std::string, std::string>;
    for (const auto& [sku, temperature, category, gtin] :
         std::vector<Row>{{"BOOK-1", "ambient", "books", "9788430532674"},
                          {"TEA-3", "ambient", "grocery/tea", "8413000065504"},
                          {"YOG-4", "chilled", "grocery/dairy", "5201815331227"},
                          {"YOG-5", "chilled", "grocery/dairy", "5603667020517"},
                          {"PEAS-9", "frozen", "grocery/frozen", "5000213101025"}}) {
      CallJson(*http, "PUT", "/v1/products/" + sku,
               {{"name", sku},
                {"category", category},
                {"temperature", temperature},
                {"weight_g", 500},
                {"dims_cm", {10, 10, 10}},
                {"price_cents", 100},
                {"gtin", gtin}});
      CallJson(*http, "POST", "/v1/stock/movements",
               {{"kind", "receipt"}, {"sku", sku}, {"site", "rivoli"}, {"quantity", 50}});
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

namespace {

// A click & collect order of `lines` ({sku, quantity}) at rivoli: its id and tracking token.
std::pair<std::string, std::string> Order(httplib::Client& http, const std::string& key,
                                          const std::vector<std::pair<std::string, int>>& lines, bool substitutes) {
  json body = {{"customer_id", "c-" + key}, {"allow_substitutions", substitutes}, {"lines", json::array()}};
  for (const auto& [sku, quantity] : lines) {
    body["lines"].push_back({{"sku", sku}, {"quantity", quantity}, {"site", "rivoli"}, {"mode", "click_collect"}});
  }
  httplib::Headers h = Merchant();
  h.emplace("Idempotency-Key", key);
  const httplib::Result r = http.Post("/v1/orders", h, body.dump(), kJson);
  BOOST_REQUIRE_MESSAGE(r && r->status == 201, (r ? r->body : "no answer"));
  const json placed = json::parse(r->body);
  return {placed["id"], placed["tracking_token"]};
}

// A drive order of one `sku` collected on `date` in the slot starting at `start`: its id.
std::string DriveOrder(httplib::Client& http, const std::string& key, const std::string& sku, const std::string& date,
                       const std::string& start) {
  const json line = {{"sku", sku},      {"quantity", 1}, {"site", "rivoli"},
                     {"mode", "drive"}, {"date", date},  {"slot", start}};
  httplib::Headers h = Merchant();
  h.emplace("Idempotency-Key", key);
  const httplib::Result r =
      http.Post("/v1/orders", h, json{{"customer_id", "c-" + key}, {"lines", {line}}}.dump(), kJson);
  BOOST_REQUIRE_MESSAGE(r && r->status == 201, (r ? r->body : "no answer"));
  return json::parse(r->body)["id"];
}

// The orders of each list, each list's sorted, the lists sorted (orders made within one second are due in
// the order of their random ids).
std::vector<std::vector<std::string>> OrdersOfLists(const json& made) {
  std::vector<std::vector<std::string>> out;
  for (const json& l : made["pick_lists"]) {
    out.emplace_back();
    for (const json& s : l["shipments"]) out.back().push_back(s["order_id"]);
    std::sort(out.back().begin(), out.back().end());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::vector<std::string>> Sorted(std::vector<std::vector<std::string>> lists) {
  for (std::vector<std::string>& l : lists) std::sort(l.begin(), l.end());
  std::sort(lists.begin(), lists.end());
  return lists;
}

}  // namespace

// The staff ask for what is due -- a slot, or the day -- and get waves of the orders whose shelves lie together,
// each shipment listed once however often they ask.
BOOST_FIXTURE_TEST_CASE(what_is_due_becomes_waves_of_orders_that_lie_together, Fixture) {
  BOOST_TEST_REQUIRE(PutLayout(Layout())->status == 201);
  const std::string d1 = DriveOrder(*http, "d1", "BOOK-1", kMonday, "10:00");
  const std::string d2 = DriveOrder(*http, "d2", "PEAS-9", kMonday, "10:00");
  const std::string d3 = DriveOrder(*http, "d3", "TEA-3", kMonday, "11:00");
  const std::string next_week = DriveOrder(*http, "d4", "TEA-3", "2099-06-15", "10:00");
  // The 10:00 slot: its two orders in one wave; asked again, nothing more to list.
  const json slot = {{"date", kMonday}, {"slot", "10:00-10:30"}};
  const json made = CallJson(*http, "POST", "/v1/sites/rivoli/pick-lists", slot, 201, staff);
  BOOST_TEST(OrdersOfLists(made) == Sorted({{d1, d2}}));
  // Each shipment says when it is due, for the pickers to see which list comes first.
  BOOST_TEST(made["pick_lists"][0]["shipments"][0]["due"] == std::string(kMonday) + " 10:00-10:30");
  BOOST_TEST(made["skipped"].empty());
  BOOST_TEST(made["more"] == false);
  BOOST_TEST(CallJson(*http, "POST", "/v1/sites/rivoli/pick-lists", slot, 201, staff)["pick_lists"].empty());

  // Click & collect by the day, undated: due as soon as can be, before d3's 11:00 slot. Tea in aisle 2, peas at
  // the back of aisle 6, due alternately: waves of two take each shelf's pair, and d3 (tea too) walks alone.
  const auto [c1, t1] = Order(*http, "c1", {{"TEA-3", 1}}, true);
  const auto [c2, t2] = Order(*http, "c2", {{"PEAS-9", 1}}, true);
  const auto [c3, t3] = Order(*http, "c3", {{"TEA-3", 2}}, true);
  const auto [c4, t4] = Order(*http, "c4", {{"PEAS-9", 2}}, true);
  const json day = CallJson(*http, "POST", "/v1/sites/rivoli/pick-lists", {{"date", kMonday}, {"wave_size", 2}}, 201);
  BOOST_TEST(OrdersOfLists(day) == Sorted({{c1, c3}, {c2, c4}, {d3}}), day.dump());
  // Next week's is due next week.
  const json later = CallJson(*http, "POST", "/v1/sites/rivoli/pick-lists", {{"date", "2099-06-15"}}, 201);
  BOOST_TEST(OrdersOfLists(later) == Sorted({{next_week}}));
  // An order no container takes is left out, named with its product, and the rest goes on.
  CallJson(*http, "PUT", "/v1/products/ANVIL-1",
           {{"name", "Enclume"},
            {"category", "tools"},
            {"temperature", "ambient"},
            {"weight_g", 20000},
            {"dims_cm", {50, 40, 30}},
            {"price_cents", 9900}});
  CallJson(*http, "POST", "/v1/stock/movements",
           {{"kind", "receipt"}, {"sku", "ANVIL-1"}, {"site", "rivoli"}, {"quantity", 2}});
  const auto [heavy, t5] = Order(*http, "c5", {{"ANVIL-1", 1}}, false);
  const auto [light, t6] = Order(*http, "c6", {{"BOOK-1", 1}}, false);
  const json some = CallJson(*http, "POST", "/v1/sites/rivoli/pick-lists", {{"date", kMonday}}, 201);
  BOOST_TEST(OrdersOfLists(some) == Sorted({{light}}));
  BOOST_TEST_REQUIRE(some["skipped"].size() == 1u);
  BOOST_TEST(some["skipped"][0]["order"] == heavy);
  BOOST_TEST(some["skipped"][0]["code"] == "unpackable");
  BOOST_TEST(some["skipped"][0]["message"].get<std::string>().find("ANVIL-1 (Enclume, 60 l, 20000 g)") !=
             std::string::npos);

  // Named orders or what is due, not both; a date as the calendar writes it; a wave of 1 to 8.
  const auto field = [&](const json& body) {
    return ErrorField(http->Post("/v1/sites/rivoli/pick-lists", Merchant(), body.dump(), kJson));
  };
  BOOST_TEST(field({{"date", "08/06/2099"}}) == "date");
  BOOST_TEST(field(json::object()) == "date");
  BOOST_TEST(field({{"date", kMonday}, {"orders", {d1}}}) == "orders");
  BOOST_TEST(field({{"orders", {d1}}, {"slot", "10:00-10:30"}}) == "slot");
  BOOST_TEST(field({{"date", kMonday}, {"wave_size", 9}}) == "wave_size");
  BOOST_TEST(field({{"date", kMonday}, {"slot", "10h-10h30"}}) == "slot");
  BOOST_TEST(field({{"orders", {d1, d1}}}) == "orders[1]");
  // A slot at a store that books none: said, not an empty answer.
  json corner = Shop();
  corner["capabilities"].erase("drive");
  CallJson(*http, "PUT", "/v1/sites/corner", corner);
  const httplib::Result no_slots = http->Post("/v1/sites/corner/pick-lists", Merchant(), slot.dump(), kJson);
  BOOST_TEST(ErrorField(no_slots) == "slot");
  BOOST_TEST(Body(no_slots)["error"]["message"] == "site corner books no slots: ask for the day (date alone)");
  // The other site's staff cannot ask for this one's.
  BOOST_TEST(http->Post("/v1/sites/rivoli/pick-lists", {{"Authorization", "Bearer " + other_staff}}, slot.dump(), kJson)
                 ->status == 403);
}

BOOST_FIXTURE_TEST_CASE(a_wave_is_picked_scanned_once_asked_of_the_shopper_and_prepared, Fixture) {
  json layout = Layout();
  layout["locations"].push_back({{"sku", "YOG-5"}, {"aisle", 5}, {"bay", 6}, {"side", "right"}});
  BOOST_TEST_REQUIRE(PutLayout(layout)->status == 201);
  const auto [o1, token1] = Order(*http, "o1", {{"BOOK-1", 1}, {"YOG-4", 2}}, true);
  const auto [o2, token2] = Order(*http, "o2", {{"TEA-3", 2}, {"PEAS-9", 1}}, false);
  const auto [o3, token3] = Order(*http, "o3", {{"TEA-3", 1}, {"BOOK-1", 1}}, true);

  // The site's staff make a wave of the three: one walk, each order in its own containers.
  const json made = CallJson(*http, "POST", "/v1/sites/rivoli/pick-lists", {{"orders", {o1, o2, o3}}}, 201, staff);
  BOOST_TEST_REQUIRE(made["pick_lists"].size() == 1u);
  json list = made["pick_lists"][0];
  const std::string id = list["id"];
  BOOST_TEST(list["status"] == "open");
  BOOST_TEST(list["layout_version"] == 1);
  BOOST_TEST_REQUIRE(list["lines"].size() == 6u);
  // Ambient first, then chilled, frozen last.
  const std::map<std::string, int> rank = {{"ambient", 0}, {"chilled", 1}, {"frozen", 2}};
  for (size_t i = 1; i < list["lines"].size(); ++i) {
    BOOST_TEST(rank.at(list["lines"][i - 1]["temperature"]) <= rank.at(list["lines"][i]["temperature"]));
  }
  // Containers: never two orders nor two classes in one.
  for (const json& line : list["lines"]) {
    const json& container = list["containers"][line["container"].get<size_t>()];
    BOOST_TEST(container["order_id"] == line["order_id"]);
    BOOST_TEST(container["temperature"] == line["temperature"]);
  }
  BOOST_TEST(list["route_m"].get<double>() > 0);
  BOOST_TEST(list["route_optimal"] == true);
  // An order's shipment is in one list only.
  BOOST_TEST(ErrorCode(http->Post("/v1/sites/rivoli/pick-lists", Merchant(), json{{"orders", {o2}}}.dump(), kJson)) ==
             "already_picked");

  // Two pickers: one takes it. The other site's staff does not even see it.
  const std::string second = CallJson(*http, "POST", "/v1/staff-tokens", {{"site", "rivoli"}, {"name", "Cy"}})["token"];
  CallJson(*http, "POST", "/v1/pick-lists/" + id + "/claim", json::object(), 200, staff);
  const httplib::Headers cy = {{"Authorization", "Bearer " + second}};
  const httplib::Result taken = http->Post("/v1/pick-lists/" + id + "/claim", cy, "{}", kJson);
  BOOST_TEST(taken->status == 409);
  BOOST_TEST(ErrorCode(taken) == "already_claimed");
  BOOST_TEST(Body(taken)["error"]["picker"].get<std::string>().find("Ana") != std::string::npos);
  const httplib::Headers bo = {{"Authorization", "Bearer " + other_staff}};
  BOOST_TEST(http->Get("/v1/pick-lists/" + id, bo)->status == 404);
  // The shoppers see their orders being prepared.
  BOOST_TEST(CallJson(*http, "GET", "/v1/orders/" + o1)["status"] == "preparing");

  auto line_of = [&](const std::string& order, const std::string& sku) {
    for (size_t i = 0; i < list["lines"].size(); ++i) {
      if (list["lines"][i]["order_id"] == order && list["lines"][i]["sku"] == sku) return static_cast<int>(i);
    }
    BOOST_FAIL("no line " + order + " " + sku);
    return -1;
  };
  auto scan = [&](const json& body, int expected = 200, const std::string& token = "") {
    const httplib::Headers h = {{"Authorization", "Bearer " + (token.empty() ? staff : token)}};
    httplib::Result r = http->Post("/v1/pick-lists/" + id + "/scans", h, body.dump(), kJson);
    BOOST_TEST(r->status == expected, r->body);
    if (r->status == 200) list = Body(r);
    return r;
  };
  // Only its picker scans; a barcode with a wrong check digit, another product's barcode: refused.
  BOOST_TEST(ErrorCode(scan({{"scan_id", "s0"}, {"line", line_of(o1, "BOOK-1")}, {"code", "9788430532674"}}, 403,
                            second)) == "forbidden");
  BOOST_TEST(ErrorField(scan({{"scan_id", "s1"}, {"line", line_of(o1, "BOOK-1")}, {"code", "9788430532675"}}, 400)) ==
             "code");
  BOOST_TEST(ErrorCode(scan({{"scan_id", "s1"}, {"line", line_of(o1, "BOOK-1")}, {"code", "8413000065504"}}, 409)) ==
             "wrong_product");
  // The right one; then the same scan again (sent twice after a loss of network): applied once.
  scan({{"scan_id", "s1"}, {"line", line_of(o1, "BOOK-1")}, {"code", "9788430532674"}});
  BOOST_TEST(list["lines"][line_of(o1, "BOOK-1")]["state"] == "picked");
  const int64_t version = list["version"];
  scan({{"scan_id", "s1"}, {"line", line_of(o1, "BOOK-1")}, {"code", "9788430532674"}});
  BOOST_TEST(list["version"] == version);
  BOOST_TEST(list["lines"][line_of(o1, "BOOK-1")]["picked"] == 1);
  BOOST_TEST(ErrorCode(scan({{"scan_id", "s2"}, {"line", line_of(o1, "BOOK-1")}, {"code", "9788430532674"}}, 409)) ==
             "line_settled");
  // Two units one by one (the second as a GTIN-14: the same number); by hand, with a reason.
  scan({{"scan_id", "s3"}, {"line", line_of(o2, "TEA-3")}, {"code", "8413000065504"}});
  BOOST_TEST(list["lines"][line_of(o2, "TEA-3")]["state"] == "pending");
  scan({{"scan_id", "s4"}, {"line", line_of(o2, "TEA-3")}, {"code", "08413000065504"}});
  BOOST_TEST(list["lines"][line_of(o2, "TEA-3")]["state"] == "picked");
  BOOST_TEST(ErrorField(scan({{"scan_id", "s5"}, {"line", line_of(o3, "TEA-3")}}, 400)) == "reason");
  scan({{"scan_id", "s5"}, {"line", line_of(o3, "TEA-3")}, {"reason", "label torn"}});
  scan({{"scan_id", "s6"}, {"line", line_of(o3, "BOOK-1")}, {"code", "9788430532674"}});
  scan({{"scan_id", "s7"}, {"line", line_of(o2, "PEAS-9")}, {"code", "5000213101025"}});

  // The yoghurts are not on their shelf: o1's shopper allowed substitutes, and is asked.
  const httplib::Headers ana = {{"Authorization", "Bearer " + staff}};
  const int yog = line_of(o1, "YOG-4");
  const json missing = json{{"scan_id", "m1"}, {"line", yog}};
  list = Body(http->Post("/v1/pick-lists/" + id + "/missing", ana, missing.dump(), kJson));
  BOOST_TEST(list["lines"][yog]["state"] == "missing");
  const std::string question = list["lines"][yog]["question"];
  BOOST_TEST(!question.empty());
  // Sent again: nothing more is asked.
  list = Body(http->Post("/v1/pick-lists/" + id + "/missing", ana, missing.dump(), kJson));
  BOOST_TEST(CallJson(*http, "GET", "/v1/orders/" + o1)["questions"].size() == 1u);
  // Done walking, but the shopper has not answered: the list waits.
  list = CallJson(*http, "POST", "/v1/pick-lists/" + id + "/complete", json::object(), 200, staff);
  BOOST_TEST(list["status"] == "waiting");
  // The shopper takes the other yoghurt, with its tracking token; the list shows it on its shelf.
  const json order1 = CallJson(*http, "GET", "/v1/orders/" + o1);
  BOOST_TEST(order1["questions"][0]["candidates"][0]["sku"] == "YOG-5");
  CallJson(*http, "POST", "/v1/orders/" + o1 + "/questions/" + question + "/answer",
           {{"accept", true}, {"sku", "YOG-5"}}, 200, token1);
  list = CallJson(*http, "GET", "/v1/pick-lists/" + id, nullptr, 200, staff);
  BOOST_TEST(list["lines"][yog]["state"] == "pending");
  BOOST_TEST(list["lines"][yog]["sku"] == "YOG-5");
  BOOST_TEST(list["lines"][yog]["substitute"] == "YOG-4");
  BOOST_TEST(list["lines"][yog]["bay"] == 6);
  BOOST_TEST(ErrorCode(http->Post("/v1/pick-lists/" + id + "/complete", ana, "{}", kJson)) == "lines_left");
  scan({{"scan_id", "s8"}, {"line", yog}, {"code", "5603667020517"}, {"quantity", 2}});
  list = CallJson(*http, "POST", "/v1/pick-lists/" + id + "/complete", json::object(), 200, staff);
  BOOST_TEST(list["status"] == "done");
  // Each shipment is prepared, its step recording the containers per class.
  for (const std::string& o : {o1, o2, o3}) BOOST_TEST(CallJson(*http, "GET", "/v1/orders/" + o)["status"] == "ready");
  const json events = CallJson(*http, "GET", "/v1/orders/" + o2 + "/events");
  bool recorded = false;
  for (const json& e : events["events"]) {
    if (e["kind"] == "step" && e["details"].value("event", "") == "preparation_done") {
      recorded = e["details"]["pick_list"] == id && e["details"]["containers"]["ambient"] == 1 &&
                 e["details"]["containers"]["frozen"] == 1;
    }
  }
  BOOST_TEST(recorded, events.dump());
  // Completed again (an answer lost): the same list.
  BOOST_TEST(CallJson(*http, "POST", "/v1/pick-lists/" + id + "/complete", json::object(), 200, staff)["status"] ==
             "done");
}

BOOST_FIXTURE_TEST_CASE(a_missing_product_without_substitutes_allowed_is_cancelled_at_once, Fixture) {
  BOOST_TEST_REQUIRE(PutLayout(Layout())->status == 201);
  const auto [o2, token2] = Order(*http, "o2", {{"TEA-3", 2}, {"PEAS-9", 1}}, false);
  // A product the layout does not place: the list takes it last, without a location, for the floor to find.
  const auto [o4, token4] = Order(*http, "o4", {{"YOG-5", 1}}, false);
  const json unplaced =
      CallJson(*http, "POST", "/v1/sites/rivoli/pick-lists", {{"orders", {o4}}}, 201)["pick_lists"][0];
  BOOST_TEST(unplaced["lines"][0]["location"] == "");
  BOOST_TEST(unplaced["lines"][0]["aisle"] == 0);
  const json list =
      CallJson(*http, "POST", "/v1/sites/rivoli/pick-lists", {{"orders", {o2}}, {"wave", false}}, 201)["pick_lists"][0];
  const std::string id = list["id"];
  // Not taken yet: nothing to report.
  const httplib::Headers ana = {{"Authorization", "Bearer " + staff}};
  BOOST_TEST(ErrorCode(http->Post("/v1/pick-lists/" + id + "/missing", ana, json{{"scan_id", "m"}, {"line", 0}}.dump(),
                                  kJson)) == "not_picking");
  CallJson(*http, "POST", "/v1/pick-lists/" + id + "/claim", json::object(), 200, staff);
  int peas = 0;
  for (size_t i = 0; i < list["lines"].size(); ++i) {
    if (list["lines"][i]["sku"] == "PEAS-9") peas = static_cast<int>(i);
  }
  const json after =
      Body(http->Post("/v1/pick-lists/" + id + "/missing", ana, json{{"scan_id", "m"}, {"line", peas}}.dump(), kJson));
  BOOST_TEST(after["lines"][peas]["state"] == "cancelled");
  BOOST_TEST(after["lines"][peas]["reason"] == "the shopper allowed no substitutions");
  BOOST_TEST(CallJson(*http, "GET", "/v1/orders/" + o2)["lines"].size() == 1u);  // The peas left the order.
}

BOOST_FIXTURE_TEST_CASE(a_cancelled_order_leaves_the_list_and_a_list_can_be_handed_over, Fixture) {
  BOOST_TEST_REQUIRE(PutLayout(Layout())->status == 201);
  const auto [o5, token5] = Order(*http, "o5", {{"TEA-3", 1}, {"BOOK-1", 1}}, false);
  const json list = CallJson(*http, "POST", "/v1/sites/rivoli/pick-lists", {{"orders", {o5}}}, 201)["pick_lists"][0];
  const std::string id = list["id"];
  // The order is cancelled once its list was made (before its preparation starts): its lines leave the walk,
  // a scan of them is refused.
  CallJson(*http, "POST", "/v1/orders/" + o5 + "/cancel", json::object(), 200);
  CallJson(*http, "POST", "/v1/pick-lists/" + id + "/claim", json::object(), 200, staff);
  const json after = CallJson(*http, "GET", "/v1/pick-lists/" + id, nullptr, 200, staff);
  for (const json& line : after["lines"]) BOOST_TEST(line["state"] == "cancelled");
  const httplib::Headers ana = {{"Authorization", "Bearer " + staff}};
  BOOST_TEST(ErrorCode(http->Post("/v1/pick-lists/" + id + "/scans", ana,
                                  json{{"scan_id", "x"}, {"line", 0}, {"reason", "r"}}.dump(), kJson)) ==
             "line_settled");
  // A list taken by a picker who left goes back to open, and another picker takes it.
  const auto [o6, token6] = Order(*http, "o6", {{"TEA-3", 1}}, false);
  const std::string other =
      CallJson(*http, "POST", "/v1/sites/rivoli/pick-lists", {{"orders", {o6}}}, 201)["pick_lists"][0]["id"];
  CallJson(*http, "POST", "/v1/pick-lists/" + other + "/claim", json::object(), 200, staff);
  const std::string cy = CallJson(*http, "POST", "/v1/staff-tokens", {{"site", "rivoli"}, {"name", "Cy"}})["token"];
  BOOST_TEST(CallJson(*http, "POST", "/v1/pick-lists/" + other + "/release", json::object(), 200)["status"] == "open");
  const json taken = CallJson(*http, "POST", "/v1/pick-lists/" + other + "/claim", json::object(), 200, cy);
  BOOST_TEST(taken["picker"].get<std::string>().find("Cy") != std::string::npos);
}

// Fewer on the shelf than ordered: what was found is kept, and the shopper is asked about the rest only -- a
// substitute for those units becomes a line of its own; without substitutes, the rest leaves the order.
BOOST_FIXTURE_TEST_CASE(a_shortage_keeps_what_was_found_and_asks_about_the_rest, Fixture) {
  BOOST_TEST_REQUIRE(PutLayout(Layout())->status == 201);
  const auto [o1, token1] = Order(*http, "s1", {{"YOG-4", 3}}, true);
  const auto [o2, token2] = Order(*http, "s2", {{"TEA-3", 3}}, false);
  const json made = CallJson(*http, "POST", "/v1/sites/rivoli/pick-lists", {{"orders", {o1, o2}}}, 201, staff);
  const std::string id = made["pick_lists"][0]["id"];
  json list = CallJson(*http, "POST", "/v1/pick-lists/" + id + "/claim", json::object(), 200, staff);
  const auto line_of = [&](const std::string& sku) {
    for (size_t i = 0; i < list["lines"].size(); ++i) {
      if (list["lines"][i]["sku"] == sku) return static_cast<int>(i);
    }
    BOOST_FAIL("no line " + sku);
    return -1;
  };
  const int yog = line_of("YOG-4"), tea = line_of("TEA-3");
  const auto post = [&](const std::string& what, const json& body) {
    list = CallJson(*http, "POST", "/v1/pick-lists/" + id + "/" + what, body, 200, staff);
  };
  // One yoghurt of three on the shelf: the shopper is asked about two.
  post("scans", {{"scan_id", "y1"}, {"line", yog}, {"code", "5201815331227"}});
  post("missing", {{"scan_id", "y2"}, {"line", yog}});
  BOOST_TEST(list["lines"][yog]["state"] == "missing");
  BOOST_TEST(list["lines"][yog]["picked"] == 1);
  json order1 = CallJson(*http, "GET", "/v1/orders/" + o1);
  const json question = order1["questions"][0];
  BOOST_TEST(question["quantity"] == 2);
  BOOST_TEST(question["text"]["en"] == "2 of the 3 YOG-4 ordered are out of stock: accept a substitute for them?");
  BOOST_TEST(question["candidates"][0]["sku"] == "YOG-5");
  // Two teas of three, and this shopper allowed no substitutes: the third leaves the order at once.
  post("scans", {{"scan_id", "t1"}, {"line", tea}, {"code", "8413000065504"}, {"quantity", 2}});
  post("missing", {{"scan_id", "t2"}, {"line", tea}});
  BOOST_TEST(list["lines"][tea]["state"] == "short");
  const json order2 = CallJson(*http, "GET", "/v1/orders/" + o2);
  BOOST_TEST_REQUIRE(order2["lines"].size() == 1u);
  BOOST_TEST(order2["lines"][0]["quantity"] == 2);
  BOOST_TEST(order2["total_cents"] == 200);
  // The other yoghurt gets a shelf meanwhile, in the layout's next version (the same aisles).
  json layout = Layout();
  layout["locations"].push_back({{"sku", "YOG-5"}, {"aisle", 5}, {"bay", 6}, {"side", "right"}});
  BOOST_TEST_REQUIRE(PutLayout(layout)->status == 201);
  // The first shopper takes the other yoghurt for the two missing: a new line at its shelf, the found one kept.
  CallJson(*http, "POST", "/v1/orders/" + o1 + "/questions/" + question["id"].get<std::string>() + "/answer",
           {{"accept", true}, {"sku", "YOG-5"}}, 200, token1);
  list = CallJson(*http, "GET", "/v1/pick-lists/" + id, nullptr, 200, staff);
  BOOST_TEST(list["lines"][yog]["state"] == "short");
  BOOST_TEST(list["lines"][yog]["sku"] == "YOG-4");
  const json& added = list["lines"].back();
  BOOST_TEST(added["sku"] == "YOG-5");
  BOOST_TEST(added["substitute"] == "YOG-4");
  BOOST_TEST(added["quantity"] == 2);
  BOOST_TEST(added["state"] == "pending");
  BOOST_TEST(added["bay"] == 6);
  order1 = CallJson(*http, "GET", "/v1/orders/" + o1);
  BOOST_TEST_REQUIRE(order1["lines"].size() == 2u);
  BOOST_TEST(order1["lines"][0]["sku"] == "YOG-4");
  BOOST_TEST(order1["lines"][0]["quantity"] == 1);
  BOOST_TEST(order1["lines"][1]["sku"] == "YOG-5");
  BOOST_TEST(order1["lines"][1]["quantity"] == 2);
  BOOST_TEST(order1["total_cents"] == 300);
  const int last = static_cast<int>(list["lines"].size()) - 1;
  post("scans", {{"scan_id", "y3"}, {"line", last}, {"code", "5603667020517"}, {"quantity", 2}});
  post("complete", json::object());
  BOOST_TEST(list["status"] == "done");
  BOOST_TEST(CallJson(*http, "GET", "/v1/orders/" + o1)["status"] == "ready");
  BOOST_TEST(CallJson(*http, "GET", "/v1/orders/" + o2)["status"] == "ready");
  // The stock follows: two teas stay reserved for the order, the third is back on sale.
  const json tea_stock = CallJson(*http, "GET", "/v1/stock/TEA-3?site=rivoli");
  BOOST_TEST(tea_stock.dump().find("\"reserved\":2") != std::string::npos, tea_stock.dump());
}

// A store that is not parallel aisles: its walkways as the layout, the list's route along them (classes in
// order, optimal), each line at its node; the spreadsheet names nodes; what is due comes in waves in due order.
BOOST_FIXTURE_TEST_CASE(a_store_of_walkways_is_picked_along_its_walkways, Fixture) {
  std::ifstream in("tests/fixtures/picking/walkway_shop.json");
  const json shop = json::parse(in);  // Tea at the island, yoghurts at the fridge, chilled.
  const httplib::Result put = PutLayout(shop);
  BOOST_TEST_REQUIRE(put->status == 201, put->body);
  BOOST_TEST(Body(put)["layout"]["locations"][0]["id"] == "island-L2");
  json wrong = shop;
  wrong["locations"][1]["node"] = "island";
  const httplib::Result refused = PutLayout(wrong);
  BOOST_TEST(ErrorField(refused) == "locations[1].node");
  BOOST_TEST(Body(refused)["error"]["message"] ==
             "locations[1].node: YOG-4 is chilled, and node island is in an ambient zone");

  const auto [o1, token1] = Order(*http, "w1", {{"YOG-4", 1}, {"TEA-3", 1}}, true);
  const json list = CallJson(*http, "POST", "/v1/sites/rivoli/pick-lists", {{"orders", {o1}}}, 201)["pick_lists"][0];
  // The tea at the island first, then the yoghurts at the fridge, then the till: 7.5 + 7.5 + 8 + 18 = 41 m.
  BOOST_TEST_REQUIRE(list["lines"].size() == 2u);
  BOOST_TEST(list["lines"][0]["sku"] == "TEA-3");
  BOOST_TEST(list["lines"][0]["node"] == "island");
  BOOST_TEST(list["lines"][0]["location"] == "island-L2");
  BOOST_TEST(list["lines"][0]["aisle"] == 0);
  BOOST_TEST(list["lines"][1]["node"] == "fridge");
  BOOST_TEST(list["route_m"] == 41.0);
  BOOST_TEST(list["route_optimal"] == true);
  // Picked as anywhere else.
  const std::string id = list["id"];
  CallJson(*http, "POST", "/v1/pick-lists/" + id + "/claim", json::object(), 200, staff);
  CallJson(*http, "POST", "/v1/pick-lists/" + id + "/scans",
           {{"scan_id", "w1"}, {"line", 0}, {"code", "8413000065504"}}, 200, staff);
  CallJson(*http, "POST", "/v1/pick-lists/" + id + "/scans",
           {{"scan_id", "w2"}, {"line", 1}, {"code", "5201815331227"}}, 200, staff);
  BOOST_TEST(CallJson(*http, "POST", "/v1/pick-lists/" + id + "/complete", json::object(), 200, staff)["status"] ==
             "done");

  // The planogram by node, from a spreadsheet: the tea moves to the back.
  const httplib::Result csv = PutCsv("sku,node,side,level\nTEA-3,back,left,1\nYOG-4,fridge,right,1\n");
  BOOST_TEST_REQUIRE(csv->status == 201, csv->body);
  BOOST_TEST(Body(csv)["layout"]["locations"][0]["id"] == "back-L1");
  // What is due: waves in the order the orders are due.
  Order(*http, "w2", {{"TEA-3", 1}}, true);
  Order(*http, "w3", {{"YOG-4", 1}}, true);
  const json due = CallJson(*http, "POST", "/v1/sites/rivoli/pick-lists", {{"date", kMonday}, {"wave_size", 2}}, 201);
  BOOST_TEST_REQUIRE(due["pick_lists"].size() == 1u);
  BOOST_TEST(due["pick_lists"][0]["shipments"].size() == 2u);
  BOOST_TEST(due["pick_lists"][0]["lines"][0]["node"] == "back");
}
