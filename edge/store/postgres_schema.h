// The PostgreSQL schema: the migrations of SQLite's schema (sqlite_store.cc: kMigrations), one for one, so that
// a schema version means the same tables, columns and indexes on both backends.
//
// Private to edge/store/.
#ifndef RELAIS_EDGE_STORE_POSTGRES_SCHEMA_H_
#define RELAIS_EDGE_STORE_POSTGRES_SCHEMA_H_

#include <span>

namespace relais::edge::sql {

// Entry i takes the schema from version i to i + 1, as SQLite's entry i does: the same names of tables,
// columns, indexes and constraints; INTEGER is BIGINT (SQLite's integers are 64 bits); a row id (INTEGER PRIMARY
// KEY, AUTOINCREMENT or not) is an identity column. Each entry may hold several statements (Connection::Exec)
// and is meant to run in its own transaction with its schema_migrations row. Never edit a published entry: add
// the next, here and in kMigrations together.
std::span<const char* const> PostgresMigrations();

}  // namespace relais::edge::sql

#endif  // RELAIS_EDGE_STORE_POSTGRES_SCHEMA_H_
