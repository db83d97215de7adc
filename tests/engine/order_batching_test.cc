#define BOOST_TEST_MODULE order_batching
// Waves by proximity: every order in exactly one wave of at most the size asked, seeds in due order, and
// orders whose shelves lie together walked together -- shorter in total than waves cut in due order.
#include "wasm/engine/order_batching.h"

#include <boost/test/unit_test.hpp>
#include <random>

#include "tests/engine/test_store_graph.h"

using namespace relais;
using relais::testing::RandomCrossSpot;
using relais::testing::RandomLayout;
using relais::testing::RandomShelfSpot;

namespace {

std::vector<std::vector<int>> DueOrderWaves(int n, int cap) {
  std::vector<std::vector<int>> waves;
  for (int i = 0; i < n; ++i) {
    if (i % cap == 0) waves.emplace_back();
    waves.back().push_back(i);
  }
  return waves;
}

double TotalWalk(AisleRouter& router, AisleSpot in, AisleSpot out, const std::vector<OrderSpots>& orders,
                 const std::vector<std::vector<int>>& waves) {
  double total = 0;
  for (const std::vector<int>& w : waves) total += WaveWalk(router, in, out, orders, w);
  return total;
}

}  // namespace

// Orders due alternately at the two ends of a 20-aisle store: waves of two take two orders of the same end.
BOOST_AUTO_TEST_CASE(orders_of_one_end_go_together) {
  AisleLayout l;
  for (int a = 0; a < 20; ++a) l.aisle_x.push_back(3.0 * a);
  l.cross_y = {0, 20};
  AisleRouter router(l);
  const AisleSpot door{AisleSpot::kCross, 0, 0}, desk{AisleSpot::kCross, 0, 0};
  std::vector<OrderSpots> orders;
  for (int i = 0; i < 6; ++i) {
    const int aisle = i % 2 == 0 ? 1 + i / 2 : 18 - i / 2;  // left, right, left, right...
    orders.push_back({{AisleSpot::kAisle, aisle, 5.0 + i}});
  }
  const std::vector<std::vector<int>> waves = BatchOrders(router, door, desk, orders, 2);
  // Seeds in due order: 0 (left) takes 2, the nearer of the other left ones; 1 (right) takes 3; 4 (left) takes
  // 5, the only order left.
  BOOST_REQUIRE_EQUAL(waves.size(), 3u);
  BOOST_CHECK(waves[0] == (std::vector<int>{0, 2}));
  BOOST_CHECK(waves[1] == (std::vector<int>{1, 3}));
  BOOST_CHECK(waves[2] == (std::vector<int>{4, 5}));
  BOOST_CHECK_LT(TotalWalk(router, door, desk, orders, waves),
                 TotalWalk(router, door, desk, orders, DueOrderWaves(6, 2)));
}

BOOST_AUTO_TEST_CASE(every_order_once_waves_within_size_seeds_in_due_order) {
  std::mt19937 rng(1999);
  double batched = 0, due_order = 0;
  for (int round = 0; round < 60; ++round) {
    const AisleLayout l = RandomLayout(rng, 4 + round % 17, 2 + round % 2);
    AisleRouter router(l);
    const AisleSpot in = RandomCrossSpot(rng, l), out = RandomCrossSpot(rng, l);
    const int n = 1 + static_cast<int>(rng() % 24);
    const int cap = 1 + static_cast<int>(rng() % 5);
    std::vector<OrderSpots> orders(n);
    for (OrderSpots& o : orders) {
      const int lines = static_cast<int>(rng() % 7);  // 0: products without locations only.
      for (int k = 0; k < lines; ++k) o.push_back(RandomShelfSpot(rng, l));
    }
    const std::vector<std::vector<int>> waves = BatchOrders(router, in, out, orders, cap);
    std::vector<int> seen(n, 0);
    int previous_seed = -1;
    for (const std::vector<int>& w : waves) {
      BOOST_REQUIRE(!w.empty());
      BOOST_CHECK_LE(static_cast<int>(w.size()), cap);
      BOOST_CHECK(std::is_sorted(w.begin(), w.end()));
      // The seed is the earliest order no earlier wave took.
      BOOST_CHECK_GT(w.front(), previous_seed);
      for (int o = previous_seed + 1; o < w.front(); ++o) BOOST_CHECK_EQUAL(seen[o], 1);
      previous_seed = w.front();
      for (int o : w) ++seen[o];
    }
    for (int o = 0; o < n; ++o) BOOST_CHECK_EQUAL(seen[o], 1);
    // Full waves while orders remain: as many waves as cutting in due order makes, or fewer.
    BOOST_CHECK_EQUAL(waves.size(), DueOrderWaves(n, cap).size());
    batched += TotalWalk(router, in, out, orders, waves);
    due_order += TotalWalk(router, in, out, orders, DueOrderWaves(n, cap));
  }
  // Greedy, so not better on every store, but over sixty it must walk less than cutting in due order.
  BOOST_CHECK_LT(batched, due_order);
  BOOST_TEST_MESSAGE("batched / due order: " << batched / due_order);
}
