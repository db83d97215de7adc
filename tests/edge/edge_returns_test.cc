// Returns through the real server (issue 24): the shopper asks with the tracking token, staff at another site
// receive, grade and validate, the stock comes back through the ledger, a local server plays the payment provider,
// and the credit note is issued. Figures are worked out by hand in the comments.
#define BOOST_TEST_MODULE edge_returns
#include <algorithm>
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "edge/secrets.h"
#include "edge/utc_now.h"
#include "tests/edge/edge_process.h"
#include "tests/engine/test_points.h"
#include "wasm/engine/snapshot_builder.h"

using namespace relais;
using namespace relais::testing;
using nlohmann::json;

namespace {

// The payment provider: answers each refund call with the next status of `script` (then 200), and records them;
// kSlow answers 200 after the caller's timeout.
class PaymentProvider {
 public:
  static constexpr int kSlow = -1;
  explicit PaymentProvider(std::vector<int> script) : script_(std::move(script)) {
    server_.Post("/refunds", [this](const httplib::Request& req, httplib::Response& res) {
      const std::lock_guard<std::mutex> lock(mutex_);
      calls_.push_back({{"body", json::parse(req.body)},
                        {"authorization", req.get_header_value("Authorization")},
                        {"idempotency_key", req.get_header_value("Idempotency-Key")}});
      res.status = next_ < script_.size() ? script_[next_++] : 200;
      if (res.status == kSlow) {  // Answers too late: the caller has given up (payment.timeout_s is 1).
        std::this_thread::sleep_for(std::chrono::milliseconds(2500));
        res.status = 200;
      }
      res.set_content(res.status == 200 ? json({{"id", "re_" + std::to_string(calls_.size())}}).dump()
                                        : json({{"error", "refused"}}).dump(),
                      "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~PaymentProvider() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  std::vector<json> calls() {
    const std::lock_guard<std::mutex> lock(mutex_);
    return calls_;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<int> script_;
  size_t next_ = 0;
  std::vector<json> calls_;
  int port_ = 0;
};

void WriteSnapshot(const std::string& path) {
  SnapshotBuilder builder;
  for (const char* id : {"CO-1", "CO-2"}) {
    RelayPoint shop = ParisShop("colissimo", id, 48.8580, 2.3470);
    shop.name = std::string("Tabac ") + id;
    shop.address = {"2 place du Châtelet"};
    if (std::string(id) == "CO-2") shop.services = kReturns;  // CO-1 takes parcels in, not returns.
    BOOST_REQUIRE(builder.Add(std::move(shop)).empty());
  }
  const std::vector<uint8_t> bytes = builder.Build(DaysFromCivil(2026, 11, 25));
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// The Colissimo key of 10 digits (docs/carriers.md): odd positions x1, even x3 from the left, (10 - S mod 10) mod 10.
int ColissimoKey(const std::string& digits) {
  int sum = 0;
  for (size_t i = 0; i < digits.size(); ++i) sum += (digits[i] - '0') * (i % 2 == 0 ? 1 : 3);
  return (10 - sum % 10) % 10;
}

std::string Run(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  char buffer[512];
  while (pipe && std::fgets(buffer, sizeof buffer, pipe)) out += buffer;
  if (pipe) pclose(pipe);
  return out;
}

std::string MakeDir() {
  char pattern[] = "/tmp/relais-edge-returns-XXXXXX";
  return mkdtemp(pattern);
}

json ReturnsConfig(const std::string& dir, int provider_port, int window_days) {
  WriteSnapshot(dir + "/points.relais");
  setenv("TEST_PSP_TOKEN", "psp-token-0123456789abcdef", 1);
  setenv("TEST_COLISSIMO_SECRET", "colissimo-webhook-secret-0123", 1);
  json config = json::parse(R"({"snapshot_poll_ms": 100, "brands": [
      {"id": "demo", "name": "Demo", "api_key_env": "TEST_DEMO_KEY",
       "settings": {"relay_enabled": true, "zones": {"paris": {"name": "Paris"}}},
       "notifications": {"email": {"smtp_url": "smtp://127.0.0.1:9", "from": "shop@demo.test"},
                         "retry_initial_ms": 200, "max_attempts": 3},
       "invoicing": {"seller": {"name": "Demo SAS"}, "vat": {"standard": 20}},
       "carrier_webhooks": {"colissimo": {"secret_env": "TEST_COLISSIMO_SECRET"}},
       "shipping": {"accounts": [{"carrier": "colissimo", "account": "C-RET", "name": "Colissimo", "modes": ["return"],
                                  "ranges": [{"scheme": "colissimo", "prefix": "8R", "first": 1000, "last": 1999}]}]},
       "returns": {"window_days": 30,
                   "reasons": [{"code": "changed_mind", "label": {"fr": "Changé d'avis", "en": "Changed my mind"}},
                               {"code": "faulty", "label": {"fr": "Défectueux"}, "defective": true}],
                   "excluded_skus": ["SOAP"],
                   "drop_off": {"stores": true, "relay_carriers": ["colissimo"]},
                   "shipping_refund": {"whole_order": true, "defective": true},
                   "unsellable": {"rule": "percent", "percent": 50},
                   "second_validation_above_cents": 5000,
                   "payment": {"token_env": "TEST_PSP_TOKEN", "timeout_s": 1}}},
      {"id": "other", "name": "Other", "api_key_env": "TEST_OTHER_KEY"}]})");
  config["brands"][0]["returns"]["window_days"] = window_days;
  config["brands"][0]["returns"]["payment"]["url"] = "http://127.0.0.1:" + std::to_string(provider_port) + "/refunds";
  config["snapshot"] = dir + "/points.relais";
  return config;
}

struct Servers {
  explicit Servers(std::vector<int> script) : dir(MakeDir()), provider(std::move(script)) {}
  ~Servers() { std::filesystem::remove_all(dir); }
  std::string dir;
  PaymentProvider provider;
};

struct Fixture : Servers {
  explicit Fixture(std::vector<int> script = {}, int window_days = 30)
      : Servers(std::move(script)),
        folder(ReturnsConfig(dir, provider.port(), window_days)),
        edge(std::make_unique<EdgeProcess>(folder)),
        http(edge->Client()) {
    const json location = {{"address", {"1 rue de Rivoli"}},
                           {"postcode", "75001"},
                           {"city", "PARIS"},
                           {"country", "FR"},
                           {"lat", 48.86},
                           {"lon", 2.35},
                           {"tz", "Europe/Paris"}};
    const json offer = {{"cost_cents", 390}, {"lead_time_hours", 48}};
    Call("PUT", "/v1/sites/wh",
         {{"kind", "warehouse"},
          {"name", "Entrepôt"},
          {"zone", "paris"},
          {"location", location},
          {"capabilities", {{"relay", offer}}}});
    Call("PUT", "/v1/sites/rivoli",
         {{"kind", "store"},
          {"name", "Boutique Rivoli"},
          {"zone", "paris"},
          {"location", location},
          {"capabilities", {{"returns", {{"enabled", true}}}}}});
    Call("PUT", "/v1/products/BOOK",
         {{"name", "Guide"},
          {"category", "books"},
          {"temperature", "ambient"},
          {"weight_g", 450},
          {"price_cents", 1999}});
    Call("PUT", "/v1/products/MUG",
         {{"name", "Mug"}, {"category", "home"}, {"temperature", "ambient"}, {"weight_g", 300}, {"price_cents", 500}});
    Call("PUT", "/v1/products/SOAP",
         {{"name", "Savon"},
          {"category", "hygiene"},
          {"temperature", "ambient"},
          {"weight_g", 100},
          {"price_cents", 300}});
    for (const char* sku : {"BOOK", "MUG", "SOAP"}) {
      Call("POST", "/v1/stock/movements", {{"kind", "receipt"}, {"sku", sku}, {"site", "wh"}, {"quantity", 500}});
    }
    rivoli_alice = Call("POST", "/v1/staff-tokens", {{"site", "rivoli"}, {"name", "Alice"}})["token"];
    rivoli_bob = Call("POST", "/v1/staff-tokens", {{"site", "rivoli"}, {"name", "Bob"}})["token"];
    warehouse_staff = Call("POST", "/v1/staff-tokens", {{"site", "wh"}, {"name", "Wes"}})["token"];
  }

  json Call(const std::string& method, const std::string& path, const json& body = nullptr, int expected = 0,
            const std::string& token = kMerchantKey) {
    return CallJson(*http, method, path, body, expected, token);
  }
  httplib::Result Post(const std::string& path, const json& body, const std::string& token = kMerchantKey) {
    return http->Post(path, {{"Authorization", "Bearer " + token}}, body.dump(), "application/json");
  }

  // An order of 1 BOOK (1999), 3 MUG (500) and 1 SOAP (300) to point CO-1 with a 1000-cent discount and a 500-cent
  // voucher earned from 2500 cents: placed, then collected. Returns {id, tracking_token}.
  json PlaceCollected(bool voucher_used = true) {
    json lines = json::array();
    for (const auto& [sku, quantity] : std::vector<std::pair<std::string, int>>{{"BOOK", 1}, {"MUG", 3}, {"SOAP", 1}}) {
      lines.push_back({{"sku", sku},
                       {"quantity", quantity},
                       {"site", "wh"},
                       {"mode", "relay"},
                       {"destination", {{"carrier", "colissimo"}, {"id", "CO-1"}}},
                       {"date", "2099-01-02"}});
    }
    const json placed = Call(
        "POST", "/v1/orders",
        {{"customer_id", "c1"},
         {"contact", {{"name", "Hélène Dupré"}, {"email", "helene@example.test"}}},
         {"lines", lines},
         {"discounts", {{{"code", "WELCOME10"}, {"amount_cents", 1000}}}},
         {"benefits", {{{"code", "NEXT5"}, {"value_cents", 500}, {"threshold_cents", 2500}, {"used", voucher_used}}}}},
        201);
    const std::string id = placed["id"];
    for (const char* event : {"preparation_started", "preparation_done"}) {
      Call("POST", "/v1/orders/" + id + "/events", {{"event", event}});
    }
    Call(
        "POST", "/v1/orders/" + id + "/events",
        {{"event", "handed_to_carrier"}, {"parcel", {{"carrier", "colissimo"}, {"tracking_number", "6M20524752032"}}}});
    for (const char* event : {"ready_for_pickup", "picked_up"}) {
      Call("POST", "/v1/orders/" + id + "/events", {{"event", event}});
    }
    return placed;
  }

  // SIGKILL, then the same database and configuration again.
  void Crash() {
    edge->Kill();
    edge = std::make_unique<EdgeProcess>(folder);
    http = edge->Client();
  }

  EdgeFolder folder;
  std::unique_ptr<EdgeProcess> edge;
  std::unique_ptr<httplib::Client> http;
  std::string rivoli_alice, rivoli_bob, warehouse_staff;
};

int64_t OnHand(Fixture& f, const std::string& sku, const std::string& site) {
  const json stock = f.Call("GET", "/v1/stock/" + sku);
  for (const json& s : stock["sites"]) {
    if (s["site"] == site) return s["on_hand"];
  }
  return 0;
}

// Waits (generously) until `done` holds.
template <class Done>
bool Eventually(Done done) {
  for (int i = 0; i < 150; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return done();
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_return_dropped_at_a_relay_is_received_in_store_restocked_refunded_once_and_credited,
                        Fixture) {
  const json placed = PlaceCollected();
  const std::string id = placed["id"];
  const std::string shopper = placed["tracking_token"];
  // Goods 1999 + 1500 + 300 = 3799, discount 1000: paid goods 2799 (+ 390 delivery = 3189).
  BOOST_TEST(placed["total_cents"] == 3189);

  // The shopper's options: the soap is excluded, the rest returnable within 30 days; the engine's input.
  const json options = Call("GET", "/v1/orders/" + id + "/returns", nullptr, 200, shopper);
  BOOST_TEST(options["lines"][0]["returnable"] == 1);
  BOOST_TEST(options["lines"][1]["returnable"] == 3);
  BOOST_TEST(options["lines"][2]["returnable"] == 0);
  BOOST_TEST(options["lines"][2]["refusal"] == "this product cannot be returned");
  BOOST_TEST(options["drop_off"]["stores"][0]["site"] == "rivoli");
  BOOST_TEST(options["refund_input"]["discount_cents"] == 1000);

  // Refusals, each naming why: the soap, more mugs than bought, a store that takes no returns.
  httplib::Result r = Post("/v1/orders/" + id + "/returns",
                           {{"lines", {{{"line", 2}, {"quantity", 1}}}},
                            {"reason", "changed_mind"},
                            {"drop_off", {{"kind", "relay"}, {"carrier", "colissimo"}, {"id", "CO-2"}}}},
                           shopper);
  BOOST_TEST(r->status == 409);
  BOOST_TEST(ErrorCode(r) == "not_returnable");
  r = Post("/v1/orders/" + id + "/returns",
           {{"lines", {{{"line", 1}, {"quantity", 4}}}},
            {"reason", "changed_mind"},
            {"drop_off", {{"kind", "relay"}, {"carrier", "colissimo"}, {"id", "CO-2"}}}},
           shopper);
  BOOST_TEST(ErrorCode(r) == "not_returnable");
  r = Post("/v1/orders/" + id + "/returns",
           {{"lines", {{{"line", 1}, {"quantity", 1}}}},
            {"reason", "changed_mind"},
            {"drop_off", {{"kind", "store"}, {"site", "wh"}}}},
           shopper);
  BOOST_TEST(r->status == 409);
  BOOST_TEST(ErrorCode(r) == "site_takes_no_returns");
  BOOST_TEST(ErrorField(r) == "drop_off.site");
  r = Post("/v1/orders/" + id + "/returns",
           {{"lines", {{{"line", 1}, {"quantity", 1}}}}, {"reason", "bored"}, {"drop_off", {{"kind", "home"}}}},
           shopper);
  BOOST_TEST(ErrorField(r) == "reason");
  r = Post("/v1/orders/" + id + "/returns",
           {{"lines", {{{"line", 1}, {"quantity", 1}}}},
            {"reason", "changed_mind"},
            {"drop_off", {{"kind", "relay"}, {"carrier", "colissimo"}, {"id", "CO-1"}}}},
           shopper);
  BOOST_TEST(ErrorCode(r) == "point_takes_no_returns");  // The snapshot does not list "returns" for CO-1.

  // One of the two lines comes back: the book, at another relay point.
  // Discount shares on 1999 / 1500 / 300 of 3799: 526.19 / 394.84 / 78.97 -> floors 526 / 394 / 78 (998), the two
  // cents left to the largest remainders (0.97 soap, 0.84 mugs): 526 / 395 / 79. The book refunds 1999 - 526 = 1473.
  // Goods kept 2799 - 1473 = 1326 < 2500: the spent voucher (500) is taken back: 973.
  const json asked = Call("POST", "/v1/orders/" + id + "/returns",
                          {{"lines", {{{"line", 0}, {"quantity", 1}}}},
                           {"reason", "changed_mind"},
                           {"drop_off", {{"kind", "relay"}, {"carrier", "colissimo"}, {"id", "CO-2"}}}},
                          201, shopper);
  const std::string number = asked["id"];
  BOOST_TEST(number.size() == 11u);
  BOOST_TEST(asked["status"] == "requested");
  BOOST_TEST(asked["lines"][0]["refund_cents"] == 1473);
  BOOST_TEST(asked["quote"]["output"]["taken_back"] == json::array({"NEXT5"}));
  BOOST_TEST(asked["quote"]["output"]["refund_cents"] == 973);
  BOOST_TEST(!asked["qr"].empty());
  // The same request again with its key (a double tap, a lost answer): the same return, nothing more.
  const json twice = Body(http->Post("/v1/orders/" + id + "/returns",
                                     {{"Authorization", "Bearer " + shopper}, {"Idempotency-Key", "tap-1"}},
                                     json({{"lines", {{{"line", 1}, {"quantity", 1}}}},
                                           {"reason", "changed_mind"},
                                           {"drop_off", {{"kind", "store"}, {"site", "rivoli"}}}})
                                         .dump(),
                                     "application/json"));
  const httplib::Result again_tap = http->Post("/v1/orders/" + id + "/returns",
                                               {{"Authorization", "Bearer " + shopper}, {"Idempotency-Key", "tap-1"}},
                                               json({{"lines", {{{"line", 1}, {"quantity", 1}}}},
                                                     {"reason", "changed_mind"},
                                                     {"drop_off", {{"kind", "store"}, {"site", "rivoli"}}}})
                                                   .dump(),
                                               "application/json");
  BOOST_TEST(again_tap->status == 200);
  BOOST_TEST(Body(again_tap)["replayed"] == true);
  BOOST_TEST(Body(again_tap)["id"] == twice["id"]);
  BOOST_TEST(Call("GET", "/v1/orders/" + id + "/returns", nullptr, 200, shopper)["returns"].size() == 2u);
  Call("POST", "/v1/returns/" + twice["id"].get<std::string>() + "/steps", {{"event", "cancel"}}, 200, shopper);
  // The book is being returned: no second return of it.
  BOOST_TEST(Call("GET", "/v1/orders/" + id + "/returns", nullptr, 200, shopper)["lines"][0]["returnable"] == 0);

  // Its label (Colissimo's return account, 8R): numbered once, the same number on a second call, and the
  // barcode reads as that number.
  const httplib::Result label = http->Get("/v1/returns/" + number + "/label", {{"Authorization", "Bearer " + shopper}});
  BOOST_REQUIRE(label->status == 200);
  BOOST_TEST(label->body.starts_with("%PDF"));
  const std::string parcel = label->get_header_value("X-Parcel-Numbers");
  BOOST_TEST(parcel == "8R0000001000" + std::to_string(ColissimoKey("0000001000")));
  BOOST_TEST(http->Get("/v1/returns/" + number + "/label", {{"Authorization", "Bearer " + shopper}})
                 ->get_header_value("X-Parcel-Numbers") == parcel);
  std::ofstream(dir + "/return-label.pdf", std::ios::binary) << label->body;
  BOOST_TEST(Run("pdftoppm -r 300 -png " + dir + "/return-label.pdf " + dir + "/return && zbarimg --raw -q --nodbus " +
                 dir + "/return-1.png") == parcel + "\n");
  // Dropped at the point, the carrier's scan moves it on its way: the webhook's event lands on the return.
  Call("POST", "/v1/returns/" + number + "/steps", {{"event", "dropped_off"}}, 200, shopper);
  const std::string scan = json{{"tracking_number", parcel},
                                {"events", {{{"code", "PC1"}, {"text", "Pris en charge"}, {"at", edge::UtcNowIso()}}}}}
                               .dump();
  const httplib::Result hooked =
      http->Post("/v1/webhooks/carriers/colissimo/demo",
                 {{"X-Relais-Signature", "sha256=" + edge::HmacSha256Hex("colissimo-webhook-secret-0123", scan)}}, scan,
                 "application/json");
  BOOST_REQUIRE(hooked->status == 200);
  BOOST_TEST(Body(hooked)["events"][0]["outcome"] == "moved");
  BOOST_TEST(Call("GET", "/v1/returns/" + number)["status"] == "in_transit");
  // Then received at the store by its number: twice, one receipt.
  const int64_t before = OnHand(*this, "BOOK", "rivoli");
  httplib::Result first = Post("/v1/returns/" + number + "/receive", json::object(), rivoli_alice);
  BOOST_TEST(first->status == 201);
  httplib::Result again = Post("/v1/returns/" + number + "/receive", json::object(), rivoli_bob);
  BOOST_TEST(again->status == 200);
  BOOST_TEST(Body(again)["repeated"] == true);
  // The warehouse takes no returns: its staff cannot receive, nor grade what the store received.
  BOOST_TEST(Post("/v1/returns/" + number + "/receive", json::object(), warehouse_staff)->status == 409);

  // Graded resellable: in stock at the store at once, though the store never sold it.
  const json graded = Call("POST", "/v1/returns/" + number + "/grade",
                           {{"grades", {{{"line", 0}, {"resellable", 1}, {"unsellable", 0}}}}}, 200, rivoli_alice);
  BOOST_TEST(graded["status"] == "graded");
  BOOST_TEST(graded["refund"]["money_cents"] == 973);
  BOOST_TEST(OnHand(*this, "BOOK", "rivoli") == before + 1);
  BOOST_TEST(Post("/v1/returns/" + number + "/grade",
                  {{"grades", {{{"line", 0}, {"resellable", 1}, {"unsellable", 0}}}}},
                  rivoli_alice)
                 ->status == 409);  // Graded once: restocked once.
  BOOST_TEST(OnHand(*this, "BOOK", "rivoli") == before + 1);

  // Validated (under the 5000 threshold: one person), paid once through the provider, credited.
  const json validated = Call("POST", "/v1/returns/" + number + "/validate", json::object(), 200, rivoli_alice);
  BOOST_TEST(validated["refund"]["validation"] == "validated");
  // The return says refunded first, then its payment's row is written (refund_sender.cc): wait for both.
  BOOST_REQUIRE(Eventually([&] {
    const json now = Call("GET", "/v1/returns/" + number);
    return now["status"] == "refunded" && now["payment"]["status"] == "succeeded";
  }));
  const std::vector<json> calls = provider.calls();
  BOOST_REQUIRE(calls.size() == 1u);
  BOOST_TEST(calls[0]["body"]["amount_cents"] == 973);
  BOOST_TEST(calls[0]["body"]["return_id"] == number);
  BOOST_TEST(calls[0]["idempotency_key"] == "demo-" + number);
  BOOST_TEST(calls[0]["authorization"] == "Bearer psp-token-0123456789abcdef");
  const json shown = Call("GET", "/v1/returns/" + number, nullptr, 200, shopper);
  BOOST_TEST(shown["payment"]["status"] == "succeeded");
  BOOST_TEST(shown["payment"]["reference"] == "re_1");
  BOOST_REQUIRE(shown["credit_notes"].size() == 1u);
  const json note = Call("GET", "/v1/invoices/" + shown["credit_notes"][0].get<std::string>());
  BOOST_TEST(note["kind"] == "credit_note");
  BOOST_TEST(note["number"] == "AV-000001");
  BOOST_TEST(note["return_id"] == number);
  BOOST_TEST(!note["credits"].get<std::string>().empty());
  // The store that received it reads its credit note (an order it never saw otherwise); the warehouse does not.
  BOOST_TEST(http->Get("/v1/invoices/AV-000001/document", {{"Authorization", "Bearer " + rivoli_alice}})->status ==
             200);
  BOOST_TEST(http->Get("/v1/invoices/AV-000001", {{"Authorization", "Bearer " + warehouse_staff}})->status == 200);
  // The invoice bills what was paid: the goods, the delivery, and the order's discount (one line per VAT rate).
  const json invoice = Call("GET", "/v1/invoices/" + note["credits"].get<std::string>());
  BOOST_TEST(invoice["totals"]["gross_cents"] == 3189);
  BOOST_TEST(invoice["lines"].back()["label"] == "Remise WELCOME10");
  BOOST_TEST(invoice["lines"].back()["total_cents"] == -1000);
  // The book at its discounted 1473, the voucher's 500 taken back: -973 in all, what was paid back.
  BOOST_TEST(note["totals"]["gross_cents"] == -973);
  // The shopper is told at the steps the workflow marks: received, refunded.
  std::vector<std::string> triggers;
  const json notifications = Call("GET", "/v1/orders/" + id + "/notifications");
  for (const json& n : notifications["notifications"]) triggers.push_back(n["trigger"]);
  BOOST_TEST(std::count(triggers.begin(), triggers.end(), "return_received") == 1);
  BOOST_TEST(std::count(triggers.begin(), triggers.end(), "return_refunded") == 1);
  // Every step is an event with who did it.
  std::vector<std::string> kinds;
  const json events = Call("GET", "/v1/orders/" + id + "/events");  // Kept alive through the loop.
  for (const json& e : events["events"]) {
    if (e["kind"].get<std::string>().starts_with("return_")) kinds.push_back(e["kind"]);
  }
  // The book's return; the mug's, made twice with one key and cancelled; then the book's steps: labelled, dropped
  // off (the shopper), in transit (the carrier's scan), received, graded, validated, refunded.
  BOOST_TEST(json(kinds).dump() ==
             json({"return_requested", "return_requested", "return_cancelled", "return_labelled", "return_step",
                   "return_step", "return_received", "return_graded", "return_validated", "return_refunded"})
                 .dump());
}

BOOST_FIXTURE_TEST_CASE(an_unsellable_item_is_compensated_by_the_rule_and_a_large_refund_needs_two_people, Fixture) {
  const json placed = PlaceCollected(false);
  const std::string id = placed["id"];
  // The book and the three mugs, faulty: 1473 + 1500 - 395 = 2578, delivery back (defective) 390 = 2968; the
  // voucher was not spent: cancelled, nothing taken back.
  const json asked = Call("POST", "/v1/orders/" + id + "/returns",
                          {{"lines", {{{"line", 0}, {"quantity", 1}}, {{"line", 1}, {"quantity", 3}}}},
                           {"reason", "faulty"},
                           {"drop_off", {{"kind", "store"}, {"site", "rivoli"}}}},
                          201, placed["tracking_token"]);
  const std::string number = asked["id"];
  BOOST_TEST(asked["quote"]["output"]["refund_cents"] == 2968);
  BOOST_TEST(asked["quote"]["output"]["cancelled"] == json::array({"NEXT5"}));
  Call("POST", "/v1/returns/" + number + "/receive", json::object(), 201, rivoli_alice);
  const int64_t mugs = OnHand(*this, "MUG", "rivoli");
  // Unsellable units need the rule confirmed.
  httplib::Result r = Post(
      "/v1/returns/" + number + "/grade",
      {{"grades",
        {{{"line", 0}, {"resellable", 1}, {"unsellable", 0}}, {{"line", 1}, {"resellable", 1}, {"unsellable", 2}}}}},
      rivoli_alice);
  BOOST_TEST(ErrorField(r) == "compensation_confirmed");
  // 2 of 3 mugs unsellable: 1105 * 2 / 3 = 736 at 50 %: 368 kept. Money 2968 - 368 = 2600.
  const json graded = Call(
      "POST", "/v1/returns/" + number + "/grade",
      {{"grades",
        {{{"line", 0}, {"resellable", 1}, {"unsellable", 0}}, {{"line", 1}, {"resellable", 1}, {"unsellable", 2}}}},
       {"compensation_confirmed", true}},
      200, rivoli_alice);
  BOOST_TEST(graded["refund"]["kept_cents"] == 368);
  BOOST_TEST(graded["refund"]["money_cents"] == 2600);
  BOOST_TEST(graded["compensation"] == "percent");
  BOOST_TEST(OnHand(*this, "MUG", "rivoli") == mugs + 1);  // Only the resellable one.

  // 2600 is under the brand's 5000: one person validates.
  const json first = Call("POST", "/v1/returns/" + number + "/validate", json::object(), 200, rivoli_alice);
  BOOST_TEST(first["refund"]["validation"] == "validated");
  BOOST_TEST(Call("GET", "/v1/orders/" + id)["benefits"][0]["cancelled"] == true);
}

BOOST_AUTO_TEST_CASE(above_the_threshold_two_different_people_validate_and_a_refusal_is_shown) {
  Fixture f({402});  // The provider refuses the first (and only) call.
  const json big = f.Call("POST", "/v1/orders",
                          {{"customer_id", "c2"},
                           {"lines",
                            {{{"sku", "BOOK"},
                              {"quantity", 3},
                              {"site", "wh"},
                              {"mode", "relay"},
                              {"destination", {{"carrier", "colissimo"}, {"id", "CO-1"}}},
                              {"date", "2099-01-02"}}}}},
                          201);
  const std::string big_id = big["id"];
  for (const char* event : {"preparation_started", "preparation_done"}) {
    f.Call("POST", "/v1/orders/" + big_id + "/events", {{"event", event}});
  }
  f.Call(
      "POST", "/v1/orders/" + big_id + "/events",
      {{"event", "handed_to_carrier"}, {"parcel", {{"carrier", "colissimo"}, {"tracking_number", "6M41392078260"}}}});
  for (const char* event : {"ready_for_pickup", "picked_up"}) {
    f.Call("POST", "/v1/orders/" + big_id + "/events", {{"event", event}});
  }
  // 3 x 1999 = 5997 + 390 delivery back (whole order) = 6387 > 5000.
  const json asked = f.Call("POST", "/v1/orders/" + big_id + "/returns",
                            {{"lines", {{{"line", 0}, {"quantity", 3}}}},
                             {"reason", "changed_mind"},
                             {"drop_off", {{"kind", "store"}, {"site", "rivoli"}}}},
                            201);
  const std::string number = asked["id"];
  BOOST_TEST(asked["quote"]["output"]["refund_cents"] == 6387);
  f.Call("POST", "/v1/returns/" + number + "/receive", json::object(), 201, f.rivoli_alice);
  f.Call("POST", "/v1/returns/" + number + "/grade",
         {{"grades", {{{"line", 0}, {"resellable", 3}, {"unsellable", 0}}}}}, 200, f.rivoli_alice);
  const json once = f.Call("POST", "/v1/returns/" + number + "/validate", json::object(), 200, f.rivoli_alice);
  BOOST_TEST(once["refund"]["validation"] == "awaiting_second");
  httplib::Result same = f.Post("/v1/returns/" + number + "/validate", json::object(), f.rivoli_alice);
  BOOST_TEST(same->status == 409);
  BOOST_TEST(ErrorCode(same) == "second_validator_needed");
  BOOST_TEST(f.provider.calls().empty());  // No money moves before the second person.
  const json twice = f.Call("POST", "/v1/returns/" + number + "/validate", json::object(), 200, f.rivoli_bob);
  BOOST_TEST(twice["refund"]["validation"] == "validated");
  BOOST_TEST(twice["refund"]["validations"].size() == 2u);
  // The provider refuses: failed, shown, not retried, the return not refunded.
  BOOST_REQUIRE(Eventually([&] {
    const json shown = f.Call("GET", "/v1/returns/" + number);
    return shown.contains("payment") && shown["payment"]["status"] == "failed";
  }));
  BOOST_TEST(f.provider.calls().size() == 1u);
  BOOST_TEST(f.Call("GET", "/v1/returns/" + number)["status"] == "graded");
  // Customer service asks again (the card was renewed): the same refund under the same key, paid this time.
  const json retried =
      f.Call("POST", "/v1/returns/" + number + "/payment", {{"reason", "new card"}}, 200, f.rivoli_bob);
  BOOST_TEST(retried["payment"]["status"] == "pending");
  BOOST_REQUIRE(Eventually([&] { return f.Call("GET", "/v1/returns/" + number)["status"] == "refunded"; }));
  const std::vector<json> calls = f.provider.calls();
  BOOST_REQUIRE(calls.size() == 2u);
  BOOST_TEST(calls[0]["idempotency_key"] == calls[1]["idempotency_key"]);
  BOOST_TEST(f.Post("/v1/returns/" + number + "/payment", json::object(), f.rivoli_bob)->status == 409);
}

BOOST_AUTO_TEST_CASE(a_provider_that_times_out_then_fails_once_is_asked_again_with_the_same_key_and_pays_once) {
  Fixture f({PaymentProvider::kSlow, 503});
  const json placed = f.PlaceCollected();
  const json asked = f.Call("POST", "/v1/orders/" + placed["id"].get<std::string>() + "/returns",
                            {{"lines", {{{"line", 1}, {"quantity", 1}}}},
                             {"reason", "changed_mind"},
                             {"drop_off", {{"kind", "store"}, {"site", "rivoli"}}}},
                            201);
  const std::string number = asked["id"];
  // One mug: 1105 / 3 = 368 (floor), goods kept 2799 - 368 = 2431 < 2500: the spent voucher's 500 cannot come
  // out of 368: the refund is 0 and 132 stays owed.
  BOOST_TEST(asked["quote"]["output"]["refund_cents"] == 0);
  BOOST_TEST(asked["quote"]["output"]["owed_cents"] == 132);
  // A second mug: 2 * 1105 / 3 = 736; owed 736 - 500 = 236, minus the 0 refunded: 236.
  const json second = f.Call("POST", "/v1/orders/" + placed["id"].get<std::string>() + "/returns",
                             {{"lines", {{{"line", 1}, {"quantity", 1}}}},
                              {"reason", "changed_mind"},
                              {"drop_off", {{"kind", "store"}, {"site", "rivoli"}}}},
                             201);
  BOOST_TEST(second["quote"]["output"]["refund_cents"] == 236);
  const std::string paid = second["id"];
  f.Call("POST", "/v1/returns/" + paid + "/receive", json::object(), 201, f.rivoli_alice);
  f.Call("POST", "/v1/returns/" + paid + "/grade", {{"grades", {{{"line", 1}, {"resellable", 1}, {"unsellable", 0}}}}},
         200, f.rivoli_alice);
  f.Call("POST", "/v1/returns/" + paid + "/validate", json::object(), 200, f.rivoli_alice);
  BOOST_REQUIRE_MESSAGE(Eventually([&] { return f.Call("GET", "/v1/returns/" + paid)["status"] == "refunded"; }),
                        f.Call("GET", "/v1/returns/" + paid).dump());
  // A timeout, a 503, then paid: three calls under one key (a provider that did pay the first time answers the
  // same refund again, by the key).
  const std::vector<json> calls = f.provider.calls();
  BOOST_REQUIRE(calls.size() == 3u);
  BOOST_TEST(calls[0]["idempotency_key"] == calls[1]["idempotency_key"]);
  BOOST_TEST(calls[1]["idempotency_key"] == calls[2]["idempotency_key"]);
  BOOST_TEST(f.Call("GET", "/v1/returns/" + paid)["payment"]["attempts"] == 3);
  // The first return refunds nothing: validated, it closes without calling the provider.
  f.Call("POST", "/v1/returns/" + number + "/receive", json::object(), 201, f.rivoli_alice);
  f.Call("POST", "/v1/returns/" + number + "/grade",
         {{"grades", {{{"line", 1}, {"resellable", 1}, {"unsellable", 0}}}}}, 200, f.rivoli_alice);
  BOOST_TEST(f.Call("POST", "/v1/returns/" + number + "/validate", json::object(), 200, f.rivoli_alice)["status"] ==
             "closed");
  BOOST_TEST(f.provider.calls().size() == 3u);
}

BOOST_AUTO_TEST_CASE(a_return_before_delivery_or_of_another_order_is_refused) {
  Fixture f;
  const json placed = f.Call("POST", "/v1/orders",
                             {{"customer_id", "c3"},
                              {"lines",
                               {{{"sku", "BOOK"},
                                 {"quantity", 1},
                                 {"site", "wh"},
                                 {"mode", "relay"},
                                 {"destination", {{"carrier", "colissimo"}, {"id", "CO-1"}}},
                                 {"date", "2099-01-02"}}}}},
                             201);
  httplib::Result r = f.Post("/v1/orders/" + placed["id"].get<std::string>() + "/returns",
                             {{"lines", {{{"line", 0}, {"quantity", 1}}}},
                              {"reason", "changed_mind"},
                              {"drop_off", {{"kind", "store"}, {"site", "rivoli"}}}},
                             placed["tracking_token"]);
  BOOST_TEST(r->status == 409);
  BOOST_TEST(Body(r)["error"]["lines"][0]["reason"] == "not delivered yet");
  // Another order's token opens nothing here.
  const json other = f.PlaceCollected();
  BOOST_TEST(f.http
                 ->Get("/v1/orders/" + other["id"].get<std::string>() + "/returns",
                       {{"Authorization", "Bearer " + placed["tracking_token"].get<std::string>()}})
                 ->status == 404);
  // A discount above the goods is refused naming the field.
  r = f.http->Post("/v1/orders",
                   {{"Authorization", std::string("Bearer ") + kMerchantKey}, {"Idempotency-Key", "too-much"}},
                   json({{"customer_id", "c3"},
                         {"lines",
                          {{{"sku", "MUG"},
                            {"quantity", 1},
                            {"site", "wh"},
                            {"mode", "relay"},
                            {"destination", {{"carrier", "colissimo"}, {"id", "CO-1"}}},
                            {"date", "2099-01-02"}}}},
                         {"discounts", {{{"code", "TOO_MUCH"}, {"amount_cents", 501}}}}})
                       .dump(),
                   "application/json");
  BOOST_TEST(ErrorField(r) == "discounts");
}

BOOST_AUTO_TEST_CASE(a_store_taking_returns_finds_any_delivered_order_for_a_return_at_its_counter) {
  Fixture f;
  const json placed = f.PlaceCollected();
  const json open = f.Call("POST", "/v1/orders",
                           {{"customer_id", "c1"},
                            {"contact", {{"email", "helene@example.test"}}},
                            {"lines",
                             {{{"sku", "MUG"},
                               {"quantity", 1},
                               {"site", "wh"},
                               {"mode", "relay"},
                               {"destination", {{"carrier", "colissimo"}, {"id", "CO-1"}}},
                               {"date", "2099-01-02"}}}}},
                           201);
  // The store's staff search by the shopper's e-mail: the collected order (for its return), not the open one.
  const json found = f.Call("GET", "/v1/orders/search?q=helene@example.test", nullptr, 200, f.rivoli_alice);
  BOOST_REQUIRE(found["orders"].size() == 1u);
  BOOST_TEST(found["orders"][0]["id"] == placed["id"]);
  BOOST_TEST(found["orders"][0]["for_returns"] == true);
  // The warehouse takes no returns: its staff see their own orders as before, both.
  const json own = f.Call("GET", "/v1/orders/search?q=helene@example.test", nullptr, 200, f.warehouse_staff);
  BOOST_TEST(own["orders"].size() == 2u);
  BOOST_TEST(!own["orders"][0].contains("for_returns"));
  // At the counter: the return started there and received at once.
  const json asked = f.Call("POST", "/v1/orders/" + placed["id"].get<std::string>() + "/returns",
                            {{"lines", {{{"line", 1}, {"quantity", 1}}}},
                             {"reason", "changed_mind"},
                             {"drop_off", {{"kind", "store"}, {"site", "rivoli"}}}},
                            201, f.rivoli_alice);
  f.Call("POST", "/v1/returns/" + asked["id"].get<std::string>() + "/receive", json::object(), 201, f.rivoli_alice);
  // Another store's returns are not started from here.
  const httplib::Result elsewhere = f.Post("/v1/orders/" + placed["id"].get<std::string>() + "/returns",
                                           {{"lines", {{{"line", 1}, {"quantity", 1}}}},
                                            {"reason", "changed_mind"},
                                            {"drop_off", {{"kind", "store"}, {"site", "wh"}}}},
                                           f.rivoli_alice);
  BOOST_TEST(elsewhere->status == 403);
  static_cast<void>(open);
}

BOOST_AUTO_TEST_CASE(racing_receipts_give_one_receipt) {
  Fixture f;
  const json placed = f.PlaceCollected();
  const std::string number = f.Call("POST", "/v1/orders/" + placed["id"].get<std::string>() + "/returns",
                                    {{"lines", {{{"line", 0}, {"quantity", 1}}}},
                                     {"reason", "changed_mind"},
                                     {"drop_off", {{"kind", "store"}, {"site", "rivoli"}}}},
                                    201)["id"];
  // Two scanners and six tabs at once.
  std::atomic<int> created = 0, repeated = 0, other = 0;
  std::vector<std::thread> scans;
  for (int i = 0; i < 8; ++i) {
    scans.emplace_back([&, i] {
      httplib::Client http("127.0.0.1", f.edge->port());
      const httplib::Result r =
          http.Post("/v1/returns/" + number + "/receive",
                    {{"Authorization", "Bearer " + (i % 2 ? f.rivoli_alice : f.rivoli_bob)}}, "{}", "application/json");
      if (r && r->status == 201) {
        ++created;
      } else if (r && r->status == 200 && json::parse(r->body)["repeated"] == true) {
        ++repeated;
      } else {
        ++other;
      }
    });
  }
  for (std::thread& t : scans) t.join();
  BOOST_TEST(created.load() == 1);
  BOOST_TEST(repeated.load() == 7);
  BOOST_TEST(other.load() == 0);
  int receipts = 0;
  const json events = f.Call("GET", "/v1/orders/" + placed["id"].get<std::string>() + "/events");
  for (const json& e : events["events"]) receipts += e["kind"] == "return_received" ? 1 : 0;
  BOOST_TEST(receipts == 1);
}

// Grading writes the grade, the restock and the event in one transaction: a SIGKILL in the middle of a burst of
// gradings leaves each return either graded with its unit back in stock, or not graded with nothing moved -- and
// grading the others after the restart restocks each exactly once.
BOOST_AUTO_TEST_CASE(a_crash_while_grading_loses_nothing_and_doubles_nothing) {
  Fixture f;
  constexpr int kReturns = 24;
  std::vector<std::string> numbers;
  for (int i = 0; i < kReturns; ++i) {
    const json placed = f.PlaceCollected();
    numbers.push_back(f.Call("POST", "/v1/orders/" + placed["id"].get<std::string>() + "/returns",
                             {{"lines", {{{"line", 1}, {"quantity", 2}}}},
                              {"reason", "changed_mind"},
                              {"drop_off", {{"kind", "store"}, {"site", "rivoli"}}}},
                             201)["id"]);
    f.Call("POST", "/v1/returns/" + numbers.back() + "/receive", json::object(), 201, f.rivoli_alice);
  }
  const json grades = {{"grades", {{{"line", 1}, {"resellable", 2}, {"unsellable", 0}}}}};
  std::atomic<int> acknowledged = 0;
  std::map<std::string, bool> acked;
  std::mutex acked_mutex;
  std::vector<std::thread> staff;
  for (int t = 0; t < 4; ++t) {
    staff.emplace_back([&, t] {
      httplib::Client http("127.0.0.1", f.edge->port());
      http.set_read_timeout(2, 0);
      for (int i = t; i < kReturns; i += 4) {
        const httplib::Result r =
            http.Post("/v1/returns/" + numbers[i] + "/grade", {{"Authorization", "Bearer " + f.rivoli_alice}},
                      grades.dump(), "application/json");
        if (r && r->status == 200) {
          ++acknowledged;
          const std::lock_guard<std::mutex> lock(acked_mutex);
          acked[numbers[i]] = true;
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(15));
  f.Crash();  // Mid-burst: some gradings in flight.
  for (std::thread& t : staff) t.join();
  BOOST_TEST_MESSAGE(acknowledged.load() << " of " << kReturns << " gradings acknowledged before the crash");

  // After the restart: every acknowledged grade is there, and the store holds 2 mugs per graded return.
  const auto on_hand = [&] { return OnHand(f, "MUG", "rivoli"); };
  int graded = 0;
  for (const std::string& n : numbers) {
    const std::string status = f.Call("GET", "/v1/returns/" + n)["status"];
    if (acked.count(n)) BOOST_TEST(status == "graded", n);
    graded += status == "graded" ? 1 : 0;
  }
  BOOST_TEST(on_hand() == 2 * graded);
  // The rest graded now (and the graded ones refused): each restocked exactly once.
  for (const std::string& n : numbers) {
    const httplib::Result r = f.Post("/v1/returns/" + n + "/grade", grades, f.rivoli_alice);
    BOOST_TEST((r->status == 200 || ErrorCode(r) == "return_moved"), n << ": " << r->status << " " << r->body);
  }
  BOOST_TEST(on_hand() == 2 * kReturns);
  const json history = f.Call("GET", "/v1/stock/MUG/history?site=rivoli&limit=1000");
  std::map<std::string, int> restocked;
  for (const json& e : history["ledger"]) {
    if (e["kind"] == "return_to_stock") restocked[e["reference"]] += e["quantity"].get<int>();
  }
  BOOST_TEST(restocked.size() == static_cast<size_t>(kReturns));
  for (const auto& [reference, units] : restocked) BOOST_TEST(units == 2, reference);
}

// A return is priced with the returns made before it as they stand when it is graded: one cancelled meanwhile no
// longer counts. And an Idempotency-Key is one request: the same key with another body is refused.
BOOST_AUTO_TEST_CASE(a_cancelled_earlier_return_no_longer_counts_when_the_next_is_graded) {
  Fixture f;
  const json placed = f.PlaceCollected();
  const std::string id = placed["id"];
  const auto ask = [&](int line, const std::string& key) {
    return f.http->Post("/v1/orders/" + id + "/returns",
                        {{"Authorization", std::string("Bearer ") + kMerchantKey}, {"Idempotency-Key", key}},
                        json({{"lines", {{{"line", line}, {"quantity", 1}}}},
                              {"reason", "changed_mind"},
                              {"drop_off", {{"kind", "store"}, {"site", "rivoli"}}}})
                            .dump(),
                        "application/json");
  };
  // A mug first (368 of goods; the goods kept fall under 2500: the spent voucher's 500 leaves 0, 132 owed), then
  // the book, priced after it: 368 + 1473 - 500 = 1341 in all, 0 refunded before: 1341.
  const json mug = Body(ask(1, "mug"));
  const json book = Body(ask(0, "book"));
  BOOST_TEST(mug["quote"]["output"]["refund_cents"] == 0);
  BOOST_TEST(book["quote"]["output"]["refund_cents"] == 1341);
  const httplib::Result reused = ask(0, "mug");
  BOOST_TEST(reused->status == 422);
  BOOST_TEST(ErrorCode(reused) == "idempotency_key_reused");
  // The mug's return is cancelled: the book alone is 1473 - 500 = 973, and that is what its grading pays.
  f.Call("POST", "/v1/returns/" + mug["id"].get<std::string>() + "/steps", {{"event", "cancel"}}, 200,
         placed["tracking_token"]);
  const std::string number = book["id"];
  f.Call("POST", "/v1/returns/" + number + "/receive", json::object(), 201, f.rivoli_alice);
  const json graded = f.Call("POST", "/v1/returns/" + number + "/grade",
                             {{"grades", {{{"line", 0}, {"resellable", 1}, {"unsellable", 0}}}}}, 200, f.rivoli_alice);
  BOOST_TEST(graded["quote"]["output"]["refund_cents"] == 973);
  BOOST_TEST(graded["refund"]["money_cents"] == 973);
}

BOOST_AUTO_TEST_CASE(a_return_past_the_window_is_refused_with_the_day_it_closed) {
  Fixture f({}, 0);  // The window closes when the parcel is collected.
  const json placed = f.PlaceCollected();
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  const json options = f.Call("GET", "/v1/orders/" + placed["id"].get<std::string>() + "/returns");
  BOOST_TEST(options["lines"][0]["returnable"] == 0);
  BOOST_TEST(options["lines"][0]["refusal"].get<std::string>().starts_with("the 0-day return window closed on "));
  const httplib::Result r = f.Post("/v1/orders/" + placed["id"].get<std::string>() + "/returns",
                                   {{"lines", {{{"line", 0}, {"quantity", 1}}}},
                                    {"reason", "changed_mind"},
                                    {"drop_off", {{"kind", "store"}, {"site", "rivoli"}}}},
                                   placed["tracking_token"]);
  BOOST_TEST(r->status == 409);
  BOOST_TEST(ErrorCode(r) == "not_returnable");
  BOOST_TEST(Body(r)["error"]["message"].get<std::string>().find("return window closed") != std::string::npos);
}
