// Reads one carrier file into canonical relay points: every record goes through the contract's rules
// (docs/relay-record.md, checked by ParseRelayRecord), whatever the carrier's own format, and each reject keeps its
// line and rule.
#ifndef RELAIS_DATA_SYNC_RECORD_FILE_H_
#define RELAIS_DATA_SYNC_RECORD_FILE_H_

#include <map>
#include <string>
#include <vector>

#include "wasm/engine/relay_point.h"

namespace relais {

struct RecordReject {
  size_t line;  // Line of a line-based file; the record's place (1-based) in a JSON document.
  std::string rule;
  std::string id = "";  // The carrier's id of the point, when the record gave one.
};

struct RecordFile {
  std::string error;  // The file could not be read at all (unknown format, unreadable).
  std::vector<RelayPoint> points;
  std::vector<RecordReject> rejects;
  std::map<std::string, size_t> unknown_fields;  // Field -> first line where it appeared.
  size_t records = 0;                            // Points + rejects.
  std::map<std::string, size_t> rules;           // Normalisation rule -> records it changed (accepted ones).
};

// Formats: "canonical-jsonl" (the contract itself, docs/relay-record.md), "laposte-csv" (La Poste's contact points),
// "dpd-json" (DPD's pickup points), "mondial-relay-xml" (Mondial Relay's PointRelais_Details),
// "inpost-json" (InPost's points API and location API pages; country PL unless an item says otherwise),
// "relais-colis-json" (Relais Colis' relay search answer), "colissimo-xml" / "colissimo-json" (Colissimo's
// point-retrait answer, SOAP or REST), "ups-locator" (UPS's Locator answer to an Access Point search).
//
// `as_of` is the day the file is read for (the sync's date): seasonal hours outside their window become
// unknown (rule out_of_season_hours); 0 applies them as published.
RecordFile ReadRecordFile(const std::string& path, const std::string& format, DayNumber as_of = 0);

// "" when `format` is one ReadRecordFile reads, else an error listing those it reads.
std::string CheckRecordFormat(const std::string& format);

}  // namespace relais

#endif  // RELAIS_DATA_SYNC_RECORD_FILE_H_
