// A connection to PostgreSQL through libpq, as the SQL store needs one (sql_connection.h): statements written
// with SQLite's `?` parameters, run as server-side prepared statements; SERIALIZABLE write transactions, whose
// serialization failures come out as RetryTransaction.
//
// Values travel as text both ways (parameters and rows): the store binds only texts and 64-bit integers and
// reads columns back as the same, so text costs one conversion each way and needs no knowledge of binary
// layouts.
//
// Private to edge/store/.
#ifndef RELAIS_EDGE_STORE_POSTGRES_CONNECTION_H_
#define RELAIS_EDGE_STORE_POSTGRES_CONNECTION_H_

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>

#include "edge/store/sql_connection.h"

typedef struct pg_conn PGconn;  // libpq-fe.h: the includer need not see libpq.

namespace relais::edge::sql {

// An error PostgreSQL reported, with its SQLSTATE (https://www.postgresql.org/docs/current/errcodes-appendix.html)
// when the server sent one: "23505" is a unique violation, which a caller may turn into a refusal instead of a
// 500. Serialization failures and deadlocks are not DatabaseErrors but RetryTransaction; a connection lost (the
// server went away or is shutting down) is StoreUnavailable (store.h).
struct DatabaseError : std::runtime_error {
  DatabaseError(const std::string& what, std::string state) : std::runtime_error(what), sqlstate(std::move(state)) {}
  std::string sqlstate;
};

class PostgresCursor;

class PostgresConnection : public Connection {
 public:
  // Connects to `uri` ("postgresql://user@host:port/database?...", or libpq's "key=value ..." form). Throws
  // StoreUnavailable with libpq's reason when it cannot; the message names the URI without its password.
  explicit PostgresConnection(const std::string& uri);
  ~PostgresConnection() override;
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  // False once the connection broke or its transaction failed (only ROLLBACK is accepted then): a pool drops
  // such a connection rather than lend it again.
  bool Healthy() const;
  // False when the server closed the connection while it sat idle (the server restarted, an administrator
  // ended it): reads what the server sent meanwhile, without waiting. A pool asks before lending an idle one.
  bool Alive();

  Dialect dialect() const override { return Dialect::kPostgres; }
  // `sql` uses `?` parameters, translated to PostgreSQL's $1..$n; a `?` inside '...' or "..." or a comment is
  // left alone. PostgreSQL's E'...' strings, $$-quoted strings and jsonb's ? operators are not recognized (the
  // store writes none: jsonb_exists() spells the operator). The statement is prepared on the server at its
  // first run, with the types of the values bound then (text, or bigint for an integer), and prepared again
  // under another name when a later run binds other types.
  Cursor& Prepare(const char* sql) override;
  // Runs `sql`, one or more statements without parameters. Errors as a statement's (PostgresCursor::Step).
  void Exec(const std::string& sql) override;
  // Rows changed by the last INSERT, UPDATE or DELETE run through Prepare (with RETURNING too); a SELECT
  // leaves it as it was, as sqlite3_changes() does.
  int64_t Changes() override { return changes_; }
  // BEGIN ISOLATION LEVEL SERIALIZABLE. COMMIT throws RetryTransaction when the server gives the transaction
  // up at its end (a serialization failure may only show then), and std::runtime_error when the transaction
  // had failed earlier (PostgreSQL then answers COMMIT with ROLLBACK: nothing was written).
  void Begin() override;
  void Commit() override;
  void Rollback() noexcept override;

 private:
  friend class PostgresCursor;

  PGconn* conn_ = nullptr;
  std::unordered_map<const char*, std::unique_ptr<PostgresCursor>> cursors_;  // By the SQL literal's address.
  int64_t changes_ = 0;
  int64_t statements_named_ = 0;  // Server-side statements are named "relais_<n>".
};

}  // namespace relais::edge::sql

#endif  // RELAIS_EDGE_STORE_POSTGRES_CONNECTION_H_
