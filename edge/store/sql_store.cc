// The SQL store's schema migrations, readiness and server secrets (sql_store.h).
#include <exception>
#include <string>

#include "edge/secrets.h"
#include "edge/store/sql_internal.h"
#include "edge/utc_now.h"

namespace relais::edge {

using namespace sql;  // NOLINT: the store's own helpers.

int SqlStore::SchemaVersion() {
  const ReaderLease db(*this);
  Statement s(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  s.Step();
  return static_cast<int>(s.Int(0));
}

void SqlStore::Migrate() {
  const std::span<const char* const> migrations = Migrations();
  const int latest = static_cast<int>(migrations.size());
  Write([](Connection& db) {
    if (db.dialect() == Dialect::kPostgres) db.Exec("SELECT pg_advisory_xact_lock(7265637)");
    db.Exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
  });
  // Each step in its own transaction, which reads the version again: of several nodes starting at once on one
  // database, one applies a step and the others find it applied (PostgreSQL: the advisory lock makes them wait
  // for it rather than fail on a table created twice).
  for (bool more = true; more;) {
    more = Write([&](Connection& db) {
      if (db.dialect() == Dialect::kPostgres) db.Exec("SELECT pg_advisory_xact_lock(7265637)");
      Statement s(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
      s.Step();
      const int version = static_cast<int>(s.Int(0));
      if (version > latest) {
        throw std::runtime_error("database schema version " + std::to_string(version) +
                                 " is newer than this relais-edge (" + std::to_string(latest) +
                                 "): upgrade relais-edge");
      }
      if (version == latest) return false;
      db.Exec(migrations[static_cast<size_t>(version)]);
      Statement record(db, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)");
      record.Bind(int64_t{version + 1}).Bind(UtcNowIso()).Run();
      return true;
    });
  }
}

bool SqlStore::Ready() {
  try {
    const ReaderLease db(*this);
    Statement s(db, "SELECT 1 FROM schema_migrations LIMIT 1");
    return s.Step();
  } catch (const std::exception&) {
    return false;
  }
}

std::string SqlStore::ServerSecret(const std::string& name) {
  return Write([&](Connection& db) {
    Statement read(db, "SELECT value FROM server_secrets WHERE name = ?");
    read.Bind(name);
    if (read.Step()) return read.Text(0);
    std::string value = RandomHex(32);
    Statement write(db, "INSERT INTO server_secrets (name, value) VALUES (?, ?)");
    write.Bind(name).Bind(value).Run();
    return value;
  });
}

}  // namespace relais::edge
