// The PostgreSQL store's pool of connections and its serializable transactions (postgres_store.h).
#include "edge/store/postgres_store.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <stdexcept>

#include "edge/store/postgres_connection.h"
#include "edge/store/postgres_schema.h"

namespace relais::edge {

PostgresStore::PostgresStore(const std::string& uri, int max_connections)
    : uri_(uri), max_connections_(std::max(2, max_connections)) {
  // Fails here, at start, when the server cannot be reached. The lock is the session's, taken before any
  // transaction: a node that waits for it then reads the schema's version as the one before it left it.
  std::unique_ptr<sql::PostgresConnection> db = Take();
  db->Exec("SELECT pg_advisory_lock(7265637)");
  try {
    Migrate(*db);
  } catch (...) {
    db->Rollback();
    try {
      db->Exec("SELECT pg_advisory_unlock(7265637)");
    } catch (const std::exception&) {  // A broken connection: the server released the lock with it.
    }
    GiveBack(std::move(db));
    throw;
  }
  db->Exec("SELECT pg_advisory_unlock(7265637)");
  GiveBack(std::move(db));
}

PostgresStore::~PostgresStore() = default;

bool PostgresStore::IsUri(const std::string& database) {
  return database.starts_with("postgresql://") || database.starts_with("postgres://");
}

int64_t PostgresStore::retries() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return retries_;
}

std::span<const char* const> PostgresStore::Migrations() const { return sql::PostgresMigrations(); }

std::unique_ptr<sql::PostgresConnection> PostgresStore::Take() {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    returned_.wait(lock, [&] { return !idle_.empty() || open_ < max_connections_; });
    if (!idle_.empty()) {
      std::unique_ptr<sql::PostgresConnection> db = std::move(idle_.back());
      idle_.pop_back();
      return db;
    }
    ++open_;
  }
  try {
    return std::make_unique<sql::PostgresConnection>(uri_);
  } catch (...) {
    const std::lock_guard<std::mutex> lock(mutex_);
    --open_;
    returned_.notify_one();
    throw;
  }
}

void PostgresStore::GiveBack(std::unique_ptr<sql::PostgresConnection> db) {
  // A connection the server closed (restarted, or killed it) is dropped: the next Take opens a new one.
  const bool healthy = db->Healthy();
  const std::lock_guard<std::mutex> lock(mutex_);
  if (healthy) {
    idle_.push_back(std::move(db));
  } else {
    --open_;
  }
  returned_.notify_one();
}

void PostgresStore::Pause(int attempt, std::minstd_rand* jitter) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    ++retries_;
  }
  // A pause that grows with the attempts, at random so that the writes that collided do not collide again.
  const int most_us = 200 << std::min(attempt, 6);
  std::this_thread::sleep_for(std::chrono::microseconds((*jitter)() % most_us));
}

void PostgresStore::InWriteTransaction(const std::function<void(sql::Connection&)>& body) {
  std::unique_ptr<sql::PostgresConnection> db = Take();
  std::minstd_rand jitter(static_cast<unsigned>(std::hash<std::thread::id>()(std::this_thread::get_id())));
  for (int attempt = 1;; ++attempt) {
    try {
      db->Begin();
      body(*db);
      db->Commit();
      GiveBack(std::move(db));
      return;
    } catch (const sql::DatabaseError& e) {
      // A key another node inserted meanwhile, which this transaction had not read first: PostgreSQL's manual
      // advises running such a transaction again too -- it then sees the key (an idempotency key replays its
      // order). A few times only: a key that is really taken fails the same way each time.
      db->Rollback();
      if (e.sqlstate != "23505" || attempt >= kMaxKeyAttempts) {
        GiveBack(std::move(db));
        throw;
      }
      Pause(attempt, &jitter);
    } catch (const sql::RetryTransaction&) {
      db->Rollback();
      if (attempt == kMaxAttempts) {
        GiveBack(std::move(db));
        throw;
      }
      Pause(attempt, &jitter);
    } catch (...) {
      db->Rollback();
      GiveBack(std::move(db));
      throw;
    }
  }
}

sql::Connection& PostgresStore::AcquireReader() {
  const std::thread::id me = std::this_thread::get_id();
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto held = readers_.find(me);
    if (held != readers_.end()) {
      ++held->second.depth;
      return *held->second.db;
    }
  }
  std::unique_ptr<sql::PostgresConnection> db = Take();
  const std::lock_guard<std::mutex> lock(mutex_);
  Held& held = readers_[me];
  held.db = std::move(db);
  held.depth = 1;
  return *held.db;
}

void PostgresStore::ReleaseReader(sql::Connection&) {
  std::unique_ptr<sql::PostgresConnection> db;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto held = readers_.find(std::this_thread::get_id());
    if (held == readers_.end() || --held->second.depth > 0) return;
    db = std::move(held->second.db);
    readers_.erase(held);
  }
  GiveBack(std::move(db));
}

}  // namespace relais::edge
