#define BOOST_TEST_MODULE edge_crash
// A write load of orders and cancellations while the server is killed with SIGKILL three times and
// restarted: every order that got a 2xx is there afterwards, every reservation belongs to a live order,
// and the ledger replays to the stored figures.
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include "tests/edge/edge_process.h"

using namespace relais::testing;
using nlohmann::json;

namespace {

const char* kJson = "application/json";

struct Acknowledged {
  std::mutex mutex;
  std::map<std::string, int64_t> orders;  // id -> quantity, for every 2xx creation.
  std::map<std::string, bool> cancelled;  // id -> true for every 2xx cancellation.
};

// Orders (and a cancellation now and then) from `threads` clients until `stop`.
void Load(int port, int round, int threads, std::atomic<bool>* stop, Acknowledged* acked) {
  std::vector<std::thread> clients;
  for (int t = 0; t < threads; ++t) {
    clients.emplace_back([=] {
      httplib::Client http("127.0.0.1", port);
      http.set_connection_timeout(1, 0);
      http.set_read_timeout(2, 0);
      for (int n = 0; !*stop; ++n) {
        const int64_t quantity = 1 + (n % 3);
        httplib::Headers h = Merchant();
        h.emplace("Idempotency-Key", "r" + std::to_string(round) + "-t" + std::to_string(t) + "-" + std::to_string(n));
        const json order = {
            {"customer_id", "c" + std::to_string(t)},
            {"lines", {{{"sku", "P"}, {"quantity", quantity}, {"site", "wh"}, {"mode", "click_collect"}}}}};
        const httplib::Result r = http.Post("/v1/orders", h, order.dump(), kJson);
        if (!r || r->status != 201) continue;
        const std::string id = json::parse(r->body)["id"];
        {
          const std::lock_guard<std::mutex> lock(acked->mutex);
          acked->orders[id] = quantity;
        }
        if (n % 5 == 4) {
          const httplib::Result c = http.Post("/v1/orders/" + id + "/cancel", Merchant(), "{}", kJson);
          if (c && c->status == 200) {
            const std::lock_guard<std::mutex> lock(acked->mutex);
            acked->cancelled[id] = true;
          }
        }
      }
    });
  }
  for (std::thread& c : clients) c.join();
}

}  // namespace

BOOST_AUTO_TEST_CASE(acknowledged_orders_survive_sigkill) {
  EdgeFolder folder;
  Acknowledged acked;
  for (int round = 0; round < 3; ++round) {
    EdgeProcess edge(folder);
    if (round == 0) {
      auto http = edge.Client();
      const json site = json::parse(R"({"kind": "warehouse", "name": "W", "location": {"country": "FR", "lat": 48.9,
        "lon": 2.3, "tz": "Europe/Paris"}, "capabilities": {"click_collect": {"cost_cents": 0, "lead_time_hours": 1}}})");
      BOOST_REQUIRE_EQUAL(http->Put("/v1/sites/wh", Merchant(), site.dump(), kJson)->status, 200);
      const json product = {
          {"name", "P"}, {"category", "c"}, {"temperature", "ambient"}, {"weight_g", 100}, {"price_cents", 100}};
      BOOST_REQUIRE_EQUAL(http->Put("/v1/products/P", Merchant(), product.dump(), kJson)->status, 200);
      const json receipt = {{"kind", "receipt"}, {"sku", "P"}, {"site", "wh"}, {"quantity", 1'000'000}};
      BOOST_REQUIRE_EQUAL(http->Post("/v1/stock/movements", Merchant(), receipt.dump(), kJson)->status, 201);
    }
    std::atomic<bool> stop = false;
    size_t before = 0;
    {
      const std::lock_guard<std::mutex> lock(acked.mutex);
      before = acked.orders.size();
    }
    std::thread load([&] { Load(edge.port(), round, 8, &stop, &acked); });
    // At least 400 ms and a dozen orders acknowledged in the round (a slow machine, a sanitizer build or
    // PostgreSQL take longer to get there), then the kill.
    const auto started = std::chrono::steady_clock::now();
    for (bool enough = false; !enough;) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      const std::lock_guard<std::mutex> lock(acked.mutex);
      const auto elapsed = std::chrono::steady_clock::now() - started;
      enough = (elapsed >= std::chrono::milliseconds(400) && acked.orders.size() >= before + 12) ||
               elapsed >= std::chrono::seconds(20);
    }
    edge.Kill();  // Mid-load: some requests are in flight.
    stop = true;
    load.join();
  }
  BOOST_TEST_MESSAGE(acked.orders.size() << " orders acknowledged before the kills");
  BOOST_TEST_REQUIRE(acked.orders.size() > 30u);

  EdgeProcess edge(folder);
  auto http = edge.Client();
  // Every order the server acknowledged is there, with what it said.
  std::map<std::string, json> stored;
  std::string after;
  while (true) {
    httplib::Params params = {{"limit", "500"}};
    if (!after.empty()) params.emplace("after", after);  // Encoded by the client (the cursor holds a space).
    const json page = Body(http->Get("/v1/orders", params, Merchant()));
    for (const json& o : page["orders"]) stored[o["id"]] = o;
    if (page["next"].is_null()) break;
    after = page["next"];
  }
  for (const auto& [id, quantity] : acked.orders) {
    BOOST_TEST_REQUIRE(stored.count(id) == 1u, "acknowledged order " << id << " is lost");
    BOOST_TEST(stored[id]["lines"][0]["quantity"] == quantity);
    if (acked.cancelled.count(id)) BOOST_TEST(stored[id]["status"] == "cancelled");
  }
  // No orphaned reservation: what is reserved is exactly what the live orders (acknowledged or not -- a
  // commit can beat the kill to the answer) hold.
  int64_t held = 0;
  for (const auto& [id, o] : stored) {
    if (o["status"] == "placed") held += o["lines"][0]["quantity"].get<int64_t>();
  }
  const json level = Body(http->Get("/v1/stock/P?site=wh", Merchant()))["sites"][0];
  BOOST_TEST(level["reserved"] == held);
  BOOST_TEST(level["on_hand"] == 1'000'000);
  // The ledger replays to the stored figures.
  int64_t on_hand = 0, reserved = 0;
  int64_t before = 0;
  while (true) {
    const json rows =
        Body(http->Get("/v1/stock/P/history?site=wh&limit=1000" + (before ? "&before=" + std::to_string(before) : ""),
                       Merchant()))["ledger"];
    if (rows.empty()) break;
    for (const json& row : rows) {
      on_hand += row["delta"]["on_hand"].get<int64_t>();
      reserved += row["delta"]["reserved"].get<int64_t>();
      before = row["id"];
    }
  }
  BOOST_TEST(on_hand == level["on_hand"].get<int64_t>());
  BOOST_TEST(reserved == level["reserved"].get<int64_t>());
}
