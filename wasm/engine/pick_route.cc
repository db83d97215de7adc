#include "wasm/engine/pick_route.h"

#include <algorithm>
#include <array>
#include <optional>

namespace relais {
namespace {

// The distinct spots of one temperature class, and which stops stand at each.
struct ClassSpots {
  std::vector<AisleSpot> spots;
  std::vector<std::vector<int>> stops;
};

std::vector<ClassSpots> GroupByClass(std::span<const PickStop> stops) {
  std::array<ClassSpots, 3> by_class;
  for (size_t i = 0; i < stops.size(); ++i) {
    ClassSpots& g = by_class[static_cast<int>(stops[i].temperature)];
    const auto it = std::find(g.spots.begin(), g.spots.end(), stops[i].spot);
    if (it == g.spots.end()) {
      g.spots.push_back(stops[i].spot);
      g.stops.push_back({static_cast<int>(i)});
    } else {
      g.stops[it - g.spots.begin()].push_back(static_cast<int>(i));
    }
  }
  std::vector<ClassSpots> present;
  for (ClassSpots& g : by_class)
    if (!g.spots.empty()) present.push_back(std::move(g));
  return present;
}

void Append(PickRoute& route, const AisleWalk& walk, const ClassSpots& group) {
  route.length += walk.length;
  for (int i : walk.order) route.order.insert(route.order.end(), group.stops[i].begin(), group.stops[i].end());
  // Each walk starts where the previous one ended: drop the repeated point.
  const size_t skip = route.path.empty() ? 0 : 2;
  route.path.insert(route.path.end(), walk.path.begin() + std::min(skip, walk.path.size()), walk.path.end());
}

}  // namespace

PickRoute PlanPickRoute(AisleRouter& router, AisleSpot entrance, AisleSpot desk, std::span<const PickStop> stops) {
  const std::vector<ClassSpots> classes = GroupByClass(stops);
  const int r = static_cast<int>(classes.size());
  PickRoute route;
  if (r == 0) {
    Append(route, router.Walk(entrance, {}, desk), ClassSpots{});
    return route;
  }
  // rest[p][i]: the shortest rest of the route once class p - 1's walk ended at its spot i (p >= 1).
  std::vector<std::vector<double>> rest(r);
  for (int p = r - 1; p >= 1; --p) {
    const ClassSpots& starts = classes[p - 1];
    rest[p].resize(starts.spots.size());
    for (size_t i = 0; i < starts.spots.size(); ++i) {
      rest[p][i] = p == r - 1 ? router.WalkCost(starts.spots[i], classes[p].spots, desk)
                              : router.WalkCost(starts.spots[i], classes[p].spots, std::nullopt, rest[p + 1]);
    }
  }
  AisleSpot at = entrance;
  for (int p = 0; p < r; ++p) {
    const AisleWalk walk = p == r - 1 ? router.Walk(at, classes[p].spots, desk)
                                      : router.Walk(at, classes[p].spots, std::nullopt, rest[p + 1]);
    Append(route, walk, classes[p]);
    if (p < r - 1) at = classes[p].spots[walk.end];
  }
  return route;
}

double OrderLength(const AisleRouter& router, AisleSpot entrance, AisleSpot desk, std::span<const PickStop> stops,
                   std::span<const int> order) {
  double length = 0;
  AisleSpot at = entrance;
  for (int i : order) {
    length += router.Distance(at, stops[i].spot);
    at = stops[i].spot;
  }
  return length + router.Distance(at, desk);
}

std::vector<int> SShapeOrder(std::span<const PickStop> stops) {
  std::vector<int> order(stops.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  // Aisle rank among the class's aisles with stops decides the direction: even ranks front to back.
  auto key = [&](int i) { return std::pair{static_cast<int>(stops[i].temperature), stops[i].spot.line}; };
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return key(a) < key(b); });
  size_t begin = 0;
  int rank = 0, last_class = -1;
  while (begin < order.size()) {
    size_t end = begin;
    while (end < order.size() && key(order[end]) == key(order[begin])) ++end;
    if (key(order[begin]).first != last_class) rank = 0, last_class = key(order[begin]).first;
    const bool up = rank++ % 2 == 0;
    std::stable_sort(order.begin() + begin, order.begin() + end, [&](int a, int b) {
      return up ? stops[a].spot.pos < stops[b].spot.pos : stops[a].spot.pos > stops[b].spot.pos;
    });
    begin = end;
  }
  return order;
}

std::vector<int> ListOrder(std::span<const PickStop> stops) {
  std::vector<int> order(stops.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return stops[a].temperature < stops[b].temperature; });
  return order;
}

}  // namespace relais
