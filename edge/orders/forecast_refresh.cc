#include "edge/orders/forecast_refresh.h"

#include <cmath>

#include "edge/model/brand_settings.h"
#include "wasm/engine/civil_time.h"

namespace relais::edge {

namespace {

// The brand's forecast settings as stored (PUT /v1/brand/settings), read at each pass: another node may have
// changed them.
ForecastSettings SettingsOf(Store& store, const std::string& brand) {
  const std::optional<Brand> stored = store.GetBrand(brand);
  return ReadBrandSettings(stored ? stored->settings : nlohmann::json::object()).forecast;
}

}  // namespace

ForecastRefresh::ForecastRefresh(Store* store, std::vector<std::string> brands, ForecastRefreshOptions options)
    : store_(store), forecasts_(store), brands_(std::move(brands)), options_(options) {}

std::vector<RefreshedSite> ForecastRefresh::RefreshDue(int64_t now_s) {
  std::vector<RefreshedSite> done;
  const DayNumber utc_today = DayOf(now_s);
  if (now_s - static_cast<int64_t>(utc_today) * kSecondsPerDay < int64_t{options_.hour_utc} * 3600) return done;
  for (const std::string& brand : brands_) {
    for (const Site& site : store_->ListSites(brand)) {
      // The site's own today: its sales are counted by its days (sales_forecasts.h).
      const DayNumber today = forecasts_.TodayAt(brand, site.id, now_s);
      if (store_->StoredForecastsMadeOn(brand, site.id) == FormatIsoDate(today)) continue;
      done.push_back(RefreshSite(brand, site.id, today));
    }
  }
  return done;
}

RefreshedSite ForecastRefresh::RefreshSite(const std::string& brand, const std::string& site, DayNumber day) {
  RefreshedSite result{brand, site, FormatIsoDate(day), 0, {}};
  const OrderResult<std::vector<ProductForecast>> each =
      forecasts_.ForEachProduct(brand, SettingsOf(*store_, brand), "", site, day, options_.days, kMostProducts);
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
