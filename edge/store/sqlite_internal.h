// What the SQLite store's files share, and nothing else includes: prepared statements, transactions, the
// refusal carried out of nested writes, and the readers of its rows. Private to edge/store/.
#ifndef RELAIS_EDGE_STORE_SQLITE_INTERNAL_H_
#define RELAIS_EDGE_STORE_SQLITE_INTERNAL_H_

#include <sqlite3.h>

#include <optional>
#include <stdexcept>
#include <string>

#include "edge/model/order_json.h"
#include "edge/store/sqlite_store.h"

namespace relais::edge::sqlite {

// A refusal inside a write, carried out of the nested helpers to the method that returns it as a value.
struct Refused {
  StoreError error;
};

// A prepared statement of a connection: bind in order, step, read columns. Throws std::runtime_error on database errors
// (a bug or a broken disk: the server answers 500).
class Statement {
 public:
  // Prepared once per connection (and SQL text), reset after each use.
  Statement(SqliteConnection& connection, const char* sql) : db_(connection.db) {
    sqlite3_stmt*& cached = connection.statements[sql];
    if (!cached && sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &cached, nullptr) != SQLITE_OK) {
      cached = nullptr;
      Fail("prepare");
    }
    stmt_ = cached;
  }
  ~Statement() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(const std::string& text) {
    Check(sqlite3_bind_text(stmt_, ++bound_, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT));
    return *this;
  }
  Statement& Bind(int64_t value) {
    Check(sqlite3_bind_int64(stmt_, ++bound_, value));
    return *this;
  }
  // True while there is a row.
  bool Step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) Fail("step");
    return false;
  }
  void Run() {
    while (Step()) {
    }
  }
  std::string Text(int column) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return text ? std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
  }
  int64_t Int(int column) const { return sqlite3_column_int64(stmt_, column); }

 private:
  void Check(int rc) {
    if (rc != SQLITE_OK) Fail("bind");
  }
  [[noreturn]] void Fail(const char* what) {
    throw std::runtime_error(std::string("sqlite ") + what + ": " + sqlite3_errmsg(db_));
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int bound_ = 0;
};

inline void Exec(sqlite3* db, const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string error = message ? message : "unknown error";
    sqlite3_free(message);
    throw std::runtime_error(std::string("sqlite: ") + error);
  }
}

// BEGIN IMMEDIATE ... COMMIT, rolled back when the scope is left by an exception.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) { Exec(db_, "BEGIN IMMEDIATE"); }
  ~Transaction() {
    if (!committed_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  void Commit() {
    Exec(db_, "COMMIT");
    committed_ = true;
  }

 private:
  sqlite3* db_;
  bool committed_ = false;
};

inline Site ReadSite(const Statement& s) {
  return {
      s.Text(0), s.Text(1), s.Text(2), s.Text(3), nlohmann::json::parse(s.Text(4)), nlohmann::json::parse(s.Text(5)),
      s.Int(6)};
}

// A products row: sku, name, category, temperature, weight_g, length_cm, width_cm, height_cm, price_cents.
inline Product ReadProduct(const Statement& s) {
  return {s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Int(4), {s.Int(5), s.Int(6), s.Int(7)}, s.Int(8), s.Text(9)};
}

inline LedgerEntry ReadLedgerEntry(const Statement& s) {
  LedgerEntry e;
  e.id = s.Int(0);
  e.sku = s.Text(1);
  e.site = s.Text(2);
  e.kind = ParseMovementKind(s.Text(3)).value_or(MovementKind::kReceipt);
  e.quantity = s.Int(4);
  e.delta = {s.Int(5), s.Int(6), s.Int(7)};
  e.reference = s.Text(8);
  e.recorded_at = s.Text(9);
  return e;
}

inline StockLevel LevelOf(SqliteConnection& db, const std::string& brand, const std::string& sku,
                          const std::string& site) {
  Statement s(db,
              "SELECT on_hand, reserved, in_transit FROM stock_levels WHERE brand_id = ? AND sku = ? AND site_id = ?");
  s.Bind(brand).Bind(sku).Bind(site);
  if (!s.Step()) return {};
  return {s.Int(0), s.Int(1), s.Int(2)};
}

// An order read from its row: the document and the version beside it.
inline Order OrderOfRow(const std::string& body, int64_t version) {
  Order o = OrderFromJson(nlohmann::json::parse(body));
  o.version = version;
  return o;
}

// The order an idempotency key created, or nullopt; Refused kKeyReused when the key came with another request.
inline std::optional<Order> FindReplay(SqliteConnection& db, const std::string& brand,
                                       const std::string& idempotency_key, const std::string& request_sha256) {
  Statement seen(
      db,
      "SELECT k.request_sha256, o.body, o.version FROM idempotency_keys k JOIN orders o ON o.brand_id = k.brand_id "
      "AND o.id = k.order_id WHERE k.brand_id = ? AND k.idempotency_key = ?");
  seen.Bind(brand).Bind(idempotency_key);
  if (!seen.Step()) return std::nullopt;
  if (seen.Text(0) != request_sha256) {
    throw Refused{{StoreError::Kind::kKeyReused, "this Idempotency-Key was used for another request", ""}};
  }
  return OrderOfRow(seen.Text(1), seen.Int(2));
}

inline bool Exists(SqliteConnection& db, const char* sql, const std::string& brand, const std::string& key) {
  Statement s(db, sql);
  s.Bind(brand).Bind(key);
  return s.Step();
}

// The LIKE pattern of `order_id`'s children ("<id>-<n>"); ids hold "_", LIKE's any-character: escaped with "!".
inline std::string ChildPattern(const std::string& order_id) {
  std::string children = order_id;
  for (size_t at = children.find_first_of("_%!"); at != std::string::npos; at = children.find_first_of("_%!", at + 2)) {
    children.insert(at, "!");
  }
  return children + "-%";
}

}  // namespace relais::edge::sqlite

#endif  // RELAIS_EDGE_STORE_SQLITE_INTERNAL_H_
