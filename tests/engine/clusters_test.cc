#define BOOST_TEST_MODULE clusters
#include "wasm/engine/clusters.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstring>
#include <random>

#include "tests/engine/test_snapshot.h"
#include "wasm/engine/geo.h"

using namespace relais;
using relais::testing::SyntheticPoints;
using relais::testing::TestSnapshot;

namespace {

const BoundingBox kWorld{-90, -180, 90, 180};
using sf_record = snapshot_format::ClusterRecord;

}  // namespace

BOOST_AUTO_TEST_CASE(every_zoom_shows_every_point_once) {
  const TestSnapshot snapshot(SyntheticPoints(8000, 3));
  const Snapshot& s = *snapshot;
  std::vector<ClusterItem> items;
  size_t previous = 0;
  for (int zoom = 0; zoom <= 18; ++zoom) {
    QueryClusters(s, kWorld, zoom, 1u << 30, &items);
    uint64_t total = 0;
    for (const ClusterItem& item : items) total += item.count;
    BOOST_TEST_REQUIRE(total == s.size(), "zoom " << zoom);
    BOOST_TEST_REQUIRE(items.size() >= previous, "fewer items at zoom " << zoom << " than above");
    previous = items.size();
  }
  BOOST_TEST(previous == s.size());  // Beyond max_zoom: every point on its own.
  QueryClusters(s, kWorld, 3, 1u << 30, &items);
  BOOST_TEST(items.size() < 200u);  // France at zoom 3 is a handful of clusters.
  for (const ClusterItem& item : items) {
    if (item.count > 1) BOOST_TEST(item.expansion_zoom > 3);
  }
}

BOOST_AUTO_TEST_CASE(viewport_equals_brute_force_over_the_hierarchy) {
  const TestSnapshot snapshot(SyntheticPoints(6000, 4));
  const Snapshot& s = *snapshot;
  const uint32_t n = s.size();
  const auto clusters = s.clusters();
  const auto children = s.cluster_children();
  // Visible zooms of every node: [parent zoom + 1, own zoom].
  const uint32_t max_visible = s.cluster_params().max_zoom + 1;
  std::vector<uint32_t> zlo(n + clusters.size(), s.cluster_params().min_zoom), zhi(n + clusters.size(), max_visible);
  for (size_t c = 0; c < clusters.size(); ++c) {
    zhi[n + c] = clusters[c].zoom();
    const uint32_t begin = c == 0 ? 0 : clusters[c - 1].children_end();
    for (uint32_t k = begin; k < clusters[c].children_end(); ++k) zlo[children[k]] = clusters[c].zoom() + 1;
  }
  std::mt19937 rng(1);
  std::vector<ClusterItem> items;
  for (int trial = 0; trial < 200; ++trial) {
    const int zoom = static_cast<int>(rng() % 18);
    const double span = 12.0 / (1 << std::min(zoom, 10)) * (1 + rng() % 3);
    const double south = 42 + (rng() % 9000) / 1000.0, west = -5 + (rng() % 13000) / 1000.0;
    const BoundingBox box{south, west, south + span * 0.6, west + span};
    QueryClusters(s, box, zoom + 0.5, 1u << 30, &items);
    std::vector<uint32_t> got, expected;
    for (const ClusterItem& item : items) got.push_back(item.node);
    const double z = std::min<double>(zoom, max_visible);
    for (uint32_t node = 0; node < n + clusters.size(); ++node) {
      if (zlo[node] > z || zhi[node] < z) continue;
      bool inside;
      if (node < n) {
        inside =
            s.lat(node) >= box.south && s.lat(node) <= box.north && s.lon(node) >= box.west && s.lon(node) <= box.east;
      } else {  // Cluster centres are stored in Mercator.
        const sf_record& r = clusters[node - n];
        inside = r.x >= MercatorX(box.west) && r.x <= MercatorX(box.east) && r.y >= MercatorY(box.north) &&
                 r.y <= MercatorY(box.south);
      }
      if (inside) expected.push_back(node);
    }
    std::sort(got.begin(), got.end());
    BOOST_TEST_REQUIRE((got == expected), "trial " << trial << " zoom " << zoom);
  }
}

BOOST_AUTO_TEST_CASE(limits_and_bad_boxes) {
  const TestSnapshot snapshot(SyntheticPoints(2000, 5));
  std::vector<ClusterItem> items;
  QueryClusters(*snapshot, kWorld, 17, 10, &items);
  BOOST_TEST(items.size() == 10u);
  QueryClusters(*snapshot, {50, 0, 40, 1}, 5, 100, &items);  // South above north.
  BOOST_TEST(items.empty());
  QueryClusters(*snapshot, kWorld, NAN, 100, &items);
  BOOST_TEST(items.empty());
}
