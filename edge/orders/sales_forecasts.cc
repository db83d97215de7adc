#include "edge/orders/sales_forecasts.h"

#include <cmath>
#include <limits>
#include <memory>
#include <set>

#include "wasm/engine/instant.h"
#include "wasm/engine/sales_calendar.h"
#include "wasm/engine/time_zone.h"

namespace relais::edge {

namespace {

constexpr int64_t kLedgerPage = 5000;
constexpr int64_t kMostLevelProducts = 500;  // A category level sums at most this many products' histories.

// The holidays that move the brand's demand, over the years a history and a horizon can reach.
SalesCalendar CalendarAround(DayNumber origin, const ForecastSettings& settings) {
  return RetailCalendarAround(origin, settings.french_holidays, settings.holidays);
}

ForecastOptions OptionsOf(const ForecastSettings& settings) {
  ForecastOptions options;
  options.launch_share = settings.launch_share;
  return options;
}

// The site's clock: a day's sales are those between its local midnights (a sale at 23:30 in Paris is that
// day's, not the next). A site without a zone relais knows counts UTC days.
TimeZoneRule ZoneOf(const Site& site) { return FindTimeZone(site.location.value("tz", "")).value_or(TimeZoneRule{}); }

DayNumber LocalDay(UnixSeconds t, const TimeZoneRule& zone) { return DayOf(t + zone.OffsetAt(t)); }

// Sales and stock-outs of one (sku, site), by the site's day, from its ledger rows and its imported days.
DailySales ReadHistory(Store& store, const std::string& brand, const std::string& sku, const std::string& site,
                       const TimeZoneRule& zone, DayNumber origin) {
  std::vector<LedgerEntry> rows;
  for (int64_t before = 0;;) {
    std::vector<LedgerEntry> page = store.History(brand, sku, site, kLedgerPage, before);
    if (page.empty()) break;
    before = page.back().id;
    rows.insert(rows.end(), page.begin(), page.end());
    if (static_cast<int64_t>(page.size()) < kLedgerPage) break;
  }
  DailySales ledger;
  // Oldest first: the running on-hand figure says which days the site had none.
  int64_t on_hand = 0;
  DayNumber day = 0;
  bool had_stock = false;
  double sold = 0;
  const auto close_day = [&](DayNumber next) {
    // `day` ends: in stock if it held some at any moment or sold; the days until `next` keep its last figure.
    if (ledger.sold.empty() && !had_stock && sold == 0) return;  // Nothing yet: the history starts later.
    ledger.Add(day, static_cast<float>(sold));
    if (!had_stock && sold <= 0) ledger.MarkOutOfStock(day);
    for (DayNumber d = day + 1; d < next; ++d) {
      ledger.Add(d, 0.0f);
      if (on_hand <= 0) ledger.MarkOutOfStock(d);
    }
  };
  for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
    const std::optional<UnixSeconds> instant = ParseInstant(it->recorded_at);
    const std::optional<DayNumber> at = instant ? std::optional(LocalDay(*instant, zone)) : std::nullopt;
    if (!at || *at >= origin) continue;
    if (*at != day) {
      if (day != 0) close_day(*at);
      day = *at;
      had_stock = on_hand > 0;
      sold = 0;
    }
    on_hand += it->delta.on_hand;
    had_stock = had_stock || on_hand > 0;
    switch (it->kind) {
      case MovementKind::kPosSale:
      case MovementKind::kWebSale:
        sold += static_cast<double>(it->quantity);
        break;
      case MovementKind::kReturnToStock:
      case MovementKind::kReturnUnsellable:
        sold -= static_cast<double>(it->quantity);
        break;
      default:
        break;
    }
  }
  if (day != 0) close_day(origin);

  DailySales history = std::move(ledger);
  for (const SalesDay& imported : store.SalesDaysOf(brand, sku, site)) {
    const std::optional<DayNumber> at = ParseIsoDate(imported.day);
    if (!at || *at >= origin) continue;
    // The imported figure replaces the ledger's for its day.
    if (history.Covers(*at)) {
      history.sold[*at - history.first_day] = 0;
      history.in_stock[*at - history.first_day] = 1;
    }
    history.Add(*at, static_cast<float>(imported.sold_milli) / 1000.0f);
    if (!imported.in_stock) history.MarkOutOfStock(*at);
  }
  if (!history.sold.empty()) history.ExtendTo(origin);
  return history;
}

// One call's reads: each (sku, site) history once, however many levels it is summed in.
class HistoryReader {
 public:
  HistoryReader(Store& store, std::string brand, const Site& site, DayNumber origin)
      : store_(store), brand_(std::move(brand)), zone_(ZoneOf(site)), origin_(origin) {}

  const DailySales& Of(const std::string& sku, const std::string& site) {
    auto [it, inserted] = histories_.try_emplace({sku, site});
    if (inserted) it->second = std::make_unique<DailySales>(ReadHistory(store_, brand_, sku, site, zone_, origin_));
    return *it->second;
  }

  // The level `path` at `site`: its products established at the origin and their sum.
  CategorySales Level(const std::string& path, const std::string& site, const ForecastOptions& options) {
    CategorySales level{site, path, {}, {}};
    for (const Product& p : store_.ProductsUnder(brand_, path, kMostLevelProducts)) {
      const DailySales& sales = Of(p.sku, site);
      if (HasComparableHistory(sales, origin_, options)) level.members.push_back(&sales);
    }
    level.sales = SumOfSales(level.members);
    return level;
  }

 private:
  Store& store_;
  const std::string brand_;
  const TimeZoneRule zone_;  // The site's: one reader reads one site's histories.
  const DayNumber origin_;
  std::map<std::pair<std::string, std::string>, std::unique_ptr<DailySales>> histories_;  // Stable addresses.
};

ForecastAnswer ForecastOf(HistoryReader& reader, const Product& product, const std::string& site, DayNumber origin,
                          int days, const SalesCalendar& calendar, const ForecastOptions& options) {
  ForecastAnswer answer;
  answer.products = 1;
  answer.history = reader.Of(product.sku, site);
  std::vector<CategorySales> levels;
  if (!HasComparableHistory(answer.history, origin, options)) {
    // The narrowest level with the history; those before it are left out (ForecastSales would skip them).
    for (const std::string& path : CategoryPathLevels(product.category)) {
      CategorySales level = reader.Level(path, site, options);
      if (!HasComparableHistory(level.sales, origin, options)) continue;
      levels.push_back(std::move(level));
      break;
    }
  }
  std::vector<const CategorySales*> pointers;
  for (const CategorySales& l : levels) pointers.push_back(&l);
  answer.forecast = ForecastSales(answer.history, pointers, calendar, origin, days, options);
  answer.options = options;
  if (answer.forecast.method == ForecastMethod::kCategoryShare ||
      answer.forecast.method == ForecastMethod::kCategoryLaunch) {
    answer.category_sales = levels.front().sales;
  }
  answer.methods[ForecastMethodName(answer.forecast.method)] = 1;
  for (int i = 0; i < static_cast<int>(answer.forecast.daily.size()); ++i) {
    const DayNumber compared = calendar.ComparableDay(origin + i);
    const std::optional<float> sold = answer.history.Observed(compared);
    answer.compared_with.push_back(compared);
    answer.last_year.push_back(sold ? *sold : std::numeric_limits<float>::quiet_NaN());
  }
  return answer;
}

}  // namespace

OrderResult<SalesImport> SalesForecasts::ImportHistory(const std::string& brand, std::string_view csv,
                                                       UnixSeconds now) {
  SalesHistoryCsv parsed = ParseSalesHistoryCsv(csv);
  SalesImport result;
  result.refused = std::move(parsed.errors);
  std::set<std::string> products, unknown_products, unknown_sites;
  std::map<std::string, DayNumber> sites;  // Known sites, with their today.
  std::vector<SalesDay> days;
  std::map<std::tuple<std::string, std::string, DayNumber>, size_t> at;  // Rows of one day add up.
  for (const SalesRow& row : parsed.rows) {
    if (!products.contains(row.sku) && !unknown_products.contains(row.sku)) {
      (store_->GetProduct(brand, row.sku) ? products : unknown_products).insert(row.sku);
    }
    if (!sites.contains(row.site) && !unknown_sites.contains(row.site)) {
      if (const std::optional<Site> site = store_->GetSite(brand, row.site)) {
        sites[row.site] = LocalDay(now, ZoneOf(*site));
      } else {
        unknown_sites.insert(row.site);
      }
    }
    if (unknown_products.contains(row.sku)) {
      result.refused.push_back({row.line, "sku \"" + row.sku + "\" is not a product of the brand"});
      continue;
    }
    if (unknown_sites.contains(row.site)) {
      result.refused.push_back({row.line, "site \"" + row.site + "\" is not a site of the brand"});
      continue;
    }
    // Past sales only: a day still to come has sold nothing yet, and read as history it would teach none.
    if (row.day > sites[row.site]) {
      result.refused.push_back(
          {row.line, "date " + FormatIsoDate(row.day) + " is after today at site " + row.site + ": past sales only"});
      continue;
    }
    const auto [it, inserted] = at.try_emplace({row.sku, row.site, row.day}, days.size());
    const int64_t milli = std::llround(row.quantity * 1000);
    if (inserted) {
      days.push_back({row.sku, row.site, FormatIsoDate(row.day), milli, row.in_stock});
    } else {
      days[it->second].sold_milli += milli;
      days[it->second].in_stock = days[it->second].in_stock && row.in_stock;
    }
  }
  std::sort(result.refused.begin(), result.refused.end(),
            [](const SalesRowError& a, const SalesRowError& b) { return a.line < b.line; });
  if (days.empty()) {
    OrderError e{"invalid_field", "no row of the history could be imported", "history"};
    e.details["refused"] = nlohmann::json::array();
    for (const SalesRowError& r : result.refused) {
      if (e.details["refused"].size() == kRefusalsShown) break;
      e.details["refused"].push_back({{"line", r.line}, {"message", r.message}});
    }
    e.details["refused_count"] = result.refused.size();
    if (!result.refused.empty()) {
      e.message += ": line " + std::to_string(result.refused[0].line) + ": " + result.refused[0].message;
    }
    return e;
  }
  const StoreResult<int64_t> written = store_->PutSalesDays(brand, days);
  if (!written) return OrderErrorOf(written.error());
  result.imported = written.value();
  return result;
}

DayNumber SalesForecasts::TodayAt(const std::string& brand, const std::string& site, UnixSeconds now) {
  const std::optional<Site> at = store_->GetSite(brand, site);
  return LocalDay(now, at ? ZoneOf(*at) : TimeZoneRule{});
}

OrderResult<ForecastAnswer> SalesForecasts::ForProduct(const std::string& brand, const ForecastSettings& settings,
                                                       const std::string& sku, const std::string& site,
                                                       DayNumber origin, int days) {
  const std::optional<Product> product = store_->GetProduct(brand, sku);
  if (!product) return OrderError{"not_found", "sku " + sku + " is not a product of the brand", "sku"};
  const std::optional<Site> at = store_->GetSite(brand, site);
  if (!at) return OrderError{"not_found", "site " + site + " is not a site of the brand", "site"};
  HistoryReader reader(*store_, brand, *at, origin);
  return ForecastOf(reader, *product, site, origin, days, CalendarAround(origin, settings), OptionsOf(settings));
}

OrderResult<std::vector<ProductForecast>> SalesForecasts::ForEachProduct(const std::string& brand,
                                                                         const ForecastSettings& settings,
                                                                         const std::string& category,
                                                                         const std::string& site, DayNumber origin,
                                                                         int days, int64_t most_products) {
  const std::optional<Site> at = store_->GetSite(brand, site);
  if (!at) return OrderError{"not_found", "site " + site + " is not a site of the brand", "site"};
  HistoryReader reader(*store_, brand, *at, origin);
  const SalesCalendar calendar = CalendarAround(origin, settings);
  const ForecastOptions options = OptionsOf(settings);
  std::vector<ProductForecast> each;
  for (Product& p : store_->ProductsUnder(brand, category, most_products)) {
    ForecastAnswer answer = ForecastOf(reader, p, site, origin, days, calendar, options);
    each.push_back({std::move(p), std::move(answer)});
  }
  return each;
}

OrderResult<ForecastAnswer> SalesForecasts::ForCategory(const std::string& brand, const ForecastSettings& settings,
                                                        const std::string& category, const std::string& site,
                                                        DayNumber origin, int days) {
  const OrderResult<std::vector<ProductForecast>> each =
      ForEachProduct(brand, settings, category, site, origin, days, kMostForecastProducts);
  if (!each) return each.error();
  if (each->empty()) {
    return OrderError{"not_found", "no product of the brand is in category \"" + category + "\"", "category"};
  }
  ForecastAnswer sum;
  sum.forecast.first_day = origin;
  sum.forecast.category = category;
  std::vector<const DailySales*> histories;
  std::vector<int> known;  // Per day, the products whose comparable day is known: none, and the sum is unknown.
  for (const ProductForecast& p : *each) {
    const ForecastAnswer& one = p.answer;
    histories.push_back(&one.history);
    if (sum.forecast.daily.empty()) {
      sum.forecast.daily.assign(one.forecast.daily.size(), 0.0f);
      sum.last_year.assign(one.last_year.size(), 0.0f);
      sum.compared_with = one.compared_with;
      known.assign(one.last_year.size(), 0);
    }
    for (size_t i = 0; i < one.forecast.daily.size(); ++i) {
      sum.forecast.daily[i] += one.forecast.daily[i];
      if (!std::isnan(one.last_year[i])) sum.last_year[i] += one.last_year[i], ++known[i];
    }
    ++sum.methods[ForecastMethodName(one.forecast.method)];
    ++sum.products;
  }
  for (size_t i = 0; i < known.size(); ++i) {
    if (known[i] == 0) sum.last_year[i] = std::numeric_limits<float>::quiet_NaN();
  }
  sum.history = SumOfSales(histories);
  return sum;
}

}  // namespace relais::edge
