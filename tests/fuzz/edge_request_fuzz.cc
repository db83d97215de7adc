// libFuzzer target: arbitrary request bodies sent through relais-edge's real HTTP stack (in-process, on
// loopback) to every route that reads one. Each answer must be a 2xx, or a 4xx whose body is a JSON error
// with a code -- never a 5xx, never a crash (AddressSanitizer and UBSan watch the handlers and the store).
// The first input byte picks the route; the rest is the body.
#include <httplib.h>
#include <stdlib.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "edge/http_api.h"
#include "edge/relay_snapshot.h"
#include "edge/secrets.h"
#include "edge/sqlite_store.h"

namespace {

using namespace relais::edge;

constexpr const char* kKey = "fuzz-merchant-key-0123456789";
constexpr const char* kRoutes[][2] = {{"POST", "/v1/orders"},
                                      {"POST", "/v1/stock/movements"},
                                      {"PUT", "/v1/sites/s1"},
                                      {"PUT", "/v1/products/P"},
                                      {"POST", "/v1/staff-tokens"},
                                      {"POST", "/v1/orders/x/status"},
                                      {"PUT", "/v1/brand/settings"},
                                      {"POST", "/v1/orders/import"},
                                      {"POST", "/v1/orders/import/batch"},
                                      {"POST", "/v1/baskets"},
                                      {"POST", "/v1/orders/x/actions"},
                                      {"POST", "/v1/orders/x/events"},
                                      {"POST", "/v1/webhooks/carriers/mondial-relay/demo"},
                                      {"POST", "/v1/orders/x/questions"}};
constexpr const char* kWebhookSecret = "fuzz-webhook-secret-0123456789";

// The signature a carrier sends: the fuzzer's bodies reach the webhook's parsing, not only its check.
std::string Signature(const std::string& body) { return "sha256=" + HmacSha256Hex(kWebhookSecret, body); }

struct Server {
  Server() {
    char pattern[] = "/tmp/relais-edge-fuzz-XXXXXX";
    dir = mkdtemp(pattern);
    setenv("FUZZ_KEY", kKey, 1);
    config.port = 0;
    config.database = dir + "/edge.db";
    config.threads = 2;
    BrandConfig demo;  // Field by field: a new BrandConfig field needs no change here.
    demo.id = "demo";
    demo.name = "Demo";
    demo.api_key = kKey;
    demo.settings = {{"zones", {{"z", {{"name", "Z"}}}}}};
    demo.webhook_secrets = {{"mondial-relay", kWebhookSecret}};
    config.brands = {demo};
    store = std::make_unique<SqliteStore>(config.database);
    relays = std::make_unique<RelaySnapshot>("");
    api = std::make_unique<HttpApi>(config, store.get(), relays.get());
    api->set_access_log([](const std::string&) {});
    port = api->Bind();
    thread = std::thread([this] { api->Serve(); });
    client = std::make_unique<httplib::Client>("127.0.0.1", port);
    client->set_keep_alive(true);
    client->set_tcp_nodelay(true);  // Headers and body go in two writes: no 40 ms delayed-ACK wait.

    // A site, a product and stock, so that valid-looking bodies reach the deeper code.
    Send("PUT", "/v1/sites/s1",
         R"({"kind": "store", "name": "S", "zone": "z", "location": {"country": "FR", "lat": 48.9, "lon": 2.3,
             "tz": "Europe/Paris"}, "capabilities": {"click_collect": {"cost_cents": 0, "lead_time_hours": 1}}})");
    Send("PUT", "/v1/products/P",
         R"({"name": "P", "category": "c", "temperature": "ambient", "weight_g": 100, "price_cents": 100})");
    Send("POST", "/v1/stock/movements", R"({"kind": "receipt", "sku": "P", "site": "s1", "quantity": 1000000})");
    // An order for the routes on one ("/v1/orders/x/..." stands for it).
    const httplib::Result order =
        Send("POST", "/v1/orders",
             R"({"customer_id": "c", "lines": [{"sku": "P", "quantity": 1, "site": "s1", "mode": "click_collect"}]})");
    order_id = nlohmann::json::parse(order->body).at("id");
  }
  httplib::Result Send(const std::string& method, const std::string& path, const std::string& body) {
    httplib::Headers h = {{"Authorization", std::string("Bearer ") + kKey},
                          {"Idempotency-Key", "k" + std::to_string(++requests)}};
    if (path.starts_with("/v1/webhooks/")) h.emplace("X-Relais-Signature", Signature(body));
    return method == "PUT" ? client->Put(path, h, body, "application/json")
                           : client->Post(path, h, body, "application/json");
  }
  std::string dir;
  EdgeConfig config;
  std::unique_ptr<SqliteStore> store;
  std::unique_ptr<RelaySnapshot> relays;
  std::unique_ptr<HttpApi> api;
  int port = 0;
  std::thread thread;
  std::unique_ptr<httplib::Client> client;
  long requests = 0;
  std::string order_id;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // One server for the whole run, never torn down mid-run; its scratch folder goes at exit.
  static Server* server = [] {
    Server* s = new Server();
    static const std::string dir = s->dir;
    std::atexit([] { std::filesystem::remove_all(dir); });
    return s;
  }();
  if (size == 0) return 0;
  const auto& [method, route] = kRoutes[data[0] % std::size(kRoutes)];
  std::string path = route;
  if (const size_t x = path.find("/x/"); x != std::string::npos) path.replace(x, 3, "/" + server->order_id + "/");
  const std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  const httplib::Result r = server->Send(method, path, body);
  if (!r) {
    std::fprintf(stderr, "no answer: %s\n", httplib::to_string(r.error()).c_str());
    abort();
  }
  if (r->status >= 500) {
    std::fprintf(stderr, "%s %s answered %d: %s\n", method, path.c_str(), r->status, r->body.c_str());
    abort();
  }
  if (r->status >= 400) {
    const nlohmann::json answer = nlohmann::json::parse(r->body, nullptr, false);
    if (answer.is_discarded() || !answer.contains("error") || !answer["error"].contains("code")) {
      std::fprintf(stderr, "%s %s answered %d without a JSON error: %s\n", method, path.c_str(), r->status,
                   r->body.c_str());
      abort();
    }
  }
  return 0;
}
