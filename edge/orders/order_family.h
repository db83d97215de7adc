// An order served by several sites: a parent and one child order per fulfilling site -- "the OMS places a
// new order on the site where the reservation is made and applies the shopper's pick-up choice to it" --
// each child with its own lines, deliveries, status and staff, as if the shopper had ordered there; the
// parent (what the shopper sees and the tracking token opens) derives its status and total from them.
// Also what each status change of an order does to stock, transfers between sites included.
#ifndef RELAIS_EDGE_ORDERS_ORDER_FAMILY_H_
#define RELAIS_EDGE_ORDERS_ORDER_FAMILY_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "edge/model/catalogue.h"
#include "edge/model/order.h"
#include "edge/model/stock_movement.h"
#include "wasm/engine/refund.h"

namespace relais::edge {

// The order's goods (lines at their prices and quantities) with `discount_cents` off them, as the engine's refund
// and discount shares read them (wasm/engine/refund.h).
RefundOrder DiscountedGoods(const Order& order, int64_t discount_cents);

// The children of `parent` (its id, lines and delivery set): one per fulfilling site, in the order the
// sites first appear, ids "<parent>-1", "-2", ...; none when a single site serves it and is the purchase
// site (or there is none): the order is then its own. Each child carries its lines, the deliveries that
// leave its site, its lines' share of each discount, and its total (lines and those deliveries, less
// those shares).
std::vector<Order> ChildOrders(const Order& parent);

// The summary a parent keeps of `child` (latest: its deliveries' latest arrival, when planned with dates).
ChildSummary SummarizeChild(const Order& child);

// The parent's status and total from its children's summaries: the least advanced status among the
// children still running ("cancelled" when all are), and the sum of their totals.
void DeriveParent(Order* parent);

// `parent` after its child `child` changed: the child's lines and deliveries in place of those of its
// site, its summary, and the status and total re-derived.
void FollowChild(Order* parent, const Order& child);

// The site a line's goods travel to before they reach the shopper (the delivering site `via`, the
// collect site when it is another, the site reserved for a transfer), or "" when they leave from `site`.
std::string TransferTarget(const OrderLine& line);

// The stock movements of an order (not a parent) going from its status to `status`: cancelling releases
// the reservations; leaving the source ("shipped", or straight to "collected"/"delivered") sells them, or,
// for a line that goes through another site, releases them and sends the goods there (transfer_out, in
// transit at the target); reaching the shopper after a transfer ("collected"/"delivered") receives them at
// the target and sells them there. Each movement names the order.
std::vector<Movement> OrderStepMovements(const Order& order, OrderStatus status);

// The indexes of the lines shipment `shipment` of `order` carries: those that name it (a backorder's
// remainder, OrderLine::shipment); every other line when the order has one shipment; else the other lines of its
// site, mode, destination (the same point, collect site) and slot -- a backorder carries its remainder only.
std::vector<size_t> ShipmentLines(const Order& order, size_t shipment);

// A parcel with `quantity` units of `product` packed in: weights add up, and each of its sizes (longest
// first) is the largest item's -- how the relay check sees a parcel, at order time and when customer
// service moves it to another point.
void PackIntoParcel(const Product& product, int64_t quantity, int64_t* weight_g, std::array<uint16_t, 3>* dims_cm);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_ORDER_FAMILY_H_
