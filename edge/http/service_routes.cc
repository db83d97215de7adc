// Customer service: find an order however the caller names it, see what happened to it, and act on the
// shopper's behalf. Every action says why and is recorded with who did it; staff act only on orders of
// their site (MaySee), like everything else they do.
//
//   GET  /v1/orders/search?q=        order number, the source system's reference, e-mail or phone
//   GET  /v1/orders/{id}/events      what happened, oldest first (a parent's include its children's)
//   POST /v1/orders/{id}/actions     {action, reason, ...}: change_relay {relay}, ship_home {address},
//                                    change_slot {date}, cancel
#include "edge/api_error.h"
#include "edge/http/http_answer.h"
#include "edge/http/http_api.h"
#include "edge/http/order_errors.h"
#include "edge/json_fields.h"
#include "edge/model/order_json.h"
#include "edge/orders/customer_fields.h"
#include "edge/orders/order_amendments.h"
#include "wasm/engine/civil_time.h"

namespace relais::edge {

namespace {

using nlohmann::json;

constexpr int64_t kMaxSearchResults = 50;

json EventJson(const OrderEvent& e) {
  json event = {{"order_id", e.order_id}, {"at", e.at}, {"actor", e.actor}, {"kind", e.kind}, {"details", e.details}};
  if (!e.reason.empty()) event["reason"] = e.reason;
  return event;
}

}  // namespace

void HttpApi::RegisterServiceRoutes() {
  Route("GET", "/v1/orders/search", "/v1/orders/search", kMerchantRole | kStaffRole, [this](Call& c) {
    const std::string q = c.req.get_param_value("q");
    if (q.size() < 3 || q.size() > 254) throw BadField("q", "q is an order number, a reference, an e-mail or a phone");
    json orders = json::array();
    for (const Order& o : store_->SearchOrders(c.brand->id, q, QueryInt(c.req, "limit", 20, 1, kMaxSearchResults))) {
      if (MaySee(c, o)) orders.push_back(OrderJson(o));
    }
    SendJson(c.res, 200, {{"orders", orders}, {"next", nullptr}});  // One page: the best matches.
  });

  Route("GET", R"(/v1/orders/([^/]+)/events)", "/v1/orders/{id}/events", kMerchantRole | kStaffRole, [this](Call& c) {
    const std::optional<Order> order = store_->GetOrder(c.brand->id, c.req.matches[1]);
    if (!order || !MaySee(c, *order)) throw NotFound("order " + std::string(c.req.matches[1]));
    json events = json::array();
    for (const OrderEvent& e : store_->OrderEvents(c.brand->id, order->id)) events.push_back(EventJson(e));
    SendJson(c.res, 200, {{"order_id", order->id}, {"events", events}});
  });

  Route("POST", R"(/v1/orders/([^/]+)/actions)", "/v1/orders/{id}/actions", kMerchantRole | kStaffRole,
        [this](Call& c) {
          std::optional<Order> found = store_->GetOrder(c.brand->id, c.req.matches[1]);
          if (!found || !MaySee(c, *found)) throw NotFound("order " + std::string(c.req.matches[1]));
          const json body = ParseBody(c.req.body);
          RejectUnknownFields(body, {"action", "reason", "relay", "address", "date", "slot", "keep_price"});
          OrderAmendment amendment;
          amendment.action = RequiredEnum(body, "action", {"change_relay", "ship_home", "change_slot", "cancel"});
          amendment.actor = ActorOf(c, RequiredText(body, "reason", 500));
          if (amendment.action == "change_relay") {
            if (!body.contains("relay") || !body["relay"].is_object())
              throw BadField("relay", "relay is {carrier, id}");
            RejectUnknownFields(body["relay"], {"carrier", "id"}, "relay.");
            amendment.relay = {{"carrier", RequiredText(body["relay"], "carrier", 32, "relay.")},
                               {"id", RequiredText(body["relay"], "id", 32, "relay.")}};
          } else if (amendment.action == "ship_home") {
            if (!body.contains("address")) throw BadField("address", "ship_home needs the address");
            amendment.address = ReadHomeAddress(body["address"], "address.");
            amendment.keep_price = OptionalBool(body, "keep_price").value_or(false);
          } else if (amendment.action == "change_slot") {
            amendment.date = RequiredText(body, "date", 10);
            if (!ParseIsoDate(amendment.date)) throw BadField("date", "date is YYYY-MM-DD");
            amendment.slot = OptionalText(body, "slot", 11).value_or("");  // Checked against the site's slots.
          }
          const OrderAmendments::Amended amended =
              ValueOrThrow(amendments_.Apply(*c.brand, CurrentSettings(c.brand->id), *found, amendment,
                                             [&](const Order& child) { return MaySee(c, child); }));
          json answer = OrderJson(amended.order);
          if (!amended.cancelled.is_null()) answer["cancellation"] = amended.cancelled;
          SendJson(c.res, 200, answer);
        });
}

}  // namespace relais::edge
