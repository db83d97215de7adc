// The SQLite store's connections, write transactions and schema migrations (sqlite_store.h).
#include "edge/store/sqlite_store.h"

#include <sqlite3.h>

#include <iterator>
#include <stdexcept>

namespace relais::edge {

namespace {

// Each entry takes the schema from version i to i + 1. Never edit a published one: add the next.
// Plain SQL that PostgreSQL also reads, but for SQLite's INTEGER PRIMARY KEY row ids.
constexpr const char* kMigrations[] = {
    R"sql(
CREATE TABLE brands (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  api_key_sha256 TEXT NOT NULL UNIQUE,
  settings TEXT NOT NULL
);
CREATE TABLE sites (
  brand_id TEXT NOT NULL REFERENCES brands(id),
  id TEXT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  zone TEXT NOT NULL,
  location TEXT NOT NULL,
  capabilities TEXT NOT NULL,
  PRIMARY KEY (brand_id, id)
);
CREATE TABLE products (
  brand_id TEXT NOT NULL REFERENCES brands(id),
  sku TEXT NOT NULL,
  name TEXT NOT NULL,
  category TEXT NOT NULL,
  temperature TEXT NOT NULL,
  weight_g INTEGER NOT NULL,
  length_cm INTEGER NOT NULL,
  width_cm INTEGER NOT NULL,
  height_cm INTEGER NOT NULL,
  price_cents INTEGER NOT NULL,
  PRIMARY KEY (brand_id, sku)
);
CREATE TABLE stock_levels (
  brand_id TEXT NOT NULL,
  sku TEXT NOT NULL,
  site_id TEXT NOT NULL,
  on_hand INTEGER NOT NULL,
  reserved INTEGER NOT NULL,
  in_transit INTEGER NOT NULL,
  PRIMARY KEY (brand_id, sku, site_id),
  FOREIGN KEY (brand_id, sku) REFERENCES products(brand_id, sku),
  FOREIGN KEY (brand_id, site_id) REFERENCES sites(brand_id, id)
);
CREATE TABLE stock_ledger (
  id INTEGER PRIMARY KEY,
  brand_id TEXT NOT NULL,
  sku TEXT NOT NULL,
  site_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  on_hand_delta INTEGER NOT NULL,
  reserved_delta INTEGER NOT NULL,
  in_transit_delta INTEGER NOT NULL,
  reference TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX stock_ledger_by_item ON stock_ledger (brand_id, sku, site_id, id);
)sql",
    R"sql(
CREATE TABLE orders (
  brand_id TEXT NOT NULL REFERENCES brands(id),
  id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  status TEXT NOT NULL,
  total_cents INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (brand_id, id)
);
CREATE INDEX orders_by_customer ON orders (brand_id, customer_id, created_at);
CREATE TABLE idempotency_keys (
  brand_id TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  request_sha256 TEXT NOT NULL,
  order_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (brand_id, idempotency_key)
);
CREATE TABLE server_secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE customer_preferences (
  brand_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  last_relay TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (brand_id, customer_id)
);
)sql",
    R"sql(
CREATE TABLE staff_tokens (
  brand_id TEXT NOT NULL REFERENCES brands(id),
  id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  name TEXT NOT NULL,
  token_sha256 TEXT NOT NULL UNIQUE,
  revoked INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (brand_id, id),
  FOREIGN KEY (brand_id, site_id) REFERENCES sites(brand_id, id)
);
)sql",
    // Settings changed through the API survive a restart: the file's settings are remembered apart and only
    // replace the stored ones when the file changed.
    R"sql(
ALTER TABLE brands ADD COLUMN config_settings TEXT NOT NULL DEFAULT '';
UPDATE brands SET config_settings = settings;
)sql",
    R"sql(
ALTER TABLE sites ADD COLUMN preparation_cents INTEGER NOT NULL DEFAULT 0;
)sql",
    R"sql(
CREATE TABLE baskets (
  brand_id TEXT NOT NULL REFERENCES brands(id),
  id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  status TEXT NOT NULL,
  version INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (brand_id, id)
);
)sql",
    // What happened to each order, and the keys customer service finds orders by.
    R"sql(
CREATE TABLE order_events (
  id INTEGER PRIMARY KEY,
  brand_id TEXT NOT NULL,
  order_id TEXT NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  kind TEXT NOT NULL,
  reason TEXT NOT NULL,
  details TEXT NOT NULL
);
CREATE INDEX order_events_by_order ON order_events (brand_id, order_id, id);
CREATE TABLE order_keys (
  brand_id TEXT NOT NULL,
  search_key TEXT NOT NULL,
  order_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (brand_id, search_key, order_id)
);
)sql",
    // The parcel-tracing table: every carrier event as it came, once, with what it did.
    R"sql(
CREATE TABLE parcel_events (
  id INTEGER PRIMARY KEY,
  brand_id TEXT NOT NULL,
  carrier TEXT NOT NULL,
  tracking_number TEXT NOT NULL,
  code TEXT NOT NULL,
  justification TEXT NOT NULL,
  event_text TEXT NOT NULL,
  event_at TEXT NOT NULL,
  received_at TEXT NOT NULL,
  milestone TEXT NOT NULL,
  order_id TEXT NOT NULL,
  outcome TEXT NOT NULL,
  UNIQUE (brand_id, carrier, tracking_number, code, justification, event_at)
);
CREATE INDEX parcel_events_by_number ON parcel_events (brand_id, tracking_number, id);
)sql",
    // The notifications outbox: queued with the step that makes them, sent by the Notifier.
    R"sql(
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  brand_id TEXT NOT NULL,
  order_id TEXT NOT NULL,
  shipment INTEGER NOT NULL,
  trigger_step TEXT NOT NULL,
  channel TEXT NOT NULL,
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_ms INTEGER NOT NULL,
  last_error TEXT NOT NULL,
  created_at TEXT NOT NULL,
  sent_at TEXT NOT NULL,
  UNIQUE (brand_id, order_id, shipment, trigger_step, channel)
);
CREATE INDEX notifications_due ON notifications (status, next_attempt_ms);
)sql",
    // Refused pick-up codes are counted per staff member across orders (the lock-out): events by kind.
    R"sql(
CREATE INDEX order_events_by_kind ON order_events (brand_id, kind, actor, at);
)sql",
    // Orders carry a version: a write names the one it read (OrderCommit), rules live above the store.
    R"sql(
ALTER TABLE orders ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
)sql",
    // Collection slots booked, counted against each slot's capacity inside the order's transaction.
    R"sql(
CREATE TABLE slot_bookings (
  brand_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  service TEXT NOT NULL,
  date TEXT NOT NULL,
  slot TEXT NOT NULL,
  order_id TEXT NOT NULL,
  PRIMARY KEY (brand_id, site_id, service, date, slot, order_id)
);
CREATE INDEX slot_bookings_by_order ON slot_bookings (brand_id, order_id);
)sql",
    // Parcel numbers: how far each carrier block was used, and the number each labelled parcel got (the
    // UNIQUE constraint is the last guard against a number given twice); the day's manifests, and which
    // manifest took each parcel (one only: its primary key).
    R"sql(
CREATE TABLE serial_blocks (
  brand_id TEXT NOT NULL,
  block_key TEXT NOT NULL,
  given INTEGER NOT NULL,
  PRIMARY KEY (brand_id, block_key)
);
CREATE TABLE parcel_labels (
  brand_id TEXT NOT NULL,
  order_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  shipment INTEGER NOT NULL,
  parcel INTEGER NOT NULL,
  carrier TEXT NOT NULL,
  account TEXT NOT NULL,
  block_key TEXT NOT NULL,
  serial INTEGER NOT NULL,
  number TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (brand_id, order_id, shipment, parcel),
  UNIQUE (brand_id, block_key, serial),
  UNIQUE (brand_id, carrier, number)
);
CREATE INDEX parcel_labels_by_site ON parcel_labels (brand_id, site_id, carrier, created_at);
CREATE TABLE manifests (
  brand_id TEXT NOT NULL,
  id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  day TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (brand_id, id)
);
CREATE INDEX manifests_by_day ON manifests (brand_id, site_id, day);
CREATE TABLE manifest_parcels (
  brand_id TEXT NOT NULL,
  order_id TEXT NOT NULL,
  shipment INTEGER NOT NULL,
  parcel INTEGER NOT NULL,
  manifest_id TEXT NOT NULL,
  PRIMARY KEY (brand_id, order_id, shipment, parcel)
);
)sql",
    // 14: the carriers' pickup requests, queued with their manifest and sent like the notifications.
    R"sql(
CREATE TABLE pickup_requests (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  brand_id TEXT NOT NULL,
  manifest_id TEXT NOT NULL,
  carrier TEXT NOT NULL,
  account TEXT NOT NULL,
  channel TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_ms INTEGER NOT NULL,
  last_error TEXT NOT NULL,
  reference TEXT NOT NULL,
  created_at TEXT NOT NULL,
  sent_at TEXT NOT NULL,
  UNIQUE (brand_id, manifest_id)
);
CREATE INDEX pickup_requests_due ON pickup_requests (status, next_attempt_ms);
)sql",
    // 15: invoices and credit notes, numbered per brand and series without a gap.
    R"sql(
CREATE TABLE invoice_series (
  brand_id TEXT NOT NULL,
  series TEXT NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (brand_id, series)
);
CREATE TABLE invoices (
  brand_id TEXT NOT NULL,
  number TEXT NOT NULL,
  kind TEXT NOT NULL,
  series TEXT NOT NULL,
  seq INTEGER NOT NULL,
  order_id TEXT NOT NULL,
  shipment INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (brand_id, number),
  UNIQUE (brand_id, series, seq)
);
CREATE UNIQUE INDEX invoices_once ON invoices (brand_id, order_id, shipment) WHERE kind = 'invoice';
CREATE INDEX invoices_by_order ON invoices (brand_id, order_id);
)sql",
    // 16: returns, one document each, and the refunds the payment provider is asked for.
    R"sql(
CREATE TABLE returns (
  brand_id TEXT NOT NULL,
  id TEXT NOT NULL,
  order_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  status TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (brand_id, id)
);
CREATE INDEX returns_by_order ON returns (brand_id, order_id, created_at);
CREATE TABLE refund_payments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  brand_id TEXT NOT NULL,
  return_id TEXT NOT NULL,
  order_id TEXT NOT NULL,
  amount_cents INTEGER NOT NULL,
  currency TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_ms INTEGER NOT NULL,
  last_error TEXT NOT NULL,
  reference TEXT NOT NULL,
  created_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  UNIQUE (brand_id, return_id)
);
CREATE INDEX refund_payments_due ON refund_payments (status, next_attempt_ms);
)sql",
    // 17: store layouts for picking, one row per version of a site's layout.
    R"sql(
CREATE TABLE site_layouts (
  brand_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  layout TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (brand_id, site_id, version)
);
)sql",
    // 18: products' GTINs (what a picker's scan is compared with).
    R"sql(
ALTER TABLE products ADD COLUMN gtin TEXT NOT NULL DEFAULT '';
)sql",
    // 19: pick lists, one document each, and the shipments each holds (one pick list per shipment).
    R"sql(
CREATE TABLE pick_lists (
  brand_id TEXT NOT NULL,
  id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  status TEXT NOT NULL,
  version INTEGER NOT NULL,
  body TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (brand_id, id)
);
CREATE INDEX pick_lists_by_site ON pick_lists (brand_id, site_id, status, seq);
CREATE TABLE pick_list_shipments (
  brand_id TEXT NOT NULL,
  order_id TEXT NOT NULL,
  shipment INTEGER NOT NULL,
  pick_list_id TEXT NOT NULL,
  PRIMARY KEY (brand_id, order_id, shipment)
);
)sql",
    // 20: the orders not gone yet, by status (a site's orders to pick: OpenOrdersAt).
    R"sql(
CREATE INDEX orders_by_status ON orders (brand_id, status, created_at);
)sql",
    // 21: when each brand's carrier is next polled: the node that moves next_ms on takes the round (ClaimPollRound).
    R"sql(
CREATE TABLE poll_rounds (
  brand_id TEXT NOT NULL,
  carrier TEXT NOT NULL,
  next_ms INTEGER NOT NULL,
  PRIMARY KEY (brand_id, carrier)
);
)sql",
    // 22: customer accounts, found by their keys (model/customer_account.h); staff tokens get a role, and a sales
    // agent of the whole brand has no site ("": the table is made again without the foreign key on sites, which
    // SQLite cannot drop; the route checks the site a token names).
    R"sql(
CREATE TABLE customers (
  brand_id TEXT NOT NULL,
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (brand_id, id)
);
CREATE TABLE customer_keys (
  brand_id TEXT NOT NULL,
  search_key TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  PRIMARY KEY (brand_id, search_key, customer_id)
);
CREATE TABLE staff_tokens_22 (
  brand_id TEXT NOT NULL REFERENCES brands(id),
  id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  name TEXT NOT NULL,
  token_sha256 TEXT NOT NULL UNIQUE,
  revoked INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  role TEXT NOT NULL DEFAULT 'site',
  PRIMARY KEY (brand_id, id)
);
INSERT INTO staff_tokens_22 (brand_id, id, site_id, name, token_sha256, revoked, created_at)
  SELECT brand_id, id, site_id, name, token_sha256, revoked, created_at FROM staff_tokens;
DROP TABLE staff_tokens;
ALTER TABLE staff_tokens_22 RENAME TO staff_tokens;
)sql",
    // 23: imported sales history, the forecast's past before the ledger (issue 29).
    R"sql(
CREATE TABLE sales_days (
  brand_id TEXT NOT NULL,
  sku TEXT NOT NULL,
  site_id TEXT NOT NULL,
  day TEXT NOT NULL,
  sold_milli INTEGER NOT NULL,
  in_stock INTEGER NOT NULL,
  PRIMARY KEY (brand_id, sku, site_id, day)
);
)sql",
    // 24: the forecasts the nightly refresh stores, read by staff in the morning (issue 29).
    R"sql(
CREATE TABLE forecast_days (
  brand_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  sku TEXT NOT NULL,
  day TEXT NOT NULL,
  forecast_milli INTEGER NOT NULL,
  method TEXT NOT NULL,
  made_on TEXT NOT NULL,
  PRIMARY KEY (brand_id, site_id, sku, day)
);
)sql",
};

}  // namespace

// A prepared statement of a connection: bind in order, step, read columns. Throws std::runtime_error on database
// errors (a bug or a broken disk: the server answers 500).
class SqliteConnection::Cursor : public sql::Cursor {
 public:
  Cursor(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) != SQLITE_OK) Fail("prepare");
  }
  ~Cursor() override { sqlite3_finalize(stmt_); }
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;

  void BindText(const std::string& text) override {
    Check(sqlite3_bind_text(stmt_, ++bound_, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT));
  }
  void BindInt(int64_t value) override { Check(sqlite3_bind_int64(stmt_, ++bound_, value)); }
  bool Step() override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) Fail("step");
    return false;
  }
  std::string Text(int column) const override {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return text ? std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
  }
  int64_t Int(int column) const override { return sqlite3_column_int64(stmt_, column); }
  void Reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    bound_ = 0;
  }

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

SqliteConnection::SqliteConnection(const std::string& path, bool read_only) {
  const int flags = read_only ? SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
                              : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw std::runtime_error("cannot open " + std::string(read_only ? "a reader on " : "") + path + ": " + why);
  }
  sqlite3_busy_timeout(db_, 5000);
  if (!read_only) Exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
}

SqliteConnection::~SqliteConnection() {
  statements_.clear();  // Finalized before the connection closes.
  sqlite3_close(db_);
}

sql::Cursor& SqliteConnection::Prepare(const char* sql) {
  std::unique_ptr<Cursor>& cached = statements_[sql];
  if (!cached) {
    try {
      cached = std::make_unique<Cursor>(db_, sql);
    } catch (...) {
      statements_.erase(sql);
      throw;
    }
  }
  return *cached;
}

void SqliteConnection::Exec(const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string error = message ? message : "unknown error";
    sqlite3_free(message);
    throw std::runtime_error("sqlite: " + error);
  }
}

int64_t SqliteConnection::Changes() { return sqlite3_changes(db_); }
void SqliteConnection::Begin() { Exec("BEGIN IMMEDIATE"); }
void SqliteConnection::Commit() { Exec("COMMIT"); }
void SqliteConnection::Rollback() noexcept { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }

SqliteStore::SqliteStore(const std::string& path) : path_(path), writer_(path, false) {
  const std::lock_guard<std::mutex> lock(mutex_);
  Migrate(writer_);
}

SqliteStore::~SqliteStore() = default;

int SqliteStore::LatestSchemaVersion() { return static_cast<int>(std::size(kMigrations)); }

std::span<const char* const> SqliteStore::Migrations() const { return kMigrations; }

void SqliteStore::InWriteTransaction(const std::function<void(sql::Connection&)>& body) {
  // One writer: SQLite never asks for a transaction to be run again (a busy database waits, busy_timeout).
  const std::lock_guard<std::mutex> lock(mutex_);
  writer_.Begin();
  try {
    body(writer_);
    writer_.Commit();
  } catch (...) {
    writer_.Rollback();
    throw;
  }
}

sql::Connection& SqliteStore::AcquireReader() {
  const std::lock_guard<std::mutex> lock(readers_mutex_);
  std::unique_ptr<SqliteConnection>& reader = readers_[std::this_thread::get_id()];
  if (!reader) reader = std::make_unique<SqliteConnection>(path_, true);
  return *reader;
}

}  // namespace relais::edge
