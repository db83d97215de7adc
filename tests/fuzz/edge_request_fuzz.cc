// libFuzzer target: arbitrary requests sent through relais-edge's real HTTP stack (in-process, on loopback).
// A first input byte below 0xC0 picks a route that reads a body, and the rest is the body; from 0xC0 up,
// the rest is sent as raw bytes on a connection of its own (request line, headers, chunked and gzip
// framing, pipelining: the transport's framing and everything behind it). Each answer must be a 2xx, or a
// 4xx whose body is a JSON error with a code -- never a 5xx (but the transport's 501/503/505 refusals),
// never an exception's text, never a crash (AddressSanitizer and UBSan watch the handlers and the store).
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "edge/http/http_api.h"
#include "edge/relay_snapshot.h"
#include "edge/secrets.h"
#include "edge/store/sqlite_store.h"

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

// Sends `bytes` as they are, half-closes, and checks every answer that comes back before the server
// closes: a status line, never a 5xx but the transport's refusals, never an exception's text.
void SendRaw(int port, const std::string& bytes) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    std::fprintf(stderr, "cannot connect to the server\n");
    abort();
  }
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  for (size_t sent = 0; sent < bytes.size();) {
    const ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // Refused and closed early: what came back is checked below.
    sent += static_cast<size_t>(n);
  }
  shutdown(fd, SHUT_WR);
  std::string answer;
  char buffer[4096];
  for (ssize_t n; (n = recv(fd, buffer, sizeof buffer, 0)) > 0;) answer.append(buffer, static_cast<size_t>(n));
  close(fd);
  if (answer.empty()) return;  // An incomplete request, closed by the client: nothing to answer.
  const bool refusal_5xx =
      answer.starts_with("HTTP/1.1 501 ") || answer.starts_with("HTTP/1.1 503 ") || answer.starts_with("HTTP/1.1 505 ");
  if (!answer.starts_with("HTTP/1.1 ") || (answer[9] == '5' && !refusal_5xx) ||
      answer.find("EXCEPTION_WHAT") != std::string::npos || answer.find("HTTP/1.1 500 ") != std::string::npos) {
    std::fprintf(stderr, "raw request answered: %s\n", answer.substr(0, 500).c_str());
    abort();
  }
}

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
  if (data[0] >= 0xC0) {
    SendRaw(server->port, std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
    return 0;
  }
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
