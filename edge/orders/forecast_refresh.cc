#include "edge/orders/forecast_refresh.h"

#include <cmath>

#include "wasm/engine/civil_time.h"

namespace relais::edge {

ForecastRefresh::ForecastRefresh(Store* store, std::vector<std::string> brands, ForecastRefreshOptions options)
    : store_(store), forecasts_(store), brands_(std::move(brands)), options_(options) {}

std::vector<RefreshedSite> ForecastRefresh::RefreshDue(int64_t now_s) {
  std::vector<RefreshedSite> done;
  const DayNumber today = DayOf(now_s);
  if (now_s - static_cast<int64_t>(today) * kSecondsPerDay < int64_t{options_.hour_utc} * 3600) return done;
  const std::string made_on = FormatIsoDate(today);
  for (const std::string& brand : brands_) {
    for (const Site& site : store_->ListSites(brand)) {
      if (store_->StoredForecastsMadeOn(brand, site.id) == made_on) continue;
      done.push_back(RefreshSite(brand, site.id, today));
    }
  }
  return done;
}

RefreshedSite ForecastRefresh::RefreshSite(const std::string& brand, const std::string& site, DayNumber day) {
  RefreshedSite result{brand, site, FormatIsoDate(day), 0, {}};
  const OrderResult<std::vector<ProductForecast>> each =
      forecasts_.ForEachProduct(brand, "", site, day, options_.days, kMostProducts);
  if (!each) {
    result.error = each.error();
    return result;
  }
  std::vector<ForecastDay> rows;
  for (const ProductForecast& p : *each) {
    const SalesForecast& f = p.answer.forecast;
    for (size_t i = 0; i < f.daily.size(); ++i) {
      rows.push_back({p.product.sku, site, FormatIsoDate(day + static_cast<DayNumber>(i)),
                      std::llround(static_cast<double>(f.daily[i]) * 1000), ForecastMethodName(f.method),
                      result.made_on});
    }
  }
  const StoreResult<int64_t> written = store_->PutStoredForecasts(brand, site, result.made_on, rows);
  if (!written) {
    result.error = OrderErrorOf(written.error());
    return result;
  }
  result.rows = written.value();
  return result;
}

}  // namespace relais::edge
