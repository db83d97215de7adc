#include "wasm/engine/sales_forecast.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <set>
#include <utility>

namespace relais {

namespace {

constexpr int kRecentDays = 28;  // The flat mean's window, when there is nothing to compare with.
constexpr double kMostShare = 20;

// What the comparable days of last year say a day will sell, before the trend. One day of last year is
// mostly noise (a product selling 3 a day sells 0 to 7), so the level is read in three parts, each from
// many days:
//   - the week's shape: each weekday's mean over the year before the origin, against the mean of all;
//   - the base around the comparable day: the days within `kBaseReach` of it, each divided by its weekday's
//     index (three weeks: every weekday thrice);
//   - on a holiday's days, its lift: what the comparable day and its neighbours inside the holiday sold,
//     against their base.
// Holidays' days are kept out of the shape and the base. Only days before `origin` are read.
class LastYear {
 public:
  LastYear(const DailySales& sales, const SalesCalendar& calendar, DayNumber origin)
      : sales_(sales), calendar_(calendar), origin_(origin) {
    std::array<double, 7> sum{}, days{};
    for (DayNumber d = origin - kComparableLag; d < origin; ++d) {
      const auto v = sales.Observed(d);
      if (!v || calendar.InHoliday(d)) continue;
      sum[WeekdayFromDays(d)] += *v;
      days[WeekdayFromDays(d)] += 1;
    }
    double total = 0, seen = 0;
    for (int w = 0; w < 7; ++w) {
      if (days[w] == 0) continue;
      total += sum[w] / days[w];
      seen += 1;
    }
    const double mean = seen == 0 ? 0 : total / seen;
    // A product selling a few a year has no shape of its own: units added to each weekday's sales and to what
    // the mean expects of it keep it flat.
    for (int w = 0; w < 7; ++w) {
      index_[w] = days[w] == 0 || mean == 0 ? 1.0 : (sum[w] + kShapePrior) / (mean * days[w] + kShapePrior);
    }
  }

  // The expected sales of `day` (a year or less after its comparable day), or nothing when last year has
  // no day in stock near it.
  std::optional<double> Level(DayNumber day) const {
    const DayNumber c = calendar_.ComparableDay(day);
    const auto base = Base(c);
    if (!base) return std::nullopt;
    return *base * index_[WeekdayFromDays(day)] * (calendar_.InHoliday(day) ? Lift(c) : 1.0);
  }

 private:
  static constexpr int kBaseReach = 10;
  static constexpr double kShapePrior = 2.0;

  std::optional<double> Base(DayNumber c) const {
    for (int reach = kBaseReach; reach <= 3 * kBaseReach; reach += kBaseReach) {
      double sold = 0, expected = 0;
      for (DayNumber d = c - reach; d <= c + reach && d < origin_; ++d) {
        const auto v = sales_.Observed(d);
        if (!v || calendar_.InHoliday(d)) continue;
        sold += *v;
        expected += index_[WeekdayFromDays(d)];
      }
      if (expected > 0) return sold / expected;
    }
    return std::nullopt;
  }

  // The holiday's lift on day `c` of last year: what it and its neighbours within the holiday sold, against
  // what their base says an ordinary day sells. 1 when they were out of stock.
  double Lift(DayNumber c) const {
    double sold = 0, expected = 0;
    for (DayNumber d = c - 1; d <= c + 1 && d < origin_; ++d) {
      const auto v = sales_.Observed(d);
      if (!v || !calendar_.InHoliday(d)) continue;
      const auto base = Base(d);
      if (!base) continue;
      sold += *v;
      expected += *base * index_[WeekdayFromDays(d)];
    }
    return expected > 0 ? (sold + kShapePrior) / (expected + kShapePrior) : 1.0;
  }

  const DailySales& sales_;
  const SalesCalendar& calendar_;
  DayNumber origin_;
  std::array<double, 7> index_{};
};

double RecentMean(const DailySales& sales, DayNumber origin) {
  const int days = sales.ObservedDays(origin - kRecentDays, origin);
  return days == 0 ? 0.0 : sales.ObservedSum(origin - kRecentDays, origin) / days;
}

// The recent weeks' sales against last year's level on the same days, weeks back weighing less.
double Trend(const DailySales& sales, const LastYear& last_year, DayNumber origin, const ForecastOptions& o) {
  double now = 0, before = 0, weight = 1;
  for (int week = 0; week < o.trend_weeks; ++week, weight *= o.trend_decay) {
    for (DayNumber d = origin - 7 * (week + 1); d < origin - 7 * week; ++d) {
      const auto sold = sales.Observed(d);
      if (!sold) continue;
      const auto level = last_year.Level(d);
      if (!level) continue;
      now += weight * *sold;
      before += weight * *level;
    }
  }
  const double trend = (now + o.trend_prior_units) / (before + o.trend_prior_units);
  return std::clamp(trend, o.trend_min, o.trend_max);
}

SalesForecast Flat(DayNumber origin, int days, double level) {
  SalesForecast f;
  f.first_day = origin;
  f.daily.assign(static_cast<size_t>(days), static_cast<float>(std::max(0.0, level)));
  f.method = ForecastMethod::kNoHistory;
  return f;
}

}  // namespace

const char* ForecastMethodName(ForecastMethod method) {
  switch (method) {
    case ForecastMethod::kOwnHistory:
      return "own_history";
    case ForecastMethod::kCategoryShare:
      return "category_share";
    case ForecastMethod::kCategoryLaunch:
      return "category_launch";
    case ForecastMethod::kNoHistory:
      break;
  }
  return "no_history";
}

double SalesForecast::Total() const {
  double total = 0;
  for (float v : daily) total += v;
  return total;
}

bool HasComparableHistory(const DailySales& sales, DayNumber origin, const ForecastOptions& options) {
  const DayNumber from = origin - kComparableLag - 7 * options.trend_weeks;
  if (sales.first_day > from) return false;
  // At least half of those days in stock: a year of stock-outs has no level to read.
  return 2 * sales.ObservedDays(from, origin) >= origin - from;
}

SalesForecast ForecastOwnHistory(const DailySales& sales, const SalesCalendar& calendar, DayNumber origin, int days,
                                 const ForecastOptions& options) {
  days = std::clamp(days, 0, kLongestForecastDays);
  const double recent = RecentMean(sales, origin);
  if (!HasComparableHistory(sales, origin, options)) return Flat(origin, days, recent);
  SalesForecast f;
  f.first_day = origin;
  f.method = ForecastMethod::kOwnHistory;
  const LastYear last_year(sales, calendar, origin);
  f.trend = Trend(sales, last_year, origin, options);
  f.daily.reserve(static_cast<size_t>(days));
  for (DayNumber d = origin; d < origin + days; ++d) {
    const auto level = last_year.Level(d);
    f.daily.push_back(static_cast<float>(std::max(0.0, level ? *level * f.trend : recent)));
  }
  return f;
}

namespace {

// The launch assumption when the brand has none: the share of the level's median product among those that
// sold in the last four weeks (sales are skewed: a few products sell most, so the mean product is no one's).
double TypicalShare(const CategorySales& level, DayNumber origin) {
  const double all = level.sales.ObservedSum(origin - kRecentDays, origin);
  std::vector<double> shares;
  for (const DailySales* member : level.members) {
    const double mine = member->ObservedSum(origin - kRecentDays, origin);
    if (mine > 0 && all > 0) shares.push_back(mine / all);
  }
  if (shares.empty()) return 1.0;
  std::nth_element(shares.begin(), shares.begin() + static_cast<std::ptrdiff_t>(shares.size() / 2), shares.end());
  return shares[shares.size() / 2];
}

}  // namespace

SalesForecast ForecastSales(const DailySales& sales, std::span<const CategorySales* const> levels,
                            const SalesCalendar& calendar, DayNumber origin, int days, const ForecastOptions& options) {
  if (HasComparableHistory(sales, origin, options)) return ForecastOwnHistory(sales, calendar, origin, days, options);
  for (const CategorySales* each : levels) {
    const CategorySales& level = *each;
    if (!HasComparableHistory(level.sales, origin, options)) continue;
    SalesForecast f = ForecastOwnHistory(level.sales, calendar, origin, days, options);
    f.category = level.path;
    // The product's share of what the category sold on the days the product was in stock, lately.
    double mine = 0, theirs = 0;
    int in_stock = 0;
    for (DayNumber d = origin - 7 * options.trend_weeks; d < origin; ++d) {
      const auto sold = sales.Observed(d);
      const auto all = level.sales.Observed(d);
      if (!sold || !all) continue;
      mine += *sold;
      theirs += *all;
      ++in_stock;
    }
    // Its own sales take over from the launch assumption as they come. The assumption weighs as much as
    // `launch_units` sold (the gamma prior of a Poisson rate): a product that sold 2 where the assumption said
    // 70 is a small seller after a few days, and a big one is not pulled down for long.
    const double launch = options.launch_share > 0 ? options.launch_share : TypicalShare(level, origin);
    f.launch_share = launch;
    const double prior = options.launch_units;
    f.method = in_stock >= options.share_days ? ForecastMethod::kCategoryShare : ForecastMethod::kCategoryLaunch;
    // Against the established products only, a share may pass 1: a new product outselling them all.
    f.share = std::clamp((std::max(0.0, mine) + prior) / (std::max(0.0, theirs) + prior / launch), 0.0, kMostShare);
    for (float& v : f.daily) v = static_cast<float>(v * f.share);
    return f;
  }
  return ForecastOwnHistory(sales, calendar, origin, days, options);
}

namespace {

bool Under(const std::string& category, const std::string& level) {
  return level.empty() || category == level ||
         (category.size() > level.size() && category.compare(0, level.size(), level) == 0 &&
          category[level.size()] == '/');
}

}  // namespace

std::vector<std::string> CategoryPathLevels(const std::string& path) {
  std::vector<std::string> out;
  for (std::string level = path; !level.empty();) {
    out.push_back(level);
    const size_t slash = level.rfind('/');
    level = slash == std::string::npos ? "" : level.substr(0, slash);
  }
  out.emplace_back();
  return out;
}

std::vector<CategorySales> CategoryLevels(std::span<const ProductSales> products, DayNumber origin,
                                          const ForecastOptions& options) {
  // Whether each product is established is read once (a year of days each), not once per level it is under.
  std::vector<uint8_t> established(products.size());
  for (size_t i = 0; i < products.size(); ++i)
    established[i] = HasComparableHistory(*products[i].sales, origin, options);
  std::vector<CategorySales> levels;
  std::set<std::pair<std::string, std::string>> made;  // (site, path)
  for (const ProductSales& p : products) {
    for (const std::string& path : CategoryPathLevels(p.category)) {
      if (!made.emplace(p.site, path).second) continue;
      CategorySales level{p.site, path, {}, {}};
      for (size_t i = 0; i < products.size(); ++i) {
        const ProductSales& q = products[i];
        if (established[i] && q.site == p.site && Under(q.category, path)) level.members.push_back(q.sales);
      }
      level.sales = SumOfSales(level.members);
      levels.push_back(std::move(level));
    }
  }
  return levels;
}

std::vector<const CategorySales*> LevelsOf(const ProductSales& product, std::span<const CategorySales> levels) {
  std::vector<const CategorySales*> out;
  for (const std::string& path : CategoryPathLevels(product.category)) {
    for (const CategorySales& l : levels) {
      if (l.site == product.site && l.path == path) out.push_back(&l);
    }
  }
  return out;
}

}  // namespace relais
