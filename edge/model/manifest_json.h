// A manifest's JSON: what the store keeps of it and what GET /v1/manifests/{id} answers.
#ifndef RELAIS_EDGE_MODEL_MANIFEST_JSON_H_
#define RELAIS_EDGE_MODEL_MANIFEST_JSON_H_

#include <nlohmann/json.hpp>

#include "edge/model/shipping.h"

namespace relais::edge {

// {id, site, carrier, account, day, closed_at, closed_by, parcels: [...], totals: {parcels, weight_g}}.
nlohmann::json ManifestJson(const Manifest& manifest);
// The manifest ManifestJson wrote (totals are derived, not read).
Manifest ManifestOfJson(const nlohmann::json& json);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_MODEL_MANIFEST_JSON_H_
