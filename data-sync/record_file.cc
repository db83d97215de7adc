#include "data-sync/record_file.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "data-sync/dpd_pickup_points.h"
#include "data-sync/laposte_contact_points.h"
#include "wasm/engine/relay_record.h"

namespace relais {

namespace {

void Accept(RecordParse parsed, size_t line, RecordFile* out) {
  ++out->records;
  for (const std::string& field : parsed.unknown_fields) out->unknown_fields.emplace(field, line);
  if (parsed.point) {
    out->points.push_back(std::move(*parsed.point));
  } else {
    out->rejects.push_back({line, parsed.error});
  }
}

}  // namespace

RecordFile ReadRecordFile(const std::string& path, const std::string& format) {
  RecordFile out;
  if (format != "canonical-jsonl" && format != "laposte-csv" && format != "dpd-json") {
    out.error = "unknown format \"" + format + "\" (canonical-jsonl, laposte-csv, dpd-json)";
    return out;
  }
  std::ifstream in(path);
  if (!in) {
    out.error = "cannot read " + path;
    return out;
  }
  if (format == "dpd-json") {
    // One JSON document: rejects are numbered by their place in it (1-based), not by line.
    std::stringstream text;
    text << in.rdbuf();
    const nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, false);
    const nlohmann::json* points = &doc;
    if (doc.is_object() && doc.contains("pickupPoints")) points = &doc["pickupPoints"];
    if (doc.is_discarded() || !points->is_array()) {
      out.error = path + ": not a DPD pickup-point document (a JSON array, or an object with pickupPoints)";
      return out;
    }
    for (size_t i = 0; i < points->size(); ++i) {
      const DpdPoint mapped = ParseDpdPickupPoint((*points)[i]);
      if (!mapped.error.empty()) {
        ++out.records;
        out.rejects.push_back({i + 1, mapped.error});
        continue;
      }
      Accept(ParseRelayRecord(FormatRelayRecord(mapped.point)), i + 1, &out);
    }
    return out;
  }
  size_t line_number = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    if (line.empty() || line == "\r") continue;
    if (format == "canonical-jsonl") {
      Accept(ParseRelayRecord(line), line_number, &out);
      continue;
    }
    const LaPosteRow row = ParseLaPosteContactPoint(line);
    if (row.header) continue;
    if (!row.error.empty()) {
      ++out.records;
      out.rejects.push_back({line_number, row.error});
      continue;
    }
    // The adapter maps fields; the contract's rules are checked in one place.
    Accept(ParseRelayRecord(FormatRelayRecord(row.point)), line_number, &out);
  }
  if (in.bad()) out.error = "read error on " + path;
  return out;
}

}  // namespace relais
