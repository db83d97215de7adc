// The canonical relay record in memory (docs/relay-record.md): what data-sync produces, the
// snapshot builder consumes and the snapshot gives back point by point.
#ifndef RELAIS_ENGINE_RELAY_POINT_H_
#define RELAIS_ENGINE_RELAY_POINT_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wasm/engine/opening_hours.h"
#include "wasm/engine/time_zone.h"

namespace relais {

enum class PointKind : uint8_t { kShop = 0, kLocker = 1, kPostOffice = 2, kStore = 3, kDrive = 4 };
constexpr int kPointKindCount = 5;
std::string_view PointKindName(PointKind kind);  // "shop", "locker", "post_office", "store", "drive".
std::optional<PointKind> ParsePointKind(std::string_view name);

// Service flags, one bit each, in the record's order.
enum Service : uint16_t {
  kAccessible = 1 << 0,
  kParking = 1 << 1,
  kCard = 1 << 2,
  kReturns = 1 << 3,
  kCod = 1 << 4,
  kRefrigerated = 1 << 5,
  kLate = 1 << 6,
  kSunday = 1 << 7,
};
constexpr int kServiceCount = 8;
std::string_view ServiceName(int bit);  // "accessible", ... for bit 0..7.
std::optional<uint16_t> ParseService(std::string_view name);

constexpr size_t kMaxIdBytes = 32;  // The contract's limit on a carrier's point id.

struct RelayPoint {
  std::string carrier;
  std::string id;
  PointKind kind = PointKind::kShop;
  std::string name;
  std::vector<std::string> address;
  std::string postcode;
  std::string city;
  std::string country;
  double lat = 0;
  double lon = 0;
  std::string tz;
  TimeZoneRule zone;
  WeeklySchedule hours;  // kUnknown when the source publishes none.
  std::vector<ClosurePeriod> closures;
  uint32_t max_weight_g = 0;                 // 0: the carrier's default.
  std::array<uint16_t, 3> max_dims_cm = {};  // All 0: the carrier's default.
  uint16_t services = 0;
  bool active = true;

  bool operator==(const RelayPoint&) const = default;
};

}  // namespace relais

#endif  // RELAIS_ENGINE_RELAY_POINT_H_
