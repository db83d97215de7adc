// Waves: which orders one picker walks together. A wave costs the walk through every location of its orders,
// so orders whose shelves lie close belong together, and the orders due first are not left for later.
// Seed-and-add, the order-batching rule warehouses use (de Koster, van der Poort & Wolters, 1999: seed
// algorithms are within a few per cent of the savings algorithms at a fraction of their time): the wave
// starts from the first order due (the seed), then takes, one at a time, the order that lengthens its walk
// the least, until it is full. A wave's walk is measured by the aisle sweep without the classes' order
// (aisle_route.h: one sweep, linear), a close and cheap stand-in for the route the list will get.
#ifndef RELAIS_ENGINE_ORDER_BATCHING_H_
#define RELAIS_ENGINE_ORDER_BATCHING_H_

#include <span>
#include <vector>

#include "wasm/engine/aisle_route.h"

namespace relais {

// The spots one order is picked at (valid for the router's layout; may be empty: an order of products
// without locations), orders in the order they are due.
using OrderSpots = std::vector<AisleSpot>;

// Orders grouped into waves of at most `max_orders` (at least 1), each order in exactly one wave. Waves come
// in the order of their seeds (the earliest order not yet taken), orders within a wave in the order they are
// due. Deterministic.
std::vector<std::vector<int>> BatchOrders(AisleRouter& router, AisleSpot entrance, AisleSpot desk,
                                          std::span<const OrderSpots> orders, int max_orders);

// The walk through every spot of `orders` (indices into `all`), from the entrance to the desk, without the
// classes' order: what BatchOrders compares.
double WaveWalk(AisleRouter& router, AisleSpot entrance, AisleSpot desk, std::span<const OrderSpots> all,
                std::span<const int> orders);

}  // namespace relais

#endif  // RELAIS_ENGINE_ORDER_BATCHING_H_
