// Years of daily sales whose true demand is known: what the forecast's tests and benchmark score against.
//
// Each product's demand at a site is its base level times the week's shape (Saturdays sell more), the
// year's (its category peaks in December, or in May), its own trend, the holidays of the calendar that move
// (Easter, Mother's Day, Black Friday) and Christmas, promotions at dates nobody could know a year ahead,
// and, for products launched late, a ramp-up. What was sold is a Poisson draw of the demand, except during
// stock-out spells: the site sold nothing and says so. Deterministic for a seed; no clock.
#ifndef RELAIS_ENGINE_SALES_GENERATOR_H_
#define RELAIS_ENGINE_SALES_GENERATOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "wasm/engine/daily_sales.h"
#include "wasm/engine/sales_calendar.h"

namespace relais {

struct SalesGeneratorOptions {
  uint64_t seed = 1;
  DayNumber first_day = DaysFromCivil(2023, 1, 2);
  int days = 3 * 365 + 60;  // A little over three years.
  int sites = 2;
  int categories = 4;             // Up to 6, each with its own week and year.
  int products_per_category = 4;  // Selling from the first day.
  int launches_per_category = 1;  // Launched in the last `launch_window_days`.
  int launch_window_days = 120;
  double stockout_spells_per_year = 4;
  double promotions_per_year = 3;
};

struct GeneratedSeries {
  std::string sku;
  std::string site;
  std::string category;       // A path: "kitchen/mugs".
  DailySales sales;           // What the site sold, stock-out days marked.
  std::vector<float> demand;  // The true expected demand, from sales.first_day, stock-outs or not.
};

struct GeneratedSales {
  std::vector<GeneratedSeries> series;
  std::vector<Holiday> holidays;  // The calendar the demand followed.
  DayNumber end_day = 0;          // One past the last day.
};

GeneratedSales GenerateSales(const SalesGeneratorOptions& options);

}  // namespace relais

#endif  // RELAIS_ENGINE_SALES_GENERATOR_H_
