// relais-forecast: the sales forecast on a CSV of past sales, and the backtest that says whether to trust it
// (wasm/engine/sales_forecast.h, forecast_backtest.h).
//
//   relais-forecast backtest --history sales.csv [--weeks 12] [--horizon 28] [--no-holidays] [--launch-share S]
//                            [--series]
//   relais-forecast forecast --history sales.csv --sku SKU --site SITE [--days 28] [--no-holidays]
//   relais-forecast generate [--seed 1] [--days 1155] [--end YYYY-MM-DD] [--sites 2] [--categories 4]
//                            [--launches 1] [--truth]
//
// Exit 0: done (refused rows are listed on stderr, the others used). 1: the file cannot be read or holds no
// row. 2: bad usage, or an unknown sku/site.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "wasm/engine/forecast_backtest.h"
#include "wasm/engine/sales_forecast.h"
#include "wasm/engine/sales_generator.h"
#include "wasm/engine/sales_history_csv.h"

namespace {

using namespace relais;

const char* kUsage = R"(usage:
  relais-forecast backtest --history sales.csv [--weeks 12] [--horizon 28] [--no-holidays]
                           [--launch-share S] [--series]
  relais-forecast forecast --history sales.csv --sku SKU --site SITE [--days 28] [--no-holidays]
  relais-forecast generate [--seed 1] [--days 1155] [--end YYYY-MM-DD] [--sites 2] [--categories 4]
                           [--launches 1] [--truth]

sales.csv: a header, then one row per day, sku and site:
  date,sku,site,quantity[,in_stock][,category]
quantity is what was sold that day, returns netted; in_stock 0 marks a stock-out day (its sales say
nothing of demand); category is a path ("kitchen/mugs") for the new products' fallback. Days a
product has no row are days it sold nothing, in stock.

backtest: from one origin a week over the last --weeks weeks, forecasts --horizon days with the
comparable-period method and three baselines (seasonal naive: the same weekday 52 weeks before;
the mean of the last 4 weeks; the same date last year), scored on the days in stock by MASE and
sMAPE. --series adds a row per product and site.
generate: years of daily sales whose true demand is known (see the README: figures from generated
data are not a merchant's), from 2 January 2023 or, with --end, up to the day before it. --truth
adds the true mean demand as a last column.
Holidays: the French retail calendar (Easter, Mother's Day, Black Friday, Christmas) unless
--no-holidays.
)";

struct History {
  std::map<std::pair<std::string, std::string>, DailySales> series;  // (sku, site)
  std::map<std::pair<std::string, std::string>, std::string> category;
  DayNumber end = 0;
};

// Reads `path`; refused rows to stderr. Nothing when the file cannot be read or has no usable row.
bool ReadHistory(const std::string& path, History& history) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "relais-forecast: cannot read " << path << "\n";
    return false;
  }
  std::stringstream text;
  text << in.rdbuf();
  const SalesHistoryCsv csv = ParseSalesHistoryCsv(text.str());
  for (const SalesRowError& e : csv.errors) std::cerr << path << ":" << e.line << ": " << e.message << "\n";
  if (csv.rows.empty()) {
    std::cerr << "relais-forecast: " << path << " has no usable row\n";
    return false;
  }
  for (const SalesRow& row : csv.rows) {
    DailySales& s = history.series[{row.sku, row.site}];
    s.Add(row.day, static_cast<float>(row.quantity));
    if (!row.in_stock) s.MarkOutOfStock(row.day);
    if (!row.category.empty()) history.category[{row.sku, row.site}] = row.category;
    history.end = std::max(history.end, row.day + 1);
  }
  for (auto& [key, s] : history.series) s.ExtendTo(history.end);
  if (csv.errors.size() > 0) std::cerr << csv.errors.size() << " row(s) refused, " << csv.rows.size() << " read\n";
  return true;
}

SalesCalendar CalendarFor(const History& history, bool holidays) {
  if (!holidays || history.series.empty()) return SalesCalendar();
  DayNumber first = history.end;
  for (const auto& [key, s] : history.series) first = std::min(first, s.first_day);
  return SalesCalendar(FrenchRetailHolidays(CivilFromDays(first).year - 1, CivilFromDays(history.end).year + 1));
}

std::vector<ProductSales> Products(const History& history) {
  std::vector<ProductSales> products;
  for (const auto& [key, s] : history.series) {
    const auto c = history.category.find(key);
    products.push_back({key.first, key.second, c == history.category.end() ? "" : c->second, &s});
  }
  return products;
}

std::string Cell(double value, int decimals) {
  if (!std::isfinite(value)) return "-";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

void PrintScores(const std::string& label, const std::array<Accuracy, kForecastModels>& scores) {
  std::printf("%-26s", label.c_str());
  for (const Accuracy& a : scores) {
    std::printf(" %8s %8s", a.days == 0 ? "-" : Cell(a.mase, 3).c_str(), a.days == 0 ? "-" : Cell(a.smape, 1).c_str());
  }
  std::printf("\n");
}

int Backtest(const History& history, bool holidays, const BacktestOptions& options, bool per_series) {
  const std::vector<ProductSales> products = Products(history);
  const BacktestReport report = relais::Backtest(products, CalendarFor(history, holidays), history.end, options);
  std::printf("backtest: %zu series, %d origins (one a week) from %s, %d days ahead, scored to %s\n",
              report.rows.size(), options.weeks, FormatIsoDate(report.window[0]).c_str(), options.horizon,
              FormatIsoDate(report.window[1] - 1).c_str());
  std::printf("%-26s", "MASE / sMAPE (%)");
  for (int m = 0; m < kForecastModels; ++m) std::printf(" %17s", ForecastModelName(static_cast<ForecastModel>(m)));
  std::printf("\n");
  if (per_series) {
    for (const BacktestRow& row : report.rows) {
      PrintScores(row.name + (row.launched ? " (new)" : ""), row.scores);
    }
  }
  PrintScores("all series", report.overall);
  if (report.launched_series > 0) {
    PrintScores("new products (" + std::to_string(report.launched_series) + ")", report.launched);
  }
  std::printf("ratio to comparable_period (MASE):");
  for (int m = 1; m < kForecastModels; ++m) {
    std::printf(" %s %sx", ForecastModelName(static_cast<ForecastModel>(m)),
                Cell(report.overall[m].mase / report.overall[0].mase, 2).c_str());
  }
  std::printf("\n");
  return 0;
}

int Forecast(const History& history, bool holidays, const std::string& sku, const std::string& site, int days) {
  const std::vector<ProductSales> products = Products(history);
  const auto it = std::find_if(products.begin(), products.end(),
                               [&](const ProductSales& p) { return p.sku == sku && p.site == site; });
  if (it == products.end()) {
    std::cerr << "relais-forecast: no sales of " << sku << " at " << site << " in the history\n";
    return 2;
  }
  const ForecastOptions options;
  const std::vector<CategorySales> levels = CategoryLevels(products, history.end, options);
  const SalesForecast f =
      ForecastSales(*it->sales, LevelsOf(*it, levels), CalendarFor(history, holidays), history.end, days, options);
  std::printf("# %s at %s from %s: %s, trend %.3f, share %.3f%s%s\n", sku.c_str(), site.c_str(),
              FormatIsoDate(f.first_day).c_str(), ForecastMethodName(f.method), f.trend, f.share,
              f.category.empty() ? "" : ", category ", f.category.c_str());
  std::printf("date,forecast\n");
  for (size_t i = 0; i < f.daily.size(); ++i) {
    std::printf("%s,%.2f\n", FormatIsoDate(f.first_day + static_cast<DayNumber>(i)).c_str(), f.daily[i]);
  }
  std::printf("# total %.1f\n", f.Total());
  return 0;
}

int Generate(const SalesGeneratorOptions& options, bool truth) {
  const GeneratedSales generated = GenerateSales(options);
  std::printf("%s%s\n", SalesHistoryCsvHeader().c_str(), truth ? ",demand" : "");
  for (const GeneratedSeries& g : generated.series) {
    for (DayNumber d = g.sales.first_day; d < g.sales.end_day(); ++d) {
      const size_t i = static_cast<size_t>(d - g.sales.first_day);
      const SalesRow row{d, g.sku, g.site, g.sales.sold[i], g.sales.in_stock[i] != 0, g.category, 0};
      std::printf("%s", SalesHistoryCsvLine(row).c_str());
      if (truth) std::printf(",%.3f", g.demand[i]);
      std::printf("\n");
    }
  }
  return 0;
}

// The integer after a flag, within [low, high].
bool IntArg(const char* text, int low, int high, int& out) {
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || value < low || value > high) return false;
  out = static_cast<int>(value);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string command = argv[1];
  std::string history_path, sku, site;
  bool holidays = true, per_series = false, truth = false;
  int days = 28, seed = 1;
  DayNumber end_day = 0;
  BacktestOptions backtest;
  SalesGeneratorOptions generator;
  for (int i = 2; i < argc; ++i) {
    const std::string flag = argv[i];
    const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
    const auto bad = [&](const char* why) {
      std::cerr << "relais-forecast: " << flag << " " << why << "\n" << kUsage;
      return 2;
    };
    if (flag == "--no-holidays") {
      holidays = false;
    } else if (flag == "--series") {
      per_series = true;
    } else if (flag == "--truth") {
      truth = true;
    } else if (value == nullptr) {
      return bad("needs a value (or is unknown)");
    } else if (flag == "--history") {
      history_path = value, ++i;
    } else if (flag == "--sku") {
      sku = value, ++i;
    } else if (flag == "--site") {
      site = value, ++i;
    } else if (flag == "--weeks") {
      if (!IntArg(value, 1, 104, backtest.weeks)) return bad("takes 1 to 104");
      ++i;
    } else if (flag == "--horizon") {
      if (!IntArg(value, 1, kLongestForecastDays, backtest.horizon)) return bad("takes 1 to 366 days");
      ++i;
    } else if (flag == "--days") {
      if (!IntArg(value, 1, command == "generate" ? 20 * 366 : kLongestForecastDays, days)) {
        return bad(command == "generate" ? "takes 1 to 7320" : "takes 1 to 366 days (a year at most)");
      }
      generator.days = days, ++i;
    } else if (flag == "--end") {
      const std::optional<DayNumber> end = ParseIsoDate(value);
      if (!end) return bad("takes a date, YYYY-MM-DD (the day after the last generated)");
      end_day = *end, ++i;
    } else if (flag == "--seed") {
      if (!IntArg(value, 0, 1 << 30, seed)) return bad("takes a whole number");
      generator.seed = static_cast<uint64_t>(seed), ++i;
    } else if (flag == "--sites") {
      if (!IntArg(value, 1, 50, generator.sites)) return bad("takes 1 to 50");
      ++i;
    } else if (flag == "--launches") {
      if (!IntArg(value, 0, 20, generator.launches_per_category)) return bad("takes 0 to 20");
      ++i;
    } else if (flag == "--categories") {
      if (!IntArg(value, 1, 6, generator.categories)) return bad("takes 1 to 6");
      ++i;
    } else if (flag == "--launch-share") {
      char* end = nullptr;
      backtest.forecast.launch_share = std::strtod(value, &end);
      if (end == value || *end != '\0' ||
          !(backtest.forecast.launch_share > 0 && backtest.forecast.launch_share <= 1)) {
        return bad("takes a share of the category in (0, 1]");
      }
      ++i;
    } else {
      return bad("is unknown");
    }
  }
  if (command == "generate") {
    // --end places the history before a day (the demo's: yesterday and the years before it).
    if (end_day != 0) generator.first_day = end_day - generator.days;
    return Generate(generator, truth);
  }
  if (command != "backtest" && command != "forecast") {
    std::cerr << "relais-forecast: unknown command " << command << "\n" << kUsage;
    return 2;
  }
  if (history_path.empty()) {
    std::cerr << "relais-forecast: " << command << " needs --history\n" << kUsage;
    return 2;
  }
  History history;
  if (!ReadHistory(history_path, history)) return 1;
  if (command == "backtest") return Backtest(history, holidays, backtest, per_series);
  if (sku.empty() || site.empty()) {
    std::cerr << "relais-forecast: forecast needs --sku and --site\n" << kUsage;
    return 2;
  }
  return Forecast(history, holidays, sku, site, days);
}
