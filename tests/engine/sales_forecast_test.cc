#define BOOST_TEST_MODULE sales_forecast
// The comparable-period forecast: the calendar's comparable days (holidays that move), last year times the
// trend on a known demand, stock-outs not learnt as no demand, the category fallback for new products, and on
// generated years of sales whose demand is known, a backtest in which it beats every baseline.
#include "wasm/engine/sales_forecast.h"

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdio>

#include "wasm/engine/forecast_backtest.h"
#include "wasm/engine/sales_generator.h"

using namespace relais;

namespace {

DayNumber Day(int y, int m, int d) { return DaysFromCivil(y, m, d); }

constexpr double kWeek[7] = {0.8, 0.9, 1.0, 1.0, 1.2, 1.6, 0.5};

// Ten units a day on average, shaped by the week and growing 10 % a year: what a product sells with no noise.
double SteadyDemand(DayNumber day, DayNumber first) {
  return 10 * kWeek[WeekdayFromDays(day)] * std::pow(1.1, (day - first) / 364.0);
}

DailySales Steady(DayNumber first, DayNumber end) {
  DailySales s;
  for (DayNumber d = first; d < end; ++d) s.Add(d, static_cast<float>(SteadyDemand(d, first)));
  return s;
}

}  // namespace

BOOST_AUTO_TEST_CASE(holidays_fall_on_their_real_dates) {
  BOOST_TEST(EasterSunday(2024) == Day(2024, 3, 31));
  BOOST_TEST(EasterSunday(2025) == Day(2025, 4, 20));
  BOOST_TEST(EasterSunday(2026) == Day(2026, 4, 5));
  BOOST_TEST(EasterSunday(2027) == Day(2027, 3, 28));
  const auto holidays = FrenchRetailHolidays(2024, 2027);
  BOOST_TEST(holidays[1].name == "mothers_day");
  // La fête des mères: the last Sunday of May, unless that is Whit Sunday (2024: 26 May, 2026: 31 May).
  BOOST_TEST(holidays[1].dates[0] == Day(2024, 5, 26));
  BOOST_TEST(holidays[1].dates[2] == Day(2026, 5, 31));
  BOOST_TEST(holidays[2].dates[1] == Day(2025, 11, 28));  // Black Friday.
  BOOST_TEST(holidays[2].dates[2] == Day(2026, 11, 27));
}

BOOST_AUTO_TEST_CASE(the_comparable_day_is_the_same_weekday_a_year_before_unless_a_holiday_moved) {
  const SalesCalendar calendar(FrenchRetailHolidays(2024, 2027));
  // An ordinary Tuesday: the Tuesday 52 weeks before.
  BOOST_TEST(calendar.ComparableDay(Day(2026, 3, 10)) == Day(2025, 3, 11));
  // Easter 2026 (5 April) and its Good Friday compare with Easter 2025 (20 April) and its Good Friday.
  BOOST_TEST(calendar.ComparableDay(Day(2026, 4, 5)) == Day(2025, 4, 20));
  BOOST_TEST(calendar.ComparableDay(Day(2026, 4, 3)) == Day(2025, 4, 18));
  // Christmas compares with Christmas, another weekday.
  BOOST_TEST(calendar.ComparableDay(Day(2026, 12, 24)) == Day(2025, 12, 24));
  // An ordinary Monday whose day 52 weeks before was Easter Monday 2025 takes the week after it instead.
  const DayNumber monday = Day(2026, 4, 20);
  BOOST_TEST(monday - kComparableLag == Day(2025, 4, 21));
  const DayNumber compared = calendar.ComparableDay(monday);
  BOOST_TEST(!calendar.InHoliday(compared));
  BOOST_TEST(WeekdayFromDays(compared) == WeekdayFromDays(monday));
  BOOST_TEST(compared == Day(2025, 4, 28));
}

BOOST_AUTO_TEST_CASE(a_steady_product_is_forecast_as_last_year_times_its_growth) {
  const DayNumber first = Day(2024, 1, 1), origin = Day(2026, 3, 2);
  const DailySales sales = Steady(first, origin);
  const SalesForecast f = ForecastOwnHistory(sales, SalesCalendar(), origin, 28, ForecastOptions());
  BOOST_TEST(std::string(ForecastMethodName(f.method)) == "own_history");
  BOOST_TEST(f.trend == 1.1, boost::test_tools::tolerance(0.01));
  for (int i = 0; i < 28; ++i) {
    BOOST_TEST(f.daily[i] == SteadyDemand(origin + i, first), boost::test_tools::tolerance(0.02));
  }
  // A horizon over a year is cut to the longest the method knows.
  BOOST_TEST(ForecastOwnHistory(sales, SalesCalendar(), origin, 5000, ForecastOptions()).daily.size() ==
             static_cast<size_t>(kLongestForecastDays));
}

BOOST_AUTO_TEST_CASE(stock_out_days_are_not_learnt_as_zero_demand) {
  const DayNumber first = Day(2024, 1, 1), origin = Day(2026, 3, 2);
  DailySales marked = Steady(first, origin), zeros = Steady(first, origin);
  // Three weeks out of stock on the comparable period a year before, and one in the trend's weeks.
  const auto empty = [&](DayNumber from, DayNumber to) {
    for (DayNumber d = from; d < to; ++d) {
      marked.MarkOutOfStock(d);
      marked.sold[d - first] = 0;
      zeros.sold[d - first] = 0;  // The same days, recorded as if the shop had stock and nobody wanted it.
    }
  };
  empty(origin - kComparableLag - 3, origin - kComparableLag + 18);
  empty(origin - 14, origin - 7);
  const SalesForecast f = ForecastOwnHistory(marked, SalesCalendar(), origin, 21, ForecastOptions());
  const SalesForecast naive = ForecastOwnHistory(zeros, SalesCalendar(), origin, 21, ForecastOptions());
  double truth = 0;
  for (int i = 0; i < 21; ++i) {
    BOOST_TEST(f.daily[i] == SteadyDemand(origin + i, first), boost::test_tools::tolerance(0.05));
    truth += SteadyDemand(origin + i, first);
  }
  // Read as no demand, the same days would have halved the forecast: the test tells the two apart.
  BOOST_TEST(naive.Total() < 0.7 * truth);
}

BOOST_AUTO_TEST_CASE(a_new_product_takes_its_categorys_forecast_times_its_share) {
  const DayNumber first = Day(2024, 1, 1), origin = Day(2026, 3, 2);
  std::vector<DailySales> old(3, Steady(first, origin));
  DailySales big, fresh, young;
  for (DayNumber d = first; d < origin; ++d) big.Add(d, static_cast<float>(2 * SteadyDemand(d, first)));
  for (DayNumber d = origin - 35; d < origin; ++d) young.Add(d, static_cast<float>(0.25 * SteadyDemand(d, first)));
  std::vector<ProductSales> products = {
      {"A", "s1", "kitchen/mugs", &old[0]},        {"B", "s1", "kitchen/mugs", &old[1]},
      {"BIG", "s1", "kitchen/mugs", &big},         {"C", "s1", "kitchen/plates", &old[2]},
      {"NEW", "s1", "kitchen/mugs/large", &fresh}, {"YOUNG", "s1", "kitchen/mugs", &young}};
  const std::vector<CategorySales> levels = CategoryLevels(products, origin, ForecastOptions());
  const SalesCalendar calendar;

  // Not sold yet: "kitchen/mugs/large" has no established product, "kitchen/mugs" has three (YOUNG is not
  // one: it would read as the category's growth). The launch share is their median product's: A's or B's
  // quarter, not BIG's half.
  const auto new_levels = LevelsOf(products[4], levels);
  BOOST_TEST(new_levels.size() == 4u);
  BOOST_TEST(new_levels[1]->members.size() == 3u);
  const SalesForecast launch = ForecastSales(fresh, new_levels, calendar, origin, 14, ForecastOptions());
  BOOST_TEST(std::string(ForecastMethodName(launch.method)) == "category_launch");
  BOOST_TEST(launch.category == "kitchen/mugs");
  BOOST_TEST(launch.share == 0.25, boost::test_tools::tolerance(1e-6));
  // Five weeks of sales at a quarter of A's: a sixteenth of what the established mugs sell (1 + 1 + 2).
  const SalesForecast share =
      ForecastSales(young, LevelsOf(products[5], levels), calendar, origin, 14, ForecastOptions());
  BOOST_TEST(std::string(ForecastMethodName(share.method)) == "category_share");
  BOOST_TEST(share.share == 0.25 / 4, boost::test_tools::tolerance(0.02));
  BOOST_TEST(share.trend == 1.1, boost::test_tools::tolerance(0.01));  // The mugs' growth, not YOUNG's arrival.
  for (int i = 0; i < 14; ++i) {
    BOOST_TEST(share.daily[i] == 0.25 * SteadyDemand(origin + i, first), boost::test_tools::tolerance(0.03));
  }
  // The brand's launch assumption, when it has one.
  ForecastOptions assumed;
  assumed.launch_share = 0.1;
  BOOST_TEST(ForecastSales(fresh, new_levels, calendar, origin, 14, assumed).share == 0.1);
}

BOOST_AUTO_TEST_CASE(on_generated_sales_it_beats_every_baseline_and_the_fallback_beats_them_for_new_products) {
  SalesGeneratorOptions options;
  options.launches_per_category = 4;  // 32 new products among 64 series: the fallback is measured on many.
  const GeneratedSales generated = GenerateSales(options);
  std::vector<ProductSales> products;
  for (const GeneratedSeries& g : generated.series) products.push_back({g.sku, g.site, g.category, &g.sales});
  const BacktestReport report =
      Backtest(products, SalesCalendar(generated.holidays), generated.end_day, BacktestOptions());
  BOOST_TEST(report.rows.size() == products.size());
  BOOST_TEST(report.launched_series == 32);
  for (int m = 0; m < kForecastModels; ++m) {
    BOOST_TEST_MESSAGE(ForecastModelName(static_cast<ForecastModel>(m))
                       << ": MASE " << report.overall[m].mase << " sMAPE " << report.overall[m].smape << " | new: MASE "
                       << report.launched[m].mase << " sMAPE " << report.launched[m].smape);
  }
  for (int m = 1; m < kForecastModels; ++m) {
    BOOST_TEST(report.overall[0].mase < report.overall[m].mase, ForecastModelName(static_cast<ForecastModel>(m)));
    BOOST_TEST(report.launched[0].mase < report.launched[m].mase, ForecastModelName(static_cast<ForecastModel>(m)));
  }
}
