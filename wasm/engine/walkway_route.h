// A store walked along a graph of walkways, for shops that are not parallel aisles (a supermarket's
// promotional islands, a dark store's loops, a chemist's counters): walkway nodes on the plan, joined by
// walkways, and the route through a pick list's stops from the entrance to the packing desk, the temperature
// classes in order -- exact up to kExactStops stops per class, else a good order said not proven optimal
// (stop_sequence.h) -- with the walk drawn node by node. Distances are shortest paths along the walkways,
// never straight lines through shelves.
//
//   {"nodes": [{"id": "door", "x": 0, "y": 0}, {"id": "island", "x": 8.5, "y": 4}, ...],
//    "edges": [["door", "island"], ["island", "till", 6.2], ...]}
//
// An edge's length is its straight line unless given (a walkway that bends). Every node reachable from
// every other: a node no walkway reaches is a mistake of the plan, refused.
#ifndef RELAIS_ENGINE_WALKWAY_ROUTE_H_
#define RELAIS_ENGINE_WALKWAY_ROUTE_H_

#include <array>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wasm/engine/pick_route.h"
#include "wasm/engine/temperature.h"

namespace relais {

struct WalkwayGraph {
  std::vector<std::string> ids;              // Nodes, in the order given.
  std::vector<double> x, y;                  // Metres on the store's plan.
  std::vector<std::array<double, 3>> edges;  // (node a, node b, metres), undirected.

  // The node called `id`, or -1.
  int NodeIndex(std::string_view id) const;
};

// Reads the walkways' JSON into *graph: "" or "<field>: what is wrong" (fields relative to the object read,
// "nodes[3].id", "edges[2]"): at least one node, ids unique and non-empty, coordinates finite, edges between
// two known nodes with a length >= their straight line when given, every node reachable.
std::string ReadWalkways(const nlohmann::json& json, WalkwayGraph* graph);

struct WalkwayStop {
  int node = 0;
  Temperature temperature = Temperature::kAmbient;
};

// The shortest route from node `from` through every stop to node `to`, classes in order: PickRoute's order
// (indices into stops), length, optimal (proven), and path (the nodes walked, as x, y pairs).
PickRoute PlanWalkwayRoute(const WalkwayGraph& graph, int from, int to, std::span<const WalkwayStop> stops);

}  // namespace relais

#endif  // RELAIS_ENGINE_WALKWAY_ROUTE_H_
