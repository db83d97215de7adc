#define BOOST_TEST_MODULE edge_merchant_modes
// A mode the merchant adds in its workflow file (issue 21, "merchant-defined modes"): "courier", the brand's
// own fleet, built on the home route -- relais-edge starts with it, sites offer it (priced per km from the
// site), an order line names it and runs its own steps, a basket's split weighs it against the carriers and
// picks it where it is cheaper, and a file that names no route for a new mode is refused at start.
#include <sys/wait.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/edge/edge_process.h"

using namespace relais::testing;
using nlohmann::json;

namespace {

const char* kJson = "application/json";

// The brand's fleet: placed, loaded in the van, delivered by our driver.
const char* kCourierWorkflow = R"({"workflows": [{"mode": "courier", "route": "home", "cancellable_until": "placed",
  "label": {"fr": "Notre livreur", "en": "Our driver"},
  "steps": [
    {"id": "placed", "label": {"fr": "Commande reçue", "en": "Order received"}},
    {"id": "loaded", "label": {"fr": "Dans la camionnette", "en": "In the van"}, "order_status": "shipped"},
    {"id": "delivered", "label": {"fr": "Livrée par notre livreur", "en": "Delivered by our driver"}, "end": true,
     "order_status": "delivered"},
    {"id": "cancelled", "label": {"fr": "Annulée", "en": "Cancelled"}, "end": true}],
  "transitions": [{"from": "placed", "event": "van_loaded", "to": "loaded"},
                  {"from": "loaded", "event": "delivered", "to": "delivered"}]}]})";

class WorkflowFile {
 public:
  explicit WorkflowFile(const std::string& text) {
    char pattern[] = "/tmp/relais-edge-modes-XXXXXX";
    dir_ = mkdtemp(pattern);
    std::ofstream(path()) << text;
  }
  ~WorkflowFile() { std::filesystem::remove_all(dir_); }
  std::string path() const { return dir_ + "/workflows.json"; }

 private:
  std::string dir_;
};

const json kHome = {{"name", "Ada Lovelace"},
                    {"address", {"12 rue Oberkampf"}},
                    {"postcode", "75011"},
                    {"city", "PARIS"},
                    {"country", "FR"}};

struct Fixture {
  WorkflowFile workflows{kCourierWorkflow};
  EdgeFolder folder{json{{"workflows", workflows.path()}}};
  EdgeProcess edge{folder};
  std::unique_ptr<httplib::Client> http = edge.Client();

  Fixture() {
    // A Paris store whose own van delivers near it (3.00 + 0.40 per km) besides the carrier (9.00).
    const json store = {{"kind", "store"},
                        {"name", "Boutique Bastille"},
                        {"zone", "paris"},
                        {"location",
                         {{"address", {"1 place de la Bastille"}},
                          {"postcode", "75011"},
                          {"city", "PARIS"},
                          {"country", "FR"},
                          {"lat", 48.853},
                          {"lon", 2.369},
                          {"tz", "Europe/Paris"}}},
                        {"capabilities",
                         {{"home", {{"cost_cents", 900}, {"lead_time_hours", 4}, {"transit_days", 1}}},
                          {"courier", {{"cost_cents", 300}, {"per_km_cents", 40}, {"lead_time_hours", 2}}}}}};
    CallJson(*http, "PUT", "/v1/sites/store", store);
    CallJson(*http, "PUT", "/v1/products/TEA",
             {{"name", "Thé"},
              {"category", "grocery/tea"},
              {"temperature", "ambient"},
              {"weight_g", 120},
              {"price_cents", 690}});
    CallJson(*http, "POST", "/v1/stock/movements",
             {{"kind", "receipt"}, {"sku", "TEA"}, {"site", "store"}, {"quantity", 50}}, 201);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(an_order_goes_by_the_merchants_courier_and_runs_its_steps, Fixture) {
  const json created = CallJson(
      *http, "POST", "/v1/orders",
      {{"customer_id", "c-1"},
       {"contact", {{"email", "ada@example.com"}}},
       {"lines", {{{"sku", "TEA"}, {"quantity", 2}, {"site", "store"}, {"mode", "courier"}, {"destination", kHome}}}}},
      201);
  BOOST_TEST(created["lines"][0]["mode"] == "courier");
  BOOST_TEST(created["lines"][0]["route"] == "home");
  BOOST_TEST(created["delivery"][0]["mode"] == "courier");
  BOOST_TEST(created["delivery"][0]["cost_cents"] == 300);  // The courier's offer, not the carrier's 900.
  BOOST_TEST(created["total_cents"] == 2 * 690 + 300);
  const std::string id = created["id"];
  // Its own steps: the home workflow's "preparation_started" is no event of it.
  const auto event = [&](const std::string& name) {
    return http->Post("/v1/orders/" + id + "/events", Merchant(), json{{"event", name}}.dump(), kJson);
  };
  const httplib::Result foreign = event("preparation_started");
  BOOST_TEST(foreign->status == 400);
  BOOST_TEST(Body(foreign)["error"]["message"].get<std::string>().find("van_loaded") != std::string::npos,
             foreign->body);
  BOOST_TEST(event("van_loaded")->status == 200);
  const json timeline = CallJson(*http, "GET", "/v1/orders/" + id + "/timeline?lang=fr", nullptr, 200,
                                 created["tracking_token"].get<std::string>());
  BOOST_TEST(timeline["shipments"][0]["mode"] == "courier");
  BOOST_TEST(timeline["shipments"][0]["mode_label"] == "Notre livreur");  // What the page shows for it.
  BOOST_TEST(timeline["shipments"][0]["step"] == "loaded");
  BOOST_TEST(timeline["shipments"][0]["steps"][1]["label"] == "Dans la camionnette");
  BOOST_TEST(CallJson(*http, "GET", "/v1/orders/" + id)["status"] == "shipped");
  BOOST_TEST(event("delivered")->status == 200);
  BOOST_TEST(CallJson(*http, "GET", "/v1/orders/" + id)["status"] == "delivered");
  // A site that has no courier refuses it; a mode nobody defined is listed with the ones that are.
  json other = CallJson(*http, "GET", "/v1/sites/store");
  other["capabilities"].erase("courier");
  other.erase("id");
  CallJson(*http, "PUT", "/v1/sites/other", other);
  CallJson(*http, "POST", "/v1/stock/movements",
           {{"kind", "receipt"}, {"sku", "TEA"}, {"site", "other"}, {"quantity", 5}}, 201);
  const json line = {{"sku", "TEA"}, {"quantity", 1}, {"site", "other"}, {"mode", "courier"}, {"destination", kHome}};
  const json refused = CallJson(*http, "POST", "/v1/orders", {{"customer_id", "c-2"}, {"lines", {line}}}, 409);
  BOOST_TEST(refused["error"]["code"] == "mode_unavailable");
  json drone = line;
  drone["mode"] = "drone";
  const json unknown = CallJson(*http, "POST", "/v1/orders", {{"customer_id", "c-2"}, {"lines", {drone}}}, 400);
  BOOST_TEST(unknown["error"]["field"] == "lines[0].mode");
  BOOST_TEST(unknown["error"]["message"].get<std::string>().find("courier") != std::string::npos);
  // Sites offer only modes that exist.
  json castle = other;
  castle["capabilities"]["drone"] = {{"cost_cents", 1}, {"lead_time_hours", 1}};
  BOOST_TEST(CallJson(*http, "PUT", "/v1/sites/other", castle, 400)["error"]["field"] == "capabilities.drone");
}

BOOST_FIXTURE_TEST_CASE(a_basket_weighs_the_courier_against_the_carrier, Fixture) {
  const json basket = CallJson(*http, "POST", "/v1/baskets",
                               {{"customer_id", "c-3"}, {"lines", {{{"sku", "TEA"}, {"quantity", 1}}}}}, 201);
  const std::string path = "/v1/baskets/" + basket["id"].get<std::string>();
  // Two kilometres away: 3.00 + 0.80 against 9.00 -- the van.
  const json near = CallJson(*http, "PUT", path + "/choices",
                             {{"choices", {{"modes", {"home", "courier"}}, {"home", {{"lat", 48.87}, {"lon", 2.38}}}}},
                              {"home_address", kHome}});
  BOOST_TEST_REQUIRE(near["plan"]["shipments"].size() == 1u, near.dump());
  BOOST_TEST(near["plan"]["shipments"][0]["mode"] == "courier");
  BOOST_TEST(near["plan"]["shipments"][0]["route"] == "home");
  // Forty kilometres away the van costs more than the carrier; left out of the choices, it is not offered.
  const json far = CallJson(*http, "PUT", path + "/choices",
                            {{"choices", {{"modes", {"home", "courier"}}, {"home", {{"lat", 48.5}, {"lon", 2.369}}}}},
                             {"home_address", kHome}});
  BOOST_TEST(far["plan"]["shipments"][0]["mode"] == "home");
  // Imposed on the line, the van takes it however far (the shopper asked for it).
  const json imposed = CallJson(*http, "PUT", path + "/lines/TEA", {{"quantity", 1}, {"mode", "courier"}});
  BOOST_TEST(imposed["plan"]["shipments"][0]["mode"] == "courier");
  BOOST_TEST(CallJson(*http, "PUT", path + "/lines/TEA", {{"quantity", 1}, {"mode", "drone"}}, 400)["error"]["field"] ==
             "mode");
  CallJson(*http, "PUT", path + "/lines/TEA", {{"quantity", 1}});
  const json home_only = CallJson(
      *http, "PUT", path + "/choices",
      {{"choices", {{"modes", {"home"}}, {"home", {{"lat", 48.87}, {"lon", 2.38}}}}}, {"home_address", kHome}});
  BOOST_TEST(home_only["plan"]["shipments"][0]["mode"] == "home");
  // Ordered near: the order goes by the courier at the plan's price, re-checked by the server.
  CallJson(*http, "PUT", path + "/choices",
           {{"choices", {{"modes", {"home", "courier"}}, {"home", {{"lat", 48.87}, {"lon", 2.38}}}}},
            {"home_address", kHome}});
  const json order = CallJson(*http, "POST", path + "/order", json::object(), 201);
  BOOST_TEST(order["lines"][0]["mode"] == "courier");
  BOOST_TEST(order["delivery"][0]["mode"] == "courier");
  BOOST_TEST(order["delivery"][0]["cost_cents"] == near["plan"]["shipments"][0]["cost_cents"]);
  // What a browser splits with names the mode and each site's offer for it.
  const json availability = CallJson(*http, "GET", "/v1/availability?skus=TEA");
  BOOST_TEST(availability["merchant_modes"] == json({{{"name", "courier"}, {"route", "home"}}}));
}

BOOST_AUTO_TEST_CASE(a_new_mode_without_a_route_is_refused_at_start) {
  for (const auto& [text, expected] : std::vector<std::pair<std::string, std::string>>{
           {R"({"workflows": [{"mode": "courier", "steps": [{"id": "placed", "label": {"fr": "Reçue", "en": "In"},
               "end": true},
               {"id": "cancelled", "label": {"fr": "Annulée", "en": "Cancelled"}, "end": true}], "transitions": []}]})",
            "courier is not one of the engine's modes: a mode of your own names its route"},
           {R"({"workflows": [{"mode": "courier", "route": "teleport", "steps": [{"id": "placed",
               "label": {"fr": "Reçue", "en": "In"}, "end": true},
               {"id": "cancelled", "label": {"fr": "Annulée", "en": "Cancelled"}, "end": true}], "transitions": []}]})",
            "teleport is not a route"},
           {R"({"workflows": [{"mode": "Courier Van", "route": "home", "steps": [{"id": "placed",
               "label": {"fr": "Reçue", "en": "In"}, "end": true},
               {"id": "cancelled", "label": {"fr": "Annulée", "en": "Cancelled"}, "end": true}], "transitions": []}]})",
            "workflows[0].mode: \"Courier Van\" is not a mode name"},
           {R"({"workflows": [{"mode": "home", "route": "home", "steps": [{"id": "placed",
               "label": {"fr": "Reçue", "en": "In"}, "end": true},
               {"id": "cancelled", "label": {"fr": "Annulée", "en": "Cancelled"}, "end": true}], "transitions": []}]})",
            "workflows[0].route: home is one of the engine's modes: only a mode of your own takes a route"}}) {
    WorkflowFile file(text);
    EdgeFolder folder(json{{"workflows", file.path()}});
    const std::string command =
        std::string(EdgeProcess::EdgeBinary()) + " --config " + folder.config() + " 2> " + folder.file("edge.log");
    const int status = std::system(command.c_str());
    BOOST_TEST(WEXITSTATUS(status) == 2);
    std::ifstream in(folder.file("edge.log"));
    const std::string log((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    BOOST_TEST(log.find(expected) != std::string::npos, log);
  }
}
