// The SQL store: brands and their settings, staff tokens, sites, products.
#include <algorithm>
#include <exception>
#include <thread>

#include "edge/model/search_keys.h"
#include "edge/store/sql_internal.h"
#include "edge/utc_now.h"

namespace relais::edge {

using namespace sql;  // NOLINT: the store's own helpers.

void SqlStore::PutBrand(const Brand& brand) {
  return Write([&](Connection& db) {
    Statement s(db,
                "INSERT INTO brands (id, name, api_key_sha256, settings, config_settings) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET name = excluded.name, api_key_sha256 = excluded.api_key_sha256, "
                "settings = CASE WHEN brands.config_settings = excluded.config_settings THEN brands.settings "
                "ELSE excluded.settings END, config_settings = excluded.config_settings");
    const std::string settings = brand.settings.dump();
    s.Bind(brand.id).Bind(brand.name).Bind(brand.api_key_sha256).Bind(settings).Bind(settings).Run();
  });
}

std::optional<Brand> SqlStore::GetBrand(const std::string& id) {
  const ReaderLease db(*this);
  Statement s(db, "SELECT id, name, api_key_sha256, settings FROM brands WHERE id = ?");
  s.Bind(id);
  if (!s.Step()) return std::nullopt;
  return Brand{s.Text(0), s.Text(1), s.Text(2), nlohmann::json::parse(s.Text(3))};
}

bool SqlStore::PutBrandSettings(const std::string& brand, const nlohmann::json& settings) {
  return Write([&](Connection& db) {
    Statement s(db, "UPDATE brands SET settings = ? WHERE id = ?");
    s.Bind(settings.dump()).Bind(brand).Run();
    return db.Changes() > 0;
  });
}

std::optional<Brand> SqlStore::BrandByKeyHash(const std::string& api_key_sha256) {
  const ReaderLease db(*this);
  Statement s(db, "SELECT id, name, api_key_sha256, settings FROM brands WHERE api_key_sha256 = ?");
  s.Bind(api_key_sha256);
  if (!s.Step()) return std::nullopt;
  return Brand{s.Text(0), s.Text(1), s.Text(2), nlohmann::json::parse(s.Text(3))};
}

void SqlStore::PutStaffToken(const StaffToken& t) {
  return Write([&](Connection& db) {
    Statement s(db,
                "INSERT INTO staff_tokens (brand_id, id, site_id, name, token_sha256, revoked, created_at, role) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    s.Bind(t.brand)
        .Bind(t.id)
        .Bind(t.site)
        .Bind(t.name)
        .Bind(t.token_sha256)
        .Bind(int64_t{t.revoked})
        .Bind(UtcNowIso())
        .Bind(t.role);
    s.Run();
  });
}

std::optional<StaffToken> SqlStore::StaffTokenByHash(const std::string& token_sha256) {
  const ReaderLease db(*this);
  Statement s(db, "SELECT id, brand_id, site_id, name, revoked, role FROM staff_tokens WHERE token_sha256 = ?");
  s.Bind(token_sha256);
  if (!s.Step()) return std::nullopt;
  return StaffToken{s.Text(0), s.Text(1), s.Text(2), s.Text(3), token_sha256, s.Int(4) != 0, s.Text(5)};
}

bool SqlStore::RevokeStaffToken(const std::string& brand, const std::string& id) {
  return Write([&](Connection& db) {
    Statement s(db, "UPDATE staff_tokens SET revoked = 1 WHERE brand_id = ? AND id = ?");
    s.Bind(brand).Bind(id).Run();
    return db.Changes() > 0;
  });
}

void SqlStore::PutSite(const std::string& brand, const Site& site) {
  return Write([&](Connection& db) {
    Statement s(db,
                "INSERT INTO sites (brand_id, id, kind, name, zone, location, capabilities, preparation_cents) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (brand_id, id) DO UPDATE SET kind = excluded.kind, "
                "name = excluded.name, zone = excluded.zone, location = excluded.location, "
                "capabilities = excluded.capabilities, preparation_cents = excluded.preparation_cents");
    s.Bind(brand).Bind(site.id).Bind(site.kind).Bind(site.name).Bind(site.zone).Bind(site.location.dump());
    s.Bind(site.capabilities.dump()).Bind(site.preparation_cents).Run();
  });
}

std::optional<Site> SqlStore::GetSite(const std::string& brand, const std::string& id) {
  const ReaderLease db(*this);
  Statement s(db,
              "SELECT id, kind, name, zone, location, capabilities, preparation_cents FROM sites WHERE brand_id = ? "
              "AND id = ?");
  s.Bind(brand).Bind(id);
  if (!s.Step()) return std::nullopt;
  return ReadSite(s);
}

std::vector<Site> SqlStore::ListSites(const std::string& brand) {
  const ReaderLease db(*this);
  Statement s(db,
              "SELECT id, kind, name, zone, location, capabilities, preparation_cents FROM sites WHERE brand_id = ? "
              "ORDER BY id");
  s.Bind(brand);
  std::vector<Site> sites;
  while (s.Step()) sites.push_back(ReadSite(s));
  return sites;
}

void SqlStore::PutProduct(const std::string& brand, const Product& p) {
  return Write([&](Connection& db) {
    Statement s(db,
                "INSERT INTO products (brand_id, sku, name, category, temperature, weight_g, length_cm, width_cm, "
                "height_cm, price_cents, gtin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (brand_id, sku) DO "
                "UPDATE SET name = excluded.name, category = excluded.category, temperature = excluded.temperature, "
                "weight_g = excluded.weight_g, length_cm = excluded.length_cm, width_cm = excluded.width_cm, "
                "height_cm = excluded.height_cm, price_cents = excluded.price_cents, gtin = excluded.gtin");
    s.Bind(brand).Bind(p.sku).Bind(p.name).Bind(p.category).Bind(p.temperature).Bind(p.weight_g);
    s.Bind(p.dims_cm[0]).Bind(p.dims_cm[1]).Bind(p.dims_cm[2]).Bind(p.price_cents).Bind(p.gtin).Run();
  });
}

std::optional<Product> SqlStore::GetProduct(const std::string& brand, const std::string& sku) {
  const ReaderLease db(*this);
  Statement s(db,
              "SELECT sku, name, category, temperature, weight_g, length_cm, width_cm, height_cm, price_cents, gtin "
              "FROM products WHERE brand_id = ? AND sku = ?");
  s.Bind(brand).Bind(sku);
  if (!s.Step()) return std::nullopt;
  return ReadProduct(s);
}

std::vector<Product> SqlStore::ProductsIn(const std::string& brand, const std::string& category, int64_t limit) {
  const ReaderLease db(*this);
  Statement s(db,
              "SELECT sku, name, category, temperature, weight_g, length_cm, width_cm, height_cm, price_cents, gtin "
              "FROM products WHERE brand_id = ? AND category = ? ORDER BY sku LIMIT ?");
  s.Bind(brand).Bind(category).Bind(limit);
  std::vector<Product> products;
  while (s.Step()) products.push_back(ReadProduct(s));
  return products;
}

std::vector<Product> SqlStore::FindProducts(const std::string& brand, const std::string& text, int64_t limit) {
  std::vector<Product> products;
  if (text.empty()) return products;
  std::string lower = text;
  for (char& ch : lower) ch = ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch;
  const ReaderLease db(*this);
  // A scan of the brand's products in sku order, narrowed by ProductNamePattern (lower() folds ASCII letters in both
  // databases: PostgreSQL's is the C collation's, which the store requires), read until `limit` of them match.
  Statement s(db,
              "SELECT sku, name, category, temperature, weight_g, length_cm, width_cm, height_cm, price_cents, gtin "
              "FROM products WHERE brand_id = ? AND (substr(lower(sku), 1, ?) = ? OR lower(name) LIKE ?) "
              "ORDER BY sku",
              "SELECT sku, name, category, temperature, weight_g, length_cm, width_cm, height_cm, price_cents, gtin "
              "FROM products WHERE brand_id = ? AND (substr(lower(sku), 1, CAST(? AS integer)) = ? OR "
              "lower(name) LIKE ?) ORDER BY sku");
  s.Bind(brand).Bind(static_cast<int64_t>(lower.size())).Bind(lower).Bind(ProductNamePattern(text));
  while (static_cast<int64_t>(products.size()) < limit && s.Step()) {
    Product p = ReadProduct(s);
    std::string sku = p.sku;
    for (char& ch : sku) ch = ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch;
    if (sku.starts_with(lower) || ProductNameMatches(p.name, text)) products.push_back(std::move(p));
  }
  return products;
}

}  // namespace relais::edge
