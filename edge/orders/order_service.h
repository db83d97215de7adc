// Placing orders: what the shopper's checkout, a basket, or another channel (phone, ERP, marketplace)
// asks for, checked against the server's own figures -- products and sites that exist, the purchase
// site's sales zone, the modes each site offers and transfers, the relay point that can take the parcel on
// its date (the engine, on the server's snapshot), prices from the catalogue, and the split plan the
// shopper saw re-made with the server's stock -- then stored with its reservations, all or nothing,
// once per idempotency key.
//
// The HTTP floor reads the request strictly into an OrderRequest (a 400 naming the field for anything
// malformed); everything here is about what the request means, and answers with an OrderError.
#ifndef RELAIS_EDGE_ORDERS_ORDER_SERVICE_H_
#define RELAIS_EDGE_ORDERS_ORDER_SERVICE_H_

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "edge/model/brand_settings.h"
#include "edge/model/catalogue.h"
#include "edge/model/order.h"
#include "edge/orders/order_error.h"
#include "edge/orders/split_request.h"
#include "edge/relay_snapshot.h"
#include "edge/store/store.h"
#include "wasm/engine/place_index.h"
#include "wasm/engine/snapshot.h"
#include "wasm/engine/split_plan.h"

namespace relais::edge {

// A customer's most recent open orders a basket may join.
inline constexpr int64_t kOpenOrdersJoined = 20;

// An order as asked for, its fields already read (shapes, ranges, enums) by the caller.
struct OrderRequest {
  struct Line {
    std::string sku;
    int64_t quantity = 0;
    std::string site;
    DeliveryMode mode = DeliveryMode::kHome;
    // home: the address read; relay, locker: {carrier, id}; a collection: {site} when named, else {}.
    nlohmann::json destination = nlohmann::json::object();
    std::string via;            // Home, relay, locker after a transfer: the delivering site ("" : none).
    std::string date;           // YYYY-MM-DD ("" : none); required of relay and locker lines.
    std::string slot;           // A collection's slot on `date`, "HH:MM" or "HH:MM-HH:MM" ("" : none; slot_booking.h).
    std::string merchant_mode;  // A mode the merchant added, of kind `mode` ("" : the engine's `mode`).
  };
  // The shopper's split, to re-make with the server's figures.
  struct Split {
    nlohmann::json choices = nlohmann::json::object();
    std::string preference = "cheapest";
    std::map<std::string, SplitMode> line_modes;             // sku -> the mode the shopper imposed (its kind).
    std::map<std::string, std::string> line_merchant_modes;  // sku -> the merchant's mode imposed, if one was.
  };
  std::string customer_id;
  std::string channel = "web";
  std::string external_ref;
  std::string purchase_site;  // "" : the online shop.
  nlohmann::json contact = nlohmann::json::object();
  bool substitutions_allowed = false;
  std::vector<Line> lines;
  std::optional<Split> split;
  std::vector<OrderDiscount> discounts;  // Order-level discounts the merchant's checkout applied.
  std::vector<OrderBenefit> benefits;    // Benefits the purchase earned (threshold reached by the goods paid).
  std::string actor;  // Who takes it, as its "created" event says ("" : the merchant's systems, of its channel).
};

// The engine's plan for a basket with the server's stock, offers and the customer's open shipments.
struct BasketPlan {
  SplitInput input;
  SplitPlan plan;
  nlohmann::json json;  // SplitPlanToJson, with substitutes for the unserved lines.
};

class OrderService {
 public:
  // How the caller shows a relay point (alternatives of a refused relay), and counts what happens
  // ("split_plans", "orders_created", "reservations").
  using RelayDescriber = std::function<nlohmann::json(const Snapshot&, uint32_t point, double distance_m)>;
  using Counter = std::function<void(const std::string& name, uint64_t n)>;
  // Every pointer outlives this; `places` may be null (no postcode table).
  OrderService(Store* store, RelaySnapshot* relays, const PlaceIndex* places, RelayDescriber describe, Counter count);

  // The order idempotency key `key` made for the request hashed `request_sha256`; nullopt when none;
  // idempotency_key_reused when the key came with another request.
  OrderResult<std::optional<Order>> Replayed(const std::string& brand, const std::string& key,
                                             const std::string& request_sha256);

  struct Placed {
    Order order;
    bool replayed = false;  // The same request raced this one to the store: its order.
  };
  // Checks, prices and stores `request` for `brand`, idempotent by `key` for `request_sha256`: a key the
  // store has seen gives back its order (replayed), checked in the write's transaction. A caller that must
  // answer a retry whatever changed since (the stock, the snapshot) asks Replayed() first.
  // `planned`, when given, is the plan this request already made for these very lines (a basket's): the
  // split is re-checked against it rather than planned again. Errors: not_found, outside_sales_zone,
  // mode_unavailable, invalid_field, relay_unavailable (details: reason, alternatives, home delivery),
  // too_heavy_for_relay, relay_data_unavailable, plan_changed (details: the server's plan),
  // insufficient_stock, idempotency_key_reused.
  OrderResult<Placed> Place(const Brand& brand, const BrandSettings& settings, const OrderRequest& request,
                            const std::string& key, const std::string& request_sha256,
                            const BasketPlan* planned = nullptr);

  // The engine's plan for `lines` bought at `purchase_site` by `customer_id` with the shopper's choices
  // (split_request.h); unserved lines carry substitutes. invalid_field naming the field under `at` when the
  // choices are wrong.
  OrderResult<BasketPlan> PlanBasket(const Brand& brand, const BrandSettings& settings,
                                     const std::string& purchase_site, const std::string& customer_id,
                                     const std::vector<SplitRequestLine>& lines, const nlohmann::json& choices,
                                     const std::string& preference, const std::string& at);

  // The modes the merchant added (order_workflows.h: MerchantModesOf): what lines may name, sites offer and
  // the split plans with, besides the engine's own.
  void set_merchant_modes(std::vector<MerchantMode> modes) { merchant_modes_ = std::move(modes); }
  const std::vector<MerchantMode>& merchant_modes() const { return merchant_modes_; }

  // `choices` with a home position placed from `address` ({postcode, city, country}) when the shopper gave
  // an address but no coordinates: the commune's centre from the postcode table (the town named, among a
  // postcode's communes; else the postcode's centre). Unchanged when a position is there, the address is not
  // French, or no place table is loaded.
  nlohmann::json WithHomePlaced(nlohmann::json choices, const nlohmann::json& address) const;

  // A parcel for a relay or locker, and whether the point can take it on `date`: relay_unavailable (the
  // reason, the nearest points that fit, home delivery), too_heavy_for_relay over the brand's limit,
  // relay_data_unavailable without a snapshot. `at`: the field to name.
  struct RelayParcel {
    std::string site;
    DeliveryMode mode = DeliveryMode::kRelay;
    nlohmann::json point;  // {carrier, id}
    std::string date;
    int64_t weight_g = 0;
    std::array<uint16_t, 3> dims_cm = {0, 0, 0};
  };
  std::optional<OrderError> RelayRefusal(const Brand& brand, const BrandSettings& settings,
                                         const std::shared_ptr<const RelayDataset>& relays, const RelayParcel& parcel,
                                         const std::string& at);

 private:
  // The order's deliveries as the re-made plan has them, or plan_changed.
  OrderResult<nlohmann::json> RecheckSplit(const Brand& brand, const BrandSettings& settings, const Order& order,
                                           const OrderRequest::Split& split, const BasketPlan* planned);

  Store* store_;
  RelaySnapshot* relays_;
  std::vector<MerchantMode> merchant_modes_;
  const PlaceIndex* places_;
  RelayDescriber describe_;
  Counter count_;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_ORDER_SERVICE_H_
