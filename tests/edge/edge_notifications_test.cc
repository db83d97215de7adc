// The shoppers' notifications end to end: relais-edge as a process, a real SMTP server on loopback
// (python3-aiosmtpd, tests/edge/smtp_sink.py) and an SMS provider played by an HTTP server in this test.
// A drive order reaching "ready" sends one e-mail and one SMS in the shopper's language, with the pick-up
// code and a tracking link whose token opens the order; a replayed event sends nothing more; the SMS
// provider failing twice is retried until it takes the message; one always refused ends "failed" after the
// brand's attempts; customer service resends an e-mail.
#define BOOST_TEST_MODULE edge_notifications
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <fstream>
#include <mutex>
#include <thread>

#include "tests/edge/edge_process.h"
#include "tests/edge/smtp_sink.h"

using namespace relais::testing;
using nlohmann::json;

namespace {

const char* kJson = "application/json";
const char* kSmsToken = "sms-provider-token-0123456789";

// The SMS provider: refuses the first `failures` messages (503), and every message to a number ending in
// 0000; keeps what it took.
class SmsProvider {
 public:
  explicit SmsProvider(int failures) : failures_(failures) {
    server_.Post("/sms", [this](const httplib::Request& req, httplib::Response& res) {
      const std::lock_guard<std::mutex> lock(mutex_);
      ++requests_;
      const json body = json::parse(req.body);
      if (req.get_header_value("Authorization") != std::string("Bearer ") + kSmsToken) {
        res.status = 401;
      } else if (failures_ > 0 || body.value("to", "").ends_with("0000")) {
        --failures_;
        res.status = 503;
        res.set_content(R"({"error": "busy"})", kJson);
      } else {
        taken_.push_back(body);
        res.set_content(R"({"id": "sms-1"})", kJson);
      }
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~SmsProvider() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  std::vector<json> Taken() {
    const std::lock_guard<std::mutex> lock(mutex_);
    return taken_;
  }
  int requests() {
    const std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  std::mutex mutex_;
  int failures_;
  int requests_ = 0;
  std::vector<json> taken_;
  int port_ = 0;
};

struct Fixture {
  Fixture() : dir(MakeDir()), smtp(dir + "/mail.jsonl"), sms(2), folder(Config()), edge(folder), http(edge.Client()) {
    Call("PUT", "/v1/sites/drive-1",
         {{"kind", "drive"},
          {"name", "Drive Nord"},
          {"location",
           {{"address", {"2 avenue du Stade"}},
            {"postcode", "93200"},
            {"city", "SAINT-DENIS"},
            {"country", "FR"},
            {"lat", 48.93},
            {"lon", 2.36},
            {"tz", "Europe/Paris"}}},
          {"capabilities", {{"drive", {{"cost_cents", 0}, {"lead_time_hours", 2}}}}}});
    Call("PUT", "/v1/products/BOOK",
         {{"name", "Guide"},
          {"category", "books"},
          {"temperature", "ambient"},
          {"weight_g", 400},
          {"price_cents", 1000}});
    Call("POST", "/v1/stock/movements", {{"kind", "receipt"}, {"sku", "BOOK"}, {"site", "drive-1"}, {"quantity", 10}});
  }
  ~Fixture() { std::filesystem::remove_all(dir); }
  static std::string MakeDir() {
    char pattern[] = "/tmp/relais-edge-notify-XXXXXX";
    return mkdtemp(pattern);
  }
  json Config() const {
    setenv("TEST_SMS_TOKEN", kSmsToken, 1);
    json config = json::parse(R"({"brands": [
        {"id": "demo", "name": "Boutique Démo", "api_key_env": "TEST_DEMO_KEY",
         "settings": {"zones": {"paris": {"name": "Paris"}}},
         "notifications": {"email": {"from": "boutique@shop.example", "from_name": "Boutique Démo"},
                           "sms": {"token_env": "TEST_SMS_TOKEN", "sender": "BOUTIQUE"},
                           "tracking_url": "https://shop.example/suivi/",
                           "retry_initial_ms": 50, "max_attempts": 4}},
        {"id": "other", "name": "Other", "api_key_env": "TEST_OTHER_KEY"}]})");
    config["brands"][0]["notifications"]["email"]["smtp_url"] = "smtp://127.0.0.1:" + std::to_string(smtp.port());
    config["brands"][0]["notifications"]["sms"]["url"] = "http://127.0.0.1:" + std::to_string(sms.port()) + "/sms";
    return config;
  }

  json Call(const std::string& method, const std::string& path, const json& body = nullptr, int expected = 0,
            const std::string& token = kMerchantKey) {
    return CallJson(*http, method, path, body, expected, token);
  }
  // A drive order for `contact`, prepared and ready: the step that notifies.
  json ReadyOrder(const json& contact) {
    const json line = {{"sku", "BOOK"}, {"quantity", 1}, {"site", "drive-1"}, {"mode", "drive"}};
    const json created = Call("POST", "/v1/orders", {{"customer_id", "c1"}, {"contact", contact}, {"lines", {line}}});
    const std::string id = created["id"];
    Call("POST", "/v1/orders/" + id + "/events", {{"event", "preparation_started"}});
    Call("POST", "/v1/orders/" + id + "/events", {{"event", "preparation_done"}});
    return created;
  }
  json Notifications(const std::string& order) {
    return Call("GET", "/v1/orders/" + order + "/notifications")["notifications"];
  }

  std::string dir;
  SmtpSink smtp;
  SmsProvider sms;
  EdgeFolder folder;
  EdgeProcess edge;
  std::unique_ptr<httplib::Client> http;
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(ready_sends_one_email_and_one_sms_in_the_shoppers_language, Fixture) {
  const json created = ReadyOrder(
      {{"name", "Ada {code} Martin"}, {"email", "ada@example.com"}, {"phone", "+33 6 12 34 56 78"}, {"lang", "en"}});
  const std::string id = created["id"];
  BOOST_REQUIRE(Eventually([&] { return smtp.Messages().size() == 1 && sms.Taken().size() == 1; }));
  const json timeline = Call("GET", "/v1/orders/" + id + "/timeline?lang=en", nullptr, 200, created["tracking_token"]);
  const std::string code = timeline["shipments"][0]["pickup_code"];
  BOOST_TEST(code.size() == 6u);

  const json mail = smtp.Messages()[0];
  BOOST_TEST(mail["mail_from"] == "boutique@shop.example");
  BOOST_TEST(mail["rcpt_tos"] == json::array({"ada@example.com"}));
  BOOST_TEST(mail["from"] == "Boutique Démo <boutique@shop.example>");  // UTF-8 in the header, decoded.
  BOOST_TEST(mail["subject"] == "Boutique Démo – order " + id + ": Ready: tell us when you arrive");
  const std::string body = mail["body"];
  BOOST_TEST(body.find("Hello Ada {code} Martin,") == 0u, body);  // A name is text, never a placeholder.
  BOOST_TEST(body.find("Collect at: Drive Nord, 2 avenue du Stade, 93200 SAINT-DENIS.") != std::string::npos, body);
  BOOST_TEST(body.find("Pick-up code: " + code) != std::string::npos, body);
  // The link opens the order with the shopper's own token.
  const size_t token_at = body.find("&token=");
  BOOST_REQUIRE(token_at != std::string::npos);
  BOOST_TEST(body.find("https://shop.example/suivi/?order=" + id + "&token=") != std::string::npos);
  const std::string token = body.substr(token_at + 7, body.find('&', token_at + 7) - token_at - 7);
  BOOST_TEST(token == created["tracking_token"].get<std::string>());

  // The SMS provider refused twice (503): retried with backoff until it took the message, once.
  const json text = sms.Taken()[0];
  BOOST_TEST(text["to"] == "+33612345678");
  BOOST_TEST(text["from"] == "BOUTIQUE");
  BOOST_TEST(text["text"].get<std::string>().find("Pick-up code: " + code) != std::string::npos);
  BOOST_TEST(sms.requests() == 3);
  BOOST_REQUIRE(Eventually([&] {
    const json n = Notifications(id);
    return n.size() == 2u && n[0]["status"] == "sent" && n[1]["status"] == "sent";
  }));
  const json sent = Notifications(id);
  BOOST_TEST(sent[0]["channel"] == "email");
  BOOST_TEST(sent[0]["attempts"] == 1);
  BOOST_TEST(sent[1]["channel"] == "sms");
  BOOST_TEST(sent[1]["attempts"] == 3);

  // Customer service reads what was sent, never the code staff must check nor the shopper's token.
  for (const json& n : sent) {
    const std::string shown = n["body"];
    BOOST_TEST(shown.find(code) == std::string::npos, shown);
    BOOST_TEST(shown.find(token) == std::string::npos, shown);
    BOOST_TEST(shown.find("[masked]") != std::string::npos, shown);
  }

  // The same event again (a double click, a replayed webhook): nothing more is sent.
  BOOST_TEST(Call("POST", "/v1/orders/" + id + "/events", {{"event", "preparation_done"}})["repeated"] == true);
  std::this_thread::sleep_for(std::chrono::milliseconds(800));  // Longer than the sender's pass.
  BOOST_TEST(smtp.Messages().size() == 1u);
  BOOST_TEST(sms.Taken().size() == 1u);
  BOOST_TEST(Notifications(id).size() == 2u);

  // Customer service sends the e-mail again: a new message, the same text.
  const json again =
      Call("POST", "/v1/orders/" + id + "/notifications/" + std::to_string(sent[0]["id"].get<int>()) + "/resend",
           json::object(), 201);
  BOOST_TEST(again["trigger"] == "ready_for_pickup#resend1");
  BOOST_TEST(again["body"].get<std::string>().find(code) == std::string::npos);
  BOOST_REQUIRE(Eventually([&] { return smtp.Messages().size() == 2; }));
  BOOST_TEST(smtp.Messages()[1]["subject"] == mail["subject"]);
  BOOST_TEST(smtp.Messages()[1]["message_id"] != mail["message_id"]);
  BOOST_TEST(Call("POST", "/v1/orders/" + id + "/notifications/999999/resend", json::object(), 404)["error"]["code"] ==
             "not_found");
}

BOOST_FIXTURE_TEST_CASE(a_message_the_provider_keeps_refusing_ends_failed, Fixture) {
  // French by default; a number the provider always refuses; no e-mail address: SMS only.
  const json created = ReadyOrder({{"name", "Léa"}, {"phone", "06 00 00 00 00"}});
  BOOST_TEST(created["contact"]["phone"] == "+33600000000");  // As SMS providers take it (E.164).
  // A number no provider could route is refused when the order is placed, naming the field.
  const json line = {{"sku", "BOOK"}, {"quantity", 1}, {"site", "drive-1"}, {"mode", "drive"}};
  const json refused = Call("POST", "/v1/orders",
                            {{"customer_id", "c1"}, {"contact", {{"phone", "611 22 33 44"}}}, {"lines", {line}}}, 400);
  BOOST_TEST(refused["error"]["field"] == "contact.phone");
  const std::string id = created["id"];
  BOOST_REQUIRE(Eventually([&] {
    const json n = Notifications(id);
    return n.size() == 1u && n[0]["status"] == "failed";
  }));
  const json failed = Notifications(id)[0];
  BOOST_TEST(failed["attempts"] == 4);  // The brand's max_attempts.
  BOOST_TEST(failed["last_error"].get<std::string>().find("503") != std::string::npos);
  BOOST_TEST(failed["body"].get<std::string>().find("Boutique Démo : commande " + id + " – Prête") == 0u,
             failed["body"]);
  BOOST_TEST(smtp.Messages().empty());
}

// Stock that goes by a transfer before the shopper collects it (the split's "warehouse, then collect at the
// store"): the shopper hears "ready" and gets the pick-up code when the goods are at the store, not when the
// warehouse has prepared them (issue 21, item 2).
BOOST_FIXTURE_TEST_CASE(a_transferred_collection_says_ready_when_the_goods_are_at_the_store, Fixture) {
  const json where = {{"address", {"8 rue de la Paix"}},
                      {"postcode", "75002"},
                      {"city", "PARIS"},
                      {"country", "FR"},
                      {"lat", 48.87},
                      {"lon", 2.33},
                      {"tz", "Europe/Paris"}};
  Call("PUT", "/v1/sites/depot",
       {{"kind", "warehouse"},
        {"name", "Dépôt"},
        {"zone", "paris"},
        {"location", where},
        {"capabilities", {{"transfer", {{"cost_cents", 150}, {"lead_time_hours", 24}, {"transit_days", 1}}}}}});
  Call("PUT", "/v1/sites/paris-2",
       {{"kind", "store"},
        {"name", "Boutique Opéra"},
        {"zone", "paris"},
        {"location", where},
        {"capabilities", {{"click_collect", {{"cost_cents", 0}, {"lead_time_hours", 2}}}}}});
  Call("POST", "/v1/stock/movements", {{"kind", "receipt"}, {"sku", "BOOK"}, {"site", "depot"}, {"quantity", 5}});
  const json line = {{"sku", "BOOK"},
                     {"quantity", 2},
                     {"site", "depot"},
                     {"mode", "click_collect"},
                     {"destination", {{"site", "paris-2"}}}};
  const json created = Call("POST", "/v1/orders",
                            {{"customer_id", "c2"},
                             {"purchase_site", "paris-2"},
                             {"contact", {{"name", "Ada"}, {"email", "ada@example.com"}, {"lang", "en"}}},
                             {"lines", {line}}});
  BOOST_REQUIRE(created["children"].size() == 1u);  // The depot's part.
  const std::string id = created["children"][0]["id"], token = created["tracking_token"];
  const auto shipment = [&] {
    return Call("GET", "/v1/orders/" + created["id"].get<std::string>() + "/timeline?lang=en", nullptr, 200,
                token)["shipments"][0];
  };
  const auto event = [&](const std::string& name) {
    return Call("POST", "/v1/orders/" + id + "/events", {{"event", name}});
  };
  // The shopper's timeline shows the way through the transfer.
  json steps = json::array();
  const json planned = shipment();
  for (const json& s : planned["steps"]) steps.push_back(s["label"]);
  BOOST_TEST(
      steps == json({"Order received", "Being prepared", "On its way to your store", "Ready in store", "Collected"}),
      steps.dump());

  // Prepared at the depot: the goods still have to travel. No "ready", no code.
  event("preparation_started");
  BOOST_TEST(event("preparation_done")["shipment"]["step"] == "transfer_out");
  // Shipped to the store: out of the depot's stock, in transit; still nothing to collect.
  BOOST_TEST(event("transfer_shipped")["shipment"]["step"] == "in_transit");
  BOOST_TEST(Call("GET", "/v1/orders/" + id)["status"] == "shipped");
  std::this_thread::sleep_for(std::chrono::milliseconds(800));  // Longer than the sender's pass.
  BOOST_TEST(smtp.Messages().empty());
  BOOST_TEST(Notifications(id).empty());
  BOOST_TEST(!shipment().contains("pickup_code"), shipment().dump());
  BOOST_TEST(shipment()["step"] == "in_transit");
  const json depot = Call("GET", "/v1/stock/BOOK?site=depot")["sites"][0];
  BOOST_TEST(depot["on_hand"] == 3);
  BOOST_TEST(Call("GET", "/v1/stock/BOOK?site=paris-2")["sites"][0]["in_transit"] == 2);

  // Received at the store: now the shopper is told, with the code and the store's address.
  BOOST_TEST(event("transfer_received")["shipment"]["step"] == "ready_for_pickup");
  BOOST_REQUIRE(Eventually([&] { return smtp.Messages().size() == 1; }));
  const std::string code = shipment()["pickup_code"];
  const std::string body = smtp.Messages()[0]["body"];
  BOOST_TEST(smtp.Messages()[0]["subject"] ==
             "Boutique Démo – order " + created["id"].get<std::string>() + ": Ready in store");
  BOOST_TEST(body.find("Collect at: Boutique Opéra, 8 rue de la Paix, 75002 PARIS.") != std::string::npos, body);
  BOOST_TEST(body.find("Pick-up code: " + code) != std::string::npos, body);
}

// A delay tells the shopper the new date, once per date (issue 21, item 8: a `delayed` event notified nobody).
BOOST_FIXTURE_TEST_CASE(a_delay_tells_the_shopper_the_new_date_once, Fixture) {
  const json line = {{"sku", "BOOK"}, {"quantity", 1}, {"site", "drive-1"}, {"mode", "drive"}};
  const json created = Call("POST", "/v1/orders",
                            {{"customer_id", "c1"},
                             {"contact", {{"name", "Ada"}, {"email", "ada@example.com"}, {"lang", "en"}}},
                             {"lines", {line}}});
  const std::string id = created["id"];
  Call("POST", "/v1/orders/" + id + "/events", {{"event", "delayed"}, {"eta", "2099-06-05"}});
  BOOST_REQUIRE(Eventually([&] { return smtp.Messages().size() == 1; }));
  BOOST_TEST(smtp.Messages()[0]["subject"] ==
             "Boutique Démo – order " + id + ": new expected date: Friday 5 June 2099");
  // The same date again (a replay) sends nothing; another date sends again, in the shopper's language.
  BOOST_TEST(Call("POST", "/v1/orders/" + id + "/events", {{"event", "delayed"}, {"eta", "2099-06-05"}})["repeated"] ==
             true);
  Call("POST", "/v1/orders/" + id + "/events", {{"event", "delayed"}, {"eta", "2099-06-08"}});
  BOOST_REQUIRE(Eventually([&] { return smtp.Messages().size() == 2; }));
  BOOST_TEST(smtp.Messages()[1]["subject"] ==
             "Boutique Démo – order " + id + ": new expected date: Monday 8 June 2099");
  // A date gone is no new date; an event no step of the workflow knows is a mistake, not a refusal.
  BOOST_TEST(Call("POST", "/v1/orders/" + id + "/events", {{"event", "delayed"}, {"eta", "2020-01-01"}},
                  400)["error"]["field"] == "eta");
  BOOST_TEST(Call("POST", "/v1/orders/" + id + "/events", {{"event", "delaid"}}, 400)["error"]["field"] == "event");
  std::this_thread::sleep_for(std::chrono::milliseconds(800));  // Longer than the sender's pass.
  BOOST_TEST(smtp.Messages().size() == 2u);
}
