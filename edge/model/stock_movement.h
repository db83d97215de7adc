// What each stock movement does to the figures of one (sku, site). The ledger stores every movement with
// the change it made, so on hand, reserved and in transit are always the sum of their ledger rows (a
// test replays them), whatever the store behind.
//
//   receipt, return_to_stock     on hand + q
//   shrinkage, pos_sale          on hand - q   (recorded even below zero: the goods are gone either way;
//                                               available then goes negative and blocks web reservations)
//   web_sale                     on hand - q, reserved - q   (a reservation fulfilled; needs q reserved)
//   reservation                  reserved + q  (needs q available: never an oversell)
//   release                      reserved - q  (needs q reserved)
//   inventory_count,             on hand := q  (absolute; the difference is what the ledger records)
//   warehouse_snapshot
//   transfer_out                 on hand - q   (needs q available) at the source, and in transit + q at the
//                                               destination (a second ledger row, kind in_transit)
//   in_transit                   in transit + q (goods announced, e.g. a supplier's shipment)
//   transfer_in                  in transit - q, on hand + q  (needs q in transit)
//   return_unsellable            nothing: a returned unit staff could not resell, recorded where it came back
#ifndef RELAIS_EDGE_MODEL_STOCK_MOVEMENT_H_
#define RELAIS_EDGE_MODEL_STOCK_MOVEMENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace relais::edge {

enum class MovementKind {
  kReceipt,
  kShrinkage,
  kPosSale,
  kWebSale,
  kReservation,
  kRelease,
  kReturnToStock,
  kInventoryCount,
  kWarehouseSnapshot,
  kTransferOut,
  kInTransit,
  kTransferIn,
  kReturnUnsellable,
};

std::string_view MovementKindName(MovementKind kind);  // "receipt", "pos_sale", ...
std::optional<MovementKind> ParseMovementKind(std::string_view name);
bool IsAbsolute(MovementKind kind);  // inventory_count and warehouse_snapshot: q is the new on-hand figure.

struct StockLevel {
  int64_t on_hand = 0;
  int64_t reserved = 0;
  int64_t in_transit = 0;
  int64_t available() const { return on_hand - reserved; }
  bool operator==(const StockLevel&) const = default;
};

struct StockDelta {
  int64_t on_hand = 0;
  int64_t reserved = 0;
  int64_t in_transit = 0;
};

// The change `kind` with quantity q makes to `level`, or nullopt with *refusal set (the figures that
// forbid it). q is >= 1, or >= 0 for the absolute kinds.
std::optional<StockDelta> MovementDelta(MovementKind kind, int64_t q, const StockLevel& level, std::string* refusal);

struct Movement {
  MovementKind kind;
  std::string sku;
  std::string site;
  int64_t quantity = 0;
  std::string to_site;    // transfer_out only.
  std::string reference;  // Free text: the POS ticket, the order, the count sheet.
};

struct LedgerEntry {
  int64_t id = 0;  // Increasing: the ledger's order.
  std::string sku;
  std::string site;
  MovementKind kind;
  int64_t quantity = 0;
  StockDelta delta;
  std::string reference;
  std::string recorded_at;  // ISO 8601 UTC.
};

struct SiteStock {
  std::string site;
  std::string zone;
  StockLevel level;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_MODEL_STOCK_MOVEMENT_H_
