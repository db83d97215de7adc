// Turns canonical relay points into snapshot bytes (snapshot_format.h). Deterministic: the same points in
// any order give the same bytes.
#ifndef RELAIS_ENGINE_SNAPSHOT_BUILDER_H_
#define RELAIS_ENGINE_SNAPSHOT_BUILDER_H_

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "wasm/engine/relay_point.h"

namespace relais {

// Runs independent tasks and returns when all are done. The engine starts no thread (it must run in any
// browser), so a caller with threads passes a runner that uses them.
using TaskRunner = std::function<void(std::span<const std::function<void()>>)>;

// The runner without threads: one task after the other.
void RunInOrder(std::span<const std::function<void()>> tasks);

class SnapshotBuilder {
 public:
  SnapshotBuilder() = default;
  SnapshotBuilder(const SnapshotBuilder&) = delete;  // keys_ refers to this object's points_.
  SnapshotBuilder& operator=(const SnapshotBuilder&) = delete;

  // Adds a point that passed ParseRelayRecord. Returns "" or why the point was refused: a second point
  // with the same (carrier, id), one carrier or time zone too many for the format (256 each), or
  // coordinates, zone or hours the format cannot hold.
  // A refused point is left as it was, for the caller to report.
  std::string Add(RelayPoint&& point);
  std::string Add(const RelayPoint& point) { return Add(RelayPoint(point)); }

  // Room for `count` points: saves the moves of a growing array when the caller knows the count.
  void Reserve(size_t count);

  size_t size() const { return points_.size(); }

  // The snapshot bytes, stamped with the dataset's date. `run` may run Build's independent steps at once
  // (the bytes are the same either way).
  std::vector<uint8_t> Build(DayNumber dataset_day, const TaskRunner& run = RunInOrder) const;

 private:
  // (carrier, id) of a point of points_, named by its index: the duplicate check stores no strings.
  struct KeyHash {
    const std::vector<RelayPoint>* points;
    size_t operator()(uint32_t i) const;
  };
  struct KeyEqual {
    const std::vector<RelayPoint>* points;
    bool operator()(uint32_t a, uint32_t b) const;
  };

  std::vector<RelayPoint> points_;
  std::unordered_set<uint32_t, KeyHash, KeyEqual> keys_{0, KeyHash{&points_}, KeyEqual{&points_}};
  std::vector<std::string> carriers_;
  std::vector<std::string> zones_;
};

}  // namespace relais

#endif  // RELAIS_ENGINE_SNAPSHOT_BUILDER_H_
