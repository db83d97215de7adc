#define BOOST_TEST_MODULE pick_route
// Routes with temperature classes against brute force: on random stores and 9 random stops of random
// classes, for every subset of the stops, the planned route must be exactly as long as the best order that
// picks ambient, then chilled, then frozen (every such order tried, legs from an independent graph of the
// store), and its own order must respect the classes and add up to its length.
#include "wasm/engine/pick_route.h"

#include <boost/test/unit_test.hpp>
#include <cmath>
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

bool ClassesInOrder(const std::vector<PickStop>& stops, const std::vector<int>& order) {
  for (size_t i = 1; i < order.size(); ++i)
    if (stops[order[i]].temperature < stops[order[i - 1]].temperature) return false;
  return true;
}

bool IsPermutation(std::vector<int> order, size_t n) {
  std::sort(order.begin(), order.end());
  for (size_t i = 0; i < order.size(); ++i)
    if (order[i] != static_cast<int>(i)) return false;
  return order.size() == n;
}

}  // namespace

// Worked by hand: frozen in the first aisle, ambient in the last, the desk at the far end of the front.
BOOST_AUTO_TEST_CASE(classes_in_order_by_hand) {
  AisleRouter router({{0, 3, 6}, {0, 10}});
  const AisleSpot door{AisleSpot::kCross, 0, 0}, desk{AisleSpot::kCross, 0, 6};
  std::vector<PickStop> stops{{{AisleSpot::kAisle, 0, 2}, Temperature::kFrozen},
                              {{AisleSpot::kAisle, 2, 2}, Temperature::kAmbient}};
  // Ambient first: 6 to the last aisle, 4 in and out, 6 back, 4 in and out, 6 to the desk.
  PickRoute route = PlanPickRoute(router, door, desk, stops);
  BOOST_CHECK_CLOSE(route.length, 26, 1e-9);
  BOOST_CHECK_EQUAL(route.order[0], 1);
  BOOST_CHECK_EQUAL(route.order[1], 0);
  BOOST_CHECK(route.optimal);
  // Both ambient: on the way, 2 + 2 + 6 + 2 + 2.
  stops[0].temperature = Temperature::kAmbient;
  route = PlanPickRoute(router, door, desk, stops);
  BOOST_CHECK_CLOSE(route.length, 14, 1e-9);
  BOOST_CHECK_EQUAL(route.order[0], 0);
  // Nothing to pick: straight to the desk.
  BOOST_CHECK_CLOSE(PlanPickRoute(router, door, desk, {}).length, 6, 1e-9);
}

BOOST_AUTO_TEST_CASE(routes_match_brute_force_on_every_subset) {
  std::mt19937 rng(1983);
  int compared = 0;
  for (int round = 0; round < 24; ++round) {
    const AisleLayout l = RandomLayout(rng, 1 + round % 6, 2 + (round / 6) % 2);
    std::vector<PickStop> stops;
    std::vector<AisleSpot> all;
    std::vector<int> temperature;
    for (int i = 0; i < 9; ++i) {
      // Now and then a stop facing another one, of another class (a fridge across from a shelf).
      const AisleSpot spot = i > 0 && rng() % 6 == 0 ? stops[rng() % i].spot : RandomShelfSpot(rng, l);
      const int t = static_cast<int>(rng() % 3);
      stops.push_back({spot, static_cast<Temperature>(t)});
      all.push_back(spot);
      temperature.push_back(t);
    }
    const AisleSpot entrance = RandomCrossSpot(rng, l);
    const AisleSpot desk = rng() % 3 == 0 ? entrance : RandomCrossSpot(rng, l);
    all.push_back(entrance);
    all.push_back(desk);
    const auto d = StoreGraph(l, all).Matrix();
    AisleRouter router(l);
    for (int mask = 0; mask < 512; ++mask) {
      std::vector<int> subset;
      std::vector<PickStop> picked;
      for (int i = 0; i < 9; ++i)
        if (mask >> i & 1) subset.push_back(i), picked.push_back(stops[i]);
      const double expected = BestOrder(d, subset, 9, 10, {}, temperature);
      const PickRoute route = PlanPickRoute(router, entrance, desk, picked);
      BOOST_REQUIRE_SMALL(route.length - expected, kEps);
      BOOST_REQUIRE(IsPermutation(route.order, picked.size()));
      BOOST_REQUIRE(ClassesInOrder(picked, route.order));
      BOOST_REQUIRE_SMALL(OrderLength(router, entrance, desk, picked, route.order) - expected, kEps);
      // The baselines respect the classes too, and are never shorter.
      for (const std::vector<int>& order : {SShapeOrder(picked), ListOrder(picked)}) {
        BOOST_REQUIRE(IsPermutation(order, picked.size()));
        BOOST_REQUIRE(ClassesInOrder(picked, order));
        BOOST_REQUIRE_GE(OrderLength(router, entrance, desk, picked, order), expected - kEps);
      }
      ++compared;
    }
  }
  BOOST_TEST_MESSAGE(compared << " routes compared");
}
