#define BOOST_TEST_MODULE stop_sequence
// Visiting stops in a store of any shape, from shortest distances on its walkways: on random walkway graphs,
// Held-Karp's order must be exactly as long as the best of every order that keeps the classes in order
// (brute force), and above kExactStops per class the heuristic's order must still keep them, add up to its
// length and say it is not proven optimal.
#include "wasm/engine/stop_sequence.h"

#include <boost/test/unit_test.hpp>
#include <random>

#include "tests/engine/test_store_graph.h"

using namespace relais;
using relais::testing::BestOrder;

namespace {

// A connected graph of `nodes` walkway crossings: a random spanning tree plus shortcuts, 1-20 m each.
std::vector<std::array<double, 3>> RandomWalkways(std::mt19937& rng, int nodes) {
  std::vector<std::array<double, 3>> edges;
  std::uniform_int_distribution<int> metres(1, 20);
  for (int v = 1; v < nodes; ++v) {
    edges.push_back({static_cast<double>(rng() % v), static_cast<double>(v), static_cast<double>(metres(rng))});
  }
  for (int e = 0; e < nodes; ++e) {
    edges.push_back(
        {static_cast<double>(rng() % nodes), static_cast<double>(rng() % nodes), static_cast<double>(metres(rng))});
  }
  return edges;
}

// Rows: the start, the stops, the end (nodes picked at random, repeats allowed).
std::vector<std::vector<double>> Matrix(std::mt19937& rng, int nodes, int stops) {
  const auto edges = RandomWalkways(rng, nodes);
  std::vector<int> at;
  for (int i = 0; i < stops + 2; ++i) at.push_back(static_cast<int>(rng() % nodes));
  const auto all = WalkwayDistances(nodes, edges, at);
  std::vector<std::vector<double>> d(stops + 2, std::vector<double>(stops + 2));
  for (int i = 0; i < stops + 2; ++i)
    for (int j = 0; j < stops + 2; ++j) d[i][j] = all[i][at[j]];
  return d;
}

bool KeepsClasses(const std::vector<int>& order, const std::vector<Temperature>& classes, size_t n) {
  std::vector<int> sorted = order;
  std::sort(sorted.begin(), sorted.end());
  for (size_t i = 0; i < sorted.size(); ++i)
    if (sorted[i] != static_cast<int>(i)) return false;
  for (size_t i = 1; i < order.size(); ++i)
    if (classes[order[i]] < classes[order[i - 1]]) return false;
  return order.size() == n;
}

double Walk(const std::vector<std::vector<double>>& d, const std::vector<int>& order) {
  double length = 0;
  int at = 0;
  for (int s : order) length += d[at][s + 1], at = s + 1;
  return length + d[at][d.size() - 1];
}

}  // namespace

BOOST_AUTO_TEST_CASE(held_karp_matches_brute_force) {
  std::mt19937 rng(1962);
  for (int round = 0; round < 400; ++round) {
    const int n = round % 9;
    const auto d = Matrix(rng, 6 + static_cast<int>(rng() % 20), n);
    std::vector<Temperature> classes;
    for (int i = 0; i < n; ++i) classes.push_back(static_cast<Temperature>(rng() % 3));
    std::vector<int> subset, temperature(n + 2, 0);
    for (int i = 0; i < n; ++i) subset.push_back(i + 1), temperature[i + 1] = static_cast<int>(classes[i]);
    const double expected = BestOrder(d, subset, 0, n + 1, {}, temperature);
    const StopSequence s = SequenceStops(d, classes);
    BOOST_REQUIRE_SMALL(s.length - expected, 1e-9);
    BOOST_REQUIRE(s.optimal);
    BOOST_REQUIRE(KeepsClasses(s.order, classes, n));
    BOOST_REQUIRE_SMALL(Walk(d, s.order) - s.length, 1e-9);
  }
}

BOOST_AUTO_TEST_CASE(above_the_exact_size_a_heuristic_says_so) {
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    const int n = kExactStops + 3 + round;  // Two frozen at most: the ambient class is over the exact size.
    const auto d = Matrix(rng, 40, n);
    std::vector<Temperature> classes(n, Temperature::kAmbient);
    for (int i = 0; i < 2; ++i) classes[rng() % n] = Temperature::kFrozen;
    const StopSequence s = SequenceStops(d, classes);
    BOOST_REQUIRE(!s.optimal);
    BOOST_REQUIRE(KeepsClasses(s.order, classes, n));
    BOOST_REQUIRE_SMALL(Walk(d, s.order) - s.length, 1e-9);
    // No reversal inside a class's run shortens it any more (2-opt's fixed point).
    for (size_t i = 0; i + 1 < s.order.size(); ++i) {
      for (size_t j = i + 1; j < s.order.size(); ++j) {
        if (classes[s.order[i]] != classes[s.order[j]]) continue;
        std::vector<int> other = s.order;
        std::reverse(other.begin() + static_cast<long>(i), other.begin() + static_cast<long>(j) + 1);
        if (KeepsClasses(other, classes, n)) BOOST_REQUIRE_GE(Walk(d, other), s.length - 1e-9);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(nothing_to_pick_is_the_way_to_the_end) {
  const std::vector<std::vector<double>> d{{0, 7}, {7, 0}};
  const StopSequence s = SequenceStops(d, {});
  BOOST_TEST(s.order.empty());
  BOOST_TEST(s.length == 7);
}
