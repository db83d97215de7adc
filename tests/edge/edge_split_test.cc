#define BOOST_TEST_MODULE edge_split
// The split through relais-edge: GET /v1/availability gives a browser what it splits a basket with; the
// engine plans it (as the split module does in the browser); POST /v1/orders with the plan's lines and the shopper's
// choices re-plans with the server's stock and takes the order, or answers 409 plan_changed with the plan
// the server would make when stock moved or the lines are not the best plan.
#include <boost/test/unit_test.hpp>
#include <mutex>
#include <thread>

#include "tests/edge/edge_process.h"
#include "wasm/engine/split_json.h"
#include "wasm/engine/split_plan.h"

using namespace relais;
using namespace relais::testing;
using nlohmann::json;

namespace {

const char* kJson = "application/json";

json Location(double lat, double lon) {
  return {{"country", "FR"}, {"lat", lat}, {"lon", lon}, {"tz", "Europe/Paris"}};
}

struct Fixture {
  EdgeFolder folder{json{
      {"brands",
       {{{"id", "demo"},
         {"name", "Demo"},
         {"api_key_env", "TEST_DEMO_KEY"},
         {"settings",
          {{"zones", {{"idf", {{"name", "IDF"}}}, {"nord", {{"name", "Nord"}}}}}, {"shipment_penalty_cents", 300}}}}}},
      {"places", "demo/data/laposte_hexasmal_2020.csv"}}};  // La Poste's postcodes.
  EdgeProcess edge{folder};
  std::unique_ptr<httplib::Client> http = edge.Client();

  Fixture() {
    Put("/v1/sites/store", {{"kind", "store"},
                            {"name", "Paris Rivoli"},
                            {"zone", "idf"},
                            {"preparation_cents", 100},
                            {"location", Location(48.857, 2.354)},
                            {"capabilities",
                             {{"click_collect", {{"cost_cents", 0}, {"lead_time_hours", 2}}},
                              {"home", {{"cost_cents", 900}, {"lead_time_hours", 4}, {"transit_days", 1}}}}}});
    Put("/v1/sites/wh",
        {{"kind", "warehouse"},
         {"name", "Entrepôt"},
         {"zone", "idf"},
         {"preparation_cents", 50},
         {"location", Location(48.938, 2.5)},
         {"capabilities",
          {{"home", {{"cost_cents", 490}, {"per_kg_cents", 100}, {"lead_time_hours", 24}, {"transit_days", 2}}},
           {"transfer", {{"cost_cents", 200}, {"lead_time_hours", 12}, {"transit_days", 1}}}}}});
    Put("/v1/sites/lille", {{"kind", "store"},
                            {"name", "Lille"},
                            {"zone", "nord"},
                            {"location", Location(50.63, 3.06)},
                            {"capabilities", {{"home", {{"cost_cents", 100}, {"lead_time_hours", 1}}}}}});
    for (const auto& [sku, weight] : {std::pair{"BOOK", 500}, std::pair{"TENT", 3000}}) {
      Put(std::string("/v1/products/") + sku, {{"name", sku},
                                               {"category", std::string(sku) == "TENT" ? "outdoor/tents" : "books"},
                                               {"temperature", "ambient"},
                                               {"weight_g", weight},
                                               {"dims_cm", {30, 20, 10}},
                                               {"price_cents", 1000}});
    }
    Move("receipt", "BOOK", "store", 5);
    Move("receipt", "BOOK", "wh", 5);
    Move("receipt", "TENT", "wh", 2);
    Move("receipt", "TENT", "lille", 9);
  }
  void Put(const std::string& path, const json& body) {
    const httplib::Result r = http->Put(path, Merchant(), body.dump(), kJson);
    BOOST_REQUIRE_MESSAGE(r && r->status == 200, path << ": " << (r ? r->body : "no answer"));
  }
  void Move(const std::string& kind, const std::string& sku, const std::string& site, int64_t q) {
    const json m = {{"kind", kind}, {"sku", sku}, {"site", site}, {"quantity", q}};
    BOOST_REQUIRE_EQUAL(http->Post("/v1/stock/movements", Merchant(), m.dump(), kJson)->status, 201);
  }
  httplib::Result Order(const json& order, const std::string& key) {
    httplib::Headers h = Merchant();
    h.emplace("Idempotency-Key", key);
    return http->Post("/v1/orders", h, order.dump(), kJson);
  }
};

// What the widget does: the availability answer, quantities and choices set, planned by the engine.
json BrowserPlan(const json& availability, const std::map<std::string, int64_t>& quantities, const json& choices) {
  json input = availability;
  for (json& line : input["basket"]) line["quantity"] = quantities.at(line["sku"]);
  input["choices"] = choices;
  SplitInput in;
  const std::string error = ParseSplitInput(input.dump(), nullptr, &in);
  BOOST_REQUIRE_MESSAGE(error.empty(), error);
  return json::parse(SplitPlanJson(in, Split(in)));
}

const json kOberkampf = {{"address", {"5 rue Oberkampf"}}, {"postcode", "75011"}, {"city", "PARIS"}, {"country", "FR"}};

// The order lines a plan stands for; home lines go to `home`.
json LinesOf(const json& plan, const json& home = kOberkampf) {
  json lines = json::array();
  for (const json& s : plan["shipments"]) {
    for (const json& l : s["lines"]) {
      json line = {{"sku", l["sku"]}, {"quantity", l["quantity"]}, {"site", s["site"]}, {"mode", s["mode"]}};
      if (s.contains("via") && !s["destination"].contains("site")) line["via"] = s["via"];
      if (s["mode"] == "home") {
        line["destination"] = home;
      } else if (s["destination"].contains("site")) {
        line["destination"] = s["destination"];
        if (line["mode"] == "reserve") line["mode"] = "click_collect";
      }
      lines.push_back(line);
    }
  }
  return lines;
}

const json kChoices = {{"modes", {"home", "click_collect"}}, {"home", {{"lat", 48.853}, {"lon", 2.369}}}};

}  // namespace

BOOST_FIXTURE_TEST_CASE(availability_gives_what_the_browser_splits_with, Fixture) {
  const httplib::Result r = http->Get("/v1/availability?skus=BOOK,TENT&site=store", Merchant());
  BOOST_TEST_REQUIRE(r->status == 200, r->body);
  const json a = json::parse(r->body);
  BOOST_TEST(a["purchase_site"] == "store");
  std::vector<std::string> sites;
  for (const json& s : a["sites"]) sites.push_back(s["id"]);
  BOOST_TEST((sites == std::vector<std::string>{"store", "wh"}));  // Lille is in another zone.
  BOOST_TEST(a["stock"]["TENT"] == json({{"wh", 2}}));
  BOOST_TEST(a["basket"][1]["weight_g"] == 3000);
  BOOST_TEST(a["prices"]["BOOK"] == 1000);
  BOOST_TEST(a["shipment_penalty_cents"] == 300);
  BOOST_TEST(a["sites"][1]["modes"]["home"]["transit_days"] == 2);
  BOOST_TEST(http->Get("/v1/availability?skus=NOPE&site=store", Merchant())->status == 404);
  BOOST_TEST(http->Get("/v1/availability?skus=BOOK&site=nowhere", Merchant())->status == 404);
  BOOST_TEST(http->Get("/v1/availability?skus=BO%20OK", Merchant())->status == 400);
}

BOOST_FIXTURE_TEST_CASE(the_browsers_plan_is_ordered_and_rechecked, Fixture) {
  const json availability = json::parse(http->Get("/v1/availability?skus=BOOK,TENT&site=store", Merchant())->body);
  const json plan = BrowserPlan(availability, {{"BOOK", 1}, {"TENT", 1}}, kChoices);
  BOOST_TEST_REQUIRE(plan["unserved"].empty(), plan.dump());
  // The tent is only at the warehouse: the book rides with it (one shipment beats two).
  BOOST_TEST_REQUIRE(plan["shipments"].size() == 1u, plan.dump());
  BOOST_TEST(plan["shipments"][0]["site"] == "wh");
  const json order = {{"customer_id", "c-1"},
                      {"purchase_site", "store"},
                      {"lines", LinesOf(plan)},
                      {"split", {{"choices", kChoices}, {"preference", "cheapest"}}}};
  const httplib::Result created = Order(order, "split-1");
  BOOST_TEST_REQUIRE(created->status == 201, created->body);
  const json body = json::parse(created->body);
  BOOST_TEST(body["delivery"].size() == 1u);
  BOOST_TEST(body["delivery"][0]["cost_cents"] == plan["shipments"][0]["cost_cents"]);
  BOOST_TEST(body["delivery"][0]["earliest"] == plan["shipments"][0]["earliest"]);
  BOOST_TEST(body["total_cents"] == 2000 + plan["totals"]["cost_cents"].get<int64_t>());

  // The warehouse sold its last tent meanwhile: the same basket cannot be served as planned.
  Move("pos_sale", "TENT", "wh", 1);
  for (const auto& [sku, site] : {std::pair{"TENT-2P", "store"}, std::pair{"TENT-4P", "lille"}}) {
    Put(std::string("/v1/products/") + sku, {{"name", sku},
                                             {"category", "outdoor/tents"},
                                             {"temperature", "ambient"},
                                             {"weight_g", 2500},
                                             {"price_cents", 8900}});
    Move("receipt", sku, site, 3);
  }
  const httplib::Result changed = Order(order, "split-2");
  BOOST_TEST_REQUIRE(changed->status == 409, changed->body);
  const json error = json::parse(changed->body)["error"];
  BOOST_TEST(error["code"] == "plan_changed");
  BOOST_TEST(error["plan"]["unserved"][0]["sku"] == "TENT");
  BOOST_TEST(error["plan"]["unserved"][0]["reason"] == "no_stock");
  // A tent of the same category the zone holds is offered instead; Lille's tents are out of the zone.
  BOOST_TEST(error["plan"]["unserved"][0]["substitutes"].size() == 1u);
  BOOST_TEST(error["plan"]["unserved"][0]["substitutes"][0]["sku"] == "TENT-2P");
  BOOST_TEST(json::parse(http->Get("/v1/stock/BOOK?site=wh", Merchant())->body)["sites"][0]["reserved"] == 1);
}

BOOST_FIXTURE_TEST_CASE(lines_that_are_not_the_best_plan_get_the_servers, Fixture) {
  // The book from the store by home delivery: dearer than the warehouse's, so not what the server plans.
  json lines = {{{"sku", "BOOK"},
                 {"quantity", 1},
                 {"site", "store"},
                 {"mode", "home"},
                 {"destination",
                  {{"address", {"5 rue Oberkampf"}}, {"postcode", "75011"}, {"city", "PARIS"}, {"country", "FR"}}}}};
  const json choices = {{"modes", {"home"}}, {"home", {{"lat", 48.853}, {"lon", 2.369}}}};
  const json order = {
      {"customer_id", "c-2"}, {"purchase_site", "store"}, {"lines", lines}, {"split", {{"choices", choices}}}};
  const httplib::Result r = Order(order, "split-3");
  BOOST_TEST_REQUIRE(r->status == 409, r->body);
  const json plan = json::parse(r->body)["error"]["plan"];
  BOOST_TEST(plan["shipments"][0]["site"] == "wh");
  // Asking for the fastest instead: the store's delivery is the plan, and the order goes through.
  json fastest = order;
  fastest["split"]["preference"] = "fastest";
  const httplib::Result ok = Order(fastest, "split-4");
  BOOST_TEST(ok->status == 201, ok->body);
  // A relay chosen by key with no snapshot loaded, or a choice the engine refuses, names the field.
  json bad = order;
  bad["split"]["choices"]["collect_site"] = "nowhere";
  const json error = json::parse(Order(bad, "split-5")->body)["error"];
  BOOST_TEST(error["field"] == "split.choices.collect_site");
}

BOOST_FIXTURE_TEST_CASE(a_second_basket_joins_the_customers_open_shipment, Fixture) {
  const json choices = {{"modes", {"home"}}, {"home", {{"lat", 48.853}, {"lon", 2.369}}}};
  const auto order_of = [&](const std::string& customer, const std::map<std::string, int64_t>& quantities) {
    std::string skus;
    for (const auto& [sku, q] : quantities) skus += (skus.empty() ? "" : ",") + sku;
    const json availability = json::parse(
        http->Get("/v1/availability?skus=" + skus + "&site=store&customer_id=" + customer, Merchant())->body);
    const json plan = BrowserPlan(availability, quantities, choices);
    return json{{"customer_id", customer},
                {"purchase_site", "store"},
                {"lines", LinesOf(plan)},
                {"split", {{"choices", choices}}}};
  };
  const httplib::Result first = Order(order_of("c-7", {{"TENT", 1}}), "join-1");
  BOOST_TEST_REQUIRE(first->status == 201, first->body);
  // Served by the warehouse for the store's shopper: the warehouse's child order carries the shipment.
  const std::string first_id = json::parse(first->body)["children"][0]["id"];
  // The parent's ETA is its children's latest planned arrival.
  BOOST_TEST(json::parse(first->body)["eta"] == json::parse(first->body)["delivery"][0]["latest"]);
  // The same customer's next basket rides with the tent: only its 0.5 kg is paid, no new shipment.
  const httplib::Result second = Order(order_of("c-7", {{"BOOK", 1}}), "join-2");
  BOOST_TEST_REQUIRE(second->status == 201, second->body);
  const json delivery = json::parse(second->body)["delivery"];
  BOOST_TEST_REQUIRE(delivery.size() == 1u);
  BOOST_TEST(delivery[0]["joins"] == first_id + "/0");
  BOOST_TEST(delivery[0]["cost_cents"] == 50);  // 0.5 kg at 1.00 a kg.
  BOOST_TEST(delivery[0]["parcels"] == 0);
  // Another customer pays a shipment of their own; and once the tent has left, nothing joins it.
  const json other = json::parse(Order(order_of("c-8", {{"BOOK", 1}}), "join-3")->body);
  BOOST_TEST(!other["delivery"][0].contains("joins"));
  BOOST_TEST_REQUIRE(
      http->Post("/v1/orders/" + first_id + "/status", Merchant(), R"({"status": "shipped"})", kJson)->status == 200);
  const json third = json::parse(Order(order_of("c-7", {{"BOOK", 1}}), "join-4")->body);
  BOOST_TEST(!third["delivery"][0].contains("joins"));
}

BOOST_FIXTURE_TEST_CASE(a_basket_joins_only_a_shipment_going_to_the_same_home, Fixture) {
  const json choices = {{"modes", {"home"}}, {"home", {{"lat", 48.853}, {"lon", 2.369}}}};
  const auto order_of = [&](const std::string& sku, const json& home) {
    const json availability =
        json::parse(http->Get("/v1/availability?skus=" + sku + "&site=store&customer_id=c-11", Merchant())->body);
    return json{{"customer_id", "c-11"},
                {"purchase_site", "store"},
                {"lines", LinesOf(BrowserPlan(availability, {{sku, 1}}, choices), home)},
                {"split", {{"choices", choices}}}};
  };
  const httplib::Result first = Order(order_of("TENT", kOberkampf), "home-1");
  BOOST_TEST_REQUIRE(first->status == 201, first->body);
  const std::string first_id = json::parse(first->body)["children"][0]["id"];
  // The same customer's next basket goes to Marseille: it never rides with the Paris parcel.
  const json marseille = {
      {"address", {"10 La Canebière"}}, {"postcode", "13001"}, {"city", "MARSEILLE"}, {"country", "FR"}};
  const httplib::Result elsewhere = Order(order_of("BOOK", marseille), "home-2");
  BOOST_TEST_REQUIRE(elsewhere->status == 201, elsewhere->body);
  const json apart = json::parse(elsewhere->body)["delivery"][0];
  BOOST_TEST(!apart.contains("joins"), apart.dump());
  BOOST_TEST(apart["parcels"] == 1);
  // The Paris address typed another way is the same home: that basket joins.
  const json same_home = {
      {"address", {"5, Rue  OBERKAMPF"}}, {"postcode", "75 011"}, {"city", "Paris"}, {"country", "fr"}};
  const httplib::Result again = Order(order_of("BOOK", same_home), "home-3");
  BOOST_TEST_REQUIRE(again->status == 201, again->body);
  BOOST_TEST(json::parse(again->body)["delivery"][0]["joins"] == first_id + "/0");
  // What the checkout splits with names each open home shipment's home by a key, never by its address.
  const json availability =
      json::parse(http->Get("/v1/availability?skus=BOOK&site=store&customer_id=c-11", Merchant())->body);
  BOOST_REQUIRE(!availability["open_shipments"].empty());
  const json destination = availability["open_shipments"][0]["destination"];
  BOOST_TEST(destination["address_key"].get<std::string>().size() == 32u);
  BOOST_TEST(availability.dump().find("Oberkampf") == std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(a_depot_reserves_the_store_delivers, Fixture) {
  // A depot of the zone that delivers nobody itself: its lamp goes to the store, which delivers it.
  Put("/v1/sites/depot",
      {{"kind", "warehouse"},
       {"name", "Dépôt"},
       {"zone", "idf"},
       {"location", Location(48.80, 2.40)},
       {"capabilities", {{"transfer", {{"cost_cents", 150}, {"lead_time_hours", 6}, {"transit_days", 1}}}}}});
  Put("/v1/products/LAMP", {{"name", "Lamp"},
                            {"category", "c"},
                            {"temperature", "ambient"},
                            {"weight_g", 2000},
                            {"dims_cm", {30, 20, 10}},
                            {"price_cents", 4500}});
  Move("receipt", "LAMP", "depot", 4);
  const json choices = {{"modes", {"home"}}, {"home", {{"lat", 48.853}, {"lon", 2.369}}}};
  const json availability = json::parse(http->Get("/v1/availability?skus=LAMP&site=store", Merchant())->body);
  const json plan = BrowserPlan(availability, {{"LAMP", 1}}, choices);
  BOOST_TEST_REQUIRE(plan["shipments"].size() == 1u, plan.dump());
  BOOST_TEST(plan["shipments"][0]["site"] == "depot");
  BOOST_TEST(plan["shipments"][0]["via"] == "store");
  const json lines = LinesOf(plan);
  const json order = {
      {"customer_id", "c-9"}, {"purchase_site", "store"}, {"lines", lines}, {"split", {{"choices", choices}}}};
  const httplib::Result r = Order(order, "depot-1");
  BOOST_TEST_REQUIRE(r->status == 201, r->body);
  const json created = json::parse(r->body);
  BOOST_TEST(created["lines"][0]["via"] == "store");
  BOOST_TEST(created["delivery"][0]["via"] == "store");
  BOOST_TEST(json::parse(http->Get("/v1/stock/LAMP?site=depot", Merchant())->body)["sites"][0]["reserved"] == 1);
  // The same line said to leave from the depot itself is refused: the depot delivers nobody.
  json direct = order;
  direct["lines"][0].erase("via");
  BOOST_TEST(json::parse(Order(direct, "depot-2")->body)["error"]["code"] == "mode_unavailable");
}

namespace {

json Call(httplib::Client& http, const std::string& method, const std::string& path, const json& body, int expected) {
  const httplib::Result r = method == "POST"  ? http.Post(path, Merchant(), body.dump(), kJson)
                            : method == "PUT" ? http.Put(path, Merchant(), body.dump(), kJson)
                            : method == "GET" ? http.Get(path, Merchant())
                                              : http.Delete(path, Merchant());
  BOOST_REQUIRE_MESSAGE(r, method << " " << path << ": no answer");
  BOOST_REQUIRE_MESSAGE(r->status == expected, method << " " << path << " answered " << r->status << ": " << r->body);
  return json::parse(r->body);
}

// (sku, site, mode) of each line a plan ships, in plan order.
std::vector<std::string> Shipped(const json& plan) {
  std::vector<std::string> out;
  for (const json& s : plan["shipments"]) {
    for (const json& l : s["lines"]) {
      out.push_back(l["sku"].get<std::string>() + "@" + s["site"].get<std::string>() + ":" +
                    s["mode"].get<std::string>());
    }
  }
  return out;
}

const json kHomeAddress = {{"name", "A. Martin"},
                           {"address", {"5 rue Oberkampf"}},
                           {"postcode", "75011"},
                           {"city", "PARIS"},
                           {"country", "FR"}};

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_server_side_basket_replans_at_each_change_and_orders_its_plan, Fixture) {
  const json created =
      Call(*http, "POST", "/v1/baskets",
           {{"customer_id", "c-b"}, {"purchase_site", "store"}, {"lines", {{{"sku", "BOOK"}, {"quantity", 1}}}}}, 201);
  const std::string path = "/v1/baskets/" + created["id"].get<std::string>();
  BOOST_TEST(created["status"] == "open");
  // Nothing chosen yet: collected at the purchase site, from its own shelf.
  BOOST_TEST(Shipped(created["plan"]) == std::vector<std::string>({"BOOK@store:click_collect"}));
  // A tent only the warehouse has: sent to the store for collection.
  const json with_tent = Call(*http, "PUT", path + "/lines/TENT", {{"quantity", 1}}, 200);
  BOOST_TEST(with_tent["plan"]["unserved"].empty());
  BOOST_TEST(with_tent["lines"].size() == 2u);
  // Home delivery chosen for everything, with the address orders will need.
  const json home =
      Call(*http, "PUT", path + "/choices",
           {{"choices", {{"modes", {"home", "click_collect"}}, {"home", {{"lat", 48.853}, {"lon", 2.369}}}}},
            {"home_address", kHomeAddress}},
           200);
  BOOST_TEST(home["home_address"]["postcode"] == "75011");
  // The shopper imposes collection for the books and home for the tent (alone, the engine would send both
  // to the store for collection: cheaper).
  Call(*http, "PUT", path + "/lines/TENT", {{"quantity", 1}, {"mode", "home"}}, 200);
  const json imposed = Call(*http, "PUT", path + "/lines/BOOK", {{"quantity", 2}, {"mode", "click_collect"}}, 200);
  std::vector<std::string> shipped = Shipped(imposed["plan"]);
  std::sort(shipped.begin(), shipped.end());
  BOOST_TEST(shipped == std::vector<std::string>({"BOOK@store:click_collect", "TENT@wh:home"}), imposed["plan"].dump());
  BOOST_TEST(imposed["version"].get<int>() > home["version"].get<int>());
  const json without_tent = Call(*http, "DELETE", path + "/lines/TENT", json(), 200);
  BOOST_TEST(Shipped(without_tent["plan"]) == std::vector<std::string>({"BOOK@store:click_collect"}));
  // A wrong choice is refused and changes nothing.
  const json refused = Call(*http, "PUT", path + "/choices", {{"choices", {{"collect_site", "nowhere"}}}}, 400);
  BOOST_TEST(refused["error"]["field"] == "choices.collect_site");
  BOOST_TEST(Call(*http, "GET", path, json(), 200)["choices"]["modes"].size() == 2u);

  // Ordered through the order path (re-checked there), once: the basket becomes that order. The request
  // plans the split once: the plan it orders is the plan it re-checks (relais_split_plans_total).
  const auto plans_made = [&] {
    const std::string text = http->Get("/metrics", Merchant(kMetricsToken))->body;
    const std::string counter = "\nrelais_split_plans_total ";
    const size_t at = text.find(counter);
    return at == std::string::npos ? -1 : std::stol(text.substr(at + counter.size()));
  };
  const long plans_before = plans_made();
  BOOST_TEST(plans_before > 0);  // Every basket change above planned.
  const json order = Call(*http, "POST", path + "/order", json::object(), 201);
  BOOST_TEST(plans_made() - plans_before == 1);
  BOOST_REQUIRE(order["lines"].size() == 1u);
  BOOST_TEST(order["lines"][0]["quantity"] == 2);
  BOOST_TEST(order["lines"][0]["mode"] == "click_collect");
  BOOST_TEST(order["purchase_site"] == "store");
  BOOST_TEST(json::parse(http->Get("/v1/stock/BOOK?site=store", Merchant())->body)["sites"][0]["reserved"] == 2);
  const json ordered = Call(*http, "GET", path, json(), 200);
  BOOST_TEST(ordered["status"] == "ordered");
  BOOST_TEST(ordered["order_id"] == order["id"]);
  BOOST_TEST(Call(*http, "PUT", path + "/lines/BOOK", {{"quantity", 1}}, 409)["error"]["code"] == "basket_ordered");
  BOOST_TEST(Call(*http, "POST", path + "/order", json::object(), 200)["id"] == order["id"]);
  BOOST_TEST(json::parse(http->Get("/v1/stock/BOOK?site=store", Merchant())->body)["sites"][0]["reserved"] == 2);
}

BOOST_FIXTURE_TEST_CASE(a_basket_ordered_sixteen_times_at_once_makes_one_order_and_one_201, Fixture) {
  for (int round = 0; round < 5; ++round) {
    const json created = Call(*http, "POST", "/v1/baskets",
                              {{"customer_id", "c-race-" + std::to_string(round)},
                               {"purchase_site", "store"},
                               {"lines", {{{"sku", "BOOK"}, {"quantity", 1}}}}},
                              201);
    const std::string path = "/v1/baskets/" + created["id"].get<std::string>() + "/order";
    std::vector<std::thread> clients;
    std::mutex mutex;
    std::vector<std::pair<int, std::string>> answers;  // Status, order id.
    for (int i = 0; i < 16; ++i) {
      clients.emplace_back([&] {
        auto own = edge.Client();  // A connection of its own: sixteen shoppers' tabs.
        const httplib::Result r = own->Post(path, Merchant(), "{}", kJson);
        std::lock_guard lock(mutex);
        answers.emplace_back(r ? r->status : 0, r && r->status / 100 == 2 ? json::parse(r->body).value("id", "") : "");
      });
    }
    for (std::thread& t : clients) t.join();
    int created_count = 0;
    for (const auto& [status, id] : answers) {
      BOOST_TEST((status == 201 || status == 200), "status " << status);
      BOOST_TEST(id == answers[0].second);
      created_count += status == 201;
    }
    BOOST_TEST(created_count == 1);
  }
}

BOOST_FIXTURE_TEST_CASE(a_home_address_without_coordinates_is_placed_from_its_postcode, Fixture) {
  // What a plain checkout form sends: the address, no position. The server places it (the commune's centre
  // from La Poste's postcode table) rather than leaving home delivery out of the plan.
  const json created = Call(*http, "POST", "/v1/baskets",
                            {{"customer_id", "c-home"},
                             {"purchase_site", "store"},
                             {"lines", {{{"sku", "BOOK"}, {"quantity", 1}}}},
                             {"choices", {{"modes", {"home"}}}},
                             {"home_address", kHomeAddress}},
                            201);
  BOOST_TEST(created["plan"]["unserved"].empty(), created["plan"].dump());
  BOOST_REQUIRE(created["plan"]["shipments"].size() == 1u);
  BOOST_TEST(created["plan"]["shipments"][0]["mode"] == "home");
  const json order =
      Call(*http, "POST", "/v1/baskets/" + created["id"].get<std::string>() + "/order", json::object(), 201);
  BOOST_TEST(order["lines"][0]["mode"] == "home");
  BOOST_TEST(order["lines"][0]["destination"]["postcode"] == "75011");
  // An address the table cannot place is not guessed: home is then left out, and the plan says so.
  json nowhere = kHomeAddress;
  nowhere["postcode"] = "00000";
  const json unplaced = Call(*http, "POST", "/v1/baskets",
                             {{"customer_id", "c-home"},
                              {"purchase_site", "store"},
                              {"lines", {{{"sku", "BOOK"}, {"quantity", 1}}}},
                              {"choices", {{"modes", {"home"}}}},
                              {"home_address", nowhere}},
                             201);
  BOOST_TEST(unplaced["plan"]["unserved"].size() == 1u, unplaced["plan"].dump());
}

BOOST_FIXTURE_TEST_CASE(a_basket_that_cannot_be_served_as_it_stands_is_not_ordered, Fixture) {
  // Five tents where the zone holds two (Lille's nine are in another zone): the plan says so, with the reason.
  const json tents =
      Call(*http, "POST", "/v1/baskets",
           {{"customer_id", "c-b"}, {"purchase_site", "store"}, {"lines", {{{"sku", "TENT"}, {"quantity", 5}}}}}, 201);
  BOOST_TEST(tents["plan"]["unserved"][0]["reason"] == "no_stock");
  const json refused =
      Call(*http, "POST", "/v1/baskets/" + tents["id"].get<std::string>() + "/order", json::object(), 409);
  BOOST_TEST(refused["error"]["code"] == "basket_unservable");
  BOOST_TEST(refused["error"]["plan"]["unserved"][0]["quantity"] == 3);
  // Home delivery planned, no address given: the order cannot be made, and the answer says what is missing.
  const json no_address = Call(*http, "POST", "/v1/baskets",
                               {{"customer_id", "c-b"},
                                {"lines", {{{"sku", "BOOK"}, {"quantity", 1}}}},
                                {"choices", {{"modes", {"home"}}, {"home", {{"lat", 48.853}, {"lon", 2.369}}}}}},
                               201);
  const std::string path = "/v1/baskets/" + no_address["id"].get<std::string>();
  BOOST_TEST(Call(*http, "POST", path + "/order", json::object(), 400)["error"]["field"] == "home_address");
  BOOST_TEST(Call(*http, "GET", path, json(), 200)["status"] == "open");
  BOOST_TEST(Call(*http, "GET", "/v1/baskets/bsk_nope", json(), 404)["error"]["code"] == "not_found");
  BOOST_TEST(Call(*http, "POST", "/v1/baskets", {{"customer_id", "c"}, {"lines", {{{"sku", "NOPE"}, {"quantity", 1}}}}},
                  404)["error"]["field"] == "lines[0].sku");
}

// Two sourcing levels (issue 21): once the brand names the store's extended site (here Lille's store, out of
// the zone), a line bought at the store comes from the store or Lille first, though the zone's warehouse
// ships cheaper; the browser's plan and the server's re-check agree, and Lille may serve the store's orders.
BOOST_FIXTURE_TEST_CASE(the_extended_site_serves_before_the_cheaper_zone, Fixture) {
  const json home_only = {{"modes", {"home"}}, {"home", {{"lat", 48.853}, {"lon", 2.369}}}};
  const auto plan_book = [&] {
    const json availability = json::parse(http->Get("/v1/availability?skus=BOOK&site=store", Merchant())->body);
    return BrowserPlan(availability, {{"BOOK", 1}}, home_only);
  };
  BOOST_TEST(plan_book()["shipments"][0]["site"] == "wh");  // One level: the cheapest of the zone.
  const json settings = {{"zones", {{"idf", {{"name", "IDF"}}}, {"nord", {{"name", "Nord"}}}}},
                         {"shipment_penalty_cents", 300},
                         {"extended_sites", {{"store", {"lille"}}}}};
  // A site that does not exist, as a purchase site or in its extended site, is refused by name.
  json typo = settings;
  typo["extended_sites"] = {{"store", {"lile"}}};
  const httplib::Result refused = http->Put("/v1/brand/settings", Merchant(), typo.dump(), kJson);
  BOOST_TEST(refused->status == 422);
  BOOST_TEST(json::parse(refused->body)["error"]["field"] == "extended_sites.store[0]");
  const httplib::Result put = http->Put("/v1/brand/settings", Merchant(), settings.dump(), kJson);
  BOOST_TEST_REQUIRE(put->status == 200, put->body);
  const json availability = json::parse(http->Get("/v1/availability?skus=BOOK&site=store", Merchant())->body);
  bool lille_extends = false;
  for (const json& s : availability["sites"]) lille_extends = lille_extends || (s["id"] == "lille" && s["extended"]);
  BOOST_TEST(lille_extends, availability["sites"].dump());
  const json plan = plan_book();
  BOOST_TEST_REQUIRE(plan["shipments"].size() == 1u, plan.dump());
  BOOST_TEST(plan["shipments"][0]["site"] == "store");  // The store's own book, though the warehouse is cheaper.
  json order = {{"customer_id", "c-ext"},
                {"purchase_site", "store"},
                {"lines", LinesOf(plan)},
                {"split", {{"choices", home_only}, {"preference", "cheapest"}}}};
  const httplib::Result created = Order(order, "ext-1");
  BOOST_TEST(created->status == 201, created->body);
  // The warehouse's book is no longer the best plan for this store.
  order["lines"][0]["site"] = "wh";
  const httplib::Result zone = Order(order, "ext-2");
  BOOST_TEST_REQUIRE(zone->status == 409, zone->body);
  BOOST_TEST(json::parse(zone->body)["error"]["plan"]["shipments"][0]["site"] == "store");
  // Lille, out of the zone but in the extended site, serves the store's orders.
  const json tent = {
      {"customer_id", "c-ext"},
      {"purchase_site", "store"},
      {"lines",
       {{{"sku", "TENT"}, {"quantity", 1}, {"site", "lille"}, {"mode", "home"}, {"destination", kOberkampf}}}}};
  const httplib::Result from_lille = Order(tent, "ext-3");
  BOOST_TEST(from_lille->status == 201, from_lille->body);
}
