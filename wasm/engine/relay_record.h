// Reading and writing the canonical relay record (docs/relay-record.md), one JSON object per line.
//
// Parsing enforces every rule of docs/relay-record.md and names the rule a record breaks, so
// that the builder and data-sync can report "line 12: lat out of range" and go on with the rest.
// Unknown fields are accepted and listed, so the caller can report each once.
// Extension (proposed in the notes): a record without "hours" and without "always" has unknown hours.
#ifndef RELAIS_ENGINE_RELAY_RECORD_H_
#define RELAIS_ENGINE_RELAY_RECORD_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wasm/engine/relay_point.h"

namespace relais {

struct RecordParse {
  std::optional<RelayPoint> point;          // Set when the record is valid.
  std::string error;                        // The rule it broke, when not.
  std::vector<std::string> unknown_fields;  // Ignored fields, for the caller to report.
};

RecordParse ParseRelayRecord(std::string_view json_line);

// One line of canonical JSON (no trailing newline): what ParseRelayRecord reads back to the same point.
std::string FormatRelayRecord(const RelayPoint& point);

}  // namespace relais

#endif  // RELAIS_ENGINE_RELAY_RECORD_H_
