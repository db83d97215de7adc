// The embedded store: one SQLite file in WAL mode, schema migrations applied at open (each in its own
// transaction, recorded in schema_migrations), every write in one IMMEDIATE transaction with synchronous=FULL,
// so that an acknowledged write survives a crash (kill -9 or power loss). The SQL is the shared store's
// (sql_store.h); this file gives it its connections.
//
// Writes go through one connection guarded by a mutex: SQLite serializes writers anyway, and the figures a
// reservation checks must not change between its read and its write. Reads outside a write go through a
// read-only connection of the calling thread, beside the writer (WAL).
#ifndef RELAIS_EDGE_STORE_SQLITE_STORE_H_
#define RELAIS_EDGE_STORE_SQLITE_STORE_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "edge/store/sql_store.h"

struct sqlite3;

namespace relais::edge {

// One SQLite connection and its prepared statements (kept for the connection's life: an order runs a
// dozen statements, preparing them each time cost more than running them).
class SqliteConnection : public sql::Connection {
 public:
  // Opens `path` (read-only or read-write, created if needed); throws std::runtime_error when it cannot.
  SqliteConnection(const std::string& path, bool read_only);
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  sql::Dialect dialect() const override { return sql::Dialect::kSqlite; }
  sql::Cursor& Prepare(const char* sql) override;
  void Exec(const std::string& sql) override;
  int64_t Changes() override;
  void Begin() override;
  void Commit() override;
  void Rollback() noexcept override;

 private:
  class Cursor;
  sqlite3* db_ = nullptr;
  std::unordered_map<const char*, std::unique_ptr<Cursor>> statements_;  // Keyed by the SQL literal's address.
};

class SqliteStore : public SqlStore {
 public:
  // Opens (creating if needed) and migrates `path`. Throws std::runtime_error when it cannot, or when the
  // file's schema is newer than this program knows.
  explicit SqliteStore(const std::string& path);
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  // The schema version this program migrates to.
  static int LatestSchemaVersion();

 protected:
  void InWriteTransaction(const std::function<void(sql::Connection&)>& body) override;
  sql::Connection& AcquireReader() override;  // The calling thread's read-only connection, opened at its first read.
  void ReleaseReader(sql::Connection&) override {}
  std::span<const char* const> Migrations() const override;

 private:
  std::string path_;
  std::mutex mutex_;  // Guards writer_.
  SqliteConnection writer_;
  std::mutex readers_mutex_;
  std::map<std::thread::id, std::unique_ptr<SqliteConnection>> readers_;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_STORE_SQLITE_STORE_H_
