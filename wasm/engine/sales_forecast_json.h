// The sales forecast's JSON face, for the staff page's what-if (relais-forecast.mjs) and for tests: the
// history GET /v1/forecast?inputs=true answers, the options to try, back the forecast (sales_forecast.h).
// The server's figures and the page's come from this same engine: with the options the server used, the page
// draws the server's line; with others, what they would change.
//
//   request: { "from": "2026-12-07", "days": 28,
//              "history":  { "first_day": "2024-11-02", "sold": [3, 0, 5.5, ...], "in_stock": [1, 0, 1, ...] },
//              "category": { "path": "kitchen/mugs", "first_day": ..., "sold": [...], "in_stock": [...] },
//              "holidays": "fr" | "none", "own_holidays": [ {name, dates, days_before, days_after} ],
//              "options":  { "trend_weeks": 8, "trend_min": 0.5, "trend_max": 2, "launch_share": 0.12 } }
//   answer:  { "from", "days", "daily": [...], "total", "method", "trend", "share", "launch_share",
//              "category_used", "last_year": [units or null], "compared_with": ["YYYY-MM-DD", ...] }
//            or { "error": "<field>: <what is wrong>" }
//
// "category" is the level a new product falls back on (summed over its established products, as the server
// read it); with it, "options.launch_share" is required: the median share the server derived needs every
// member's history, which the page does not hold. "in_stock" may be left out (every day in stock).
// "holidays" defaults to "fr" (FrenchRetailCalendarAround); "none" compares each day with 364 days before
// unless "own_holidays" (ReadHolidaysJson) name the brand's own.
#ifndef RELAIS_ENGINE_SALES_FORECAST_JSON_H_
#define RELAIS_ENGINE_SALES_FORECAST_JSON_H_

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "wasm/engine/sales_calendar.h"

namespace relais {

// The answer's JSON text. A history of more than kLongestHistoryDays days is refused.
std::string SalesForecastJson(std::string_view request);

// A brand's own holidays, as its settings and the request's "own_holidays" write them:
//   [ { "name": "soldes-hiver", "dates": ["2025-01-08", "2026-01-07"], "days_before": 0, "days_after": 27 } ]
// each date the holiday's day in one year (its reach: days_before before it to days_after after).
struct HolidaysRead {
  std::vector<Holiday> holidays;
  std::string field;  // When refused: the field at fault, under the `at` given ("own_holidays[1].dates[0]")...
  std::string error;  // ...and why; "" when read.
};
HolidaysRead ReadHolidaysJson(const nlohmann::json& list, const std::string& at);
nlohmann::json HolidaysJson(std::span<const Holiday> holidays);  // ReadHolidaysJson reads it back.

constexpr size_t kMostOwnHolidays = 20;
constexpr size_t kMostHolidayDates = 20;

constexpr int kLongestHistoryDays = 7 * 366;  // Seven years: more than any forecast reads.

}  // namespace relais

#endif  // RELAIS_ENGINE_SALES_FORECAST_JSON_H_
