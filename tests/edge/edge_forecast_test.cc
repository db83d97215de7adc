#define BOOST_TEST_MODULE edge_forecast
// Sales forecasts through relais-edge's HTTP API (issue 29): a merchant's years of past sales imported as CSV
// (larger than any JSON body), each bad row refused by its line and the rest written in one transaction, or
// nothing when no row is good; the forecast of a product, of a product too young for its own history and of a
// category, as the engine computes it on the same history; the ledger's sales counted too; and what the route
// refuses: an unknown sku or site, a horizon over a year, another site's staff. And the nightly refresh: each
// site's forecasts stored once a day, equal to the on-demand figures of that day, not made again by a restart.
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
#include <thread>

#include "tests/edge/edge_process.h"
#include "wasm/engine/sales_forecast.h"
#include "wasm/engine/sales_forecast_json.h"
#include "wasm/engine/sales_generator.h"
#include "wasm/engine/sales_history_csv.h"

using namespace relais;
using namespace relais::testing;
using nlohmann::json;

namespace {

json Warehouse() {
  return {{"kind", "warehouse"},
          {"name", "Entrepôt"},
          {"location", {{"country", "FR"}, {"lat", 48.93}, {"lon", 2.36}, {"tz", "Europe/Paris"}}}};
}

// Two categories of three products and a launch each, at two sites, over three years ending the day before
// `end_day` (0: the generator's default).
GeneratedSales SmallShop(DayNumber end_day = 0) {
  SalesGeneratorOptions options;
  options.seed = 3;
  options.categories = 2;
  options.products_per_category = 3;
  options.launches_per_category = 1;
  if (end_day != 0) options.first_day = end_day - options.days;
  return GenerateSales(options);
}

// Puts the sites and products of `generated` through the API; returns its history as CSV.
std::string PutShop(httplib::Client& http, const GeneratedSales& generated) {
  CallJson(http, "PUT", "/v1/sites/site-1", Warehouse());
  CallJson(http, "PUT", "/v1/sites/site-2", Warehouse());
  std::string csv = SalesHistoryCsvHeader() + "\n";
  for (const GeneratedSeries& g : generated.series) {
    CallJson(http, "PUT", "/v1/products/" + g.sku,
             {{"name", g.sku},
              {"category", g.category},
              {"temperature", "ambient"},
              {"weight_g", 300},
              {"price_cents", 900}});
    for (DayNumber d = g.sales.first_day; d < g.sales.end_day(); ++d) {
      const size_t i = static_cast<size_t>(d - g.sales.first_day);
      csv += SalesHistoryCsvLine({d, g.sku, g.site, g.sales.sold[i], g.sales.in_stock[i] != 0, g.category, 0}) + "\n";
    }
  }
  return csv;
}

struct Fixture {
  EdgeFolder folder;
  EdgeProcess edge{folder};
  std::unique_ptr<httplib::Client> http = edge.Client();
  GeneratedSales generated = SmallShop();
  std::string csv = PutShop(*http, generated);
  std::string staff = CallJson(*http, "POST", "/v1/staff-tokens", {{"site", "site-1"}, {"name", "Ana"}})["token"];

  httplib::Result PostHistory(const std::string& body, const char* type = "text/csv") {
    return http->Post("/v1/sales/history", Merchant(), body, type);
  }
  json Forecast(const std::string& query, int expected = 200, const std::string& token = kMerchantKey) {
    return CallJson(*http, "GET", "/v1/forecast?" + query, nullptr, expected, token);
  }
  const GeneratedSeries& Series(const std::string& sku, const std::string& site) const {
    for (const GeneratedSeries& g : generated.series) {
      if (g.sku == sku && g.site == site) return g;
    }
    BOOST_FAIL("no series " << sku << "@" << site);
    return generated.series[0];
  }
};

// What the engine forecasts on the generated history, as the server should.
SalesForecast EngineForecast(const GeneratedSales& g, const std::string& sku, const std::string& site, int days) {
  std::vector<ProductSales> products;
  for (const GeneratedSeries& s : g.series) products.push_back({s.sku, s.site, s.category, &s.sales});
  const ForecastOptions options;
  const std::vector<CategorySales> levels = CategoryLevels(products, g.end_day, options);
  for (const ProductSales& p : products) {
    if (p.sku != sku || p.site != site) continue;
    return ForecastSales(*p.sales, LevelsOf(p, levels), FrenchRetailCalendarAround(g.end_day), g.end_day, days,
                         options);
  }
  BOOST_FAIL("no product " << sku);
  return {};
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(years_of_sales_are_imported_and_forecast_as_the_engine_does, Fixture) {
  BOOST_TEST(csv.size() > 64u * 1024);  // Past the API's JSON body limit: imports have their own.
  const httplib::Result r = PostHistory(csv);
  BOOST_REQUIRE(r);
  BOOST_TEST_REQUIRE(r->status == 200, r->body.substr(0, 300));
  const json done = Body(r);
  size_t rows = 0;
  for (const GeneratedSeries& g : generated.series) rows += g.sales.sold.size();
  BOOST_TEST(done["imported"] == rows);
  BOOST_TEST(done["refused_count"] == 0);

  const std::string from = FormatIsoDate(generated.end_day);
  for (const auto& [sku, site, method] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"MUG1", "site-1", "own_history"}, {"PLA2", "site-2", "own_history"}, {"MUG4", "site-1", ""}}) {
    const json f = Forecast("sku=" + sku + "&site=" + site + "&days=21&from=" + from);
    const SalesForecast engine = EngineForecast(generated, sku, site, 21);
    if (!method.empty()) BOOST_TEST(f["method"] == method);
    BOOST_TEST(f["method"] == ForecastMethodName(engine.method));
    BOOST_TEST_REQUIRE(f["daily"].size() == 21u);
    for (int i = 0; i < 21; ++i) {
      BOOST_TEST(f["daily"][i]["forecast"].get<double>() == engine.daily[i], boost::test_tools::tolerance(0.01));
      BOOST_TEST(f["daily"][i]["date"] == FormatIsoDate(generated.end_day + i));
    }
    // The chart's history: the eight weeks before, stock-outs as the file said.
    const GeneratedSeries& g = Series(sku, site);
    BOOST_TEST_REQUIRE(f["history"].size() == std::min<size_t>(56, g.sales.sold.size()));
    for (const json& day : f["history"]) {
      const DayNumber d = *ParseIsoDate(day["date"].get<std::string>());
      BOOST_TEST(day["sold"].get<double>() == g.sales.sold[d - g.sales.first_day]);
      BOOST_TEST(day["in_stock"].get<bool>() == (g.sales.in_stock[d - g.sales.first_day] != 0));
    }
  }
  // The launched product (MUG4, the fourth of its category) goes by its category.
  const json young = Forecast("sku=MUG4&site=site-1&days=7&from=" + from);
  BOOST_TEST(young["method"].get<std::string>().starts_with("category_"));
  BOOST_TEST(young["category_used"] == "kitchen/mugs");

  // With inputs=true, what the staff page's engine needs to draw the same line: handed to the engine's JSON
  // face (as the page's WebAssembly does), they give the server's figures, for own history and a fallback.
  for (const char* sku : {"MUG1", "MUG4"}) {
    const json f = Forecast(std::string("sku=") + sku + "&site=site-1&days=14&inputs=true&from=" + from);
    const json& inputs = f["inputs"];
    BOOST_TEST(inputs["history"]["sold"].size() == Series(sku, "site-1").sales.sold.size());
    BOOST_TEST(inputs["category"].is_null() == (f["method"] == "own_history"));
    json request = inputs;
    request["from"] = from;
    request["days"] = 14;
    const json mine = json::parse(SalesForecastJson(request.dump()));
    BOOST_TEST_REQUIRE(!mine.contains("error"), mine.dump());
    BOOST_TEST(mine["method"] == f["method"]);
    BOOST_TEST(mine["total"].get<double>() == f["total"].get<double>(), boost::test_tools::tolerance(1e-9));
    for (int i = 0; i < 14; ++i) {
      BOOST_TEST(mine["daily"][i].get<double>() == f["daily"][i]["forecast"].get<double>(),
                 boost::test_tools::tolerance(1e-9));
    }
  }
  BOOST_TEST(Forecast("sku=MUG4&site=site-1&days=7&inputs=true&from=" + from)["inputs"]["category"]["path"] ==
             "kitchen/mugs");
  BOOST_TEST(ErrorField(http->Get("/v1/forecast?category=kitchen&site=site-1&inputs=true", Merchant())) == "inputs");

  // A category is the sum of its products'; the whole site of all.
  const json kitchen = Forecast("category=kitchen&site=site-1&days=7&from=" + from);
  double sum = 0;
  for (const char* sku : {"MUG1", "MUG2", "MUG3", "MUG4", "PLA1", "PLA2", "PLA3", "PLA4"}) {
    sum += Forecast(std::string("sku=") + sku + "&site=site-1&days=7&from=" + from)["total"].get<double>();
  }
  BOOST_TEST(kitchen["products"] == 8);
  BOOST_TEST(kitchen["total"].get<double>() == sum, boost::test_tools::tolerance(0.01));
  BOOST_TEST(Forecast("site=site-1&days=7&from=" + from)["products"] == 8);
}

BOOST_FIXTURE_TEST_CASE(bad_rows_are_named_by_their_line_and_the_rest_imported, Fixture) {
  const std::string head = "date,sku,site,quantity\n";
  const httplib::Result r = PostHistory(head +
                                        "2026-01-05,MUG1,site-1,4\n"
                                        "2026-02-30,MUG1,site-1,4\n"  // Line 3: no such date.
                                        "2026-01-06,NOPE,site-1,4\n"  // Line 4: no such product.
                                        "2026-01-06,MUG1,mars,4\n"    // Line 5: no such site.
                                        "2026-01-06,MUG1,site-1,four\n"
                                        "2026-01-07,MUG1,site-1,2\n"
                                        "2026-01-07,MUG1,site-1,1\n");  // The same day: it adds up.
  BOOST_REQUIRE(r);
  BOOST_TEST_REQUIRE(r->status == 200, r->body);
  const json done = Body(r);
  BOOST_TEST(done["imported"] == 2);
  BOOST_TEST(done["refused_count"] == 4);
  BOOST_TEST(done["refused"][0]["line"] == 3);
  BOOST_TEST(done["refused"][0]["message"] == "date \"2026-02-30\" is not a YYYY-MM-DD calendar date");
  BOOST_TEST(done["refused"][1]["message"] == "sku \"NOPE\" is not a product of the brand");
  BOOST_TEST(done["refused"][2]["message"] == "site \"mars\" is not a site of the brand");
  BOOST_TEST(done["refused"][3]["line"] == 6);
  // Days to come and stock-outs that sold are refused by line too; the other rows stay written.
  const httplib::Result odd = PostHistory(
      "date,sku,site,quantity,in_stock\n2099-01-01,MUG1,site-1,4,1\n"
      "2026-01-09,MUG1,site-1,4,0\n2026-01-10,MUG1,site-1,-1,1\n");
  BOOST_TEST_REQUIRE(odd->status == 200, odd->body);
  BOOST_TEST(Body(odd)["imported"] == 1);  // A day of returns only: negative, as the ledger's can be.
  BOOST_TEST(Body(odd)["refused"][0]["message"].get<std::string>().starts_with("date 2099-01-01 is after today"));
  BOOST_TEST(Body(odd)["refused"][1]["message"].get<std::string>().starts_with("in_stock is 0"));
  json f = Forecast("sku=MUG1&site=site-1&days=1&from=2026-01-08");
  BOOST_TEST(f["history"].size() == 3u);
  BOOST_TEST(f["history"][2]["sold"] == 3.0);

  // Nothing good in the file: 400, and nothing written (the 7th keeps its 3).
  const httplib::Result bad = PostHistory(head + "2026-01-07,NOPE,site-1,9\n2026-01-07,MUG1,site-1,x\n");
  BOOST_TEST(bad->status == 400);
  const json error = Body(bad)["error"];
  BOOST_TEST(error["field"] == "history");
  BOOST_TEST(error["refused_count"] == 2);
  BOOST_TEST(error["message"].get<std::string>().find("line 2: sku \"NOPE\"") != std::string::npos);
  f = Forecast("sku=MUG1&site=site-1&days=1&from=2026-01-08");
  BOOST_TEST(f["history"][2]["sold"] == 3.0);
  // A header without quantity; JSON instead of CSV.
  BOOST_TEST(ErrorField(PostHistory("date,sku,site,qty\n2026-01-07,MUG1,site-1,1\n")) == "history");
  BOOST_TEST(PostHistory("[]", "application/json")->status == 415);
  // The larger limit is the import's only: a JSON body of the same size elsewhere is refused.
  const std::string big(70 * 1024, ' ');
  BOOST_TEST(http->Post("/v1/stock/movements", Merchant(), big + "{}", "application/json")->status == 413);
}

BOOST_FIXTURE_TEST_CASE(the_ledgers_sales_are_history_too, Fixture) {
  // No import: today's till sales and a return, from the ledger.
  CallJson(*http, "POST", "/v1/stock/movements",
           {{"kind", "receipt"}, {"sku", "MUG2"}, {"site", "site-1"}, {"quantity", 10}});
  CallJson(*http, "POST", "/v1/stock/movements",
           {{"kind", "pos_sale"}, {"sku", "MUG2"}, {"site", "site-1"}, {"quantity", 3}});
  CallJson(*http, "POST", "/v1/stock/movements",
           {{"kind", "return_to_stock"}, {"sku", "MUG2"}, {"site", "site-1"}, {"quantity", 1}});
  const json f = Forecast("sku=MUG2&site=site-1&days=7");  // From today: today is not history yet.
  BOOST_TEST(f["history"].size() == 0u);
  // From tomorrow (UTC), today is: 3 sold, 1 back.
  const DayNumber today = *ParseIsoDate(f["from"].get<std::string>());
  const json since = Forecast("sku=MUG2&site=site-1&days=7&from=" + FormatIsoDate(today + 1));
  BOOST_TEST_REQUIRE(since["history"].size() == 1u);
  BOOST_TEST(since["history"][0]["sold"] == 2.0);
  BOOST_TEST(since["history"][0]["in_stock"] == true);
  BOOST_TEST(since["method"] == "no_history");
  BOOST_TEST(since["total"].get<double>() == 14.0, boost::test_tools::tolerance(1e-6));

  // Stores in Nouméa (UTC+11) and Tahiti (UTC-10), neither with daylight saving, count their own days: a sale
  // now is on their local date -- UTC's next one from 13:00 UTC in Nouméa, its previous one before 10:00 UTC
  // in Tahiti -- and their forecasts start on their today.
  for (const auto& [site, tz, offset] :
       {std::tuple{"noumea", "Pacific/Noumea", 11 * 3600}, std::tuple{"tahiti", "Pacific/Tahiti", -10 * 3600}}) {
    json there_site = Warehouse();
    there_site["location"]["tz"] = tz;
    CallJson(*http, "PUT", std::string("/v1/sites/") + site, there_site);
    const auto local_today = [offset] { return FormatIsoDate(DayOf(std::time(nullptr) + offset)); };
    const std::string before = local_today();
    CallJson(*http, "POST", "/v1/stock/movements",
             {{"kind", "receipt"}, {"sku", "MUG2"}, {"site", site}, {"quantity", 10}});
    CallJson(*http, "POST", "/v1/stock/movements",
             {{"kind", "pos_sale"}, {"sku", "MUG2"}, {"site", site}, {"quantity", 4}});
    const json there = Forecast(std::string("sku=MUG2&days=7&site=") + site);
    const std::string after = local_today();
    BOOST_TEST((there["from"] == before || there["from"] == after), site);
    const DayNumber their_today = *ParseIsoDate(there["from"].get<std::string>());
    const json next = Forecast(std::string("sku=MUG2&days=7&site=") + site + "&from=" + FormatIsoDate(their_today + 1));
    BOOST_TEST_REQUIRE(next["history"].size() >= 1u);
    BOOST_TEST(next["history"].back()["date"] == there["from"]);
    BOOST_TEST(next["history"].back()["sold"] == 4.0);
  }
}

BOOST_FIXTURE_TEST_CASE(what_the_forecast_refuses, Fixture) {
  BOOST_TEST(ErrorField(http->Get("/v1/forecast?sku=NOPE&site=site-1", Merchant())) == "sku");
  BOOST_TEST(http->Get("/v1/forecast?sku=NOPE&site=site-1", Merchant())->status == 404);
  BOOST_TEST(http->Get("/v1/forecast?sku=MUG1&site=mars", Merchant())->status == 404);
  BOOST_TEST(http->Get("/v1/forecast?category=nothing&site=site-1", Merchant())->status == 404);
  BOOST_TEST(ErrorField(http->Get("/v1/forecast?sku=MUG1&site=site-1&days=367", Merchant())) == "days");
  BOOST_TEST(ErrorField(http->Get("/v1/forecast?sku=MUG1&site=site-1&days=0", Merchant())) == "days");
  BOOST_TEST(ErrorField(http->Get("/v1/forecast?sku=MUG1&site=site-1&from=tomorrow", Merchant())) == "from");
  // A first day far ahead would read the days until it as selling nothing: tomorrow is the latest.
  BOOST_TEST(ErrorField(http->Get("/v1/forecast?sku=MUG1&site=site-1&from=2099-01-01", Merchant())) == "from");
  BOOST_TEST(ErrorField(http->Get("/v1/forecast?sku=MUG1&site=site-1&inputs=maybe", Merchant())) == "inputs");
  // A product the site never sold: said so, not a confident forecast of a mean.
  const json never = Forecast("sku=MUG1&site=site-2&days=7");
  BOOST_TEST(never["method"] == "no_history");
  BOOST_TEST(never["method_text"] == "no sales recorded at this site yet: nothing to forecast from");
  BOOST_TEST(never["total"] == 0.0);
  // A category says no method of its own, even when one method forecast all its products (its methods say
  // which), and last year's days none of them sold on are unknown, not 0.
  const json mugs = Forecast("category=kitchen/mugs&site=site-2&days=7");
  BOOST_TEST(!mugs.contains("method"));
  BOOST_TEST(mugs["methods"].size() == 1u);
  BOOST_TEST(mugs["daily"][0]["last_year"].is_null());
  BOOST_TEST(ErrorField(http->Get("/v1/forecast?sku=MUG1", Merchant())) == "site");
  BOOST_TEST(ErrorField(http->Get("/v1/forecast?sku=MUG1&category=kitchen&site=site-1", Merchant())) == "category");
  // Staff read their own site's forecast, not another's, and import nothing.
  const httplib::Headers as_staff = {{"Authorization", "Bearer " + staff}};
  BOOST_TEST(http->Get("/v1/forecast?sku=MUG1&site=site-1&days=366", as_staff)->status == 200);
  BOOST_TEST(http->Get("/v1/forecast?sku=MUG1&site=site-2", as_staff)->status == 403);
  BOOST_TEST(http->Post("/v1/sales/history", as_staff, "date,sku,site,quantity\n", "text/csv")->status == 403);
}

BOOST_FIXTURE_TEST_CASE(the_brands_holidays_and_launch_share_are_its_settings, Fixture) {
  BOOST_TEST_REQUIRE(PostHistory(csv)->status == 200);
  const std::string from = FormatIsoDate(generated.end_day);
  const DayNumber end = generated.end_day;
  // A sales season of the brand's own, its first day each year: the forecast's days in it are compared with
  // last year's season, not with 364 days before.
  const DayNumber season = end + 10, last_season = end + 10 - 360;
  const json own = {{{"name", "soldes"},
                     {"dates", {FormatIsoDate(last_season), FormatIsoDate(season)}},
                     {"days_before", 0},
                     {"days_after", 5}}};
  CallJson(*http, "PUT", "/v1/brand/settings",
           {{"forecast", {{"holidays", "none"}, {"own_holidays", own}, {"launch_share", 0.25}}}});
  BOOST_TEST(CallJson(*http, "GET", "/v1/brand")["settings"]["forecast"]["own_holidays"] == own);

  const json f = Forecast("sku=MUG1&site=site-1&days=21&inputs=true&from=" + from);
  BOOST_TEST(f["daily"][10]["compared_with"] == FormatIsoDate(last_season));
  BOOST_TEST(f["daily"][12]["compared_with"] == FormatIsoDate(last_season + 2));
  BOOST_TEST(f["daily"][9]["compared_with"] == FormatIsoDate(end + 9 - 364));
  BOOST_TEST(f["inputs"]["holidays"] == "none");
  BOOST_TEST(f["inputs"]["own_holidays"] == own);
  // The engine on the same history and calendar agrees.
  std::vector<Holiday> holidays = {{"soldes", {last_season, season}, 0, 5}};
  const SalesCalendar calendar = RetailCalendarAround(end, false, holidays);
  const SalesForecast engine = ForecastOwnHistory(Series("MUG1", "site-1").sales, calendar, end, 21, {});
  for (int i = 0; i < 21; ++i) {
    BOOST_TEST(f["daily"][i]["forecast"].get<double>() == engine.daily[i], boost::test_tools::tolerance(0.01));
  }
  // A new product starts from the brand's launch share, and the page's inputs say so.
  const json young = Forecast("sku=MUG4&site=site-1&days=7&inputs=true&from=" + from);
  BOOST_TEST(young["inputs"]["options"]["launch_share"] == 0.25);

  // Refused settings name their field; the previous ones stay.
  const auto refused = [&](const json& forecast) {
    return ErrorField(
        http->Put("/v1/brand/settings", Merchant(), json{{"forecast", forecast}}.dump(), "application/json"));
  };
  BOOST_TEST(refused({{"holidays", "us"}}) == "forecast.holidays");
  BOOST_TEST(refused({{"launch_share", 2}}) == "forecast.launch_share");
  BOOST_TEST(refused({{"own_holidays", {{{"name", "x"}, {"dates", {"2026-13-01"}}}}}}) ==
             "forecast.own_holidays[0].dates[0]");
  BOOST_TEST(refused({{"own_holidays", {{{"name", "x"}, {"dates", {"2026-01-01"}}, {"days_after", 99}}}}}) ==
             "forecast.own_holidays[0].days_after");
  BOOST_TEST(refused({{"typo", 1}}) == "forecast.typo");
  BOOST_TEST(CallJson(*http, "GET", "/v1/brand")["settings"]["forecast"]["launch_share"] == 0.25);
}

namespace {

// Rewrites `folder`'s edge.json with `fields` over it: the next process started on it reads them.
void Reconfigure(const EdgeFolder& folder, const json& fields) {
  json config = json::parse(std::ifstream(folder.config()));
  config.update(fields);
  std::ofstream(folder.config()) << config.dump(2);
}

// GET /v1/forecasts of `site`, once its made_on is set (the refresh has stored it), waiting up to a minute.
json StoredOnceMade(httplib::Client& http, const std::string& site) {
  for (int i = 0; i < 600; ++i) {
    const json stored = CallJson(http, "GET", "/v1/forecasts?site=" + site);
    if (!stored["made_on"].is_null()) return stored;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  BOOST_FAIL("no forecasts stored for " << site);
  return nullptr;
}

// Checks each stored product's days against GET /v1/forecast from the day they were made: the same method and
// figures (stored in thousandths, answered in hundredths).
void ExpectAsOnDemand(httplib::Client& http, const json& stored, int days) {
  const std::string site = stored["site"], made_on = stored["made_on"];
  for (const json& product : stored["products"]) {
    const std::string sku = product["sku"];
    const json f =
        CallJson(http, "GET",
                 "/v1/forecast?sku=" + sku + "&site=" + site + "&days=" + std::to_string(days) + "&from=" + made_on);
    BOOST_TEST(product["method"] == f["method"], sku + "@" + site);
    BOOST_TEST_REQUIRE(product["daily"].size() == f["daily"].size());
    for (size_t i = 0; i < f["daily"].size(); ++i) {
      BOOST_TEST(product["daily"][i]["date"] == f["daily"][i]["date"]);
      // Apart by the rounding of each: half a hundredth, half a thousandth.
      BOOST_TEST(std::abs(product["daily"][i]["forecast"].get<double>() - f["daily"][i]["forecast"].get<double>()) <=
                 0.0055 + 1e-9);
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_nightly_refresh_stores_each_sites_forecasts_once_a_day) {
  constexpr int kDays = 14;
  // History up to yesterday, so that the products have their own; the first server refreshes nothing, so that
  // the refresh sees the whole history when it comes.
  const GeneratedSales generated = SmallShop(DayOf(std::time(nullptr)));
  EdgeFolder folder(json{{"forecast_refresh_hour_utc", -1}, {"forecast_days", kDays}});
  std::string staff;
  {
    EdgeProcess edge(folder);
    const std::unique_ptr<httplib::Client> http = edge.Client();
    const std::string csv = PutShop(*http, generated);
    BOOST_TEST_REQUIRE(http->Post("/v1/sales/history", Merchant(), csv, "text/csv")->status == 200);
    staff = CallJson(*http, "POST", "/v1/staff-tokens", {{"site", "site-1"}, {"name", "Ana"}})["token"];
    // Nothing stored yet: made_on null, no product; the site and sku still checked.
    const json none = CallJson(*http, "GET", "/v1/forecasts?site=site-1");
    BOOST_TEST(none["made_on"].is_null());
    BOOST_TEST(none["products"].empty());
    BOOST_TEST(http->Get("/v1/forecasts?site=mars", Merchant())->status == 404);
    BOOST_TEST(ErrorField(http->Get("/v1/forecasts?site=site-1&sku=NOPE", Merchant())) == "sku");
    BOOST_TEST(ErrorField(http->Get("/v1/forecasts?sku=MUG1", Merchant())) == "site");
  }

  // From hour 0: due at the next server's first pass, at its start.
  Reconfigure(folder, {{"forecast_refresh_hour_utc", 0}});
  json site1;
  {
    EdgeProcess edge(folder);
    const std::unique_ptr<httplib::Client> http = edge.Client();
    site1 = StoredOnceMade(*http, "site-1");
    const json site2 = StoredOnceMade(*http, "site-2");
    BOOST_TEST(site1["made_on"] == site2["made_on"]);
    for (const json& stored : {site1, site2}) {
      BOOST_TEST_REQUIRE(stored["products"].size() == 8u);  // Every product of the brand, by sku.
      BOOST_TEST(stored["products"][0]["sku"] == "MUG1");
      for (const json& product : stored["products"]) BOOST_TEST(product["daily"].size() == size_t{kDays});
      ExpectAsOnDemand(*http, stored, kDays);
    }
    BOOST_TEST(site1["products"][0]["method"] == "own_history");
    // One product's; staff read their own site's only.
    const json mug = CallJson(*http, "GET", "/v1/forecasts?site=site-1&sku=MUG1", nullptr, 200, staff);
    BOOST_TEST_REQUIRE(mug["products"].size() == 1u);
    BOOST_TEST(mug["products"][0] == site1["products"][0]);
    BOOST_TEST(mug["made_on"] == site1["made_on"]);
    BOOST_TEST(http->Get("/v1/forecasts?site=site-2", httplib::Headers{{"Authorization", "Bearer " + staff}})->status ==
               403);

    // The history changes after the night's pass (MUG1 sells ten times more over its last four weeks), and a
    // third site comes.
    const DayNumber made_on = *ParseIsoDate(site1["made_on"].get<std::string>());
    std::string more = "date,sku,site,quantity\n";
    for (DayNumber d = made_on - 28; d < made_on; ++d) more += FormatIsoDate(d) + ",MUG1,site-1,80\n";
    BOOST_TEST_REQUIRE(http->Post("/v1/sales/history", Merchant(), more, "text/csv")->status == 200);
    CallJson(*http, "PUT", "/v1/sites/site-3", Warehouse());
  }

  // A restart the same day: its first pass stores the new site's (sites go by id: site-1's is looked at first)
  // and leaves site-1's as the night made them, though they would now be other figures.
  EdgeProcess edge(folder);
  const std::unique_ptr<httplib::Client> http = edge.Client();
  const json site3 = StoredOnceMade(*http, "site-3");
  BOOST_TEST(site3["made_on"] == site1["made_on"]);
  BOOST_TEST(site3["products"].size() == 8u);
  BOOST_TEST(CallJson(*http, "GET", "/v1/forecasts?site=site-1") == site1);
  const json now = CallJson(*http, "GET",
                            "/v1/forecast?sku=MUG1&site=site-1&days=" + std::to_string(kDays) +
                                "&from=" + site1["made_on"].get<std::string>());
  BOOST_TEST(now["total"].get<double>() > site1["products"][0]["total"].get<double>() + 1);
}
