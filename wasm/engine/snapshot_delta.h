// A snapshot delta: what turns one published snapshot into the next, so that a browser holding
// yesterday's file downloads the day's changes instead of the whole file.
//
// Layout (little-endian; 80-byte header):
//     0  char[8]  magic "RELAISd\n"
//     8  u32      zero (version 1 kept a CRC-32 here)
//     12 u32      delta format version (kDeltaFormatVersion)
//     16 u64      checksum of the snapshot it applies to (its header XXH64)
//     24 u64      checksum of the snapshot it produces
//     32 u64      size of the snapshot it produces
//     40 i32      dataset date of the snapshot it produces
//     44 u32      count of removed points
//     48 u64      size of the removed-key list
//     56 u64      size of the upsert snapshot
//     64 u64      XXH64 of bytes [12, 64) then [72, delta size) (file_checksum.h)
//     72 ..80     zero
//   Removed keys: for each, u8 carrier length, carrier, u8 id length, id.
//   Zero padding to 8 bytes, then the upserts: a complete snapshot file (snapshot_format.h) of every point
//   added or changed, so points travel in the engine's own compact form and are read by the code that
//   reads snapshots.
//
// Applying keeps the old points that were neither removed nor upserted, adds the upserts, rebuilds with
// SnapshotBuilder (deterministic) and accepts the result only if its size and checksum are the new
// snapshot's: a delta either reproduces the published file byte for byte or is refused, and the caller
// then downloads the full file.
#ifndef RELAIS_ENGINE_SNAPSHOT_DELTA_H_
#define RELAIS_ENGINE_SNAPSHOT_DELTA_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "wasm/engine/snapshot.h"

namespace relais {

constexpr char kDeltaMagic[8] = {'R', 'E', 'L', 'A', 'I', 'S', 'd', '\n'};
constexpr uint32_t kDeltaFormatVersion = 2;  // 2: XXH64 instead of CRC-32.

struct SnapshotDelta {
  std::vector<uint8_t> bytes;  // Set on success.
  std::string error;
  uint32_t removed = 0;  // Points of `from` absent from `to`.
  uint32_t upserts = 0;  // Points of `to` that are new or differ from `from`.
};

// The delta from `from` to `to`. Fails (error set) only if `to` could not be reproduced from `from` and the
// delta -- a bug, never a property of the data.
SnapshotDelta MakeSnapshotDelta(const Snapshot& from, const Snapshot& to);

struct DeltaApplied {
  std::vector<uint8_t> bytes;  // The new snapshot, on success.
  std::string error;           // Why the delta was refused (corrupt, made for another snapshot, ...).
};

// Applies `delta` to `from`. `delta` must start at an 8-byte aligned address.
DeltaApplied ApplySnapshotDelta(const Snapshot& from, std::span<const uint8_t> delta);

}  // namespace relais

#endif  // RELAIS_ENGINE_SNAPSHOT_DELTA_H_
