#define BOOST_TEST_MODULE snapshot
#include "wasm/engine/snapshot.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstring>
#include <random>
#include <thread>

#include "data-sync/synthetic_points.h"
#include "wasm/engine/clusters.h"
#include "wasm/engine/file_checksum.h"
#include "wasm/engine/relay_record.h"
#include "wasm/engine/snapshot_builder.h"

using namespace relais;

namespace {

std::vector<RelayPoint> Points(uint32_t count, uint64_t seed) {
  SyntheticOptions options;
  options.count = count;
  options.seed = seed;
  return GenerateSyntheticPoints(options);
}

std::vector<uint8_t> Build(const std::vector<RelayPoint>& points) {
  SnapshotBuilder builder;
  for (const RelayPoint& p : points) BOOST_REQUIRE(builder.Add(p).empty());
  return builder.Build(DaysFromCivil(2026, 11, 24));
}

// Bytes kept 8-byte aligned, as a reader gets them from an aligned allocation.
struct Aligned {
  explicit Aligned(const std::vector<uint8_t>& b) : words((b.size() + 7) / 8), size(b.size()) {
    if (!b.empty()) std::memcpy(words.data(), b.data(), b.size());
  }
  std::span<const uint8_t> span() const { return {reinterpret_cast<const uint8_t*>(words.data()), size}; }
  uint8_t* data() { return reinterpret_cast<uint8_t*>(words.data()); }
  std::vector<uint64_t> words;
  size_t size;
};

}  // namespace

BOOST_AUTO_TEST_CASE(every_record_comes_back) {
  const std::vector<RelayPoint> points = Points(3000, 7);
  const Aligned bytes(Build(points));
  const SnapshotOpen open = Snapshot::Open(bytes.span());
  BOOST_TEST_REQUIRE(open.error.empty(), open.error);
  const Snapshot& s = *open.snapshot;
  BOOST_TEST(s.size() == 3000u);
  BOOST_TEST(s.dataset_day() == DaysFromCivil(2026, 11, 24));
  for (const RelayPoint& p : points) {
    const std::optional<uint32_t> i = s.Find(p.carrier, p.id);
    BOOST_TEST_REQUIRE(i.has_value(), p.carrier << "/" << p.id);
    BOOST_TEST_REQUIRE(FormatRelayRecord(s.Record(*i)) == FormatRelayRecord(p));
  }
  BOOST_TEST(!s.Find("mondial-relay", "nope").has_value());
  BOOST_TEST(!s.Find("unknown-carrier", points[0].id).has_value());
}

BOOST_AUTO_TEST_CASE(schedules_are_deduplicated) {
  const Aligned bytes(Build(Points(5000, 3)));
  const Snapshot s = *Snapshot::Open(bytes.span()).snapshot;
  size_t distinct = 0;
  std::vector<const WeeklySchedule*> seen;
  for (uint32_t i = 0; i < s.size(); ++i) {
    if (std::find(seen.begin(), seen.end(), &s.schedule(i)) == seen.end()) seen.push_back(&s.schedule(i));
  }
  distinct = seen.size();
  BOOST_TEST(distinct < 200u, distinct << " distinct schedules for 5000 points");
}

BOOST_AUTO_TEST_CASE(bytes_do_not_depend_on_input_order) {
  std::vector<RelayPoint> points = Points(2000, 11);
  const std::vector<uint8_t> a = Build(points);
  std::shuffle(points.begin(), points.end(), std::mt19937(5));
  BOOST_TEST((Build(points) == a));
}

BOOST_AUTO_TEST_CASE(steps_run_at_once_give_the_same_bytes) {
  const std::vector<RelayPoint> points = Points(3000, 17);
  SnapshotBuilder builder;
  for (const RelayPoint& p : points) BOOST_REQUIRE(builder.Add(p).empty());
  const std::vector<uint8_t> in_order = builder.Build(DaysFromCivil(2026, 11, 24));
  size_t batches = 0;
  const auto on_threads = [&](std::span<const std::function<void()>> tasks) {
    ++batches;
    std::vector<std::thread> threads;
    for (const std::function<void()>& task : tasks) threads.emplace_back(task);
    for (std::thread& t : threads) t.join();
  };
  BOOST_TEST((builder.Build(DaysFromCivil(2026, 11, 24), on_threads) == in_order));
  BOOST_TEST(batches > 0u);
}

BOOST_AUTO_TEST_CASE(duplicates_are_refused_and_left_to_the_caller) {
  SnapshotBuilder builder;
  const std::vector<RelayPoint> points = Points(2, 1);
  BOOST_TEST(builder.Add(points[0]).empty());
  RelayPoint again = points[0];
  again.name = "the second one";
  BOOST_TEST(builder.Add(std::move(again)) == "duplicate point " + points[0].carrier + "/" + points[0].id);
  BOOST_TEST(again.name == "the second one");  // NOLINT(bugprone-use-after-move): a refused point stays.
  BOOST_TEST(builder.size() == 1u);
  BOOST_TEST(builder.Add(points[1]).empty());
  BOOST_TEST(builder.size() == 2u);
}

BOOST_AUTO_TEST_CASE(points_the_format_cannot_hold_are_refused) {
  SnapshotBuilder builder;
  RelayPoint p = Points(1, 1)[0];
  p.tz = "Mars/Olympus";
  BOOST_TEST(builder.Add(p) == "unsupported time zone \"Mars/Olympus\"");
  p = Points(1, 1)[0];
  p.lat = 91;
  BOOST_TEST(builder.Add(p) == "coordinates out of range");
  p = Points(1, 1)[0];
  p.hours = WeeklySchedule::AlwaysOpen();
  p.hours.interval_count[2] = 1;
  BOOST_TEST(builder.Add(p) == "bad hours: intervals on a 24/7 or unknown schedule");
  p = Points(1, 1)[0];
  p.id = std::string(33, '7');  // The sort key holds 32 bytes.
  BOOST_TEST(builder.Add(p) == "id must be 1-32 bytes, none of them zero");
  p.id = std::string("a\0b", 3);
  BOOST_TEST(builder.Add(p) == "id must be 1-32 bytes, none of them zero");
  BOOST_TEST(builder.size() == 0u);
}

BOOST_AUTO_TEST_CASE(empty_snapshot_is_valid) {
  const Aligned bytes(SnapshotBuilder().Build(0));
  const SnapshotOpen open = Snapshot::Open(bytes.span());
  BOOST_TEST_REQUIRE(open.error.empty(), open.error);
  BOOST_TEST(open.snapshot->size() == 0u);
}

BOOST_AUTO_TEST_CASE(truncated_files_are_refused) {
  const std::vector<uint8_t> full = Build(Points(500, 2));
  for (size_t size = 0; size < full.size(); size += (size < 200 ? 1 : 97)) {
    const Aligned cut(std::vector<uint8_t>(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(size)));
    const SnapshotOpen open = Snapshot::Open(cut.span());
    BOOST_TEST_REQUIRE(!open.snapshot.has_value(), "accepted a file cut at " << size);
    BOOST_TEST_REQUIRE(!open.error.empty());
  }
}

BOOST_AUTO_TEST_CASE(corruption_is_caught_by_the_checksum) {
  const std::vector<uint8_t> full = Build(Points(500, 2));
  std::mt19937 rng(1);
  for (int trial = 0; trial < 300; ++trial) {
    Aligned bytes(full);
    bytes.data()[12 + rng() % (full.size() - 12)] ^= static_cast<uint8_t>(1 + rng() % 255);
    const SnapshotOpen open = Snapshot::Open(bytes.span());
    BOOST_TEST_REQUIRE(!open.snapshot.has_value());
  }
  Aligned bytes(full);
  bytes.data()[100] ^= 1;
  BOOST_TEST(Snapshot::Open(bytes.span()).error == "snapshot corrupted: checksum mismatch");
  bytes.data()[0] = 'X';
  BOOST_TEST(Snapshot::Open(bytes.span()).error == "not a relais snapshot: bad magic");
}

BOOST_AUTO_TEST_CASE(the_checksum_is_xxh64_and_can_be_computed_piece_by_piece) {
  // XXH64 of nothing (seed 0), the published test vector: a file holding only its header's first 12 bytes
  // and the checksum field hashes no byte at all.
  const std::vector<uint8_t> bare(20, 0xab);
  BOOST_TEST(FileChecksum(bare, 12) == 0xef46db3751d8e999ull);

  const std::vector<uint8_t> full = Build(Points(2000, 5));
  const uint64_t whole = FileChecksum(full, snapshot_format::kChecksumOffset);
  uint64_t stored;
  std::memcpy(&stored, full.data() + snapshot_format::kChecksumOffset, 8);
  BOOST_TEST(whole == stored);
  // Any cut into pieces, including cuts inside the skipped ranges and empty pieces, gives the same value.
  std::mt19937 rng(9);
  for (int trial = 0; trial < 50; ++trial) {
    FileChecksummer pieces(snapshot_format::kChecksumOffset);
    for (size_t at = 0; at < full.size();) {
      const size_t size = std::min(full.size() - at, static_cast<size_t>(trial < 10 ? rng() % 60 : rng() % 70000));
      pieces.Update(full.data() + at, size);
      at += size;
    }
    BOOST_TEST_REQUIRE(pieces.Digest() == whole);
  }
  const Aligned bytes(full);
  BOOST_TEST(Snapshot::OpenWithChecksum(bytes.span(), whole).snapshot.has_value());
  BOOST_TEST(Snapshot::OpenWithChecksum(bytes.span(), whole ^ 1).error == "snapshot corrupted: checksum mismatch");
}

BOOST_AUTO_TEST_CASE(hostile_files_never_read_out_of_bounds) {
  // Without the checksum, any byte may change: Open must refuse or give a snapshot whose every accessor
  // stays in bounds (run under AddressSanitizer in CI).
  const std::vector<uint8_t> full = Build(Points(300, 4));
  std::mt19937 rng(2);
  int accepted = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    Aligned bytes(full);
    for (int flips = 1 + static_cast<int>(rng() % 4); flips > 0; --flips) {
      // Mostly the header and section table, where offsets and counts live.
      const size_t at = rng() % 2 ? rng() % 400 : rng() % full.size();
      bytes.data()[at] = static_cast<uint8_t>(rng());
    }
    const SnapshotOpen open = Snapshot::Open(bytes.span(), /*verify_checksum=*/false);
    if (!open.snapshot) continue;
    ++accepted;
    const Snapshot& s = *open.snapshot;
    for (uint32_t i = 0; i < s.size(); ++i) {
      const RelayPoint p = s.Record(i);
      (void)s.hours(i).IsOpenAt(1790000000);
    }
    std::vector<ClusterItem> items;
    QueryClusters(s, {40, -5, 52, 10}, static_cast<double>(trial % 19), 10000, &items);
  }
  BOOST_TEST(accepted > 0);  // Some flips hit harmless bytes: the accessors were exercised.
}

BOOST_AUTO_TEST_CASE(version_and_alignment) {
  Aligned bytes(Build(Points(10, 1)));
  const std::span<const uint8_t> shifted(bytes.span().data() + 1, bytes.size - 1);
  BOOST_TEST(!Snapshot::Open(shifted).snapshot.has_value());
  bytes.data()[12] = 99;
  BOOST_TEST(Snapshot::Open(bytes.span(), false).error == "snapshot format version 99 is not supported (expected 2)");
}
