#include "wasm/engine/clusters.h"

#include <algorithm>
#include <cmath>

#include "wasm/engine/geo.h"

namespace relais {

namespace {

namespace sf = snapshot_format;

struct Item {
  double x, y;
  uint32_t count;
  uint32_t node;
};

// How far below a cluster of this zoom its points can lie from its centre (snapshot_format.h), with room
// for the float rounding of stored centres.
double ClusterReach(const sf::ClusterParams& p, uint32_t zoom) {
  return 4.0 * p.radius_px / (p.extent_px * std::ldexp(1.0, static_cast<int>(zoom))) + 1e-6;
}

}  // namespace

ClusterHierarchy BuildClusterHierarchy(const std::vector<int32_t>& coordinates_e6, const sf::ClusterParams& params) {
  ClusterHierarchy h;
  h.params = params;
  const uint32_t n = static_cast<uint32_t>(coordinates_e6.size() / 2);
  std::vector<Item> level(n);
  for (uint32_t i = 0; i < n; ++i) {
    const double lat = coordinates_e6[2 * i] / sf::kCoordScale, lon = coordinates_e6[2 * i + 1] / sf::kCoordScale;
    level[i] = {MercatorX(lon), MercatorY(lat), 1, i};
  }
  // Items bucketed by grid cell (side r) with a counting sort on a hash of the cell: a point's 3x3
  // neighbourhood is nine buckets, read without a search (binary searches in a sorted grid were slower).
  // Items of other cells that share a bucket are rejected by the distance test, like every item farther
  // than r. The hash column * kColumnFactor + row gives the nine cells nine different buckets in any table
  // of 16 or more (two of them would collide only if kColumnFactor or twice it were within 2 of a multiple
  // of 16), so no item is counted twice.
  constexpr uint64_t kColumnFactor = 0x9E3779B97F4A7C15ull;  // 5 modulo 16.
  struct Bucketed {
    double x, y;
    uint32_t count, index;
  };
  std::vector<Bucketed> buckets;
  std::vector<uint32_t> bucket_start, slot_of;
  std::vector<uint8_t> processed;
  std::vector<uint32_t> neighbours;
  for (int zoom = static_cast<int>(params.max_zoom); zoom >= static_cast<int>(params.min_zoom); --zoom) {
    const double r = params.radius_px / (params.extent_px * std::ldexp(1.0, zoom));
    const auto cell = [&](double v) { return static_cast<int64_t>(std::floor(v / r)); };
    uint64_t table_size = 16;
    while (table_size < 2 * uint64_t{level.size()}) table_size *= 2;
    const uint64_t mask = table_size - 1;
    const auto slot = [&](int64_t cx, int64_t cy) {
      return (static_cast<uint64_t>(cx) * kColumnFactor + static_cast<uint64_t>(cy)) & mask;
    };
    bucket_start.assign(table_size + 1, 0);
    slot_of.resize(level.size());
    for (uint32_t i = 0; i < level.size(); ++i) {
      slot_of[i] = static_cast<uint32_t>(slot(cell(level[i].x), cell(level[i].y)));
      ++bucket_start[slot_of[i]];
    }
    for (uint64_t b = 1; b <= table_size; ++b) bucket_start[b] += bucket_start[b - 1];  // Ends of buckets.
    buckets.resize(level.size());
    for (uint32_t i = 0; i < level.size(); ++i) {  // Back to front: each end becomes its bucket's start.
      const uint32_t j = static_cast<uint32_t>(level.size()) - 1 - i;
      buckets[--bucket_start[slot_of[j]]] = {level[j].x, level[j].y, level[j].count, j};
    }
    processed.assign(level.size(), 0);
    std::vector<Item> next;
    for (uint32_t i = 0; i < level.size(); ++i) {
      if (processed[i]) continue;
      processed[i] = 1;
      const Item& item = level[i];
      neighbours.clear();
      uint32_t total = item.count;
      const int64_t cx = cell(item.x), cy = cell(item.y);
      for (int64_t dx = -1; dx <= 1; ++dx) {
        for (int64_t dy = -1; dy <= 1; ++dy) {
          const uint64_t b = slot(cx + dx, cy + dy);
          for (uint32_t k = bucket_start[b]; k < bucket_start[b + 1]; ++k) {
            const Bucketed& other = buckets[k];
            if (processed[other.index] ||
                (other.x - item.x) * (other.x - item.x) + (other.y - item.y) * (other.y - item.y) > r * r) {
              continue;
            }
            neighbours.push_back(other.index);
            total += other.count;
          }
        }
      }
      if (neighbours.empty() || total < params.min_points) {
        next.push_back(item);
        continue;
      }
      std::sort(neighbours.begin(), neighbours.end());  // Deterministic child order.
      sf::ClusterRecord record{};
      double wx = item.x * item.count, wy = item.y * item.count;
      h.children.push_back(item.node);
      for (uint32_t j : neighbours) {
        processed[j] = 1;
        wx += level[j].x * level[j].count;
        wy += level[j].y * level[j].count;
        h.children.push_back(level[j].node);
      }
      const double x = wx / total, y = wy / total;
      record.x = static_cast<float>(x);
      record.y = static_cast<float>(y);
      record.count = total;
      record.children_end_and_zoom = static_cast<uint32_t>(h.children.size()) | static_cast<uint32_t>(zoom)
                                                                                    << sf::ClusterRecord::kZoomShift;
      const uint32_t node = n + static_cast<uint32_t>(h.clusters.size());
      h.clusters.push_back(record);
      next.push_back({x, y, total, node});
    }
    level = std::move(next);
  }
  for (const Item& item : level) h.roots.push_back(item.node);
  return h;
}

void QueryClusters(const Snapshot& s, const BoundingBox& box, double zoom, uint32_t limit,
                   std::vector<ClusterItem>* items) {
  items->clear();
  if (!(box.south <= box.north) || !std::isfinite(zoom) || !std::isfinite(box.west) || !std::isfinite(box.east)) return;
  if (box.west > box.east) {  // Across the antimeridian: two boxes.
    std::vector<ClusterItem> east_part;
    QueryClusters(s, {box.south, box.west, box.north, 180}, zoom, limit, items);
    QueryClusters(s, {box.south, -180, box.north, box.east}, zoom, limit - static_cast<uint32_t>(items->size()),
                  &east_part);
    items->insert(items->end(), east_part.begin(), east_part.end());
    return;
  }
  const sf::ClusterParams& p = s.cluster_params();
  const double z = std::clamp(std::floor(zoom), static_cast<double>(p.min_zoom), p.max_zoom + 1.0);
  const double south = box.south * sf::kCoordScale, north = box.north * sf::kCoordScale;
  const double west = box.west * sf::kCoordScale, east = box.east * sf::kCoordScale;
  // Clusters are compared in Mercator (a monotonic map of lat/lon), points in micro-degrees.
  const double x0 = MercatorX(box.west), x1 = MercatorX(box.east);
  const double y0 = MercatorY(std::min(box.north, 90.0)), y1 = MercatorY(std::max(box.south, -90.0));
  double reach[32];
  for (uint32_t level = 0; level < 32; ++level) reach[level] = ClusterReach(p, level);
  const uint32_t n = s.size();
  const auto clusters = s.clusters();
  const auto children = s.cluster_children();
  // Snapshot::Open does not check the hierarchy (over half its time on a large file): every index is checked
  // here as it is followed, and a budget on nodes visited and pushed ends any walk, so that a hostile file
  // (cycles, shared children) can neither read out of bounds nor loop nor grow the stack without bound. A
  // real hierarchy is a tree: each node is pushed and visited at most once, within the budget.
  uint64_t budget = 4 * (uint64_t{n} + clusters.size() + children.size()) + 64;
  if (s.cluster_roots().size() > budget) return;
  budget -= s.cluster_roots().size();
  std::vector<uint32_t> stack(s.cluster_roots().begin(), s.cluster_roots().end());
  while (!stack.empty() && items->size() < limit && budget-- > 0) {
    const uint32_t node = stack.back();
    stack.pop_back();
    if (node < n) {
      const int32_t lat = s.coordinates()[2 * node], lon = s.coordinates()[2 * node + 1];
      if (lat >= south && lat <= north && lon >= west && lon <= east) {
        items->push_back({s.lat(node), s.lon(node), 1, node, -1});
      }
      continue;
    }
    const uint32_t c = node - n;
    if (c >= clusters.size()) continue;
    const sf::ClusterRecord& r = clusters[c];
    if (r.zoom() >= z) {
      if (r.x >= x0 && r.x <= x1 && r.y >= y0 && r.y <= y1) {
        items->push_back({LatOfMercator(r.y), LonOfMercator(r.x), r.count, node, static_cast<int32_t>(r.zoom()) + 1});
      }
    } else if (const double d = reach[r.zoom()]; r.x + d >= x0 && r.x - d <= x1 && r.y + d >= y0 && r.y - d <= y1) {
      const uint32_t begin = c == 0 ? 0 : clusters[c - 1].children_end(), end = r.children_end();
      if (begin > end || end > children.size() || end - begin > budget) continue;
      budget -= end - begin;
      stack.insert(stack.end(), children.begin() + begin, children.begin() + end);
    }
  }
}

}  // namespace relais
