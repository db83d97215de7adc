#include "edge/model/order_status.h"

#include <algorithm>

namespace relais::edge {

namespace {

constexpr std::string_view kNames[] = {"placed",    "preparing", "ready",    "shipped",
                                       "collected", "delivered", "cancelled"};

}  // namespace

std::string_view OrderStatusName(OrderStatus status) { return kNames[static_cast<size_t>(status)]; }

std::string OrderStatusText(OrderStatus status) { return std::string(OrderStatusName(status)); }

std::optional<OrderStatus> ParseOrderStatus(std::string_view name) {
  for (size_t i = 0; i < std::size(kNames); ++i) {
    if (name == kNames[i]) return static_cast<OrderStatus>(i);
  }
  return std::nullopt;
}

OrderStatus LeastAdvancedStatus(const std::vector<OrderStatus>& parts, OrderStatus none) {
  std::optional<OrderStatus> least;
  for (OrderStatus status : parts) {
    if (status != OrderStatus::kCancelled) least = least ? std::min(*least, status) : status;
  }
  if (least) return *least;
  return parts.empty() ? none : OrderStatus::kCancelled;
}

}  // namespace relais::edge
