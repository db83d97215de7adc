// Customer service acting on the shopper's behalf: another relay point, home delivery instead, another
// collection day, or a cancel -- each with its reason, recorded with who acted. The rules of when each may
// still happen (a slot until the goods are collected, the rest before they are prepared), what a change
// re-checks (the new point can take the parcel on its date; the site ships home; the site is open that
// day) and what it rewrites (the lines and deliveries; home delivery at the home offer's price unless the
// price is kept, the total with it) are here; the caller reads the request and says who may see which order.
#ifndef RELAIS_EDGE_ORDERS_ORDER_AMENDMENTS_H_
#define RELAIS_EDGE_ORDERS_ORDER_AMENDMENTS_H_

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "edge/model/brand_settings.h"
#include "edge/model/catalogue.h"
#include "edge/model/order.h"
#include "edge/orders/order_error.h"
#include "edge/orders/order_lifecycle.h"
#include "edge/orders/order_service.h"
#include "edge/relay_snapshot.h"
#include "edge/store/store.h"
#include "wasm/engine/workflow.h"

namespace relais::edge {

// An action as customer service asks for it, its fields read (shapes) by the caller.
struct OrderAmendment {
  std::string action;                                 // change_relay, ship_home, change_slot, cancel.
  Actor actor;                                        // Who acts, and why (required).
  nlohmann::json relay = nlohmann::json::object();    // change_relay: {carrier, id}.
  nlohmann::json address = nlohmann::json::object();  // ship_home: the home address, read.
  std::string date;                                   // change_slot: YYYY-MM-DD, a valid date.
  std::string slot;  // change_slot at a service booked by slot: "HH:MM" or "HH:MM-HH:MM" (slot_booking.h).
  // ship_home: the shopper keeps the price paid (a goodwill gesture, the reason says why) instead of the
  // home offer's.
  bool keep_price = false;
  // change_relay, ship_home: that shipment alone (its index), e.g. a backorder (backorders.h) whose point no
  // longer fits, while the rest of the order goes on as it was; when it has not been prepared yet. nullopt:
  // every relay and locker line of the order, before the order is prepared.
  std::optional<int64_t> shipment;
  // The shopper's answer that asks for this change (a choice question's action, order_questions.h): the
  // order's questions as read and as they become, recorded with the change in one commit -- order_moved
  // when they changed meanwhile, so an answer and its change are both written or neither.
  struct FromAnswer {
    nlohmann::json expected, questions;
    nlohmann::json details;  // The "answer" event's.
  };
  std::optional<FromAnswer> answer;
};

class OrderAmendments {
 public:
  // Every pointer outlives this; `merchant_cancellable` is read when used.
  OrderAmendments(Store* store, OrderLifecycle* lifecycle, OrderService* orders, RelaySnapshot* relays,
                  const std::vector<OrderStatus>* merchant_cancellable, const std::vector<Workflow>* workflows)
      : store_(store),
        lifecycle_(lifecycle),
        orders_(orders),
        relays_(relays),
        merchant_cancellable_(merchant_cancellable),
        workflows_(workflows) {}

  struct Amended {
    Order order;               // As stored after.
    nlohmann::json cancelled;  // A parent's cancel: what became of each child (OrderLifecycle::Advanced).
  };
  // Applies `amendment` to `order` (as the caller read it and may see it). An order bought at one site and
  // served by another is acted on through its one child, when `may_see(child)`. Errors: not_found,
  // act_on_child (details: children), too_late, no_relay_lines, no_collection_lines, mode_unavailable,
  // relay_unavailable and the other refusals of a relay point (OrderService::RelayRefusal), site_closed,
  // invalid_field (date in the past), order_moved, and Advance's for a cancel.
  OrderResult<Amended> Apply(const Brand& brand, const BrandSettings& settings, const Order& order,
                             const OrderAmendment& amendment, const std::function<bool(const Order&)>& may_see);

 private:
  Store* store_;
  OrderLifecycle* lifecycle_;
  OrderService* orders_;
  RelaySnapshot* relays_;
  const std::vector<OrderStatus>* merchant_cancellable_;
  const std::vector<Workflow>* workflows_;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_ORDER_AMENDMENTS_H_
