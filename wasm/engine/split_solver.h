// The split's solver, apart from its model (split_plan.h): given the tariffs of the routes a basket may take
// and the parts to place, with the routes each part may use, the route of every part that makes the cheapest
// plan, then the earliest. Used by Split; nothing else needs it.
#ifndef RELAIS_ENGINE_SPLIT_SOLVER_H_
#define RELAIS_ENGINE_SPLIT_SOLVER_H_

#include <cstdint>
#include <vector>

#include "wasm/engine/split_plan.h"

namespace relais {

// A line or the part of one the solver plans as a unit; line -1: an open shipment's own weight, bound to
// the route that joins it.
struct SplitPart {
  int line = 0;
  int64_t quantity = 0;
  int bound_site = -1;  // The site a cut line's part must come from, or -1.
  int64_t weight_g = 0;
};

// The route (index in `tariffs`) of each part. `join_of[r]`: the open shipment route r joins, or -1 for a
// new shipment (which pays `penalty_cents`). `exact`: dynamic programming over subsets of parts, optimal
// (at most 16 parts); else a greedy plan improved by local moves and by exact re-planning of shipment pairs.
// Every part has at least one route.
std::vector<int> SolveSplit(const std::vector<RouteTariff>& tariffs, const std::vector<int>& join_of,
                            const std::vector<SplitPart>& parts, const std::vector<std::vector<int>>& feasible,
                            int64_t penalty_cents, bool exact);

}  // namespace relais

#endif  // RELAIS_ENGINE_SPLIT_SOLVER_H_
