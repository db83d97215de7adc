// The store for shops that outgrow one machine: PostgreSQL through libpq, with any number of stateless
// relais-edge nodes on one database. The SQL is the shared store's (sql_store.h); this file gives it a pool of
// connections and its transactions.
//
// Every write is one SERIALIZABLE transaction. PostgreSQL then guarantees that the writes of all nodes behave
// as if they ran one after the other -- what SQLite's single writer gives one node -- so the checks a write
// makes before it writes (the figures a reservation reads, an expected version, an idempotency key not seen
// yet, the slot's bookings counted, the series' last invoice number) hold at its commit, whichever node runs
// it. When two writes would not be equivalent to one after the other, the server refuses one of them with a
// serialization failure: it is rolled back whole and run again from the start, after a short random pause,
// up to kMaxAttempts times (then the request fails with 500, nothing written). The price is paid only by
// writes that touch the same rows at the same time (the last units of one product).
//
// Reads outside a write run each statement on its own (PostgreSQL's read committed), as SQLite's readers do.
#ifndef RELAIS_EDGE_STORE_POSTGRES_STORE_H_
#define RELAIS_EDGE_STORE_POSTGRES_STORE_H_

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "edge/store/sql_store.h"

namespace relais::edge {

namespace sql {
class PostgresConnection;
}

class PostgresStore : public SqlStore {
 public:
  static constexpr int kMaxAttempts = 50;    // After serialization failures.
  static constexpr int kMaxKeyAttempts = 5;  // After a unique key taken meanwhile (SQLSTATE 23505).

  // Connects to `uri` ("postgresql://user@host:port/database", libpq's syntax: a password is better in
  // ~/.pgpass or PGPASSWORD than in the file) and migrates the database (several nodes starting at once wait
  // for one another). At most `max_connections` are opened, as requests need them. Throws std::runtime_error
  // when it cannot connect, or when the database's schema is newer than this program knows.
  explicit PostgresStore(const std::string& uri, int max_connections = 16);
  ~PostgresStore() override;
  PostgresStore(const PostgresStore&) = delete;
  PostgresStore& operator=(const PostgresStore&) = delete;

  // True when `database` (a configuration's "database") names a PostgreSQL server rather than a SQLite file.
  static bool IsUri(const std::string& database);

  uint64_t WriteRetries() const override;

 protected:
  void InWriteTransaction(const std::function<void(sql::Connection&)>& body) override;
  void QueueForStock(sql::Connection& db) override;
  // A thread that already holds a reader gets the same one (a read that reads more inside, as search does).
  sql::Connection& AcquireReader() override;
  void ReleaseReader(sql::Connection& db) override;
  std::span<const char* const> Migrations() const override;

 private:
  // Why the database cannot be used ("" when it can): text not sorted byte by byte.
  static std::string CollationRefusal(sql::Connection& db);
  std::unique_ptr<sql::PostgresConnection> Take();             // From the pool, or a new connection.
  void GiveBack(std::unique_ptr<sql::PostgresConnection> db);  // A broken one is dropped.
  void Pause(int attempt, std::minstd_rand* jitter);           // Before running a transaction again.

  std::string uri_;
  int max_connections_;
  mutable std::mutex mutex_;  // Guards what follows.
  std::condition_variable returned_;
  std::vector<std::unique_ptr<sql::PostgresConnection>> idle_;
  int open_ = 0;  // Connections open, idle or in use.
  struct Held {
    std::unique_ptr<sql::PostgresConnection> db;
    int depth = 0;
  };
  std::map<std::thread::id, Held> readers_;  // Readers in use, by thread.
  uint64_t retries_ = 0;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_STORE_POSTGRES_STORE_H_
