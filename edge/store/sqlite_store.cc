// The SQLite store's connection, schema migrations and readiness (sqlite_store.h).
#include <algorithm>
#include <exception>
#include <thread>

#include "edge/secrets.h"
#include "edge/store/sqlite_internal.h"
#include "edge/utc_now.h"

namespace relais::edge {

using namespace sqlite;  // NOLINT: the store's own helpers.

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
};

}  // namespace

SqliteStore::SqliteStore(const std::string& path) : path_(path) {
  if (sqlite3_open_v2(path.c_str(), &writer_.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    throw std::runtime_error("cannot open " + path + ": " +
                             (writer_.db ? sqlite3_errmsg(writer_.db) : "out of memory"));
  }
  sqlite3_busy_timeout(writer_.db, 5000);
  Exec(writer_.db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
  Migrate();
}

SqliteConnection::~SqliteConnection() {
  for (const auto& [sql, statement] : statements) sqlite3_finalize(statement);
  sqlite3_close(db);
}

SqliteStore::~SqliteStore() = default;

SqliteConnection& SqliteStore::Reader() {
  const std::lock_guard<std::mutex> lock(readers_mutex_);
  std::unique_ptr<SqliteConnection>& reader = readers_[std::this_thread::get_id()];
  if (!reader) {
    auto opened = std::make_unique<SqliteConnection>();
    if (sqlite3_open_v2(path_.c_str(), &opened->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
      throw std::runtime_error("cannot open a reader on " + path_ + ": " +
                               (opened->db ? sqlite3_errmsg(opened->db) : "out of memory"));
    }
    sqlite3_busy_timeout(opened->db, 5000);
    reader = std::move(opened);
  }
  return *reader;
}

int SqliteStore::LatestSchemaVersion() { return static_cast<int>(std::size(kMigrations)); }

int SqliteStore::SchemaVersion() {
  const std::lock_guard<std::mutex> lock(mutex_);
  Statement s(writer_, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  s.Step();
  return static_cast<int>(s.Int(0));
}

void SqliteStore::Migrate() {
  Exec(writer_.db,
       "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
  int version = 0;
  {
    Statement s(writer_, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    s.Step();
    version = static_cast<int>(s.Int(0));
  }
  if (version > LatestSchemaVersion()) {
    throw std::runtime_error("database schema version " + std::to_string(version) +
                             " is newer than this relais-edge (" + std::to_string(LatestSchemaVersion()) +
                             "): upgrade relais-edge");
  }
  for (; version < LatestSchemaVersion(); ++version) {
    Transaction t(writer_.db);
    Exec(writer_.db, kMigrations[version]);
    Statement s(writer_, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)");
    s.Bind(int64_t{version + 1}).Bind(UtcNowIso()).Run();
    t.Commit();
  }
}

bool SqliteStore::Ready() {
  const std::lock_guard<std::mutex> lock(mutex_);
  try {
    Statement s(writer_, "SELECT 1 FROM schema_migrations LIMIT 1");
    return s.Step();
  } catch (const std::exception&) {
    return false;
  }
}

std::string SqliteStore::ServerSecret(const std::string& name) {
  const std::lock_guard<std::mutex> lock(mutex_);
  Transaction t(writer_.db);
  Statement read(writer_, "SELECT value FROM server_secrets WHERE name = ?");
  read.Bind(name);
  if (read.Step()) return read.Text(0);
  std::string value = RandomHex(32);
  Statement write(writer_, "INSERT INTO server_secrets (name, value) VALUES (?, ?)");
  write.Bind(name).Bind(value).Run();
  t.Commit();
  return value;
}

}  // namespace relais::edge
