// The peer of relais-edge's order benchmark: the same durable writes an order makes -- the idempotency
// key, the order row, one ledger row and one stock-level update per line -- as raw SQLite transactions
// with the same settings (WAL, synchronous=FULL, BEGIN IMMEDIATE), from one thread, no HTTP, no JSON
// parsing, no checks. Prints transactions per second.
//
//   sqlite-order-bench DATABASE SECONDS
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

void Exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::fprintf(stderr, "sqlite: %s\n", error ? error : "?");
    std::exit(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: sqlite-order-bench DATABASE SECONDS\n");
    return 2;
  }
  sqlite3* db = nullptr;
  if (sqlite3_open(argv[1], &db) != SQLITE_OK) return 1;
  Exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
  Exec(db,
       "CREATE TABLE IF NOT EXISTS keys (k TEXT PRIMARY KEY, order_id TEXT NOT NULL);"
       "CREATE TABLE IF NOT EXISTS orders (id TEXT PRIMARY KEY, body TEXT NOT NULL);"
       "CREATE TABLE IF NOT EXISTS ledger (id INTEGER PRIMARY KEY, sku TEXT, site TEXT, reserved INTEGER);"
       "CREATE TABLE IF NOT EXISTS levels (sku TEXT, site TEXT, reserved INTEGER, PRIMARY KEY (sku, site));"
       "INSERT OR IGNORE INTO levels VALUES ('P', 'wh', 0);");
  sqlite3_stmt *key, *order, *ledger, *level;
  sqlite3_prepare_v2(db, "INSERT INTO keys VALUES (?, ?)", -1, &key, nullptr);
  sqlite3_prepare_v2(db, "INSERT INTO orders VALUES (?, ?)", -1, &order, nullptr);
  sqlite3_prepare_v2(db, "INSERT INTO ledger (sku, site, reserved) VALUES ('P', 'wh', 1)", -1, &ledger, nullptr);
  sqlite3_prepare_v2(db, "UPDATE levels SET reserved = reserved + 1 WHERE sku = 'P' AND site = 'wh'", -1, &level,
                     nullptr);
  const std::string body(600, 'x');  // About an order document's size.
  const auto start = std::chrono::steady_clock::now();
  const double seconds = std::atof(argv[2]);
  long n = 0;
  while (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < seconds) {
    const std::string id = "ord_" + std::to_string(n);
    Exec(db, "BEGIN IMMEDIATE");
    for (sqlite3_stmt* s : {key, order, ledger, level}) sqlite3_reset(s);
    sqlite3_bind_text(key, 1, id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(key, 2, id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(order, 1, id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(order, 2, body.c_str(), -1, SQLITE_STATIC);
    for (sqlite3_stmt* s : {key, order, ledger, level}) {
      if (sqlite3_step(s) != SQLITE_DONE) return 1;
    }
    Exec(db, "COMMIT");
    ++n;
  }
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%.0f\n", n / elapsed);
  for (sqlite3_stmt* s : {key, order, ledger, level}) sqlite3_finalize(s);
  sqlite3_close(db);
}
