// Why the order domain refused something: a typed value the HTTP floor renders (one table maps each code
// to its status, http/order_errors.h). The codes are the API's: "insufficient_stock", "order_moved",
// "not_cancellable", "status_backwards", "derived_status", "not_found", "idempotency_key_reused",
// "relay_unavailable", "plan_changed"... a client acts on the code, a person reads the message.
#ifndef RELAIS_EDGE_ORDERS_ORDER_ERROR_H_
#define RELAIS_EDGE_ORDERS_ORDER_ERROR_H_

#include <nlohmann/json.hpp>
#include <string>

#include "edge/model/result.h"
#include "edge/store/store.h"

namespace relais::edge {

struct OrderError {
  std::string code;
  std::string message;
  std::string field;                                  // The input it is about, "" when none.
  nlohmann::json details = nlohmann::json::object();  // More for the client to act on.
};

template <class T>
using OrderResult = Result<T, OrderError>;

// What a store's refusal means to a caller of the order domain.
OrderError OrderErrorOf(const StoreError& error);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_ORDER_ERROR_H_
