// When the nightly forecast refresh runs (orders/forecast_refresh.h), in-process on the memory store with the
// clock passed in: not before the hour, once a day after it, a day missed at the hour caught up at the next pass,
// and each site's rows the forecast of every product from that day, as SalesForecasts computes it.
#define BOOST_TEST_MODULE forecast_refresh
#include "edge/orders/forecast_refresh.h"

#include <boost/test/unit_test.hpp>

#include "tests/edge/memory_store.h"

using namespace relais;
using namespace relais::edge;

namespace {

constexpr int64_t kHour = 3600;

struct Shop {
  MemoryStore store;
  ForecastRefresh refresh{&store, {"b"}, {7, 2}};  // 7 days from 02:00 UTC.
  const DayNumber day = DaysFromCivil(2026, 3, 2);
  Shop() {
    for (const char* id : {"s1", "s2"}) {
      Site site;
      site.id = id;
      site.kind = "store";
      store.PutSite("b", site);
    }
    store.PutProduct("b", {"MUG", "Mug", "kitchen/mugs", "ambient", 300, {10, 10, 10}, 900, ""});
    store.PutProduct("b", {"TEA", "Tea", "grocery/tea", "ambient", 100, {5, 5, 5}, 400, ""});
    std::vector<SalesDay> days;
    for (DayNumber d = day - 800; d < day; ++d) days.push_back({"MUG", "s1", FormatIsoDate(d), 1000 + 500 * (d % 7)});
    BOOST_REQUIRE(store.PutSalesDays("b", days).ok());
  }
  int64_t At(DayNumber d, int64_t seconds) const { return int64_t{d} * kSecondsPerDay + seconds; }
  std::vector<std::string> Refreshed(int64_t now_s) {
    std::vector<std::string> sites;
    for (const RefreshedSite& r : refresh.RefreshDue(now_s)) {
      BOOST_TEST(r.error.code == "");
      sites.push_back(r.site + " " + r.made_on);
    }
    return sites;
  }
};

using Sites = std::vector<std::string>;

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_site_is_refreshed_once_a_day_from_the_hour, Shop) {
  const std::string today = FormatIsoDate(day), tomorrow = FormatIsoDate(day + 1);
  BOOST_TEST(Refreshed(At(day, 2 * kHour - 1)).empty());  // Before the hour: nothing.
  BOOST_TEST(!store.StoredForecastsMadeOn("b", "s1").has_value());
  BOOST_TEST(Refreshed(At(day, 2 * kHour)) == Sites({"s1 " + today, "s2 " + today}));
  BOOST_TEST(Refreshed(At(day, 2 * kHour + 1)).empty());  // Made today: a pass, or a restart, does nothing.
  BOOST_TEST(Refreshed(At(day, 23 * kHour)).empty());
  BOOST_TEST(Refreshed(At(day + 1, kHour)).empty());  // The next day, before the hour: the previous night's stay.
  BOOST_TEST(store.StoredForecastsMadeOn("b", "s1").value_or("") == today);
  BOOST_TEST(Refreshed(At(day + 1, 3 * kHour)) == Sites({"s1 " + tomorrow, "s2 " + tomorrow}));
  // Down for days, back late in the evening: refreshed at once, from that day.
  BOOST_TEST(Refreshed(At(day + 4, 22 * kHour)) ==
             Sites({"s1 " + FormatIsoDate(day + 4), "s2 " + FormatIsoDate(day + 4)}));
  // A site that comes later is refreshed at the next pass, the others not again.
  Site s3;
  s3.id = "s3";
  s3.kind = "store";
  store.PutSite("b", s3);
  BOOST_TEST(Refreshed(At(day + 4, 23 * kHour)) == Sites({"s3 " + FormatIsoDate(day + 4)}));
}

BOOST_FIXTURE_TEST_CASE(a_site_is_refreshed_for_its_own_today, Shop) {
  Site noumea;
  noumea.id = "noumea";
  noumea.kind = "store";
  noumea.location = {{"tz", "Pacific/Noumea"}};  // UTC+11.
  store.PutSite("b", noumea);
  // 20:00 UTC is 07:00 the next day in Nouméa: its set is made from its date, the UTC sites' from UTC's.
  const std::string today = FormatIsoDate(day), tomorrow = FormatIsoDate(day + 1);
  BOOST_TEST(Refreshed(At(day, 20 * kHour)) == Sites({"noumea " + tomorrow, "s1 " + today, "s2 " + today}));
  BOOST_TEST(store.StoredForecastsOf("b", "noumea", "MUG").front().day == tomorrow);
  // The next UTC day at the hour, Nouméa's today is still that date: nothing again there.
  BOOST_TEST(Refreshed(At(day + 1, 3 * kHour)) == Sites({"s1 " + tomorrow, "s2 " + tomorrow}));
}

BOOST_FIXTURE_TEST_CASE(the_rows_are_each_products_forecast_from_that_day, Shop) {
  const RefreshedSite done = refresh.RefreshSite("b", "s1", day);
  BOOST_TEST(done.error.code == "");
  BOOST_TEST(done.rows == 14);  // Two products, seven days.
  const std::vector<ForecastDay> rows = store.StoredForecastsOf("b", "s1", "MUG");
  BOOST_TEST_REQUIRE(rows.size() == 7u);
  SalesForecasts forecasts(&store);
  const OrderResult<ForecastAnswer> mug = forecasts.ForProduct("b", ForecastSettings{}, "MUG", "s1", day, 7);
  BOOST_TEST_REQUIRE(mug.ok());
  for (size_t i = 0; i < rows.size(); ++i) {
    BOOST_TEST(rows[i].day == FormatIsoDate(day + static_cast<DayNumber>(i)));
    BOOST_TEST(rows[i].forecast_milli == std::llround(static_cast<double>(mug->forecast.daily[i]) * 1000));
    BOOST_TEST(rows[i].method == ForecastMethodName(mug->forecast.method));
    BOOST_TEST(rows[i].made_on == FormatIsoDate(day));
  }
  BOOST_TEST(rows[0].forecast_milli > 0);  // A product with a history: not the zero of no history.
  BOOST_TEST(rows[0].method == "own_history");
  // An unknown site: the error, nothing stored.
  BOOST_TEST(refresh.RefreshSite("b", "mars", day).error.field == "site");
  BOOST_TEST(store.StoredForecastsOf("b", "mars", "").empty());
}
