// Where an order is: the coarse statuses it moves through, in the only order it moves through them, and
// "cancelled" (reached from the first ones, never left). The API and the stores spell them as
// OrderStatusName does; nothing else in edge compares status strings.
#ifndef RELAIS_EDGE_MODEL_ORDER_STATUS_H_
#define RELAIS_EDGE_MODEL_ORDER_STATUS_H_

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace relais::edge {

enum class OrderStatus : uint8_t { kPlaced, kPreparing, kReady, kShipped, kCollected, kDelivered, kCancelled };

// The statuses on the way forward, in order (every status but kCancelled).
inline constexpr OrderStatus kForwardStatuses[] = {OrderStatus::kPlaced,    OrderStatus::kPreparing,
                                                   OrderStatus::kReady,     OrderStatus::kShipped,
                                                   OrderStatus::kCollected, OrderStatus::kDelivered};

// "placed", "preparing", "ready", "shipped", "collected", "delivered", "cancelled".
std::string_view OrderStatusName(OrderStatus status);
std::string OrderStatusText(OrderStatus status);  // The same, as a string to build messages with.
// The status spelled `name`, nullopt for anything else (the API refuses it naming the field).
std::optional<OrderStatus> ParseOrderStatus(std::string_view name);

// An order status in JSON is its name (defined with the other JSON forms, order_json.cc). Declared here so
// that no JSON anywhere gets the enum's number by accident.
void to_json(nlohmann::json& j, OrderStatus status);

// True when `later` is further along the way forward than `earlier`; never for a cancelled one.
inline bool IsAhead(OrderStatus later, OrderStatus earlier) {
  return later != OrderStatus::kCancelled && earlier != OrderStatus::kCancelled && later > earlier;
}

// The status of something made of parts (a parent of its children, an order of its shipments): the least
// advanced of the parts still running, kCancelled when every part is, `none` when there are no parts.
OrderStatus LeastAdvancedStatus(const std::vector<OrderStatus>& parts, OrderStatus none);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_MODEL_ORDER_STATUS_H_
