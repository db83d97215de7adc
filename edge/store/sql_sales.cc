// The SQL store: imported sales days, products by category path (the forecast's category levels) and the
// forecasts the nightly refresh stores.
#include <optional>
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

StoreResult<int64_t> SqlStore::PutStoredForecasts(const std::string& brand, const std::string& site,
                                                  const std::string& made_on, const std::vector<ForecastDay>& days) {
  if (const int64_t i = RepeatedForecastDay(days); i >= 0) {
    return StoreError{StoreError::Kind::kInvalid, "a day forecast twice for one sku",
                      "forecasts[" + std::to_string(i) + "]"};
  }
  return Write([&](Connection& db) -> StoreResult<int64_t> {
    Statement clear(db, "DELETE FROM forecast_days WHERE brand_id = ? AND site_id = ?");
    clear.Bind(brand).Bind(site).Run();
    for (const ForecastDay& day : days) {
      Statement s(db,
                  "INSERT INTO forecast_days (brand_id, site_id, sku, day, forecast_milli, method, made_on) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?)");
      s.Bind(brand).Bind(site).Bind(day.sku).Bind(day.day).Bind(day.forecast_milli).Bind(day.method).Bind(made_on);
      s.Run();
    }
    return static_cast<int64_t>(days.size());
  });
}

std::vector<ForecastDay> SqlStore::StoredForecastsOf(const std::string& brand, const std::string& site,
                                                     const std::string& sku) {
  const ReaderLease db(*this);
  Statement s(db,
              "SELECT sku, day, forecast_milli, method, made_on FROM forecast_days "
              "WHERE brand_id = ? AND site_id = ? AND (? = '' OR sku = ?) ORDER BY sku, day");
  s.Bind(brand).Bind(site).Bind(sku).Bind(sku);
  std::vector<ForecastDay> days;
  while (s.Step()) days.push_back({s.Text(0), site, s.Text(1), s.Int(2), s.Text(3), s.Text(4)});
  return days;
}

std::optional<std::string> SqlStore::StoredForecastsMadeOn(const std::string& brand, const std::string& site) {
  const ReaderLease db(*this);
  // Every row of a site shares its made_on (PutStoredForecasts replaces them together): any one says it.
  Statement s(db, "SELECT made_on FROM forecast_days WHERE brand_id = ? AND site_id = ? LIMIT 1");
  s.Bind(brand).Bind(site);
  if (!s.Step()) return std::nullopt;
  return s.Text(0);
}

}  // namespace relais::edge
