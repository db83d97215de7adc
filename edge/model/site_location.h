// A site's location is the canonical relay record's (docs/relay-record.md: address, coordinates, zone, hours,
// closures), read by the engine's own record rules: a site's hours mean exactly what a relay point's mean. One reading
// for the API that stores sites and for the split that plans with their open days.
#ifndef RELAIS_EDGE_MODEL_SITE_LOCATION_H_
#define RELAIS_EDGE_MODEL_SITE_LOCATION_H_

#include <nlohmann/json.hpp>
#include <string>

#include "wasm/engine/relay_record.h"

namespace relais::edge {

// The location of site `id` (named `name`, of `kind`) as the engine reads a record: a point, or the error.
RecordParse ParseSiteLocation(const nlohmann::json& location, const std::string& id, const std::string& name,
                              const std::string& kind);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_MODEL_SITE_LOCATION_H_
