#include "edge/http/metrics.h"

#include <sstream>
#include <tuple>

namespace relais::edge {

void Metrics::ObserveRequest(const std::string& method, const std::string& route, int status, double seconds) {
  const std::lock_guard<std::mutex> lock(mutex_);
  ++requests_[{method, route, status}];
  Histogram& h = latencies_[{method, route}];
  for (size_t b = 0; b < kBuckets.size(); ++b) {
    if (seconds <= kBuckets[b]) {
      ++h.buckets[b];
      break;
    }
  }
  ++h.count;
  h.sum += seconds;
}

void Metrics::Count(const std::string& name, uint64_t n) {
  const std::lock_guard<std::mutex> lock(mutex_);
  counters_[name] += n;
}

std::string Metrics::PrometheusText() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  std::ostringstream out;
  out << "# HELP relais_http_requests_total HTTP requests answered.\n# TYPE relais_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [method, route, status] = key;
    out << "relais_http_requests_total{method=\"" << method << "\",route=\"" << route << "\",status=\"" << status
        << "\"} " << n << "\n";
  }
  out << "# HELP relais_http_request_seconds Time to answer a request.\n"
         "# TYPE relais_http_request_seconds histogram\n";
  for (const auto& [key, h] : latencies_) {
    const std::string labels = "method=\"" + key.first + "\",route=\"" + key.second + "\"";
    uint64_t cumulative = 0;
    for (size_t b = 0; b < kBuckets.size(); ++b) {
      cumulative += h.buckets[b];
      out << "relais_http_request_seconds_bucket{" << labels << ",le=\"" << kBuckets[b] << "\"} " << cumulative << "\n";
    }
    out << "relais_http_request_seconds_bucket{" << labels << ",le=\"+Inf\"} " << h.count << "\n";
    out << "relais_http_request_seconds_sum{" << labels << "} " << h.sum << "\n";
    out << "relais_http_request_seconds_count{" << labels << "} " << h.count << "\n";
  }
  for (const auto& [name, n] : counters_) {
    out << "# TYPE relais_" << name << "_total counter\nrelais_" << name << "_total " << n << "\n";
  }
  return out.str();
}

}  // namespace relais::edge
