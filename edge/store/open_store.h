// The store a configuration's "database" names: a PostgreSQL server ("postgresql://user@host/db", several
// edge nodes may share it: postgres_store.h) or a SQLite file (a path: sqlite_store.h, the default).
#ifndef RELAIS_EDGE_STORE_OPEN_STORE_H_
#define RELAIS_EDGE_STORE_OPEN_STORE_H_

#include <memory>
#include <string>

#include "edge/store/sql_store.h"

namespace relais::edge {

// Why `database` names neither a PostgreSQL URI nor a SQLite path ("" when it does one): libpq's
// "host=... dbname=..." form, or a URI of another scheme (a mistyped "postgressql://"), which a SQLite path would
// otherwise take as a file name to create.
std::string DatabaseNameRefusal(const std::string& database);

// Opens and migrates it. Throws std::runtime_error when it cannot (the message names the database, never a
// password).
std::unique_ptr<SqlStore> OpenStore(const std::string& database);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_STORE_OPEN_STORE_H_
