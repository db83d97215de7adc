// Relay points on the server, for callers without a browser engine: customer-service staff telling a caller
// which point is near and whether it is open, an ERP, a mobile app. The engine answers from the current
// snapshot; one request uses one dataset from start to end (RelaySnapshot::Current).
//
//   GET /v1/relays/nearest   lat & lon | postcode | town; limit, max_distance_m, carriers, kinds, weight_g,
//                            dims_cm (LxWxH), services, open_on (date), open_at (instant), open_now, at
//   GET /v1/relays/{carrier}/{id}   the point, as of `at` (default now), with distance_m when lat & lon given
#include <cmath>

#include "edge/api_error.h"
#include "edge/http/http_answer.h"
#include "edge/http/http_api.h"
#include "edge/http/relay_json.h"
#include "edge/utc_now.h"
#include "wasm/engine/geo.h"
#include "wasm/engine/instant.h"
#include "wasm/engine/place_index.h"
#include "wasm/engine/point_search.h"

namespace relais::edge {

namespace {

using nlohmann::json;

constexpr int64_t kMaxRelayResults = 50;
constexpr double kMaxSearchRadiusM = 1'000'000;

std::vector<std::string> QueryList(const httplib::Request& req, const char* name) {
  std::vector<std::string> items;
  const std::string text = req.get_param_value(name);
  for (size_t start = 0; start < text.size();) {
    const size_t comma = std::min(text.find(',', start), text.size());
    if (comma > start) items.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return items;
}

std::optional<double> QueryNumber(const httplib::Request& req, const char* name, double min, double max) {
  if (!req.has_param(name)) return std::nullopt;
  const std::string text = req.get_param_value(name);
  char* end = nullptr;
  const double v = text.empty() ? NAN : std::strtod(text.c_str(), &end);
  if (!std::isfinite(v) || end != text.c_str() + text.size() || v < min || v > max) {
    throw BadField(
        name, std::string(name) + " must be a number in [" + std::to_string(min) + ", " + std::to_string(max) + "]");
  }
  return v;
}

UnixSeconds QueryInstant(const httplib::Request& req, const char* name, UnixSeconds fallback) {
  if (!req.has_param(name)) return fallback;
  const std::optional<UnixSeconds> t = ParseInstant(req.get_param_value(name));
  if (!t) throw BadField(name, std::string(name) + " must be an instant: 2026-11-26T10:00:00Z or ...+01:00");
  return *t;
}

// The engine's filter from the query, within what the brand ships with.
PointFilter FilterOf(const httplib::Request& req, const Snapshot& snapshot, const BrandSettings& settings,
                     UnixSeconds at) {
  PointFilter filter;
  std::vector<std::string> carriers = QueryList(req, "carriers");
  for (const std::string& carrier : carriers) {
    if (!settings.carriers.empty() &&
        std::find(settings.carriers.begin(), settings.carriers.end(), carrier) == settings.carriers.end()) {
      throw BadField("carriers", "this brand does not ship with " + carrier);
    }
  }
  if (carriers.empty()) carriers = settings.carriers;
  if (!carriers.empty()) filter.SetCarriers(snapshot, std::vector<std::string_view>(carriers.begin(), carriers.end()));
  if (req.has_param("kinds")) {
    filter.kinds = 0;
    for (const std::string& kind : QueryList(req, "kinds")) {
      const std::optional<PointKind> k = ParsePointKind(kind);
      if (!k) throw BadField("kinds", "kinds are shop, locker, post_office, store, drive");
      filter.kinds |= 1u << static_cast<int>(*k);
    }
  }
  for (const std::string& service : QueryList(req, "services")) {
    const std::optional<uint16_t> bit = ParseService(service);
    if (!bit) throw BadField("services", "unknown service " + service);
    filter.required_services |= *bit;
  }
  filter.weight_g = static_cast<uint32_t>(QueryInt(req, "weight_g", 0, 0, 1'000'000));
  if (settings.max_weight_g > 0 && filter.weight_g > settings.max_weight_g) {
    throw BadField("weight_g", "this brand ships " + std::to_string(settings.max_weight_g) + " g at most to relays");
  }
  if (req.has_param("dims_cm")) {
    const std::string dims = req.get_param_value("dims_cm");
    int a = 0, b = 0, c = 0, used = 0;
    if (std::sscanf(dims.c_str(), "%dx%dx%d%n", &a, &b, &c, &used) != 3 || used != static_cast<int>(dims.size()) ||
        a < 1 || b < 1 || c < 1 || a > 1000 || b > 1000 || c > 1000) {
      throw BadField("dims_cm", "dims_cm is LxWxH in whole centimetres, e.g. 60x40x30");
    }
    filter.dims_cm = {static_cast<uint16_t>(a), static_cast<uint16_t>(b), static_cast<uint16_t>(c)};
  }
  if (req.has_param("open_on")) {
    filter.open_on = ParseIsoDate(req.get_param_value("open_on"));
    if (!filter.open_on) throw BadField("open_on", "open_on is a date: YYYY-MM-DD");
  }
  if (req.has_param("open_at")) filter.open_at = QueryInstant(req, "open_at", at);
  if (req.get_param_value("open_now") == "true") filter.open_at = at;
  // The carrier itself accepts parcels at points that publish no hours (La Poste's), unless closed that day:
  // they pass the date tests (the engine's default) unless the caller asks for published hours.
  if (req.has_param("known_hours")) {
    const std::string known = req.get_param_value("known_hours");
    if (known != "true" && known != "false") throw BadField("known_hours", "known_hours is true or false");
    filter.unknown_hours_pass = known == "false";
  }
  return filter;
}

}  // namespace

void HttpApi::RegisterRelayRoutes() {
  Route("GET", "/v1/relays/nearest", "/v1/relays/nearest", kMerchantRole | kStaffRole | kAgentRole, [this](Call& c) {
    const std::shared_ptr<const RelayDataset> dataset = relays_->Current();
    if (!dataset) throw ApiError(503, "relay_data_unavailable", "no relay snapshot: " + relays_->error());
    const BrandSettings settings = CurrentSettings(c.brand->id);
    if (!settings.relay_enabled) throw Conflict("relays_disabled", "this brand does not ship to relay points");
    const Snapshot& snapshot = *dataset->snapshot;
    const UnixSeconds at = QueryInstant(c.req, "at", UnixSecondsNow());

    json origin;
    NearestQuery query;
    if (c.req.has_param("lat") || c.req.has_param("lon")) {
      query.lat = QueryNumber(c.req, "lat", -90, 90).value_or(NAN);
      query.lon = QueryNumber(c.req, "lon", -180, 180).value_or(NAN);
      if (std::isnan(query.lat) || std::isnan(query.lon)) throw BadField("lat", "give both lat and lon");
      origin = {{"lat", query.lat}, {"lon", query.lon}};
    } else if (c.req.has_param("postcode") || c.req.has_param("town")) {
      if (!places_) {
        throw ApiError(503, "place_search_unavailable",
                       "this server has no postcode file (config \"places\"): search by lat and lon");
      }
      if (c.req.has_param("postcode")) {
        const std::string postcode = c.req.get_param_value("postcode");
        const auto centre = places_->PostcodeCentre(postcode);
        if (!centre) throw ApiError(404, "unknown_place", "no place has the postcode " + postcode, "postcode");
        std::tie(query.lat, query.lon) = *centre;
        json towns = json::array();
        for (const Place& p : places_->WithPostcode(postcode)) towns.push_back(p.town);
        origin = {{"lat", query.lat}, {"lon", query.lon}, {"postcode", postcode}, {"towns", towns}};
      } else {
        const std::string town = c.req.get_param_value("town");
        const std::vector<Place> found = places_->TownsStartingWith(town, 1);
        if (found.empty()) throw ApiError(404, "unknown_place", "no town is called " + town, "town");
        query.lat = found[0].lat;
        query.lon = found[0].lon;
        origin = {{"lat", query.lat},
                  {"lon", query.lon},
                  {"postcode", found[0].postcode},
                  {"towns", json::array({found[0].town})}};
      }
    } else {
      throw BadField("lat", "say where to search: lat and lon, a postcode or a town");
    }
    query.k = static_cast<uint32_t>(QueryInt(c.req, "limit", 10, 1, kMaxRelayResults));
    query.max_distance_m = QueryNumber(c.req, "max_distance_m", 1, kMaxSearchRadiusM).value_or(kMaxSearchRadiusM);
    query.filter = FilterOf(c.req, snapshot, settings, at);

    PointSearch search(snapshot);
    std::vector<NearestHit> hits;
    search.Nearest(query, &hits);
    json points = json::array();
    for (const NearestHit& h : hits) points.push_back(RelayJson(snapshot, h.point, at, h.distance_m));
    SendJson(c.res, 200,
             {{"dataset", DatasetJson(snapshot, dataset->loaded_at)},
              {"at", FormatInstant(at, 0)},
              {"origin", origin},
              {"points", points}});
  });

  Route("GET", R"(/v1/relays/([a-z0-9-]{1,32})/([^/]+))", "/v1/relays/{carrier}/{id}",
        kMerchantRole | kStaffRole | kAgentRole, [this](Call& c) {
          const std::shared_ptr<const RelayDataset> dataset = relays_->Current();
          if (!dataset) throw ApiError(503, "relay_data_unavailable", "no relay snapshot: " + relays_->error());
          const Snapshot& snapshot = *dataset->snapshot;
          const std::string carrier = c.req.matches[1], id = c.req.matches[2];
          const std::optional<uint32_t> point = snapshot.Find(carrier, id);
          if (!point) throw NotFound("relay point " + carrier + "/" + id);
          const UnixSeconds at = QueryInstant(c.req, "at", UnixSecondsNow());
          std::optional<double> distance_m;
          if (c.req.has_param("lat") || c.req.has_param("lon")) {
            const std::optional<double> lat = QueryNumber(c.req, "lat", -90, 90);
            const std::optional<double> lon = QueryNumber(c.req, "lon", -180, 180);
            if (!lat || !lon) throw BadField("lat", "give both lat and lon");
            distance_m = HaversineMeters(*lat, *lon, snapshot.lat(*point), snapshot.lon(*point));
          }
          SendJson(c.res, 200,
                   {{"dataset", DatasetJson(snapshot, dataset->loaded_at)},
                    {"at", FormatInstant(at, 0)},
                    {"point", RelayJson(snapshot, *point, at, distance_m)}});
        });
}

}  // namespace relais::edge
