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
#include "edge/orders/return_policy.h"
#include "edge/orders/shipping_labels.h"
#include "edge/utc_now.h"
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
    // A store taking returns takes them for any order of the brand (a shopper at its counter): its staff also find
    // the orders that reached their shoppers, marked for_returns (their returns only: GET .../returns).
    const std::optional<Site> site = c.role == kStaffRole ? store_->GetSite(c.brand->id, c.staff_site) : std::nullopt;
    const bool takes_returns = site && TakesReturns(*site);
    json orders = json::array();
    for (const Order& o : store_->SearchOrders(c.brand->id, q, QueryInt(c.req, "limit", 20, 1, kMaxSearchResults))) {
      if (MaySee(c, o)) {
        orders.push_back(OrderJson(o));
      } else if (takes_returns && o.parent_id.empty() &&
                 (o.status == OrderStatus::kCollected || o.status == OrderStatus::kDelivered)) {
        orders.push_back(OrderJson(o));
        orders.back()["for_returns"] = true;
      }
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

  // A line short at the packing table: what is there leaves, the remainder waits on its own shipment.
  Route("POST", R"(/v1/orders/([^/]+)/shipments/(\d{1,3})/backorder)", "/v1/orders/{id}/shipments/{n}/backorder",
        kMerchantRole | kStaffRole, [this](Call& c) {
          const std::optional<Order> found = store_->GetOrder(c.brand->id, c.req.matches[1]);
          if (!found || !MaySee(c, *found)) throw NotFound("order " + std::string(c.req.matches[1]));
          if (!MayMove(c, *found)) throw ApiError(403, "forbidden", "this order is not prepared at your site");
          const json body = ParseBody(c.req.body);
          RejectUnknownFields(body, {"lines", "available_on", "reason"});
          if (!body.contains("lines") || !body["lines"].is_array() || body["lines"].empty() ||
              body["lines"].size() > 100) {
            throw BadField("lines", "lines lists 1..100 {sku, missing}: the units not found");
          }
          std::vector<Shortage> shortages;
          for (size_t i = 0; i < body["lines"].size(); ++i) {
            const std::string at = "lines[" + std::to_string(i) + "].";
            const json& l = body["lines"][i];
            if (!l.is_object()) throw BadField("lines[" + std::to_string(i) + "]", "a line is {sku, missing}");
            RejectUnknownFields(l, {"sku", "missing"}, at);
            shortages.push_back({RequiredText(l, "sku", 64, at), RequiredInt(l, "missing", 1, 1'000'000, at)});
          }
          const int64_t shipment = std::stoll(c.req.matches[2]);
          const std::string site = shipment < static_cast<int64_t>(found->delivery.size())
                                       ? found->delivery[static_cast<size_t>(shipment)].value("site", "")
                                       : "";
          const std::string today = SiteLocalDate(store_->GetSite(c.brand->id, site), UnixSecondsNow());
          const std::string available_on = RequiredText(body, "available_on", 10);
          if (!ParseIsoDate(available_on) || available_on < today) {
            throw BadField("available_on", "available_on is YYYY-MM-DD, when the stock is expected: today at site " +
                                               site + " (" + today + ") or later");
          }
          const Backorders::Split split = ValueOrThrow(
              backorders_.Backorder(*c.brand, CurrentSettings(c.brand->id), found->id, shipment, shortages,
                                    available_on, today, ActorOf(c, OptionalText(body, "reason", 500).value_or(""))));
          json relay_check = nullptr;
          if (split.relay_refusal) relay_check = ErrorJson(ApiErrorOf(*split.relay_refusal));
          SendJson(c.res, 201,
                   {{"order", OrderJson(split.order)}, {"backorder", split.backorder}, {"relay_check", relay_check}});
        });

  // Where a backorder goes: the shopper chooses (tracking page), or customer service for it -- another point,
  // or home at no extra charge (the stock-out was the merchant's). Re-checked like any relay choice.
  Route("POST", R"(/v1/orders/([^/]+)/shipments/(\d{1,3})/destination)", "/v1/orders/{id}/shipments/{n}/destination",
        kMerchantRole | kStaffRole | kShopperRole, [this](Call& c) {
          const std::optional<Order> found = store_->GetOrder(c.brand->id, c.req.matches[1]);
          if (!found || !MaySee(c, *found)) throw NotFound("order " + std::string(c.req.matches[1]));
          const json body = ParseBody(c.req.body);
          RejectUnknownFields(body, {"relay", "address", "reason", "order"});
          if (body.contains("relay") == body.contains("address")) {
            throw BadField("relay", "give the relay point ({carrier, id}) or the home address, one of them");
          }
          // The shipment is a child order's when several sites serve the order (the timeline's "order" names it).
          std::optional<Order> target = found;
          if (const std::optional<std::string> child = OptionalText(body, "order", 64); child && *child != found->id) {
            target = store_->GetOrder(c.brand->id, *child);
            if (!target || target->parent_id != found->id) throw NotFound("order " + *child + " in " + found->id);
          } else if (found->children.size() == 1) {
            target = store_->GetOrder(c.brand->id, found->children[0].id);
            if (!target) throw NotFound("order " + found->children[0].id);
          }
          const int64_t shipment = std::stoll(c.req.matches[2]);
          if (shipment >= static_cast<int64_t>(target->delivery.size())) {
            throw ApiError(404, "not_found", "order " + target->id + " has no shipment " + std::to_string(shipment),
                           "shipment");
          }
          if (!target->delivery[static_cast<size_t>(shipment)].contains("backorder_of")) {
            throw Conflict("not_a_backorder",
                           "shipment " + std::to_string(shipment) +
                               " is no backorder: customer service changes it (POST .../actions)",
                           "shipment");
          }
          OrderAmendment amendment;
          amendment.shipment = shipment;
          amendment.keep_price = true;
          const std::string reason = OptionalText(body, "reason", 500).value_or("");
          amendment.actor = ActorOf(c, reason.empty() ? "where the backorder goes" : reason);
          if (body.contains("relay")) {
            if (!body["relay"].is_object()) throw BadField("relay", "relay is {carrier, id}");
            RejectUnknownFields(body["relay"], {"carrier", "id"}, "relay.");
            amendment.action = "change_relay";
            amendment.relay = {{"carrier", RequiredText(body["relay"], "carrier", 32, "relay.")},
                               {"id", RequiredText(body["relay"], "id", 32, "relay.")}};
          } else {
            amendment.action = "ship_home";
            amendment.address = ReadHomeAddress(body["address"], "address.");
          }
          OrderResult<OrderAmendments::Amended> applied =
              amendments_.Apply(*c.brand, CurrentSettings(c.brand->id), *target, amendment,
                                [&](const Order& child) { return MaySee(c, child); });
          if (!applied.ok()) {
            OrderError refused = applied.error();
            OfferHomeFree(&refused);
            throw ApiErrorOf(refused);
          }
          const OrderAmendments::Amended amended = ValueOrThrow(std::move(applied));
          SendJson(c.res, 200,
                   {{"order", amended.order.id},
                    {"shipment", shipment},
                    {"delivery", amended.order.delivery[static_cast<size_t>(shipment)]}});
        });

  Route("POST", R"(/v1/orders/([^/]+)/actions)", "/v1/orders/{id}/actions", kMerchantRole | kStaffRole,
        [this](Call& c) {
          std::optional<Order> found = store_->GetOrder(c.brand->id, c.req.matches[1]);
          if (!found || !MaySee(c, *found)) throw NotFound("order " + std::string(c.req.matches[1]));
          const json body = ParseBody(c.req.body);
          RejectUnknownFields(body, {"action", "reason", "relay", "address", "date", "slot", "keep_price", "shipment"});
          OrderAmendment amendment;
          amendment.action = RequiredEnum(body, "action", {"change_relay", "ship_home", "change_slot", "cancel"});
          amendment.actor = ActorOf(c, RequiredText(body, "reason", 500));
          amendment.shipment = OptionalInt(body, "shipment", 0, 999);
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
