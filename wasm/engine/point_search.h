// Queries over a snapshot: k nearest by great-circle distance with filters, points in a bounding box.
//
// The search walks an implicit kd-tree over unit vectors, best side first, pruning by the squared chord to
// the splitting plane: the global tree, or -- when the filter keeps only selective categories (a small
// carrier, lockers only) -- their own sub-index trees. Filters that cost more than a bit test (parcel
// limits, opening hours) run only on points that would enter the result. No allocation per query once the
// PointSearch has served a query of the same k: keep one per thread (it is not thread-safe).
#ifndef RELAIS_ENGINE_POINT_SEARCH_H_
#define RELAIS_ENGINE_POINT_SEARCH_H_

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

#include "wasm/engine/snapshot.h"

namespace relais {

// Which points qualify. Defaults accept every active point.
struct PointFilter {
  uint32_t kinds = 0xff;                                            // Bit (1 << PointKind).
  std::array<uint64_t, 4> carriers = {~0ull, ~0ull, ~0ull, ~0ull};  // Bit per carrier index; see SetCarriers.
  uint16_t required_services = 0;                                   // Every one of these Service bits.
  bool active_only = true;
  uint32_t weight_g = 0;                             // Parcel weight; 0: no check.
  std::array<uint16_t, 3> dims_cm = {0, 0, 0};       // Parcel size in any order; 0: no check.
  std::optional<UnixSeconds> open_at;                // Open at this instant.
  std::optional<DayNumber> open_on;                  // Open at some time of this local date.
  std::optional<UnixSeconds> open_from, open_until;  // Open at some time of [from, until).
  // Points whose carrier publishes no hours (La Poste's file) pass the three tests above unless a declared
  // closure covers open_on -- what the carrier itself accepts. The one default of the server's search, the
  // order check, the CLI and the JS API. False (asked for: the CLI's --known-hours, the API's
  // known_hours=true, the widget's shopper day filters): only published hours say yes.
  bool unknown_hours_pass = true;

  // Restricts to these carrier slugs (unknown slugs match nothing).
  void SetCarriers(const Snapshot& snapshot, const std::vector<std::string_view>& slugs);
};

struct NearestQuery {
  double lat = 0;
  double lon = 0;
  uint32_t k = 10;
  double max_distance_m = std::numeric_limits<double>::infinity();
  PointFilter filter;
};

struct NearestHit {
  uint32_t point;
  double distance_m;
};

struct BoundingBox {
  double south, west, north, east;  // Degrees; west > east crosses the antimeridian.
};

class PointSearch {
 public:
  static constexpr uint32_t kMaxK = 10000;

  explicit PointSearch(const Snapshot& snapshot);
  PointSearch(const PointSearch&) = delete;
  PointSearch& operator=(const PointSearch&) = delete;

  // The k nearest qualifying points, nearest first (ties by point index), within max_distance_m.
  // k is capped at kMaxK.
  void Nearest(const NearestQuery& query, std::vector<NearestHit>* hits);

  // Qualifying points inside the box, at most `limit`, in no particular order.
  void InBox(const BoundingBox& box, const PointFilter& filter, uint32_t limit, std::vector<uint32_t>* points);

  // Whether one point qualifies (what the searches apply to each candidate).
  bool Matches(uint32_t point, const PointFilter& filter);

 private:
  struct Candidate {
    float chord2;
    uint32_t point;
  };
  // A bucket kd-tree over positions [begin, end) of `vectors`, with its internal nodes in heap order;
  // slots maps a position to its point (null: the position is the point).
  struct Tree {
    const float* vectors;
    const uint8_t* axes;
    const float* splits;
    const uint32_t* slots;
    uint32_t begin, end;
  };
  bool CategorySelected(const snapshot_format::Category& c, const PointFilter& f) const;
  bool MatchesCategory(uint32_t point, const PointFilter& f) const;
  bool MatchesBits(uint32_t point, const PointFilter& f) const;
  bool MatchesDetails(uint32_t point, const PointFilter& f) const;
  void PrepareFilter(const PointFilter& f);
  void SearchTree(const Tree& tree, const float q[3], const PointFilter& f, uint32_t k, bool check_category);
  void BoxTree(const float lo[3], const float hi[3], const double box_e6[4], const PointFilter& f, uint32_t limit,
               std::vector<uint32_t>* out);

  const Snapshot& snapshot_;
  std::vector<Candidate> heap_;  // Max-heap on chord2: the worst of the best k on top.
  float worst_ = 0;
  // What the current filter asks beyond its category: skipped entirely when nothing.
  bool check_bits_ = true, check_details_ = true;
  std::array<uint16_t, 3> parcel_dims_ = {0, 0, 0};  // The filter's dims, longest first.
  // Per zone, the query instant on the local wall clock (for open_at).
  std::vector<std::pair<DayNumber, int>> local_now_;
};

}  // namespace relais

#endif  // RELAIS_ENGINE_POINT_SEARCH_H_
