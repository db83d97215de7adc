// OpenStore (open_store.h).
#include "edge/store/open_store.h"

#include <stdexcept>

#include "edge/store/postgres_store.h"
#include "edge/store/sqlite_store.h"

namespace relais::edge {

std::string DatabaseNameRefusal(const std::string& database) {
  if (database.empty()) return "is empty: a SQLite file path or a postgresql:// URI";
  if (PostgresStore::IsUri(database)) return "";
  if (database.find("://") != std::string::npos) {
    return database.substr(0, database.find("://") + 3) +
           " is not a database relais knows: a SQLite file path or a postgresql:// URI";
  }
  for (const char* keyword : {"host=", "hostaddr=", "dbname=", "user=", "port=", "service="}) {
    if (database.starts_with(keyword) || database.find(std::string(" ") + keyword) != std::string::npos) {
      return "libpq's key=value form is not read: write postgresql://user@host:port/database";
    }
  }
  return "";
}

std::unique_ptr<SqlStore> OpenStore(const std::string& database) {
  if (const std::string refusal = DatabaseNameRefusal(database); !refusal.empty()) {
    throw std::runtime_error("database " + refusal);
  }
  if (PostgresStore::IsUri(database)) return std::make_unique<PostgresStore>(database);
  return std::make_unique<SqliteStore>(database);
}

}  // namespace relais::edge
