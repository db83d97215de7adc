// A line that cannot be fully prepared: the stock-out is found at the packing table. What is there leaves now;
// the remainder becomes a backorder -- a shipment of its own (OrderLine::shipment names it), to the same place,
// shipped once the stock arrives, free of a second delivery charge, invoiced on its own when it leaves
// (invoicing.h). The site's stock is corrected (shrinkage: the units were not there) and the remainder's
// reservation kept, so available goes negative until the goods come in.
//
// The backorder arrives later: its dates move by the delay (available_on, when the stock is expected, from
// today). A relay or locker backorder's point is re-checked for that new date, like any relay choice
// (OrderService::RelayRefusal): when it no longer fits, the split is made all the same and the refusal is
// answered beside it -- customer service then chooses another point or home delivery for that shipment alone
// (order_amendments.h: OrderAmendment::shipment).
//
// Errors (OrderError): not_found (the order, "shipment", "lines[i].sku" not in that shipment), act_on_child,
// invalid_field ("lines[i].missing" over the line's quantity, a line named twice), too_late (the shipment left
// or was cancelled), nothing_left_to_ship (every unit missing: the shipment is late, not split), order_moved.
#ifndef RELAIS_EDGE_ORDERS_BACKORDERS_H_
#define RELAIS_EDGE_ORDERS_BACKORDERS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "edge/model/catalogue.h"
#include "edge/orders/order_error.h"
#include "edge/orders/order_lifecycle.h"
#include "edge/orders/order_service.h"
#include "edge/relay_snapshot.h"
#include "edge/store/store.h"
#include "wasm/engine/workflow.h"

namespace relais::edge {

struct Shortage {
  std::string sku;
  int64_t missing = 0;  // Units not found, 1 or more.
};

// A refusal of a backorder's point offers home delivery at no charge (the stock-out was the merchant's): its
// details' home_delivery, when it has one, costs nothing.
void OfferHomeFree(OrderError* refusal);

class Backorders {
 public:
  // Every pointer outlives this; `workflows` is read when used.
  Backorders(Store* store, OrderLifecycle* lifecycle, OrderService* orders, RelaySnapshot* relays,
             const std::vector<Workflow>* workflows)
      : store_(store), lifecycle_(lifecycle), orders_(orders), relays_(relays), workflows_(workflows) {}

  struct Split {
    Order order;            // As stored after.
    int64_t backorder = 0;  // The new shipment's index.
    // The point no longer fits the backorder's new date: why, with the alternatives (the split stands).
    std::optional<OrderError> relay_refusal;
  };
  // Splits shipment `shipment` of order `order_id` (not a parent): `shortages` name its lines by sku;
  // `available_on` (YYYY-MM-DD, checked by the caller) is when the stock is expected; `today` the site's date.
  OrderResult<Split> Backorder(const Brand& brand, const BrandSettings& settings, const std::string& order_id,
                               int64_t shipment, const std::vector<Shortage>& shortages,
                               const std::string& available_on, const std::string& today, const Actor& actor);

 private:
  Store* store_;
  OrderLifecycle* lifecycle_;
  OrderService* orders_;
  RelaySnapshot* relays_;
  const std::vector<Workflow>* workflows_;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_BACKORDERS_H_
