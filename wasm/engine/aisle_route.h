// The shortest walk through a store whose shelves stand in parallel aisles, crossed at right angles by
// cross-aisles: one at the front, one at the back, and any middle ones. Ratliff & Rosenthal's dynamic program
// (1983) sweeps the aisles left to right keeping, for every way the part of the walk already drawn can touch
// the current aisle's ends (which ends it reaches, their degree parity, which of them are joined), the
// shortest such part. We run it on a frontier of one node per cross-aisle, so the same code covers the
// single-block store of the 1983 paper and the middle cross-aisle of Roodbergen & de Koster (2001), and we
// let the walk start and end at different places (the entrance and the packing desk, or the last pick of the
// previous temperature class), which makes those two places the walk's only odd-degree vertices. Linear in
// the number of aisles and stops; exact.
//
// Distances are along the aisles' and cross-aisles' centre lines (a picker never walks through a shelf); a
// stop is where the picker stands, whatever the side and the level of the shelf.
#ifndef RELAIS_ENGINE_AISLE_ROUTE_H_
#define RELAIS_ENGINE_AISLE_ROUTE_H_

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace relais {

// The walkable lines of a parallel-aisle store, in metres on the store's plan. Aisles run along y from the
// front cross-aisle (cross_y.front()) to the back one (cross_y.back()); every cross-aisle runs along x from
// the first aisle to the last. Both ascending, at least one aisle, two or three cross-aisles (the sweep's
// frontier holds one node per cross-aisle: aisle_route.cc says what a fourth would cost).
struct AisleLayout {
  std::vector<double> aisle_x;
  std::vector<double> cross_y;
};

// A place a picker stands: on aisle `line` at y = `pos`, or on cross-aisle `line` at x = `pos`.
struct AisleSpot {
  enum Kind : unsigned char { kAisle, kCross };
  Kind kind = kAisle;
  int line = 0;
  double pos = 0;
  friend bool operator==(const AisleSpot&, const AisleSpot&) = default;
};

// "" when the layout is usable, else what is wrong with it.
std::string CheckAisleLayout(const AisleLayout& layout);
// "" when the spot lies on the layout's lines, else why not.
std::string CheckAisleSpot(const AisleLayout& layout, AisleSpot spot);

struct AisleWalk {
  double length = 0;
  // Indices into the stops given, each once, in the order the walk first passes them.
  std::vector<int> order;
  // The stop the walk ends at when no end was given; -1 otherwise.
  int end = -1;
  // The walk's corners and stops as (x, y) pairs, flattened, from start to end.
  std::vector<double> path;
};

// Walks through one layout. Holds the sweep's buffers so that the many walks a route's planner asks for reuse
// them (one object per thread; not thread-safe).
class AisleRouter {
 public:
  // The layout must pass CheckAisleLayout.
  explicit AisleRouter(AisleLayout layout);

  const AisleLayout& layout() const { return layout_; }

  // Shortest distance between two valid spots along the layout's lines.
  double Distance(AisleSpot a, AisleSpot b) const;

  // The shortest walk from `from` passing every stop and ending at `to`. Without `to`, it ends at the stop i
  // that minimises the walk's length plus end_cost[i] (what the rest of a route costs from there: stops not
  // empty, end_cost one per stop); AisleWalk::length excludes that cost. Spots valid.
  AisleWalk Walk(AisleSpot from, std::span<const AisleSpot> stops, std::optional<AisleSpot> to,
                 std::span<const double> end_cost = {});

  // The same walk's length plus its end cost, without building the walk (no back-pointers kept).
  double WalkCost(AisleSpot from, std::span<const AisleSpot> stops, std::optional<AisleSpot> to,
                  std::span<const double> end_cost = {});

 private:
  struct Sweep;
  double Solve(AisleSpot from, std::span<const AisleSpot> stops, std::optional<AisleSpot> to,
               std::span<const double> end_cost, AisleWalk* walk);

  AisleLayout layout_;
  std::vector<int> state_index_;  // the sweep's state code -> its index in the current layer, or -1
};

}  // namespace relais

#endif  // RELAIS_ENGINE_AISLE_ROUTE_H_
