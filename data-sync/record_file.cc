#include "data-sync/record_file.h"

#include <fstream>

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
  if (format != "canonical-jsonl" && format != "laposte-csv") {
    out.error = "unknown format \"" + format + "\" (canonical-jsonl, laposte-csv)";
    return out;
  }
  std::ifstream in(path);
  if (!in) {
    out.error = "cannot read " + path;
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
