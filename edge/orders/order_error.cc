#include "edge/orders/order_error.h"

namespace relais::edge {

OrderError OrderErrorOf(const StoreError& error) {
  switch (error.kind) {
    case StoreError::Kind::kNotFound:
      return {"not_found", error.message, error.field};
    case StoreError::Kind::kConflict:
      return {"order_moved", error.message + ": read it again", error.field};
    case StoreError::Kind::kInsufficientStock:
      return {"insufficient_stock", error.message, error.field};
    case StoreError::Kind::kKeyReused:
      return {"idempotency_key_reused", error.message, error.field};
    case StoreError::Kind::kInvalid:
      return {"invalid_field", error.message, error.field};
    case StoreError::Kind::kSlotFull:  // Callers that booked say which line, with the next free slots.
      return {"slot_unavailable", error.message, error.field, {{"reason", "full"}}};
    case StoreError::Kind::kRangeExhausted:
      return {"parcel_range_exhausted", error.message, error.field};
  }
  return {"invalid_field", error.message, error.field};
}

}  // namespace relais::edge
