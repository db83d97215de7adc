#include "edge/relay_snapshot.h"

#include <sys/stat.h>

#include <cinttypes>
#include <cstdio>

#include "edge/utc_now.h"

namespace relais::edge {

namespace {

std::optional<FileIdentity> IdentityOf(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return std::nullopt;
  return FileIdentity{st.st_dev, st.st_ino, st.st_size,
                      static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

// Reads and opens the file (checksum verified); null and `*error` when it cannot be served.
std::shared_ptr<const RelayDataset> LoadDataset(const std::string& path, std::string* error) {
  auto dataset = std::make_shared<RelayDataset>();
  dataset->file = SnapshotFile::Read(path, error);
  if (!dataset->file) {
    *error = "relay snapshot: " + *error;
    return nullptr;
  }
  const SnapshotOpen open = Snapshot::Open(dataset->file->bytes());
  if (!open.snapshot) {
    *error = path + ": " + open.error;
    return nullptr;
  }
  dataset->snapshot.emplace(*open.snapshot);
  dataset->loaded_at = UtcNowIso();
  char version[32];
  std::snprintf(version, sizeof version, "xxh64:%016" PRIx64, dataset->snapshot->checksum());
  dataset->version = version;
  return dataset;
}

// The dataset a request of this thread pinned, and whose (RelaySnapshot::Pin).
thread_local const RelaySnapshot* t_pinned_snapshot = nullptr;
thread_local std::shared_ptr<const RelayDataset> t_pinned;

}  // namespace

RelaySnapshot::Pin::Pin(const RelaySnapshot* snapshot) : snapshot_(snapshot) {
  if (!snapshot_) return;
  dataset_ = snapshot_->Current();
  t_pinned_snapshot = snapshot_;
  t_pinned = dataset_;
}

RelaySnapshot::Pin::~Pin() {
  if (!snapshot_) return;
  t_pinned_snapshot = nullptr;
  t_pinned.reset();
}

RelaySnapshot::RelaySnapshot(std::string path) : path_(std::move(path)) {
  if (path_.empty()) {
    error_ = "no relay snapshot configured";
    return;
  }
  ReloadIfChanged(true);
}

RelaySnapshot::~RelaySnapshot() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  stop_signal_.notify_all();
  if (watcher_.joinable()) watcher_.join();
}

std::shared_ptr<const RelayDataset> RelaySnapshot::Current() const {
  if (t_pinned_snapshot == this) return t_pinned;
  const std::lock_guard<std::mutex> lock(mutex_);
  return current_;
}

std::string RelaySnapshot::error() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return error_;
}

RelaySnapshot::Reload RelaySnapshot::ReloadIfChanged(bool force) {
  if (path_.empty()) return Reload::kUnchanged;
  const std::lock_guard<std::mutex> reloading(reload_mutex_);
  const std::optional<FileIdentity> identity = IdentityOf(path_);
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (!force && identity == seen_) return Reload::kUnchanged;
    seen_ = identity;
  }
  std::string error;
  std::shared_ptr<const RelayDataset> dataset = LoadDataset(path_, &error);
  const std::lock_guard<std::mutex> lock(mutex_);
  error_ = error;
  if (!dataset) return Reload::kRefused;
  current_ = std::move(dataset);
  return Reload::kLoaded;
}

void RelaySnapshot::Watch(std::chrono::milliseconds interval, std::function<void(Reload, const std::string&)> log) {
  if (path_.empty() || watcher_.joinable()) return;
  watcher_ = std::thread([this, interval, log = std::move(log)] {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stop_signal_.wait_for(lock, interval, [this] { return stopping_; })) {
      lock.unlock();
      const Reload result = ReloadIfChanged();
      if (result != Reload::kUnchanged && log) log(result, error());
      lock.lock();
    }
  });
}

}  // namespace relais::edge
