#include "edge/orders/site_layouts.h"

namespace relais::edge {

std::optional<LayoutProblem> SiteLayouts::Check(const std::string& brand, const nlohmann::json& layout,
                                                StoreLayout* out) {
  const SkuTemperature catalogue = [&](std::string_view sku) -> std::optional<Temperature> {
    const std::optional<Product> product = store_->GetProduct(brand, std::string(sku));
    if (!product) return std::nullopt;
    return ParseTemperature(product->temperature).value_or(Temperature::kAmbient);
  };
  return ReadStoreLayout(layout, catalogue, out);
}

OrderResult<SiteLayout> SiteLayouts::Put(const std::string& brand, const std::string& site,
                                         const nlohmann::json& layout) {
  if (!store_->GetSite(brand, site)) return OrderError{"not_found", "no site " + site, "site"};
  StoreLayout checked;
  if (std::optional<LayoutProblem> p = Check(brand, layout, &checked)) {
    return OrderError{"invalid_field", (p->field.empty() ? "" : p->field + ": ") + p->message, p->field};
  }
  // Stored as the engine writes it back: ids and primaries filled in, one spelling for every reader.
  StoreResult<SiteLayout> stored = store_->AddSiteLayout(brand, site, StoreLayoutToJson(checked));
  if (!stored.ok()) return OrderErrorOf(stored.error());
  return std::move(stored).value();
}

OrderResult<SiteLayout> SiteLayouts::PutLocations(const std::string& brand, const std::string& site,
                                                  std::string_view csv) {
  if (!store_->GetSite(brand, site)) return OrderError{"not_found", "no site " + site, "site"};
  const std::optional<SiteLayout> latest = store_->GetSiteLayout(brand, site, 0);
  if (!latest) {
    return OrderError{"not_found", "site " + site + " has no layout yet: PUT /v1/sites/" + site + "/layout first",
                      "layout"};
  }
  nlohmann::json locations;
  std::vector<int> rows;  // The spreadsheet's row of each location.
  if (std::optional<LayoutProblem> p = ReadLocationsCsv(csv, &locations, &rows)) {
    return OrderError{"invalid_field", p->field + ": " + p->message, p->field};
  }
  nlohmann::json layout = latest->layout;
  layout["locations"] = std::move(locations);
  StoreLayout checked;
  if (std::optional<LayoutProblem> p = Check(brand, layout, &checked)) {
    const std::string field = CsvRowNames(p->field, rows);
    return OrderError{"invalid_field", field + ": " + CsvRowNames(p->message, rows), field};
  }
  StoreResult<SiteLayout> stored = store_->AddSiteLayout(brand, site, StoreLayoutToJson(checked));
  if (!stored.ok()) return OrderErrorOf(stored.error());
  return std::move(stored).value();
}

}  // namespace relais::edge
