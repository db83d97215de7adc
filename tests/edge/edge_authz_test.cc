#define BOOST_TEST_MODULE edge_authz
// The authorization matrix: every route, called with every kind of credential, on the caller's own
// resource and on another site's or another order's. Exactly the allowed cells get through (any answer
// but 401, 403 and 404); every other cell is refused. The matrix is printed (--log_level=message).
#include <boost/test/unit_test.hpp>
#include <cctype>
#include <iomanip>
#include <set>
#include <sstream>

#include "tests/edge/edge_process.h"

using namespace relais::testing;
using nlohmann::json;

namespace {

const char* kJson = "application/json";

struct Cell {
  std::string label;
  std::string method, path;
  json body;
  std::set<std::string> allowed;  // Roles that get through.
};

// Whether `path` (its query left aside) is an instance of the OpenAPI `route`: a "{name}" segment stands for
// any non-empty segment.
bool MatchesTemplate(const std::string& route, const std::string& path) {
  std::istringstream r(route), p(path.substr(0, path.find('?')));
  std::string a, b;
  while (true) {
    const bool more_r = static_cast<bool>(std::getline(r, a, '/')), more_p = static_cast<bool>(std::getline(p, b, '/'));
    if (more_r != more_p) return false;
    if (!more_r) return true;
    if (a.starts_with("{") ? b.empty() : a != b) return false;
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(exactly_the_allowed_cells_pass) {
  EdgeFolder folder;
  EdgeProcess edge(folder);
  auto http = edge.Client();
  const auto merchant = [&](const std::string& method, const std::string& path, const json& body) {
    httplib::Headers h = Merchant();
    h.emplace("Idempotency-Key", path + body.dump());
    const httplib::Result r =
        method == "PUT" ? http->Put(path, h, body.dump(), kJson) : http->Post(path, h, body.dump(), kJson);
    BOOST_REQUIRE_MESSAGE(r && r->status / 100 == 2, method << " " << path << ": " << (r ? r->body : "no answer"));
    return json::parse(r->body);
  };
  // Two sites, a product with stock at both, order A served from s1 and order B from s2.
  const json site = json::parse(R"({"kind": "store", "name": "S", "location": {"country": "FR", "lat": 48.9,
    "lon": 2.3, "tz": "Europe/Paris"}, "capabilities": {"click_collect": {"cost_cents": 0, "lead_time_hours": 1}}})");
  merchant("PUT", "/v1/sites/s1", site);
  merchant("PUT", "/v1/sites/s2", site);
  merchant("PUT", "/v1/products/P",
           {{"name", "P"}, {"category", "c"}, {"temperature", "ambient"}, {"weight_g", 100}, {"price_cents", 100}});
  // s1's layout for picking: one aisle, P on its shelves.
  merchant("PUT", "/v1/sites/s1/layout",
           {{"aisles", 1},
            {"cross_aisles_m", {0, 10}},
            {"entrance", {{"cross_aisle", "front"}, {"x_m", 0}}},
            {"packing_desk", {{"cross_aisle", "front"}, {"x_m", 0}}},
            {"locations", {{{"sku", "P"}, {"aisle", 1}, {"bay", 2}}}},
            {"containers", {{{"type", "bag"}, {"temperature", "ambient"}, {"volume_l", 20}, {"max_weight_g", 8000}}}}});
  merchant("POST", "/v1/stock/movements", {{"kind", "receipt"}, {"sku", "P"}, {"site", "s1"}, {"quantity", 100}});
  merchant("POST", "/v1/stock/movements", {{"kind", "receipt"}, {"sku", "P"}, {"site", "s2"}, {"quantity", 100}});
  const auto order_at = [&](const std::string& s) {
    return merchant(
        "POST", "/v1/orders",
        {{"customer_id", "c1"}, {"lines", {{{"sku", "P"}, {"quantity", 1}, {"site", s}, {"mode", "click_collect"}}}}});
  };
  const json a = order_at("s1"), b = order_at("s2");
  const std::string A = a["id"], B = b["id"];
  // A pick list of a third order at s1 (its claim below starts that order's preparation, not A's).
  const std::string C = order_at("s1")["id"];
  // An order bought at s1's counter: a scoped agent of s1 sees it.
  const std::string D =
      merchant("POST", "/v1/orders",
               {{"customer_id", "c1"},
                {"purchase_site", "s1"},
                {"lines", {{{"sku", "P"}, {"quantity", 1}, {"site", "s1"}, {"mode", "click_collect"}}}}})["id"];
  const std::string pick = merchant("POST", "/v1/sites/s1/pick-lists", {{"orders", {C}}})["pick_lists"][0]["id"];
  const std::string staff = merchant("POST", "/v1/staff-tokens", {{"site", "s1"}, {"name", "Alice"}})["token"];
  const json revoked = merchant("POST", "/v1/staff-tokens", {{"site", "s1"}, {"name", "Bob"}});
  BOOST_REQUIRE(http->Delete("/v1/staff-tokens/" + revoked["id"].get<std::string>(), Merchant())->status == 200);
  const std::string carol = merchant("POST", "/v1/staff-tokens", {{"site", "s1"}, {"name", "Carol"}})["id"];
  // Sales agents: one of the whole brand, one of s1 (orders bought at s1).
  const std::string agent = merchant("POST", "/v1/staff-tokens", {{"role", "agent"}, {"name", "Dana"}})["token"];
  const std::string agent_s1 =
      merchant("POST", "/v1/staff-tokens", {{"role", "agent"}, {"site", "s1"}, {"name", "Ed"}})["token"];

  const std::map<std::string, std::string> tokens = {{"anonymous", ""},
                                                     {"merchant", kMerchantKey},
                                                     {"other_brand", kOtherMerchantKey},
                                                     {"staff_s1", staff},
                                                     {"staff_revoked", revoked["token"]},
                                                     {"shopper_A", a["tracking_token"]},
                                                     {"metrics", kMetricsToken},
                                                     {"agent", agent},
                                                     {"agent_s1", agent_s1}};
  const std::set<std::string> everyone = {"anonymous", "merchant", "other_brand", "staff_s1", "staff_revoked",
                                          "shopper_A", "metrics",  "agent",       "agent_s1"};
  const json caller = {{"contact", {{"name", "Ines Caller"}, {"phone", "06 98 76 54 32"}}}};
  const json receipt_s1 = {{"kind", "receipt"}, {"sku", "P"}, {"site", "s1"}, {"quantity", 1}};
  const json receipt_s2 = {{"kind", "receipt"}, {"sku", "P"}, {"site", "s2"}, {"quantity", 1}};
  const json new_order = {{"customer_id", "c2"},
                          {"lines", {{{"sku", "P"}, {"quantity", 1}, {"site", "s1"}, {"mode", "click_collect"}}}}};
  const std::string basket = merchant("POST", "/v1/baskets", {{"customer_id", "c3"}})["id"];
  const std::string full_basket = merchant("POST", "/v1/baskets",
                                           {{"customer_id", "c3"},
                                            {"lines", {{{"sku", "P"}, {"quantity", 1}}}},
                                            {"choices", {{"modes", {"click_collect"}}, {"collect_site", "s1"}}}})["id"];
  const json step = {{"event", "preparation_started"}};
  const json ask = {{"kind", "text"}, {"text", {{"fr", "Une remarque ?"}}}};
  const std::string question = merchant("POST", "/v1/orders/" + A + "/questions", ask)["question"]["id"];
  const json slot_change = {{"action", "change_slot"}, {"reason", "the caller asked"}, {"date", "2099-01-02"}};
  json imported = new_order;
  imported["channel"] = "phone";
  imported["external_ref"] = "CALL-1";
  json web_import = imported;  // An agent takes phone orders only.
  web_import["channel"] = "erp";
  web_import["external_ref"] = "ERP-1";
  // Brand isolation shows as refusals: the other brand's key finds none of this brand's sites, products or
  // orders (its own creations land in its own brand; checked after the matrix).
  const std::vector<Cell> cells = {
      {"health", "GET", "/healthz", nullptr, everyone},
      {"ready", "GET", "/readyz", nullptr, everyone},
      {"metrics", "GET", "/metrics", nullptr, {"metrics"}},
      // Creations name new resources: the other brand's land in its own brand and open nothing here.
      {"put site", "PUT", "/v1/sites/s9", site, {"merchant", "other_brand"}},
      {"list sites", "GET", "/v1/sites", nullptr, {"merchant", "other_brand", "staff_s1", "agent", "agent_s1"}},
      {"get site", "GET", "/v1/sites/s2", nullptr, {"merchant", "staff_s1", "agent", "agent_s1"}},
      // s2 takes click & collect orders by the day: 409 no_slots is the answer a role that may ask gets.
      {"site slots", "GET", "/v1/sites/s2/slots?mode=click_collect", nullptr, {"merchant", "staff_s1"}},
      // A layout: the merchant's to write (400 for this empty one, 415 for JSON locations), read by s1's staff.
      {"put layout", "PUT", "/v1/sites/s1/layout", json::object(), {"merchant"}},
      {"put locations", "PUT", "/v1/sites/s1/layout/locations", json::object(), {"merchant"}},
      {"get layout", "GET", "/v1/sites/s1/layout", nullptr, {"merchant", "staff_s1"}},
      // Pick lists: made and read by the merchant and s1's staff (400 for this empty one); walked by staff only.
      {"make pick list", "POST", "/v1/sites/s1/pick-lists", {{"orders", json::array()}}, {"merchant", "staff_s1"}},
      {"list pick lists", "GET", "/v1/sites/s1/pick-lists", nullptr, {"merchant", "staff_s1"}},
      {"get pick list", "GET", "/v1/pick-lists/" + pick, nullptr, {"merchant", "staff_s1"}},
      {"claim pick list", "POST", "/v1/pick-lists/" + pick + "/claim", json::object(), {"staff_s1"}},
      {"scan", "POST", "/v1/pick-lists/" + pick + "/scans", json::object(), {"staff_s1"}},
      {"missing", "POST", "/v1/pick-lists/" + pick + "/missing", json::object(), {"staff_s1"}},
      {"complete pick list", "POST", "/v1/pick-lists/" + pick + "/complete", json::object(), {"staff_s1"}},
      {"release pick list", "POST", "/v1/pick-lists/" + pick + "/release", json::object(), {"merchant", "staff_s1"}},
      {"put product",
       "PUT",
       "/v1/products/P9",
       {{"name", "P"}, {"category", "c"}, {"temperature", "ambient"}, {"weight_g", 100}, {"price_cents", 100}},
       {"merchant", "other_brand"}},
      {"get product", "GET", "/v1/products/P", nullptr, {"merchant", "staff_s1", "agent", "agent_s1"}},
      // The other brand's search finds none of these products (an empty list).
      {"find products",
       "GET",
       "/v1/products?q=p",
       nullptr,
       {"merchant", "other_brand", "staff_s1", "agent", "agent_s1"}},
      // Past sales come from the merchant (a JSON body: the allowed callers reach the route's 415); staff read
      // their own site's forecast.
      {"import sales history", "POST", "/v1/sales/history", json::object(), {"merchant", "other_brand"}},
      {"forecast own site", "GET", "/v1/forecast?sku=P&site=s1", nullptr, {"merchant", "staff_s1"}},
      {"forecast other site", "GET", "/v1/forecast?sku=P&site=s2", nullptr, {"merchant"}},
      {"stored forecasts own site", "GET", "/v1/forecasts?site=s1", nullptr, {"merchant", "staff_s1"}},
      {"stored forecasts other site", "GET", "/v1/forecasts?sku=P&site=s2", nullptr, {"merchant"}},
      {"movement own site", "POST", "/v1/stock/movements", receipt_s1, {"merchant", "staff_s1"}},
      {"movement other site", "POST", "/v1/stock/movements", receipt_s2, {"merchant"}},
      {"stock own site", "GET", "/v1/stock/P?site=s1", nullptr, {"merchant", "staff_s1"}},
      {"stock other site", "GET", "/v1/stock/P?site=s2", nullptr, {"merchant"}},
      {"history own site", "GET", "/v1/stock/P/history?site=s1", nullptr, {"merchant", "staff_s1"}},
      {"history other site", "GET", "/v1/stock/P/history?site=s2", nullptr, {"merchant"}},
      {"create order", "POST", "/v1/orders", new_order, {"merchant"}},
      // Agents take phone orders (a scoped one for its site): 201, or 422 for the reference another took.
      {"import order", "POST", "/v1/orders/import", imported, {"merchant", "agent", "agent_s1"}},
      {"import web order", "POST", "/v1/orders/import", web_import, {"merchant"}},
      // The batch lets any merchant in; the other brand's result for this order is its own 404 (no product P).
      {"import batch", "POST", "/v1/orders/import/batch", {{"orders", {imported}}}, {"merchant", "other_brand"}},
      {"list orders", "GET", "/v1/orders", nullptr, {"merchant", "other_brand", "staff_s1"}},
      {"get own order", "GET", "/v1/orders/" + A, nullptr, {"merchant", "staff_s1", "shopper_A", "agent"}},
      {"get other order", "GET", "/v1/orders/" + B, nullptr, {"merchant", "agent"}},
      {"get order bought at s1", "GET", "/v1/orders/" + D, nullptr, {"merchant", "staff_s1", "agent", "agent_s1"}},
      {"status own order", "POST", "/v1/orders/" + A + "/status", {{"status", "preparing"}}, {"merchant", "staff_s1"}},
      {"status other order", "POST", "/v1/orders/" + B + "/status", {{"status", "preparing"}}, {"merchant"}},
      {"timeline own order", "GET", "/v1/orders/" + A + "/timeline", nullptr, {"merchant", "staff_s1", "shopper_A"}},
      {"timeline other order", "GET", "/v1/orders/" + B + "/timeline", nullptr, {"merchant"}},
      // A shopper sends only the shopper's events (arrived, cancel): a staff event is 403 for it.
      {"step own order", "POST", "/v1/orders/" + A + "/events", step, {"merchant", "staff_s1"}},
      {"step other order", "POST", "/v1/orders/" + B + "/events", step, {"merchant"}},
      {"ask own order", "POST", "/v1/orders/" + A + "/questions", ask, {"merchant", "staff_s1"}},
      {"ask other order", "POST", "/v1/orders/" + B + "/questions", ask, {"merchant"}},
      // The shopper answers on its own order; customer service for it. Staff ask, they do not answer.
      {"answer own order",
       "POST",
       "/v1/orders/" + A + "/questions/" + question + "/answer",
       {{"text", "Non merci"}},
       {"merchant", "shopper_A"}},
      {"parcel events", "GET", "/v1/parcel-events", nullptr, {"merchant", "other_brand"}},
      // No carrier account here: a role that may label gets 409 no_parcel_range, the others 401/403/404.
      {"label own order", "POST", "/v1/orders/" + A + "/shipments/0/label", json::object(), {"merchant", "staff_s1"}},
      {"label other order", "POST", "/v1/orders/" + B + "/shipments/0/label", json::object(), {"merchant"}},
      {"print own order", "POST", "/v1/orders/" + A + "/shipments/0/print", json::object(), {"merchant", "staff_s1"}},
      {"parcel ranges", "GET", "/v1/parcel-ranges", nullptr, {"merchant", "other_brand", "staff_s1"}},
      // Nothing labelled here: a role that may see the site's list gets it, one that may close gets 409.
      {"pending manifest own site",
       "GET",
       "/v1/manifests/pending?site=s1&carrier=colissimo",
       nullptr,
       {"merchant", "staff_s1"}},
      {"pending manifest other site", "GET", "/v1/manifests/pending?site=s2&carrier=colissimo", nullptr, {"merchant"}},
      {"close manifest own site",
       "POST",
       "/v1/manifests",
       {{"site", "s1"}, {"carrier", "colissimo"}},
       {"merchant", "staff_s1"}},
      {"close manifest other site", "POST", "/v1/manifests", {{"site", "s2"}, {"carrier", "colissimo"}}, {"merchant"}},
      {"day's manifests own site", "GET", "/v1/manifests?site=s1&day=2026-01-01", nullptr, {"merchant", "staff_s1"}},
      {"day's manifests other site", "GET", "/v1/manifests?site=s2&day=2026-01-01", nullptr, {"merchant"}},
      // No manifest was closed: 404 to everyone (edge_labels_test reads real ones).
      {"get manifest", "GET", "/v1/manifests/s1-colissimo-20260101-1", nullptr, {}},
      {"manifest document", "GET", "/v1/manifests/s1-colissimo-20260101-1/document", nullptr, {}},
      {"ask pickup again", "POST", "/v1/manifests/s1-colissimo-20260101-1/pickup", json::object(), {}},
      // More missing than A's line holds: the allowed callers reach the domain's 400, the others 403/404.
      {"backorder own order",
       "POST",
       "/v1/orders/" + A + "/shipments/0/backorder",
       {{"lines", {{{"sku", "P"}, {"missing", 99}}}}, {"available_on", "2099-01-01"}},
       {"merchant", "staff_s1"}},
      {"backorder other order",
       "POST",
       "/v1/orders/" + B + "/shipments/0/backorder",
       {{"lines", {{{"sku", "P"}, {"missing", 99}}}}, {"available_on", "2099-01-01"}},
       {"merchant"}},
      // A's shipment is no backorder: the allowed callers reach the domain's 409.
      {"backorder destination own",
       "POST",
       "/v1/orders/" + A + "/shipments/0/destination",
       {{"relay", {{"carrier", "mondial-relay"}, {"id", "066974"}}}},
       {"merchant", "staff_s1", "shopper_A"}},
      {"backorder destination other",
       "POST",
       "/v1/orders/" + B + "/shipments/0/destination",
       {{"relay", {{"carrier", "mondial-relay"}, {"id", "066974"}}}},
       {"merchant"}},
      {"invoices own order", "GET", "/v1/orders/" + A + "/invoices", nullptr, {"merchant", "staff_s1", "shopper_A"}},
      {"invoices other order", "GET", "/v1/orders/" + B + "/invoices", nullptr, {"merchant"}},
      // The brand issues no invoice here: the allowed callers reach the store's 404, a refusal for all.
      {"invoice document of order", "GET", "/v1/orders/" + A + "/invoices/F-000001/document", nullptr, {}},
      {"invoice", "GET", "/v1/invoices/F-000001", nullptr, {}},
      {"invoice document", "GET", "/v1/invoices/F-000001/document", nullptr, {}},
      // The brand takes no returns through relais: the allowed callers reach the domain's 409 returns_off; no
      // return exists, so a return's routes are a refusal for all.
      {"returns own order", "GET", "/v1/orders/" + A + "/returns", nullptr, {"merchant", "staff_s1", "shopper_A"}},
      {"returns other order", "GET", "/v1/orders/" + B + "/returns", nullptr, {"merchant"}},
      {"start return own",
       "POST",
       "/v1/orders/" + A + "/returns",
       {{"lines", {{{"line", 0}, {"quantity", 1}}}}, {"reason", "x"}, {"drop_off", {{"kind", "home"}}}},
       {"merchant", "staff_s1", "shopper_A"}},
      {"start return other",
       "POST",
       "/v1/orders/" + B + "/returns",
       {{"lines", {{{"line", 0}, {"quantity", 1}}}}, {"reason", "x"}, {"drop_off", {{"kind", "home"}}}},
       {"merchant"}},
      {"get return", "GET", "/v1/returns/RAAAAAAAAAA", nullptr, {}},
      {"return step", "POST", "/v1/returns/RAAAAAAAAAA/steps", {{"event", "dropped_off"}}, {}},
      {"return label", "GET", "/v1/returns/RAAAAAAAAAA/label", nullptr, {}},
      {"receive return", "POST", "/v1/returns/RAAAAAAAAAA/receive", {{"site", "s1"}}, {}},
      {"grade return",
       "POST",
       "/v1/returns/RAAAAAAAAAA/grade",
       {{"grades", {{{"line", 0}, {"resellable", 1}, {"unsellable", 0}}}}},
       {}},
      {"validate return", "POST", "/v1/returns/RAAAAAAAAAA/validate", json::object(), {}},
      {"pay return again", "POST", "/v1/returns/RAAAAAAAAAA/payment", json::object(), {}},
      {"notifications own order", "GET", "/v1/orders/" + A + "/notifications", nullptr, {"merchant", "staff_s1"}},
      {"notifications other order", "GET", "/v1/orders/" + B + "/notifications", nullptr, {"merchant"}},
      // No notification 1 here: the allowed callers reach the store's 404, shown as a refusal for all.
      {"resend", "POST", "/v1/orders/" + A + "/notifications/1/resend", json::object(), {}},
      // Carriers sign their webhooks (HMAC) instead of sending a bearer: no credential opens it.
      {"carrier webhook", "POST", "/v1/webhooks/carriers/inpost/demo", {{"tracking_number", "X"}}, {}},
      {"cancel own order", "POST", "/v1/orders/" + A + "/cancel", json::object(), {"merchant", "shopper_A"}},
      {"cancel other order", "POST", "/v1/orders/" + B + "/cancel", json::object(), {"merchant"}},
      {"preferences", "GET", "/v1/customers/c1/preferences", nullptr, {"merchant", "other_brand", "agent", "agent_s1"}},
      // Customer accounts are the brand's: the other brand finds none of them (an empty search, its own creation).
      {"search customers", "GET", "/v1/customers?q=c1", nullptr, {"merchant", "other_brand", "agent", "agent_s1"}},
      {"create customer", "POST", "/v1/customers", caller, {"merchant", "other_brand", "agent", "agent_s1"}},
      {"get customer", "GET", "/v1/customers/c1", nullptr, {"merchant", "agent", "agent_s1"}},
      // c1 is known from orders: the first makes its account (200), the others 409 customer_moved.
      {"put customer",
       "PUT",
       "/v1/customers/c1",
       {{"version", 0}, {"contact", caller["contact"]}},
       {"merchant", "agent", "agent_s1"}},
      {"staff token", "POST", "/v1/staff-tokens", {{"site", "s1"}, {"name", "Eve"}}, {"merchant"}},
      {"revoke token", "DELETE", "/v1/staff-tokens/" + carol, nullptr, {"merchant"}},
      {"get brand", "GET", "/v1/brand", nullptr, {"merchant", "other_brand"}},
      // Whose credential it is: every credential that opens orders; a shopper's too, though it names no order.
      {"me", "GET", "/v1/me", nullptr, {"merchant", "other_brand", "staff_s1", "shopper_A", "agent", "agent_s1"}},
      {"availability",
       "GET",
       "/v1/availability?skus=P&site=s1",
       nullptr,
       {"merchant", "staff_s1", "agent", "agent_s1"}},
      {"put settings", "PUT", "/v1/brand/settings", {{"relay_enabled", true}}, {"merchant", "other_brand"}},
      {"search orders", "GET", "/v1/orders/search?q=" + A, nullptr, {"merchant", "other_brand", "staff_s1"}},
      {"events own order", "GET", "/v1/orders/" + A + "/events", nullptr, {"merchant", "staff_s1"}},
      {"events other order", "GET", "/v1/orders/" + B + "/events", nullptr, {"merchant"}},
      {"act own order", "POST", "/v1/orders/" + A + "/actions", slot_change, {"merchant", "staff_s1"}},
      {"act other order", "POST", "/v1/orders/" + B + "/actions", slot_change, {"merchant"}},
      {"create basket", "POST", "/v1/baskets", {{"customer_id", "c4"}}, {"merchant", "other_brand"}},
      {"get basket", "GET", "/v1/baskets/" + basket, nullptr, {"merchant"}},
      {"basket line", "PUT", "/v1/baskets/" + basket + "/lines/P", {{"quantity", 2}}, {"merchant"}},
      {"basket choices", "PUT", "/v1/baskets/" + basket + "/choices", {{"preference", "fastest"}}, {"merchant"}},
      {"remove line", "DELETE", "/v1/baskets/" + basket + "/lines/P", nullptr, {"merchant"}},
      {"order basket", "POST", "/v1/baskets/" + full_basket + "/order", json::object(), {"merchant"}},
      // Relay points are the carriers' public data: any brand's merchant and staff (no snapshot here: 503).
      {"relay search",
       "GET",
       "/v1/relays/nearest?lat=48.85&lon=2.35",
       nullptr,
       {"merchant", "other_brand", "staff_s1", "agent", "agent_s1"}},
      {"relay page",
       "GET",
       "/v1/relays/mondial-relay/066974",
       nullptr,
       {"merchant", "other_brand", "staff_s1", "agent", "agent_s1"}},
  };
  // Every route the server documents has its row (a new route without one fails here).
  const json openapi = json::parse(http->Get("/openapi.json")->body);
  for (const auto& [path, operations] : openapi["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) {
      std::string upper = method;
      for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      bool covered = false;
      for (const Cell& cell : cells) covered = covered || (cell.method == upper && MatchesTemplate(path, cell.path));
      BOOST_TEST(covered, upper << " " << path << " has no row in the matrix");
    }
  }
  std::ostringstream table;
  table << std::left << std::setw(20) << "route";
  for (const auto& [role, token] : tokens) table << std::setw(14) << role;
  table << "\n";
  int n = 0;
  for (const Cell& cell : cells) {
    table << std::setw(20) << cell.label;
    for (const auto& [role, token] : tokens) {
      httplib::Headers h;
      if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
      h.emplace("Idempotency-Key", "matrix-" + std::to_string(++n));
      const httplib::Result r = cell.method == "GET"      ? http->Get(cell.path, h)
                                : cell.method == "DELETE" ? http->Delete(cell.path, h)
                                : cell.method == "PUT"    ? http->Put(cell.path, h, cell.body.dump(), kJson)
                                                          : http->Post(cell.path, h, cell.body.dump(), kJson);
      BOOST_REQUIRE(r);
      const bool passed = r->status != 401 && r->status != 403 && r->status != 404;
      BOOST_TEST(passed == (cell.allowed.count(role) > 0),
                 cell.label << " as " << role << ": " << r->status << " " << r->body.substr(0, 200));
      if (!passed) BOOST_TEST(!json::parse(r->body)["error"]["code"].get<std::string>().empty());
      table << std::setw(14) << (std::to_string(r->status) + (passed ? " pass" : " deny"));
    }
    table << "\n";
  }
  BOOST_TEST_MESSAGE("authorization matrix (status, pass/deny):\n" << table.str());

  // /v1/me says whose credential it is, and a revoked staff token says it was revoked.
  const auto me = [&](const std::string& token) { return http->Get("/v1/me", {{"Authorization", "Bearer " + token}}); };
  const json staff_me = json::parse(me(staff)->body);
  BOOST_TEST(staff_me["role"] == "staff");
  BOOST_TEST(staff_me["site"] == "s1");
  // Who acts, as events and pick lists name them.
  const std::string who = staff_me["staff"];
  BOOST_TEST((who.starts_with("staff:") && who.ends_with(" Alice")), who);
  BOOST_TEST(json::parse(me(kMerchantKey)->body) == json::parse(R"({"role": "merchant", "brand": "demo"})"));
  BOOST_TEST(json::parse(me(a["tracking_token"])->body) ==
             json({{"role", "shopper"}, {"brand", "demo"}, {"order", A}}));
  const httplib::Result gone = me(revoked["token"]);
  BOOST_TEST(gone->status == 401);
  BOOST_TEST(json::parse(gone->body)["error"]["code"] == "token_revoked");
  BOOST_TEST(json::parse(me("stf_not-a-token")->body)["error"]["code"] == "unauthorized");

  // What the other brand saw and did stayed in its own brand.
  BOOST_TEST(json::parse(http->Get("/v1/orders", Merchant(kOtherMerchantKey))->body)["orders"].empty());
  BOOST_TEST(json::parse(http->Get("/v1/sites", Merchant(kOtherMerchantKey))->body)["sites"].size() == 1u);
  BOOST_TEST(json::parse(http->Get("/v1/sites", Merchant())->body)["sites"].size() == 3u);
  // Staff list only their site's orders.
  const json staff_orders = json::parse(http->Get("/v1/orders", {{"Authorization", "Bearer " + staff}})->body);
  for (const json& o : staff_orders["orders"]) {  // Kept alive: the loop must not walk a destroyed temporary.
    BOOST_TEST(o["lines"][0]["site"] == "s1");
  }
}
