// A brand's settings: what its shoppers may choose for delivery (relay points on or off, which carriers,
// the heaviest parcel it sends to a relay) and its sales zones -- the groups of sites that serve for one
// another, so that a store that cannot serve a line hands it to a site of its zone (the purchase site's
// "extended site").
//
// Read strictly (from the configuration file or PUT /v1/brand/settings): an unknown key, a wrong type or an
// out-of-range value is refused naming the field, never defaulted silently.
//
// A site's own extended site can be named too (extended_sites: purchase site -> the sites that extend it,
// e.g. its back store): lines bought there are then sourced from it first, from the zone after (the
// engine's two levels, split_plan.h).
//
// Its sales forecast (orders/sales_forecasts.h) reads which holidays move its demand -- the French retail ones
// or none, and its own (a sales season, a fair: their date each year) -- and the share of its category a new
// product is assumed to start from (none: the median product's).
//
//   { "relay_enabled": true, "carriers": ["mondial-relay", "inpost"], "max_weight_g": 20000,
//     "zones": { "idf": { "name": "Île-de-France" } }, "shipment_penalty_cents": 300,
//     "extended_sites": { "paris-2": ["paris-2-back"] },
//     "forecast": { "holidays": "fr", "launch_share": 0.05, "own_holidays": [ { "name": "soldes-hiver",
//                   "dates": ["2025-01-08", "2026-01-07"], "days_before": 0, "days_after": 27 } ] } }
#ifndef RELAIS_EDGE_MODEL_BRAND_SETTINGS_H_
#define RELAIS_EDGE_MODEL_BRAND_SETTINGS_H_

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "wasm/engine/sales_calendar.h"

namespace relais::edge {

struct ForecastSettings {
  bool french_holidays = true;    // Easter, Mother's Day, Black Friday and Christmas compared with their own date.
  std::vector<Holiday> holidays;  // The brand's own.
  double launch_share = 0;        // A new product's assumed share of its category; 0: the median product's.
};

struct SalesZone {
  std::string name;
};

struct BrandSettings {
  bool relay_enabled = true;          // Relay and locker delivery offered at all.
  std::vector<std::string> carriers;  // The carriers offered, sorted; empty: every carrier of the snapshot.
  int64_t max_weight_g = 0;           // Heaviest parcel sent to a relay or a locker; 0: the points' own limits.
  std::map<std::string, SalesZone> zones;
  int64_t shipment_penalty_cents = 0;  // What a split costs the brand beyond its shipments (the engine's penalty).
  // Per purchase site: the sites of its extended site besides itself (sourced from first), sorted.
  std::map<std::string, std::vector<std::string>> extended_sites;
  ForecastSettings forecast;
};

// Throws ApiError 400 naming the field (prefixed with `prefix`) when `j` is not valid settings.
BrandSettings ReadBrandSettings(const nlohmann::json& j, const std::string& prefix = "");

// The settings as JSON, every key present (ReadBrandSettings reads it back to the same settings).
nlohmann::json BrandSettingsJson(const BrandSettings& settings);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_MODEL_BRAND_SETTINGS_H_
