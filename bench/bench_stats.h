// What the engine's benchmarks share: milliseconds of a duration, and a percentile of samples.
#ifndef RELAIS_BENCH_BENCH_STATS_H_
#define RELAIS_BENCH_BENCH_STATS_H_

#include <algorithm>
#include <chrono>
#include <vector>

namespace relais {

inline double Ms(std::chrono::steady_clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// The sample below which a fraction `p` of them lie (p in [0, 1]).
inline double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace relais

#endif  // RELAIS_BENCH_BENCH_STATS_H_
