#define BOOST_TEST_MODULE snapshot_delta
// A delta turns yesterday's snapshot into today's byte for byte, is much smaller than the file, and is
// refused -- never half applied -- when damaged or made for another snapshot.
#include "wasm/engine/snapshot_delta.h"

#include <boost/test/unit_test.hpp>
#include <cstring>

#include "tests/engine/test_snapshot.h"
#include "wasm/engine/file_checksum.h"

using namespace relais;
using relais::testing::SyntheticPoints;
using relais::testing::TestSnapshot;

namespace {

// Delta bytes at an 8-byte aligned address, as a browser's malloc gives them.
class AlignedBytes {
 public:
  static constexpr size_t kChecksumAt = 64;
  explicit AlignedBytes(const std::vector<uint8_t>& bytes) : size_(bytes.size()), words_((bytes.size() + 7) / 8) {
    if (!bytes.empty()) std::memcpy(words_.data(), bytes.data(), bytes.size());
  }
  std::span<const uint8_t> span() const { return {reinterpret_cast<const uint8_t*>(words_.data()), size_}; }
  uint8_t* data() { return reinterpret_cast<uint8_t*>(words_.data()); }
  // Re-stamps the delta's own checksum (its XXH64 at byte 64) after an edit, to reach the checks behind it.
  void Reseal() {
    const uint64_t checksum = FileChecksum(span(), kChecksumAt);
    std::memcpy(data() + kChecksumAt, &checksum, 8);
  }

 private:
  size_t size_;
  std::vector<uint64_t> words_;
};

// Yesterday's points and today's: 40 gone, 60 with new hours or closures, 25 moved, 80 new (a carrier
// that did not exist yesterday among them), the rest untouched.
struct TwoDays {
  std::vector<RelayPoint> yesterday = SyntheticPoints(5000, 7);
  std::vector<RelayPoint> today;
  TwoDays() {
    for (size_t i = 0; i < yesterday.size(); ++i) {
      if (i % 125 == 3) continue;
      RelayPoint p = yesterday[i];
      if (i % 83 == 5) p.closures = {{DaysFromCivil(2026, 12, 24), DaysFromCivil(2026, 12, 26)}};
      if (i % 200 == 9) p.lat += 0.01;
      today.push_back(std::move(p));
    }
    std::vector<RelayPoint> fresh = SyntheticPoints(80, 99);
    for (size_t i = 0; i < fresh.size(); ++i) {
      fresh[i].id = "NEW" + std::to_string(i);
      if (i < 10) fresh[i].carrier = "a-new-carrier";
      today.push_back(fresh[i]);
    }
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(delta_reproduces_the_new_snapshot_and_is_small) {
  const TwoDays days;
  const TestSnapshot from(days.yesterday, DaysFromCivil(2026, 11, 24));
  const TestSnapshot to(days.today, DaysFromCivil(2026, 11, 25));
  const SnapshotDelta delta = MakeSnapshotDelta(*from, *to);
  BOOST_TEST_REQUIRE(delta.error.empty(), delta.error);
  BOOST_TEST(delta.removed == 40u);
  BOOST_TEST(delta.upserts == 80u + 61u + 25u - 1u);  // One point both moved and got closures.
  BOOST_TEST(delta.bytes.size() * 10 < to->bytes().size(), delta.bytes.size() << " vs " << to->bytes().size());

  const AlignedBytes bytes(delta.bytes);
  const DeltaApplied applied = ApplySnapshotDelta(*from, bytes.span());
  BOOST_TEST_REQUIRE(applied.error.empty(), applied.error);
  BOOST_TEST((applied.bytes == std::vector<uint8_t>(to->bytes().begin(), to->bytes().end())));
}

BOOST_AUTO_TEST_CASE(same_snapshot_gives_an_empty_delta) {
  const std::vector<RelayPoint> points = SyntheticPoints(500, 3);
  const TestSnapshot from(points, 1), to(points, 2);  // Only the date differs.
  const SnapshotDelta delta = MakeSnapshotDelta(*from, *to);
  BOOST_TEST_REQUIRE(delta.error.empty(), delta.error);
  BOOST_TEST(delta.removed == 0u);
  BOOST_TEST(delta.upserts == 0u);
  const AlignedBytes bytes(delta.bytes);
  BOOST_TEST(ApplySnapshotDelta(*from, bytes.span()).error.empty());
}

BOOST_AUTO_TEST_CASE(damaged_or_foreign_deltas_are_refused) {
  const TwoDays days;
  const TestSnapshot from(days.yesterday, 1), to(days.today, 2), other(SyntheticPoints(100, 5), 1);
  const SnapshotDelta delta = MakeSnapshotDelta(*from, *to);
  BOOST_TEST_REQUIRE(delta.error.empty(), delta.error);

  BOOST_TEST(ApplySnapshotDelta(*other, AlignedBytes(delta.bytes).span()).error ==
             "the delta applies to another snapshot");
  BOOST_TEST(ApplySnapshotDelta(*from, to->bytes()).error == "not a snapshot delta");

  std::vector<uint8_t> truncated(delta.bytes.begin(), delta.bytes.end() - 100);
  BOOST_TEST(ApplySnapshotDelta(*from, AlignedBytes(truncated).span()).error == "delta corrupted: checksum mismatch");

  AlignedBytes flipped(delta.bytes);
  flipped.data()[delta.bytes.size() / 2] ^= 0x10;
  BOOST_TEST(ApplySnapshotDelta(*from, flipped.span()).error == "delta corrupted: checksum mismatch");

  AlignedBytes bad_keys(delta.bytes);  // A key length running past its list, checksum re-stamped.
  bad_keys.data()[80] = 250;
  bad_keys.Reseal();
  BOOST_TEST(ApplySnapshotDelta(*from, bad_keys.span()).error == "delta removed-key list is malformed");

  AlignedBytes bad_sizes(delta.bytes);  // Section sizes that do not add up.
  bad_sizes.data()[56] ^= 0x08;
  bad_sizes.Reseal();
  BOOST_TEST(ApplySnapshotDelta(*from, bad_sizes.span()).error == "delta sections do not fit its size");

  AlignedBytes wrong_target(delta.bytes);  // Claims another result: the rebuild is refused.
  wrong_target.data()[24] ^= 0x01;
  wrong_target.Reseal();
  BOOST_TEST(ApplySnapshotDelta(*from, wrong_target.span()).error ==
             "the delta did not reproduce the published snapshot");

  AlignedBytes bad_version(delta.bytes);
  bad_version.data()[12] = 9;
  BOOST_TEST(ApplySnapshotDelta(*from, bad_version.span()).error == "delta format version 9 is not supported");

  // Every single-byte truncation point of the header and key list is refused without a crash.
  for (size_t size = 0; size < 200; ++size) {
    const std::vector<uint8_t> cut(delta.bytes.begin(), delta.bytes.begin() + size);
    BOOST_TEST(!ApplySnapshotDelta(*from, AlignedBytes(cut).span()).error.empty());
  }
}
