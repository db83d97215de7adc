// A pick list's route through a parallel-aisle store (aisle_route.h): from the entrance to the packing desk,
// every stop visited, the temperature classes in order -- ambient first, then chilled, frozen last -- so that
// what is cold spends the least time out of the cold. Exact: the route splits at the last stop of each class
// (where the next class's walk must start), so the planner asks the aisle sweep, from the back: for every
// stop of the previous class, the cheapest walk through this class to the rest of the route. One sweep per
// stop of every class but the first, whatever the number of stops in the class.
#ifndef RELAIS_ENGINE_PICK_ROUTE_H_
#define RELAIS_ENGINE_PICK_ROUTE_H_

#include <cstdint>
#include <span>
#include <vector>

#include "wasm/engine/aisle_route.h"
#include "wasm/engine/temperature.h"

namespace relais {

struct PickStop {
  AisleSpot spot;
  Temperature temperature = Temperature::kAmbient;
};

struct PickRoute {
  double length = 0;
  // Indices into the stops, each once, in picking order (classes in order).
  std::vector<int> order;
  // The walk's corners and stops as (x, y) pairs, flattened, entrance to desk.
  std::vector<double> path;
  // Proven shortest among routes that respect the classes' order.
  bool optimal = true;
};

// The shortest route from `entrance` to `desk` picking every stop, classes in order. Spots valid for the
// router's layout (CheckAisleSpot).
PickRoute PlanPickRoute(AisleRouter& router, AisleSpot entrance, AisleSpot desk, std::span<const PickStop> stops);

// The length of a route that picks the stops in `order` (a permutation of them), each leg the shortest path.
double OrderLength(const AisleRouter& router, AisleSpot entrance, AisleSpot desk, std::span<const PickStop> stops,
                   std::span<const int> order);

// The S-shape order, warehouses' common baseline, classes in order: within a class, the aisles holding
// stops left to right, the first walked front to back, the next back to front, and so on.
std::vector<int> SShapeOrder(std::span<const PickStop> stops);

// The pick list's own order (the order lines'), classes in order, stable within a class.
std::vector<int> ListOrder(std::span<const PickStop> stops);

}  // namespace relais

#endif  // RELAIS_ENGINE_PICK_ROUTE_H_
