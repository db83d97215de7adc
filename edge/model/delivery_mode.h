// How a line of an order reaches the shopper, spelled once. The engine plans with SplitMode (split_plan.h);
// an order records what the plan chose: the engine's "reserve" (collect where the stock is, not at the
// chosen site) is a click & collect at that site, and a collection after a transfer from another site is a
// reserve_transfer. Sites offer modes under the same names (their capabilities), plus "transfer".
#ifndef RELAIS_EDGE_MODEL_DELIVERY_MODE_H_
#define RELAIS_EDGE_MODEL_DELIVERY_MODE_H_

#include <cstdint>
#include <iterator>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "wasm/engine/split_plan.h"

namespace relais::edge {

enum class DeliveryMode : uint8_t {
  kHome,
  kClickCollect,
  kDrive,
  kPedestrian,
  kRelay,
  kLocker,
  kReserveTransfer,  // Reserved at one site, transferred to the pick-up site, collected there.
};

inline constexpr DeliveryMode kDeliveryModes[] = {
    DeliveryMode::kHome,  DeliveryMode::kClickCollect, DeliveryMode::kDrive,          DeliveryMode::kPedestrian,
    DeliveryMode::kRelay, DeliveryMode::kLocker,       DeliveryMode::kReserveTransfer};

// Their names, in kDeliveryModes' order: what the API and the stores write.
inline constexpr std::string_view kDeliveryModeNames[] = {"home",  "click_collect", "drive",           "pedestrian",
                                                          "relay", "locker",        "reserve_transfer"};
static_assert(std::size(kDeliveryModeNames) == std::size(kDeliveryModes));

std::string_view DeliveryModeName(DeliveryMode mode);
std::string DeliveryModeText(DeliveryMode mode);  // The same, as a string to build messages with.
// The mode spelled `name` (the names above only), nullopt for anything else.
std::optional<DeliveryMode> ParseDeliveryMode(std::string_view name);

// The kind of an order's delivery entry or line ({mode, route?}): its route for a merchant's mode, else its
// mode. nullopt when neither names one.
std::optional<DeliveryMode> DeliveryKindOf(const nlohmann::json& entry);

// JSON spells a mode by its name (defined with the other JSON forms, order_json.cc).
void to_json(nlohmann::json& j, DeliveryMode mode);

// Collected by the shopper at a site: click_collect, drive, pedestrian, reserve_transfer.
bool IsCollected(DeliveryMode mode);
// Delivered to a carrier's relay point or locker.
bool IsPointDelivery(DeliveryMode mode);

// The engine's mode for planning a line the shopper imposed `mode` on (reserve_transfer: a click & collect,
// with the transfer the plan finds).
SplitMode PlannerMode(DeliveryMode mode);
// What an order records for a shipment the engine planned by `mode` (its reserve: a click & collect).
DeliveryMode RecordedMode(SplitMode mode);

// A mode a shopper imposes on a basket line: the engine's names (split_plan.h), and reserve_transfer as an
// older spelling of click_collect. nullopt for anything else.
std::optional<SplitMode> ParseImposedMode(std::string_view name);
// The names ParseImposedMode reads (the engine's, in SplitMode order), to list in a refusal.
std::span<const std::string_view> ImposedModeNames();

}  // namespace relais::edge

#endif  // RELAIS_EDGE_MODEL_DELIVERY_MODE_H_
