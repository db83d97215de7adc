// What a brand sells from and sells: the brand itself, its staff's credentials, its sites and products.
#ifndef RELAIS_EDGE_MODEL_CATALOGUE_H_
#define RELAIS_EDGE_MODEL_CATALOGUE_H_

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace relais::edge {

struct Brand {
  std::string id;
  std::string name;
  std::string api_key_sha256;                          // The merchant key is never stored, only its hash.
  nlohmann::json settings = nlohmann::json::object();  // BrandSettingsJson (brand_settings.h).
};

// A staff member's credential. A site's staff (role "site") see that site's orders and stock, nothing else;
// a sales agent (role "agent", who takes orders on the phone) keeps the brand's customer accounts and places
// orders for them -- within one site when `site` is given (orders bought at it), else the whole brand.
struct StaffToken {
  std::string id;  // Public handle (to list and revoke); the token itself is never stored.
  std::string brand;
  std::string site;  // "" only for an agent of the whole brand.
  std::string name;
  std::string token_sha256;
  bool revoked = false;
  std::string role = "site";  // site, agent.
};

struct Site {
  std::string id;
  std::string kind;  // store, warehouse, dark_store, drive, pedestrian_pickup.
  std::string name;
  std::string zone;                                        // Sales zone ("" when none).
  nlohmann::json location = nlohmann::json::object();      // Canonical record fields: address, lat, lon, tz, hours...
  nlohmann::json capabilities = nlohmann::json::object();  // Per fulfilment mode (and "transfer"): offers.
  int64_t preparation_cents = 0;                           // Per shipment prepared here.
};

struct Product {
  std::string sku;
  std::string name;
  std::string category;     // Nomenclature path, "grocery/dairy/yogurt".
  std::string temperature;  // ambient, chilled, frozen.
  int64_t weight_g = 0;
  std::array<int64_t, 3> dims_cm = {};
  int64_t price_cents = 0;
  std::string gtin;  // The barcode's number as 14 digits (wasm/engine/gtin.h), "" when none is known.
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_MODEL_CATALOGUE_H_
