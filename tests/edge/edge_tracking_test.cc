// Orders through their workflows, over HTTP against a real relais-edge: staff events move a relay parcel
// forward (the order's status and stock follow), the shopper reads its timeline with its tracking token and
// may only send the shopper's events, a carrier's signed webhook moves the parcel to "ready" and "collected"
// (replays, late events and concurrent deliveries change nothing twice; unknown codes are kept and reported),
// a drive order waits for the shopper's "I'm here", a merchant's workflow file renames and hides steps, a
// broken workflow file stops the server with the field named, and carriers are polled -- each round by one of
// several nodes on one database, another taking over when it dies.
#define BOOST_TEST_MODULE edge_tracking
#include <sys/wait.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <ctime>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "edge/secrets.h"
#include "edge/utc_now.h"
#include "tests/edge/edge_process.h"
#include "tests/engine/test_points.h"
#include "wasm/engine/snapshot_builder.h"

using namespace relais;
using namespace relais::testing;
using nlohmann::json;

namespace {

const char* kJson = "application/json";
const char* kWebhookSecret = "mondial-relay-webhook-secret-0123";

// An instant `hours` before now (negative: after), as carriers date their events: edge keeps events dated
// outside [now - 30 days, now + 1 day] but lets none of them move a shipment.
std::string HoursAgo(double hours) { return edge::UtcIsoSecondsAgo(static_cast<int64_t>(hours * 3600)); }

std::string Signature(const std::string& secret, const std::string& body) {
  return "sha256=" + edge::HmacSha256Hex(secret, body);
}

// A folder whose config has a relay snapshot (one Mondial Relay shop near Châtelet), the demo brand's
// Mondial Relay webhook secret, and `extra`.
json TrackingConfig(const std::string& dir, json extra, const json& demo_brand) {
  SnapshotBuilder builder;
  RelayPoint shop = ParisShop("mondial-relay", "MR-1", 48.8584, 2.3470);
  shop.name = "Tabac du Châtelet";
  BOOST_REQUIRE(builder.Add(std::move(shop)).empty());
  RelayPoint locker = ParisShop("inpost", "IP-1", 48.8590, 2.3480);
  locker.kind = PointKind::kLocker;
  locker.hours = WeeklySchedule::AlwaysOpen();
  BOOST_REQUIRE(builder.Add(std::move(locker)).empty());
  const std::vector<uint8_t> bytes = builder.Build(DaysFromCivil(2026, 11, 25));
  std::ofstream(dir + "/points.relais")
      .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  json config = json::parse(R"({"brands": [
      {"id": "demo", "name": "Demo", "api_key_env": "TEST_DEMO_KEY",
       "carrier_webhooks": {"mondial-relay": {"secret_env": "TEST_MR_WEBHOOK"}},
       "settings": {"relay_enabled": true, "zones": {"paris": {"name": "Paris"}}}},
      {"id": "other", "name": "Other", "api_key_env": "TEST_OTHER_KEY"}]})");
  config["snapshot"] = dir + "/points.relais";
  config["brands"][0].update(demo_brand);
  setenv("TEST_MR_WEBHOOK", kWebhookSecret, 1);
  config.update(extra);
  return config;
}

struct Fixture {
  // `demo_brand`: fields added to the demo brand's entry.
  explicit Fixture(json extra = json::object(), const json& demo_brand = json::object())
      : dir(MakeDir()), folder(TrackingConfig(dir, std::move(extra), demo_brand)), edge(folder), http(edge.Client()) {
    const json location = {{"address", {"ZI Nord"}}, {"postcode", "93200"}, {"city", "SAINT-DENIS"}, {"country", "FR"},
                           {"lat", 48.93},           {"lon", 2.36},         {"tz", "Europe/Paris"}};
    Call("PUT", "/v1/sites/wh",
         {{"kind", "warehouse"},
          {"name", "Entrepôt"},
          {"zone", "paris"},
          {"location", location},
          {"capabilities",
           {{"relay", {{"cost_cents", 390}, {"lead_time_hours", 48}}},
            {"locker", {{"cost_cents", 290}, {"lead_time_hours", 48}}},
            {"home", {{"cost_cents", 590}, {"lead_time_hours", 48}}}}}});
    Call("PUT", "/v1/sites/drive-1",
         {{"kind", "drive"},
          {"name", "Drive Nord"},
          {"zone", "paris"},
          {"location", location},
          // A drive keeps chilled and frozen goods cold until they are loaded (the engine's cold chain).
          {"capabilities", {{"drive", {{"cost_cents", 0}, {"lead_time_hours", 2}, {"cold_chain", true}}}}}});
    Call("PUT", "/v1/products/BOOK",
         {{"name", "Guide"},
          {"category", "books"},
          {"temperature", "ambient"},
          {"weight_g", 400},
          {"price_cents", 1000}});
    for (const char* site : {"wh", "drive-1"}) {
      Call("POST", "/v1/stock/movements", {{"kind", "receipt"}, {"sku", "BOOK"}, {"site", site}, {"quantity", 10}});
    }
  }
  ~Fixture() { std::filesystem::remove_all(dir); }
  static std::string MakeDir() {
    char pattern[] = "/tmp/relais-edge-tracking-XXXXXX";
    return mkdtemp(pattern);
  }

  json Call(const std::string& method, const std::string& path, const json& body = nullptr, int expected = 0,
            const std::string& token = kMerchantKey) {
    return CallJson(*http, method, path, body, expected, token);
  }
  json Event(const std::string& order, const json& body, int expected = 200, const std::string& token = kMerchantKey) {
    return Call("POST", "/v1/orders/" + order + "/events", body, expected, token);
  }
  httplib::Result Webhook(const std::string& body, const std::string& secret = kWebhookSecret) {
    return http->Post("/v1/webhooks/carriers/mondial-relay/demo", {{"X-Relais-Signature", Signature(secret, body)}},
                      body, kJson);
  }
  json Stock(const std::string& site) { return Call("GET", "/v1/stock/BOOK?site=" + site)["sites"][0]; }
  std::vector<std::string> Kinds(const std::string& order) {
    std::vector<std::string> kinds;
    const json events = Call("GET", "/v1/orders/" + order + "/events");  // Kept alive through the loop.
    for (const json& e : events["events"]) kinds.push_back(e["kind"]);
    return kinds;
  }
  // The timeline's steps as "step:status".
  static std::vector<std::string> Steps(const json& shipment) {
    std::vector<std::string> steps;
    for (const json& s : shipment["steps"]) {
      steps.push_back(s["step"].get<std::string>() + ":" + s["status"].get<std::string>());
    }
    return steps;
  }

  std::string dir;
  EdgeFolder folder;
  EdgeProcess edge;
  std::unique_ptr<httplib::Client> http;
};

const json kRelayLine = {{"sku", "BOOK"},
                         {"quantity", 2},
                         {"site", "wh"},
                         {"mode", "relay"},
                         {"destination", {{"carrier", "mondial-relay"}, {"id", "MR-1"}}},
                         {"date", "2099-01-02"}};  // A Friday: the shop is open.

using Strings = std::vector<std::string>;

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_relay_parcel_from_staff_events_to_the_carriers_webhook, Fixture) {
  const json created = Call("POST", "/v1/orders", {{"customer_id", "c1"}, {"lines", {kRelayLine}}}, 201);
  const std::string id = created["id"], token = created["tracking_token"];

  // The shopper's timeline: visible steps only ("prepared" is hidden), in the shopper's language.
  json timeline = Call("GET", "/v1/orders/" + id + "/timeline?lang=en", nullptr, 200, token);
  BOOST_REQUIRE(timeline["shipments"].size() == 1u);
  json shipment = timeline["shipments"][0];
  BOOST_TEST(Steps(shipment) == (Strings{"placed:current", "preparing:next", "shipped:next", "ready_for_pickup:next",
                                         "collected:next"}),
             boost::test_tools::per_element());
  BOOST_TEST(shipment["steps"][0]["label"] == "Order received");
  BOOST_TEST(timeline["can_cancel"] == true);
  BOOST_TEST(shipment["point"]["name"] == "Tabac du Châtelet");  // With its hours, for the page.
  BOOST_TEST(shipment["eta"] == "2099-01-02");                   // The date ordered, though placed without a split.
  BOOST_TEST(shipment["point"].contains("hours"));
  BOOST_TEST(Call("GET", "/v1/orders/" + id + "/timeline", nullptr, 200, token)["shipments"][0]["steps"][0]["label"] ==
             "Commande reçue");

  // Staff move it forward; the coarse status and the stock follow the steps' order_status.
  BOOST_TEST(Event(id, {{"event", "preparation_started"}})["status"] == "preparing");
  BOOST_TEST(Event(id, {{"event", "preparation_started"}})["repeated"] == true);  // A double click.
  // Past "placed" the shopper can no longer cancel a relay order, and sends no staff event.
  BOOST_TEST(Call("POST", "/v1/orders/" + id + "/cancel", json::object(), 409, token)["error"]["code"] ==
             "not_cancellable");
  BOOST_TEST(Event(id, {{"event", "preparation_done"}}, 403, token)["error"]["code"] == "forbidden");
  BOOST_TEST(Event(id, {{"event", "picked_up"}}, 409)["error"]["code"] == "event_refused");
  BOOST_TEST(Event(id, {{"event", "preparation_done"}})["status"] == "ready");
  BOOST_TEST(Stock("wh")["reserved"] == 2);
  // A label's barcode typed with one wrong digit: its check digits refuse it, and nothing moves.
  const json typo =
      Event(id,
            {{"event", "handed_to_carrier"},
             {"parcel", {{"carrier", "mondial-relay"}, {"tracking_number", "12123456780101006623123455"}}}},
            400);
  BOOST_TEST(typo["error"]["field"] == "parcel.tracking_number");
  BOOST_TEST(typo["error"]["message"] == "this mondial-relay-barcode number fails its check: a character is mistyped");
  BOOST_TEST(Call("GET", "/v1/orders/" + id)["status"] == "ready");
  // A number of no Mondial Relay shape (a shop's own reference, one letter) or none at all: refused too.
  for (const char* number : {"MR-0042", "X"}) {
    const json odd = Event(
        id, {{"event", "handed_to_carrier"}, {"parcel", {{"carrier", "mondial-relay"}, {"tracking_number", number}}}},
        400);
    BOOST_TEST(odd["error"]["field"] == "parcel.tracking_number");
    BOOST_TEST(odd["error"]["message"].get<std::string>().starts_with(
        "this is not a mondial-relay parcel number: it is 8 digits (shipment number), 26 digits"));
  }
  BOOST_TEST(Event(id, {{"event", "handed_to_carrier"}}, 400)["error"]["field"] == "parcel.tracking_number");
  BOOST_TEST(Call("GET", "/v1/orders/" + id)["status"] == "ready");
  const json handed = Event(id, {{"event", "handed_to_carrier"},
                                 {"parcel", {{"carrier", "mondial-relay"}, {"tracking_number", "10420042"}}}});
  BOOST_TEST(handed["status"] == "shipped");
  BOOST_TEST(handed["shipment"]["parcel"]["tracking_number"] == "10420042");
  BOOST_TEST(Stock("wh")["on_hand"] == 8);  // Sold when it left.
  BOOST_TEST(Stock("wh")["reserved"] == 0);
  // Customer service finds the order by its parcel number.
  const json found = Call("GET", "/v1/orders/search?q=10420042");
  BOOST_REQUIRE(found["orders"].size() == 1u);
  BOOST_TEST(found["orders"][0]["id"] == id);

  // Orders whose external reference reads like this parcel number never hide the parcel's own order (one
  // per channel: a reference names one order of its channel).
  for (const char* channel : {"web", "phone", "erp", "marketplace", "store", "app"}) {
    json other = {
        {"customer_id", "c-ref"}, {"channel", channel}, {"external_ref", "10420042"}, {"lines", {kRelayLine}}};
    other["lines"][0]["quantity"] = 1;
    Call("POST", "/v1/orders", other, 201);
  }

  // The carrier's webhook: signed, or refused without a trace.
  const json ready = {{"tracking_number", "10420042"},
                      {"events",
                       {{{"code", "81"}, {"text", "Colis en cours d'acheminement"}, {"at", HoursAgo(30)}},
                        {{"code", "81"}, {"text", "Colis disponible au Point Relais"}, {"at", HoursAgo(20)}},
                        {{"code", "97"}, {"text", "Evènement inconnu"}, {"at", HoursAgo(19.9)}}}}};
  BOOST_TEST(Webhook(ready.dump(), "not-the-secret-0123456789")->status == 401);
  BOOST_TEST(http->Post("/v1/webhooks/carriers/mondial-relay/demo", ready.dump(), kJson)->status == 401);
  BOOST_TEST(http->Post("/v1/webhooks/carriers/inpost/demo",
                        {{"X-Relais-Signature", Signature(kWebhookSecret, ready.dump())}}, ready.dump(), kJson)
                 ->status == 401);  // No secret for that carrier.
  BOOST_TEST(Call("GET", "/v1/parcel-events?tracking_number=10420042")["events"].empty());
  const httplib::Result hooked = Webhook(ready.dump());
  BOOST_REQUIRE(hooked->status == 200);
  const json outcome = json::parse(hooked->body);
  BOOST_TEST(outcome["events"][0]["outcome"] == "repeated");  // In transit: the order is shipped already.
  BOOST_TEST(outcome["events"][1]["milestone"] == "ready_for_pickup");
  BOOST_TEST(outcome["events"][1]["outcome"] == "moved");
  BOOST_TEST(outcome["events"][1]["step"] == "ready_for_pickup");
  BOOST_TEST(outcome["events"][2]["milestone"] == "unknown");
  BOOST_TEST(outcome["events"][2]["outcome"] == "unknown_code");
  // Replayed: every event is known already and nothing moves or is recorded twice.
  const size_t events_before = Kinds(id).size();
  const json replay = json::parse(Webhook(ready.dump())->body);
  for (const json& e : replay["events"]) BOOST_TEST(e["replayed"] == true);
  BOOST_TEST(replay["events"][1]["outcome"] == "repeated");
  BOOST_TEST(Kinds(id).size() == events_before);
  // The unknown code is kept and reported, never dropped.
  const json unknown = Call("GET", "/v1/parcel-events?unknown=true");
  BOOST_REQUIRE(unknown["events"].size() == 1u);
  BOOST_TEST(unknown["events"][0]["code"] == "97");
  BOOST_TEST(unknown["events"][0]["text"] == "Evènement inconnu");
  BOOST_TEST(Call("GET", "/v1/parcel-events?tracking_number=10420042")["events"].size() == 3u);

  timeline = Call("GET", "/v1/orders/" + id + "/timeline?lang=en", nullptr, 200, token);
  shipment = timeline["shipments"][0];
  BOOST_TEST(Steps(shipment) == (Strings{"placed:done", "preparing:done", "shipped:done", "ready_for_pickup:current",
                                         "collected:next"}),
             boost::test_tools::per_element());
  BOOST_TEST(shipment["parcel"]["tracking_number"] == "10420042");
  BOOST_TEST(timeline["can_cancel"] == false);

  // Picked up, told by eight webhook deliveries at once: one step, recorded once.
  const std::string picked =
      json{{"tracking_number", "10420042"},
           {"events", {{{"code", "82"}, {"text", "Colis livré au destinataire"}, {"at", HoursAgo(2)}}}}}
          .dump();
  std::vector<std::thread> carriers;
  std::atomic<int> moved{0};
  for (int i = 0; i < 8; ++i) {
    carriers.emplace_back([&] {
      httplib::Client client("127.0.0.1", edge.port());
      const httplib::Result r = client.Post("/v1/webhooks/carriers/mondial-relay/demo",
                                            {{"X-Relais-Signature", Signature(kWebhookSecret, picked)}}, picked, kJson);
      if (r && r->status == 200 && json::parse(r->body)["events"][0]["outcome"] == "moved") ++moved;
    });
  }
  for (std::thread& t : carriers) t.join();
  BOOST_TEST(moved.load() == 1);
  const json order = Call("GET", "/v1/orders/" + id);
  BOOST_TEST(order["status"] == "collected");
  const Strings kinds = Kinds(id);
  BOOST_TEST(std::count(kinds.begin(), kinds.end(), "step") == 5,
             json(kinds).dump());  // Three by staff, two by the carrier.
  // A late "in transit" after the pick-up changes nothing.
  const std::string late =
      json{{"tracking_number", "10420042"}, {"events", {{{"code", "81"}, {"at", HoursAgo(29)}}}}}.dump();
  BOOST_TEST(json::parse(Webhook(late)->body)["events"][0]["outcome"] == "repeated");
  BOOST_TEST(Call("GET", "/v1/orders/" + id)["status"] == "collected");
  // Correctly signed events dated long ago or far ahead are kept, and move nothing.
  for (const std::string& when : {std::string("2001-01-01T09:00:00+01:00"), std::string("2099-01-01T09:00:00+01:00")}) {
    const std::string odd =
        json{{"tracking_number", "10420042"}, {"events", {{{"code", "83"}, {"text", "?"}, {"at", when}}}}}.dump();
    BOOST_TEST(json::parse(Webhook(odd)->body)["events"][0]["outcome"] == "outside_window");
  }
  BOOST_TEST(Call("GET", "/v1/orders/" + id)["status"] == "collected");
  // A parcel no order carries is kept too.
  const std::string stray =
      json{{"tracking_number", "MR-9999"}, {"events", {{{"code", "81"}, {"at", HoursAgo(1)}}}}}.dump();
  BOOST_TEST(json::parse(Webhook(stray)->body)["events"][0]["outcome"] == "no_order");
}

// A home parcel's day with La Poste: handed over, on the postman's round (MD2, "Mis en distribution"), then
// delivered -- the shopper's timeline shows "out for delivery" as a step of its own (issue 21, item 8).
BOOST_AUTO_TEST_CASE(a_home_parcel_out_for_delivery_shows_on_the_timeline) {
  setenv("TEST_COLISSIMO_WEBHOOK", "colissimo-webhook-secret-0123", 1);
  Fixture f(json::object(), {{"carrier_webhooks",
                              {{"mondial-relay", {{"secret_env", "TEST_MR_WEBHOOK"}}},
                               {"colissimo", {{"secret_env", "TEST_COLISSIMO_WEBHOOK"}}}}}});
  const json home = {
      {"sku", "BOOK"},
      {"quantity", 1},
      {"site", "wh"},
      {"mode", "home"},
      {"destination", {{"address", {"5 rue Oberkampf"}}, {"postcode", "75011"}, {"city", "PARIS"}, {"country", "FR"}}}};
  const json created = f.Call("POST", "/v1/orders", {{"customer_id", "c1"}, {"lines", {home}}}, 201);
  const std::string id = created["id"], token = created["tracking_token"];
  f.Event(id, {{"event", "preparation_started"}});
  f.Event(id, {{"event", "preparation_done"}});
  f.Event(id, {{"event", "handed_to_carrier"},
               {"parcel", {{"carrier", "colissimo"}, {"tracking_number", "XP696982485FR"}}}});
  const auto hook = [&](const std::string& code, const std::string& text, double hours_ago) {
    const std::string body = json{{"tracking_number", "XP696982485FR"},
                                  {"events", {{{"code", code}, {"text", text}, {"at", HoursAgo(hours_ago)}}}}}
                                 .dump();
    const httplib::Result r =
        f.http->Post("/v1/webhooks/carriers/colissimo/demo",
                     {{"X-Relais-Signature", Signature("colissimo-webhook-secret-0123", body)}}, body, kJson);
    BOOST_REQUIRE(r && r->status == 200);
    return json::parse(r->body);
  };
  const json out = hook("MD2", "Votre colis est en cours de livraison", 2);
  BOOST_TEST(out.dump().find("out_for_delivery") != std::string::npos, out.dump());
  const json shipment = f.Call("GET", "/v1/orders/" + id + "/timeline?lang=en", nullptr, 200, token)["shipments"][0];
  BOOST_TEST(shipment["step"] == "out_for_delivery");
  BOOST_TEST(Fixture::Steps(shipment) == (Strings{"placed:done", "preparing:done", "shipped:done",
                                                  "out_for_delivery:current", "delivered:next"}),
             boost::test_tools::per_element());
  hook("DI1", "Votre colis est livré", 1);
  BOOST_TEST(f.Call("GET", "/v1/orders/" + id)["status"] == "delivered");
}

BOOST_FIXTURE_TEST_CASE(a_drive_order_waits_for_the_shoppers_arrival, Fixture) {
  const json line = {{"sku", "BOOK"}, {"quantity", 1}, {"site", "drive-1"}, {"mode", "drive"}};
  const json created = Call("POST", "/v1/orders", {{"customer_id", "c2"}, {"lines", {line}}}, 201);
  const std::string id = created["id"], token = created["tracking_token"];
  Event(id, {{"event", "preparation_started"}});
  // Too early: the order is not ready, the shopper's "I'm here" is refused and changes nothing.
  BOOST_TEST(Event(id, {{"event", "arrived"}}, 409, token)["error"]["code"] == "event_refused");
  BOOST_TEST(Event(id, {{"event", "preparation_done"}})["status"] == "ready");
  json shipment = Call("GET", "/v1/orders/" + id + "/timeline", nullptr, 200, token)["shipments"][0];
  BOOST_TEST(shipment["awaits_shopper"] == true);
  BOOST_TEST(shipment["shopper_events"] == json::array({"arrived"}));
  BOOST_TEST(shipment["pickup_site"]["name"] == "Drive Nord");
  // Placed without a split and without a date, it still says when: the engine's tariff of its route (two
  // hours' preparation at a drive open every day: today or tomorrow) -- issue 21 item 8.
  const std::optional<DayNumber> eta = ParseIsoDate(shipment.value("eta", ""));
  const DayNumber today = DayOf(edge::UnixSecondsNow());
  BOOST_TEST_REQUIRE(eta.has_value(), shipment.dump());
  BOOST_TEST((*eta >= today && *eta <= today + 2), shipment["eta"]);
  // The pick-up code, as text and as a QR code: a square symbol of a QR size (21 + 4k modules) with its
  // three finder patterns.
  BOOST_TEST(shipment["pickup_code"].get<std::string>().size() == 6u);
  // Staff never see it (they check it), and see the events the step takes instead.
  const json seen_by_staff = Call("GET", "/v1/orders/" + id + "/timeline")["shipments"][0];
  BOOST_TEST(!seen_by_staff.contains("pickup_code"));
  BOOST_TEST(!seen_by_staff.contains("pickup_qr"));
  BOOST_TEST(seen_by_staff["next_events"] == json::array({"arrived", "pickup_expired"}));
  BOOST_TEST(!shipment.contains("next_events"));
  const json qr = shipment["pickup_qr"];
  const size_t size = qr.size();
  BOOST_TEST((size >= 21u && (size - 21) % 4 == 0));
  for (const json& row : qr) BOOST_TEST(row.get<std::string>().size() == size);
  BOOST_TEST(qr[0].get<std::string>().substr(0, 7) == "1111111");
  BOOST_TEST(qr[0].get<std::string>().substr(size - 7) == "1111111");
  BOOST_TEST(qr[size - 1].get<std::string>().substr(0, 7) == "1111111");
  BOOST_TEST(qr[1].get<std::string>().substr(0, 7) == "1000001");
  BOOST_TEST(qr[3].get<std::string>().substr(0, 7) == "1011101");
  BOOST_TEST(shipment["steps"][2]["label"] == "Prête : signalez votre arrivée");
  const json arrived = Event(id, {{"event", "arrived"}}, 200, token);
  BOOST_TEST(arrived["moved"] == true);
  BOOST_TEST(arrived["shipment"]["step"] == "arrived");
  BOOST_TEST(Event(id, {{"event", "arrived"}}, 200, token)["repeated"] == true);  // Pressed twice.
  BOOST_TEST(Call("GET", "/v1/orders/" + id + "/events")["events"].back()["actor"] == "shopper");
  // At the counter, staff type the code the shopper shows: none, or a wrong one, hands nothing over.
  BOOST_TEST(Event(id, {{"event", "handed_over"}}, 400)["error"]["field"] == "code");
  BOOST_TEST(Event(id, {{"event", "handed_over"}, {"code", "000000x"}}, 409)["error"]["code"] == "wrong_pickup_code");
  BOOST_TEST(Event(id, {{"event", "handed_over"}, {"code", shipment["pickup_code"]}})["status"] == "collected");
  BOOST_TEST(Stock("drive-1")["on_hand"] == 9);
  BOOST_TEST(Stock("drive-1")["reserved"] == 0);
  // An ended order takes no more events and cannot be cancelled.
  BOOST_TEST(Event(id, {{"event", "cancel"}}, 409)["error"]["code"] == "not_cancellable");
}

BOOST_FIXTURE_TEST_CASE(wrong_pickup_codes_are_recorded_and_lock_the_hand_over, Fixture) {
  const json line = {{"sku", "BOOK"}, {"quantity", 1}, {"site", "drive-1"}, {"mode", "drive"}};
  const json created = Call("POST", "/v1/orders", {{"customer_id", "c9"}, {"lines", {line}}}, 201);
  const std::string id = created["id"], token = created["tracking_token"];
  Event(id, {{"event", "preparation_started"}});
  Event(id, {{"event", "preparation_done"}});
  Event(id, {{"event", "arrived"}}, 200, token);
  const std::string code =
      Call("GET", "/v1/orders/" + id + "/timeline", nullptr, 200, token)["shipments"][0]["pickup_code"];
  const std::string wrong = code == "123456" ? "654321" : "123456";
  // Each wrong code says how many tries are left, and stays on the order's record.
  for (int left = 4; left >= 0; --left) {
    const json refused = Event(id, {{"event", "handed_over"}, {"code", wrong}}, 409);
    BOOST_TEST(refused["error"]["code"] == "wrong_pickup_code");
    BOOST_TEST(refused["error"]["attempts_left"] == left);
  }
  int recorded = 0;
  const json events = Call("GET", "/v1/orders/" + id + "/events")["events"];
  for (const json& e : events) {
    if (e["kind"] == "pickup_code_refused") {
      ++recorded;
      BOOST_TEST(e["actor"] == "merchant");
    }
  }
  BOOST_TEST(recorded == 5);
  // Locked now, even for the right code: guessing six digits takes years at five tries a quarter of an hour.
  const json locked = Event(id, {{"event", "handed_over"}, {"code", code}}, 429);
  BOOST_TEST(locked["error"]["code"] == "pickup_code_locked");
  BOOST_TEST(locked["error"]["retry_after_s"] == 900);
  const httplib::Result raw =
      http->Post("/v1/orders/" + id + "/events", {{"Authorization", std::string("Bearer ") + kMerchantKey}},
                 json{{"event", "handed_over"}, {"code", code}}.dump(), kJson);
  BOOST_TEST(raw->status == 429);
  BOOST_TEST(raw->get_header_value("Retry-After") == "900");  // For clients and proxies that read the header.
  BOOST_TEST(Call("GET", "/v1/orders/" + id)["status"] != "collected");
}

BOOST_FIXTURE_TEST_CASE(the_coarse_status_route_and_cancellation_show_on_the_timeline, Fixture) {
  const json home = {
      {"sku", "BOOK"},
      {"quantity", 1},
      {"site", "wh"},
      {"mode", "home"},
      {"destination",
       {{"name", "A. Martin"}, {"address", {"5 rue X"}}, {"postcode", "75011"}, {"city", "PARIS"}, {"country", "FR"}}}};
  const std::string a = Call("POST", "/v1/orders", {{"customer_id", "c3"}, {"lines", {home}}}, 201)["id"];
  // Moved by the older coarse route: the timeline walks the normal way up to that status.
  Call("POST", "/v1/orders/" + a + "/status", {{"status", "shipped"}});
  json shipment = Call("GET", "/v1/orders/" + a + "/timeline")["shipments"][0];
  BOOST_TEST(shipment["step"] == "shipped");
  BOOST_TEST(Steps(shipment) == (Strings{"placed:done", "preparing:done", "shipped:current", "out_for_delivery:next",
                                         "delivered:next"}),
             boost::test_tools::per_element());
  // And events carry on from there.
  BOOST_TEST(Event(a, {{"event", "delivered"}})["status"] == "delivered");

  // A delay: a new ETA without a step; the shopper cancels while the workflow allows it.
  const json created = Call("POST", "/v1/orders", {{"customer_id", "c3"}, {"lines", {home}}}, 201);
  const std::string b = created["id"], token = created["tracking_token"];
  BOOST_TEST(Event(b, {{"event", "delayed"}}, 400)["error"]["field"] == "eta");
  BOOST_TEST(Event(b, {{"event", "delayed"}, {"eta", "2099-02-01"}})["shipment"]["eta"] == "2099-02-01");
  BOOST_TEST(Event(b, {{"event", "delayed"}, {"eta", "2099-02-01"}})["repeated"] == true);
  const json cancelled = Event(b, {{"event", "cancel"}}, 200, token);
  BOOST_TEST(cancelled["order"]["status"] == "cancelled");
  shipment = Call("GET", "/v1/orders/" + b + "/timeline", nullptr, 200, token)["shipments"][0];
  BOOST_TEST(shipment["step"] == "cancelled");
  BOOST_TEST(shipment["can_cancel"] == false);
  BOOST_TEST(Event(b, {{"event", "preparation_started"}}, 409)["error"]["code"] == "event_refused");
  // Bad input: a clear 4xx naming the field.
  BOOST_TEST(Event(a, {{"event", "delivered"}, {"shipment", 3}}, 400)["error"]["field"] == "shipment");
  BOOST_TEST(Event(a, {{"event", "delivered"}, {"colour", "red"}}, 400)["error"]["field"] == "colour");
  BOOST_TEST(Call("GET", "/v1/orders/" + a + "/timeline?lang=de", nullptr, 400)["error"]["field"] == "lang");
}

BOOST_AUTO_TEST_CASE(a_merchants_workflow_file_renames_and_hides_steps) {
  char pattern[] = "/tmp/relais-edge-workflows-XXXXXX";
  const std::string dir = mkdtemp(pattern);
  // The drive without its "at the drive" step shown, and "placed" renamed.
  std::ofstream(dir + "/workflows.json") << R"({"workflows": [{"mode": "drive", "cancellable_until": "placed",
      "steps": [{"id": "placed", "label": {"fr": "Merci !", "en": "Thank you!"}},
                {"id": "preparing", "label": {"fr": "On prépare", "en": "Preparing"}, "order_status": "preparing"},
                {"id": "ready_for_pickup", "label": {"fr": "Prête", "en": "Ready"}, "needs_shopper": true,
                 "order_status": "ready"},
                {"id": "arrived", "label": {"fr": "Arrivé", "en": "Arrived"}, "visible": false},
                {"id": "collected", "label": {"fr": "Retirée", "en": "Collected"}, "end": true, "order_status": "collected"},
                {"id": "cancelled", "label": {"fr": "Annulée", "en": "Cancelled"}, "end": true}],
      "transitions": [{"from": "placed", "event": "preparation_started", "to": "preparing"},
                      {"from": "preparing", "event": "preparation_done", "to": "ready_for_pickup"},
                      {"from": "ready_for_pickup", "event": "arrived", "to": "arrived", "by_shopper": true},
                      {"from": "arrived", "event": "handed_over", "to": "collected"}]}]})";
  {
    Fixture f(json{{"workflows", dir + "/workflows.json"}});
    const json line = {{"sku", "BOOK"}, {"quantity", 1}, {"site", "drive-1"}, {"mode", "drive"}};
    const std::string id = f.Call("POST", "/v1/orders", {{"customer_id", "c4"}, {"lines", {line}}}, 201)["id"];
    const json shipment = f.Call("GET", "/v1/orders/" + id + "/timeline?lang=en")["shipments"][0];
    BOOST_TEST(Fixture::Steps(shipment) ==
                   (Strings{"placed:current", "preparing:next", "ready_for_pickup:next", "collected:next"}),
               boost::test_tools::per_element());
    BOOST_TEST(shipment["steps"][0]["label"] == "Thank you!");
    // The other modes keep their defaults.
    const json relay = f.Call("POST", "/v1/orders", {{"customer_id", "c4"}, {"lines", {kRelayLine}}}, 201);
    BOOST_TEST(f.Call("GET", "/v1/orders/" + relay["id"].get<std::string>() +
                                 "/timeline?lang=en")["shipments"][0]["steps"][0]["label"] == "Order received");
  }
  // A broken file stops the server at start (exit 2), naming the field.
  std::ofstream(dir + "/workflows.json") << R"({"workflows": [{"mode": "drive", "cancellable_until": "placed",
      "steps": [{"id": "placed"}, {"id": "ready", "end": true, "order_status": "almost"}, {"id": "cancelled", "end": true}],
      "transitions": [{"from": "placed", "event": "go", "to": "ready"}]}]})";
  const std::string log = dir + "/edge.log";
  EdgeFolder folder(json{{"workflows", dir + "/workflows.json"}});
  const std::string command = std::string(EdgeProcess::EdgeBinary()) + " --config " + folder.config() + " 2> " + log;
  const int status = std::system(command.c_str());
  BOOST_TEST(WEXITSTATUS(status) == 2);
  std::ifstream in(log);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  BOOST_TEST(text.find("workflow drive, step ready: order_status almost is not an order status") != std::string::npos,
             text);
  std::filesystem::remove_all(dir);
}

// A choice question whose answers act (issue 21 item 4): "collect on another day" moves the slot, "deliver
// home" ships home at the home price -- customer service's checked paths, answered by the shopper; a choice
// the checks refuse leaves the question open for another.
BOOST_FIXTURE_TEST_CASE(a_choice_answer_acts_through_customer_services_paths, Fixture) {
  const json line = {{"sku", "BOOK"}, {"quantity", 1}, {"site", "drive-1"}, {"mode", "drive"}, {"date", "2099-06-03"}};
  const json created = Call("POST", "/v1/orders", {{"customer_id", "c-q"}, {"lines", {line}}}, 201);
  const std::string id = created["id"], token = created["tracking_token"];
  // Refused when asked: an action of no known kind, a date that is not one.
  json bad = {{"kind", "choice"},
              {"text", {{"fr", "Quand ?"}}},
              {"choices", {{{"label", "Samedi"}, {"action", "teleport"}}, "Garder la date"}}};
  BOOST_TEST(Call("POST", "/v1/orders/" + id + "/questions", bad, 400)["error"]["field"] == "choices[0].action");
  bad["choices"][0] = {{"label", "Samedi"}, {"action", "change_slot"}, {"date", "samedi"}};
  BOOST_TEST(Call("POST", "/v1/orders/" + id + "/questions", bad, 400)["error"]["field"] == "choices[0].date");
  const json asked = Call("POST", "/v1/orders/" + id + "/questions",
                          {{"kind", "choice"},
                           {"text", {{"fr", "Votre commande aura du retard. Quand la retirer ?"}}},
                           {"choices",
                            {{{"label", "Hier"}, {"action", "change_slot"}, {"date", "2020-01-01"}},
                             {{"label", "Samedi 6 juin"}, {"action", "change_slot"}, {"date", "2099-06-06"}},
                             "Garder la date"}}},
                          201)["question"];
  BOOST_TEST(asked["choices"] == json({"Hier", "Samedi 6 juin", "Garder la date"}));  // What the shopper reads.
  const std::string answer = "/v1/orders/" + id + "/questions/" + asked["id"].get<std::string>() + "/answer";
  // A choice the checks refuse: nothing recorded, the question still open.
  BOOST_TEST(Call("POST", answer, {{"choice", 0}}, 400, token)["error"]["message"] == "date is in the past");
  BOOST_TEST(Call("GET", "/v1/orders/" + id)["questions"][0]["status"] == "open");
  const json chosen = Call("POST", answer, {{"choice", 1}}, 200, token);
  BOOST_TEST(chosen["question"]["status"] == "answered");
  BOOST_TEST(chosen["order"]["lines"][0]["date"] == "2099-06-06");
  BOOST_TEST(Call("POST", answer, {{"choice", 1}}, 200, token)["repeated"] == true);  // A replay changes nothing.
  const Strings kinds = Kinds(id);
  BOOST_TEST(kinds == (Strings{"created", "question", "answer", "slot_changed"}), boost::test_tools::per_element());
  const json events = Call("GET", "/v1/orders/" + id + "/events")["events"];
  BOOST_TEST(events[3]["actor"] == "shopper");
  BOOST_TEST(events[3]["reason"].get<std::string>().find("Samedi 6 juin") != std::string::npos);

  // "Deliver home instead" on a relay order: shipped home at the home offer's price.
  const json relay = Call("POST", "/v1/orders", {{"customer_id", "c-q"}, {"lines", {kRelayLine}}}, 201);
  const std::string relay_id = relay["id"];
  const json home_choice = Call(
      "POST", "/v1/orders/" + relay_id + "/questions",
      {{"kind", "choice"},
       {"text", {{"fr", "Le point relais ferme. Livraison à domicile ?"}}},
       {"choices",
        {{{"label", "Oui, chez moi"},
          {"action", "ship_home"},
          {"address", {{"address", {"5 rue Oberkampf"}}, {"postcode", "75011"}, {"city", "PARIS"}, {"country", "FR"}}}},
         "Non"}}},
      201)["question"];
  const json home =
      Call("POST", "/v1/orders/" + relay_id + "/questions/" + home_choice["id"].get<std::string>() + "/answer",
           {{"choice", 0}}, 200, relay["tracking_token"]);
  BOOST_TEST(home["order"]["delivery"][0]["mode"] == "home");
  BOOST_TEST(home["order"]["delivery"][0]["cost_cents"] == 590);
  BOOST_TEST(home["order"]["total_cents"] == relay["total_cents"].get<int64_t>() + 200);
}

BOOST_FIXTURE_TEST_CASE(questions_to_the_shopper_change_the_order, Fixture) {
  // Yogurts: the one ordered, a cheaper and a dearer substitute of the same category, and another category.
  for (const auto& [sku, price, category] :
       std::vector<std::tuple<std::string, int, std::string>>{{"YAO-4", 300, "grocery/yogurt"},
                                                              {"YAO-5", 250, "grocery/yogurt"},
                                                              {"YAO-6", 500, "grocery/yogurt"},
                                                              {"MILK", 300, "grocery/milk"},
                                                              {"GUIDE-2", 900, "books"}}) {
    Call("PUT", "/v1/products/" + sku,
         {{"name", "Yaourt " + sku},
          {"category", category},
          {"temperature", "chilled"},
          {"weight_g", 500},
          {"price_cents", price}});
    Call("POST", "/v1/stock/movements", {{"kind", "receipt"}, {"sku", sku}, {"site", "drive-1"}, {"quantity", 5}});
  }
  const auto order = [&](bool allow, const json& lines) {
    return Call("POST", "/v1/orders", {{"customer_id", "c5"}, {"allow_substitutions", allow}, {"lines", lines}}, 201);
  };
  const auto line = [](const std::string& sku, int quantity) {
    return json{{"sku", sku}, {"quantity", quantity}, {"site", "drive-1"}, {"mode", "drive"}};
  };
  const json created = order(true, json::array({line("YAO-4", 2), line("BOOK", 1)}));
  const std::string id = created["id"], token = created["tracking_token"];
  const int64_t total = created["total_cents"];
  const auto reserved = [&](const std::string& sku) {
    return Call("GET", "/v1/stock/" + sku + "?site=drive-1")["sites"][0]["reserved"].get<int>();
  };
  BOOST_TEST(reserved("YAO-4") == 2);

  // Staff find YAO-4 missing: the catalogue's substitutes, closest in price first, are offered.
  const json asked = Call("POST", "/v1/orders/" + id + "/questions", {{"kind", "substitution"}, {"sku", "YAO-4"}}, 201);
  const json question = asked["question"];
  BOOST_TEST(asked["line_cancelled"] == false);
  BOOST_REQUIRE(question["candidates"].size() == 2u);
  BOOST_TEST(question["candidates"][0]["sku"] == "YAO-5");
  BOOST_TEST(question["candidates"][1]["sku"] == "YAO-6");
  BOOST_TEST(Call("POST", "/v1/orders/" + id + "/questions", {{"kind", "substitution"}, {"sku", "YAO-4"}},
                  409)["error"]["code"] == "already_asked");
  const json timeline = Call("GET", "/v1/orders/" + id + "/timeline?lang=en", nullptr, 200, token);
  BOOST_REQUIRE(timeline["questions"].size() == 1u);
  BOOST_TEST(timeline["questions"][0]["text"]["en"] == "Yaourt YAO-4 is out of stock: accept a substitute?");
  BOOST_TEST(timeline["questions"][0]["status"] == "open");
  // "Ready" waits for the answer: the yoghurts to prepare are not known yet.
  BOOST_TEST(Event(id, {{"event", "preparation_started"}})["moved"] == true);
  const json waiting = Event(id, {{"event", "preparation_done"}}, 409)["error"];
  BOOST_TEST(waiting["code"] == "questions_open");
  BOOST_TEST(waiting["questions"] == json::array({question["id"]}));

  // The shopper takes the dearer one: never charged more; the reservation moves.
  const std::string answer = "/v1/orders/" + id + "/questions/" + question["id"].get<std::string>() + "/answer";
  BOOST_TEST(Call("POST", answer, {{"accept", true}, {"sku", "MILK"}}, 400, token)["error"]["field"] == "sku");
  const json accepted = Call("POST", answer, {{"accept", true}, {"sku", "YAO-6"}}, 200, token);
  BOOST_TEST(accepted["order"]["lines"][0]["sku"] == "YAO-6");
  BOOST_TEST(accepted["order"]["lines"][0]["unit_price_cents"] == 300);
  BOOST_TEST(accepted["order"]["total_cents"] == total);
  BOOST_TEST(reserved("YAO-4") == 0);
  BOOST_TEST(reserved("YAO-6") == 2);
  // Sent twice (a flaky network): the same answer is a replay; another answer is too late.
  BOOST_TEST(Call("POST", answer, {{"accept", true}, {"sku", "YAO-6"}}, 200, token)["repeated"] == true);
  BOOST_TEST(Call("POST", answer, {{"accept", false}}, 409, token)["error"]["code"] == "already_answered");
  BOOST_TEST(reserved("YAO-6") == 2);
  BOOST_TEST(Event(id, {{"event", "preparation_done"}})["moved"] == true);  // Answered: ready now.

  // A choice and a free question, answered and kept for staff.
  const json choice = Call("POST", "/v1/orders/" + id + "/questions",
                           {{"kind", "choice"},
                            {"text", {{"fr", "Quel créneau ?"}, {"en", "Which slot?"}}},
                            {"choices", {"Demain 10h", "Demain 18h"}}},
                           201)["question"];
  const std::string choose = "/v1/orders/" + id + "/questions/" + choice["id"].get<std::string>() + "/answer";
  const json out_of_range = Call("POST", choose, {{"choice", 2}}, 400, token)["error"];
  BOOST_TEST(out_of_range["field"] == "choice");
  BOOST_TEST(out_of_range["message"].get<std::string>().find("[0, 1]") != std::string::npos);  // This question's.
  BOOST_TEST(Call("POST", choose, {{"choice", -1}}, 400, token)["error"]["field"] == "choice");
  BOOST_TEST(Call("POST", choose, {{"choice", "1"}}, 400, token)["error"]["field"] == "choice");
  const json chosen = Call("POST", choose, {{"choice", 1}}, 200, token);
  BOOST_TEST(chosen["question"]["answer"]["label"] == "Demain 18h");
  BOOST_TEST(chosen["repeated"] == false);
  BOOST_TEST(Call("POST", choose, {{"choice", 1}}, 200, token)["repeated"] == true);
  // Answered: any other answer, valid or not, comes too late.
  BOOST_TEST(Call("POST", choose, {{"choice", 2}}, 409, token)["error"]["code"] == "already_answered");

  // Refusing a substitute cancels the line and releases it; the last line gone, the order is cancelled.
  const json single = order(true, json::array({line("YAO-5", 1)}));
  const std::string single_id = single["id"];
  const json offer = Call("POST", "/v1/orders/" + single_id + "/questions",
                          {{"kind", "substitution"}, {"sku", "YAO-5"}}, 201)["question"];
  BOOST_TEST(offer["candidates"].size() == 2u);
  const json refused =
      Call("POST", "/v1/orders/" + single_id + "/questions/" + offer["id"].get<std::string>() + "/answer",
           {{"accept", false}}, 200, single["tracking_token"]);
  BOOST_TEST(refused["line_cancelled"] == true);
  BOOST_TEST(refused["order"]["lines"].empty());
  BOOST_TEST(refused["order"]["status"] == "cancelled");
  BOOST_TEST(reserved("YAO-5") == 0);

  // Nothing of its category in stock: the line is cancelled at once, and the shopper told why.
  const json milk = order(true, json::array({line("MILK", 1), line("BOOK", 1)}));
  const json none = Call("POST", "/v1/orders/" + milk["id"].get<std::string>() + "/questions",
                         {{"kind", "substitution"}, {"sku", "MILK"}}, 201);
  BOOST_TEST(none["line_cancelled"] == true);
  BOOST_TEST(none["question"]["answer"]["reason"] == "no substitute in stock");
  BOOST_TEST(none["order"]["status"] == "placed");  // The book goes on.
  BOOST_TEST(reserved("MILK") == 0);

  // A shopper who allowed no substitutions: the missing line is cancelled at once.
  const json strict = order(false, json::array({line("YAO-5", 1), line("BOOK", 1)}));
  const json cancelled = Call("POST", "/v1/orders/" + strict["id"].get<std::string>() + "/questions",
                              {{"kind", "substitution"}, {"sku", "YAO-5"}}, 201);
  BOOST_TEST(cancelled["line_cancelled"] == true);
  BOOST_TEST(cancelled["question"]["answer"]["reason"] == "the shopper allowed no substitutions");
  BOOST_TEST(cancelled["order"]["lines"].size() == 1u);
  BOOST_TEST(cancelled["order"]["total_cents"] == strict["total_cents"].get<int>() - 250);
  BOOST_TEST(reserved("YAO-5") == 0);
  BOOST_TEST(Call("POST", "/v1/orders/" + strict["id"].get<std::string>() + "/questions",
                  {{"kind", "substitution"}, {"sku", "NOPE"}}, 400)["error"]["field"] == "sku");

  // An answer that comes after the order left changes nothing: too late.
  const json late = Call("POST", "/v1/orders/" + id + "/questions", {{"kind", "substitution"}, {"sku", "BOOK"}}, 201);
  BOOST_TEST(late["question"]["candidates"][0]["sku"] == "GUIDE-2");
  // The order waits for the answer; the back office may move it on, saying why.
  BOOST_TEST(Call("POST", "/v1/orders/" + id + "/status", {{"status", "shipped"}}, 409)["error"]["code"] ==
             "questions_open");
  Call("POST", "/v1/orders/" + id + "/status",
       {{"status", "shipped"}, {"reason", "the shopper cannot be reached: sent as ordered"}});
  BOOST_TEST(Call("POST", "/v1/orders/" + id + "/status", {{"status", "shipped"}})["status"] == "shipped");  // Replay.
  BOOST_TEST(Call("POST", "/v1/orders/" + id + "/questions/" + late["question"]["id"].get<std::string>() + "/answer",
                  {{"accept", true}, {"sku", "GUIDE-2"}}, 409, token)["error"]["code"] == "too_late");
  BOOST_TEST(Call("GET", "/v1/orders/" + id)["lines"][1]["sku"] == "BOOK");
}

BOOST_AUTO_TEST_CASE(carriers_are_polled_for_the_parcels_on_their_way) {
  // InPost's tracking API (ShipX's answer, newest event first), played on loopback: what it says about the
  // first parcel changes as the parcel moves; the second always fails.
  httplib::Server inpost;
  std::mutex mutex;
  json details = json::array();
  std::map<std::string, int> asked;  // Per parcel number.
  std::string authorization;
  inpost.Get(R"(/v1/tracking/([^/]+))", [&](const httplib::Request& req, httplib::Response& res) {
    const std::lock_guard<std::mutex> lock(mutex);
    ++asked[req.matches[1]];
    authorization = req.get_header_value("Authorization");
    if (req.matches[1] == "520000000000000000000008") {
      res.status = 503;
      return;
    }
    res.set_content(json{{"tracking_number", std::string(req.matches[1])},
                         {"service", "inpost_locker_standard"},
                         {"status", details.empty() ? "confirmed" : details[0]["status"]},
                         {"tracking_details", details}}
                        .dump(),
                    kJson);
  });
  const int port = inpost.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { inpost.listen_after_bind(); });
  // The carrier's timestamps, fixed once: each answer repeats the earlier events as they were.
  const std::string taken_at = HoursAgo(30), ready_at = HoursAgo(20), delivered_at = HoursAgo(5);
  const auto tell = [&](const json& now) {
    const std::lock_guard<std::mutex> lock(mutex);
    details = now;
  };
  tell(json::array({{{"status", "taken_by_courier"}, {"origin_status", "PPN"}, {"datetime", taken_at}}}));
  setenv("TEST_INPOST_TOKEN", "inpost-token-0123456789", 1);
  {
    Fixture f(json::object(), {{"carrier_polling",
                                {{"inpost",
                                  {{"url", "http://127.0.0.1:" + std::to_string(port) + "/v1/tracking/{number}"},
                                   {"format", "inpost"},
                                   {"token_env", "TEST_INPOST_TOKEN"},
                                   {"every_ms", 50}}}}}});
    const auto locker_order = [&](const std::string& number) {
      const json line = {{"sku", "BOOK"},
                         {"quantity", 1},
                         {"site", "wh"},
                         {"mode", "locker"},
                         {"destination", {{"carrier", "inpost"}, {"id", "IP-1"}}},
                         {"date", "2099-01-02"}};
      const std::string id = f.Call("POST", "/v1/orders", {{"customer_id", "c6"}, {"lines", {line}}}, 201)["id"];
      for (const char* event : {"preparation_started", "preparation_done"}) f.Event(id, {{"event", event}});
      f.Event(id, {{"event", "handed_to_carrier"}, {"parcel", {{"carrier", "inpost"}, {"tracking_number", number}}}});
      return id;
    };
    const std::string id = locker_order("520000000000000000000007");
    locker_order(
        "520000000000000000000008");  // Its carrier errors: logged, retried at the next round, nothing else stops.
    const auto step = [&] { return f.Call("GET", "/v1/orders/" + id + "/timeline")["shipments"][0]["step"]; };
    const auto until = [&](const std::function<bool()>& done) {
      for (int i = 0; i < 200 && !done(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
      return done();
    };
    BOOST_REQUIRE(until([&] {
      return !f.Call("GET", "/v1/parcel-events?tracking_number=520000000000000000000007")["events"].empty();
    }));
    BOOST_TEST(step() == "shipped");  // In transit: where it was already.
    tell(json::array({{{"status", "ready_to_pickup"}, {"datetime", ready_at}},
                      {{"status", "taken_by_courier"}, {"origin_status", "PPN"}, {"datetime", taken_at}}}));
    BOOST_TEST(until([&] { return step() == "ready_for_pickup"; }));
    tell(json::array({{{"status", "delivered"}, {"datetime", delivered_at}},
                      {{"status", "ready_to_pickup"}, {"datetime", ready_at}},
                      {{"status", "taken_by_courier"}, {"origin_status", "PPN"}, {"datetime", taken_at}}}));
    BOOST_TEST(until([&] { return f.Call("GET", "/v1/orders/" + id)["status"] == "collected"; }));
    // Each event kept once, however many rounds asked; the collected parcel is no longer asked about.
    BOOST_TEST(f.Call("GET", "/v1/parcel-events?tracking_number=520000000000000000000007")["events"].size() == 3u);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const auto count = [&](const std::string& number) {
      const std::lock_guard<std::mutex> lock(mutex);
      return asked[number];
    };
    const int collected = count("520000000000000000000007"), failing = count("520000000000000000000008");
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    BOOST_TEST(count("520000000000000000000007") == collected);
    BOOST_TEST(count("520000000000000000000008") > failing);  // Still asked about, its failures notwithstanding.
    const std::lock_guard<std::mutex> lock(mutex);
    BOOST_TEST(authorization == "Bearer inpost-token-0123456789");
  }
  inpost.stop();
  serving.join();
}

BOOST_AUTO_TEST_CASE(each_polling_round_is_one_nodes_and_another_takes_over_when_it_dies) {
  // A carrier whose tracking API always fails: the parcel stays on its way and is asked about every round. Each
  // node polls with a token of its own, so that the carrier tells which node asked.
  httplib::Server inpost;
  std::mutex mutex;
  std::vector<std::pair<std::chrono::steady_clock::time_point, std::string>> asks;  // When, and whose token.
  inpost.Get(R"(/v1/tracking/([^/]+))", [&](const httplib::Request& req, httplib::Response& res) {
    const std::lock_guard<std::mutex> lock(mutex);
    asks.emplace_back(std::chrono::steady_clock::now(), req.get_header_value("Authorization"));
    res.status = 503;
  });
  const int port = inpost.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { inpost.listen_after_bind(); });
  constexpr int kEveryMs = 300;
  const auto token = [](int node) { return "node-" + std::to_string(node) + "-token-0123456789"; };
  {
    setenv("TEST_INPOST_TOKEN", token(0).c_str(), 1);
    Fixture f(json::object(), {{"carrier_polling",
                                {{"inpost",
                                  {{"url", "http://127.0.0.1:" + std::to_string(port) + "/v1/tracking/{number}"},
                                   {"format", "inpost"},
                                   {"token_env", "TEST_INPOST_TOKEN"},
                                   {"every_ms", kEveryMs}}}}}});
    // Two more nodes on the same database (the same edge.json): three pollers, as three stateless nodes run.
    setenv("TEST_INPOST_TOKEN", token(1).c_str(), 1);
    EdgeProcess second(f.folder);
    setenv("TEST_INPOST_TOKEN", token(2).c_str(), 1);
    EdgeProcess third(f.folder);
    EdgeProcess* nodes[] = {&f.edge, &second, &third};

    const json line = {{"sku", "BOOK"},
                       {"quantity", 1},
                       {"site", "wh"},
                       {"mode", "locker"},
                       {"destination", {{"carrier", "inpost"}, {"id", "IP-1"}}},
                       {"date", "2099-01-02"}};
    const std::string id = f.Call("POST", "/v1/orders", {{"customer_id", "c7"}, {"lines", {line}}}, 201)["id"];
    for (const char* event : {"preparation_started", "preparation_done"}) f.Event(id, {{"event", event}});
    f.Event(id, {{"event", "handed_to_carrier"},
                 {"parcel", {{"carrier", "inpost"}, {"tracking_number", "520000000000000000000009"}}}});

    const auto count = [&] {
      const std::lock_guard<std::mutex> lock(mutex);
      return asks.size();
    };
    const auto until = [&](const std::function<bool()>& done) {
      for (int i = 0; i < 200 && !done(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
      return done();
    };
    BOOST_REQUIRE(until([&] { return count() > 0; }));

    // Each round is one node's: over 3 s, at most one ask per 300 ms interval (one more for the edges of the
    // window), where three nodes polling each round themselves would ask three times as often.
    const size_t before = count();
    std::this_thread::sleep_for(std::chrono::milliseconds(3000));
    const size_t rounds = count() - before;
    BOOST_TEST(rounds >= 3u);
    BOOST_TEST(rounds <= 3000u / kEveryMs + 2);

    // The node that polled last dies (no draining): another takes the rounds on, within a few intervals.
    for (int dying = 0; dying < 2; ++dying) {
      std::string holder;
      size_t asked = 0;
      {
        const std::lock_guard<std::mutex> lock(mutex);
        holder = asks.back().second;
        asked = asks.size();
      }
      int which = 0;
      while (which < 3 && holder != "Bearer " + token(which)) ++which;
      BOOST_REQUIRE(which < 3);
      BOOST_REQUIRE_MESSAGE(nodes[which]->pid() != 0, "a dead node polled: " << holder);
      nodes[which]->Kill();
      const auto killed_at = std::chrono::steady_clock::now();
      const auto taken_over = [&]() -> std::optional<std::chrono::steady_clock::time_point> {
        const std::lock_guard<std::mutex> lock(mutex);
        for (size_t i = asked; i < asks.size(); ++i) {
          if (asks[i].second != holder && asks[i].first > killed_at) return asks[i].first;
        }
        return std::nullopt;
      };
      BOOST_REQUIRE(until([&] { return taken_over().has_value(); }));
      const auto late = std::chrono::duration_cast<std::chrono::milliseconds>(*taken_over() - killed_at);
      BOOST_TEST(late.count() < 3 * kEveryMs + 1000,
                 "node " << which << " died, taken over " << late.count() << " ms later");
    }
  }
  inpost.stop();
  serving.join();
}
