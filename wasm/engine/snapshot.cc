#include "wasm/engine/snapshot.h"

#include <bit>
#include <cmath>
#include <cstring>

#include "wasm/engine/file_checksum.h"

namespace relais {

static_assert(std::endian::native == std::endian::little, "the snapshot format is little-endian");

namespace {

namespace sf = snapshot_format;

template <typename T>
T ReadAt(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

// Finds a section and views it as an array of T, or says why it cannot.
template <typename T>
std::string TypedSection(std::span<const uint8_t> file, std::span<const sf::SectionEntry> table, uint32_t id,
                         const char* name, std::span<const T>* out) {
  for (const sf::SectionEntry& e : table) {
    if (e.id != id) continue;
    if (e.element_size != sizeof(T)) return std::string("section ") + name + ": wrong element size";
    if (e.offset % 8 != 0) return std::string("section ") + name + ": misaligned";
    if (e.offset > file.size() || e.size > file.size() - e.offset)
      return std::string("section ") + name + ": out of bounds";
    if (e.size % sizeof(T) != 0) return std::string("section ") + name + ": size not a whole number of elements";
    *out = {reinterpret_cast<const T*>(file.data() + e.offset), static_cast<size_t>(e.size / sizeof(T))};
    return "";
  }
  return std::string("section ") + name + " missing";
}

// Whether a micro-degree value lies in [-limit, limit], for any int32 (std::abs(INT32_MIN) is undefined).
bool WithinMicroDegrees(int32_t value, uint32_t limit) { return static_cast<uint32_t>(value) + limit <= 2 * limit; }

}  // namespace

SnapshotOpen Snapshot::Open(std::span<const uint8_t> bytes, bool verify_checksum) {
  SnapshotOpen result;
  Snapshot s;
  s.bytes_ = bytes;
  result.error = s.Validate(verify_checksum, std::nullopt);
  if (result.error.empty()) result.snapshot = s;
  return result;
}

SnapshotOpen Snapshot::OpenWithChecksum(std::span<const uint8_t> bytes, uint64_t computed) {
  SnapshotOpen result;
  Snapshot s;
  s.bytes_ = bytes;
  result.error = s.Validate(true, computed);
  if (result.error.empty()) result.snapshot = s;
  return result;
}

std::string Snapshot::Validate(bool verify_checksum, std::optional<uint64_t> computed) {
  const uint8_t* base = bytes_.data();
  if (bytes_.size() < sf::kHeaderSize) return "not a relais snapshot: file too short";
  if (std::memcmp(base, sf::kMagic, sizeof(sf::kMagic)) != 0) return "not a relais snapshot: bad magic";
  if (reinterpret_cast<uintptr_t>(base) % 8 != 0) return "snapshot bytes must be 8-byte aligned";
  const uint32_t version = ReadAt<uint32_t>(base + 12);
  if (version != sf::kFormatVersion) {
    return "snapshot format version " + std::to_string(version) + " is not supported (expected " +
           std::to_string(sf::kFormatVersion) + ")";
  }
  if (ReadAt<uint32_t>(base + 16) != sf::kHeaderSize) return "bad header size";
  const uint64_t file_size = ReadAt<uint64_t>(base + 24);
  if (file_size != bytes_.size()) {
    return "snapshot truncated or padded: header says " + std::to_string(file_size) + " bytes, got " +
           std::to_string(bytes_.size());
  }
  if (verify_checksum && (computed ? *computed : FileChecksum(bytes_, sf::kChecksumOffset)) != checksum()) {
    return "snapshot corrupted: checksum mismatch";
  }
  const uint32_t section_count = ReadAt<uint32_t>(base + 20);
  if (section_count > 64 || sf::kHeaderSize + uint64_t{section_count} * sizeof(sf::SectionEntry) > bytes_.size()) {
    return "bad section table";
  }
  const std::span<const sf::SectionEntry> table(reinterpret_cast<const sf::SectionEntry*>(base + sf::kHeaderSize),
                                                section_count);
  dataset_day_ = ReadAt<int32_t>(base + 32);
  point_count_ = ReadAt<uint32_t>(base + 36);
  const uint64_t n = point_count_;

  std::string e;
  if (!(e = TypedSection(bytes_, table, sf::kUnitVectors, "unit vectors", &unit_vectors_)).empty() ||
      !(e = TypedSection(bytes_, table, sf::kCoordinates, "coordinates", &coordinates_)).empty() ||
      !(e = TypedSection(bytes_, table, sf::kAttributes, "attributes", &attributes_)).empty() ||
      !(e = TypedSection(bytes_, table, sf::kProfileRefs, "profile refs", &profile_refs_)).empty() ||
      !(e = TypedSection(bytes_, table, sf::kTextOffsets, "text offsets", &text_offsets_)).empty() ||
      !(e = TypedSection(bytes_, table, sf::kKdAxes, "kd axes", &kd_axes_)).empty() ||
      !(e = TypedSection(bytes_, table, sf::kKdSplits, "kd splits", &kd_splits_)).empty() ||
      !(e = TypedSection(bytes_, table, sf::kSubSplits, "sub-index splits", &sub_splits_)).empty() ||
      !(e = TypedSection(bytes_, table, sf::kCategories, "categories", &categories_)).empty() ||
      !(e = TypedSection(bytes_, table, sf::kSubSlots, "sub-index slots", &sub_slots_)).empty() ||
      !(e = TypedSection(bytes_, table, sf::kSubVectors, "sub-index vectors", &sub_vectors_)).empty() ||
      !(e = TypedSection(bytes_, table, sf::kSubAxes, "sub-index axes", &sub_axes_)).empty() ||
      !(e = TypedSection(bytes_, table, sf::kClusterParams, "cluster params", &cluster_params_)).empty() ||
      !(e = TypedSection(bytes_, table, sf::kClusters, "clusters", &clusters_)).empty() ||
      !(e = TypedSection(bytes_, table, sf::kClusterChildren, "cluster children", &cluster_children_)).empty() ||
      !(e = TypedSection(bytes_, table, sf::kClusterRoots, "cluster roots", &cluster_roots_)).empty() ||
      !(e = TypedSection(bytes_, table, sf::kCarriers, "carriers", &carriers_)).empty() ||
      !(e = TypedSection(bytes_, table, sf::kZones, "zones", &zones_)).empty() ||
      !(e = TypedSection(bytes_, table, sf::kSchedules, "schedules", &schedules_)).empty() ||
      !(e = TypedSection(bytes_, table, sf::kProfiles, "profiles", &profiles_)).empty() ||
      !(e = TypedSection(bytes_, table, sf::kClosures, "closures", &closures_)).empty() ||
      !(e = TypedSection(bytes_, table, sf::kLookup, "lookup", &lookup_)).empty() ||
      !(e = TypedSection(bytes_, table, sf::kStrings, "strings", &strings_)).empty()) {
    return e;
  }
  if (unit_vectors_.size() != 3 * n || coordinates_.size() != 2 * n || attributes_.size() != n ||
      profile_refs_.size() != n || text_offsets_.size() != n + 1 || lookup_.size() != n ||
      kd_axes_.size() != sf::KdNodeCount(point_count_) || kd_splits_.size() != kd_axes_.size()) {
    return "point arrays disagree with the point count";
  }
  if (carriers_.size() > sf::kMaxCarriers || zones_.size() > sf::kMaxZones) return "too many carriers or zones";

  // Tables first, then every per-point reference into them.
  const auto string_ok = [&](sf::StringRef r) {
    return r.offset <= strings_.size() && r.size <= strings_.size() - r.offset;
  };
  for (const sf::StringRef& c : carriers_) {
    if (!string_ok(c)) return "carrier name out of bounds";
  }
  for (const sf::Zone& z : zones_) {
    if (!string_ok(z.name)) return "zone name out of bounds";
    if (z.dst_rule >= static_cast<uint32_t>(kDstRuleCount) || std::abs(z.std_offset_s) > 14 * 3600)
      return "bad zone rule";
  }
  for (const WeeklySchedule& schedule : schedules_) {
    if (!(e = ValidateSchedule(schedule)).empty()) return "bad schedule: " + e;
  }
  for (const ClosurePeriod& c : closures_) {
    if (c.last_day < c.first_day) return "bad closure period";
  }
  for (const sf::Profile& p : profiles_) {
    if (p.schedule >= schedules_.size() || p.closures_begin > p.closures_end || p.closures_end > closures_.size()) {
      return "profile refers outside its tables";
    }
  }
  if (sub_vectors_.size() != 3 * sub_slots_.size() || sub_splits_.size() != sub_axes_.size()) {
    return "sub-index arrays disagree";
  }
  for (uint8_t axis : kd_axes_) {
    if (axis > 2) return "bad kd axis";
  }
  for (uint8_t axis : sub_axes_) {
    if (axis > 2) return "bad sub-index axis";
  }
  for (const sf::Category& c : categories_) {
    if (c.carrier >= carriers_.size() || c.kind >= static_cast<uint32_t>(kPointKindCount) || c.count > n ||
        c.sub_begin > c.sub_end || c.sub_end > sub_slots_.size()) {
      return "bad category table";
    }
    const uint32_t sub_size = c.sub_end - c.sub_begin;
    if (sub_size != 0 && (sub_size != c.count || c.nodes_begin > sub_axes_.size() ||
                          sf::KdNodeCount(sub_size) > sub_axes_.size() - c.nodes_begin)) {
      return "bad category sub-index";
    }
  }
  if (cluster_params_.size() != 1 || cluster_params_[0].max_zoom > 30 ||
      cluster_params_[0].min_zoom > cluster_params_[0].max_zoom) {
    return "bad cluster parameters";
  }
  // The cluster hierarchy (records, children, roots) is checked where it is walked instead: QueryClusters
  // bounds every index it follows and its whole work. Checking it here took over half of Open's time.
  for (size_t i = 0; i < sub_slots_.size(); ++i) {
    if (sub_slots_[i] >= n) return "bad sub-index";
  }
  for (uint64_t i = 0; i < n; ++i) {
    const uint32_t a = attributes_[i];
    if ((a & sf::attributes::kKindMask) >= static_cast<uint32_t>(kPointKindCount) ||
        ((a >> sf::attributes::kCarrierShift) & 0xff) >= carriers_.size() ||
        (a >> sf::attributes::kZoneShift) >= zones_.size()) {
      return "point " + std::to_string(i) + ": bad attributes";
    }
    if (profile_refs_[i] >= profiles_.size()) return "point " + std::to_string(i) + ": bad profile";
    if (text_offsets_[i + 1] < text_offsets_[i]) return "point " + std::to_string(i) + ": bad text offset";
    if (lookup_[i] >= n) return "bad lookup table";
    if (!WithinMicroDegrees(coordinates_[2 * i], 90'000'000) ||
        !WithinMicroDegrees(coordinates_[2 * i + 1], 180'000'000)) {
      return "point " + std::to_string(i) + ": coordinates out of range";
    }
  }
  if (text_offsets_[0] > strings_.size() || text_offsets_[n] > strings_.size()) return "point text out of bounds";
  return "";
}

std::string_view Snapshot::text(uint32_t i, TextField field) const {
  std::string_view all = texts(i);
  for (int f = 0; f < static_cast<int>(field); ++f) {
    const size_t sep = all.find('\0');
    if (sep == std::string_view::npos) return {};
    all.remove_prefix(sep + 1);
  }
  return all.substr(0, all.find('\0'));
}

std::span<const ClosurePeriod> Snapshot::closures(uint32_t i) const {
  const sf::Profile& p = profile(i);
  return closures_.subspan(p.closures_begin, p.closures_end - p.closures_begin);
}

uint64_t Snapshot::checksum() const { return ReadAt<uint64_t>(bytes_.data() + sf::kChecksumOffset); }

RelayPoint Snapshot::Record(uint32_t i) const {
  RelayPoint p;
  p.carrier = carrier(i);
  p.id = text(i, TextField::kId);
  p.kind = kind(i);
  p.name = text(i, TextField::kName);
  std::string_view address = text(i, TextField::kAddress);
  while (!address.empty()) {
    const size_t nl = address.find('\n');
    p.address.emplace_back(address.substr(0, nl));
    if (nl == std::string_view::npos) break;
    address.remove_prefix(nl + 1);
  }
  p.postcode = text(i, TextField::kPostcode);
  p.city = text(i, TextField::kCity);
  p.country = text(i, TextField::kCountry);
  p.lat = lat(i);
  p.lon = lon(i);
  p.tz = zone_name(i);
  p.zone = zone(i);
  p.hours = schedule(i);
  const std::span<const ClosurePeriod> c = closures(i);
  p.closures.assign(c.begin(), c.end());
  p.max_weight_g = profile(i).max_weight_g;
  for (int d = 0; d < 3; ++d) p.max_dims_cm[d] = profile(i).max_dims_cm[d];
  p.services = services(i);
  p.active = active(i);
  return p;
}

std::optional<uint32_t> Snapshot::FindCarrier(std::string_view slug) const {
  size_t lo = 0, hi = carriers_.size();
  while (lo < hi) {
    const size_t mid = (lo + hi) / 2;
    const std::string_view name = String(carriers_[mid]);
    if (name == slug) return static_cast<uint32_t>(mid);
    if (name < slug)
      lo = mid + 1;
    else
      hi = mid;
  }
  return std::nullopt;
}

std::optional<uint32_t> Snapshot::Find(std::string_view carrier_slug, std::string_view id) const {
  const std::optional<uint32_t> c = FindCarrier(carrier_slug);
  if (!c) return std::nullopt;
  // Lookup is sorted by (carrier index, id).
  size_t lo = 0, hi = lookup_.size();
  while (lo < hi) {
    const size_t mid = (lo + hi) / 2;
    const uint32_t p = lookup_[mid];
    const uint32_t pc = carrier_index(p);
    if (pc < *c || (pc == *c && text(p, TextField::kId) < id))
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo < lookup_.size() && carrier_index(lookup_[lo]) == *c && text(lookup_[lo], TextField::kId) == id)
    return lookup_[lo];
  return std::nullopt;
}

}  // namespace relais
