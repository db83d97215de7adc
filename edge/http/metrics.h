// Counters and latency histograms, exposed in Prometheus' text format at /metrics. Thread-safe; label
// values are routes (patterns, not raw paths) and status codes, so the series stay few.
#ifndef RELAIS_EDGE_HTTP_METRICS_H_
#define RELAIS_EDGE_HTTP_METRICS_H_

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace relais::edge {

class Metrics {
 public:
  // One answered request: counted per (method, route, status), timed per (method, route).
  void ObserveRequest(const std::string& method, const std::string& route, int status, double seconds);

  // A domain event: "orders_created", "reservations", "errors"... (counter relais_<name>_total).
  void Count(const std::string& name, uint64_t n = 1);

  std::string PrometheusText() const;

 private:
  static constexpr std::array<double, 10> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0};
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets = {};  // Cumulative at output, per bucket here.
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;
  std::map<std::pair<std::string, std::string>, Histogram> latencies_;
  std::map<std::string, uint64_t> counters_;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_HTTP_METRICS_H_
