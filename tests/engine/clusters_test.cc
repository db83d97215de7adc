#define BOOST_TEST_MODULE clusters
#include "wasm/engine/clusters.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstring>
#include <functional>
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

BOOST_AUTO_TEST_CASE(a_hostile_hierarchy_is_walked_within_bounds_and_budget) {
  // Snapshot::Open leaves the hierarchy to QueryClusters: cycles, indices past the end and shared children
  // must end the walk without reading out of bounds (AddressSanitizer in CI) or growing without bound.
  const TestSnapshot good(SyntheticPoints(3000, 6));
  const std::span<const uint8_t> original = good->bytes();
  const uint32_t n = good->size(), cluster_count = static_cast<uint32_t>(good->clusters().size());
  const auto offset_of = [&](const void* p) { return static_cast<const uint8_t*>(p) - original.data(); };
  const auto children_at = offset_of(good->cluster_children().data());
  const auto records_at = offset_of(good->clusters().data());
  const auto roots_at = offset_of(good->cluster_roots().data());
  const size_t child_count = good->cluster_children().size(), root_count = good->cluster_roots().size();

  const auto walk = [&](const std::function<void(uint8_t*)>& damage) {
    std::vector<uint64_t> words((original.size() + 7) / 8);
    std::memcpy(words.data(), original.data(), original.size());
    uint8_t* bytes = reinterpret_cast<uint8_t*>(words.data());
    damage(bytes);
    const SnapshotOpen open = Snapshot::Open({bytes, original.size()}, /*verify_checksum=*/false);
    BOOST_TEST_REQUIRE(open.snapshot.has_value(), open.error);
    std::vector<ClusterItem> items;
    for (double zoom : {0.0, 3.0, 8.0, 12.0, 17.0, 30.0}) {
      QueryClusters(*open.snapshot, kWorld, zoom, 100000, &items);
      BOOST_TEST(items.size() <= 100000u);
      for (const ClusterItem& item : items) BOOST_TEST_REQUIRE(item.node < n + cluster_count);
    }
  };
  const auto put = [](uint8_t* at, uint32_t value) { std::memcpy(at, &value, 4); };
  walk([&](uint8_t* b) {  // Every child is the last cluster: a cycle through every cluster.
    for (size_t k = 0; k < child_count; ++k) put(b + children_at + 4 * k, n + cluster_count - 1);
  });
  walk([&](uint8_t* b) {  // Every child is the first root: shared children, exponential paths.
    for (size_t k = 0; k < child_count; ++k) put(b + children_at + 4 * k, good->cluster_roots()[0]);
  });
  walk([&](uint8_t* b) {  // One cluster owns every child, and every child is that cluster: each visit would
                          // push thousands of nodes if pushes did not count against the walk's budget.
    const uint32_t first = n;
    for (uint32_t c = 0; c < cluster_count; ++c) {
      put(b + records_at + sizeof(sf_record) * c + 12, static_cast<uint32_t>(child_count));
    }
    for (size_t k = 0; k < child_count; ++k) put(b + children_at + 4 * k, first);
    for (size_t k = 0; k < root_count; ++k) put(b + roots_at + 4 * k, first);
  });
  walk([&](uint8_t* b) {  // Children ranges past the end, and backwards.
    for (uint32_t c = 0; c < cluster_count; ++c) {
      put(b + records_at + sizeof(sf_record) * c + 12, c % 2 ? 0x07ffffffu : (c % 3) | 5u << sf_record::kZoomShift);
    }
  });
  walk([&](uint8_t* b) {  // Roots and children anywhere in the 32-bit range.
    for (size_t k = 0; k < root_count; ++k) put(b + roots_at + 4 * k, 0xfffffff0u + static_cast<uint32_t>(k));
    for (size_t k = 0; k < child_count; ++k) put(b + children_at + 4 * k, static_cast<uint32_t>(k * 2654435761u));
  });
}
