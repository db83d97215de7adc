// What changed between the published snapshot and the points of a new run, and which vanished points are
// kept (inactive) for a grace period so that orders referring to them can still be explained.
#ifndef RELAIS_DATA_SYNC_DATASET_DIFF_H_
#define RELAIS_DATA_SYNC_DATASET_DIFF_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_set>
#include <vector>

#include "wasm/engine/relay_point.h"
#include "wasm/engine/snapshot.h"

namespace relais {

class DatasetDiff {
 public:
  // previous: the published snapshot, or null on a first run. missing_since: "carrier/id" -> the local date
  // (YYYY-MM-DD) each already-missing point was first missed, from the previous manifest.
  DatasetDiff(const Snapshot* previous, std::map<std::string, std::string> missing_since, double moved_report_km);

  // Records a point of the new run (call before handing it to the builder).
  void Compare(const RelayPoint& point);

  // The previous points absent from the new run: those missed for fewer than grace_days (today included)
  // come back inactive, to be added to the builder; the rest are dropped. Call once, after every Compare.
  std::vector<RelayPoint> KeptInactive(DayNumber today, int grace_days);

  // The report section, and the manifest's new "missing_since".
  nlohmann::json Report() const;
  const std::map<std::string, std::string>& missing_since() const { return next_missing_since_; }

 private:
  void Note(const char* what, const std::string& key, nlohmann::json detail = nullptr);

  const Snapshot* previous_;
  std::map<std::string, std::string> missing_since_;
  std::map<std::string, std::string> next_missing_since_;
  double moved_report_m_;
  std::unordered_set<std::string> seen_;
  std::map<std::string, size_t> counts_;
  nlohmann::json examples_ = nlohmann::json::object();
};

}  // namespace relais

#endif  // RELAIS_DATA_SYNC_DATASET_DIFF_H_
