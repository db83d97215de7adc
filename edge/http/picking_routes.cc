// Picking over HTTP: a site's store layout (orders/site_layouts.h checks and versions it). The merchant puts
// the whole layout as JSON, or only its locations as CSV (the planogram, from a spreadsheet); the merchant
// and the site's staff read it, latest or any version.
#include <regex>

#include "edge/api_error.h"
#include "edge/http/http_answer.h"
#include "edge/http/http_api.h"
#include "edge/http/order_errors.h"
#include "edge/http/roles.h"
#include "edge/json_fields.h"

namespace relais::edge {

using nlohmann::json;

namespace {

json SiteLayoutJson(const SiteLayout& l) {
  return {{"site", l.site}, {"version", l.version}, {"created_at", l.created_at}, {"layout", l.layout}};
}

}  // namespace

bool HttpApi::IsCsvRoute(const std::string& path) {
  static const std::regex kLocations(R"(/v1/sites/[^/]+/layout/locations)");
  return std::regex_match(path, kLocations);
}

void HttpApi::RegisterPickingRoutes() {
  Route("PUT", R"(/v1/sites/([^/]+)/layout)", "/v1/sites/{id}/layout", kMerchantRole, [this](Call& c) {
    const json body = ParseBody(c.req.body);
    SendJson(c.res, 201, SiteLayoutJson(ValueOrThrow(layouts_.Put(c.brand->id, c.req.matches[1], body))));
  });
  Route("PUT", R"(/v1/sites/([^/]+)/layout/locations)", "/v1/sites/{id}/layout/locations", kMerchantRole,
        [this](Call& c) {
          if (!store_->GetSite(c.brand->id, c.req.matches[1])) throw NotFound("site " + std::string(c.req.matches[1]));
          if (!c.req.get_header_value("Content-Type").starts_with("text/csv")) {
            throw ApiError(415, "unsupported_media_type", "send the locations as text/csv", "header.Content-Type");
          }
          SendJson(c.res, 201,
                   SiteLayoutJson(ValueOrThrow(layouts_.PutLocations(c.brand->id, c.req.matches[1], c.req.body))));
        });
  Route("GET", R"(/v1/sites/([^/]+)/layout)", "/v1/sites/{id}/layout", kMerchantRole | kStaffRole, [this](Call& c) {
    const std::string site = c.req.matches[1];
    RequireSite(c, site, "site");
    int64_t version = 0;
    if (c.req.has_param("version")) {
      const std::string v = c.req.get_param_value("version");
      if (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos || v == "0") {
        throw BadField("version", "version is a whole number from 1");
      }
      version = std::stoll(v);
    }
    const std::optional<SiteLayout> layout = layouts_.Get(c.brand->id, site, version);
    if (!layout) {
      throw ApiError(404, "not_found",
                     version ? "site " + site + " has no layout version " + std::to_string(version)
                             : "site " + site + " has no layout",
                     version ? "version" : "site");
    }
    SendJson(c.res, 200, SiteLayoutJson(*layout));
  });
}

}  // namespace relais::edge
