// The published relay snapshot as the server holds it: the same file browsers load, opened once at start
// (checksum verified), queried by the engine to re-check every relay or locker an order names.
#ifndef RELAIS_EDGE_RELAY_SNAPSHOT_H_
#define RELAIS_EDGE_RELAY_SNAPSHOT_H_

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "wasm/engine/point_search.h"
#include "wasm/engine/relay_choice.h"
#include "wasm/engine/snapshot.h"

namespace relais::edge {

class RelaySnapshot {
 public:
  // Opens `path`; "" or an unreadable file leaves the holder empty (error() says why) and relay orders are
  // then refused, never accepted unchecked.
  explicit RelaySnapshot(const std::string& path);
  RelaySnapshot(const RelaySnapshot&) = delete;
  RelaySnapshot& operator=(const RelaySnapshot&) = delete;

  bool loaded() const { return snapshot_.has_value(); }
  const std::string& error() const { return error_; }
  const Snapshot& snapshot() const { return *snapshot_; }

  // CheckRelayChoice under a lock (a PointSearch serves one query at a time).
  RelayVerdict Check(const RelayChoice& choice);

 private:
  std::vector<uint64_t> words_;  // The file, 8-byte aligned.
  std::optional<Snapshot> snapshot_;
  std::optional<PointSearch> search_;
  std::mutex mutex_;
  std::string error_;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_RELAY_SNAPSHOT_H_
