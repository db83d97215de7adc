// An order (and a basket) as JSON: the API's answer and the form the store keeps it in (one document per
// order, so that what a shopper was told is exactly what is read back).
#ifndef RELAIS_EDGE_MODEL_ORDER_JSON_H_
#define RELAIS_EDGE_MODEL_ORDER_JSON_H_

#include <nlohmann/json.hpp>

#include "edge/model/basket.h"
#include "edge/model/order.h"

namespace relais::edge {

nlohmann::json OrderJson(const Order& order);
Order OrderFromJson(const nlohmann::json& j);  // Reads what OrderJson wrote.
// A parent's children as its JSON says them: [{id, site, status, total_cents, latest?}].
nlohmann::json ChildrenJson(const std::vector<ChildSummary>& children);

// A basket as JSON: the API's answer (the plan aside) and the form the store keeps it in.
nlohmann::json BasketJson(const Basket& basket);
Basket BasketFromJson(const nlohmann::json& j);  // Reads what BasketJson wrote.

}  // namespace relais::edge

#endif  // RELAIS_EDGE_MODEL_ORDER_JSON_H_
