// Turns canonical relay points into snapshot bytes (snapshot_format.h). Deterministic: the same points in
// any order give the same bytes.
#ifndef RELAIS_ENGINE_SNAPSHOT_BUILDER_H_
#define RELAIS_ENGINE_SNAPSHOT_BUILDER_H_

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "wasm/engine/relay_point.h"

namespace relais {

class SnapshotBuilder {
 public:
  // Adds a point that passed ParseRelayRecord. Returns "" or why the point was refused: a second point
  // with the same (carrier, id), one carrier or time zone too many for the format (256 each), or
  // coordinates, zone or hours the format cannot hold.
  std::string Add(RelayPoint point);

  size_t size() const { return points_.size(); }

  // The snapshot bytes, stamped with the dataset's date.
  std::vector<uint8_t> Build(DayNumber dataset_day) const;

 private:
  std::vector<RelayPoint> points_;
  std::unordered_set<std::string> keys_;  // "carrier\0id", for the duplicate check.
  std::vector<std::string> carriers_;
  std::vector<std::string> zones_;
};

}  // namespace relais

#endif  // RELAIS_ENGINE_SNAPSHOT_BUILDER_H_
