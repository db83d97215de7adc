// PostgreSQL through libpq (postgres_connection.h).
#include "edge/store/postgres_connection.h"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "edge/store/store.h"

namespace relais::edge::sql {

namespace {

// The types a parameter is declared with at PREPARE. Debian's libpq-dev does not ship catalog/pg_type_d.h
// (postgresql-server-dev does): these are its TEXTOID and INT8OID, fixed since PostgreSQL's first catalogs.
constexpr Oid kTextOid = 25;
constexpr Oid kInt8Oid = 20;

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

// libpq's own messages span lines ("...failed: Connection refused\n\tIs the server running..."): one line for
// a log, without the trailing newline.
std::string OneLine(const char* message) {
  std::string text;
  for (const char* p = message ? message : ""; *p; ++p) {
    const bool space = *p == '\n' || *p == '\t' || *p == ' ';
    if (!space) {
      text += *p;
    } else if (!text.empty() && text.back() != ' ') {
      text += ' ';
    }
  }
  if (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

// The first 200 characters of a statement, enough to find it in the source and short enough for a log line.
std::string Excerpt(std::string_view sql) {
  constexpr size_t kMax = 200;
  return sql.size() <= kMax ? std::string(sql) : std::string(sql.substr(0, kMax)) + "...";
}

// Throws what `result` (nullptr when libpq could not even make one: no memory, no connection) says went wrong
// running `sql`: RetryTransaction for a serialization failure or a deadlock, StoreUnavailable when the connection
// is lost, DatabaseError for the rest. The
// server's primary message only: its DETAIL quotes the row's values (customers' data) into logs.
[[noreturn]] void ThrowError(PGconn* conn, const PGresult* result, std::string_view sql) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  const std::string sqlstate = state ? state : "";
  std::string message = "postgresql: " + (primary ? std::string(primary) : OneLine(PQerrorMessage(conn)));
  if (!sqlstate.empty()) message += " (SQLSTATE " + sqlstate + ")";
  message += " in: " + Excerpt(sql);
  if (sqlstate == "40001" || sqlstate == "40P01") throw RetryTransaction(message);
  // The connection is gone (the server restarting, a network cut, an administrator's command): not a bug, the
  // server is out of reach for now.
  if (PQstatus(conn) != CONNECTION_OK || sqlstate.starts_with("08") || sqlstate == "57P01" || sqlstate == "57P02" ||
      sqlstate == "57P03") {
    throw StoreUnavailable(message);
  }
  throw DatabaseError(message, sqlstate);
}

// `result` of running `sql`, or the error it reports thrown.
Result Checked(PGconn* conn, PGresult* raw, std::string_view sql) {
  Result result(raw);
  const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY) {
    ThrowError(conn, result.get(), sql);
  }
  return result;
}

// `sql` with its `?` numbered as $1..$n for PostgreSQL, and n. Quoted literals, quoted identifiers and
// comments are copied as they are: a '?' there is text, not a parameter.
std::string NumberedParameters(const char* sql, int* count) {
  std::string out;
  *count = 0;
  for (const char* p = sql; *p;) {
    if (*p == '\'' || *p == '"') {  // Up to the closing quote; a doubled quote closes and opens again.
      const char* end = std::strchr(p + 1, *p);
      end = end ? end + 1 : p + std::strlen(p);
      out.append(p, end);
      p = end;
    } else if (p[0] == '-' && p[1] == '-') {
      const char* end = std::strchr(p, '\n');
      end = end ? end : p + std::strlen(p);
      out.append(p, end);
      p = end;
    } else if (p[0] == '/' && p[1] == '*') {
      const char* end = std::strstr(p + 2, "*/");
      end = end ? end + 2 : p + std::strlen(p);
      out.append(p, end);
      p = end;
    } else if (*p == '?') {
      out += '$' + std::to_string(++*count);
      ++p;
    } else {
      out += *p++;
    }
  }
  return out;
}

// `text` with every occurrence of `secret` (when not empty) replaced by "***".
std::string Masked(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
    text.replace(at, secret.size(), "***");
  }
  return text;
}

// The password `uri` carries, as libpq reads it and as it is written in `uri` (percent-encoded in a URI):
// both are masked out of anything echoed. Empty strings for none.
std::pair<std::string, std::string> PasswordsOf(const std::string& uri) {
  std::string parsed;
  if (PQconninfoOption* options = PQconninfoParse(uri.c_str(), nullptr)) {
    for (PQconninfoOption* o = options; o->keyword; ++o) {
      if (std::strcmp(o->keyword, "password") == 0 && o->val) parsed = o->val;
    }
    PQconninfoFree(options);
  }
  std::string written;
  const size_t scheme = uri.find("://");
  if (scheme != std::string::npos) {  // postgresql://user:password@host...
    const size_t start = scheme + 3;
    const size_t authority_end = std::min(uri.find_first_of("/?", start), uri.size());
    const size_t at = uri.rfind('@', authority_end);
    if (at != std::string::npos && at >= start) {
      const size_t colon = uri.find(':', start);
      if (colon != std::string::npos && colon < at) written = uri.substr(colon + 1, at - colon - 1);
    }
  }
  return {parsed, written};
}

// `uri` fit for a message: its password, in either form or as a "password=" parameter, replaced by "***".
std::string Redacted(std::string uri, const std::pair<std::string, std::string>& passwords) {
  uri = Masked(Masked(std::move(uri), passwords.second), passwords.first);
  for (size_t at = uri.find("password="); at != std::string::npos; at = uri.find("password=", at + 1)) {
    const size_t value = at + std::strlen("password=");
    const size_t end = std::min(uri.find_first_of("& ", value), uri.size());
    uri.replace(value, end - value, "***");
  }
  return uri;
}

// Notices (CREATE ... IF NOT EXISTS skipping, ROLLBACK outside a transaction) are not errors, and libpq would
// print them on stderr.
void IgnoreNotice(void*, const char*) {}

}  // namespace

// One statement of a connection (sql_connection.h: Cursor): bound values kept as text until the first Step
// runs it; the whole result is then held, so that other statements may run on the connection while its rows
// are read.
class PostgresCursor : public Cursor {
 public:
  PostgresCursor(PostgresConnection& db, const char* sql) : db_(db), sql_(sql) {
    text_ = NumberedParameters(sql, &parameters_);
  }

  void BindText(const std::string& text) override {
    // libpq sends a text parameter up to its first NUL: the value would be cut short without a word.
    if (text.find('\0') != std::string::npos) {
      throw DatabaseError("postgresql: a text parameter holds a NUL character in: " + Excerpt(sql_), "");
    }
    values_.push_back(text);
    types_ += 't';
  }
  void BindInt(int64_t value) override {
    values_.push_back(std::to_string(value));
    types_ += 'i';
  }

  bool Step() override {
    if (!result_) {
      Run();
      row_ = 0;
    } else if (row_ < PQntuples(result_.get())) {
      ++row_;
    }
    return row_ < PQntuples(result_.get());
  }

  std::string Text(int column) const override {
    const PGresult* r = Row(column);
    if (PQgetisnull(r, row_, column)) return "";
    return std::string(PQgetvalue(r, row_, column), static_cast<size_t>(PQgetlength(r, row_, column)));
  }

  // An integer column's value; a boolean's 1 or 0; the integral part of a numeric one (AVG, SUM of bigint),
  // as SQLite's sqlite3_column_int64 truncates a REAL.
  int64_t Int(int column) const override {
    const PGresult* r = Row(column);
    if (PQgetisnull(r, row_, column)) return 0;
    const char* value = PQgetvalue(r, row_, column);
    if (std::strcmp(value, "t") == 0) return 1;
    if (std::strcmp(value, "f") == 0) return 0;
    int64_t number = 0;
    const auto [end, error] = std::from_chars(value, value + std::strlen(value), number);
    if (error != std::errc() || (*end != '\0' && *end != '.')) {
      throw DatabaseError("postgresql: column " + std::to_string(column) + " is not an integer (\"" + value +
                              "\") in: " + Excerpt(sql_),
                          "");
    }
    return number;
  }

  void Reset() override {
    result_.reset();
    row_ = 0;
    values_.clear();
    types_.clear();
  }

 private:
  // Prepares the statement for the types bound (once per set of types), runs it, keeps its rows.
  void Run() {
    if (static_cast<int>(values_.size()) != parameters_) {
      throw DatabaseError("postgresql: " + std::to_string(values_.size()) + " values bound to " +
                              std::to_string(parameters_) + " parameters in: " + Excerpt(sql_),
                          "");
    }
    PGconn* conn = db_.conn_;
    std::string& name = names_[types_];
    if (name.empty()) {
      std::vector<Oid> oids;
      for (const char type : types_) oids.push_back(type == 'i' ? kInt8Oid : kTextOid);
      const std::string fresh = "relais_" + std::to_string(++db_.statements_named_);
      Checked(conn, PQprepare(conn, fresh.c_str(), text_.c_str(), parameters_, oids.data()), sql_);
      name = fresh;  // Only once the server has it: a failed PREPARE is tried again at the next run.
    }
    std::vector<const char*> values;
    for (const std::string& v : values_) values.push_back(v.c_str());
    result_ = Checked(
        conn, PQexecPrepared(conn, name.c_str(), parameters_, values.data(), nullptr, nullptr, /*text*/ 0), sql_);
    const std::string_view command = PQcmdStatus(result_.get());
    if (command.starts_with("INSERT") || command.starts_with("UPDATE") || command.starts_with("DELETE") ||
        command.starts_with("MERGE")) {
      db_.changes_ = std::strtoll(PQcmdTuples(result_.get()), nullptr, 10);
    }
  }

  // The result when `column` of the current row can be read; throws otherwise (a bug of the caller).
  const PGresult* Row(int column) const {
    if (!result_ || row_ >= PQntuples(result_.get()) || column < 0 || column >= PQnfields(result_.get())) {
      throw DatabaseError(
          "postgresql: no column " + std::to_string(column) + " in the current row of: " + Excerpt(sql_), "");
    }
    return result_.get();
  }

  PostgresConnection& db_;
  const char* sql_;
  std::string text_;  // With $1..$n.
  int parameters_ = 0;
  std::vector<std::string> values_;                     // Bound so far, as text.
  std::string types_;                                   // One letter per value bound: 't' text, 'i' integer.
  std::unordered_map<std::string, std::string> names_;  // The server-side statement of each `types_`.
  Result result_;                                       // Empty until the statement ran.
  int row_ = 0;
};

PostgresConnection::PostgresConnection(const std::string& uri) {
  // The URI as libpq's dbname (expanded), with the encoding every byte of the store is in, and a name that
  // tells relais-edge's sessions apart in pg_stat_activity unless the URI names one.
  const char* const keywords[] = {"dbname", "client_encoding", "fallback_application_name", nullptr};
  const char* const values[] = {uri.c_str(), "UTF8", "relais-edge", nullptr};
  conn_ = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
    const auto passwords = PasswordsOf(uri);
    const std::string why = conn_ ? OneLine(PQerrorMessage(conn_)) : "out of memory";
    PQfinish(conn_);
    conn_ = nullptr;
    throw StoreUnavailable("postgresql: cannot connect to " + Redacted(uri, passwords) + ": " +
                           Masked(Masked(why, passwords.second), passwords.first));
  }
  PQsetNoticeProcessor(conn_, IgnoreNotice, nullptr);
}

PostgresConnection::~PostgresConnection() {
  cursors_.clear();  // Their results, before the connection.
  PQfinish(conn_);
}

bool PostgresConnection::Healthy() const {
  if (PQstatus(conn_) != CONNECTION_OK) return false;
  const PGTransactionStatusType transaction = PQtransactionStatus(conn_);
  return transaction != PQTRANS_INERROR && transaction != PQTRANS_UNKNOWN;
}

bool PostgresConnection::Alive() {
  // A server ending a connection sends its reason, then closes the socket: the first read takes the reason,
  // the second finds the end. An open idle connection has nothing to read (each read returns at once).
  for (int read = 0; read < 2; ++read) {
    if (PQstatus(conn_) != CONNECTION_OK || PQconsumeInput(conn_) == 0) return false;
  }
  return PQstatus(conn_) == CONNECTION_OK;
}

Cursor& PostgresConnection::Prepare(const char* sql) {
  std::unique_ptr<PostgresCursor>& cursor = cursors_[sql];
  if (!cursor) cursor = std::make_unique<PostgresCursor>(*this, sql);
  return *cursor;
}

void PostgresConnection::Exec(const std::string& sql) { Checked(conn_, PQexec(conn_, sql.c_str()), sql); }

void PostgresConnection::Begin() { Exec("BEGIN ISOLATION LEVEL SERIALIZABLE"); }

void PostgresConnection::Commit() {
  const Result result = Checked(conn_, PQexec(conn_, "COMMIT"), "COMMIT");
  if (std::strcmp(PQcmdStatus(result.get()), "ROLLBACK") == 0) {
    throw DatabaseError("postgresql: COMMIT of a failed transaction rolled it back: nothing of it was written", "");
  }
}

void PostgresConnection::Rollback() noexcept { PQclear(PQexec(conn_, "ROLLBACK")); }

}  // namespace relais::edge::sql
