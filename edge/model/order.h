// An order as the domain reads it: its lines, deliveries and family (order_family.h), the events kept
// forever about it, and who acts on it.
#ifndef RELAIS_EDGE_MODEL_ORDER_H_
#define RELAIS_EDGE_MODEL_ORDER_H_

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "edge/model/delivery_mode.h"
#include "edge/model/order_status.h"

namespace relais::edge {

struct OrderLine {
  std::string sku;
  int64_t quantity = 0;
  std::string site;  // Where the stock is reserved and the parcel leaves from.
  DeliveryMode mode = DeliveryMode::kHome;
  nlohmann::json destination = nlohmann::json::object();  // Address, site, or relay point (carrier, id).
  std::string via;   // Home, relay, locker: the site that delivers after a transfer from `site` ("" : `site`).
  std::string date;  // Arrival or collection date, "" when none.
  int64_t unit_price_cents = 0;  // The server's price, never the client's.
  std::string slot;              // Collected in a booked slot: "HH:MM-HH:MM" of `date` at the site ("" : none).
  // A mode the merchant added (order_workflows.h), of kind `mode`: what the line and its shipment are
  // called, priced by and run by ("" : the engine's own `mode`).
  std::string merchant_mode;
  // The delivery entry that carries it when the order says so: a backorder's remainder, which leaves on its own
  // shipment (orders/backorders.h). -1: the entry of its site, mode, destination and slot (invoicing.h).
  int64_t shipment = -1;
  bool operator==(const OrderLine&) const = default;
};

// An order-level immediate discount the merchant's checkout applied (a promotion code, a basket offer): it lowers
// what the goods cost, shared over the lines by the engine when a return refunds them (wasm/engine/refund.h).
struct OrderDiscount {
  std::string code;
  int64_t amount_cents = 0;
  bool operator==(const OrderDiscount&) const = default;
};

// A benefit the purchase earned (a voucher, loyalty points valued in cents) because its goods reached a
// threshold: a return that takes the goods kept below it takes the benefit back (spent) or cancels it (unspent).
struct OrderBenefit {
  std::string code;
  std::string kind = "voucher";  // voucher, points.
  int64_t value_cents = 0;
  int64_t threshold_cents = 0;
  bool used = false;       // Spent by the shopper (the merchant says so: POST /v1/orders/{id}/benefits/{code}).
  bool cancelled = false;  // Cancelled by a return before it was spent.
  bool operator==(const OrderBenefit&) const = default;
};

// What a parent keeps of each child order, kept current as the child changes (order_family.h).
struct ChildSummary {
  std::string id;
  std::string site;  // The site that fulfils it.
  OrderStatus status = OrderStatus::kPlaced;
  int64_t total_cents = 0;
  std::string latest;  // Its deliveries' latest arrival (ISO date), "" when planned without dates.
};

struct Order {
  std::string id;
  int64_t version = 0;  // Bumped by every write: a write names the version it read (store.h's OrderCommit).
  std::string customer_id;
  std::string
      purchase_site;  // The site the shopper bought from ("" : the online shop); lines come from it or its zone.
  OrderStatus status = OrderStatus::kPlaced;
  std::vector<OrderLine> lines;
  nlohmann::json delivery = nlohmann::json::array();  // [{site, mode, destination, cost_cents}], one per parcel.
  int64_t total_cents = 0;
  std::string created_at;
  // An order served by several sites is a parent with one child order per fulfilling site (order_family.h).
  std::string parent_id;                              // A child: its parent ("" : not a child).
  std::string site;                                   // A child: the site that fulfils it.
  std::vector<ChildSummary> children;                 // A parent: one per child, kept current.
  std::string channel = "web";                        // web, phone, erp, marketplace, store, app.
  std::string external_ref;                           // The order's id in the system it came from ("" : none).
  nlohmann::json contact = nlohmann::json::object();  // {name, email, phone}, each optional.
  // Each delivery's place in its mode's workflow, as recorded (order_progress.h); [] until the first event.
  nlohmann::json progress = nlohmann::json::array();
  bool substitutions_allowed = false;                  // The shopper accepts substitutes for missing products.
  nlohmann::json questions = nlohmann::json::array();  // Asked to the shopper (order_questions.h).
  // Order-level discounts on the goods (total_cents is after them) and the benefits the purchase earned. A parent
  // keeps them; its children each keep their lines' share of the discounts (ChildOrders).
  std::vector<OrderDiscount> discounts;
  std::vector<OrderBenefit> benefits;
};

// The sum of an order's discounts.
inline int64_t DiscountCents(const Order& o) {
  int64_t d = 0;
  for (const OrderDiscount& x : o.discounts) d += x.amount_cents;
  return d;
}

// When the whole of a parent order is there at the latest: the latest arrival among its running
// children's deliveries (ISO date, from their summaries), "" when none was planned with dates.
inline std::string ParentEta(const Order& parent) {
  std::string eta;
  for (const ChildSummary& c : parent.children) {
    if (c.status != OrderStatus::kCancelled) eta = std::max(eta, c.latest);
  }
  return eta;
}

// When the whole of an order that is no parent is there at the latest: its deliveries' latest arrival, a
// delay's new date where one was announced (its progress), "" when none was planned with dates or the order
// is cancelled.
inline std::string OrderEta(const Order& o) {
  if (o.status == OrderStatus::kCancelled) return "";
  std::string eta;
  for (size_t i = 0; i < o.delivery.size(); ++i) {
    std::string latest = o.delivery[i].is_object() ? o.delivery[i].value("latest", std::string()) : "";
    if (o.progress.is_array() && i < o.progress.size() && o.progress[i].is_object()) {
      latest = o.progress[i].value("eta", latest);
    }
    eta = std::max(eta, latest);
  }
  return eta;
}

// Something that happened to an order, kept forever: who did it (the merchant's systems, a staff member
// "staff:<token id> <name>", the shopper, or the system), why when a person acted, and what changed.
struct OrderEvent {
  int64_t seq = 0;  // Increasing per store: the events' order.
  std::string order_id;
  std::string at;  // ISO 8601 UTC.
  std::string actor;
  // created, status, cancelled, relay_changed, shipped_home, slot_changed, step, delay, parcel_problem,
  // question, answer, line_cancelled, notification_resent, pickup_code_refused.
  std::string kind;
  std::string reason;
  nlohmann::json details = nlohmann::json::object();
};

// Who asks for a change, and why (required of customer-service actions).
struct Actor {
  std::string who;
  std::string reason;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_MODEL_ORDER_H_
