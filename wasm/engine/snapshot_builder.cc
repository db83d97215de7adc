#include "wasm/engine/snapshot_builder.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <functional>
#include <unordered_map>

#include "wasm/engine/clusters.h"
#include "wasm/engine/file_checksum.h"
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

// A point while its kd order is built: coordinates beside the id, so partitioning never leaves the array.
struct KdItem {
  double c[3];
  uint32_t rank;  // Place in key order: breaks ties, so the result does not depend on Add order.
  uint32_t id;
};

// Orders items[lo, hi) as a bucket kd-tree (snapshot_format.h) whose internal node `node` is written at
// nodes->...[base + node].
void BuildKdTree(std::vector<KdItem>* items, KdNodes* nodes, size_t base, size_t node, size_t lo, size_t hi) {
  if (hi - lo <= sf::kKdLeafSize) {
    // nth_element leaves a leaf's order to the standard library: fix it, so that every platform (native,
    // WebAssembly) builds the same bytes -- a browser rebuilds a snapshot from a delta.
    std::sort(items->begin() + static_cast<std::ptrdiff_t>(lo), items->begin() + static_cast<std::ptrdiff_t>(hi),
              [](const KdItem& a, const KdItem& b) { return a.rank < b.rank; });
    return;
  }
  double min[3] = {2, 2, 2}, max[3] = {-2, -2, -2};
  for (size_t i = lo; i < hi; ++i) {
    for (int a = 0; a < 3; ++a) {
      min[a] = std::min(min[a], (*items)[i].c[a]);
      max[a] = std::max(max[a], (*items)[i].c[a]);
    }
  }
  int axis = 0;
  for (int a = 1; a < 3; ++a) {
    if (max[a] - min[a] > max[axis] - min[axis]) axis = a;
  }
  // Split on the float values the search compares with, so left <= split <= right holds exactly.
  const auto coord = [axis](const KdItem& item) { return static_cast<float>(item.c[axis]); };
  const size_t mid = lo + (hi - lo) / 2;
  const auto begin = items->begin();
  std::nth_element(begin + static_cast<std::ptrdiff_t>(lo), begin + static_cast<std::ptrdiff_t>(mid),
                   begin + static_cast<std::ptrdiff_t>(hi), [&](const KdItem& a, const KdItem& b) {
                     return coord(a) < coord(b) || (coord(a) == coord(b) && a.rank < b.rank);
                   });
  nodes->splits[base + node] = coord((*items)[mid]);
  nodes->axes[base + node] = static_cast<uint8_t>(axis);
  BuildKdTree(items, nodes, base, 2 * node + 1, lo, mid);
  BuildKdTree(items, nodes, base, 2 * node + 2, mid, hi);
}

// Orders ids[lo, hi) as a kd-tree whose nodes start at nodes->...[base].
void BuildKdOrder(const std::vector<UnitVector>& v, const std::vector<uint32_t>& rank, std::vector<uint32_t>* ids,
                  KdNodes* nodes, size_t base, size_t lo, size_t hi) {
  std::vector<KdItem> items(hi - lo);
  for (size_t i = lo; i < hi; ++i) {
    const uint32_t id = (*ids)[i];
    items[i - lo] = {{v[id].x, v[id].y, v[id].z}, rank[id], id};
  }
  BuildKdTree(&items, nodes, base, 0, 0, items.size());
  for (size_t i = lo; i < hi; ++i) (*ids)[i] = items[i - lo].id;
}

// Canonical order (by key), so the output does not depend on the order of Add calls. Sorted as flat
// (carrier index, id zero-padded) byte strings: ids hold no zero byte, so memcmp order is the (carrier,
// id) order, and the sort never leaves the array.
std::vector<uint32_t> KeyOrder(const std::vector<RelayPoint>& points, const std::vector<uint8_t>& carrier_of) {
  struct SortKey {
    std::array<char, 1 + kMaxIdBytes> bytes;
    uint32_t point;
  };
  std::vector<SortKey> keys(points.size());
  for (uint32_t p = 0; p < points.size(); ++p) {
    keys[p].bytes.fill(0);
    keys[p].bytes[0] = static_cast<char>(carrier_of[p]);
    points[p].id.copy(keys[p].bytes.data() + 1, kMaxIdBytes);
    keys[p].point = p;
  }
  std::sort(keys.begin(), keys.end(), [](const SortKey& a, const SortKey& b) {
    return std::memcmp(a.bytes.data(), b.bytes.data(), a.bytes.size()) < 0;
  });
  std::vector<uint32_t> order(points.size());
  for (size_t i = 0; i < keys.size(); ++i) order[i] = keys[i].point;
  return order;
}

// Schedules and profiles (schedule, limits, closures) stored once each, numbered in key order.
struct Profiles {
  std::vector<WeeklySchedule> schedules;
  std::vector<sf::Profile> profiles;
  std::vector<ClosurePeriod> closures;
  std::vector<uint32_t> of_point;
};

Profiles DeduplicateProfiles(const std::vector<RelayPoint>& points, const std::vector<uint32_t>& key_order) {
  Profiles out;
  out.of_point.resize(points.size());
  std::unordered_map<std::string, uint32_t> schedule_index, profile_index;
  std::string key;  // Reused: most points share their schedule and profile with others.
  for (uint32_t p : key_order) {
    const RelayPoint& r = points[p];
    key.assign(reinterpret_cast<const char*>(&r.hours), sizeof(WeeklySchedule));
    auto s = schedule_index.find(key);
    if (s == schedule_index.end()) {
      s = schedule_index.emplace(key, static_cast<uint32_t>(out.schedules.size())).first;
      out.schedules.push_back(r.hours);
    }
    std::vector<ClosurePeriod> sorted_closures = r.closures;
    std::sort(sorted_closures.begin(), sorted_closures.end(), [](const ClosurePeriod& a, const ClosurePeriod& b) {
      return a.first_day < b.first_day || (a.first_day == b.first_day && a.last_day < b.last_day);
    });
    std::array<uint16_t, 3> dims = r.max_dims_cm;
    std::sort(dims.begin(), dims.end(), std::greater<>());
    sf::Profile profile{s->second, 0, 0, r.max_weight_g, {dims[0], dims[1], dims[2]}, 0};
    key.assign(reinterpret_cast<const char*>(&profile), sizeof(profile));
    key.append(reinterpret_cast<const char*>(sorted_closures.data()), sorted_closures.size() * sizeof(ClosurePeriod));
    const auto found = profile_index.find(key);
    if (found != profile_index.end()) {
      out.of_point[p] = found->second;
      continue;
    }
    profile.closures_begin = static_cast<uint32_t>(out.closures.size());
    out.closures.insert(out.closures.end(), sorted_closures.begin(), sorted_closures.end());
    profile.closures_end = static_cast<uint32_t>(out.closures.size());
    out.of_point[p] = static_cast<uint32_t>(out.profiles.size());
    profile_index.emplace(key, out.of_point[p]);
    out.profiles.push_back(profile);
  }
  return out;
}

// Categories (carrier, kind), and a kd sub-index of its own for each selective one.
struct Categories {
  std::vector<sf::Category> categories;
  std::vector<uint32_t> sub_slots;  // Each selective category's points, in its own kd order.
  std::vector<float> sub_vectors;
  KdNodes sub_kd;
};

Categories BuildCategories(const std::vector<RelayPoint>& points, const std::vector<uint8_t>& carrier_of,
                           const std::vector<uint32_t>& rank, const std::vector<uint32_t>& key_order,
                           const std::vector<UnitVector>& vectors, const std::vector<uint32_t>& slot_of) {
  const size_t n = points.size();
  const auto category_of = [&](uint32_t p) {
    return std::make_pair(uint32_t{carrier_of[p]}, static_cast<uint32_t>(points[p].kind));
  };
  // Points sorted by (carrier, kind, rank), so the groups are deterministic.
  std::vector<uint64_t> category_keys(n);
  for (uint32_t p = 0; p < n; ++p) {
    category_keys[p] = uint64_t{carrier_of[p]} << 40 | uint64_t{static_cast<uint8_t>(points[p].kind)} << 32 | rank[p];
  }
  std::sort(category_keys.begin(), category_keys.end());
  std::vector<uint32_t> by_category(n);
  for (size_t i = 0; i < n; ++i) by_category[i] = key_order[static_cast<uint32_t>(category_keys[i])];
  Categories out;
  std::vector<uint32_t> sub_ids;  // Point ids, each selective category's range in its kd order.
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
      c.nodes_begin = static_cast<uint32_t>(out.sub_kd.axes.size());
      out.sub_kd.axes.resize(c.nodes_begin + sf::KdNodeCount(c.count));
      out.sub_kd.splits.resize(out.sub_kd.axes.size());
      BuildKdOrder(vectors, rank, &sub_ids, &out.sub_kd, c.nodes_begin, c.sub_begin, c.sub_end);
    }
    out.categories.push_back(c);
    begin = end;
  }
  out.sub_slots.resize(sub_ids.size());
  out.sub_vectors.resize(3 * sub_ids.size());
  for (size_t i = 0; i < sub_ids.size(); ++i) {
    out.sub_slots[i] = slot_of[sub_ids[i]];
    const UnitVector& v = vectors[sub_ids[i]];
    out.sub_vectors[3 * i] = static_cast<float>(v.x);
    out.sub_vectors[3 * i + 1] = static_cast<float>(v.y);
    out.sub_vectors[3 * i + 2] = static_cast<float>(v.z);
  }
  return out;
}

// The per-slot arrays and the string table.
struct PointColumns {
  std::vector<float> unit_vectors;
  std::vector<uint32_t> attributes, profile_refs, text_offsets;
  std::vector<sf::StringRef> carrier_refs;
  std::vector<sf::Zone> zones;
  std::vector<uint8_t> strings;
};

PointColumns LayOutColumns(const std::vector<RelayPoint>& points, const std::vector<std::string>& carriers,
                           const std::vector<std::string>& zone_names, const std::vector<uint8_t>& carrier_of,
                           const std::vector<uint8_t>& zone_of, const std::vector<UnitVector>& vectors,
                           const std::vector<uint32_t>& slot_of, const std::vector<uint32_t>& profile_of) {
  const size_t n = points.size();
  PointColumns out;
  // Strings: carrier and zone names, then each point's text.
  const auto add_string = [&](const std::string& s) {
    sf::StringRef ref{static_cast<uint32_t>(out.strings.size()), static_cast<uint32_t>(s.size())};
    out.strings.insert(out.strings.end(), s.begin(), s.end());
    return ref;
  };
  for (const std::string& c : carriers) out.carrier_refs.push_back(add_string(c));
  for (const std::string& z : zone_names) {
    const TimeZoneRule rule = *FindTimeZone(z);  // Checked by Add.
    out.zones.push_back({add_string(z), rule.std_offset_s, static_cast<uint32_t>(rule.dst)});
  }
  // Written while reading the points in their own order: a point is hundreds of bytes and several heap
  // strings, so reading them in slot order (random) cost more than writing at random.
  // A point's text: id \0 name \0 address lines joined by \n \0 postcode \0 city \0 country.
  const auto text_size = [](const RelayPoint& r) {
    size_t size = r.id.size() + r.name.size() + r.postcode.size() + r.city.size() + r.country.size() + 5;
    for (const std::string& line : r.address) size += line.size();
    return size + (r.address.empty() ? 0 : r.address.size() - 1);
  };
  out.text_offsets.resize(n + 1);
  for (size_t p = 0; p < n; ++p) out.text_offsets[slot_of[p] + 1] = static_cast<uint32_t>(text_size(points[p]));
  out.text_offsets[0] = static_cast<uint32_t>(out.strings.size());
  for (size_t slot = 0; slot < n; ++slot) out.text_offsets[slot + 1] += out.text_offsets[slot];
  out.strings.resize(out.text_offsets[n]);

  out.unit_vectors.resize(3 * n);
  out.attributes.resize(n);
  out.profile_refs.resize(n);
  for (size_t p = 0; p < n; ++p) {
    const RelayPoint& r = points[p];
    const size_t slot = slot_of[p];
    out.unit_vectors[3 * slot] = static_cast<float>(vectors[p].x);
    out.unit_vectors[3 * slot + 1] = static_cast<float>(vectors[p].y);
    out.unit_vectors[3 * slot + 2] = static_cast<float>(vectors[p].z);
    out.attributes[slot] = static_cast<uint32_t>(r.kind) | (r.active ? sf::attributes::kActive : 0) |
                           (uint32_t{r.services} & 0xff) << sf::attributes::kServicesShift |
                           uint32_t{carrier_of[p]} << sf::attributes::kCarrierShift |
                           uint32_t{zone_of[p]} << sf::attributes::kZoneShift;
    out.profile_refs[slot] = profile_of[p];
    uint8_t* text = out.strings.data() + out.text_offsets[slot];
    const auto put = [&](const std::string& s) { text = std::copy(s.begin(), s.end(), text); };
    put(r.id);
    *text++ = 0;
    put(r.name);
    *text++ = 0;
    for (size_t l = 0; l < r.address.size(); ++l) {
      if (l) *text++ = '\n';
      put(r.address[l]);
    }
    *text++ = 0;
    put(r.postcode);
    *text++ = 0;
    put(r.city);
    *text++ = 0;
    put(r.country);
  }
  return out;
}

// Lays out the file: header, section table, then each section 8-byte aligned. Sections are gathered
// first and copied once into a buffer of the final size (a 100 MB file grown by appends was copied twice).
class FileWriter {
 public:
  template <typename T>
  void Section(sf::SectionId id, const std::vector<T>& items) {
    sections_.push_back({{id, sizeof(T), 0, items.size() * sizeof(T)}, reinterpret_cast<const uint8_t*>(items.data())});
  }
  // A temporary would be gone by Finish.
  template <typename T>
  void Section(sf::SectionId id, const std::vector<T>&& items) = delete;
  std::vector<uint8_t> Finish(DayNumber day, uint32_t point_count) {
    const auto aligned = [](uint64_t size) { return (size + 7) / 8 * 8; };
    uint64_t size = aligned(sf::kHeaderSize + sections_.size() * sizeof(sf::SectionEntry));
    for (Pending& s : sections_) {
      s.entry.offset = size;
      size = aligned(size + s.entry.size);
    }
    std::vector<uint8_t> bytes(size);
    uint8_t* h = bytes.data();
    for (size_t i = 0; i < sections_.size(); ++i) {
      const Pending& s = sections_[i];
      std::memcpy(h + sf::kHeaderSize + i * sizeof(sf::SectionEntry), &s.entry, sizeof(sf::SectionEntry));
      if (s.entry.size) std::memcpy(h + s.entry.offset, s.data, s.entry.size);
    }
    std::memcpy(h, sf::kMagic, 8);
    const uint32_t version = sf::kFormatVersion, header = sf::kHeaderSize;
    const uint32_t section_count = static_cast<uint32_t>(sections_.size());
    std::memcpy(h + 12, &version, 4);
    std::memcpy(h + 16, &header, 4);
    std::memcpy(h + 20, &section_count, 4);
    std::memcpy(h + 24, &size, 8);
    std::memcpy(h + 32, &day, 4);
    std::memcpy(h + 36, &point_count, 4);
    const uint64_t checksum = FileChecksum(bytes, sf::kChecksumOffset);
    std::memcpy(h + sf::kChecksumOffset, &checksum, 8);
    return bytes;
  }

 private:
  struct Pending {
    sf::SectionEntry entry;
    const uint8_t* data;
  };
  std::vector<Pending> sections_;
};

}  // namespace

size_t SnapshotBuilder::KeyHash::operator()(uint32_t i) const {
  const RelayPoint& p = (*points)[i];
  return std::hash<std::string_view>()(p.id) * 31 + std::hash<std::string_view>()(p.carrier);
}

bool SnapshotBuilder::KeyEqual::operator()(uint32_t a, uint32_t b) const {
  return (*points)[a].id == (*points)[b].id && (*points)[a].carrier == (*points)[b].carrier;
}

void SnapshotBuilder::Reserve(size_t count) {
  points_.reserve(count);
  keys_.reserve(count);
}

std::string SnapshotBuilder::Add(RelayPoint&& point) {
  // What the snapshot itself depends on; the record's other rules are ParseRelayRecord's.
  if (!(point.lat >= -90 && point.lat <= 90 && point.lon >= -180 && point.lon <= 180))
    return "coordinates out of range";
  if (point.id.empty() || point.id.size() > kMaxIdBytes || point.id.find('\0') != std::string::npos) {
    return "id must be 1-32 bytes, none of them zero";
  }
  if (!FindTimeZone(point.tz)) return "unsupported time zone \"" + point.tz + "\"";
  if (const std::string e = ValidateSchedule(point.hours); !e.empty()) return "bad hours: " + e;
  if (!std::binary_search(carriers_.begin(), carriers_.end(), point.carrier) && carriers_.size() >= sf::kMaxCarriers) {
    return "more than 256 carriers in one snapshot";
  }
  if (!std::binary_search(zones_.begin(), zones_.end(), point.tz) && zones_.size() >= sf::kMaxZones) {
    return "more than 256 time zones in one snapshot";
  }
  // Added, then taken back if its key was already there.
  points_.push_back(std::move(point));
  if (!keys_.insert(static_cast<uint32_t>(points_.size() - 1)).second) {
    point = std::move(points_.back());
    points_.pop_back();
    return "duplicate point " + point.carrier + "/" + point.id;
  }
  // Stored as the file stores it (micro-degrees), so that every derived array -- unit vectors, kd splits,
  // clusters -- comes from the same coordinates a reader gets back: rebuilding from a snapshot's own
  // records (a delta, the grace period) reproduces its bytes.
  RelayPoint& added = points_.back();
  added.lat = static_cast<double>(std::lround(added.lat * sf::kCoordScale)) / sf::kCoordScale;
  added.lon = static_cast<double>(std::lround(added.lon * sf::kCoordScale)) / sf::kCoordScale;
  InsertSorted(&carriers_, points_.back().carrier);
  InsertSorted(&zones_, points_.back().tz);
  return "";
}

void RunInOrder(std::span<const std::function<void()>> tasks) {
  for (const std::function<void()>& task : tasks) task();
}

std::vector<uint8_t> SnapshotBuilder::Build(DayNumber dataset_day, const TaskRunner& run) const {
  const size_t n = points_.size();
  // Each point's carrier and zone as their index in the sorted name lists, looked up once.
  std::vector<uint8_t> carrier_of(n), zone_of(n);
  for (size_t p = 0; p < n; ++p) {
    carrier_of[p] = static_cast<uint8_t>(IndexOf(carriers_, points_[p].carrier));
    zone_of[p] = static_cast<uint8_t>(IndexOf(zones_, points_[p].tz));
  }
  const std::vector<uint32_t> key_order = KeyOrder(points_, carrier_of);
  std::vector<uint32_t> rank(n);  // Each point's place in key order.
  for (size_t i = 0; i < n; ++i) rank[key_order[i]] = static_cast<uint32_t>(i);
  std::vector<UnitVector> vectors(n);
  for (size_t i = 0; i < n; ++i) vectors[i] = ToUnitVector(points_[i].lat, points_[i].lon);

  // Independent: deduplicated schedules and profiles; the kd order of every point (its slots).
  Profiles profiles;
  std::vector<uint32_t> order = key_order;
  KdNodes kd{std::vector<float>(sf::KdNodeCount(static_cast<uint32_t>(n))),
             std::vector<uint8_t>(sf::KdNodeCount(static_cast<uint32_t>(n)))};
  run(std::array<std::function<void()>, 2>{[&] { profiles = DeduplicateProfiles(points_, key_order); },
                                           [&] { BuildKdOrder(vectors, rank, &order, &kd, 0, 0, n); }});
  std::vector<uint32_t> slot_of(n);
  for (size_t slot = 0; slot < n; ++slot) slot_of[order[slot]] = static_cast<uint32_t>(slot);
  std::vector<int32_t> coordinates(2 * n);
  for (size_t p = 0; p < n; ++p) {
    coordinates[2 * slot_of[p]] = static_cast<int32_t>(std::lround(points_[p].lat * sf::kCoordScale));
    coordinates[2 * slot_of[p] + 1] = static_cast<int32_t>(std::lround(points_[p].lon * sf::kCoordScale));
  }

  // Independent: the cluster hierarchy; categories and the per-slot arrays.
  ClusterHierarchy hierarchy;
  Categories categories;
  PointColumns columns;
  std::vector<uint32_t> lookup(n);  // Slots in key order (carrier names are sorted: (carrier index, id)).
  run(std::array<std::function<void()>, 2>{
      [&] { hierarchy = BuildClusterHierarchy(coordinates); },
      [&] {
        categories = BuildCategories(points_, carrier_of, rank, key_order, vectors, slot_of);
        columns = LayOutColumns(points_, carriers_, zones_, carrier_of, zone_of, vectors, slot_of, profiles.of_point);
        for (size_t p = 0; p < n; ++p) lookup[rank[p]] = slot_of[p];
      }});

  const std::vector<sf::ClusterParams> cluster_params = {hierarchy.params};
  FileWriter w;  // Holds pointers to the sections until Finish: each must outlive it.
  w.Section(sf::kUnitVectors, columns.unit_vectors);
  w.Section(sf::kCoordinates, coordinates);
  w.Section(sf::kAttributes, columns.attributes);
  w.Section(sf::kProfileRefs, columns.profile_refs);
  w.Section(sf::kTextOffsets, columns.text_offsets);
  w.Section(sf::kKdAxes, kd.axes);
  w.Section(sf::kKdSplits, kd.splits);
  w.Section(sf::kCategories, categories.categories);
  w.Section(sf::kCarriers, columns.carrier_refs);
  w.Section(sf::kZones, columns.zones);
  w.Section(sf::kSchedules, profiles.schedules);
  w.Section(sf::kProfiles, profiles.profiles);
  w.Section(sf::kClosures, profiles.closures);
  w.Section(sf::kLookup, lookup);
  w.Section(sf::kStrings, columns.strings);
  w.Section(sf::kSubSlots, categories.sub_slots);
  w.Section(sf::kSubVectors, categories.sub_vectors);
  w.Section(sf::kSubAxes, categories.sub_kd.axes);
  w.Section(sf::kSubSplits, categories.sub_kd.splits);
  w.Section(sf::kClusterParams, cluster_params);
  w.Section(sf::kClusters, hierarchy.clusters);
  w.Section(sf::kClusterChildren, hierarchy.children);
  w.Section(sf::kClusterRoots, hierarchy.roots);
  return w.Finish(dataset_day, static_cast<uint32_t>(n));
}

}  // namespace relais
