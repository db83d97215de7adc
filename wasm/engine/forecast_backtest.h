// Whether the forecast is worth using: a rolling-origin backtest against the baselines a planner would
// otherwise use, scored by MASE and sMAPE.
//
// Each origin is a week further back from the end of the history; from each, every method forecasts the
// horizon using only the days before it, and is scored on the days after it that were in stock (a stock-out
// day's sales are not its demand). A product is scored from the origins after its first day on sale: before,
// any forecast is the merchant's launch assumption, not the method's. The baselines:
//   - seasonal naive: what the same weekday sold 52 weeks before (364 days);
//   - moving average: the mean of the four weeks before the origin, flat;
//   - last year: what the same calendar date sold a year before (29 February reads the 28th).
// MASE divides a series' mean absolute error by the mean absolute change from one week to the next in its
// history (Hyndman & Koehler, 2006, with the weekly season), read over the year before the last origin so
// that a product launched in the window has a scale; every model of a series shares it, so they compare
// fairly. Below 1 is better than repeating last week. sMAPE is 200·|F−A|/(|F|+|A|), a day with both at 0 counting 0.
#ifndef RELAIS_ENGINE_FORECAST_BACKTEST_H_
#define RELAIS_ENGINE_FORECAST_BACKTEST_H_

#include <array>
#include <span>
#include <string>
#include <vector>

#include "wasm/engine/sales_forecast.h"

namespace relais {

enum class ForecastModel { kComparablePeriod, kSeasonalNaive, kMovingAverage, kLastYear };
constexpr int kForecastModels = 4;
const char* ForecastModelName(ForecastModel model);  // "comparable_period", "seasonal_naive"...

// The baselines' forecasts, for `days` from `origin`, reading only days before it. A day with nothing to read
// (out of stock, before the history) forecasts the moving average's level.
std::vector<float> BaselineForecast(ForecastModel model, const DailySales& sales, DayNumber origin, int days);

struct Accuracy {
  double mase = 0;  // NaN when the series' history has no weekly change to scale by.
  double smape = 0;
  int days = 0;  // Days scored.
};

struct BacktestRow {
  std::string name;                                    // "MUG@wh-1"
  ForecastMethod method = ForecastMethod::kNoHistory;  // What the comparable-period model used at the last origin.
  bool launched = false;                               // First sale inside the backtest window.
  std::array<Accuracy, kForecastModels> scores;        // By ForecastModel.
};

struct BacktestReport {
  std::vector<BacktestRow> rows;
  std::array<Accuracy, kForecastModels> overall;   // Means over the series with a MASE.
  std::array<Accuracy, kForecastModels> launched;  // The same over the series launched in the window.
  int launched_series = 0;
  std::array<DayNumber, 2> window = {0, 0};  // The first origin and one past the last day scored.
};

struct BacktestOptions {
  int weeks = 12;    // Origins: one a week, the last one `horizon` days before the end.
  int horizon = 28;  // Days forecast from each origin.
  ForecastOptions forecast;
};

// The backtest of every product at its site, whose histories end on `end` (exclusive; days after are not
// read). The category levels are built at each origin from the products established then.
BacktestReport Backtest(std::span<const ProductSales> products, const SalesCalendar& calendar, DayNumber end,
                        const BacktestOptions& options);

// sMAPE of one day: 200·|F−A|/(|F|+|A|), 0 when both are 0.
double SymmetricPercentError(double forecast, double actual);

}  // namespace relais

#endif  // RELAIS_ENGINE_FORECAST_BACKTEST_H_
