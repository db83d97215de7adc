#include "wasm/engine/forecast_backtest.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace relais {

namespace {

constexpr int kMovingAverageDays = 28;

double MovingAverageLevel(const DailySales& sales, DayNumber origin) {
  const int days = sales.ObservedDays(origin - kMovingAverageDays, origin);
  return days == 0 ? 0.0 : sales.ObservedSum(origin - kMovingAverageDays, origin) / days;
}

DayNumber SameDateLastYear(DayNumber day) {
  const CivilDate date = CivilFromDays(day);
  const int year = date.year - 1;
  return DaysFromCivil(year, date.month, std::min(date.day, DaysInMonth(year, date.month)));
}

// The history's mean absolute change from a day to the same weekday before, over the year before `until`.
double WeeklyChange(const DailySales& sales, DayNumber until) {
  double sum = 0;
  int days = 0;
  for (DayNumber d = until - kComparableLag; d < until; ++d) {
    const auto now = sales.Observed(d), before = sales.Observed(d - 7);
    if (!now || !before) continue;
    sum += std::abs(*now - *before);
    ++days;
  }
  return days == 0 ? 0.0 : sum / days;
}

struct Sums {
  double absolute = 0, percent = 0;
  int days = 0;
};

Accuracy MeanOf(std::span<const BacktestRow> rows, int model, bool launched_only) {
  Accuracy mean;
  double mase = 0, smape = 0;
  int with_mase = 0, with_days = 0;
  for (const BacktestRow& row : rows) {
    if (launched_only && !row.launched) continue;
    const Accuracy& a = row.scores[static_cast<size_t>(model)];
    if (a.days == 0) continue;
    mean.days += a.days;
    smape += a.smape;
    ++with_days;
    if (std::isfinite(a.mase)) {
      mase += a.mase;
      ++with_mase;
    }
  }
  mean.smape = with_days == 0 ? std::numeric_limits<double>::quiet_NaN() : smape / with_days;
  mean.mase = with_mase == 0 ? std::numeric_limits<double>::quiet_NaN() : mase / with_mase;
  return mean;
}

}  // namespace

const char* ForecastModelName(ForecastModel model) {
  switch (model) {
    case ForecastModel::kComparablePeriod:
      return "comparable_period";
    case ForecastModel::kSeasonalNaive:
      return "seasonal_naive";
    case ForecastModel::kMovingAverage:
      return "moving_average_4w";
    case ForecastModel::kLastYear:
      break;
  }
  return "last_year";
}

double SymmetricPercentError(double forecast, double actual) {
  const double scale = std::abs(forecast) + std::abs(actual);
  return scale == 0 ? 0.0 : 200.0 * std::abs(forecast - actual) / scale;
}

std::vector<float> BaselineForecast(ForecastModel model, const DailySales& sales, DayNumber origin, int days) {
  const double level = MovingAverageLevel(sales, origin);
  std::vector<float> out;
  out.reserve(static_cast<size_t>(std::max(0, days)));
  for (DayNumber d = origin; d < origin + days; ++d) {
    std::optional<float> read;
    if (model == ForecastModel::kSeasonalNaive && d - kComparableLag < origin)
      read = sales.Observed(d - kComparableLag);
    if (model == ForecastModel::kLastYear && SameDateLastYear(d) < origin) read = sales.Observed(SameDateLastYear(d));
    out.push_back(read ? *read : static_cast<float>(level));
  }
  return out;
}

BacktestReport Backtest(std::span<const ProductSales> products, const SalesCalendar& calendar, DayNumber end,
                        const BacktestOptions& options) {
  BacktestReport report;
  const int horizon = std::clamp(options.horizon, 1, kLongestForecastDays);
  const DayNumber last_origin = end - horizon;
  const DayNumber first_origin = last_origin - 7 * (std::max(1, options.weeks) - 1);
  report.window = {first_origin, end};
  std::vector<std::array<Sums, kForecastModels>> sums(products.size());
  report.rows.resize(products.size());
  for (DayNumber origin = first_origin; origin <= last_origin; origin += 7) {
    const std::vector<CategorySales> levels = CategoryLevels(products, origin, options.forecast);
    for (size_t p = 0; p < products.size(); ++p) {
      const DailySales& sales = *products[p].sales;
      if (origin <= sales.first_day) continue;  // Not on sale yet: a forecast would be the launch guess.
      const SalesForecast main =
          ForecastSales(sales, LevelsOf(products[p], levels), calendar, origin, horizon, options.forecast);
      report.rows[p].method = main.method;
      const std::array<std::vector<float>, kForecastModels> forecasts = {
          main.daily, BaselineForecast(ForecastModel::kSeasonalNaive, sales, origin, horizon),
          BaselineForecast(ForecastModel::kMovingAverage, sales, origin, horizon),
          BaselineForecast(ForecastModel::kLastYear, sales, origin, horizon)};
      for (int i = 0; i < horizon; ++i) {
        const auto actual = sales.Observed(origin + i);
        if (!actual) continue;
        for (size_t m = 0; m < kForecastModels; ++m) {
          const double f = forecasts[m][static_cast<size_t>(i)];
          sums[p][m].absolute += std::abs(f - *actual);
          sums[p][m].percent += SymmetricPercentError(f, *actual);
          ++sums[p][m].days;
        }
      }
    }
  }
  for (size_t p = 0; p < products.size(); ++p) {
    BacktestRow& row = report.rows[p];
    row.name = products[p].sku + "@" + products[p].site;
    row.launched = !HasComparableHistory(*products[p].sales, first_origin, options.forecast);
    // The scale reads the year before the last origin: a product launched in the window has its weeks there.
    const double scale = WeeklyChange(*products[p].sales, last_origin);
    for (size_t m = 0; m < kForecastModels; ++m) {
      const Sums& sum = sums[p][m];
      Accuracy& a = row.scores[m];
      a.days = sum.days;
      if (sum.days == 0) continue;
      a.smape = sum.percent / sum.days;
      a.mase = scale > 0 ? sum.absolute / sum.days / scale : std::numeric_limits<double>::quiet_NaN();
    }
    report.launched_series += row.launched;
  }
  for (int m = 0; m < kForecastModels; ++m) {
    report.overall[static_cast<size_t>(m)] = MeanOf(report.rows, m, false);
    report.launched[static_cast<size_t>(m)] = MeanOf(report.rows, m, true);
  }
  return report;
}

}  // namespace relais
