#include "edge/relay_snapshot.h"

#include <fstream>

namespace relais::edge {

RelaySnapshot::RelaySnapshot(const std::string& path) {
  if (path.empty()) {
    error_ = "no relay snapshot configured";
    return;
  }
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    error_ = "cannot read relay snapshot " + path;
    return;
  }
  const auto size = static_cast<size_t>(in.tellg());
  words_.resize((size + 7) / 8);
  in.seekg(0);
  in.read(reinterpret_cast<char*>(words_.data()), static_cast<std::streamsize>(size));
  const SnapshotOpen open = Snapshot::Open({reinterpret_cast<const uint8_t*>(words_.data()), size});
  if (!open.snapshot) {
    error_ = path + ": " + open.error;
    return;
  }
  snapshot_.emplace(*open.snapshot);
  search_.emplace(*snapshot_);
}

RelayVerdict RelaySnapshot::Check(const RelayChoice& choice) {
  const std::lock_guard<std::mutex> lock(mutex_);
  return CheckRelayChoice(*snapshot_, &*search_, choice);
}

}  // namespace relais::edge
