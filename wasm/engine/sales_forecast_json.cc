#include "wasm/engine/sales_forecast_json.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <tuple>

#include "wasm/engine/sales_forecast.h"

namespace relais {
namespace {

using json = nlohmann::json;

std::string Error(const std::string& message) { return json{{"error", message}}.dump(); }

std::optional<DayNumber> ReadDate(const json& in, const char* key) {
  if (!in.contains(key) || !in[key].is_string()) return std::nullopt;
  return ParseIsoDate(in[key].get<std::string>());
}

// A history object {first_day, sold, in_stock?} into `out`; "" or why not, named under `at`.
std::string ReadHistory(const json& in, const std::string& at, DailySales* out) {
  if (!in.is_object()) return at + ": {first_day, sold, in_stock}";
  const std::optional<DayNumber> first = ReadDate(in, "first_day");
  if (!first) return at + ".first_day: YYYY-MM-DD";
  if (!in.contains("sold") || !in["sold"].is_array()) return at + ".sold: an array of units per day";
  const json& sold = in["sold"];
  if (sold.size() > static_cast<size_t>(kLongestHistoryDays)) {
    return at + ".sold: at most " + std::to_string(kLongestHistoryDays) + " days";
  }
  const bool has_stock = in.contains("in_stock") && !in["in_stock"].is_null();
  if (has_stock && (!in["in_stock"].is_array() || in["in_stock"].size() != sold.size())) {
    return at + ".in_stock: an array as long as sold, 1 in stock and 0 out";
  }
  out->first_day = *first;
  out->sold.reserve(sold.size());
  out->in_stock.reserve(sold.size());
  for (size_t i = 0; i < sold.size(); ++i) {
    if (!sold[i].is_number() || !std::isfinite(sold[i].get<double>())) {
      return at + ".sold[" + std::to_string(i) + "]: a number";
    }
    out->sold.push_back(sold[i].get<float>());
    bool stocked = true;
    if (has_stock) {
      const json& s = in["in_stock"][i];
      if (!s.is_boolean() && !s.is_number_integer()) return at + ".in_stock[" + std::to_string(i) + "]: 1 or 0";
      stocked = s.is_boolean() ? s.get<bool>() : s.get<int64_t>() != 0;
    }
    out->in_stock.push_back(stocked ? 1 : 0);
  }
  return "";
}

// options.<key> into `*value` when given: a number in [low, high]; "" or why not.
std::string ReadOption(const json& options, const char* key, double low, double high, double* value) {
  if (!options.contains(key) || options[key].is_null()) return "";
  const json& v = options[key];
  if (!v.is_number() || v.get<double>() < low || v.get<double>() > high) {
    return std::string("options.") + key + ": a number from " + json(low).dump() + " to " + json(high).dump();
  }
  *value = v.get<double>();
  return "";
}

double Rounded(double v, double unit) { return std::round(v / unit) * unit; }

HolidaysRead Refused(std::string field, std::string error) { return {{}, std::move(field), std::move(error)}; }

}  // namespace

HolidaysRead ReadHolidaysJson(const json& list, const std::string& at) {
  if (!list.is_array() || list.size() > kMostOwnHolidays) {
    return Refused(at, "an array of at most " + std::to_string(kMostOwnHolidays) + " holidays");
  }
  HolidaysRead read;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string here = at + "[" + std::to_string(i) + "]";
    const json& h = list[i];
    if (!h.is_object()) return Refused(here, "{name, dates, days_before, days_after}");
    for (const auto& [key, value] : h.items()) {
      if (key != "name" && key != "dates" && key != "days_before" && key != "days_after") {
        return Refused(here + "." + key, "unknown field");
      }
    }
    Holiday holiday;
    if (!h.contains("name") || !h["name"].is_string() || h["name"].get<std::string>().empty() ||
        h["name"].get<std::string>().size() > 64) {
      return Refused(here + ".name", "the holiday's name, 1 to 64 characters");
    }
    holiday.name = h["name"].get<std::string>();
    if (!h.contains("dates") || !h["dates"].is_array() || h["dates"].empty() || h["dates"].size() > kMostHolidayDates) {
      return Refused(here + ".dates", "its day in each year, 1 to " + std::to_string(kMostHolidayDates) + " dates");
    }
    for (size_t d = 0; d < h["dates"].size(); ++d) {
      const json& date = h["dates"][d];
      const std::optional<DayNumber> day = date.is_string() ? ParseIsoDate(date.get<std::string>()) : std::nullopt;
      if (!day) return Refused(here + ".dates[" + std::to_string(d) + "]", "a date, YYYY-MM-DD");
      holiday.dates.push_back(*day);
    }
    for (const auto& [key, most, value] :
         {std::tuple{"days_before", 30, &holiday.days_before}, std::tuple{"days_after", 60, &holiday.days_after}}) {
      if (!h.contains(key)) continue;
      if (!h[key].is_number_integer() || h[key].get<int64_t>() < 0 || h[key].get<int64_t>() > most) {
        return Refused(here + "." + key, "a whole number of days from 0 to " + std::to_string(most));
      }
      *value = static_cast<int>(h[key].get<int64_t>());
    }
    read.holidays.push_back(std::move(holiday));
  }
  return read;
}

json HolidaysJson(std::span<const Holiday> holidays) {
  json list = json::array();
  for (const Holiday& h : holidays) {
    json dates = json::array();
    for (DayNumber d : h.dates) dates.push_back(FormatIsoDate(d));
    list.push_back({{"name", h.name}, {"dates", dates}, {"days_before", h.days_before}, {"days_after", h.days_after}});
  }
  return list;
}

std::string SalesForecastJson(std::string_view request) {
  const json in = json::parse(request, nullptr, false);
  if (in.is_discarded() || !in.is_object()) return Error("the request is a JSON object");
  const std::optional<DayNumber> from = ReadDate(in, "from");
  if (!from) return Error("from: YYYY-MM-DD, the first day forecast");
  if (!in.contains("days") || !in["days"].is_number_integer() || in["days"].get<int64_t>() < 1 ||
      in["days"].get<int64_t>() > kLongestForecastDays) {
    return Error("days: a whole number from 1 to " + std::to_string(kLongestForecastDays));
  }
  const int days = static_cast<int>(in["days"].get<int64_t>());
  if (!in.contains("history")) return Error("history: {first_day, sold, in_stock}");
  DailySales history;
  if (std::string why = ReadHistory(in["history"], "history", &history); !why.empty()) return Error(why);

  ForecastOptions options;
  const json none = json::object();
  const json& o = in.contains("options") && in["options"].is_object() ? in["options"] : none;
  if (in.contains("options") && !in["options"].is_object() && !in["options"].is_null()) {
    return Error("options: an object");
  }
  double weeks = options.trend_weeks;
  for (std::string why :
       {ReadOption(o, "trend_weeks", 1, 26, &weeks), ReadOption(o, "trend_min", 0.05, 20, &options.trend_min),
        ReadOption(o, "trend_max", 0.05, 20, &options.trend_max),
        ReadOption(o, "launch_share", 0.0001, 20, &options.launch_share)}) {
    if (!why.empty()) return Error(why);
  }
  if (weeks != std::floor(weeks)) return Error("options.trend_weeks: a whole number of weeks");
  options.trend_weeks = static_cast<int>(weeks);
  if (options.trend_min > options.trend_max) return Error("options.trend_min: at most options.trend_max");

  const std::string holidays = in.contains("holidays") && in["holidays"].is_string() ? in["holidays"].get<std::string>()
                               : in.contains("holidays") && !in["holidays"].is_null() ? "?"
                                                                                      : "fr";
  if (holidays != "fr" && holidays != "none") {
    return Error("holidays: \"fr\" (the French retail calendar) or \"none\"");
  }
  HolidaysRead own;
  if (in.contains("own_holidays") && !in["own_holidays"].is_null()) {
    own = ReadHolidaysJson(in["own_holidays"], "own_holidays");
    if (!own.error.empty()) return Error(own.field + ": " + own.error);
  }
  const SalesCalendar calendar = RetailCalendarAround(*from, holidays == "fr", own.holidays);

  CategorySales level;
  std::vector<const CategorySales*> levels;
  if (in.contains("category") && !in["category"].is_null()) {
    const json& c = in["category"];
    if (std::string why = ReadHistory(c, "category", &level.sales); !why.empty()) return Error(why);
    level.path = c.contains("path") && c["path"].is_string() ? c["path"].get<std::string>() : "";
    if (options.launch_share <= 0) {
      return Error("options.launch_share: required with a category (the share a new product starts from)");
    }
    levels.push_back(&level);
  }

  const SalesForecast f = ForecastSales(history, levels, calendar, *from, days, options);
  json daily = json::array(), last_year = json::array(), compared = json::array();
  for (int i = 0; i < days; ++i) {
    daily.push_back(Rounded(f.daily[static_cast<size_t>(i)], 0.01));
    const DayNumber c = calendar.ComparableDay(*from + i);
    const std::optional<float> sold = history.Observed(c);
    last_year.push_back(sold ? json(*sold) : json());
    compared.push_back(FormatIsoDate(c));
  }
  return json{{"from", FormatIsoDate(*from)},
              {"days", days},
              {"daily", daily},
              {"total", Rounded(f.Total(), 0.1)},
              {"method", ForecastMethodName(f.method)},
              {"trend", Rounded(f.trend, 0.001)},
              {"share", Rounded(f.share, 0.0001)},
              {"launch_share", Rounded(f.launch_share, 0.0001)},
              {"category_used", f.category},
              {"last_year", last_year},
              {"compared_with", compared}}
      .dump();
}

}  // namespace relais
