// Picking over HTTP: a site's store layout (orders/site_layouts.h checks and versions it) -- the merchant puts
// the whole layout as JSON, or only its locations as CSV (the planogram, from a spreadsheet); the merchant
// and the site's staff read it, latest or any version -- and pick lists (orders/picking_service.h): made by
// the merchant or the site's staff, walked by one of the site's staff, whose scans are applied once each.
#include <string_view>

#include "edge/api_error.h"
#include "edge/http/http_answer.h"
#include "edge/http/http_api.h"
#include "edge/http/order_errors.h"
#include "edge/http/roles.h"
#include "edge/json_fields.h"
#include "wasm/engine/civil_time.h"

namespace relais::edge {

using nlohmann::json;

namespace {

json SiteLayoutJson(const SiteLayout& l) {
  return {{"site", l.site}, {"version", l.version}, {"created_at", l.created_at}, {"layout", l.layout}};
}

}  // namespace

bool HttpApi::IsCsvRoute(const std::string& path) {
  if (path == kSalesHistoryPath) return true;  // A merchant's past sales (forecast_routes.cc).
  // /v1/sites/{id}/layout/locations, {id} one segment.
  constexpr std::string_view kHead = "/v1/sites/", kTail = "/layout/locations";
  if (path.size() <= kHead.size() + kTail.size() || !path.starts_with(kHead) || !path.ends_with(kTail)) return false;
  const std::string_view id(path.data() + kHead.size(), path.size() - kHead.size() - kTail.size());
  return id.find('/') == std::string_view::npos;
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

  // Pick lists. A picker is a person: the site's staff take, scan and complete them.
  const auto list_json = [](const PickList& l) {
    json j = PickListJson(l);
    j.erase("scans");  // The scans' ids are the list's memory of what it applied, not a thing to show.
    return j;
  };
  Route("POST", R"(/v1/sites/([^/]+)/pick-lists)", "/v1/sites/{id}/pick-lists", kMerchantRole | kStaffRole,
        [this, list_json](Call& c) {
          const std::string site = c.req.matches[1];
          RequireSite(c, site, "site");
          if (!store_->GetSite(c.brand->id, site)) throw NotFound("site " + site);
          const json body = ParseBody(c.req.body);
          RejectUnknownFields(body, {"orders", "wave", "date", "slot", "wave_size"});
          if (body.contains("date") || !body.contains("orders")) {  // What is due, the orders left unnamed.
            if (body.contains("orders") || body.contains("wave")) {
              throw BadField(body.contains("orders") ? "orders" : "wave",
                             "name the orders (orders, wave) or ask for what is due (date, slot, wave_size), not both");
            }
            PickingService::Due due;
            due.date = RequiredText(body, "date", 10);
            if (!ParseIsoDate(due.date)) throw BadField("date", "date is YYYY-MM-DD");
            due.slot = OptionalText(body, "slot", 11).value_or("");
            due.wave_size = OptionalInt(body, "wave_size", 1, PickingService::kMaxWaveOrders).value_or(4);
            const PickingService::Made made = ValueOrThrow(picking_.MakeDue(c.brand->id, site, due));
            json lists = json::array(), skipped = json::array();
            for (const PickList& l : made.lists) lists.push_back(list_json(l));
            for (const PickingService::Skipped& s : made.skipped) {
              skipped.push_back({{"order", s.order_id}, {"code", s.why.code}, {"message", s.why.message}});
            }
            SendJson(c.res, 201, {{"pick_lists", lists}, {"skipped", skipped}, {"more", made.more}});
            return;
          }
          if (!body["orders"].is_array()) throw BadField("orders", "orders is the list of the orders to pick");
          if (body.contains("slot") || body.contains("wave_size")) {
            throw BadField(body.contains("slot") ? "slot" : "wave_size",
                           "slot and wave_size go with date: what is due, the orders left unnamed");
          }
          std::vector<std::string> orders;
          for (size_t i = 0; i < body["orders"].size(); ++i) {
            orders.push_back(RequiredId(json{{"id", body["orders"][i]}}, "id", "orders[" + std::to_string(i) + "]."));
          }
          const bool wave = OptionalBool(body, "wave").value_or(true);
          json lists = json::array();
          for (const PickList& l : ValueOrThrow(picking_.Make(c.brand->id, site, orders, wave))) {
            lists.push_back(list_json(l));
          }
          SendJson(c.res, 201, {{"pick_lists", lists}});
        });
  Route("GET", R"(/v1/sites/([^/]+)/pick-lists)", "/v1/sites/{id}/pick-lists", kMerchantRole | kStaffRole,
        [this, list_json](Call& c) {
          const std::string site = c.req.matches[1];
          RequireSite(c, site, "site");
          if (!store_->GetSite(c.brand->id, site)) throw NotFound("site " + site);
          const std::string status = c.req.get_param_value("status");
          if (!status.empty() && status != "open" && status != "picking" && status != "waiting" && status != "done") {
            throw BadField("status", "status is open, picking, waiting or done");
          }
          json lists = json::array();
          for (const PickList& l : store_->ListPickLists(c.brand->id, site, status, 200)) lists.push_back(list_json(l));
          SendJson(c.res, 200, {{"pick_lists", lists}});
        });
  // A list another site's staff asks for does not exist for them.
  const auto visible = [this](Call& c) {
    const std::optional<PickList> list = picking_.Get(c.brand->id, c.req.matches[1]);
    if (!list || (c.role == kStaffRole && list->site != c.staff_site)) {
      throw NotFound("pick list " + std::string(c.req.matches[1]));
    }
    return *list;
  };
  Route("GET", R"(/v1/pick-lists/([^/]+))", "/v1/pick-lists/{id}", kMerchantRole | kStaffRole,
        [visible, list_json](Call& c) { SendJson(c.res, 200, list_json(visible(c))); });
  Route("POST", R"(/v1/pick-lists/([^/]+)/claim)", "/v1/pick-lists/{id}/claim", kStaffRole,
        [this, visible, list_json](Call& c) {
          visible(c);
          const PickList l = ValueOrThrow(picking_.Claim(c.brand->id, c.req.matches[1], c.staff_site, ActorOf(c)));
          SendJson(c.res, 200, list_json(l));
        });
  const auto read_scan = [](const json& body, bool with_code) {
    RejectUnknownFields(
        body, with_code ? std::initializer_list<std::string_view>{"scan_id", "line", "code", "reason", "quantity"}
                        : std::initializer_list<std::string_view>{"scan_id", "line"});
    PickingService::Scan scan;
    scan.id = RequiredText(body, "scan_id", 64);
    scan.line = RequiredInt(body, "line", 0, 10000);
    if (with_code) {
      scan.code = OptionalText(body, "code", 14).value_or("");
      scan.reason = OptionalText(body, "reason", 200).value_or("");
      scan.quantity = OptionalInt(body, "quantity", 1, 10000).value_or(1);
    }
    return scan;
  };
  Route("POST", R"(/v1/pick-lists/([^/]+)/scans)", "/v1/pick-lists/{id}/scans", kStaffRole,
        [this, visible, list_json, read_scan](Call& c) {
          visible(c);
          const PickingService::Scan scan = read_scan(ParseBody(c.req.body), true);
          SendJson(c.res, 200, list_json(ValueOrThrow(picking_.Pick(c.brand->id, c.req.matches[1], scan, ActorOf(c)))));
        });
  Route("POST", R"(/v1/pick-lists/([^/]+)/missing)", "/v1/pick-lists/{id}/missing", kStaffRole,
        [this, visible, list_json, read_scan](Call& c) {
          visible(c);
          const PickingService::Scan scan = read_scan(ParseBody(c.req.body), false);
          SendJson(c.res, 200,
                   list_json(ValueOrThrow(picking_.Missing(c.brand->id, c.req.matches[1], scan, ActorOf(c)))));
        });
  Route("POST", R"(/v1/pick-lists/([^/]+)/release)", "/v1/pick-lists/{id}/release", kMerchantRole | kStaffRole,
        [this, visible, list_json](Call& c) {
          visible(c);
          SendJson(c.res, 200, list_json(ValueOrThrow(picking_.Release(c.brand->id, c.req.matches[1], c.staff_site))));
        });
  Route("POST", R"(/v1/pick-lists/([^/]+)/complete)", "/v1/pick-lists/{id}/complete", kStaffRole,
        [this, visible, list_json](Call& c) {
          visible(c);
          SendJson(c.res, 200,
                   list_json(ValueOrThrow(picking_.Complete(c.brand->id, c.req.matches[1], c.staff_site, ActorOf(c)))));
        });
}

}  // namespace relais::edge
