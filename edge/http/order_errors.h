// The one table from the order domain's error codes (orders/order_error.h) and the store's refusals to
// HTTP statuses: routes render refusals through it, so a code means the same status everywhere.
#ifndef RELAIS_EDGE_HTTP_ORDER_ERRORS_H_
#define RELAIS_EDGE_HTTP_ORDER_ERRORS_H_

#include <string>
#include <utility>

#include "edge/api_error.h"
#include "edge/orders/order_error.h"

namespace relais::edge {

// The status of `code`: 404 not_found, 400 invalid_field, 422 idempotency_key_reused, 503
// relay_data_unavailable, 409 for a refusal by the order's state or the stock (insufficient_stock,
// order_moved, not_cancellable, ...).
int HttpStatusOf(const std::string& code);

inline ApiError ApiErrorOf(const OrderError& e) {
  return ApiError(HttpStatusOf(e.code), e.code, e.message, e.field).WithDetails(e.details);
}

// The value, or the refusal thrown as the route's answer.
template <class T>
T ValueOrThrow(OrderResult<T>&& result) {
  if (!result.ok()) throw ApiErrorOf(result.error());
  return std::move(result).value();
}
template <class T>
T ValueOrThrow(StoreResult<T>&& result) {
  if (!result.ok()) throw ApiErrorOf(OrderErrorOf(result.error()));
  return std::move(result).value();
}

}  // namespace relais::edge

#endif  // RELAIS_EDGE_HTTP_ORDER_ERRORS_H_
