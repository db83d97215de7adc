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
#include "edge/model/site_location.h"
#include "edge/orders/customer_fields.h"
#include "edge/orders/order_family.h"
#include "edge/utc_now.h"
#include "wasm/engine/civil_time.h"
#include "wasm/engine/opening_hours.h"

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

  Route(
      "POST", R"(/v1/orders/([^/]+)/actions)", "/v1/orders/{id}/actions", kMerchantRole | kStaffRole, [this](Call& c) {
        std::optional<Order> found = store_->GetOrder(c.brand->id, c.req.matches[1]);
        if (!found || !MaySee(c, *found)) throw NotFound("order " + std::string(c.req.matches[1]));
        Order order = *found;
        const json body = ParseBody(c.req.body);
        RejectUnknownFields(body, {"action", "reason", "relay", "address", "date"});
        const std::string action = RequiredEnum(body, "action", {"change_relay", "ship_home", "change_slot", "cancel"});
        const Actor actor = ActorOf(c, RequiredText(body, "reason", 500));
        if (action == "cancel") {
          const OrderLifecycle::Advanced cancelled =
              ValueOrThrow(lifecycle_.Advance(c.brand->id, order.id, OrderStatus::kCancelled, cancellable_, actor));
          json answer = OrderJson(cancelled.order);
          if (!cancelled.children.is_null()) answer["cancellation"] = cancelled.children;
          SendJson(c.res, 200, answer);
          return;
        }
        // Bought at one site, served by another: one child, the only one to act on.
        if (order.children.size() == 1) {
          const std::optional<Order> child = store_->GetOrder(c.brand->id, order.children[0].id);
          if (!child || !MaySee(c, *child)) throw NotFound("order " + order.id);
          order = *child;
        }
        if (!order.children.empty()) {
          json children = json::array();
          for (const ChildSummary& child : order.children) children.push_back(child.id);
          throw Conflict("act_on_child", "order " + order.id +
                                             " is served by several sites: act on the child order "
                                             "of the site concerned")
              .WithDetails({{"children", children}});
        }
        // A slot may move until the goods are collected; the rest only before they are prepared.
        const OrderStatus last_open = action == "change_slot" ? OrderStatus::kReady : OrderStatus::kPreparing;
        if (order.status == OrderStatus::kCancelled || order.status > last_open) {
          throw Conflict("too_late",
                         "order " + order.id + " is " + OrderStatusText(order.status) + ": too late to " + action);
        }
        const OrderStatus status = order.status;
        json details = json::object();
        if (action == "change_relay" || action == "ship_home") {
          // The relay and locker lines; a parcel weighs what they weigh.
          std::vector<size_t> moved;
          OrderService::RelayParcel parcel;
          for (size_t i = 0; i < order.lines.size(); ++i) {
            const OrderLine& l = order.lines[i];
            if (!IsPointDelivery(l.mode)) continue;
            moved.push_back(i);
            const std::optional<Product> product = store_->GetProduct(c.brand->id, l.sku);
            parcel.site = l.site;
            parcel.mode = l.mode;
            parcel.date = l.date;
            if (product) PackIntoParcel(*product, l.quantity, &parcel.weight_g, &parcel.dims_cm);
            details["from"] = l.destination;
          }
          if (moved.empty()) throw Conflict("no_relay_lines", "order " + order.id + " has no relay or locker line");
          json destination;
          bool home = false;
          if (action == "change_relay") {
            if (!body.contains("relay") || !body["relay"].is_object())
              throw BadField("relay", "relay is {carrier, id}");
            RejectUnknownFields(body["relay"], {"carrier", "id"}, "relay.");
            destination = {{"carrier", RequiredText(body["relay"], "carrier", 32, "relay.")},
                           {"id", RequiredText(body["relay"], "id", 32, "relay.")}};
            parcel.point = destination;
            if (std::optional<OrderError> refused =
                    orders_.RelayRefusal(*c.brand, CurrentSettings(c.brand->id), relays_->Current(), parcel, "relay")) {
              throw ApiErrorOf(*refused);
            }
          } else {
            if (!body.contains("address")) throw BadField("address", "ship_home needs the address");
            destination = ReadHomeAddress(body["address"], "address.");
            const std::optional<Site> site = store_->GetSite(c.brand->id, parcel.site);
            if (!site || !site->capabilities.value("home", json::object()).value("enabled", false)) {
              throw Conflict("mode_unavailable", "site " + parcel.site + " does not ship home", "action");
            }
            home = true;
          }
          for (size_t i : moved) {
            order.lines[i].destination = destination;
            if (home) order.lines[i].mode = DeliveryMode::kHome;
          }
          for (json& d : order.delivery) {
            const std::optional<DeliveryMode> mode = ParseDeliveryMode(d.value("mode", ""));
            if (!mode || !IsPointDelivery(*mode)) continue;
            d["destination"] = destination;  // The same cost: a change made by customer service.
            if (home) d["mode"] = DeliveryMode::kHome;
          }
          details["to"] = destination;
        } else {  // change_slot
          const std::string date = RequiredText(body, "date", 10);
          const std::optional<DayNumber> day = ParseIsoDate(date);
          if (!day) throw BadField("date", "date is YYYY-MM-DD");
          if (*day < DayOf(UnixSecondsNow())) throw BadField("date", "date is in the past");
          bool any = false;
          for (OrderLine& l : order.lines) {
            if (!IsCollected(l.mode)) continue;
            const std::string pickup = l.destination.value("site", l.site);
            const std::optional<Site> site = store_->GetSite(c.brand->id, pickup);
            const RecordParse where =
                site ? ParseSiteLocation(site->location, site->id, site->name, site->kind) : RecordParse{};
            if (where.point) {
              const OpeningHours hours(where.point->hours, where.point->closures, where.point->zone);
              if (hours.known() && !hours.IsOpenOnLocalDate(*day)) {
                throw Conflict("site_closed", "site " + pickup + " is closed on " + date, "date");
              }
            }
            details["from"] = l.date;
            l.date = date;
            any = true;
          }
          if (!any) throw Conflict("no_collection_lines", "order " + order.id + " has nothing to collect");
          details["to"] = date;
        }
        const std::string kind = action == "change_relay" ? "relay_changed"
                                 : action == "ship_home"  ? "shipped_home"
                                                          : "slot_changed";
        // The amendment holds while the order is still where it was read (another change meanwhile, such as a
        // workflow event that leaves its status alone, does not undo it).
        const OrderLifecycle::Changed amended = ValueOrThrow(lifecycle_.Change(
            c.brand->id, order.id, [&](Order* fresh, OrderCommit* commit, std::optional<OrderStatus>*) {
              if (fresh->status != status) {
                throw Conflict("order_moved",
                               "order " + order.id + " is " + OrderStatusText(fresh->status) + " now: read it again");
              }
              fresh->lines = order.lines;
              fresh->delivery = order.delivery;
              commit->events.push_back({order.id, kind, details, actor});
              return true;
            }));
        SendJson(c.res, 200, OrderJson(amended.order));
      });
}

}  // namespace relais::edge
