// How much one product will sell at one site, day by day: the comparable period of last year, corrected by
// the recent trend; for a product too young for that, its category's forecast times its share.
//
// The method is the one retail OMSs have used for decades (sales "à période comparable", corrected by "les
// évolutions de ces ventes sur les périodes précédentes"; the nomenclature level for new products):
//   - last year's level on the comparable day (sales_calendar.h), read as the weighted mean of that day and
//     the same weekday one week either side (1, 2, 1): one day of last year is mostly noise;
//   - times the trend: what the recent weeks sold against what their comparable days sold, recent weeks
//     weighing more, pulled towards 1 when the volumes are small, and bounded;
//   - days out of stock are left out of both sides, so a stock-out is never learnt as no demand.
// A product with less than a year and the trend's weeks of history takes its category's forecast (the
// narrowest category path level that has the history), times its share: the launch assumption at first,
// its own share of the category's sales taking over as its days in stock come in.
#ifndef RELAIS_ENGINE_SALES_FORECAST_H_
#define RELAIS_ENGINE_SALES_FORECAST_H_

#include <span>
#include <string>
#include <vector>

#include "wasm/engine/daily_sales.h"
#include "wasm/engine/sales_calendar.h"

namespace relais {

constexpr int kLongestForecastDays = 366;

struct ForecastOptions {
  int trend_weeks = 8;             // The recent weeks the trend compares with last year.
  double trend_decay = 0.85;       // Each week back weighs this much of the week after it.
  double trend_prior_units = 7.0;  // Units added to both sides of the trend: small sellers stay near 1.
  double trend_min = 0.5;          // Bounds of the trend: a launch or a clearance is not a trend.
  double trend_max = 2.0;
  int share_days = 7;         // Days in stock after which a new product's share is said to be its own.
  double launch_units = 2.0;  // How many units sold the launch assumption weighs against the product's own.
  double launch_share = 0.0;  // The brand's launch assumption, as a share of the category; 0 = the share of
                              // the category's median product selling lately.
};

enum class ForecastMethod {
  kOwnHistory,      // The product's own comparable period and trend.
  kCategoryShare,   // Its category's forecast times its share over its weeks of sales.
  kCategoryLaunch,  // Its category's forecast times the launch share.
  kNoHistory,       // Neither it nor any category level has the history: a flat recent mean (or 0).
};

const char* ForecastMethodName(ForecastMethod method);  // "own_history", "category_share"...

struct SalesForecast {
  DayNumber first_day = 0;
  std::vector<float> daily;  // Expected units per day from first_day.
  ForecastMethod method = ForecastMethod::kNoHistory;
  double trend = 1.0;       // The correction applied to last year's level.
  double share = 1.0;       // The product's share of its category (1 for its own history).
  std::string category;     // The category level used, for the fallbacks.
  double launch_share = 0;  // For the fallbacks, the launch assumption the share started from.

  double Total() const;
};

// A category level at one site: its path ("kitchen/mugs"), its established products (those with the history
// to be forecast on their own) and the sum of their sales (SumOfSales). Only established products are
// summed: products joining a category would otherwise read as its growth (eight mugs selling where four did
// is not a trend of mugs), and the share of a new product is then against what the category already was.
struct CategorySales {
  std::string site;
  std::string path;
  std::vector<const DailySales*> members;
  DailySales sales;
};

// One product's history at a site, with its category path ("kitchen/mugs/large"; may be empty).
struct ProductSales {
  std::string sku;
  std::string site;
  std::string category;
  const DailySales* sales = nullptr;
};

// The levels of a category path, narrowest first: "kitchen/mugs/large", "kitchen/mugs", "kitchen", "".
std::vector<std::string> CategoryPathLevels(const std::string& path);

// Every category level of every product's site at `origin`: each prefix of each path ("kitchen/mugs",
// "kitchen"), and the whole site (""), each summing the site's products under it established at `origin`.
std::vector<CategorySales> CategoryLevels(std::span<const ProductSales> products, DayNumber origin,
                                          const ForecastOptions& options);
// The levels of `product`, narrowest first, pointing into `levels` (which must outlive them).
std::vector<const CategorySales*> LevelsOf(const ProductSales& product, std::span<const CategorySales> levels);

// Whether `sales` holds enough to be forecast on its own from `origin`: a year and the trend's weeks.
bool HasComparableHistory(const DailySales& sales, DayNumber origin, const ForecastOptions& options);

// The forecast of `sales` for `days` days from `origin` (1..kLongestForecastDays), on its own history only;
// nothing is read at or after `origin`. A history too short gives kNoHistory: a flat mean of its last four
// weeks in stock.
SalesForecast ForecastOwnHistory(const DailySales& sales, const SalesCalendar& calendar, DayNumber origin, int days,
                                 const ForecastOptions& options);

// The forecast with the category fallback: `levels` are the product's category path from the narrowest to
// the widest (LevelsOf: "kitchen/mugs/large", "kitchen/mugs", "kitchen", ""), each summed at its site. The
// default launch assumption is the median share of the level's products that sold in the four weeks before
// `origin`.
SalesForecast ForecastSales(const DailySales& sales, std::span<const CategorySales* const> levels,
                            const SalesCalendar& calendar, DayNumber origin, int days, const ForecastOptions& options);

}  // namespace relais

#endif  // RELAIS_ENGINE_SALES_FORECAST_H_
