#include "wasm/engine/point_search.h"

#include <algorithm>
#include <cmath>

#include "wasm/engine/geo.h"

namespace relais {

namespace {

namespace sf = snapshot_format;
constexpr int kStackSize = 128;

bool HasBit(const std::array<uint64_t, 4>& mask, uint32_t bit) { return (mask[bit >> 6] >> (bit & 63)) & 1; }

// Range of cos/sin of an angle over [a, b] radians (b - a <= 2 pi), for the box's 3-D bounds.
void TrigRange(double a, double b, bool use_sin, double* lo, double* hi) {
  const auto f = [&](double x) { return use_sin ? std::sin(x) : std::cos(x); };
  *lo = std::min(f(a), f(b));
  *hi = std::max(f(a), f(b));
  // Extremes inside the range: cos peaks at 0, 2pi..., sin at pi/2...
  const double first_peak = use_sin ? kPi / 2 : 0;
  for (double x = first_peak - 4 * kPi; x <= b; x += kPi) {
    if (x >= a) {
      *lo = std::min(*lo, f(x));
      *hi = std::max(*hi, f(x));
    }
  }
}

}  // namespace

void PointFilter::SetCarriers(const Snapshot& snapshot, const std::vector<std::string_view>& slugs) {
  carriers = {0, 0, 0, 0};
  for (std::string_view slug : slugs) {
    if (const std::optional<uint32_t> c = snapshot.FindCarrier(slug)) carriers[*c >> 6] |= 1ull << (*c & 63);
  }
}

PointSearch::PointSearch(const Snapshot& snapshot) : snapshot_(snapshot), local_now_(snapshot.zone_count()) {}

void PointSearch::PrepareFilter(const PointFilter& f) {
  check_bits_ = f.active_only || f.required_services != 0;
  parcel_dims_ = f.dims_cm;
  std::sort(parcel_dims_.begin(), parcel_dims_.end(), std::greater<>());
  check_details_ = f.weight_g || parcel_dims_[0] || f.open_at || f.open_on || f.open_from;
  if (!f.open_at) return;
  for (uint32_t z = 0; z < snapshot_.zone_count(); ++z) {
    const int64_t local = *f.open_at + snapshot_.zone_rule(z).OffsetAt(*f.open_at);
    local_now_[z] = {DayOf(local), static_cast<int>(FloorMod(local, kSecondsPerDay))};
  }
}

bool PointSearch::CategorySelected(const sf::Category& c, const PointFilter& f) const {
  return ((f.kinds >> c.kind) & 1) && HasBit(f.carriers, c.carrier);
}

bool PointSearch::MatchesCategory(uint32_t i, const PointFilter& f) const {
  const uint32_t a = snapshot_.attributes()[i];
  return ((f.kinds >> (a & sf::attributes::kKindMask)) & 1) &&
         HasBit(f.carriers, (a >> sf::attributes::kCarrierShift) & 0xff);
}

bool PointSearch::MatchesBits(uint32_t i, const PointFilter& f) const {
  const uint32_t a = snapshot_.attributes()[i];
  if (f.active_only && !(a & sf::attributes::kActive)) return false;
  const uint32_t services = (a >> sf::attributes::kServicesShift) & 0xff;
  return (services & f.required_services) == f.required_services;
}

bool PointSearch::MatchesDetails(uint32_t i, const PointFilter& f) const {
  const sf::Profile& profile = snapshot_.profile(i);
  if (f.weight_g && profile.max_weight_g && f.weight_g > profile.max_weight_g) return false;
  if (parcel_dims_[0] && profile.max_dims_cm[0]) {  // Both longest first: the parcel may be turned.
    for (int d = 0; d < 3; ++d) {
      if (parcel_dims_[d] > profile.max_dims_cm[d]) return false;
    }
  }
  if (!f.open_at && !f.open_on && !f.open_from) return true;
  const OpeningHours hours = snapshot_.hours(i);
  if (f.unknown_hours_pass && !hours.known()) return !(f.open_on && hours.IsClosedOn(*f.open_on));
  if (f.open_at) {
    const auto& [day, second] = local_now_[snapshot_.zone_index(i)];
    if (!hours.IsOpenAtLocal(day, second)) return false;
  }
  if (f.open_on && !hours.IsOpenOnLocalDate(*f.open_on)) return false;
  if (f.open_from && !hours.IsOpenDuring(*f.open_from, f.open_until.value_or(*f.open_from + 1))) return false;
  return true;
}

bool PointSearch::Matches(uint32_t point, const PointFilter& filter) {
  PrepareFilter(filter);
  return MatchesCategory(point, filter) && MatchesBits(point, filter) && MatchesDetails(point, filter);
}

void PointSearch::Nearest(const NearestQuery& query, std::vector<NearestHit>* hits) {
  hits->clear();
  const uint32_t k = std::min(query.k, kMaxK);
  if (k == 0 || !std::isfinite(query.lat) || !std::isfinite(query.lon)) return;
  PrepareFilter(query.filter);
  const UnitVector v = ToUnitVector(query.lat, query.lon);
  const float q[3] = {static_cast<float>(v.x), static_cast<float>(v.y), static_cast<float>(v.z)};
  heap_.clear();
  // Slightly generous: the exact distance check below decides.
  worst_ = std::isfinite(query.max_distance_m)
               ? static_cast<float>(ChordSquaredFromMeters(std::max(0.0, query.max_distance_m) + 1.0) * 1.0001)
               : std::numeric_limits<float>::infinity();
  // Selective categories only, each with its sub-index: search those trees. Otherwise the global one.
  bool all_selected = true, all_have_subindex = true;
  uint64_t selected_points = 0;
  for (const sf::Category& c : snapshot_.categories()) {
    if (!CategorySelected(c, query.filter)) {
      all_selected = false;
    } else {
      selected_points += c.count;
      all_have_subindex = all_have_subindex && c.sub_end > c.sub_begin;
    }
  }
  if (selected_points == 0) return;
  if (all_have_subindex && selected_points * 3 < snapshot_.size()) {
    for (const sf::Category& c : snapshot_.categories()) {
      if (!CategorySelected(c, query.filter)) continue;
      const Tree tree{snapshot_.sub_vectors().data(),
                      snapshot_.sub_axes().data() + c.nodes_begin,
                      snapshot_.sub_splits().data() + c.nodes_begin,
                      snapshot_.sub_slots().data(),
                      c.sub_begin,
                      c.sub_end};
      SearchTree(tree, q, query.filter, k, /*check_category=*/false);
    }
  } else {
    const Tree tree{snapshot_.unit_vectors().data(),
                    snapshot_.kd_axes().data(),
                    snapshot_.kd_splits().data(),
                    nullptr,
                    0,
                    snapshot_.size()};
    SearchTree(tree, q, query.filter, k, /*check_category=*/!all_selected);
  }
  const double cos_lat = std::cos(query.lat * kDegToRad);
  const float* vectors = snapshot_.unit_vectors().data();
  for (const Candidate& c : heap_) {
    const double px = vectors[3 * c.point], py = vectors[3 * c.point + 1];
    const double d = FastHaversineMeters(query.lat, query.lon, cos_lat, snapshot_.lat(c.point), snapshot_.lon(c.point),
                                         std::sqrt(px * px + py * py));
    if (d <= query.max_distance_m) hits->push_back({c.point, d});
  }
  std::sort(hits->begin(), hits->end(), [](const NearestHit& a, const NearestHit& b) {
    return a.distance_m < b.distance_m || (a.distance_m == b.distance_m && a.point < b.point);
  });
}

void PointSearch::SearchTree(const Tree& tree, const float q[3], const PointFilter& f, uint32_t k,
                             bool check_category) {
  const float* v = tree.vectors;
  const auto consider = [&](uint32_t i) {
    const float dx = q[0] - v[3 * i], dy = q[1] - v[3 * i + 1], dz = q[2] - v[3 * i + 2];
    const float d2 = dx * dx + dy * dy + dz * dz;
    if (d2 >= worst_) return;
    const uint32_t point = tree.slots ? tree.slots[i] : i;
    if ((check_category && !MatchesCategory(point, f)) || (check_bits_ && !MatchesBits(point, f)) ||
        (check_details_ && !MatchesDetails(point, f))) {
      return;
    }
    heap_.push_back({d2, point});
    const auto less = [](const Candidate& a, const Candidate& b) { return a.chord2 < b.chord2; };
    std::push_heap(heap_.begin(), heap_.end(), less);
    if (heap_.size() > k) {
      std::pop_heap(heap_.begin(), heap_.end(), less);
      heap_.pop_back();
    }
    if (heap_.size() == k) worst_ = std::min(worst_, heap_.front().chord2);
  };
  // Depth-first, near child first. Each entry carries the squared distance from q to its cell, kept exact
  // per axis (off[a] is q's offset from the cell along a), which prunes far better than the last plane.
  struct Node {
    uint32_t node, lo, hi;
    float d2;
    float off[3];
  };
  Node stack[kStackSize];
  int top = 0;
  stack[top++] = {0, tree.begin, tree.end, 0, {0, 0, 0}};
  while (top > 0) {
    const Node n = stack[--top];
    if (n.d2 >= worst_) continue;
    if (n.hi - n.lo <= sf::kKdLeafSize) {
      for (uint32_t i = n.lo; i < n.hi; ++i) consider(i);
      continue;
    }
    const int axis = tree.axes[n.node];
    const float diff = q[axis] - tree.splits[n.node];
    const uint32_t mid = n.lo + (n.hi - n.lo) / 2;
    const Node left{2 * n.node + 1, n.lo, mid, n.d2, {n.off[0], n.off[1], n.off[2]}};
    const Node right{2 * n.node + 2, mid, n.hi, n.d2, {n.off[0], n.off[1], n.off[2]}};
    Node far = diff < 0 ? right : left;
    far.d2 = n.d2 - n.off[axis] * n.off[axis] + diff * diff;
    far.off[axis] = diff;
    if (far.d2 < worst_) stack[top++] = far;
    stack[top++] = diff < 0 ? left : right;
  }
}

void PointSearch::InBox(const BoundingBox& box, const PointFilter& filter, uint32_t limit,
                        std::vector<uint32_t>* points) {
  points->clear();
  if (!(box.south <= box.north) || !std::isfinite(box.west) || !std::isfinite(box.east)) return;
  if (box.west > box.east) {  // Across the antimeridian: two boxes.
    std::vector<uint32_t> east_part;
    InBox({box.south, box.west, box.north, 180}, filter, limit, points);
    InBox({box.south, -180, box.north, box.east}, filter, limit - static_cast<uint32_t>(points->size()), &east_part);
    points->insert(points->end(), east_part.begin(), east_part.end());
    return;
  }
  PrepareFilter(filter);
  const double south = std::max(-90.0, box.south) * kDegToRad, north = std::min(90.0, box.north) * kDegToRad;
  const double west = std::max(-180.0, box.west) * kDegToRad, east = std::min(180.0, box.east) * kDegToRad;
  // 3-D bounds of the box on the unit sphere: x = cos(lat) cos(lon), y = cos(lat) sin(lon), z = sin(lat).
  double clat_lo, clat_hi, clon_lo, clon_hi, slon_lo, slon_hi, z_lo, z_hi;
  TrigRange(south, north, false, &clat_lo, &clat_hi);
  TrigRange(west, east, false, &clon_lo, &clon_hi);
  TrigRange(west, east, true, &slon_lo, &slon_hi);
  TrigRange(south, north, true, &z_lo, &z_hi);
  const auto product_range = [](double a0, double a1, double b0, double b1, double* lo, double* hi) {
    const double p[4] = {a0 * b0, a0 * b1, a1 * b0, a1 * b1};
    *lo = *std::min_element(p, p + 4);
    *hi = *std::max_element(p, p + 4);
  };
  double x_lo, x_hi, y_lo, y_hi;
  product_range(clat_lo, clat_hi, clon_lo, clon_hi, &x_lo, &x_hi);
  product_range(clat_lo, clat_hi, slon_lo, slon_hi, &y_lo, &y_hi);
  constexpr double kSlack = 1e-5;  // Float rounding of the stored vectors.
  const float lo[3] = {static_cast<float>(x_lo - kSlack), static_cast<float>(y_lo - kSlack),
                       static_cast<float>(z_lo - kSlack)};
  const float hi[3] = {static_cast<float>(x_hi + kSlack), static_cast<float>(y_hi + kSlack),
                       static_cast<float>(z_hi + kSlack)};
  const double box_e6[4] = {box.south * sf::kCoordScale, box.west * sf::kCoordScale, box.north * sf::kCoordScale,
                            box.east * sf::kCoordScale};
  BoxTree(lo, hi, box_e6, filter, limit, points);
}

void PointSearch::BoxTree(const float lo[3], const float hi[3], const double box_e6[4], const PointFilter& f,
                          uint32_t limit, std::vector<uint32_t>* out) {
  const int32_t* c = snapshot_.coordinates().data();
  const uint8_t* axes = snapshot_.kd_axes().data();
  const float* splits = snapshot_.kd_splits().data();
  const auto consider = [&](uint32_t i) {
    if (out->size() >= limit) return;
    if (c[2 * i] < box_e6[0] || c[2 * i] > box_e6[2] || c[2 * i + 1] < box_e6[1] || c[2 * i + 1] > box_e6[3]) return;
    if (MatchesCategory(i, f) && MatchesBits(i, f) && MatchesDetails(i, f)) out->push_back(i);
  };
  struct Node {
    uint32_t node, lo, hi;
  };
  Node stack[kStackSize];
  int top = 0;
  stack[top++] = {0, 0, snapshot_.size()};
  while (top > 0 && out->size() < limit) {
    const Node n = stack[--top];
    if (n.hi - n.lo <= sf::kKdLeafSize) {
      for (uint32_t i = n.lo; i < n.hi; ++i) consider(i);
      continue;
    }
    const int axis = axes[n.node];
    const float split = splits[n.node];
    const uint32_t mid = n.lo + (n.hi - n.lo) / 2;
    if (lo[axis] <= split) stack[top++] = {2 * n.node + 1, n.lo, mid};
    if (hi[axis] >= split) stack[top++] = {2 * n.node + 2, mid, n.hi};
  }
}

}  // namespace relais
