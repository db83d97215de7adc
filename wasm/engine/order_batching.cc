#include "wasm/engine/order_batching.h"

#include <algorithm>
#include <limits>

namespace relais {

double WaveWalk(AisleRouter& router, AisleSpot entrance, AisleSpot desk, std::span<const OrderSpots> all,
                std::span<const int> orders) {
  std::vector<AisleSpot> spots;
  for (int o : orders) spots.insert(spots.end(), all[o].begin(), all[o].end());
  if (spots.empty()) return router.Distance(entrance, desk);
  return router.WalkCost(entrance, spots, desk);
}

std::vector<std::vector<int>> BatchOrders(AisleRouter& router, AisleSpot entrance, AisleSpot desk,
                                          std::span<const OrderSpots> orders, int max_orders) {
  const int n = static_cast<int>(orders.size());
  const int cap = std::max(1, max_orders);
  std::vector<bool> taken(n, false);
  std::vector<std::vector<int>> waves;
  for (int seed = 0; seed < n; ++seed) {
    if (taken[seed]) continue;
    std::vector<int> wave = {seed};
    taken[seed] = true;
    double walk = WaveWalk(router, entrance, desk, orders, wave);
    while (static_cast<int>(wave.size()) < cap) {
      int best = -1;
      double best_walk = std::numeric_limits<double>::infinity();
      std::vector<int> trial = wave;
      trial.push_back(0);
      for (int o = seed + 1; o < n; ++o) {
        if (taken[o]) continue;
        trial.back() = o;
        const double w = WaveWalk(router, entrance, desk, orders, trial);
        // Ties go to the order due first: strict less, candidates in due order.
        if (w - walk < best_walk - walk) best = o, best_walk = w;
      }
      if (best < 0) break;
      wave.push_back(best);
      taken[best] = true;
      walk = best_walk;
    }
    std::sort(wave.begin(), wave.end());
    waves.push_back(std::move(wave));
  }
  return waves;
}

}  // namespace relais
