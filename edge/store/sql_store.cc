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

void SqlStore::Migrate(Connection& db) {
  const std::span<const char* const> migrations = Migrations();
  const int latest = static_cast<int>(migrations.size());
  // Every missing step in one transaction (both databases' DDL is transactional): a step that fails -- a table
  // of another program in the way -- leaves the database as it was, never half migrated.
  db.Begin();
  try {
    db.Exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
    int version = 0;
    {
      Statement s(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
      s.Step();
      version = static_cast<int>(s.Int(0));
    }
    if (version > latest) {
      throw std::runtime_error("database schema version " + std::to_string(version) +
                               " is newer than this relais-edge (" + std::to_string(latest) + "): upgrade relais-edge");
    }
    for (; version < latest; ++version) {
      db.Exec(migrations[static_cast<size_t>(version)]);
      Statement record(db, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)");
      record.Bind(int64_t{version + 1}).Bind(UtcNowIso()).Run();
    }
    db.Commit();
  } catch (...) {
    db.Rollback();
    throw;
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
