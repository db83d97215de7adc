// Picking routes: metres walked by the exact route (wasm/engine/pick_route.h) against the pick list's own
// order and the S-shape order (the common warehouse baseline), both with the temperature classes in order
// and each leg the shortest path (which flatters them: a picker following S-shape literally walks every
// aisle it enters to the end); and the time to plan a route. Built twice from this one file -- natively
// (build/native/bench/pick-route-bench) and in WebAssembly (node bench/wasm_bench.mjs pick-route-bench) --
// on the same seeded stores and waves.
//
//   pick-route-bench [waves per profile]
//
// Stores: 10, 20 and 40 aisles 3 m apart, 24 m deep, with or without a middle cross-aisle; a shelf spot every
// 1.2 m of each aisle (both sides); the last tenth of the aisles frozen, the fifth before chilled, the rest
// ambient; the entrance at the front left, the packing desk at the front, in the middle. Waves: 1-4 orders,
// 5-60 lines in all, each line a uniformly drawn spot.
//
// Then a day's orders made into waves (wasm/engine/order_batching.h): 48 orders of 2-12 lines, a fifth of
// the shelves holding four fifths of what is ordered (the usual ABC skew), walked alone, in waves of 4 cut in
// the order they are due, and in waves of 4 by proximity; metres per order of the exact routes.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "bench/bench_stats.h"
#include "wasm/engine/order_batching.h"
#include "wasm/engine/pick_route.h"

namespace relais {
namespace {

struct Store {
  AisleLayout layout;
  std::vector<PickStop> shelves;  // every shelf spot with its zone's class
  AisleSpot entrance, desk;
};

Store MakeStore(int aisles, bool middle) {
  Store s;
  for (int j = 0; j < aisles; ++j) s.layout.aisle_x.push_back(3.0 * j);
  s.layout.cross_y = middle ? std::vector<double>{0, 12, 24} : std::vector<double>{0, 24};
  const int frozen = std::max(1, aisles / 10), chilled = std::max(1, aisles / 5);
  for (int j = 0; j < aisles; ++j) {
    const Temperature t = j >= aisles - frozen             ? Temperature::kFrozen
                          : j >= aisles - frozen - chilled ? Temperature::kChilled
                                                           : Temperature::kAmbient;
    for (size_t b = 0; b + 1 < s.layout.cross_y.size(); ++b) {
      for (double y = s.layout.cross_y[b] + 0.6; y < s.layout.cross_y[b + 1]; y += 1.2) {
        s.shelves.push_back({{AisleSpot::kAisle, j, y}, t});
      }
    }
  }
  s.entrance = {AisleSpot::kCross, 0, 0};
  s.desk = {AisleSpot::kCross, 0, s.layout.aisle_x[aisles / 2]};
  return s;
}

struct Row {
  double exact = 0, sshape = 0, list = 0;
  std::vector<double> ms;
};

Row Measure(const Store& store, int lines, int waves, std::mt19937& rng) {
  AisleRouter router(store.layout);
  std::uniform_int_distribution<size_t> shelf(0, store.shelves.size() - 1);
  Row row;
  for (int w = 0; w < waves; ++w) {
    // 1-4 orders, lines dealt to them in turn: the list order is order after order.
    const int orders = 1 + w % 4;
    std::vector<std::vector<PickStop>> by_order(orders);
    for (int i = 0; i < lines; ++i) by_order[i % orders].push_back(store.shelves[shelf(rng)]);
    std::vector<PickStop> stops;
    for (const auto& o : by_order) stops.insert(stops.end(), o.begin(), o.end());
    const auto start = std::chrono::steady_clock::now();
    const PickRoute route = PlanPickRoute(router, store.entrance, store.desk, stops);
    row.ms.push_back(Ms(std::chrono::steady_clock::now() - start));
    row.exact += route.length;
    row.sshape += OrderLength(router, store.entrance, store.desk, stops, SShapeOrder(stops));
    row.list += OrderLength(router, store.entrance, store.desk, stops, ListOrder(stops));
  }
  return row;
}

// The exact route's length through every stop of `orders` (indices into `all`).
double WaveRoute(AisleRouter& router, const Store& store, const std::vector<std::vector<PickStop>>& all,
                 const std::vector<int>& orders) {
  std::vector<PickStop> stops;
  for (int o : orders) stops.insert(stops.end(), all[o].begin(), all[o].end());
  return PlanPickRoute(router, store.entrance, store.desk, stops).length;
}

struct DayRow {
  double alone = 0, due = 0, near = 0;  // metres in all
  std::vector<double> batch_ms;
};

DayRow MeasureDay(const Store& store, int days, std::mt19937& rng) {
  constexpr int kOrders = 48, kWave = 4;
  AisleRouter router(store.layout);
  // A fifth of the shelves (spread over the store) get four fifths of the lines.
  std::vector<size_t> popular, other;
  for (size_t i = 0; i < store.shelves.size(); ++i) (i % 5 == 0 ? popular : other).push_back(i);
  DayRow row;
  for (int d = 0; d < days; ++d) {
    std::vector<std::vector<PickStop>> orders(kOrders);
    std::vector<OrderSpots> spots(kOrders);
    for (int o = 0; o < kOrders; ++o) {
      const int lines = 2 + static_cast<int>(rng() % 11);
      for (int i = 0; i < lines; ++i) {
        const std::vector<size_t>& from = rng() % 5 < 4 ? popular : other;
        const PickStop& s = store.shelves[from[rng() % from.size()]];
        orders[o].push_back(s);
        spots[o].push_back(s.spot);
      }
    }
    for (int o = 0; o < kOrders; ++o) row.alone += WaveRoute(router, store, orders, {o});
    for (int o = 0; o < kOrders; o += kWave) row.due += WaveRoute(router, store, orders, {o, o + 1, o + 2, o + 3});
    const auto start = std::chrono::steady_clock::now();
    const std::vector<std::vector<int>> waves = BatchOrders(router, store.entrance, store.desk, spots, kWave);
    row.batch_ms.push_back(Ms(std::chrono::steady_clock::now() - start));
    for (const std::vector<int>& w : waves) row.near += WaveRoute(router, store, orders, w);
  }
  return row;
}

}  // namespace
}  // namespace relais

int main(int argc, char** argv) {
  using namespace relais;
  const int waves = argc > 1 ? std::max(4, std::atoi(argv[1])) : 100;
  std::mt19937 rng(26);
  std::printf("%d waves per row (1-4 orders each); metres are means per wave; ratios = baseline / exact\n", waves);
  std::printf("%-26s %5s %9s %9s %9s %8s %8s %9s %9s\n", "store", "lines", "exact m", "S-shape", "list", "S/exact",
              "list/ex", "plan p50", "p99 ms");
  for (const bool middle : {false, true}) {
    for (const int aisles : {10, 20, 40}) {
      const Store store = MakeStore(aisles, middle);
      for (const int lines : {5, 15, 30, 60}) {
        const Row r = Measure(store, lines, waves, rng);
        char name[64];
        std::snprintf(name, sizeof name, "%d aisles%s", aisles, middle ? " + middle cross" : "");
        std::printf("%-26s %5d %9.1f %9.1f %9.1f %7.2fx %7.2fx %9.3f %9.3f\n", name, lines, r.exact / waves,
                    r.sshape / waves, r.list / waves, r.sshape / r.exact, r.list / r.exact, Percentile(r.ms, 0.5),
                    Percentile(r.ms, 0.99));
      }
    }
  }
  const int days = std::max(2, waves / 10);
  std::printf("\n%d days of 48 orders (2-12 lines, ABC skew), waves of 4; metres per order of the exact routes\n",
              days);
  std::printf("%-26s %9s %9s %9s %9s %9s %11s\n", "store", "alone", "due order", "proximity", "due/prox", "alone/prx",
              "batch p50 ms");
  for (const int aisles : {10, 20, 40}) {
    const Store store = MakeStore(aisles, false);
    const DayRow r = MeasureDay(store, days, rng);
    const double n = 48.0 * days;
    char name[64];
    std::snprintf(name, sizeof name, "%d aisles", aisles);
    std::printf("%-26s %9.1f %9.1f %9.1f %8.2fx %8.2fx %11.3f\n", name, r.alone / n, r.due / n, r.near / n,
                r.due / r.near, r.alone / r.near, Percentile(r.batch_ms, 0.5));
  }
  return 0;
}
