// Seeded synthetic relay points for tests, benchmarks and the offline demo: realistic carriers, kinds,
// weekly hours, closures, limits and services, placed either uniformly over metropolitan France or around
// anchor points (real ones, jittered) to keep a real density.
#ifndef RELAIS_DATA_SYNC_SYNTHETIC_POINTS_H_
#define RELAIS_DATA_SYNC_SYNTHETIC_POINTS_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "wasm/engine/relay_point.h"

namespace relais {

struct SyntheticOptions {
  uint32_t count = 10000;
  uint64_t seed = 1;
  // (lat, lon) anchors; empty: uniform over metropolitan France's bounding box.
  std::vector<std::pair<double, double>> anchors;
  double jitter_km = 2.0;
};

// The same options always give the same points. Carrier "chronopost" holds 1% of them: the benchmarks'
// selective filter.
std::vector<RelayPoint> GenerateSyntheticPoints(const SyntheticOptions& options);

}  // namespace relais

#endif  // RELAIS_DATA_SYNC_SYNTHETIC_POINTS_H_
