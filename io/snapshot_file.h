// A relais file (snapshot, delta, place table) read whole into 8-byte aligned memory, as the engine's
// loaders require (Snapshot::Open, ApplySnapshotDelta, PlaceTable::Open read their fields in place).
//
// The one reader for every native caller: relais-edge's relay snapshot, the relais-snapshot CLI. The engine
// itself does no I/O; the browser copies bytes into wasm memory through relais_alloc instead.
#ifndef RELAIS_IO_SNAPSHOT_FILE_H_
#define RELAIS_IO_SNAPSHOT_FILE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace relais {

class SnapshotFile {
 public:
  // The whole file at `path`, or nullopt with `*error` set ("cannot read <path>: <reason>").
  static std::optional<SnapshotFile> Read(const std::string& path, std::string* error);

  // The file's bytes; their address is 8-byte aligned. Valid while this object lives (moves keep them).
  std::span<const uint8_t> bytes() const { return {reinterpret_cast<const uint8_t*>(words_.data()), size_}; }

 private:
  SnapshotFile() = default;

  std::vector<uint64_t> words_;  // 8-byte words: the allocation is aligned for any field the formats hold.
  size_t size_ = 0;
};

}  // namespace relais

#endif  // RELAIS_IO_SNAPSHOT_FILE_H_
