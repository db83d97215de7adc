#include "wasm/engine/snapshot_builder.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <numeric>
#include <tuple>

#include "wasm/engine/clusters.h"
#include "wasm/engine/crc32.h"
#include "wasm/engine/geo.h"
#include "wasm/engine/snapshot_format.h"

namespace relais {

namespace {

namespace sf = snapshot_format;

template <typename T>
bool InsertSorted(std::vector<T>* v, const T& value) {
  const auto it = std::lower_bound(v->begin(), v->end(), value);
  if (it != v->end() && *it == value) return false;
  v->insert(it, value);
  return true;
}

template <typename T>
uint32_t IndexOf(const std::vector<T>& sorted, const T& value) {
  return static_cast<uint32_t>(std::lower_bound(sorted.begin(), sorted.end(), value) - sorted.begin());
}

// Internal nodes of one kd-tree, in heap order.
struct KdNodes {
  std::vector<float> splits;
  std::vector<uint8_t> axes;
};

// Orders ids[lo, hi) as a bucket kd-tree (snapshot_format.h) whose internal node `node` is written at
// nodes->...[base + node]. Ties are broken by `rank`, the point's place in key order, so the result does
// not depend on Add order.
void BuildKdTree(const std::vector<UnitVector>& v, const std::vector<uint32_t>& rank, std::vector<uint32_t>* ids,
                 KdNodes* nodes, size_t base, size_t node, size_t lo, size_t hi) {
  if (hi - lo <= sf::kKdLeafSize) return;
  double min[3] = {2, 2, 2}, max[3] = {-2, -2, -2};
  for (size_t i = lo; i < hi; ++i) {
    const double c[3] = {v[(*ids)[i]].x, v[(*ids)[i]].y, v[(*ids)[i]].z};
    for (int a = 0; a < 3; ++a) {
      min[a] = std::min(min[a], c[a]);
      max[a] = std::max(max[a], c[a]);
    }
  }
  int axis = 0;
  for (int a = 1; a < 3; ++a) {
    if (max[a] - min[a] > max[axis] - min[axis]) axis = a;
  }
  // Split on the float values the search compares with, so left <= split <= right holds exactly.
  const auto coord = [&](uint32_t id) {
    return static_cast<float>(axis == 0 ? v[id].x : axis == 1 ? v[id].y : v[id].z);
  };
  const size_t mid = lo + (hi - lo) / 2;
  std::nth_element(ids->begin() + static_cast<std::ptrdiff_t>(lo), ids->begin() + static_cast<std::ptrdiff_t>(mid),
                   ids->begin() + static_cast<std::ptrdiff_t>(hi), [&](uint32_t a, uint32_t b) {
                     return coord(a) < coord(b) || (coord(a) == coord(b) && rank[a] < rank[b]);
                   });
  nodes->splits[base + node] = coord((*ids)[mid]);
  nodes->axes[base + node] = static_cast<uint8_t>(axis);
  BuildKdTree(v, rank, ids, nodes, base, 2 * node + 1, lo, mid);
  BuildKdTree(v, rank, ids, nodes, base, 2 * node + 2, mid, hi);
}

class FileWriter {
 public:
  explicit FileWriter(size_t section_count) {
    bytes_.resize(sf::kHeaderSize + section_count * sizeof(sf::SectionEntry));
  }
  template <typename T>
  void Section(sf::SectionId id, const std::vector<T>& items) {
    while (bytes_.size() % 8) bytes_.push_back(0);
    sf::SectionEntry e{id, sizeof(T), bytes_.size(), items.size() * sizeof(T)};
    std::memcpy(bytes_.data() + sf::kHeaderSize + entries_ * sizeof(e), &e, sizeof(e));
    ++entries_;
    const auto* p = reinterpret_cast<const uint8_t*>(items.data());
    bytes_.insert(bytes_.end(), p, p + e.size);
  }
  std::vector<uint8_t> Finish(DayNumber day, uint32_t point_count) {
    while (bytes_.size() % 8) bytes_.push_back(0);
    uint8_t* h = bytes_.data();
    std::memcpy(h, sf::kMagic, 8);
    const uint32_t version = sf::kFormatVersion, header = sf::kHeaderSize, sections = entries_;
    const uint64_t size = bytes_.size();
    std::memcpy(h + 12, &version, 4);
    std::memcpy(h + 16, &header, 4);
    std::memcpy(h + 20, &sections, 4);
    std::memcpy(h + 24, &size, 8);
    std::memcpy(h + 32, &day, 4);
    std::memcpy(h + 36, &point_count, 4);
    const uint32_t crc = Crc32(0, h + 12, bytes_.size() - 12);
    std::memcpy(h + 8, &crc, 4);
    return std::move(bytes_);
  }

 private:
  std::vector<uint8_t> bytes_;
  uint32_t entries_ = 0;
};

}  // namespace

std::string SnapshotBuilder::Add(RelayPoint point) {
  // What the snapshot itself depends on; the record's other rules are ParseRelayRecord's.
  if (!(point.lat >= -90 && point.lat <= 90 && point.lon >= -180 && point.lon <= 180))
    return "coordinates out of range";
  if (!FindTimeZone(point.tz)) return "unsupported time zone \"" + point.tz + "\"";
  if (const std::string e = ValidateSchedule(point.hours); !e.empty()) return "bad hours: " + e;
  std::string key = point.carrier + '\0' + point.id;
  if (keys_.count(key)) return "duplicate point " + point.carrier + "/" + point.id;
  if (!std::binary_search(carriers_.begin(), carriers_.end(), point.carrier) && carriers_.size() >= sf::kMaxCarriers) {
    return "more than 256 carriers in one snapshot";
  }
  if (!std::binary_search(zones_.begin(), zones_.end(), point.tz) && zones_.size() >= sf::kMaxZones) {
    return "more than 256 time zones in one snapshot";
  }
  keys_.insert(std::move(key));
  InsertSorted(&carriers_, point.carrier);
  InsertSorted(&zones_, point.tz);
  points_.push_back(std::move(point));
  return "";
}

std::vector<uint8_t> SnapshotBuilder::Build(DayNumber dataset_day) const {
  const size_t n = points_.size();
  // Canonical input order (by key), so the output does not depend on the order of Add calls.
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return std::tie(points_[a].carrier, points_[a].id) < std::tie(points_[b].carrier, points_[b].id);
  });

  std::vector<uint32_t> rank(n);
  for (size_t i = 0; i < n; ++i) rank[order[i]] = static_cast<uint32_t>(i);

  // Deduplicated schedules and profiles.
  std::vector<WeeklySchedule> schedules;
  std::map<std::string, uint32_t> schedule_index;
  std::vector<sf::Profile> profiles;
  std::vector<ClosurePeriod> closures;
  std::map<std::string, uint32_t> profile_index;
  std::vector<uint32_t> profile_of(n);
  for (uint32_t p : order) {
    const RelayPoint& r = points_[p];
    const std::string schedule_key(reinterpret_cast<const char*>(&r.hours), sizeof(WeeklySchedule));
    const auto [s, added] = schedule_index.emplace(schedule_key, static_cast<uint32_t>(schedules.size()));
    if (added) schedules.push_back(r.hours);
    std::vector<ClosurePeriod> sorted_closures = r.closures;
    std::sort(sorted_closures.begin(), sorted_closures.end(),
              [](const ClosurePeriod& a, const ClosurePeriod& b) { return a.first_day < b.first_day; });
    std::array<uint16_t, 3> dims = r.max_dims_cm;
    std::sort(dims.begin(), dims.end(), std::greater<>());
    sf::Profile profile{s->second, 0, 0, r.max_weight_g, {dims[0], dims[1], dims[2]}, 0};
    std::string profile_key(reinterpret_cast<const char*>(&profile), sizeof(profile));
    profile_key.append(reinterpret_cast<const char*>(sorted_closures.data()),
                       sorted_closures.size() * sizeof(ClosurePeriod));
    const auto found = profile_index.find(profile_key);
    if (found != profile_index.end()) {
      profile_of[p] = found->second;
      continue;
    }
    profile.closures_begin = static_cast<uint32_t>(closures.size());
    closures.insert(closures.end(), sorted_closures.begin(), sorted_closures.end());
    profile.closures_end = static_cast<uint32_t>(closures.size());
    profile_of[p] = static_cast<uint32_t>(profiles.size());
    profile_index.emplace(std::move(profile_key), profile_of[p]);
    profiles.push_back(profile);
  }

  // One kd order over every point.
  std::vector<UnitVector> vectors(n);
  for (size_t i = 0; i < n; ++i) vectors[i] = ToUnitVector(points_[i].lat, points_[i].lon);
  KdNodes kd{std::vector<float>(sf::KdNodeCount(static_cast<uint32_t>(n))),
             std::vector<uint8_t>(sf::KdNodeCount(static_cast<uint32_t>(n)))};
  BuildKdTree(vectors, rank, &order, &kd, 0, 0, 0, n);

  // Categories, and a kd sub-index of its own for each selective one; points sorted by (category, key),
  // so the groups are deterministic.
  std::vector<uint32_t> by_category(n);
  std::iota(by_category.begin(), by_category.end(), 0u);
  const auto category_of = [&](uint32_t p) {
    return std::make_pair(IndexOf(carriers_, points_[p].carrier), static_cast<uint32_t>(points_[p].kind));
  };
  std::sort(by_category.begin(), by_category.end(), [&](uint32_t a, uint32_t b) {
    return std::make_pair(category_of(a), rank[a]) < std::make_pair(category_of(b), rank[b]);
  });
  std::vector<sf::Category> categories;
  std::vector<uint32_t> sub_ids;  // Point ids, each selective category's range in its kd order.
  KdNodes sub_kd;
  for (size_t begin = 0; begin < n;) {
    size_t end = begin;
    while (end < n && category_of(by_category[end]) == category_of(by_category[begin])) ++end;
    const auto [carrier, kind] = category_of(by_category[begin]);
    sf::Category c{carrier, kind, static_cast<uint32_t>(end - begin), 0, 0, 0};
    if ((end - begin) * sf::kSelectiveShareDivisor < n) {
      c.sub_begin = static_cast<uint32_t>(sub_ids.size());
      sub_ids.insert(sub_ids.end(), by_category.begin() + static_cast<std::ptrdiff_t>(begin),
                     by_category.begin() + static_cast<std::ptrdiff_t>(end));
      c.sub_end = static_cast<uint32_t>(sub_ids.size());
      c.nodes_begin = static_cast<uint32_t>(sub_kd.axes.size());
      sub_kd.axes.resize(c.nodes_begin + sf::KdNodeCount(c.count));
      sub_kd.splits.resize(sub_kd.axes.size());
      BuildKdTree(vectors, rank, &sub_ids, &sub_kd, c.nodes_begin, 0, c.sub_begin, c.sub_end);
    }
    categories.push_back(c);
    begin = end;
  }

  // Strings: carrier and zone names, then each point's text.
  std::vector<uint8_t> strings;
  const auto add_string = [&](const std::string& s) {
    sf::StringRef ref{static_cast<uint32_t>(strings.size()), static_cast<uint32_t>(s.size())};
    strings.insert(strings.end(), s.begin(), s.end());
    return ref;
  };
  std::vector<sf::StringRef> carrier_refs;
  for (const std::string& c : carriers_) carrier_refs.push_back(add_string(c));
  std::vector<sf::Zone> zones;
  for (const std::string& z : zones_) {
    const TimeZoneRule rule = *FindTimeZone(z);  // Checked by Add.
    zones.push_back({add_string(z), rule.std_offset_s, static_cast<uint32_t>(rule.dst)});
  }

  std::vector<float> unit_vectors(3 * n);
  std::vector<int32_t> coordinates(2 * n);
  std::vector<uint32_t> attributes(n), profile_refs(n), text_offsets(n + 1);
  std::vector<uint32_t> slot_of(n);
  for (size_t slot = 0; slot < n; ++slot) {
    const uint32_t p = order[slot];
    const RelayPoint& r = points_[p];
    slot_of[p] = static_cast<uint32_t>(slot);
    unit_vectors[3 * slot] = static_cast<float>(vectors[p].x);
    unit_vectors[3 * slot + 1] = static_cast<float>(vectors[p].y);
    unit_vectors[3 * slot + 2] = static_cast<float>(vectors[p].z);
    coordinates[2 * slot] = static_cast<int32_t>(std::lround(r.lat * sf::kCoordScale));
    coordinates[2 * slot + 1] = static_cast<int32_t>(std::lround(r.lon * sf::kCoordScale));
    attributes[slot] = static_cast<uint32_t>(r.kind) | (r.active ? sf::attributes::kActive : 0) |
                       (uint32_t{r.services} & 0xff) << sf::attributes::kServicesShift |
                       IndexOf(carriers_, r.carrier) << sf::attributes::kCarrierShift |
                       IndexOf(zones_, r.tz) << sf::attributes::kZoneShift;
    profile_refs[slot] = profile_of[p];
    text_offsets[slot] = static_cast<uint32_t>(strings.size());
    std::string text = r.id + '\0' + r.name + '\0';
    for (size_t l = 0; l < r.address.size(); ++l) text += (l ? "\n" : "") + r.address[l];
    text += '\0' + r.postcode + '\0' + r.city + '\0' + r.country;
    add_string(text);
  }
  text_offsets[n] = static_cast<uint32_t>(strings.size());

  std::vector<uint32_t> sub_slots(sub_ids.size());
  std::vector<float> sub_vectors(3 * sub_ids.size());
  for (size_t i = 0; i < sub_ids.size(); ++i) {
    sub_slots[i] = slot_of[sub_ids[i]];
    for (int a = 0; a < 3; ++a) sub_vectors[3 * i + a] = unit_vectors[3 * sub_slots[i] + a];
  }

  // Exact lookup: slots in key order (carrier names are sorted, so this is (carrier index, id) order).
  std::vector<uint32_t> lookup(n);
  for (size_t p = 0; p < n; ++p) lookup[rank[p]] = slot_of[p];

  const ClusterHierarchy hierarchy = BuildClusterHierarchy(coordinates);

  FileWriter w(23);
  w.Section(sf::kUnitVectors, unit_vectors);
  w.Section(sf::kCoordinates, coordinates);
  w.Section(sf::kAttributes, attributes);
  w.Section(sf::kProfileRefs, profile_refs);
  w.Section(sf::kTextOffsets, text_offsets);
  w.Section(sf::kKdAxes, kd.axes);
  w.Section(sf::kKdSplits, kd.splits);
  w.Section(sf::kCategories, categories);
  w.Section(sf::kCarriers, carrier_refs);
  w.Section(sf::kZones, zones);
  w.Section(sf::kSchedules, schedules);
  w.Section(sf::kProfiles, profiles);
  w.Section(sf::kClosures, closures);
  w.Section(sf::kLookup, lookup);
  w.Section(sf::kStrings, strings);
  w.Section(sf::kSubSlots, sub_slots);
  w.Section(sf::kSubVectors, sub_vectors);
  w.Section(sf::kSubAxes, sub_kd.axes);
  w.Section(sf::kSubSplits, sub_kd.splits);
  w.Section(sf::kClusterParams, std::vector<sf::ClusterParams>{hierarchy.params});
  w.Section(sf::kClusters, hierarchy.clusters);
  w.Section(sf::kClusterChildren, hierarchy.children);
  w.Section(sf::kClusterRoots, hierarchy.roots);
  return w.Finish(dataset_day, static_cast<uint32_t>(n));
}

}  // namespace relais
