// One day of one product's forecast at one site, as the nightly refresh stored it (orders/forecast_refresh.h):
// what staff read at once in the morning instead of waiting for the forecast to be computed
// (GET /v1/forecasts).
#ifndef RELAIS_EDGE_MODEL_FORECAST_DAY_H_
#define RELAIS_EDGE_MODEL_FORECAST_DAY_H_

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace relais::edge {

struct ForecastDay {
  std::string sku;
  std::string site;
  std::string day;             // "YYYY-MM-DD": the day forecast.
  int64_t forecast_milli = 0;  // Units expected to sell, in thousandths (an integer: no database rounds it).
  std::string method;          // The engine's ForecastMethodName: "own_history", "category_share"...
  std::string made_on;         // "YYYY-MM-DD", the site's day it was computed on: its origin.
  bool operator==(const ForecastDay&) const = default;
};

// The index of the first day that repeats an earlier one's (sku, day) -- a set a store refuses whole -- or -1.
inline int64_t RepeatedForecastDay(const std::vector<ForecastDay>& days) {
  std::set<std::pair<std::string, std::string>> seen;
  for (size_t i = 0; i < days.size(); ++i) {
    if (!seen.insert({days[i].sku, days[i].day}).second) return static_cast<int64_t>(i);
  }
  return -1;
}

}  // namespace relais::edge

#endif  // RELAIS_EDGE_MODEL_FORECAST_DAY_H_
