// A server-side basket (basket_routes.cc): what the shopper chose so far.
#ifndef RELAIS_EDGE_MODEL_BASKET_H_
#define RELAIS_EDGE_MODEL_BASKET_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace relais::edge {

// A server-side basket, for storefronts and apps that keep none in the browser: what the shopper chose
// so far. The plan is never stored: it is re-made from the current stock at every read.
struct BasketLine {
  std::string sku;
  int64_t quantity = 1;
  std::string mode;  // Imposed by the shopper for this line, "" when free.
};

struct Basket {
  std::string id;
  std::string customer_id;
  std::string purchase_site;  // "" : the online shop.
  std::vector<BasketLine> lines;
  nlohmann::json choices = nlohmann::json::object();  // The split's choices (split_request.h).
  std::string preference = "cheapest";                // Or "fastest".
  nlohmann::json home_address;                        // Where home lines go: null until given.
  nlohmann::json contact = nlohmann::json::object();
  std::string status = "open";  // "ordered" once an order was placed from it.
  std::string order_id;
  int64_t version = 0;  // Bumped by every change: a write over a newer version is refused.
  std::string created_at, updated_at;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_MODEL_BASKET_H_
