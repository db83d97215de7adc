// Map clusters, precomputed at build time and stored in the snapshot, so a browser answers a viewport
// with a walk of the hierarchy instead of clustering 100k points itself.
//
// The hierarchy is supercluster's: from the deepest zoom up, each item (point or cluster) absorbs the
// unprocessed items within `radius_px` (of a tile `extent_px` wide) into a cluster at their weighted
// centre, in Web Mercator. A node is visible on zooms [its parent's zoom + 1, its own zoom] (a point's own
// zoom is unbounded), so a viewport at zoom z shows, for every point inside it, exactly one ancestor.
#ifndef RELAIS_ENGINE_CLUSTERS_H_
#define RELAIS_ENGINE_CLUSTERS_H_

#include <cstdint>
#include <vector>

#include "wasm/engine/point_search.h"
#include "wasm/engine/snapshot.h"

namespace relais {

// Builder side: the hierarchy over the points' coordinates (slot order), as stored in the snapshot.
struct ClusterHierarchy {
  snapshot_format::ClusterParams params;
  std::vector<snapshot_format::ClusterRecord> clusters;
  std::vector<uint32_t> children;
  std::vector<uint32_t> roots;  // Nodes visible at min_zoom.
};
ClusterHierarchy BuildClusterHierarchy(const std::vector<int32_t>& coordinates_e6,
                                       const snapshot_format::ClusterParams& params = {});

// What a map shows at one place: a cluster of `count` points, or a single point.
struct ClusterItem {
  double lat, lon;
  uint32_t count;
  uint32_t node;           // Point slot when count == 1 and node < N, else N + cluster index.
  int32_t expansion_zoom;  // The zoom at which a cluster splits; -1 for a point.
};

// The items visible in the box at `zoom` (floored, clamped to [min_zoom, max_zoom + 1]), at most `limit`.
// Checks the hierarchy as it walks it (Snapshot::Open leaves it to this walk): a hostile hierarchy -- cycles,
// shared children, indices out of range -- cannot make it read out of bounds, loop, or grow without bound.
void QueryClusters(const Snapshot& snapshot, const BoundingBox& box, double zoom, uint32_t limit,
                   std::vector<ClusterItem>* items);

}  // namespace relais

#endif  // RELAIS_ENGINE_CLUSTERS_H_
