#include "wasm/engine/stop_sequence.h"

#include <algorithm>
#include <array>
#include <limits>
#include <queue>
#include <utility>

namespace relais {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Stops grouped by class, in class order (classes with none left out); indices are rows - 1.
std::vector<std::vector<int>> ByClass(std::span<const Temperature> classes) {
  std::vector<std::vector<int>> groups(kTemperatureCount);
  for (size_t i = 0; i < classes.size(); ++i) groups[static_cast<int>(classes[i])].push_back(static_cast<int>(i));
  std::erase_if(groups, [](const std::vector<int>& g) { return g.empty(); });
  return groups;
}

double LengthOf(const std::vector<std::vector<double>>& d, const std::vector<int>& order) {
  const int end = static_cast<int>(d.size()) - 1;
  double length = 0;
  int at = 0;
  for (int s : order) length += d[at][s + 1], at = s + 1;
  return length + d[at][end];
}

StopSequence Exact(const std::vector<std::vector<double>>& d, const std::vector<std::vector<int>>& groups) {
  const int end = static_cast<int>(d.size()) - 1;
  // The cost to have visited every earlier class and ended at each row (start: row 0 at 0).
  std::vector<std::pair<int, double>> entry = {{0, 0.0}};
  // Per class, the chosen predecessor of each (subset, last) state, to read the order back.
  struct Phase {
    std::vector<int> stops;
    std::vector<double> cost;   // [mask * k + last]
    std::vector<int> previous;  // the last stop (index in stops) before, or -1 - entry index
  };
  std::vector<Phase> phases;
  for (const std::vector<int>& stops : groups) {
    const int k = static_cast<int>(stops.size());
    Phase p{stops, std::vector<double>((size_t{1} << k) * k, kInf), std::vector<int>((size_t{1} << k) * k, 0)};
    for (int j = 0; j < k; ++j) {
      for (int e = 0; e < static_cast<int>(entry.size()); ++e) {
        const double c = entry[e].second + d[entry[e].first][stops[j] + 1];
        if (c < p.cost[(size_t{1} << j) * k + j])
          p.cost[(size_t{1} << j) * k + j] = c, p.previous[(size_t{1} << j) * k + j] = -1 - e;
      }
    }
    for (size_t mask = 1; mask < (size_t{1} << k); ++mask) {
      for (int last = 0; last < k; ++last) {
        const double here = p.cost[mask * k + last];
        if (!(mask >> last & 1) || here == kInf) continue;
        for (int next = 0; next < k; ++next) {
          if (mask >> next & 1) continue;
          const size_t to = (mask | size_t{1} << next) * k + next;
          const double c = here + d[stops[last] + 1][stops[next] + 1];
          if (c < p.cost[to]) p.cost[to] = c, p.previous[to] = last;
        }
      }
    }
    const size_t full = (size_t{1} << k) - 1;
    entry.clear();
    for (int last = 0; last < k; ++last) entry.emplace_back(stops[last] + 1, p.cost[full * k + last]);
    phases.push_back(std::move(p));
  }
  // The best end, then each class's order read back.
  int best = 0;
  for (int e = 0; e < static_cast<int>(entry.size()); ++e) {
    if (entry[e].second + d[entry[e].first][end] < entry[best].second + d[entry[best].first][end]) best = e;
  }
  StopSequence out;
  out.length = entry[best].second + d[entry[best].first][end];
  std::vector<int> reversed;
  int last = best;  // Index in the current phase's stops of its last stop.
  for (int ph = static_cast<int>(phases.size()) - 1; ph >= 0; --ph) {
    const Phase& p = phases[ph];
    const int k = static_cast<int>(p.stops.size());
    size_t mask = (size_t{1} << k) - 1;
    for (;;) {
      reversed.push_back(p.stops[last]);
      const int previous = p.previous[mask * k + last];
      mask &= ~(size_t{1} << last);
      if (previous < 0) {
        last = -1 - previous;  // The previous class's ending stop.
        break;
      }
      last = previous;
    }
  }
  out.order.assign(reversed.rbegin(), reversed.rend());
  return out;
}

StopSequence Heuristic(const std::vector<std::vector<double>>& d, const std::vector<std::vector<int>>& groups) {
  StopSequence out;
  out.optimal = false;
  std::vector<std::pair<size_t, size_t>> runs;  // [begin, end) of each class in the order
  int at = 0;
  for (const std::vector<int>& stops : groups) {
    std::vector<int> left = stops;
    const size_t begin = out.order.size();
    while (!left.empty()) {
      auto nearest =
          std::min_element(left.begin(), left.end(), [&](int a, int b) { return d[at][a + 1] < d[at][b + 1]; });
      out.order.push_back(*nearest);
      at = *nearest + 1;
      left.erase(nearest);
    }
    runs.emplace_back(begin, out.order.size());
  }
  // 2-opt inside each class's run: reversing order[i..j] keeps every class where it was.
  const int end = static_cast<int>(d.size()) - 1;
  auto row = [&](long i) { return i < 0 ? 0 : i >= static_cast<long>(out.order.size()) ? end : out.order[i] + 1; };
  for (bool improved = true; improved;) {
    improved = false;
    for (const auto& [begin, stop] : runs) {
      for (size_t i = begin; i + 1 < stop; ++i) {
        for (size_t j = i + 1; j < stop; ++j) {
          const int a = row(static_cast<long>(i) - 1), b = row(static_cast<long>(i)), c = row(static_cast<long>(j)),
                    e = row(static_cast<long>(j) + 1);
          if (d[a][c] + d[b][e] + 1e-9 < d[a][b] + d[c][e]) {
            std::reverse(out.order.begin() + static_cast<long>(i), out.order.begin() + static_cast<long>(j) + 1);
            improved = true;
          }
        }
      }
    }
  }
  out.length = LengthOf(d, out.order);
  return out;
}

}  // namespace

StopSequence SequenceStops(const std::vector<std::vector<double>>& distance, std::span<const Temperature> classes) {
  const std::vector<std::vector<int>> groups = ByClass(classes);
  if (groups.empty()) return {{}, distance.front().back(), true};
  const bool exact =
      std::all_of(groups.begin(), groups.end(), [](const std::vector<int>& g) { return g.size() <= kExactStops; });
  return exact ? Exact(distance, groups) : Heuristic(distance, groups);
}

std::vector<std::vector<double>> WalkwayDistances(int nodes, std::span<const std::array<double, 3>> edges,
                                                  std::span<const int> from) {
  std::vector<std::vector<std::pair<int, double>>> adjacency(nodes);
  for (const auto& [a, b, metres] : edges) {
    adjacency[static_cast<int>(a)].emplace_back(static_cast<int>(b), metres);
    adjacency[static_cast<int>(b)].emplace_back(static_cast<int>(a), metres);
  }
  std::vector<std::vector<double>> out;
  for (int source : from) {
    std::vector<double> dist(nodes, kInf);
    using Item = std::pair<double, int>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
    dist[source] = 0;
    queue.emplace(0, source);
    while (!queue.empty()) {
      const auto [here, v] = queue.top();
      queue.pop();
      if (here > dist[v]) continue;
      for (const auto& [w, metres] : adjacency[v]) {
        if (here + metres < dist[w]) dist[w] = here + metres, queue.emplace(dist[w], w);
      }
    }
    out.push_back(std::move(dist));
  }
  return out;
}

}  // namespace relais
