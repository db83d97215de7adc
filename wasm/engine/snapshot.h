// A read-only view of a snapshot file (snapshot_format.h): validation plus pointer arithmetic.
//
// Open() checks everything a reader later trusts -- header, section bounds and sizes, every stored index
// and offset -- so that a truncated, corrupted or hostile file is refused with a message and no accessor
// can read out of bounds. The cluster hierarchy is the exception: its one reader, QueryClusters, checks it
// as it walks it. The bytes are not copied: they must stay alive and unchanged while the Snapshot
// (and anything built on it) is used, and start at an 8-byte aligned address.
// A Snapshot is immutable and may be shared between threads.
#ifndef RELAIS_ENGINE_SNAPSHOT_H_
#define RELAIS_ENGINE_SNAPSHOT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "wasm/engine/opening_hours.h"
#include "wasm/engine/relay_point.h"
#include "wasm/engine/snapshot_format.h"

namespace relais {

class Snapshot;
struct SnapshotOpen;

enum class TextField : int { kId = 0, kName = 1, kAddress = 2, kPostcode = 3, kCity = 4, kCountry = 5 };

class Snapshot {
 public:
  // verify_checksum: also check the whole file's XXH64 (bounds are always checked).
  static SnapshotOpen Open(std::span<const uint8_t> bytes, bool verify_checksum = true);
  // Open with the checksum verified against `computed`: what a FileChecksummer(kChecksumOffset) fed these
  // bytes gave while they arrived, so that they are not read a second time.
  static SnapshotOpen OpenWithChecksum(std::span<const uint8_t> bytes, uint64_t computed);

  uint32_t size() const { return point_count_; }
  DayNumber dataset_day() const { return dataset_day_; }
  std::span<const uint8_t> bytes() const { return bytes_; }
  // The XXH64 the header carries: the file's identity (checked against the bytes when opened with
  // verify_checksum).
  uint64_t checksum() const;

  // Point accessors; i < size().
  double lat(uint32_t i) const { return coordinates_[2 * i] / snapshot_format::kCoordScale; }
  double lon(uint32_t i) const { return coordinates_[2 * i + 1] / snapshot_format::kCoordScale; }
  PointKind kind(uint32_t i) const {
    return static_cast<PointKind>(attributes_[i] & snapshot_format::attributes::kKindMask);
  }
  bool active(uint32_t i) const { return attributes_[i] & snapshot_format::attributes::kActive; }
  uint16_t services(uint32_t i) const { return (attributes_[i] >> snapshot_format::attributes::kServicesShift) & 0xff; }
  uint32_t carrier_index(uint32_t i) const {
    return (attributes_[i] >> snapshot_format::attributes::kCarrierShift) & 0xff;
  }
  uint32_t zone_index(uint32_t i) const { return attributes_[i] >> snapshot_format::attributes::kZoneShift; }
  std::string_view carrier(uint32_t i) const { return carrier_name(carrier_index(i)); }
  std::string_view text(uint32_t i, TextField field) const;
  // All text fields of a point, '\0'-separated in TextField order (fields may be missing in a bad file).
  std::string_view texts(uint32_t i) const {
    return {reinterpret_cast<const char*>(strings_.data()) + text_offsets_[i], text_offsets_[i + 1] - text_offsets_[i]};
  }
  const snapshot_format::Profile& profile(uint32_t i) const { return profiles_[profile_refs_[i]]; }
  TimeZoneRule zone(uint32_t i) const { return zone_rule(zone_index(i)); }
  std::string_view zone_name(uint32_t i) const { return String(zones_[zone_index(i)].name); }
  const WeeklySchedule& schedule(uint32_t i) const { return schedules_[profile(i).schedule]; }
  std::span<const ClosurePeriod> closures(uint32_t i) const;
  OpeningHours hours(uint32_t i) const { return OpeningHours(schedule(i), closures(i), zone(i)); }
  // The whole record again, e.g. for an API answer or a diff.
  RelayPoint Record(uint32_t i) const;

  // The point with this key, or nullopt: the existence check used at order time.
  std::optional<uint32_t> Find(std::string_view carrier, std::string_view id) const;

  uint32_t carrier_count() const { return static_cast<uint32_t>(carriers_.size()); }
  std::string_view carrier_name(uint32_t c) const { return String(carriers_[c]); }
  std::optional<uint32_t> FindCarrier(std::string_view slug) const;
  uint32_t zone_count() const { return static_cast<uint32_t>(zones_.size()); }
  TimeZoneRule zone_rule(uint32_t z) const {
    return {zones_[z].std_offset_s, static_cast<DstRule>(zones_[z].dst_rule)};
  }

  // Raw arrays, for the search modules.
  std::span<const float> unit_vectors() const { return unit_vectors_; }
  std::span<const int32_t> coordinates() const { return coordinates_; }
  std::span<const uint32_t> attributes() const { return attributes_; }
  std::span<const uint8_t> kd_axes() const { return kd_axes_; }
  std::span<const float> kd_splits() const { return kd_splits_; }
  std::span<const snapshot_format::Category> categories() const { return categories_; }
  std::span<const uint32_t> sub_slots() const { return sub_slots_; }
  std::span<const float> sub_vectors() const { return sub_vectors_; }
  std::span<const uint8_t> sub_axes() const { return sub_axes_; }
  std::span<const float> sub_splits() const { return sub_splits_; }
  const snapshot_format::ClusterParams& cluster_params() const { return cluster_params_[0]; }
  std::span<const snapshot_format::ClusterRecord> clusters() const { return clusters_; }
  std::span<const uint32_t> cluster_children() const { return cluster_children_; }
  std::span<const uint32_t> cluster_roots() const { return cluster_roots_; }

 private:
  Snapshot() = default;
  std::string_view String(snapshot_format::StringRef ref) const {
    return {reinterpret_cast<const char*>(strings_.data()) + ref.offset, ref.size};
  }
  // Verifies the checksum when `verify_checksum`, against `computed` when given, else by reading the bytes.
  std::string Validate(bool verify_checksum, std::optional<uint64_t> computed);

  std::span<const uint8_t> bytes_;
  DayNumber dataset_day_ = 0;
  uint32_t point_count_ = 0;
  std::span<const float> unit_vectors_;
  std::span<const int32_t> coordinates_;
  std::span<const uint32_t> attributes_;
  std::span<const uint32_t> profile_refs_;
  std::span<const uint32_t> text_offsets_;
  std::span<const uint8_t> kd_axes_;
  std::span<const float> kd_splits_;
  std::span<const snapshot_format::Category> categories_;
  std::span<const uint32_t> sub_slots_;
  std::span<const float> sub_vectors_;
  std::span<const uint8_t> sub_axes_;
  std::span<const float> sub_splits_;
  std::span<const snapshot_format::ClusterParams> cluster_params_;
  std::span<const snapshot_format::ClusterRecord> clusters_;
  std::span<const uint32_t> cluster_children_;
  std::span<const uint32_t> cluster_roots_;
  std::span<const snapshot_format::StringRef> carriers_;
  std::span<const snapshot_format::Zone> zones_;
  std::span<const WeeklySchedule> schedules_;
  std::span<const snapshot_format::Profile> profiles_;
  std::span<const ClosurePeriod> closures_;
  std::span<const uint32_t> lookup_;
  std::span<const uint8_t> strings_;
};

struct SnapshotOpen {
  std::optional<Snapshot> snapshot;  // Set on success.
  std::string error;                 // Why the bytes were refused.
};

}  // namespace relais

#endif  // RELAIS_ENGINE_SNAPSHOT_H_
