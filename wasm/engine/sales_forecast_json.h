// The sales forecast's JSON face, for the staff page's what-if (relais-forecast.mjs) and for tests: the
// history GET /v1/forecast?inputs=true answers, the options to try, back the forecast (sales_forecast.h).
// The server's figures and the page's come from this same engine: with the options the server used, the page
// draws the server's line; with others, what they would change.
//
//   request: { "from": "2026-12-07", "days": 28,
//              "history":  { "first_day": "2024-11-02", "sold": [3, 0, 5.5, ...], "in_stock": [1, 0, 1, ...] },
//              "category": { "path": "kitchen/mugs", "first_day": ..., "sold": [...], "in_stock": [...] },
//              "holidays": "fr" | "none",
//              "options":  { "trend_weeks": 8, "trend_min": 0.5, "trend_max": 2, "launch_share": 0.12 } }
//   answer:  { "from", "days", "daily": [...], "total", "method", "trend", "share", "launch_share",
//              "category_used", "last_year": [units or null], "compared_with": ["YYYY-MM-DD", ...] }
//            or { "error": "<field>: <what is wrong>" }
//
// "category" is the level a new product falls back on (summed over its established products, as the server
// read it); with it, "options.launch_share" is required: the median share the server derived needs every
// member's history, which the page does not hold. "in_stock" may be left out (every day in stock).
// "holidays" defaults to "fr" (FrenchRetailCalendarAround); "none" compares each day with 364 days before.
#ifndef RELAIS_ENGINE_SALES_FORECAST_JSON_H_
#define RELAIS_ENGINE_SALES_FORECAST_JSON_H_

#include <string>
#include <string_view>

namespace relais {

// The answer's JSON text. A history of more than kLongestHistoryDays days is refused.
std::string SalesForecastJson(std::string_view request);

constexpr int kLongestHistoryDays = 7 * 366;  // Seven years: more than any forecast reads.

}  // namespace relais

#endif  // RELAIS_ENGINE_SALES_FORECAST_JSON_H_
