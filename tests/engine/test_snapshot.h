// A snapshot built from points and opened, for tests: owns its 8-byte aligned bytes.
#ifndef RELAIS_TESTS_ENGINE_TEST_SNAPSHOT_H_
#define RELAIS_TESTS_ENGINE_TEST_SNAPSHOT_H_

#include <boost/test/unit_test.hpp>
#include <cstring>
#include <optional>
#include <vector>

#include "data-sync/synthetic_points.h"
#include "wasm/engine/snapshot.h"
#include "wasm/engine/snapshot_builder.h"

namespace relais::testing {

class TestSnapshot {
 public:
  explicit TestSnapshot(const std::vector<RelayPoint>& points, DayNumber dataset_day = 0) {
    SnapshotBuilder builder;
    for (const RelayPoint& p : points) BOOST_REQUIRE(builder.Add(p).empty());
    const std::vector<uint8_t> bytes = builder.Build(dataset_day);
    words_.resize((bytes.size() + 7) / 8);
    if (!bytes.empty()) std::memcpy(words_.data(), bytes.data(), bytes.size());
    const SnapshotOpen open = Snapshot::Open({reinterpret_cast<const uint8_t*>(words_.data()), bytes.size()});
    BOOST_REQUIRE_MESSAGE(open.snapshot, open.error);
    snapshot_.emplace(*open.snapshot);
  }
  TestSnapshot(const TestSnapshot&) = delete;
  TestSnapshot& operator=(const TestSnapshot&) = delete;

  const Snapshot& operator*() const { return *snapshot_; }
  const Snapshot* operator->() const { return &*snapshot_; }

 private:
  std::vector<uint64_t> words_;
  std::optional<Snapshot> snapshot_;
};

inline std::vector<RelayPoint> SyntheticPoints(uint32_t count, uint64_t seed) {
  SyntheticOptions options;
  options.count = count;
  options.seed = seed;
  return GenerateSyntheticPoints(options);
}

}  // namespace relais::testing

#endif  // RELAIS_TESTS_ENGINE_TEST_SNAPSHOT_H_
