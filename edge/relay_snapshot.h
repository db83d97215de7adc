// The published relay snapshot as the server holds it: the same file browsers load, checksum verified,
// queried by the engine to re-check every relay or locker an order names and to answer /v1/relays.
//
// relais-sync publishes a new file every day by renaming it over the old one. The holder notices (it polls
// the file's identity, or is told to on SIGHUP) and swaps datasets atomically: a request takes the current
// dataset once (Current()) and keeps it to its end, so it sees the old or the new one, never a mix. A new
// file that cannot be read or is refused leaves the current dataset serving; the error is kept and logged.
#ifndef RELAIS_EDGE_RELAY_SNAPSHOT_H_
#define RELAIS_EDGE_RELAY_SNAPSHOT_H_

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "io/snapshot_file.h"
#include "wasm/engine/snapshot.h"

namespace relais::edge {

// One loaded file; immutable, shared by the requests that use it.
struct RelayDataset {
  std::optional<SnapshotFile> file;  // The bytes `snapshot` points into.
  std::optional<Snapshot> snapshot;
  std::string loaded_at;  // ISO 8601 UTC.
  // Which file it is, the same on every node that loaded the same file: "xxh64:" and the checksum in its header
  // (16 hex digits). Answers carry it (Relais-Snapshot): a node that has not reloaded yet says so.
  std::string version;
};

// Where a file stands on disk: a rename over it changes the inode, a rewrite in place the size or time.
struct FileIdentity {
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = 0;
  int64_t modified_ns = 0;
  bool operator==(const FileIdentity&) const = default;
};

class RelaySnapshot {
 public:
  // Loads `path` ("" : no snapshot; relay orders and searches are then refused, never answered unchecked).
  explicit RelaySnapshot(std::string path);
  ~RelaySnapshot();
  RelaySnapshot(const RelaySnapshot&) = delete;
  RelaySnapshot& operator=(const RelaySnapshot&) = delete;

  // The dataset serving now, or null when none was ever loaded -- or, on a thread that holds a Pin of this
  // snapshot, the one pinned. Keep it for the whole request.
  std::shared_ptr<const RelayDataset> Current() const;

  // Pins the dataset serving now for the calling thread: each Current() made there returns it until the pin
  // goes, however often it is called and whatever reloads meanwhile. A request holds one from its start to
  // its answer, so every rule it runs and the version its answer names see one file, never a mix.
  class Pin {
   public:
    explicit Pin(const RelaySnapshot* snapshot);  // Null: pins nothing.
    ~Pin();
    Pin(const Pin&) = delete;
    Pin& operator=(const Pin&) = delete;
    const std::shared_ptr<const RelayDataset>& dataset() const { return dataset_; }

   private:
    const RelaySnapshot* snapshot_;
    std::shared_ptr<const RelayDataset> dataset_;
  };
  // Why the last load failed ("" when it did not); about the current dataset when there is none.
  std::string error() const;

  enum class Reload { kUnchanged, kLoaded, kRefused };
  // Loads the file again when its identity changed since the last attempt (`force`: whatever it is).
  Reload ReloadIfChanged(bool force = false);
  // Polls every `interval` on a thread of its own (stopped by the destructor); `log` hears every load and
  // refusal.
  void Watch(std::chrono::milliseconds interval, std::function<void(Reload, const std::string&)> log);

 private:
  const std::string path_;
  mutable std::mutex mutex_;  // Guards current_, error_, seen_.
  std::shared_ptr<const RelayDataset> current_;
  std::string error_;
  std::optional<FileIdentity> seen_;  // The file as last tried.
  std::mutex reload_mutex_;           // One reload at a time (watcher and SIGHUP).
  std::thread watcher_;
  std::condition_variable stop_signal_;
  bool stopping_ = false;  // Under mutex_.
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_RELAY_SNAPSHOT_H_
