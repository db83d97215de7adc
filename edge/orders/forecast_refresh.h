// The nightly forecast refresh (issue 29): once a day, each site's forecast of every product for the next
// weeks, stored (Store::PutStoredForecasts) so staff read the night's figures at once (GET /v1/forecasts)
// instead of waiting for years of history to be read again.
//
// A pass is cheap to call often: the process runs one at start and then every hour (relais_edge_main.cc). A
// site is refreshed when the hour of the day (UTC) has come and its stored forecasts were not made on its
// today (by its own clock, as its sales are counted) --
// so a restart the same day recomputes nothing, and a server that was down at the hour refreshes at its first
// pass after it, the same day or later, never skipping a day it runs on. Each site's figures are
// SalesForecasts::ForEachProduct's from that day, with the brand's settings as stored: exactly what
// GET /v1/forecast answers for that origin.
//
// Several nodes on one database may each refresh a site the same day; each writes the same figures in one
// transaction, so the last write wins and nothing is mixed. Not thread-safe: one caller at a time.
#ifndef RELAIS_EDGE_ORDERS_FORECAST_REFRESH_H_
#define RELAIS_EDGE_ORDERS_FORECAST_REFRESH_H_

#include <cstdint>
#include <string>
#include <vector>

#include "edge/orders/order_error.h"
#include "edge/orders/sales_forecasts.h"
#include "edge/store/store.h"

namespace relais::edge {

struct ForecastRefreshOptions {
  int days = 28;     // The horizon stored: from the day it is made.
  int hour_utc = 2;  // The hour (0-23, UTC) from which a day's refresh is due.
};

// What a pass did to one site.
struct RefreshedSite {
  std::string brand;
  std::string site;
  std::string made_on;
  int64_t rows = 0;  // Days stored (products times days).
  OrderError error;  // Its code is "" when the site was refreshed.
};

class ForecastRefresh {
 public:
  // `brands`: the ids of the brands whose sites are refreshed.
  ForecastRefresh(Store* store, std::vector<std::string> brands, ForecastRefreshOptions options);

  // One pass at `now_s` (Unix seconds): refreshes every site that is due (see above). Returns the sites it
  // refreshed or failed to; none before the hour or when every site is up to date.
  std::vector<RefreshedSite> RefreshDue(int64_t now_s);
  // Computes the forecasts of every product of `site` from `day` and stores them in place of the site's
  // previous ones, made on `day`, whatever is stored.
  RefreshedSite RefreshSite(const std::string& brand, const std::string& site, DayNumber day);

  static constexpr int64_t kMostProducts = 100000;  // A site's products forecast (by sku): the rest are not.

 private:
  Store* store_;
  SalesForecasts forecasts_;
  const std::vector<std::string> brands_;
  const ForecastRefreshOptions options_;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_FORECAST_REFRESH_H_
