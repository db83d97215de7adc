// What the SQL store (sql_store.h) needs of a database, and nothing more: statements with `?` parameters run
// on a connection, write transactions, savepoints. Two drivers implement it: SQLite (sqlite_store.h, the
// embedded default) and PostgreSQL through libpq (postgres_store.h, for several edge nodes on one database).
// The SQL the store runs is written once for both; where the dialects differ a Statement takes both spellings.
//
// Private to edge/store/.
#ifndef RELAIS_EDGE_STORE_SQL_CONNECTION_H_
#define RELAIS_EDGE_STORE_SQL_CONNECTION_H_

#include <cstdint>
#include <stdexcept>
#include <string>

namespace relais::edge::sql {

enum class Dialect { kSqlite, kPostgres };

// The database gave a transaction up, and running it again from its start may succeed: PostgreSQL's
// serialization failure (40001) or deadlock (40P01). The store rolls back and runs the whole transaction
// again; nothing of the failed attempt was written.
struct RetryTransaction : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One statement of a connection, used by one Statement at a time. Database errors throw std::runtime_error
// (a bug or a broken database: the server answers 500), or RetryTransaction.
class Cursor {
 public:
  virtual ~Cursor() = default;
  // Parameters in the order of their `?`.
  virtual void BindText(const std::string& text) = 0;
  virtual void BindInt(int64_t value) = 0;
  // Runs the statement at the first call; true while there is a row.
  virtual bool Step() = 0;
  // The current row's columns: "" and 0 for NULL. A boolean column reads 1 or 0.
  virtual std::string Text(int column) const = 0;
  virtual int64_t Int(int column) const = 0;
  // Ready to bind and run again (its bindings cleared).
  virtual void Reset() = 0;
};

// One connection to the database. Not shared between threads while in use.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // The statement of `sql`, a string literal: prepared once per connection and kept by the literal's address.
  virtual Cursor& Prepare(const char* sql) = 0;
  // Runs `sql`: one or more statements without parameters (migrations, savepoints).
  virtual void Exec(const std::string& sql) = 0;
  // Rows changed by the last INSERT, UPDATE or DELETE run through Prepare.
  virtual int64_t Changes() = 0;
  // A write transaction: SQLite's BEGIN IMMEDIATE (one writer at a time), PostgreSQL's SERIALIZABLE (any
  // interleaving of nodes is equivalent to one after the other, as SQLite's single writer is).
  virtual void Begin() = 0;
  virtual void Commit() = 0;
  virtual void Rollback() noexcept = 0;
};

// A statement for one use: bind in order, step, read columns; its cursor reset when it goes out of scope.
class Statement {
 public:
  Statement(Connection& db, const char* sql) : cursor_(db.Prepare(sql)) {}
  // One statement in two spellings, where the dialects differ: SQLite's first, PostgreSQL's second.
  Statement(Connection& db, const char* sqlite, const char* postgres)
      : cursor_(db.Prepare(db.dialect() == Dialect::kSqlite ? sqlite : postgres)) {}
  ~Statement() { cursor_.Reset(); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(const std::string& text) {
    cursor_.BindText(text);
    return *this;
  }
  Statement& Bind(int64_t value) {
    cursor_.BindInt(value);
    return *this;
  }
  bool Step() { return cursor_.Step(); }  // True while there is a row.
  void Run() {
    while (Step()) {
    }
  }
  std::string Text(int column) const { return cursor_.Text(column); }
  int64_t Int(int column) const { return cursor_.Int(column); }

 private:
  Cursor& cursor_;
};

}  // namespace relais::edge::sql

#endif  // RELAIS_EDGE_STORE_SQL_CONNECTION_H_
