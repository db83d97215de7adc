// A site's store layout for picking: checked whole by the engine (wasm/engine/store_layout.h) against the
// brand's catalogue -- every SKU placed a product, a chilled or frozen one in a zone of its class -- then
// kept as the site's next version. A refused layout keeps nothing; a pick list keeps the version it began on.
#ifndef RELAIS_EDGE_ORDERS_SITE_LAYOUTS_H_
#define RELAIS_EDGE_ORDERS_SITE_LAYOUTS_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "edge/model/site_layout.h"
#include "edge/orders/order_error.h"
#include "edge/store/store.h"
#include "wasm/engine/store_layout.h"

namespace relais::edge {

class SiteLayouts {
 public:
  explicit SiteLayouts(Store* store) : store_(store) {}

  // `layout` as the site's next version. invalid_field naming the field ("locations[12].bay"); not_found
  // (field "site") when the brand has no such site.
  OrderResult<SiteLayout> Put(const std::string& brand, const std::string& site, const nlohmann::json& layout);

  // The site's latest layout with the locations of `csv` (ReadLocationsCsv's columns) instead of its own, as
  // the next version: the planogram changes more often than the walls. invalid_field naming the CSV row
  // ("row 14 (bay)"); not_found (field "layout") when the site has no layout yet.
  OrderResult<SiteLayout> PutLocations(const std::string& brand, const std::string& site, std::string_view csv);

  // The site's layout `version` (0: the latest), or nullopt.
  std::optional<SiteLayout> Get(const std::string& brand, const std::string& site, int64_t version) {
    return store_->GetSiteLayout(brand, site, version);
  }

 private:
  // The engine's reading of `layout` with this brand's catalogue.
  std::optional<LayoutProblem> Check(const std::string& brand, const nlohmann::json& layout, StoreLayout* out);

  Store* store_;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_SITE_LAYOUTS_H_
