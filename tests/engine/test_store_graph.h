// An independent model of a parallel-aisle store for the routing tests: random layouts on whole metres, the
// walkable lines cut at every node and spot into a plain weighted graph, and Dijkstra's shortest paths on it.
// It shares nothing with aisle_route.cc but the input structs.
#ifndef RELAIS_TESTS_ENGINE_TEST_STORE_GRAPH_H_
#define RELAIS_TESTS_ENGINE_TEST_STORE_GRAPH_H_

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <queue>
#include <random>
#include <utility>
#include <vector>

#include "wasm/engine/aisle_route.h"

namespace relais::testing {

// Aisles 2-5 m apart, blocks 3-12 m deep; `crosses` cross-aisles.
inline AisleLayout RandomLayout(std::mt19937& rng, int aisles, int crosses) {
  AisleLayout l;
  std::uniform_int_distribution<int> gap(2, 5), depth(3, 12);
  double x = gap(rng), y = 0;
  for (int i = 0; i < aisles; ++i, x += gap(rng)) l.aisle_x.push_back(x);
  for (int i = 0; i < crosses; ++i, y += depth(rng)) l.cross_y.push_back(y);
  return l;
}

// A spot in an aisle, on a whole metre strictly between two cross-aisles (where shelves stand).
inline AisleSpot RandomShelfSpot(std::mt19937& rng, const AisleLayout& l) {
  std::uniform_int_distribution<int> aisle(0, static_cast<int>(l.aisle_x.size()) - 1);
  std::uniform_int_distribution<int> block(0, static_cast<int>(l.cross_y.size()) - 2);
  const int b = block(rng);
  std::uniform_int_distribution<int> y(static_cast<int>(l.cross_y[b]) + 1, static_cast<int>(l.cross_y[b + 1]) - 1);
  return {AisleSpot::kAisle, aisle(rng), static_cast<double>(y(rng))};
}

// A spot on a cross-aisle (front, back or middle), on a whole metre, nodes included.
inline AisleSpot RandomCrossSpot(std::mt19937& rng, const AisleLayout& l) {
  std::uniform_int_distribution<int> line(0, static_cast<int>(l.cross_y.size()) - 1);
  std::uniform_int_distribution<int> x(static_cast<int>(l.aisle_x.front()), static_cast<int>(l.aisle_x.back()));
  return {AisleSpot::kCross, line(rng), static_cast<double>(x(rng))};
}

class StoreGraph {
 public:
  // The graph of the layout's lines cut at every node and at every spot given.
  StoreGraph(const AisleLayout& l, const std::vector<AisleSpot>& spots) {
    std::vector<std::vector<double>> on_aisle(l.aisle_x.size()), on_cross(l.cross_y.size());
    for (size_t a = 0; a < l.aisle_x.size(); ++a) on_aisle[a] = l.cross_y;
    for (size_t c = 0; c < l.cross_y.size(); ++c) on_cross[c] = l.aisle_x;
    for (const AisleSpot& s : spots) (s.kind == AisleSpot::kAisle ? on_aisle : on_cross)[s.line].push_back(s.pos);
    auto cut = [&](std::vector<double>& at, auto point_of) {
      std::sort(at.begin(), at.end());
      at.erase(std::unique(at.begin(), at.end()), at.end());
      for (size_t i = 0; i + 1 < at.size(); ++i) Link(point_of(at[i]), point_of(at[i + 1]), at[i + 1] - at[i]);
    };
    for (size_t a = 0; a < l.aisle_x.size(); ++a) cut(on_aisle[a], [&](double y) { return Id(l.aisle_x[a], y); });
    for (size_t c = 0; c < l.cross_y.size(); ++c) cut(on_cross[c], [&](double x) { return Id(x, l.cross_y[c]); });
    for (const AisleSpot& s : spots) spot_ids_.push_back(IdOf(l, s));
  }

  // Shortest distances from spot i (index in the constructor's list) to every spot.
  std::vector<double> From(int i) const {
    std::vector<double> d(adjacency_.size(), std::numeric_limits<double>::infinity());
    using Item = std::pair<double, int>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
    d[spot_ids_[i]] = 0;
    queue.push({0, spot_ids_[i]});
    while (!queue.empty()) {
      const auto [dist, v] = queue.top();
      queue.pop();
      if (dist > d[v]) continue;
      for (const auto& [w, len] : adjacency_[v]) {
        if (dist + len < d[w]) {
          d[w] = dist + len;
          queue.push({d[w], w});
        }
      }
    }
    std::vector<double> out;
    for (int id : spot_ids_) out.push_back(d[id]);
    return out;
  }

  // Every pair's distance, spots in the constructor's order.
  std::vector<std::vector<double>> Matrix() const {
    std::vector<std::vector<double>> m;
    for (size_t i = 0; i < spot_ids_.size(); ++i) m.push_back(From(static_cast<int>(i)));
    return m;
  }

 private:
  int Id(double x, double y) {
    const auto [it, added] = ids_.try_emplace({x, y}, static_cast<int>(adjacency_.size()));
    if (added) adjacency_.emplace_back();
    return it->second;
  }
  int IdOf(const AisleLayout& l, const AisleSpot& s) const {
    const std::pair<double, double> xy =
        s.kind == AisleSpot::kAisle ? std::pair{l.aisle_x[s.line], s.pos} : std::pair{s.pos, l.cross_y[s.line]};
    return ids_.at(xy);
  }
  void Link(int a, int b, double len) {
    adjacency_[a].push_back({b, len});
    adjacency_[b].push_back({a, len});
  }

  std::map<std::pair<double, double>, int> ids_;
  std::vector<std::vector<std::pair<int, double>>> adjacency_;
  std::vector<int> spot_ids_;
};

// Brute force: the best over every order of `subset` (matrix indices) of from -> stops -> end, where the end
// is `to` or, without it, the last stop i, which then costs end_cost[i] more (end_cost by matrix index).
// With `temperature` (by matrix index), only the orders whose classes never go down. Depth-first, cut when a
// partial walk already costs the best found.
inline double BestOrder(const std::vector<std::vector<double>>& d, const std::vector<int>& subset, int from,
                        std::optional<int> to, const std::vector<double>& end_cost,
                        const std::vector<int>& temperature) {
  double best = std::numeric_limits<double>::infinity();
  std::vector<bool> used(subset.size(), false);
  auto visit = [&](auto& self, int at, int coldest, double so_far, size_t left) -> void {
    if (so_far >= best) return;
    if (left == 0) {
      best = std::min(best, so_far + (to ? d[at][*to] : end_cost[at]));
      return;
    }
    for (size_t i = 0; i < subset.size(); ++i) {
      const int t = temperature.empty() ? 0 : temperature[subset[i]];
      if (used[i] || t < coldest) continue;
      used[i] = true;
      self(self, subset[i], t, so_far + d[at][subset[i]], left - 1);
      used[i] = false;
    }
  };
  visit(visit, from, 0, 0, subset.size());
  return best;
}

}  // namespace relais::testing

#endif  // RELAIS_TESTS_ENGINE_TEST_STORE_GRAPH_H_
