// The SQLite store: sites' layouts for picking, one row per version.
#include "edge/store/sqlite_internal.h"
#include "edge/utc_now.h"

namespace relais::edge {

using namespace sqlite;  // NOLINT: the store's own helpers.

StoreResult<SiteLayout> SqliteStore::AddSiteLayout(const std::string& brand, const std::string& site,
                                                   const nlohmann::json& layout) {
  const std::lock_guard<std::mutex> lock(mutex_);  // One writer: the next version is read and taken under it.
  Statement exists(writer_, "SELECT 1 FROM sites WHERE brand_id = ? AND id = ?");
  exists.Bind(brand).Bind(site);
  if (!exists.Step()) return StoreError{StoreError::Kind::kNotFound, "no site " + site, "site"};
  Statement last(writer_, "SELECT COALESCE(MAX(version), 0) FROM site_layouts WHERE brand_id = ? AND site_id = ?");
  last.Bind(brand).Bind(site);
  last.Step();
  SiteLayout stored{site, last.Int(0) + 1, UtcNowIso(), layout};
  Statement insert(writer_,
                   "INSERT INTO site_layouts (brand_id, site_id, version, layout, created_at) VALUES (?, ?, ?, ?, ?)");
  insert.Bind(brand).Bind(site).Bind(stored.version).Bind(layout.dump()).Bind(stored.created_at).Run();
  return stored;
}

std::optional<SiteLayout> SqliteStore::GetSiteLayout(const std::string& brand, const std::string& site,
                                                     int64_t version) {
  SqliteConnection& db = Reader();  // WAL: reads run beside the writer.
  Statement s(db,
              "SELECT version, layout, created_at FROM site_layouts WHERE brand_id = ? AND site_id = ? "
              "AND (? = 0 OR version = ?) ORDER BY version DESC LIMIT 1");
  s.Bind(brand).Bind(site).Bind(version).Bind(version);
  if (!s.Step()) return std::nullopt;
  return SiteLayout{site, s.Int(0), s.Text(2), nlohmann::json::parse(s.Text(1))};
}

}  // namespace relais::edge
