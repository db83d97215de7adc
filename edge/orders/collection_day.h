// Whether a shopper may collect at a site on a day: the one rule an order's collection date and customer
// service's change of it both obey -- a real date, not before today, and a day the site opens (its published
// hours and closures; a site that publishes none is taken at its word).
#ifndef RELAIS_EDGE_ORDERS_COLLECTION_DAY_H_
#define RELAIS_EDGE_ORDERS_COLLECTION_DAY_H_

#include <optional>
#include <string>

#include "edge/model/catalogue.h"
#include "edge/model/delivery_mode.h"
#include "edge/orders/order_error.h"
#include "wasm/engine/civil_time.h"

namespace relais::edge {

// nullopt when `date` (YYYY-MM-DD) is a day `site` hands orders over by `mode`, `today` or later; else
// invalid_field (not a date, in the past) or site_closed, naming `field`. A service booked by slot opens on
// its own hours (slot_booking.h), which may differ from the shop's.
std::optional<OrderError> CollectionDayRefusal(const Site& site, DeliveryMode mode, const std::string& date,
                                               DayNumber today, const std::string& field);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_COLLECTION_DAY_H_
