// The order to visit stops in a store that is not parallel aisles (a graph of walkways: aisle_route.h cannot
// sweep it), from the shortest distances between them: from the start, every stop, to the end, the temperature
// classes in order. Exact by Held and Karp's dynamic program over subsets (1962), class after class -- the
// states of a class start from where the previous class may have ended -- while every class has at most
// kExactStops stops (2^13 subsets x 13^2 moves: a few milliseconds); above, nearest neighbour, then 2-opt
// reversals inside each class's run until none shortens the walk, reported as not proven optimal.
#ifndef RELAIS_ENGINE_STOP_SEQUENCE_H_
#define RELAIS_ENGINE_STOP_SEQUENCE_H_

#include <array>
#include <span>
#include <vector>

#include "wasm/engine/temperature.h"

namespace relais {

inline constexpr int kExactStops = 13;

struct StopSequence {
  std::vector<int> order;  // Stop indices (0-based, as in `classes`), classes in order.
  double length = 0;
  bool optimal = true;
};

// `distance` is (n + 2) x (n + 2): row 0 the start, rows 1..n the stops, row n + 1 the end; `classes` the n
// stops' classes. Distances are shortest paths (they obey the triangle inequality).
StopSequence SequenceStops(const std::vector<std::vector<double>>& distance, std::span<const Temperature> classes);

// Shortest distances between `from` nodes and every node of a graph of walkways (Dijkstra): `edges` as
// (a, b, metres), undirected; rows in the order of `from`. Unreachable: infinity.
std::vector<std::vector<double>> WalkwayDistances(int nodes, std::span<const std::array<double, 3>> edges,
                                                  std::span<const int> from);

}  // namespace relais

#endif  // RELAIS_ENGINE_STOP_SEQUENCE_H_
