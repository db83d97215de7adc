// Sales forecasts over HTTP (orders/sales_forecasts.h): a merchant imports years of past sales as CSV, and
// merchants and staff read the forecast of a product, a category or a whole site, with what a chart shows
// beside it (the recent history, what the comparable days sold last year, the method used), or the figures the
// nightly refresh stored (orders/forecast_refresh.h), at once.
#include <cmath>

#include "edge/api_error.h"
#include "edge/http/http_answer.h"
#include "edge/http/http_api.h"
#include "edge/http/order_errors.h"
#include "edge/http/roles.h"
#include "edge/utc_now.h"
#include "wasm/engine/sales_forecast_json.h"

namespace relais::edge {

using nlohmann::json;

namespace {

constexpr int kChartHistoryDays = 56;  // The history a forecast shows: eight weeks before its first day.

// The method in a sentence, as the staff page writes it under the chart.
std::string MethodText(const SalesForecast& f, const DailySales& history) {
  if (f.method == ForecastMethod::kNoHistory && history.sold.empty()) {
    return "no sales recorded at this site yet: nothing to forecast from";
  }
  switch (f.method) {
    case ForecastMethod::kOwnHistory:
      return "own history: last year's comparable days, times the recent trend";
    case ForecastMethod::kCategoryShare:
      return "category fallback: \"" + f.category + "\" forecast, times this product's share of its sales";
    case ForecastMethod::kCategoryLaunch:
      return "category fallback: \"" + f.category + "\" forecast, times the launch assumption (too few own sales)";
    case ForecastMethod::kNoHistory:
      break;
  }
  return "no history to compare with: the mean of the last four weeks";
}

// `one_product`: the forecast of a sku, whose method, trend and share are said (a category's are its products').
json ForecastJson(const ForecastAnswer& a, DayNumber from, bool one_product) {
  json daily = json::array();
  for (size_t i = 0; i < a.forecast.daily.size(); ++i) {
    json day = {{"date", FormatIsoDate(from + static_cast<DayNumber>(i))},
                {"forecast", std::round(static_cast<double>(a.forecast.daily[i]) * 100) / 100}};
    day["last_year"] = std::isnan(a.last_year[i]) ? json() : json(a.last_year[i]);
    day["compared_with"] = FormatIsoDate(a.compared_with[i]);
    daily.push_back(std::move(day));
  }
  json history = json::array();
  for (DayNumber d = std::max(from - kChartHistoryDays, a.history.first_day); d < from && a.history.Covers(d); ++d) {
    const size_t i = static_cast<size_t>(d - a.history.first_day);
    history.push_back(
        {{"date", FormatIsoDate(d)}, {"sold", a.history.sold[i]}, {"in_stock", a.history.in_stock[i] != 0}});
  }
  json answer = {{"from", FormatIsoDate(from)},
                 {"days", a.forecast.daily.size()},
                 {"total", std::round(a.forecast.Total() * 10) / 10},
                 {"daily", daily},
                 {"history", history},
                 {"products", a.products},
                 {"methods", a.methods}};
  if (one_product) {
    answer["method"] = ForecastMethodName(a.forecast.method);
    answer["method_text"] = MethodText(a.forecast, a.history);
    answer["trend"] = std::round(a.forecast.trend * 1000) / 1000;
    answer["share"] = std::round(a.forecast.share * 10000) / 10000;
    answer["category_used"] = a.forecast.category;
  }
  return answer;
}

// A history as the engine's JSON face reads it (wasm/engine/sales_forecast_json.h): its last
// kLongestHistoryDays days, more than a forecast reads.
json HistoryInput(const DailySales& sales) {
  const size_t skip = sales.sold.size() > static_cast<size_t>(kLongestHistoryDays)
                          ? sales.sold.size() - static_cast<size_t>(kLongestHistoryDays)
                          : 0;
  json sold = json::array(), in_stock = json::array();
  for (size_t i = skip; i < sales.sold.size(); ++i) {
    sold.push_back(sales.sold[i]);
    in_stock.push_back(sales.in_stock[i]);
  }
  return {{"first_day", FormatIsoDate(sales.first_day + static_cast<DayNumber>(skip))},
          {"sold", sold},
          {"in_stock", in_stock}};
}

// What the staff page's what-if hands the engine in the browser to draw this same forecast, before changing
// an option: the product's history, the category level it fell back on, the calendar and the options used.
json ForecastInputs(const ForecastAnswer& a, const ForecastSettings& settings) {
  json inputs = {{"history", HistoryInput(a.history)},
                 {"category", json()},
                 {"holidays", settings.french_holidays ? "fr" : "none"},
                 {"own_holidays", HolidaysJson(settings.holidays)},
                 {"options",
                  {{"trend_weeks", a.options.trend_weeks},
                   {"trend_min", a.options.trend_min},
                   {"trend_max", a.options.trend_max}}}};
  if (!a.category_sales.sold.empty()) {
    inputs["category"] = HistoryInput(a.category_sales);
    inputs["category"]["path"] = a.forecast.category;
    // The share the server started from (the median product's when the brand gives none): the page holds
    // only the level's sum, not every member's history.
    inputs["options"]["launch_share"] = a.forecast.launch_share;
  }
  return inputs;
}

// A site's stored forecasts (ordered by sku, then day) as GET /v1/forecasts answers them: one entry per product.
json StoredForecastsJson(const std::vector<ForecastDay>& days) {
  json products = json::array();
  int64_t total_milli = 0;
  for (size_t i = 0; i < days.size(); ++i) {
    if (i == 0 || days[i].sku != days[i - 1].sku) {
      products.push_back({{"sku", days[i].sku}, {"method", days[i].method}, {"daily", json::array()}});
      total_milli = 0;
    }
    total_milli += days[i].forecast_milli;
    json& product = products.back();
    product["daily"].push_back(
        {{"date", days[i].day}, {"forecast", static_cast<double>(days[i].forecast_milli) / 1000}});
    product["total"] = static_cast<double>(total_milli) / 1000;
  }
  return products;
}

}  // namespace

void HttpApi::RegisterForecastRoutes() {
  Route("POST", kSalesHistoryPath.data(), kSalesHistoryPath.data(), kMerchantRole, [this](Call& c) {
    if (!c.req.get_header_value("Content-Type").starts_with("text/csv")) {
      throw ApiError(415, "unsupported_media_type", "send the history as text/csv: date,sku,site,quantity...",
                     "header.Content-Type");
    }
    const SalesImport done = ValueOrThrow(forecasts_.ImportHistory(c.brand->id, c.req.body, UnixSecondsNow()));
    json refused = json::array();
    for (const SalesRowError& r : done.refused) {
      if (refused.size() == SalesForecasts::kRefusalsShown) break;
      refused.push_back({{"line", r.line}, {"message", r.message}});
    }
    SendJson(c.res, 200, {{"imported", done.imported}, {"refused", refused}, {"refused_count", done.refused.size()}});
  });
  Route("GET", "/v1/forecast", "/v1/forecast", kMerchantRole | kStaffRole, [this](Call& c) {
    const std::string sku = c.req.get_param_value("sku"), site = c.req.get_param_value("site");
    if (site.empty()) throw BadField("site", "site is required: the forecast is of a site's sales");
    RequireSite(c, site, "site");
    const int days = static_cast<int>(QueryInt(c.req, "days", 28, 1, kLongestForecastDays));
    const DayNumber today = forecasts_.TodayAt(c.brand->id, site, UnixSecondsNow());
    DayNumber from = today;
    if (c.req.has_param("from")) {
      const std::optional<DayNumber> day = ParseIsoDate(c.req.get_param_value("from"));
      if (!day) throw BadField("from", "from is YYYY-MM-DD: the first day forecast (today by default)");
      // The days before `from` are its history: days still to come would read as selling nothing. Tomorrow
      // is the latest (today's sales so far then count).
      if (*day > today + 1) {
        throw BadField("from", "from is tomorrow (" + FormatIsoDate(today + 1) +
                                   " at this site) at the latest: ask for more days to see further");
      }
      from = *day;
    }
    if (c.req.has_param("inputs") && c.req.get_param_value("inputs") != "true" &&
        c.req.get_param_value("inputs") != "false") {
      throw BadField("inputs", "inputs is true or false");
    }
    if (sku.empty() && c.req.get_param_value("inputs") == "true") {
      throw BadField("inputs", "inputs are given for a product's forecast (sku): the what-if redraws one product");
    }
    if (!sku.empty() && c.req.has_param("category")) {
      throw BadField("category", "ask for a sku or a category, not both");
    }
    const ForecastSettings settings = CurrentSettings(c.brand->id).forecast;
    json answer;
    if (!sku.empty()) {
      const ForecastAnswer one = ValueOrThrow(forecasts_.ForProduct(c.brand->id, settings, sku, site, from, days));
      answer = ForecastJson(one, from, true);
      answer["sku"] = sku;
      if (c.req.get_param_value("inputs") == "true") answer["inputs"] = ForecastInputs(one, settings);
    } else {
      const std::string category = c.req.get_param_value("category");
      answer = ForecastJson(ValueOrThrow(forecasts_.ForCategory(c.brand->id, settings, category, site, from, days)),
                            from, false);
      answer["category"] = category;
    }
    answer["site"] = site;
    SendJson(c.res, 200, answer);
  });
  // A route of its own rather than a parameter of /v1/forecast: the stored answer has another shape (a site's
  // products, each with its days, no history) and the day it was made.
  Route("GET", "/v1/forecasts", "/v1/forecasts", kMerchantRole | kStaffRole, [this](Call& c) {
    const std::string sku = c.req.get_param_value("sku"), site = c.req.get_param_value("site");
    if (site.empty()) throw BadField("site", "site is required: the forecasts stored are a site's");
    RequireSite(c, site, "site");
    if (!store_->GetSite(c.brand->id, site)) throw ApiError(404, "not_found", "site " + site + " not found", "site");
    if (!sku.empty() && !store_->GetProduct(c.brand->id, sku)) {
      throw ApiError(404, "not_found", "sku " + sku + " is not a product of the brand", "sku");
    }
    // made_on says which night's set this is: null when none is stored yet (the refresh has not run since the
    // site was made), and then no product. Read from the rows when there are some: a refresh between two reads
    // would otherwise date them wrong.
    const std::vector<ForecastDay> days = store_->StoredForecastsOf(c.brand->id, site, sku);
    const std::optional<std::string> made_on =
        days.empty() ? store_->StoredForecastsMadeOn(c.brand->id, site) : days[0].made_on;
    json answer = {{"site", site}, {"made_on", made_on ? json(*made_on) : json()}};
    answer["products"] = StoredForecastsJson(days);
    if (!sku.empty()) answer["sku"] = sku;
    SendJson(c.res, 200, answer);
  });
}

}  // namespace relais::edge
