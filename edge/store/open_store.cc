// OpenStore (open_store.h).
#include "edge/store/open_store.h"

#include "edge/store/postgres_store.h"
#include "edge/store/sqlite_store.h"

namespace relais::edge {

std::unique_ptr<SqlStore> OpenStore(const std::string& database) {
  if (PostgresStore::IsUri(database)) return std::make_unique<PostgresStore>(database);
  return std::make_unique<SqliteStore>(database);
}

}  // namespace relais::edge
