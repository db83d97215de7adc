// The split's solver, apart from its model (split_plan.h): given a SplitProblem -- the tariffs of the routes
// a basket may take and the parts to place, with the routes each part may use -- the route of every part
// that makes the cheapest plan, then the earliest. Used by Split and by the benchmark's comparisons.
#ifndef RELAIS_ENGINE_SPLIT_SOLVER_H_
#define RELAIS_ENGINE_SPLIT_SOLVER_H_

#include <cstdint>
#include <vector>

#include "wasm/engine/split_plan.h"

namespace relais {

// The route (index in problem.tariffs) of each part, minimising problem.Objective, then the latest arrival.
// `exact`: dynamic programming over subsets of parts, optimal (at most 16 parts). Else a heuristic: three
// starts (a greedy plan, the best single-route plan, a dual-ascent facility-location plan), each improved by
// local moves, exact re-planning of shipment pairs and routes opened, closed or swapped; the best. Every
// part has at least one route.
std::vector<int> SolveSplit(const SplitProblem& problem, bool exact);

}  // namespace relais

#endif  // RELAIS_ENGINE_SPLIT_SOLVER_H_
