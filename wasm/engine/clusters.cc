#include "wasm/engine/clusters.h"

#include <algorithm>
#include <cmath>

#include "wasm/engine/geo.h"

namespace relais {

namespace {

namespace sf = snapshot_format;

double MercatorX(double lon) { return lon / 360 + 0.5; }
double MercatorY(double lat) {
  const double s = std::sin(lat * kDegToRad);
  const double y = 0.5 - 0.25 * std::log((1 + s) / (1 - s)) / kPi;
  return std::clamp(y, 0.0, 1.0);
}
double LonOf(double x) { return (x - 0.5) * 360; }
double LatOf(double y) { return 360 * std::atan(std::exp((180 - y * 360) * kDegToRad)) / kPi - 90; }

struct Item {
  double x, y;
  uint32_t count;
  uint32_t node;
};

struct Extent {
  int32_t south, west, north, east;
  void Add(const Extent& o) {
    south = std::min(south, o.south);
    west = std::min(west, o.west);
    north = std::max(north, o.north);
    east = std::max(east, o.east);
  }
};

}  // namespace

ClusterHierarchy BuildClusterHierarchy(const std::vector<int32_t>& coordinates_e6, const sf::ClusterParams& params) {
  ClusterHierarchy h;
  h.params = params;
  const uint32_t n = static_cast<uint32_t>(coordinates_e6.size() / 2);
  std::vector<Item> level(n);
  std::vector<Extent> extents(n);
  for (uint32_t i = 0; i < n; ++i) {
    const double lat = coordinates_e6[2 * i] / sf::kCoordScale, lon = coordinates_e6[2 * i + 1] / sf::kCoordScale;
    level[i] = {MercatorX(lon), MercatorY(lat), 1, i};
    extents[i] = {coordinates_e6[2 * i], coordinates_e6[2 * i + 1], coordinates_e6[2 * i], coordinates_e6[2 * i + 1]};
  }
  std::vector<std::pair<uint64_t, uint32_t>> grid;
  std::vector<uint8_t> processed;
  std::vector<uint32_t> neighbours;
  for (int zoom = static_cast<int>(params.max_zoom); zoom >= static_cast<int>(params.min_zoom); --zoom) {
    const double r = params.radius_px / (params.extent_px * std::ldexp(1.0, zoom));
    const auto cell = [&](double v) { return static_cast<int64_t>(std::floor(v / r)); };
    const auto key = [](int64_t cx, int64_t cy) { return static_cast<uint64_t>(cx) << 32 | static_cast<uint32_t>(cy); };
    grid.clear();
    for (uint32_t i = 0; i < level.size(); ++i) grid.emplace_back(key(cell(level[i].x), cell(level[i].y)), i);
    std::sort(grid.begin(), grid.end());
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
          const uint64_t k = key(cx + dx, cy + dy);
          auto it = std::lower_bound(grid.begin(), grid.end(), std::make_pair(k, uint32_t{0}));
          for (; it != grid.end() && it->first == k; ++it) {
            const Item& other = level[it->second];
            if (processed[it->second] ||
                (other.x - item.x) * (other.x - item.x) + (other.y - item.y) * (other.y - item.y) > r * r) {
              continue;
            }
            neighbours.push_back(it->second);
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
      Extent extent = extents[item.node];
      record.children_begin = static_cast<uint32_t>(h.children.size());
      h.children.push_back(item.node);
      for (uint32_t j : neighbours) {
        processed[j] = 1;
        wx += level[j].x * level[j].count;
        wy += level[j].y * level[j].count;
        extent.Add(extents[level[j].node]);
        h.children.push_back(level[j].node);
      }
      record.children_end = static_cast<uint32_t>(h.children.size());
      record.count = total;
      record.zoom = static_cast<uint32_t>(zoom);
      const double x = wx / total, y = wy / total;
      record.lat_e6 = static_cast<int32_t>(std::lround(LatOf(y) * sf::kCoordScale));
      record.lon_e6 = static_cast<int32_t>(std::lround(LonOf(x) * sf::kCoordScale));
      record.south_e6 = extent.south;
      record.west_e6 = extent.west;
      record.north_e6 = extent.north;
      record.east_e6 = extent.east;
      const uint32_t node = n + static_cast<uint32_t>(h.clusters.size());
      h.clusters.push_back(record);
      extents.push_back(extent);
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
  const auto inside = [&](int32_t lat, int32_t lon) {
    return lat >= south && lat <= north && lon >= west && lon <= east;
  };
  const uint32_t n = s.size();
  const auto clusters = s.clusters();
  const auto children = s.cluster_children();
  std::vector<uint32_t> stack(s.cluster_roots().begin(), s.cluster_roots().end());
  // Validation rules out cycles; the budget also bounds a hostile file whose clusters share children.
  uint64_t budget = 4 * (uint64_t{n} + clusters.size() + children.size()) + 64;
  while (!stack.empty() && items->size() < limit && budget-- > 0) {
    const uint32_t node = stack.back();
    stack.pop_back();
    if (node < n) {
      const int32_t lat = s.coordinates()[2 * node], lon = s.coordinates()[2 * node + 1];
      if (inside(lat, lon)) items->push_back({s.lat(node), s.lon(node), 1, node, -1});
      continue;
    }
    const sf::ClusterRecord& c = clusters[node - n];
    if (c.zoom >= z) {
      if (inside(c.lat_e6, c.lon_e6)) {
        items->push_back(
            {c.lat_e6 / sf::kCoordScale, c.lon_e6 / sf::kCoordScale, c.count, node, static_cast<int32_t>(c.zoom) + 1});
      }
    } else if (c.south_e6 <= north && c.north_e6 >= south && c.west_e6 <= east && c.east_e6 >= west) {
      stack.insert(stack.end(), children.begin() + c.children_begin, children.begin() + c.children_end);
    }
  }
}

}  // namespace relais
