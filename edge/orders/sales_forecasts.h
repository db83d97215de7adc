// The sales forecast of a product at a site, of a category or of a whole site (the engine's
// wasm/engine/sales_forecast.h), on the history the shop holds: the days a merchant imported (model/sales_day.h)
// and the ledger's sales since relais kept it, returns netted, stock-out days left out.
//
// From the ledger, a day's sales are its pos_sale and web_sale rows less its returns (return_to_stock and
// return_unsellable), by the site's local date they were recorded (its location's tz); a day is out of stock
// when the site held none of the product all day and sold none. An imported day wins over the ledger's for the same
// sku, site and date: the merchant's file is their truth for the days before relais.
#ifndef RELAIS_EDGE_ORDERS_SALES_FORECASTS_H_
#define RELAIS_EDGE_ORDERS_SALES_FORECASTS_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "edge/model/brand_settings.h"
#include "edge/orders/order_error.h"
#include "edge/store/store.h"
#include "wasm/engine/sales_forecast.h"
#include "wasm/engine/sales_history_csv.h"

namespace relais::edge {

struct SalesImport {
  int64_t imported = 0;                // Days written.
  std::vector<SalesRowError> refused;  // Each bad row, by its line; the others were written.
};

// One product's (or a category's, a site's) forecast with what a chart shows beside it.
struct ForecastAnswer {
  SalesForecast forecast;                // From the origin.
  DailySales history;                    // Its past, up to the origin (the product's own; the sum for a category).
  std::vector<float> last_year;          // For each forecast day, what its comparable day sold (NaN: unknown).
  std::vector<DayNumber> compared_with;  // Those comparable days.
  std::map<std::string, int> methods;    // For a category or a site: how many products each method forecast.
  DailySales category_sales;             // For a product's fallback: the level's sales it was forecast from.
  ForecastOptions options;               // What the forecast was made with.
  int products = 0;
};

// One product's forecast among those of a category or a site.
struct ProductForecast {
  Product product;
  ForecastAnswer answer;
};

class SalesForecasts {
 public:
  explicit SalesForecasts(Store* store) : store_(store) {}

  // Reads a CSV of past sales (wasm/engine/sales_history_csv.h) and writes its good rows in one transaction:
  // a row naming a product or a site the brand does not have is refused by its line, like a malformed one.
  // invalid_field (field "history", details.refused: the first kRefusalsShown, details.refused_count) when no
  // row can be written: nothing is.
  // A day after the site's today (at `now`) is refused too.
  OrderResult<SalesImport> ImportHistory(const std::string& brand, std::string_view csv, UnixSeconds now);

  // The forecast of `sku` at `site` for `days` days from `origin` (history read before it), with the brand's
  // holidays and launch share (model/brand_settings.h). not_found (field "sku" or "site") for a product or
  // site the brand does not have.
  OrderResult<ForecastAnswer> ForProduct(const std::string& brand, const ForecastSettings& settings,
                                         const std::string& sku, const std::string& site, DayNumber origin, int days);
  // The sum of the forecasts of the products under `category` ("" for all) at `site`, at most
  // kMostForecastProducts of them.
  OrderResult<ForecastAnswer> ForCategory(const std::string& brand, const ForecastSettings& settings,
                                          const std::string& category, const std::string& site, DayNumber origin,
                                          int days);

  // Today by `site`'s clock at `now`: the first day a forecast from now reads no history of. UTC's for an
  // unknown site (the forecast's own answer then names it).
  DayNumber TodayAt(const std::string& brand, const std::string& site, UnixSeconds now);
  // The forecast of each product under `category` ("" for all) at `site`, by sku, at most `most_products` of
  // them; each is ForProduct's for that product, each history read once for all of them. None when the
  // category holds no product. not_found (field "site") for a site the brand does not have.
  OrderResult<std::vector<ProductForecast>> ForEachProduct(const std::string& brand, const ForecastSettings& settings,
                                                           const std::string& category, const std::string& site,
                                                           DayNumber origin, int days, int64_t most_products);

  static constexpr int64_t kMostForecastProducts = 2000;
  static constexpr size_t kRefusalsShown = 100;  // The refused rows an answer lists (the first, by line).

 private:
  Store* store_;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_SALES_FORECASTS_H_
