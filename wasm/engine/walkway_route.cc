#include "wasm/engine/walkway_route.h"

#include <cmath>
#include <limits>

#include "wasm/engine/stop_sequence.h"

namespace relais {

using json = nlohmann::json;

int WalkwayGraph::NodeIndex(std::string_view id) const {
  for (size_t i = 0; i < ids.size(); ++i) {
    if (ids[i] == id) return static_cast<int>(i);
  }
  return -1;
}

std::string ReadWalkways(const json& j, WalkwayGraph* graph) {
  WalkwayGraph g;
  if (!j.is_object() || !j.contains("nodes") || !j["nodes"].is_array() || j["nodes"].empty()) {
    return "nodes: a list of {id, x, y}, at least one";
  }
  for (size_t i = 0; i < j["nodes"].size(); ++i) {
    const json& n = j["nodes"][i];
    const std::string at = "nodes[" + std::to_string(i) + "]";
    if (!n.is_object() || !n.contains("id") || !n["id"].is_string() || n["id"].get<std::string>().empty()) {
      return at + ".id: a name, not empty";
    }
    for (const char* axis : {"x", "y"}) {
      if (!n.contains(axis) || !n[axis].is_number() || !std::isfinite(n[axis].get<double>())) {
        return at + "." + axis + ": metres on the plan, a number";
      }
    }
    const std::string id = n["id"];
    if (g.NodeIndex(id) >= 0) return at + ".id: " + id + " is named twice";
    g.ids.push_back(id);
    g.x.push_back(n["x"]);
    g.y.push_back(n["y"]);
  }
  if (!j.contains("edges") || !j["edges"].is_array()) return "edges: a list of [from, to] or [from, to, metres]";
  for (size_t i = 0; i < j["edges"].size(); ++i) {
    const json& e = j["edges"][i];
    const std::string at = "edges[" + std::to_string(i) + "]";
    if (!e.is_array() || e.size() < 2 || e.size() > 3 || !e[0].is_string() || !e[1].is_string()) {
      return at + ": [from, to] or [from, to, metres], nodes by id";
    }
    const int a = g.NodeIndex(e[0].get<std::string>()), b = g.NodeIndex(e[1].get<std::string>());
    if (a < 0 || b < 0) return at + ": no node " + (a < 0 ? e[0] : e[1]).get<std::string>();
    if (a == b) return at + ": a walkway from " + g.ids[a] + " to itself";
    // Two walkways between the same nodes: a copy-paste slip, and the longer one would never be walked.
    for (size_t k = 0; k < g.edges.size(); ++k) {
      const int c = static_cast<int>(g.edges[k][0]), d = static_cast<int>(g.edges[k][1]);
      if ((c == a && d == b) || (c == b && d == a)) {
        return at + ": the same walkway as edges[" + std::to_string(k) + "] (" + g.ids[a] + " to " + g.ids[b] + ")";
      }
    }
    const double straight = std::hypot(g.x[a] - g.x[b], g.y[a] - g.y[b]);
    double metres = straight;
    if (e.size() == 3) {
      if (!e[2].is_number() || !std::isfinite(e[2].get<double>())) return at + ": its length is a number of metres";
      metres = e[2];
      // A walkway is never shorter than the straight line between its ends (a typo, or swapped nodes).
      if (metres < straight - 1e-6) return at + ": shorter than the straight line between its ends";
    }
    g.edges.push_back({static_cast<double>(a), static_cast<double>(b), metres});
  }
  const std::vector<std::vector<double>> from_first = WalkwayDistances(static_cast<int>(g.ids.size()), g.edges, {{0}});
  for (size_t i = 0; i < g.ids.size(); ++i) {
    if (std::isinf(from_first[0][i])) return "edges: no walkway reaches " + g.ids[i] + " from " + g.ids[0];
  }
  *graph = std::move(g);
  return "";
}

PickRoute PlanWalkwayRoute(const WalkwayGraph& graph, int from, int to, std::span<const WalkwayStop> stops) {
  const int n = static_cast<int>(graph.ids.size());
  const int k = static_cast<int>(stops.size());
  // Rows: the start, every stop, the end -- distances from each to every node.
  std::vector<int> sources = {from};
  for (const WalkwayStop& s : stops) sources.push_back(s.node);
  sources.push_back(to);
  const std::vector<std::vector<double>> rows = WalkwayDistances(n, graph.edges, sources);
  std::vector<std::vector<double>> distance(k + 2, std::vector<double>(k + 2));
  for (int r = 0; r < k + 2; ++r) {
    for (int c = 0; c < k + 2; ++c) distance[r][c] = rows[r][sources[c]];
  }
  std::vector<Temperature> classes;
  for (const WalkwayStop& s : stops) classes.push_back(s.temperature);
  const StopSequence sequence = SequenceStops(distance, classes);
  PickRoute route;
  route.order = sequence.order;
  route.length = sequence.length;
  route.optimal = sequence.optimal;

  // The walk, leg by leg: from a leg's end back to its start, each node's predecessor is a neighbour on a
  // shortest path from the start (its distance plus the walkway's length is the node's).
  std::vector<std::vector<std::pair<int, double>>> adjacency(n);
  for (const auto& [a, b, metres] : graph.edges) {
    adjacency[static_cast<int>(a)].emplace_back(static_cast<int>(b), metres);
    adjacency[static_cast<int>(b)].emplace_back(static_cast<int>(a), metres);
  }
  std::vector<int> rows_walked = {0};
  for (int s : sequence.order) rows_walked.push_back(s + 1);
  rows_walked.push_back(k + 1);
  route.path = {graph.x[from], graph.y[from]};
  for (size_t leg = 0; leg + 1 < rows_walked.size(); ++leg) {
    const std::vector<double>& dist = rows[rows_walked[leg]];
    std::vector<int> back;
    // At most n steps: walkways of length 0 (two nodes on one spot) cannot send it round in circles.
    for (int at = sources[rows_walked[leg + 1]], steps = 0; at != sources[rows_walked[leg]] && steps < n; ++steps) {
      back.push_back(at);
      int previous = -1;
      for (const auto& [w, metres] : adjacency[at]) {
        if (std::abs(dist[w] + metres - dist[at]) <= 1e-9 * std::max(1.0, dist[at])) {
          previous = w;
          break;
        }
      }
      if (previous < 0) break;  // Cannot happen on a connected graph: a shortest path always has a predecessor.
      at = previous;
    }
    for (auto it = back.rbegin(); it != back.rend(); ++it) {
      route.path.push_back(graph.x[*it]);
      route.path.push_back(graph.y[*it]);
    }
  }
  return route;
}

}  // namespace relais
