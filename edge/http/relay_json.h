// A relay point as the edge API shows it: the canonical relay record (docs/relay-record.md,
// written by the engine's FormatRelayRecord, so it is exactly what carriers' files and merchants' records
// say) plus what a caller needs at a given instant -- open now, next opening and closing in the point's own
// time zone, the closure in force or coming within 30 days (the engine's ClosureNoticeAt, which the widget
// uses too), and the distance from where the caller searched. Used by the relay search, a point's page and
// the alternatives of a refused relay order.
#ifndef RELAIS_EDGE_HTTP_RELAY_JSON_H_
#define RELAIS_EDGE_HTTP_RELAY_JSON_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "wasm/engine/snapshot.h"

namespace relais::edge {

nlohmann::json RelayJson(const Snapshot& snapshot, uint32_t point, UnixSeconds at,
                         std::optional<double> distance_m = std::nullopt);

// The snapshot's identity for an answer: dataset date, checksum (hex), point count, when it was loaded.
nlohmann::json DatasetJson(const Snapshot& snapshot, const std::string& loaded_at);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_HTTP_RELAY_JSON_H_
