// The SQL store: imported sales days, and products by category path (the forecast's category levels).
#include <string>
#include <vector>

#include "edge/store/sql_internal.h"

namespace relais::edge {

using namespace sql;  // NOLINT: the store's own helpers.

std::vector<Product> SqlStore::ProductsUnder(const std::string& brand, const std::string& path, int64_t limit) {
  const ReaderLease db(*this);
  // "kitchen" holds "kitchen" and "kitchen/...": compared by prefix with substr, not LIKE, whose wildcards a
  // category could hold.
  const std::string below = path + "/";
  Statement s(db,
              "SELECT sku, name, category, temperature, weight_g, length_cm, width_cm, height_cm, price_cents, gtin "
              "FROM products WHERE brand_id = ? AND (? = '' OR category = ? OR substr(category, 1, ?) = ?) "
              "ORDER BY sku LIMIT ?",
              "SELECT sku, name, category, temperature, weight_g, length_cm, width_cm, height_cm, price_cents, gtin "
              "FROM products WHERE brand_id = ? AND (? = '' OR category = ? OR "
              "substr(category, 1, CAST(? AS integer)) = ?) ORDER BY sku LIMIT ?");
  s.Bind(brand).Bind(path).Bind(path).Bind(static_cast<int64_t>(below.size())).Bind(below).Bind(limit);
  std::vector<Product> products;
  while (s.Step()) products.push_back(ReadProduct(s));
  return products;
}

StoreResult<int64_t> SqlStore::PutSalesDays(const std::string& brand, const std::vector<SalesDay>& days) {
  return Write([&](Connection& db) -> StoreResult<int64_t> {
    for (const SalesDay& day : days) {
      Statement s(
          db,
          "INSERT INTO sales_days (brand_id, sku, site_id, day, sold_milli, in_stock) VALUES (?, ?, ?, ?, ?, ?) "
          "ON CONFLICT (brand_id, sku, site_id, day) DO UPDATE SET sold_milli = excluded.sold_milli, "
          "in_stock = excluded.in_stock");
      s.Bind(brand).Bind(day.sku).Bind(day.site).Bind(day.day).Bind(day.sold_milli);
      s.Bind(static_cast<int64_t>(day.in_stock ? 1 : 0)).Run();
    }
    return static_cast<int64_t>(days.size());
  });
}

std::vector<SalesDay> SqlStore::SalesDaysOf(const std::string& brand, const std::string& sku, const std::string& site) {
  const ReaderLease db(*this);
  Statement s(db,
              "SELECT day, sold_milli, in_stock FROM sales_days WHERE brand_id = ? AND sku = ? AND site_id = ? "
              "ORDER BY day");
  s.Bind(brand).Bind(sku).Bind(site);
  std::vector<SalesDay> days;
  while (s.Step()) days.push_back({sku, site, s.Text(0), s.Int(1), s.Int(2) != 0});
  return days;
}

}  // namespace relais::edge
