#define BOOST_TEST_MODULE edge_api
// relais-edge through HTTP: service endpoints, credentials, every kind of bad input answered 4xx with a
// JSON error, sites and products, the stock ledger (every movement kind, atomic batches, never a negative
// available through a reservation, figures equal to the replayed ledger), CORS, and a clean SIGTERM.
#include <boost/test/unit_test.hpp>
#include <map>
#include <tuple>

#include "tests/edge/edge_process.h"

using namespace relais::testing;
using nlohmann::json;

namespace {

const char* kJson = "application/json";

// `base` with some fields replaced or added.
json With(json base, const json& changes) {
  base.update(changes);
  return base;
}

// One opening interval, as the record writes it: [["09:00", "19:00"]] (braces alone would make an object).
json Intervals(const char* open, const char* close) { return json::array({json::array({open, close})}); }

json Site(const std::string& name, double lat, double lon, const std::string& zone = "paris") {
  return {{"kind", "store"},
          {"name", name},
          {"zone", zone},
          {"location",
           {{"address", json::array({"1 rue de Rivoli"})},
            {"postcode", "75001"},
            {"city", "PARIS"},
            {"country", "FR"},
            {"lat", lat},
            {"lon", lon},
            {"tz", "Europe/Paris"},
            {"hours", {{"mon", Intervals("09:00", "19:00")}, {"sat", Intervals("10:00", "13:00")}}}}},
          {"capabilities", {{"click_collect", {{"cost_cents", 0}, {"lead_time_hours", 2}}}}}};
}

json Product(int64_t price = 1299) {
  return {{"name", "Yaourt nature x4"}, {"category", "grocery/dairy/yogurt"},
          {"temperature", "chilled"},   {"weight_g", 500},
          {"dims_cm", {20, 10, 8}},     {"price_cents", price}};
}

struct Fixture {
  EdgeFolder folder;
  EdgeProcess edge{folder};
  std::unique_ptr<httplib::Client> http = edge.Client();

  httplib::Result Put(const std::string& path, const json& body, const char* key = kMerchantKey) {
    return http->Put(path, Merchant(key), body.dump(), kJson);
  }
  httplib::Result Post(const std::string& path, const json& body, const char* key = kMerchantKey) {
    return http->Post(path, Merchant(key), body.dump(), kJson);
  }
  httplib::Result Get(const std::string& path, const char* key = kMerchantKey) {
    return http->Get(path, Merchant(key));
  }

  void Seed() {
    BOOST_REQUIRE_EQUAL(Put("/v1/sites/paris-1", Site("Paris Rivoli", 48.86, 2.34))->status, 200);
    BOOST_REQUIRE_EQUAL(Put("/v1/sites/paris-2", Site("Paris Bastille", 48.853, 2.369))->status, 200);
    BOOST_REQUIRE_EQUAL(Put("/v1/sites/lyon-1", Site("Lyon Part-Dieu", 45.76, 4.86, "lyon"))->status, 200);
    BOOST_REQUIRE_EQUAL(Put("/v1/products/YAO-4", Product())->status, 200);
  }
  json Stock(const std::string& sku, const std::string& query = "") { return Body(Get("/v1/stock/" + sku + query)); }
  json LevelAt(const std::string& sku, const std::string& site) {
    const json stock = Stock(sku);  // Kept alive: a range-for over Stock(sku)["sites"] would dangle.
    for (const json& s : stock["sites"]) {
      if (s["site"] == site) return s;
    }
    return json{{"on_hand", 0}, {"reserved", 0}, {"available", 0}, {"in_transit", 0}};
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(service_endpoints_and_credentials, Fixture) {
  BOOST_TEST(edge.schema_version() >= 1);
  BOOST_TEST(Body(http->Get("/healthz"))["status"] == "ok");
  BOOST_TEST(Body(http->Get("/readyz"))["status"] == "ready");

  // Nothing else without a credential; a wrong key is refused the same way.
  const httplib::Result anonymous = http->Get("/v1/sites");
  BOOST_TEST(anonymous->status == 401);
  BOOST_TEST(ErrorCode(anonymous) == "unauthorized");
  BOOST_TEST(Get("/v1/sites", "merchant-key-wrong-0123456789")->status == 401);
  BOOST_TEST(http->Get("/metrics")->status == 401);
  BOOST_TEST(Get("/metrics")->status == 403);  // A merchant key is not the metrics token.

  // Brands never see each other's data.
  Seed();
  BOOST_TEST(Get("/v1/sites/paris-1")->status == 200);
  BOOST_TEST(ErrorCode(Get("/v1/sites/paris-1", kOtherMerchantKey)) == "not_found");
  BOOST_TEST(Body(Get("/v1/sites", kOtherMerchantKey))["sites"].empty());
  BOOST_TEST(Body(Get("/v1/sites"))["sites"].size() == 3u);
  BOOST_TEST(Post("/v1/stock/movements", {{"kind", "receipt"}, {"sku", "YAO-4"}, {"site", "paris-1"}, {"quantity", 5}},
                  kOtherMerchantKey)
                 ->status == 404);

  const httplib::Result metrics = http->Get("/metrics", Merchant(kMetricsToken));
  BOOST_TEST_REQUIRE(metrics->status == 200);
  BOOST_TEST(
      metrics->body.find("relais_http_requests_total{method=\"PUT\",route=\"/v1/sites/{id}\",status=\"200\"} 3") !=
          std::string::npos,
      metrics->body);
  BOOST_TEST(metrics->body.find("relais_http_request_seconds_bucket") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(bad_input_is_a_4xx_with_a_json_error, Fixture) {
  Seed();
  const auto expect = [&](const httplib::Result& r, int status, const std::string& code, const std::string& field) {
    BOOST_REQUIRE(r);
    BOOST_TEST(r->status == status, r->body);
    const json body = Body(r);
    BOOST_TEST(body["error"].value("code", "") == code, r->body);
    BOOST_TEST(body["error"].value("field", "") == field, r->body);
    BOOST_TEST(!body["error"].value("message", "").empty());
  };
  const json receipt = {{"kind", "receipt"}, {"sku", "YAO-4"}, {"site", "paris-1"}, {"quantity", 5}};
  expect(http->Post("/v1/stock/movements", Merchant(), "{\"kind\": ", kJson), 400, "malformed_json", "");
  expect(http->Post("/v1/stock/movements", Merchant(), "[1, 2]", kJson), 400, "malformed_json", "");
  expect(Post("/v1/stock/movements", With(receipt, {{"quantity", "5"}})), 400, "invalid_field", "quantity");
  expect(Post("/v1/stock/movements", With(receipt, {{"quantity", -3}})), 400, "invalid_field", "quantity");
  expect(Post("/v1/stock/movements", With(receipt, {{"quantity", 1e12}})), 400, "invalid_field", "quantity");
  expect(Post("/v1/stock/movements", With(receipt, {{"quantity", 2.5}})), 400, "invalid_field", "quantity");
  expect(Post("/v1/stock/movements", With(receipt, {{"kind", "teleport"}})), 400, "invalid_field", "kind");
  expect(Post("/v1/stock/movements", {{"kind", "receipt"}, {"site", "paris-1"}, {"quantity", 1}}), 400, "invalid_field",
         "sku");
  expect(Post("/v1/stock/movements", With(receipt, {{"qty", 1}})), 400, "invalid_field", "qty");
  expect(Post("/v1/stock/movements", With(receipt, {{"reference", std::string(201, 'x')}})), 400, "invalid_field",
         "reference");
  expect(Post("/v1/stock/movements", With(receipt, {{"reference", "a\nb"}})), 400, "invalid_field", "reference");
  expect(Post("/v1/stock/movements", With(receipt, {{"sku", "NOPE"}})), 404, "not_found", "sku");
  expect(Post("/v1/stock/movements", {{"movements", json::array({receipt, With(receipt, {{"site", "x/y"}})})}}), 400,
         "invalid_field", "movements[1].site");
  expect(http->Post("/v1/stock/movements", Merchant(), receipt.dump(), "text/plain"), 415, "unsupported_media_type",
         "header.Content-Type");
  expect(http->Post("/v1/stock/movements", Merchant(), std::string(8192, ' ') + receipt.dump(), kJson), 413,
         "payload_too_large", "");
  expect(Get("/v1/no-such-route"), 404, "not_found", "");
  expect(Put("/v1/products/YAO-4", With(Product(), {{"temperature", "lukewarm"}})), 400, "invalid_field",
         "temperature");
  expect(Put("/v1/products/YAO-4", With(Product(), {{"dims_cm", {1, 2}}})), 400, "invalid_field", "dims_cm");
  expect(Put("/v1/products/BAD%20SKU", Product()), 400, "invalid_field", "sku");
  // A site's hours follow the relay record's rules, checked by the engine.
  json bad_hours = Site("X", 48.8, 2.3);
  bad_hours["location"]["hours"]["mon"] = Intervals("09:00", "25:00");
  expect(Put("/v1/sites/x", bad_hours), 400, "invalid_field", "location");
  json bad_zone = Site("X", 48.8, 2.3);
  bad_zone["location"]["tz"] = "Mars/Olympus";
  expect(Put("/v1/sites/x", bad_zone), 400, "invalid_field", "location");
  expect(Put("/v1/sites/x", With(Site("X", 48.8, 2.3), {{"kind", "castle"}})), 400, "invalid_field", "kind");
  json bad_mode = Site("X", 48.8, 2.3);
  bad_mode["capabilities"]["teleport"] = {{"cost_cents", 0}, {"lead_time_hours", 0}};
  expect(Put("/v1/sites/x", bad_mode), 400, "invalid_field", "capabilities.teleport");
  expect(Get("/v1/stock/YAO-4/history?site=paris-1&limit=0"), 400, "invalid_field", "limit");
  // Nothing above changed the stock.
  BOOST_TEST(Stock("YAO-4")["sites"].empty());
}

BOOST_FIXTURE_TEST_CASE(stock_ledger_movements_and_replay, Fixture) {
  Seed();
  const auto move = [&](const std::string& kind, const std::string& site, int64_t q, json extra = json::object()) {
    json m = {{"kind", kind}, {"sku", "YAO-4"}, {"site", site}, {"quantity", q}};
    m.update(extra);
    return Post("/v1/stock/movements", m);
  };
  BOOST_TEST(move("receipt", "paris-1", 100)->status == 201);
  BOOST_TEST(move("pos_sale", "paris-1", 7)->status == 201);
  BOOST_TEST(move("shrinkage", "paris-1", 3)->status == 201);
  BOOST_TEST(move("reservation", "paris-1", 20)->status == 201);
  BOOST_TEST(move("web_sale", "paris-1", 5)->status == 201);  // 5 of the 20 reserved, shipped.
  BOOST_TEST(move("release", "paris-1", 5)->status == 201);   // 5 of them cancelled.
  BOOST_TEST(move("return_to_stock", "paris-1", 2)->status == 201);
  json level = LevelAt("YAO-4", "paris-1");
  BOOST_TEST(level["on_hand"] == 87);  // 100 - 7 - 3 - 5 + 2
  BOOST_TEST(level["reserved"] == 10);
  BOOST_TEST(level["available"] == 77);

  // Never an oversell: a reservation above what is available is refused and changes nothing.
  const httplib::Result over = move("reservation", "paris-1", 78);
  BOOST_TEST(over->status == 409);
  BOOST_TEST(ErrorCode(over) == "insufficient_stock");
  BOOST_TEST(move("release", "paris-1", 11)->status == 409);
  BOOST_TEST(LevelAt("YAO-4", "paris-1") == level);

  // An inventory count is absolute; the ledger records the difference.
  const json counted = Body(move("inventory_count", "paris-1", 80))["ledger"][0];
  BOOST_TEST(counted["delta"]["on_hand"] == -7);
  BOOST_TEST(LevelAt("YAO-4", "paris-1")["on_hand"] == 80);
  BOOST_TEST(Body(move("warehouse_snapshot", "lyon-1", 40))["ledger"][0]["delta"]["on_hand"] == 40);

  // A transfer: out of Lyon, in transit to Paris 2, then received there.
  const json transfer = Body(move("transfer_out", "lyon-1", 15, {{"to_site", "paris-2"}}))["ledger"];
  BOOST_TEST_REQUIRE(transfer.size() == 2u);
  BOOST_TEST(transfer[1]["kind"] == "in_transit");
  BOOST_TEST(LevelAt("YAO-4", "paris-2")["in_transit"] == 15);
  BOOST_TEST(move("transfer_in", "paris-2", 16)->status == 409);  // Only 15 are on their way.
  BOOST_TEST(move("transfer_in", "paris-2", 15)->status == 201);
  BOOST_TEST(LevelAt("YAO-4", "paris-2")["on_hand"] == 15);
  BOOST_TEST(LevelAt("YAO-4", "paris-2")["in_transit"] == 0);
  BOOST_TEST(LevelAt("YAO-4", "lyon-1")["on_hand"] == 25);
  BOOST_TEST(move("transfer_out", "lyon-1", 1, {{"to_site", "lyon-1"}})->status == 400);

  // A batch is all or nothing: its third movement is refused, so the first two never happened.
  const json batch = {{"movements",
                       {{{"kind", "receipt"}, {"sku", "YAO-4"}, {"site", "paris-2"}, {"quantity", 50}},
                        {{"kind", "reservation"}, {"sku", "YAO-4"}, {"site", "paris-2"}, {"quantity", 60}},
                        {{"kind", "reservation"}, {"sku", "YAO-4"}, {"site", "lyon-1"}, {"quantity", 999}}}}};
  const httplib::Result refused = Post("/v1/stock/movements", batch);
  BOOST_TEST(refused->status == 409);
  BOOST_TEST(Body(refused)["error"]["field"] == "movements[2].quantity");
  BOOST_TEST(LevelAt("YAO-4", "paris-2")["on_hand"] == 15);
  BOOST_TEST(LevelAt("YAO-4", "paris-2")["reserved"] == 0);

  // Stock per zone: which other sites of the brand hold it.
  const json paris = Stock("YAO-4", "?zone=paris");
  BOOST_TEST(paris["sites"].size() == 2u);
  BOOST_TEST(paris["total"]["on_hand"] == 95);
  BOOST_TEST(Stock("YAO-4", "?site=lyon-1")["sites"].size() == 1u);

  // Replaying the whole ledger of every (sku, site), page by page, gives the stored figures.
  const json stock = Stock("YAO-4");
  for (const json& s : stock["sites"]) {
    std::map<std::string, int64_t> sum;
    int64_t before = 0;
    size_t rows = 0;
    while (true) {
      const json page = Body(Get("/v1/stock/YAO-4/history?site=" + s["site"].get<std::string>() + "&limit=3" +
                                 (before ? "&before=" + std::to_string(before) : "")))["ledger"];
      if (page.empty()) break;
      for (const json& row : page) {
        for (const char* f : {"on_hand", "reserved", "in_transit"}) sum[f] += row["delta"][f].get<int64_t>();
        before = row["id"];
        ++rows;
      }
    }
    BOOST_TEST(rows > 0u);
    for (const char* f : {"on_hand", "reserved", "in_transit"}) BOOST_TEST(sum[f] == s[f].get<int64_t>(), s.dump());
  }
}

BOOST_FIXTURE_TEST_CASE(cors_allow_list, Fixture) {
  httplib::Headers from_shop = Merchant();
  from_shop.emplace("Origin", "https://shop.example");
  const httplib::Result allowed = http->Get("/v1/sites", from_shop);
  BOOST_TEST(allowed->get_header_value("Access-Control-Allow-Origin") == "https://shop.example");
  httplib::Headers from_elsewhere = Merchant();
  from_elsewhere.emplace("Origin", "https://evil.example");
  BOOST_TEST(!http->Get("/v1/sites", from_elsewhere)->has_header("Access-Control-Allow-Origin"));
  const httplib::Result preflight = http->Options("/v1/stock/movements", {{"Origin", "https://shop.example"}});
  BOOST_TEST(preflight->status == 204);
  BOOST_TEST(preflight->get_header_value("Access-Control-Allow-Headers").find("Idempotency-Key") != std::string::npos);
  BOOST_TEST(http->Options("/v1/stock/movements", {{"Origin", "https://evil.example"}})->status == 403);
}

BOOST_AUTO_TEST_CASE(sigterm_drains_and_the_data_survives_a_restart) {
  EdgeFolder folder;
  int schema = 0;
  {
    EdgeProcess edge(folder);
    schema = edge.schema_version();
    auto http = edge.Client();
    BOOST_REQUIRE(http->Put("/v1/products/P1", Merchant(), Product().dump(), kJson)->status == 200);
    BOOST_TEST(edge.Stop() == 0);  // A clean exit on SIGTERM.
  }
  EdgeProcess again(folder);
  BOOST_TEST(again.schema_version() == schema);  // Migrations are not applied twice.
  BOOST_TEST(Body(again.Client()->Get("/v1/products/P1", Merchant()))["price_cents"] == 1299);
}

BOOST_FIXTURE_TEST_CASE(openapi_document_matches_the_routes, Fixture) {
  Seed();
  const json doc = Body(http->Get("/openapi.json"));
  BOOST_TEST(doc["openapi"] == "3.0.3");
  BOOST_TEST_REQUIRE(doc["paths"].size() >= 15u);
  size_t operations = 0;
  for (const auto& [path, methods] : doc["paths"].items()) {
    std::string concrete = path;
    for (const auto& [from, to] :
         std::vector<std::pair<std::string, std::string>>{{"{id}", path.starts_with("/v1/sites")     ? "paris-1"
                                                                   : path.starts_with("/v1/returns") ? "RAAAAAAAAAA"
                                                                                                     : "x1"},
                                                          {"{sku}", "YAO-4"},
                                                          {"{carrier}", "inpost"},
                                                          {"{nid}", "1"},
                                                          {"{number}", "F-000001"},
                                                          {"{n}", "0"},
                                                          {"{brand}", "demo"}}) {
      if (const size_t at = concrete.find(from); at != std::string::npos) concrete.replace(at, from.size(), to);
    }
    for (const auto& [method, operation] : methods.items()) {
      ++operations;
      httplib::Headers h = {
          {"Authorization", std::string("Bearer ") + (path == "/metrics" ? kMetricsToken : kMerchantKey)},
          {"Idempotency-Key", "openapi-" + path}};
      const httplib::Result r = method == "get"    ? http->Get(concrete, h)
                                : method == "put"  ? http->Put(concrete, h, "{}", kJson)
                                : method == "post" ? http->Post(concrete, h, "{}", kJson)
                                                   : http->Delete(concrete, h);
      BOOST_REQUIRE(r);
      // The route exists, and what it answered is one of the answers the document lists.
      BOOST_TEST(r->body.find("no such route") == std::string::npos, method << " " << path);
      BOOST_TEST(operation["responses"].contains(std::to_string(r->status)),
                 method << " " << concrete << " answered " << r->status << ", not documented: " << r->body);
      BOOST_TEST(!operation["summary"].get<std::string>().empty());
    }
  }
  BOOST_TEST(operations >= 19u);
  BOOST_TEST(ErrorCode(Get("/v1/undocumented")) == "not_found");
}
