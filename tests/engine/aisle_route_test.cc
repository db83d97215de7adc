#define BOOST_TEST_MODULE aisle_route
// The aisle sweep against brute force. On random stores (1-6 aisles, 2-3 cross-aisles, whole metres), for
// every subset of 9 random stops, the sweep's walk must be exactly as long as the best of all orders of
// the stops, each leg a shortest path in an independent graph of the store (test_store_graph.h: Dijkstra).
// Its order must be a permutation of the stops whose legs add up to that length, and its path must follow
// the lines.
#include "wasm/engine/aisle_route.h"

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <optional>
#include <random>

#include "tests/engine/test_store_graph.h"

using namespace relais;
using relais::testing::BestOrder;
using relais::testing::RandomCrossSpot;
using relais::testing::RandomLayout;
using relais::testing::RandomShelfSpot;
using relais::testing::StoreGraph;

namespace {

constexpr double kEps = 1e-9;

// The path's legs are axis-parallel and add up to `length`.
void CheckPath(const std::vector<double>& path, double length) {
  BOOST_REQUIRE(path.size() >= 2 && path.size() % 2 == 0);
  double total = 0;
  for (size_t i = 2; i < path.size(); i += 2) {
    const double dx = std::abs(path[i] - path[i - 2]), dy = std::abs(path[i + 1] - path[i - 1]);
    BOOST_CHECK(dx == 0 || dy == 0);
    total += dx + dy;
  }
  BOOST_CHECK_SMALL(total - length, 1e-6);
}

}  // namespace

BOOST_AUTO_TEST_CASE(layouts_and_spots_are_checked) {
  BOOST_CHECK_EQUAL(CheckAisleLayout({{1, 4}, {0, 10}}), "");
  BOOST_CHECK_EQUAL(CheckAisleLayout({{}, {0, 10}}), "a layout needs at least one aisle");
  BOOST_CHECK_EQUAL(CheckAisleLayout({{1}, {0}}), "a layout needs a front and a back cross-aisle");
  BOOST_CHECK_EQUAL(CheckAisleLayout({{1, 1}, {0, 10}}), "aisles' x must be finite and strictly ascending");
  BOOST_CHECK_EQUAL(CheckAisleLayout({{1}, {0, 5, 8, 12}}), "at most 3 cross-aisles (front, back and a middle one)");
  const AisleLayout l{{1, 4}, {0, 10}};
  BOOST_CHECK_EQUAL(CheckAisleSpot(l, {AisleSpot::kAisle, 1, 10}), "");
  BOOST_CHECK_EQUAL(CheckAisleSpot(l, {AisleSpot::kAisle, 2, 5}), "no such aisle");
  BOOST_CHECK_EQUAL(CheckAisleSpot(l, {AisleSpot::kAisle, 0, 11}),
                    "outside the aisle (between the front and the back cross-aisles)");
  BOOST_CHECK_EQUAL(CheckAisleSpot(l, {AisleSpot::kCross, 0, 0.5}),
                    "outside the cross-aisle (between the first and the last aisles)");
}

BOOST_AUTO_TEST_CASE(distance_is_the_shortest_path_along_the_lines) {
  std::mt19937 rng(7);
  for (int round = 0; round < 300; ++round) {
    const AisleLayout l = RandomLayout(rng, 1 + round % 6, 2 + (round / 6) % 2);
    std::vector<AisleSpot> spots;
    for (int i = 0; i < 8; ++i) spots.push_back(i % 3 ? RandomShelfSpot(rng, l) : RandomCrossSpot(rng, l));
    const auto d = StoreGraph(l, spots).Matrix();
    const AisleRouter router(l);
    for (size_t a = 0; a < spots.size(); ++a)
      for (size_t b = 0; b < spots.size(); ++b)
        BOOST_REQUIRE_SMALL(router.Distance(spots[a], spots[b]) - d[a][b], kEps);
  }
}

// A single-block store worked by hand: the textbook cases of the 1983 paper.
BOOST_AUTO_TEST_CASE(single_block_by_hand) {
  AisleRouter router({{0, 3, 6}, {0, 10}});
  const AisleSpot door{AisleSpot::kCross, 0, 0};
  // Deep in the first and the last aisle: through both (10 + 6 + 10 + 6) or into each and back (same).
  const std::vector<AisleSpot> deep{{AisleSpot::kAisle, 0, 8}, {AisleSpot::kAisle, 2, 8}};
  BOOST_CHECK_CLOSE(router.Walk(door, deep, door).length, 32, 1e-9);
  // Near the front: into each and back, 2 + 6 + 2 + ... = 2 * 2 + 2 * 2 + 2 * 6.
  const std::vector<AisleSpot> shallow{{AisleSpot::kAisle, 0, 2}, {AisleSpot::kAisle, 2, 2}};
  BOOST_CHECK_CLOSE(router.Walk(door, shallow, door).length, 20, 1e-9);
  // Ending at the far corner instead: up the first aisle, across the back, down the last (26), or in and
  // out of the first aisle and of the last one, then back up to the corner (4 + 6 + 10 = 20).
  const AisleSpot far{AisleSpot::kCross, 1, 6};
  const AisleWalk to_far = router.Walk(door, shallow, far);
  BOOST_CHECK_CLOSE(to_far.length, 20, 1e-9);
  BOOST_CHECK_EQUAL(to_far.order.size(), 2u);
  BOOST_CHECK_EQUAL(to_far.order[0], 0);
  CheckPath(to_far.path, 20);
  // Nothing to pick: the shortest path.
  BOOST_CHECK_CLOSE(router.Walk(door, {}, far).length, 16, 1e-9);
  BOOST_CHECK_EQUAL(router.Walk(door, {}, door).length, 0);
}

BOOST_AUTO_TEST_CASE(walks_match_brute_force_on_every_subset) {
  std::mt19937 rng(2026);
  int compared = 0;
  for (int round = 0; round < 36; ++round) {
    const AisleLayout l = RandomLayout(rng, 1 + round % 6, 2 + (round / 6) % 2);
    std::vector<AisleSpot> spots;
    for (int i = 0; i < 9; ++i) {
      // Now and then two stops at the same spot (two shelves facing each other).
      spots.push_back(i > 0 && rng() % 8 == 0 ? spots[rng() % i] : RandomShelfSpot(rng, l));
    }
    const AisleSpot from = rng() % 4 == 0 ? RandomShelfSpot(rng, l) : RandomCrossSpot(rng, l);
    const AisleSpot to = rng() % 3 == 0 ? from : RandomCrossSpot(rng, l);
    std::vector<AisleSpot> all = spots;
    all.push_back(from);
    all.push_back(to);
    const auto d = StoreGraph(l, all).Matrix();
    const int from_i = 9, to_i = 10;
    AisleRouter router(l);
    for (int mask = 0; mask < 512; ++mask) {
      std::vector<int> subset;
      std::vector<AisleSpot> stops;
      for (int i = 0; i < 9; ++i)
        if (mask >> i & 1) subset.push_back(i), stops.push_back(spots[i]);
      const double expected = BestOrder(d, subset, from_i, to_i, {}, {});
      const AisleWalk walk = router.Walk(from, stops, to);
      BOOST_REQUIRE_SMALL(walk.length - expected, kEps);
      BOOST_REQUIRE_SMALL(router.WalkCost(from, stops, to) - expected, kEps);
      // The order: every stop once, and its legs as long as the walk.
      BOOST_REQUIRE_EQUAL(walk.order.size(), stops.size());
      std::vector<bool> seen(stops.size(), false);
      double legs = 0;
      int at = from_i;
      for (int i : walk.order) {
        BOOST_REQUIRE(!seen[i]);
        seen[i] = true;
        legs += d[at][subset[i]];
        at = subset[i];
      }
      legs += d[at][to_i];
      BOOST_REQUIRE_SMALL(legs - expected, kEps);
      CheckPath(walk.path, walk.length);
      ++compared;
    }
  }
  BOOST_TEST_MESSAGE(compared << " walks compared");
}

BOOST_AUTO_TEST_CASE(free_end_walks_match_brute_force) {
  std::mt19937 rng(51);
  for (int round = 0; round < 30; ++round) {
    const AisleLayout l = RandomLayout(rng, 1 + round % 6, 2 + (round / 6) % 2);
    std::vector<AisleSpot> spots;
    for (int i = 0; i < 8; ++i) spots.push_back(i > 0 && rng() % 6 == 0 ? spots[rng() % i] : RandomShelfSpot(rng, l));
    // A start on a shelf, as when the previous temperature class ended there, or at a cross-aisle.
    const AisleSpot from = round % 2 ? spots[rng() % 8] : RandomCrossSpot(rng, l);
    std::vector<AisleSpot> all = spots;
    all.push_back(from);
    const auto d = StoreGraph(l, all).Matrix();
    std::vector<double> cost(9, 0);
    for (int i = 0; i < 8; ++i) cost[i] = static_cast<double>(rng() % 25);
    AisleRouter router(l);
    for (int mask = 1; mask < 256; ++mask) {
      std::vector<int> subset;
      std::vector<AisleSpot> stops;
      std::vector<double> end_cost;
      for (int i = 0; i < 8; ++i)
        if (mask >> i & 1) subset.push_back(i), stops.push_back(spots[i]), end_cost.push_back(cost[i]);
      const double expected = BestOrder(d, subset, 8, std::nullopt, cost, {});
      BOOST_REQUIRE_SMALL(router.WalkCost(from, stops, std::nullopt, end_cost) - expected, kEps);
      const AisleWalk walk = router.Walk(from, stops, std::nullopt, end_cost);
      BOOST_REQUIRE_GE(walk.end, 0);
      BOOST_REQUIRE_SMALL(walk.length + end_cost[walk.end] - expected, kEps);
      // The walk really ends at its end: its last point is that stop's.
      const AisleSpot& e = stops[walk.end];
      const double ex = e.kind == AisleSpot::kAisle ? l.aisle_x[e.line] : e.pos;
      const double ey = e.kind == AisleSpot::kAisle ? e.pos : l.cross_y[e.line];
      BOOST_REQUIRE_EQUAL(walk.path[walk.path.size() - 2], ex);
      BOOST_REQUIRE_EQUAL(walk.path.back(), ey);
      CheckPath(walk.path, walk.length);
    }
  }
}
