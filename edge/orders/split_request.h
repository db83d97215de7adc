// The engine's basket split fed from the store: edge builds the same SplitInput the browser plans with --
// the sites that may serve (the purchase site and its sales zone, or every site of the brand), their offers
// per mode, preparation costs and the days they hand orders over (their hours, read by the engine), the
// products' weights, sizes and temperatures, and the stock available now -- so that the plan a shopper
// saw can be re-made at order time with the server's figures (wasm/engine/split_plan.h).
#ifndef RELAIS_EDGE_ORDERS_SPLIT_REQUEST_H_
#define RELAIS_EDGE_ORDERS_SPLIT_REQUEST_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "edge/model/brand_settings.h"
#include "edge/store/store.h"
#include "wasm/engine/civil_time.h"
#include "wasm/engine/snapshot.h"
#include "wasm/engine/split_plan.h"

namespace relais::edge {

struct SplitRequestLine {
  std::string sku;
  int64_t quantity = 1;
  std::optional<SplitMode> mode;  // Imposed by the shopper, nullopt when free.
  std::string merchant_mode;      // With `mode` (its kind): the merchant's mode imposed ("" : the kind itself).
};

// A mode a shopper imposes on a basket line by `name`: the engine's (ParseImposedMode, *merchant "") or one
// the merchant added (its kind, its name in *merchant). False when it is neither.
bool ParseImposedModeName(std::string_view name, const std::vector<MerchantMode>& merchant_modes, SplitMode* kind,
                          std::string* merchant);
// The names ParseImposedModeName reads, to list in a refusal.
std::vector<std::string> ImposedModeNamesWith(const std::vector<MerchantMode>& merchant_modes);

// The split choice that books a slot for collections by `mode` at its chosen site ("drive_slot",
// "pedestrian_slot", "collect_slot"), or null for a mode that is not collected at a chosen site.
const char* SlotChoiceKey(SplitMode mode);

// The split input for `lines` bought at `purchase_site` ("" : the online shop) at instant `now`, with no
// destination chosen yet (AddSplitChoices adds them). Throws ApiError 404 naming the unknown sku or site.
// `merchant_modes`: the modes the merchant added (order_workflows.h), each site's offer for them read from
// its capabilities under their names.
SplitInput BuildSplitInput(Store& store, const std::string& brand, const BrandSettings& settings,
                           const std::string& purchase_site, const std::vector<SplitRequestLine>& lines,
                           UnixSeconds now, const std::vector<MerchantMode>& merchant_modes = {});

// Reads the shopper's choices ({modes, home, relay, locker, collect_site, drive_site, pedestrian_site} as in
// split_json.h; relay and locker by carrier and id, looked up in `relays`) and the preference into *input.
// Throws ApiError 400 naming the field under `at`.
void AddSplitChoices(const nlohmann::json& choices, const std::string& preference, const Snapshot* relays,
                     const std::string& at, SplitInput* input);

// The shipments of a customer's open orders (OpenOrdersOf) that a basket may join, added to *input: each
// delivery entry with a promised date (a split's plan, or the tariff's for an order placed without one)
// whose source is among the input's sites; an entry that itself joined another adds its weight to that one. A home
// shipment carries the key of its order's home address (home_address.h), so that only a basket going to that home joins
// it.
void AddOpenShipments(const std::vector<Order>& open_orders, SplitInput* input);

// The home-address key (HomeAddressKey) of a home line's destination {address, postcode, city, country};
// "" when it has no street line.
std::string HomeKeyOf(const nlohmann::json& destination);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_SPLIT_REQUEST_H_
