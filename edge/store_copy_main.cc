// relais-store-copy: a shop's data from one database to another (edge/store/store_copy.h).
//
//   relais-store-copy --from <database> --to <database>
//
// Each database is what an edge.json's "database" says: a SQLite path or a postgresql:// URI. Stop relais-edge
// first, copy, point "database" at the target, start relais-edge again.
//
// Exit 0: copied (one line per table, then a summary). 1: a database error (nothing written). 2: bad usage, or
// the copy was refused (the target holds data, the schemas differ, no source): nothing written.
#include <cstring>
#include <exception>
#include <iostream>
#include <string>

#include "edge/store/store_copy.h"

namespace {

const char* kUsage = R"(usage: relais-store-copy --from <database> --to <database>

Copies every row of a relais-edge database into another, empty one, in one transaction: all or nothing.
A database is a SQLite file path or a PostgreSQL URI (postgresql://user@host:port/dbname), as edge.json's
"database". Both are migrated to this program's schema first. Stop relais-edge before copying: writes made
during the copy would not be in the target.

Moving a shop from SQLite to PostgreSQL:
  1. stop relais-edge;
  2. relais-store-copy --from /var/lib/relais/edge.db --to postgresql://relais@db.example/shop
  3. set "database" in edge.json to that URI;
  4. start relais-edge.

Exit status: 0 copied; 1 database error (nothing copied); 2 bad usage, or the copy was refused
(the target holds data, the two schemas differ, the source does not exist).
)";

}  // namespace

int main(int argc, char** argv) {
  std::string from;
  std::string to;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    }
    if ((arg == "--from" || arg == "--to") && i + 1 < argc) {
      (arg == "--from" ? from : to) = argv[++i];
    } else {
      std::cerr << "relais-store-copy: unexpected argument " << arg << "\n" << kUsage;
      return 2;
    }
  }
  if (from.empty() || to.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  try {
    const relais::edge::CopyResult result = relais::edge::CopyStore(from, to);
    for (const relais::edge::CopiedTable& t : result.tables) {
      std::cout << t.name << ": " << t.rows << (t.rows == 1 ? " row" : " rows") << "\n";
    }
    std::cout << "copied " << result.rows() << (result.rows() == 1 ? " row" : " rows") << " of " << result.tables.size()
              << " tables (schema version " << result.schema_version << ")" << std::endl;
    return 0;
  } catch (const relais::edge::CopyRefused& e) {
    std::cerr << "relais-store-copy: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "relais-store-copy: " << e.what() << "\n";
    return 1;
  }
}
