// Customer service sends a shopper's message again (it was lost, or the shopper's address changed
// meanwhile): a new message due now, beside the original which stays as it was.
#ifndef RELAIS_EDGE_ORDERS_NOTIFICATION_RESEND_H_
#define RELAIS_EDGE_ORDERS_NOTIFICATION_RESEND_H_

#include <cstdint>
#include <string>

#include "edge/model/notification.h"
#include "edge/model/order.h"
#include "edge/orders/order_error.h"
#include "edge/orders/order_lifecycle.h"
#include "edge/store/store.h"

namespace relais::edge {

// Queues notification `id` of order `order_id` (or of one of its children) again, due now, and records who
// asked and why (a "notification_resent" event on the order the message belongs to). Its trigger is the
// original's with a rank, "<trigger>#resend<n>", so that the outbox, which keeps one message per trigger
// and channel, keeps every copy, and a step replayed later is still told apart from a resend. Decided on
// the order's version: two resends at once get two ranks. Returns the new message; not_found when the
// order has no such notification.
OrderResult<Notification> ResendNotification(OrderLifecycle& lifecycle, Store& store, const std::string& brand,
                                             const std::string& order_id, int64_t id, const Actor& actor);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_NOTIFICATION_RESEND_H_
