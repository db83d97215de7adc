#include "edge/model/stock_movement.h"

namespace relais::edge {

namespace {

constexpr std::string_view kNames[] = {
    "receipt",    "shrinkage",       "pos_sale",          "web_sale",           "reservation",
    "release",    "return_to_stock", "inventory_count",   "warehouse_snapshot", "transfer_out",
    "in_transit", "transfer_in",     "return_unsellable",
};

}  // namespace

std::string_view MovementKindName(MovementKind kind) { return kNames[static_cast<int>(kind)]; }

std::optional<MovementKind> ParseMovementKind(std::string_view name) {
  for (size_t i = 0; i < std::size(kNames); ++i) {
    if (kNames[i] == name) return static_cast<MovementKind>(i);
  }
  return std::nullopt;
}

bool IsAbsolute(MovementKind kind) {
  return kind == MovementKind::kInventoryCount || kind == MovementKind::kWarehouseSnapshot;
}

std::optional<StockDelta> MovementDelta(MovementKind kind, int64_t q, const StockLevel& level, std::string* refusal) {
  const auto needs = [&](const char* what, int64_t have) -> std::optional<StockDelta> {
    *refusal = std::string(MovementKindName(kind)) + " of " + std::to_string(q) + " needs " + std::to_string(q) + " " +
               what + ", " + std::to_string(have) + " there";
    return std::nullopt;
  };
  switch (kind) {
    case MovementKind::kReceipt:
    case MovementKind::kReturnToStock:
      return StockDelta{q, 0, 0};
    case MovementKind::kShrinkage:
    case MovementKind::kPosSale:
      return StockDelta{-q, 0, 0};
    case MovementKind::kWebSale:
      if (level.reserved < q) return needs("reserved", level.reserved);
      return StockDelta{-q, -q, 0};
    case MovementKind::kReservation:
      if (level.available() < q) return needs("available", level.available());
      return StockDelta{0, q, 0};
    case MovementKind::kRelease:
      if (level.reserved < q) return needs("reserved", level.reserved);
      return StockDelta{0, -q, 0};
    case MovementKind::kInventoryCount:
    case MovementKind::kWarehouseSnapshot:
      return StockDelta{q - level.on_hand, 0, 0};
    case MovementKind::kTransferOut:
      if (level.available() < q) return needs("available", level.available());
      return StockDelta{-q, 0, 0};
    case MovementKind::kInTransit:
      return StockDelta{0, 0, q};
    case MovementKind::kTransferIn:
      if (level.in_transit < q) return needs("in transit", level.in_transit);
      return StockDelta{q, 0, -q};
    case MovementKind::kReturnUnsellable:
      return StockDelta{0, 0, 0};
  }
  *refusal = "unknown movement";
  return std::nullopt;
}

}  // namespace relais::edge
