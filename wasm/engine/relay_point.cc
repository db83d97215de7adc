#include "wasm/engine/relay_point.h"

namespace relais {

namespace {
constexpr std::string_view kKindNames[kPointKindCount] = {"shop", "locker", "post_office", "store", "drive"};
constexpr std::string_view kServiceNames[kServiceCount] = {"accessible", "parking",      "card", "returns",
                                                           "cod",        "refrigerated", "late", "sunday"};
}  // namespace

std::string_view PointKindName(PointKind kind) { return kKindNames[static_cast<int>(kind)]; }

std::optional<PointKind> ParsePointKind(std::string_view name) {
  for (int i = 0; i < kPointKindCount; ++i) {
    if (kKindNames[i] == name) return static_cast<PointKind>(i);
  }
  return std::nullopt;
}

std::string_view ServiceName(int bit) { return kServiceNames[bit]; }

std::optional<uint16_t> ParseService(std::string_view name) {
  for (int i = 0; i < kServiceCount; ++i) {
    if (kServiceNames[i] == name) return static_cast<uint16_t>(1u << i);
  }
  return std::nullopt;
}

}  // namespace relais
