// The snapshot file layout. The file *is* the index: a reader validates it and points into it.
//
//   Header (64 bytes, little-endian)
//     0  char[8]  magic "RELAISv\n"
//     8  u32      zero (version 1 kept a CRC-32 here)
//     12 u32      format version (kFormatVersion)
//     16 u32      header size (64)
//     20 u32      section count
//     24 u64      file size
//     32 i32      dataset date (days since 1970-01-01)
//     36 u32      point count N
//     40 u64      XXH64 of bytes [12, 40) then [48, file size) (file_checksum.h)
//     48 ..64     zero
//   Section table: section count x SectionEntry, then the sections, each 8-byte aligned.
//
// Points are stored structure-of-arrays in the order of one bucket kd-tree over unit vectors: a range of
// more than kKdLeafSize points is split at its middle slot on its widest axis, left <= split <= right,
// down to leaves of at most kKdLeafSize contiguous points. The internal nodes are two small arrays in
// heap order (node i has children 2i+1 and 2i+2; the ranges follow from the halving), so the top of the
// tree stays in cache and only leaves touch point data. A selective category -- one (carrier,
// kind) holding under 10% of the points, such as a small carrier or lockers only -- also gets a kd-tree of
// its own (slots plus a copy of their vectors), so a search restricted to it never wades through the
// others. Schedules, closure lists and parcel limits are deduplicated into profiles; every string lives in
// one table.
#ifndef RELAIS_ENGINE_SNAPSHOT_FORMAT_H_
#define RELAIS_ENGINE_SNAPSHOT_FORMAT_H_

#include <cstddef>
#include <cstdint>

#include "wasm/engine/opening_hours.h"

namespace relais::snapshot_format {

constexpr char kMagic[8] = {'R', 'E', 'L', 'A', 'I', 'S', 'v', '\n'};
constexpr uint32_t kFormatVersion = 2;  // 2: XXH64 instead of CRC-32.
constexpr uint32_t kHeaderSize = 64;
constexpr size_t kChecksumOffset = 40;
constexpr uint32_t kKdLeafSize = 32;
constexpr uint32_t kMaxCarriers = 256;
constexpr uint32_t kMaxZones = 256;
constexpr double kCoordScale = 1e6;  // Coordinates in micro-degrees.

// Internal nodes of a kd-tree over n points: a complete binary tree as deep as the halving of the largest
// range takes to reach a leaf (some slots stay unused where a smaller range became a leaf earlier).
constexpr uint32_t KdNodeCount(uint32_t n) {
  uint32_t depth = 0;
  for (uint64_t size = n; size > kKdLeafSize; size = (size + 1) / 2) ++depth;
  return (uint32_t{1} << depth) - 1;
}

enum SectionId : uint32_t {
  kUnitVectors = 1,       // float[3N]: x, y, z of each point.
  kCoordinates = 2,       // int32[2N]: lat, lon in micro-degrees.
  kAttributes = 3,        // u32[N]: see Attributes below.
  kProfileRefs = 4,       // u32[N]: index into kProfiles.
  kTextOffsets = 5,       // u32[N+1]: each point's text in kStrings (see PointText).
  kKdAxes = 6,            // u8[KdNodeCount(N)]: split axis (0..2) of each internal node, heap order.
  kCategories = 7,        // Category[G]: every (carrier, kind) present, with its sub-index if selective.
  kCarriers = 8,          // StringRef[C]: carrier slugs, sorted.
  kZones = 9,             // Zone[Z].
  kSchedules = 10,        // WeeklySchedule[S].
  kProfiles = 11,         // Profile[R].
  kClosures = 12,         // ClosurePeriod[], referenced by profiles.
  kLookup = 13,           // u32[N]: point indices sorted by (carrier index, id) for exact lookup.
  kStrings = 14,          // bytes.
  kSubSlots = 15,         // u32[M]: point slots of every sub-index, each range in its own kd order.
  kSubVectors = 16,       // float[3M]: their unit vectors, in the same order.
  kSubAxes = 17,          // u8[]: internal nodes of the sub-index trees (see Category::nodes_begin).
  kKdSplits = 22,         // float[KdNodeCount(N)]: split value of each internal node.
  kSubSplits = 23,        // float[]: the same for the sub-index trees.
  kClusterParams = 18,    // ClusterParams[1].
  kClusters = 19,         // ClusterRecord[C], children before parents.
  kClusterChildren = 20,  // u32[]: node ids, ranges referenced by clusters.
  kClusterRoots = 21,     // u32[]: node ids visible at the lowest zoom.
};
constexpr uint32_t kSelectiveShareDivisor = 10;  // A category under N/10 points gets a sub-index.

struct SectionEntry {
  uint32_t id;
  uint32_t element_size;
  uint64_t offset;
  uint64_t size;
};
static_assert(sizeof(SectionEntry) == 24);

// Bits of a point's attribute word.
namespace attributes {
constexpr uint32_t kKindMask = 0x7;  // PointKind.
constexpr uint32_t kActive = 1u << 3;
constexpr int kServicesShift = 4;  // 8 service bits.
constexpr int kCarrierShift = 16;  // 8 bits: index into kCarriers.
constexpr int kZoneShift = 24;     // 8 bits: index into kZones.
}  // namespace attributes

struct Category {
  uint32_t carrier;
  uint32_t kind;
  uint32_t count;      // Points of this category.
  uint32_t sub_begin;  // Its sub-index range in kSubSlots; empty when not selective.
  uint32_t sub_end;
  uint32_t nodes_begin;  // Its tree's KdNodeCount(count) internal nodes in kSubAxes / kSubSplits.
};

struct StringRef {
  uint32_t offset;
  uint32_t size;
};

struct Zone {
  StringRef name;
  int32_t std_offset_s;
  uint32_t dst_rule;
};

struct Profile {
  uint32_t schedule;
  uint32_t closures_begin;
  uint32_t closures_end;
  uint32_t max_weight_g;    // 0: carrier default.
  uint16_t max_dims_cm[3];  // Sorted descending; 0: carrier default.
  uint16_t padding;
};
static_assert(sizeof(Profile) == 24);

struct ClusterParams {
  uint32_t min_zoom = 0;
  uint32_t max_zoom = 16;  // Points are never clustered above this zoom.
  uint32_t radius_px = 60;
  uint32_t extent_px = 512;
  uint32_t min_points = 2;
  uint32_t reserved = 0;
};

// One cluster. Its children are node ids -- a point slot (< N) or N + the index of a cluster created at a
// deeper zoom, so always a smaller index and the hierarchy has no cycle -- stored at
// kClusterChildren[previous cluster's end, this end). Every point below a cluster of zoom z lies within
// 4 * radius / (extent * 2^z) of its centre in Mercator units (the centre is within r of the seed item,
// the items within r of it, and r halves at each deeper zoom), which is what prunes a viewport walk.
struct ClusterRecord {
  float x, y;                      // Weighted centre, Web Mercator in [0, 1].
  uint32_t count;                  // Points below it.
  uint32_t children_end_and_zoom;  // Children range end, with the zoom in the top 5 bits.

  static constexpr int kZoomShift = 27;
  uint32_t children_end() const { return children_end_and_zoom & ((1u << kZoomShift) - 1); }
  uint32_t zoom() const { return children_end_and_zoom >> kZoomShift; }
};
static_assert(sizeof(ClusterRecord) == 16);

// A point's text is its fields separated by '\0': id, name, address lines (joined by '\n'), postcode,
// city, country.
constexpr int kTextFields = 6;

}  // namespace relais::snapshot_format

#endif  // RELAIS_ENGINE_SNAPSHOT_FORMAT_H_
