#include "edge/model/delivery_mode.h"

#include <array>
#include <nlohmann/json.hpp>

namespace relais::edge {

std::string_view DeliveryModeName(DeliveryMode mode) { return kDeliveryModeNames[static_cast<size_t>(mode)]; }

std::string DeliveryModeText(DeliveryMode mode) { return std::string(DeliveryModeName(mode)); }

std::optional<DeliveryMode> ParseDeliveryMode(std::string_view name) {
  for (size_t i = 0; i < std::size(kDeliveryModeNames); ++i) {
    if (name == kDeliveryModeNames[i]) return kDeliveryModes[i];
  }
  return std::nullopt;
}

std::optional<DeliveryMode> DeliveryKindOf(const nlohmann::json& entry) {
  if (!entry.is_object()) return std::nullopt;
  const auto route = entry.find("route");
  const auto mode = entry.find("mode");
  const nlohmann::json& name = route != entry.end() ? *route : mode != entry.end() ? *mode : entry;
  return name.is_string() ? ParseDeliveryMode(name.get_ref<const std::string&>()) : std::nullopt;
}

bool IsCollected(DeliveryMode mode) {
  return mode == DeliveryMode::kClickCollect || mode == DeliveryMode::kDrive || mode == DeliveryMode::kPedestrian ||
         mode == DeliveryMode::kReserveTransfer;
}

bool IsPointDelivery(DeliveryMode mode) { return mode == DeliveryMode::kRelay || mode == DeliveryMode::kLocker; }

SplitMode PlannerMode(DeliveryMode mode) {
  switch (mode) {
    case DeliveryMode::kHome:
      return SplitMode::kHome;
    case DeliveryMode::kClickCollect:
    case DeliveryMode::kReserveTransfer:
      return SplitMode::kClickCollect;
    case DeliveryMode::kDrive:
      return SplitMode::kDrive;
    case DeliveryMode::kPedestrian:
      return SplitMode::kPedestrian;
    case DeliveryMode::kRelay:
      return SplitMode::kRelay;
    case DeliveryMode::kLocker:
      return SplitMode::kLocker;
  }
  return SplitMode::kHome;
}

DeliveryMode RecordedMode(SplitMode mode) {
  switch (mode) {
    case SplitMode::kHome:
      return DeliveryMode::kHome;
    case SplitMode::kClickCollect:
    case SplitMode::kReserve:
      return DeliveryMode::kClickCollect;
    case SplitMode::kDrive:
      return DeliveryMode::kDrive;
    case SplitMode::kPedestrian:
      return DeliveryMode::kPedestrian;
    case SplitMode::kRelay:
      return DeliveryMode::kRelay;
    case SplitMode::kLocker:
      return DeliveryMode::kLocker;
  }
  return DeliveryMode::kHome;
}

std::span<const std::string_view> ImposedModeNames() {
  static const std::array<std::string_view, kSplitModeCount> names = [] {
    std::array<std::string_view, kSplitModeCount> all;
    for (int m = 0; m < kSplitModeCount; ++m) all[m] = SplitModeName(static_cast<SplitMode>(m));
    return all;
  }();
  return names;
}

std::optional<SplitMode> ParseImposedMode(std::string_view name) {
  return ParseSplitMode(name == "reserve_transfer" ? "click_collect" : name);
}

}  // namespace relais::edge
