#include "edge/store/sqlite_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <thread>

#include "edge/model/order_json.h"
#include "edge/model/search_keys.h"
#include "edge/secrets.h"
#include "edge/utc_now.h"

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
};

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

void Exec(sqlite3* db, const char* sql) {
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

Site ReadSite(const Statement& s) {
  return {
      s.Text(0), s.Text(1), s.Text(2), s.Text(3), nlohmann::json::parse(s.Text(4)), nlohmann::json::parse(s.Text(5)),
      s.Int(6)};
}

// A products row: sku, name, category, temperature, weight_g, length_cm, width_cm, height_cm, price_cents.
Product ReadProduct(const Statement& s) {
  return {s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Int(4), {s.Int(5), s.Int(6), s.Int(7)}, s.Int(8)};
}

LedgerEntry ReadLedgerEntry(const Statement& s) {
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

StockLevel LevelOf(SqliteConnection& db, const std::string& brand, const std::string& sku, const std::string& site) {
  Statement s(db,
              "SELECT on_hand, reserved, in_transit FROM stock_levels WHERE brand_id = ? AND sku = ? AND site_id = ?");
  s.Bind(brand).Bind(sku).Bind(site);
  if (!s.Step()) return {};
  return {s.Int(0), s.Int(1), s.Int(2)};
}

// An order read from its row: the document and the version beside it.
Order OrderOfRow(const std::string& body, int64_t version) {
  Order o = OrderFromJson(nlohmann::json::parse(body));
  o.version = version;
  return o;
}

// The order an idempotency key created, or nullopt; Refused kKeyReused when the key came with another request.
std::optional<Order> FindReplay(SqliteConnection& db, const std::string& brand, const std::string& idempotency_key,
                                const std::string& request_sha256) {
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

bool Exists(SqliteConnection& db, const char* sql, const std::string& brand, const std::string& key) {
  Statement s(db, sql);
  s.Bind(brand).Bind(key);
  return s.Step();
}

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

void SqliteStore::PutBrand(const Brand& brand) {
  const std::lock_guard<std::mutex> lock(mutex_);
  Statement s(writer_,
              "INSERT INTO brands (id, name, api_key_sha256, settings, config_settings) VALUES (?, ?, ?, ?, ?) "
              "ON CONFLICT (id) DO UPDATE SET name = excluded.name, api_key_sha256 = excluded.api_key_sha256, "
              "settings = CASE WHEN brands.config_settings = excluded.config_settings THEN brands.settings "
              "ELSE excluded.settings END, config_settings = excluded.config_settings");
  const std::string settings = brand.settings.dump();
  s.Bind(brand.id).Bind(brand.name).Bind(brand.api_key_sha256).Bind(settings).Bind(settings).Run();
}

std::optional<Brand> SqliteStore::GetBrand(const std::string& id) {
  SqliteConnection& db = Reader();  // WAL: reads run beside the writer.
  Statement s(db, "SELECT id, name, api_key_sha256, settings FROM brands WHERE id = ?");
  s.Bind(id);
  if (!s.Step()) return std::nullopt;
  return Brand{s.Text(0), s.Text(1), s.Text(2), nlohmann::json::parse(s.Text(3))};
}

bool SqliteStore::PutBrandSettings(const std::string& brand, const nlohmann::json& settings) {
  const std::lock_guard<std::mutex> lock(mutex_);
  Statement s(writer_, "UPDATE brands SET settings = ? WHERE id = ?");
  s.Bind(settings.dump()).Bind(brand).Run();
  return sqlite3_changes(writer_.db) > 0;
}

std::optional<Brand> SqliteStore::BrandByKeyHash(const std::string& api_key_sha256) {
  SqliteConnection& db = Reader();  // WAL: reads run beside the writer.
  Statement s(db, "SELECT id, name, api_key_sha256, settings FROM brands WHERE api_key_sha256 = ?");
  s.Bind(api_key_sha256);
  if (!s.Step()) return std::nullopt;
  return Brand{s.Text(0), s.Text(1), s.Text(2), nlohmann::json::parse(s.Text(3))};
}

void SqliteStore::PutStaffToken(const StaffToken& t) {
  const std::lock_guard<std::mutex> lock(mutex_);
  Statement s(writer_,
              "INSERT INTO staff_tokens (brand_id, id, site_id, name, token_sha256, revoked, created_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)");
  s.Bind(t.brand).Bind(t.id).Bind(t.site).Bind(t.name).Bind(t.token_sha256).Bind(int64_t{t.revoked}).Bind(UtcNowIso());
  s.Run();
}

std::optional<StaffToken> SqliteStore::StaffTokenByHash(const std::string& token_sha256) {
  SqliteConnection& db = Reader();  // WAL: reads run beside the writer.
  Statement s(db, "SELECT id, brand_id, site_id, name, revoked FROM staff_tokens WHERE token_sha256 = ?");
  s.Bind(token_sha256);
  if (!s.Step()) return std::nullopt;
  return StaffToken{s.Text(0), s.Text(1), s.Text(2), s.Text(3), token_sha256, s.Int(4) != 0};
}

bool SqliteStore::RevokeStaffToken(const std::string& brand, const std::string& id) {
  const std::lock_guard<std::mutex> lock(mutex_);
  Statement s(writer_, "UPDATE staff_tokens SET revoked = 1 WHERE brand_id = ? AND id = ?");
  s.Bind(brand).Bind(id).Run();
  return sqlite3_changes(writer_.db) > 0;
}

void SqliteStore::PutSite(const std::string& brand, const Site& site) {
  const std::lock_guard<std::mutex> lock(mutex_);
  Statement s(writer_,
              "INSERT INTO sites (brand_id, id, kind, name, zone, location, capabilities, preparation_cents) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (brand_id, id) DO UPDATE SET kind = excluded.kind, "
              "name = excluded.name, zone = excluded.zone, location = excluded.location, "
              "capabilities = excluded.capabilities, preparation_cents = excluded.preparation_cents");
  s.Bind(brand).Bind(site.id).Bind(site.kind).Bind(site.name).Bind(site.zone).Bind(site.location.dump());
  s.Bind(site.capabilities.dump()).Bind(site.preparation_cents).Run();
}

std::optional<Site> SqliteStore::GetSite(const std::string& brand, const std::string& id) {
  SqliteConnection& db = Reader();  // WAL: reads run beside the writer.
  Statement s(db,
              "SELECT id, kind, name, zone, location, capabilities, preparation_cents FROM sites WHERE brand_id = ? "
              "AND id = ?");
  s.Bind(brand).Bind(id);
  if (!s.Step()) return std::nullopt;
  return ReadSite(s);
}

std::vector<Site> SqliteStore::ListSites(const std::string& brand) {
  SqliteConnection& db = Reader();  // WAL: reads run beside the writer.
  Statement s(db,
              "SELECT id, kind, name, zone, location, capabilities, preparation_cents FROM sites WHERE brand_id = ? "
              "ORDER BY id");
  s.Bind(brand);
  std::vector<Site> sites;
  while (s.Step()) sites.push_back(ReadSite(s));
  return sites;
}

void SqliteStore::PutProduct(const std::string& brand, const Product& p) {
  const std::lock_guard<std::mutex> lock(mutex_);
  Statement s(writer_,
              "INSERT INTO products (brand_id, sku, name, category, temperature, weight_g, length_cm, width_cm, "
              "height_cm, price_cents) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (brand_id, sku) DO UPDATE SET "
              "name = excluded.name, category = excluded.category, temperature = excluded.temperature, "
              "weight_g = excluded.weight_g, length_cm = excluded.length_cm, width_cm = excluded.width_cm, "
              "height_cm = excluded.height_cm, price_cents = excluded.price_cents");
  s.Bind(brand).Bind(p.sku).Bind(p.name).Bind(p.category).Bind(p.temperature).Bind(p.weight_g);
  s.Bind(p.dims_cm[0]).Bind(p.dims_cm[1]).Bind(p.dims_cm[2]).Bind(p.price_cents).Run();
}

std::optional<Product> SqliteStore::GetProduct(const std::string& brand, const std::string& sku) {
  SqliteConnection& db = Reader();  // WAL: reads run beside the writer.
  Statement s(db,
              "SELECT sku, name, category, temperature, weight_g, length_cm, width_cm, height_cm, price_cents "
              "FROM products WHERE brand_id = ? AND sku = ?");
  s.Bind(brand).Bind(sku);
  if (!s.Step()) return std::nullopt;
  return ReadProduct(s);
}

std::vector<Product> SqliteStore::ProductsIn(const std::string& brand, const std::string& category, int64_t limit) {
  SqliteConnection& db = Reader();  // WAL: reads run beside the writer.
  Statement s(db,
              "SELECT sku, name, category, temperature, weight_g, length_cm, width_cm, height_cm, price_cents "
              "FROM products WHERE brand_id = ? AND category = ? ORDER BY sku LIMIT ?");
  s.Bind(brand).Bind(category).Bind(limit);
  std::vector<Product> products;
  while (s.Step()) products.push_back(ReadProduct(s));
  return products;
}

StoreResult<std::vector<LedgerEntry>> SqliteStore::PostMovements(const std::string& brand,
                                                                 const std::vector<Movement>& movements) {
  const std::lock_guard<std::mutex> lock(mutex_);
  try {
    Transaction t(writer_.db);
    std::vector<LedgerEntry> entries = ApplyMovements(brand, movements, "movements");
    t.Commit();
    return entries;
  } catch (const Refused& r) {  // The transaction rolled back: nothing was applied.
    return r.error;
  }
}

std::vector<LedgerEntry> SqliteStore::ApplyMovements(const std::string& brand, const std::vector<Movement>& movements,
                                                     const std::string& field_prefix) {
  const std::string now = UtcNowIso();
  std::vector<LedgerEntry> entries;
  // One ledger row and one level update; the level row is created at its first movement.
  const auto record = [&](const std::string& sku, const std::string& site, MovementKind kind, int64_t quantity,
                          const StockDelta& d, const std::string& reference) {
    Statement level(writer_,
                    "INSERT INTO stock_levels (brand_id, sku, site_id, on_hand, reserved, in_transit) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (brand_id, sku, site_id) DO UPDATE SET "
                    "on_hand = on_hand + excluded.on_hand, reserved = reserved + excluded.reserved, "
                    "in_transit = in_transit + excluded.in_transit");
    level.Bind(brand).Bind(sku).Bind(site).Bind(d.on_hand).Bind(d.reserved).Bind(d.in_transit).Run();
    Statement row(writer_,
                  "INSERT INTO stock_ledger (brand_id, sku, site_id, kind, quantity, on_hand_delta, reserved_delta, "
                  "in_transit_delta, reference, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    row.Bind(brand).Bind(sku).Bind(site).Bind(std::string(MovementKindName(kind))).Bind(quantity);
    row.Bind(d.on_hand).Bind(d.reserved).Bind(d.in_transit).Bind(reference).Bind(now).Run();
    entries.push_back({sqlite3_last_insert_rowid(writer_.db), sku, site, kind, quantity, d, reference, now});
  };
  for (size_t i = 0; i < movements.size(); ++i) {
    const Movement& m = movements[i];
    const std::string at =
        movements.size() > 1 || field_prefix == "lines" ? field_prefix + "[" + std::to_string(i) + "]." : "";
    if (!Exists(writer_, "SELECT 1 FROM products WHERE brand_id = ? AND sku = ?", brand, m.sku)) {
      throw Refused{{StoreError::Kind::kNotFound, "no product with sku " + m.sku, at + "sku"}};
    }
    if (!Exists(writer_, "SELECT 1 FROM sites WHERE brand_id = ? AND id = ?", brand, m.site)) {
      throw Refused{{StoreError::Kind::kNotFound, "no site " + m.site, at + "site"}};
    }
    if (m.kind == MovementKind::kTransferOut &&
        (m.to_site == m.site ||
         !Exists(writer_, "SELECT 1 FROM sites WHERE brand_id = ? AND id = ?", brand, m.to_site))) {
      throw Refused{{m.to_site == m.site ? StoreError::Kind::kInvalid : StoreError::Kind::kNotFound,
                     "transfer_out needs another existing site in to_site", at + "to_site"}};
    }
    std::string refusal;
    const std::optional<StockDelta> delta =
        MovementDelta(m.kind, m.quantity, LevelOf(writer_, brand, m.sku, m.site), &refusal);
    if (!delta) {
      throw Refused{
          {StoreError::Kind::kInsufficientStock, refusal + " (" + m.sku + " at " + m.site + ")", at + "quantity"}};
    }
    record(m.sku, m.site, m.kind, m.quantity, *delta, m.reference);
    if (m.kind == MovementKind::kTransferOut) {
      record(m.sku, m.to_site, MovementKind::kInTransit, m.quantity, {0, 0, m.quantity},
             m.reference.empty() ? "from " + m.site : m.reference);
    }
  }
  return entries;
}

std::vector<SiteStock> SqliteStore::StockOf(const std::string& brand, const std::string& sku, const std::string& site) {
  SqliteConnection& db = Reader();  // WAL: reads run beside the writer.
  Statement s(db,
              "SELECT l.site_id, s.zone, l.on_hand, l.reserved, l.in_transit FROM stock_levels l "
              "JOIN sites s ON s.brand_id = l.brand_id AND s.id = l.site_id "
              "WHERE l.brand_id = ? AND l.sku = ? AND (? = '' OR l.site_id = ?) ORDER BY l.site_id");
  s.Bind(brand).Bind(sku).Bind(site).Bind(site);
  std::vector<SiteStock> out;
  while (s.Step()) out.push_back({s.Text(0), s.Text(1), {s.Int(2), s.Int(3), s.Int(4)}});
  return out;
}

std::vector<LedgerEntry> SqliteStore::History(const std::string& brand, const std::string& sku, const std::string& site,
                                              int64_t limit, int64_t before_id) {
  SqliteConnection& db = Reader();  // WAL: reads run beside the writer.
  Statement s(db,
              "SELECT id, sku, site_id, kind, quantity, on_hand_delta, reserved_delta, in_transit_delta, reference, "
              "recorded_at FROM stock_ledger WHERE brand_id = ? AND sku = ? AND site_id = ? AND (? = 0 OR id < ?) "
              "ORDER BY id DESC LIMIT ?");
  s.Bind(brand).Bind(sku).Bind(site).Bind(before_id).Bind(before_id).Bind(limit);
  std::vector<LedgerEntry> out;
  while (s.Step()) out.push_back(ReadLedgerEntry(s));
  return out;
}

struct SqliteStore::PendingOrder {
  const std::string* brand = nullptr;
  const NewOrder* order = nullptr;
  Order result;
  bool replayed = false;
  std::optional<StoreError> refused;  // What the store refused, or
  std::exception_ptr error;           // what broke.
  bool done = false;
};

StoreResult<Order> SqliteStore::CreateOrder(const std::string& brand, const NewOrder& n, bool* replayed) {
  PendingOrder mine;
  mine.brand = &brand;
  mine.order = &n;
  std::unique_lock<std::mutex> queue(queue_mutex_);
  queue_.push_back(&mine);
  while (!mine.done) {
    if (writing_batch_) {  // Another thread writes a group: this order joins the next one.
      batch_written_.wait(queue);
      continue;
    }
    writing_batch_ = true;
    std::vector<PendingOrder*> batch;
    batch.swap(queue_);
    queue.unlock();
    WriteOrderBatch(batch);
    queue.lock();
    writing_batch_ = false;
    for (PendingOrder* p : batch) p->done = true;
    batch_written_.notify_all();
  }
  if (mine.error) std::rethrow_exception(mine.error);
  if (mine.refused) return *mine.refused;
  *replayed = mine.replayed;
  return std::move(mine.result);
}

void SqliteStore::WriteOrderBatch(const std::vector<PendingOrder*>& batch) {
  const std::lock_guard<std::mutex> lock(mutex_);
  try {
    Transaction t(writer_.db);
    for (PendingOrder* p : batch) {
      Exec(writer_.db, "SAVEPOINT order_write");
      try {
        p->result = WriteOrder(*p->brand, *p->order, &p->replayed);
      } catch (const Refused& r) {
        p->refused = r.error;
        Exec(writer_.db, "ROLLBACK TO order_write");
      } catch (...) {
        p->error = std::current_exception();
        Exec(writer_.db, "ROLLBACK TO order_write");
      }
      Exec(writer_.db, "RELEASE order_write");
    }
    t.Commit();
  } catch (...) {  // The group is rolled back: no order of it was written.
    for (PendingOrder* p : batch) {
      if (!p->error && !p->refused) p->error = std::current_exception();
    }
  }
}

namespace {

// The LIKE pattern of `order_id`'s children ("<id>-<n>"); ids hold "_", LIKE's any-character: escaped with "!".
std::string ChildPattern(const std::string& order_id) {
  std::string children = order_id;
  for (size_t at = children.find_first_of("_%!"); at != std::string::npos; at = children.find_first_of("_%!", at + 2)) {
    children.insert(at, "!");
  }
  return children + "-%";
}

}  // namespace

void SqliteStore::AppendEvent(const std::string& brand, const std::string& order_id, const std::string& kind,
                              const nlohmann::json& details, const Actor& actor) {
  Statement s(writer_,
              "INSERT INTO order_events (brand_id, order_id, at, actor, kind, reason, details) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)");
  s.Bind(brand).Bind(order_id).Bind(UtcNowIso()).Bind(actor.who).Bind(kind).Bind(actor.reason).Bind(details.dump());
  s.Run();
}

Order SqliteStore::WriteOrder(const std::string& brand, const NewOrder& n, bool* replayed) {
  // Checked again inside the transaction: the same request may have raced this one to the writer.
  if (std::optional<Order> replay = FindReplay(writer_, brand, n.idempotency_key, n.request_sha256)) {
    *replayed = true;
    return *replay;
  }
  // Each line reserved for the order that will move it: the child of its site, or the order itself.
  std::vector<Movement> reservations;
  for (const OrderLine& line : n.order.lines) {
    std::string holder = n.order.id;
    for (const Order& child : n.children) holder = child.site == line.site ? child.id : holder;
    reservations.push_back({MovementKind::kReservation, line.sku, line.site, line.quantity, "", holder});
  }
  ApplyMovements(brand, reservations, "lines");
  InsertOrder(brand, n.order);
  for (const Order& child : n.children) InsertOrder(brand, child);
  for (const std::string& k : SearchKeysOf(n.order)) {
    Statement key(writer_, "INSERT INTO order_keys (brand_id, search_key, order_id, created_at) VALUES (?, ?, ?, ?)");
    key.Bind(brand).Bind(k).Bind(n.order.id).Bind(n.order.created_at).Run();
  }
  nlohmann::json created = {{"channel", n.order.channel}, {"total_cents", n.order.total_cents}};
  if (!n.children.empty()) created["children"] = n.order.children;
  AppendEvent(brand, n.order.id, "created", created, {n.actor, ""});
  Statement key(writer_,
                "INSERT INTO idempotency_keys (brand_id, idempotency_key, request_sha256, order_id, created_at) "
                "VALUES (?, ?, ?, ?, ?)");
  key.Bind(brand).Bind(n.idempotency_key).Bind(n.request_sha256).Bind(n.order.id).Bind(n.order.created_at).Run();
  if (!n.last_relay.is_null()) {
    Statement preference(writer_,
                         "INSERT INTO customer_preferences (brand_id, customer_id, last_relay, updated_at) "
                         "VALUES (?, ?, ?, ?) ON CONFLICT (brand_id, customer_id) DO UPDATE SET "
                         "last_relay = excluded.last_relay, updated_at = excluded.updated_at");
    preference.Bind(brand).Bind(n.order.customer_id).Bind(n.last_relay.dump()).Bind(n.order.created_at).Run();
  }
  *replayed = false;
  Order stored = n.order;
  stored.version = 1;
  return stored;
}

StoreResult<std::optional<Order>> SqliteStore::ReplayOrder(const std::string& brand, const std::string& idempotency_key,
                                                           const std::string& request_sha256) {
  try {
    return FindReplay(Reader(), brand, idempotency_key, request_sha256);  // WAL: reads run beside the writer.
  } catch (const Refused& r) {
    return r.error;
  }
}

std::optional<Order> SqliteStore::GetOrder(const std::string& brand, const std::string& id) {
  SqliteConnection& db = Reader();  // WAL: reads run beside the writer.
  Statement s(db, "SELECT body, version FROM orders WHERE brand_id = ? AND id = ?");
  s.Bind(brand).Bind(id);
  if (!s.Step()) return std::nullopt;
  return OrderOfRow(s.Text(0), s.Int(1));
}

std::vector<Order> SqliteStore::ListOrders(const std::string& brand, int64_t limit, const std::string& cursor,
                                           std::string* next) {
  SqliteConnection& db = Reader();  // WAL: reads run beside the writer.
  // The cursor is "<created_at> <id>" of the last order seen: stable while orders are added.
  const size_t space = cursor.find(' ');
  const std::string after_time = space == std::string::npos ? "" : cursor.substr(0, space);
  const std::string after_id = space == std::string::npos ? "" : cursor.substr(space + 1);
  Statement s(db,
              "SELECT body, created_at, id, version FROM orders WHERE brand_id = ? AND (created_at > ? OR "
              "(created_at = ? AND id > ?)) ORDER BY created_at, id LIMIT ?");
  s.Bind(brand).Bind(after_time).Bind(after_time).Bind(after_id).Bind(limit + 1);
  std::vector<Order> orders;
  next->clear();
  while (s.Step()) {
    if (static_cast<int64_t>(orders.size()) == limit) {
      *next = orders.back().created_at + " " + orders.back().id;
      break;
    }
    orders.push_back(OrderOfRow(s.Text(0), s.Int(3)));
  }
  return orders;
}

void SqliteStore::InsertOrder(const std::string& brand, const Order& o) {
  Statement order(writer_,
                  "INSERT INTO orders (brand_id, id, customer_id, status, total_cents, body, created_at, updated_at, "
                  "version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)");
  order.Bind(brand).Bind(o.id).Bind(o.customer_id).Bind(o.status).Bind(o.total_cents);
  order.Bind(OrderJson(o).dump()).Bind(o.created_at).Bind(o.created_at).Run();
}

bool SqliteStore::UpdateOrder(const std::string& brand, const Order& o) {
  Statement update(writer_,
                   "UPDATE orders SET status = ?, total_cents = ?, body = ?, updated_at = ?, version = version + 1 "
                   "WHERE brand_id = ? AND id = ? AND version = ?");
  update.Bind(o.status).Bind(o.total_cents).Bind(OrderJson(o).dump()).Bind(UtcNowIso()).Bind(brand).Bind(o.id);
  update.Bind(o.version).Run();
  return sqlite3_changes(writer_.db) > 0;
}

StoreResult<std::vector<Order>> SqliteStore::CommitOrders(const std::string& brand, const OrderCommit& commit) {
  const std::lock_guard<std::mutex> lock(mutex_);
  try {
    Transaction t(writer_.db);
    std::vector<Order> stored;
    for (const Order& o : commit.orders) {
      if (!UpdateOrder(brand, o)) {
        throw Refused{{StoreError::Kind::kConflict, "order " + o.id + " changed meanwhile", ""}};
      }
      stored.push_back(o);
      ++stored.back().version;
    }
    if (!commit.movements.empty()) ApplyMovements(brand, commit.movements, commit.movements_field);
    for (const OrderEventDraft& e : commit.events) AppendEvent(brand, e.order_id, e.kind, e.details, e.actor);
    for (const Notification& n : commit.notifications) QueueNotification(n);
    for (const auto& [order_id, number] : commit.parcel_numbers) {
      Statement key(writer_,
                    "INSERT INTO order_keys (brand_id, search_key, order_id, created_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT DO NOTHING");
      key.Bind(brand).Bind(ParcelKey(number)).Bind(order_id).Bind(UtcNowIso()).Run();
    }
    t.Commit();
    return stored;
  } catch (const Refused& r) {  // The transaction rolled back: nothing of the commit was written.
    return r.error;
  }
}

bool SqliteStore::QueueNotification(const Notification& n) {
  Statement s(
      writer_,
      "INSERT INTO notifications (brand_id, order_id, shipment, trigger_step, channel, recipient, subject, body, "
      "status, attempts, next_attempt_ms, last_error, created_at, sent_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, '', ?, '') ON CONFLICT DO NOTHING");
  s.Bind(n.brand).Bind(n.order_id).Bind(n.shipment).Bind(n.trigger).Bind(n.channel).Bind(n.recipient);
  s.Bind(n.subject).Bind(n.body).Bind(n.next_attempt_ms).Bind(UtcNowIso()).Run();
  return sqlite3_changes(writer_.db) > 0;
}

namespace {

constexpr const char* kNotificationColumns =
    "id, brand_id, order_id, shipment, trigger_step, channel, recipient, subject, body, status, attempts, "
    "next_attempt_ms, last_error, created_at, sent_at";

Notification NotificationOf(const Statement& s) {
  return {s.Int(0),  s.Text(1), s.Text(2), s.Int(3),  s.Text(4),  s.Text(5),  s.Text(6), s.Text(7),
          s.Text(8), s.Text(9), s.Int(10), s.Int(11), s.Text(12), s.Text(13), s.Text(14)};
}

}  // namespace

std::vector<Notification> SqliteStore::ClaimNotifications(int64_t now_ms, int64_t lease_ms, int64_t limit) {
  const std::lock_guard<std::mutex> lock(mutex_);
  Transaction t(writer_.db);
  static const std::string kSelect = std::string("SELECT ") + kNotificationColumns +
                                     " FROM notifications WHERE status = 'pending' AND next_attempt_ms <= ? "
                                     "ORDER BY next_attempt_ms, id LIMIT ?";
  Statement s(writer_, kSelect.c_str());
  s.Bind(now_ms).Bind(limit);
  std::vector<Notification> due;
  while (s.Step()) due.push_back(NotificationOf(s));
  for (const Notification& n : due) {
    Statement lease(writer_, "UPDATE notifications SET next_attempt_ms = ? WHERE id = ?");
    lease.Bind(now_ms + lease_ms).Bind(n.id).Run();
  }
  t.Commit();
  return due;
}

void SqliteStore::FinishNotification(int64_t id, bool sent, const std::string& error, int64_t retry_at_ms) {
  const std::lock_guard<std::mutex> lock(mutex_);
  Statement s(writer_,
              "UPDATE notifications SET attempts = attempts + 1, status = ?, last_error = ?, next_attempt_ms = ?, "
              "sent_at = ? WHERE id = ?");
  const std::string status = sent ? "sent" : retry_at_ms > 0 ? "pending" : "failed";
  s.Bind(status).Bind(sent ? "" : error).Bind(retry_at_ms).Bind(sent ? UtcNowIso() : "").Bind(id).Run();
}

std::vector<Notification> SqliteStore::OrderNotifications(const std::string& brand, const std::string& order_id) {
  SqliteConnection& db = Reader();  // WAL: reads run beside the writer.
  static const std::string kSelect = std::string("SELECT ") + kNotificationColumns +
                                     " FROM notifications WHERE brand_id = ? AND (order_id = ? OR order_id LIKE ? "
                                     "ESCAPE '!') ORDER BY id";
  Statement s(db, kSelect.c_str());
  s.Bind(brand).Bind(order_id).Bind(ChildPattern(order_id));
  std::vector<Notification> found;
  while (s.Step()) found.push_back(NotificationOf(s));
  return found;
}

std::optional<Notification> SqliteStore::ResendNotification(const std::string& brand, const std::string& order_id,
                                                            int64_t id, const Actor& actor) {
  std::vector<Notification> all = OrderNotifications(brand, order_id);
  const auto original = std::find_if(all.begin(), all.end(), [&](const Notification& n) { return n.id == id; });
  if (original == all.end()) return std::nullopt;
  const std::lock_guard<std::mutex> lock(mutex_);
  Transaction t(writer_.db);
  Notification again = *original;
  // A new row: the original's trigger with the resend's rank, so that the outbox keeps both.
  const std::string base = again.trigger.substr(0, again.trigger.find("#resend"));
  int64_t copies = 0;
  for (const Notification& n : all) copies += n.trigger.starts_with(base + "#resend") ? 1 : 0;
  again.trigger = base + "#resend" + std::to_string(copies + 1);
  again.next_attempt_ms = 0;
  QueueNotification(again);
  AppendEvent(brand, again.order_id, "notification_resent",
              {{"notification", id}, {"channel", again.channel}, {"trigger", base}}, actor);
  t.Commit();
  for (const Notification& n : OrderNotifications(brand, order_id)) {
    if (n.trigger == again.trigger && n.channel == again.channel && n.order_id == again.order_id) return n;
  }
  throw std::runtime_error("a notification just queued is missing");
}

std::vector<Order> SqliteStore::OrdersWithParcels(const std::string& brand, int64_t limit) {
  SqliteConnection& db = Reader();  // WAL: reads run beside the writer.
  Statement s(
      db,
      "SELECT o.body, o.version FROM orders o WHERE o.brand_id = ? AND o.status IN ('ready', 'shipped') AND EXISTS "
      "(SELECT 1 FROM order_keys k WHERE k.brand_id = o.brand_id AND k.order_id = o.id AND "
      "k.search_key LIKE 'parcel:%') ORDER BY o.created_at, o.id LIMIT ?");
  s.Bind(brand).Bind(limit);
  std::vector<Order> orders;
  while (s.Step()) orders.push_back(OrderOfRow(s.Text(0), s.Int(1)));
  return orders;
}

bool SqliteStore::AddParcelEvent(const std::string& brand, ParcelEvent* e) {
  const std::lock_guard<std::mutex> lock(mutex_);
  Statement insert(writer_,
                   "INSERT INTO parcel_events (brand_id, carrier, tracking_number, code, justification, event_text, "
                   "event_at, received_at, milestone, order_id, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                   "ON CONFLICT DO NOTHING");
  insert.Bind(brand).Bind(e->carrier).Bind(e->tracking_number).Bind(e->code).Bind(e->justification).Bind(e->text);
  insert.Bind(e->at).Bind(UtcNowIso()).Bind(e->milestone).Bind(e->order_id).Bind(e->outcome).Run();
  const bool fresh = sqlite3_changes(writer_.db) > 0;
  Statement find(writer_,
                 "SELECT id, received_at FROM parcel_events WHERE brand_id = ? AND carrier = ? AND tracking_number = ? "
                 "AND code = ? AND justification = ? AND event_at = ?");
  find.Bind(brand).Bind(e->carrier).Bind(e->tracking_number).Bind(e->code).Bind(e->justification).Bind(e->at);
  if (!find.Step()) throw std::runtime_error("a parcel event just kept is missing");
  e->id = find.Int(0);
  e->received_at = find.Text(1);
  return fresh;
}

void SqliteStore::SetParcelEventOutcome(const std::string& brand, int64_t id, const std::string& milestone,
                                        const std::string& order_id, const std::string& outcome) {
  const std::lock_guard<std::mutex> lock(mutex_);
  Statement s(writer_,
              "UPDATE parcel_events SET milestone = ?, order_id = ?, outcome = ? WHERE brand_id = ? AND id = ?");
  s.Bind(milestone).Bind(order_id).Bind(outcome).Bind(brand).Bind(id).Run();
}

std::vector<ParcelEvent> SqliteStore::ParcelEvents(const std::string& brand, const std::string& tracking_number,
                                                   bool unknown_only, int64_t limit) {
  SqliteConnection& db = Reader();  // WAL: reads run beside the writer.
  Statement s(db,
              "SELECT id, carrier, tracking_number, code, justification, event_text, event_at, received_at, milestone, "
              "order_id, outcome FROM parcel_events WHERE brand_id = ? AND (? = '' OR tracking_number = ?) AND "
              "(? = 0 OR milestone = 'unknown') ORDER BY id DESC LIMIT ?");
  s.Bind(brand).Bind(tracking_number).Bind(tracking_number).Bind(int64_t{unknown_only ? 1 : 0}).Bind(limit);
  std::vector<ParcelEvent> events;
  while (s.Step()) {
    events.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6), s.Text(7), s.Text(8),
                      s.Text(9), s.Text(10)});
  }
  return events;
}

std::vector<OrderEvent> SqliteStore::OrderEvents(const std::string& brand, const std::string& order_id) {
  SqliteConnection& db = Reader();  // WAL: reads run beside the writer.
  // The order's own and its children's ("<id>-<n>").
  Statement s(db,
              "SELECT id, order_id, at, actor, kind, reason, details FROM order_events WHERE brand_id = ? AND "
              "(order_id = ? OR order_id LIKE ? ESCAPE '!') ORDER BY id");
  s.Bind(brand).Bind(order_id).Bind(ChildPattern(order_id));
  std::vector<OrderEvent> events;
  while (s.Step()) {
    events.push_back(
        {s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), nlohmann::json::parse(s.Text(6))});
  }
  return events;
}

void SqliteStore::RecordPickupCodeRefusal(const std::string& brand, const std::string& order_id,
                                          const nlohmann::json& details, const Actor& actor) {
  const std::lock_guard<std::mutex> lock(mutex_);
  Transaction t(writer_.db);
  AppendEvent(brand, order_id, "pickup_code_refused", details, actor);
  t.Commit();
}

Store::PickupCodeRefusals SqliteStore::CountPickupCodeRefusals(const std::string& brand, const std::string& order_id,
                                                               const std::string& actor_who, const std::string& since) {
  SqliteConnection& db = Reader();
  PickupCodeRefusals counts;
  Statement for_order(db,
                      "SELECT count(*) FROM order_events WHERE brand_id = ? AND order_id = ? AND "
                      "kind = 'pickup_code_refused' AND at >= ?");
  for_order.Bind(brand).Bind(order_id).Bind(since);
  if (for_order.Step()) counts.for_order = for_order.Int(0);
  Statement by_actor(db,
                     "SELECT count(*) FROM order_events WHERE brand_id = ? AND kind = 'pickup_code_refused' AND "
                     "actor = ? AND at >= ?");
  by_actor.Bind(brand).Bind(actor_who).Bind(since);
  if (by_actor.Step()) counts.by_actor = by_actor.Int(0);
  return counts;
}

std::vector<Order> SqliteStore::OrdersByParcelNumber(const std::string& brand, const std::string& tracking_number,
                                                     int64_t limit) {
  SqliteConnection& db = Reader();  // WAL: reads run beside the writer.
  Statement s(db,
              "SELECT order_id FROM order_keys WHERE brand_id = ? AND search_key = ? "
              "ORDER BY created_at DESC, order_id DESC LIMIT ?");
  s.Bind(brand).Bind(ParcelKey(tracking_number)).Bind(limit);
  std::vector<std::string> ids;
  while (s.Step()) ids.push_back(s.Text(0));
  std::vector<Order> found;
  for (const std::string& id : ids) {
    if (std::optional<Order> o = GetOrder(brand, id)) found.push_back(*o);
  }
  return found;
}

std::vector<Order> SqliteStore::SearchOrders(const std::string& brand, const std::string& query, int64_t limit) {
  std::vector<Order> found;
  if (query.empty()) return found;
  if (std::optional<Order> by_id = GetOrder(brand, query)) found.push_back(*by_id);
  const std::vector<std::string> keys = SearchKeysOfQuery(query);
  SqliteConnection& db = Reader();  // WAL: reads run beside the writer.
  for (const std::string& key : keys) {
    Statement s(db,
                "SELECT order_id FROM order_keys WHERE brand_id = ? AND search_key = ? "
                "ORDER BY created_at DESC, order_id DESC LIMIT ?");
    s.Bind(brand).Bind(key).Bind(limit);
    std::vector<std::string> ids;
    while (s.Step()) ids.push_back(s.Text(0));
    for (const std::string& id : ids) {
      if (static_cast<int64_t>(found.size()) >= limit) break;
      bool seen = false;
      for (const Order& o : found) seen = seen || o.id == id;
      if (!seen) {
        if (std::optional<Order> o = GetOrder(brand, id)) found.push_back(*o);
      }
    }
  }
  return found;
}

std::vector<Order> SqliteStore::OpenOrdersOf(const std::string& brand, const std::string& customer_id, int64_t limit) {
  SqliteConnection& db = Reader();  // WAL: reads run beside the writer.
  Statement s(
      db,
      "SELECT body, version FROM orders WHERE brand_id = ? AND customer_id = ? AND status IN ('placed', 'preparing') "
      "ORDER BY created_at DESC, id DESC LIMIT ?");
  s.Bind(brand).Bind(customer_id).Bind(limit);
  std::vector<Order> orders;
  while (s.Step()) {
    Order o = OrderOfRow(s.Text(0), s.Int(1));
    if (o.children.empty()) orders.push_back(std::move(o));  // A parent's shipments are its children's.
  }
  return orders;
}

StoreResult<Basket> SqliteStore::PutBasket(const std::string& brand, const Basket& basket) {
  const std::lock_guard<std::mutex> lock(mutex_);
  Basket stored = basket;
  stored.updated_at = UtcNowIso();
  if (stored.created_at.empty()) stored.created_at = stored.updated_at;
  ++stored.version;
  if (basket.version == 0) {
    Statement s(writer_,
                "INSERT INTO baskets (brand_id, id, customer_id, status, version, body, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    s.Bind(brand).Bind(stored.id).Bind(stored.customer_id).Bind(stored.status).Bind(stored.version);
    s.Bind(BasketJson(stored).dump()).Bind(stored.created_at).Bind(stored.updated_at).Run();
    return stored;
  }
  Statement s(writer_,
              "UPDATE baskets SET status = ?, version = ?, body = ?, updated_at = ? "
              "WHERE brand_id = ? AND id = ? AND version = ?");
  s.Bind(stored.status).Bind(stored.version).Bind(BasketJson(stored).dump()).Bind(stored.updated_at);
  s.Bind(brand).Bind(stored.id).Bind(basket.version).Run();
  if (sqlite3_changes(writer_.db) == 0) {
    return StoreError{StoreError::Kind::kConflict, "basket " + basket.id + " changed meanwhile", ""};
  }
  return stored;
}

std::optional<Basket> SqliteStore::GetBasket(const std::string& brand, const std::string& id) {
  SqliteConnection& db = Reader();  // WAL: reads run beside the writer.
  Statement s(db, "SELECT body FROM baskets WHERE brand_id = ? AND id = ?");
  s.Bind(brand).Bind(id);
  if (!s.Step()) return std::nullopt;
  return BasketFromJson(nlohmann::json::parse(s.Text(0)));
}

nlohmann::json SqliteStore::CustomerPreferences(const std::string& brand, const std::string& customer_id) {
  SqliteConnection& db = Reader();  // WAL: reads run beside the writer.
  Statement s(db, "SELECT last_relay FROM customer_preferences WHERE brand_id = ? AND customer_id = ?");
  s.Bind(brand).Bind(customer_id);
  return {{"customer_id", customer_id}, {"last_relay", s.Step() ? nlohmann::json::parse(s.Text(0)) : nlohmann::json()}};
}

}  // namespace relais::edge
