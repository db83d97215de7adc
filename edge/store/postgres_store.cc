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
  if (const std::string refusal = CollationRefusal(*db); !refusal.empty()) {
    GiveBack(std::move(db));
    throw std::runtime_error(refusal);
  }
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

std::string PostgresStore::CollationRefusal(sql::Connection& db) {
  // The SQL compares and sorts ids, ISO timestamps and "<created_at> <id>" page cursors as SQLite does, byte
  // by byte. A linguistic collation sorts 'a' before 'B' and weighs '-' and ' ' last: pages would skip or
  // repeat orders. Asked by behaviour, since the collation can be named by libc or by ICU.
  sql::Statement order(db,
                       "SELECT ('B' < 'a') AND ('a-c' < 'ab') AND ('Z z' < 'Z-a'), "
                       "(SELECT datcollate FROM pg_database WHERE datname = current_database()), current_database()");
  if (!order.Step() || order.Int(0) == 1) return "";
  const std::string collate = order.Text(1);
  const std::string how = collate == "C" || collate == "C.UTF-8" || collate == "C.utf8" || collate == "POSIX"
                              ? "an ICU locale"
                              : "LC_COLLATE " + collate;
  return "database " + order.Text(2) + " sorts text by " + how +
         ", not byte by byte as relais sorts ids, timestamps and page cursors: create it with "
         "--template=template0 --locale=C.UTF-8 (docs/deploy.md)";
}

bool PostgresStore::IsUri(const std::string& database) {
  return database.starts_with("postgresql://") || database.starts_with("postgres://");
}

uint64_t PostgresStore::WriteRetries() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return retries_;
}

std::span<const char* const> PostgresStore::Migrations() const { return sql::PostgresMigrations(); }

std::unique_ptr<sql::PostgresConnection> PostgresStore::Take() {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    returned_.wait(lock, [&] { return !idle_.empty() || open_ < max_connections_; });
    while (!idle_.empty()) {
      std::unique_ptr<sql::PostgresConnection> db = std::move(idle_.back());
      idle_.pop_back();
      if (db->Alive()) return db;
      --open_;  // Closed by the server while idle: dropped, and the next one is asked.
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
  bool fresh = false;  // Whether `db` was opened for this write.
  for (int attempt = 1;; ++attempt) {
    try {
      try {
        db->Begin();
      } catch (const StoreUnavailable&) {
        // A connection of the pool that the server closed while it was idle (the server restarted): nothing
        // was sent, so a new connection runs the write. Only once: a server still away fails the call.
        if (fresh) throw;
        GiveBack(std::move(db));
        db = Take();
        fresh = true;
        db->Begin();
      }
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
      if (db) {  // None when a new connection could not be opened.
        db->Rollback();
        GiveBack(std::move(db));
      }
      throw;
    }
  }
}

void PostgresStore::QueueForStock(sql::Connection& db) {
  // Every group of orders reserves stock, and on a busy product all of them update the same row. Left to
  // SERIALIZABLE alone, the groups of several nodes collide there: the loser runs again while the winner's
  // node has already begun its next group, and under a steady load one node's groups can lose 50 times in a
  // row (a 500; measured by bench/edge_postgres_bench.sh with 2 and 3 nodes). Taken before the transaction's
  // first read -- its snapshot is then taken once the lock is held -- this lock makes the groups wait their
  // turn in the server's first-come queue instead, as SQLite's single writer does on one node. It conflicts
  // with itself and with other writes to stock_levels (stock movements wait too), never with reads.
  db.Exec("LOCK TABLE stock_levels IN SHARE ROW EXCLUSIVE MODE");
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
