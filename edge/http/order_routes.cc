// The order routes of HttpApi: creation (idempotent, re-priced, re-checked, reserved all or nothing),
// reading, cancelling, moving forward, and a customer's preferred relay.
#include <algorithm>
#include <chrono>
#include <map>
#include <tuple>

#include "edge/http/http_answer.h"
#include "edge/http/http_api.h"
#include "edge/http/order_errors.h"
#include "edge/http/relay_json.h"
#include "edge/json_fields.h"
#include "edge/model/order_json.h"
#include "edge/orders/customer_fields.h"
#include "edge/orders/order_family.h"
#include "edge/orders/split_request.h"
#include "edge/orders/tracking_token.h"
#include "edge/secrets.h"
#include "edge/utc_now.h"
#include "wasm/engine/civil_time.h"
#include "wasm/engine/point_search.h"
#include "wasm/engine/relay_choice.h"
#include "wasm/engine/sha256.h"
#include "wasm/engine/split_json.h"

namespace relais::edge {

namespace {

using nlohmann::json;

constexpr size_t kMaxLines = 100;
constexpr size_t kMaxBatchOrders = 100;
constexpr int64_t kMaxLineQuantity = 1000;
constexpr int64_t kOpenOrdersJoined = 20;   // A customer's most recent open orders a basket may join.
constexpr int64_t kSubstitutesLooked = 50;  // Products of a category looked at for substitutes.

// One parcel: the lines that leave the same site by the same mode for the same destination.
struct Parcel {
  std::string site, mode;
  json destination;
  std::string date;
  int64_t weight_g = 0;
  std::array<uint16_t, 3> dims_cm = {0, 0, 0};  // Its largest item's (parcels are packed by the site).
  int64_t cost_cents = 0;
  size_t first_line = 0;
};

// Where an order comes from: the shop's checkout, or a channel the import service takes orders from.
const std::initializer_list<std::string_view> kOrderChannels = {"web", "phone", "erp", "marketplace", "store", "app"};

}  // namespace

void HttpApi::RequireRelayFits(const Brand& brand, const BrandSettings& settings,
                               const std::shared_ptr<const RelayDataset>& relays, const RelayParcel& p,
                               const std::string& at) {
  if (!relays) {
    throw ApiError(503, "relay_data_unavailable", "relay points cannot be checked now: " + relays_->error(), at);
  }
  const Snapshot& snapshot = *relays->snapshot;
  const std::string carrier = p.point["carrier"], id = p.point["id"];
  RelayChoice choice;
  choice.carrier = carrier;
  choice.id = id;
  choice.parcel.kinds = p.mode == "locker" ? 1u << static_cast<int>(PointKind::kLocker)
                                           : (1u << static_cast<int>(PointKind::kShop)) |
                                                 (1u << static_cast<int>(PointKind::kPostOffice));
  if (!settings.carriers.empty()) {
    choice.parcel.SetCarriers(snapshot,
                              std::vector<std::string_view>(settings.carriers.begin(), settings.carriers.end()));
  }
  const int64_t brand_max = settings.max_weight_g;
  if (brand_max > 0 && p.weight_g > brand_max) {
    throw Conflict("too_heavy_for_relay",
                   "the parcel weighs " + std::to_string(p.weight_g) + " g; this brand ships " +
                       std::to_string(brand_max) + " g at most to relays",
                   at);
  }
  choice.parcel.weight_g = static_cast<uint32_t>(std::min<int64_t>(p.weight_g, UINT32_MAX));
  choice.parcel.dims_cm = p.dims_cm;
  choice.parcel.open_on = ParseIsoDate(p.date);
  PointSearch search(snapshot);
  const RelayVerdict verdict = CheckRelayChoice(snapshot, &search, choice);
  if (verdict.problem == RelayProblem::kNone) return;
  json alternatives = json::array();
  for (const NearestHit& h : verdict.alternatives) {
    alternatives.push_back(RelayJson(snapshot, h.point, UnixSecondsNow(), h.distance_m));
  }
  const std::optional<Site> site = store_->GetSite(brand.id, p.site);
  const json home = site ? site->capabilities.value("home", json::object()) : json::object();
  throw Conflict("relay_unavailable",
                 "relay point " + carrier + "/" + id + " cannot take this parcel (" +
                     std::string(RelayProblemCode(verdict.problem)) + ")",
                 at)
      .WithDetails({{"reason", RelayProblemCode(verdict.problem)},
                    {"alternatives", alternatives},
                    {"home_delivery",
                     {{"available", home.value("enabled", false)}, {"cost_cents", home.value("cost_cents", 0)}}}});
}

std::optional<json> HttpApi::ReplayedOrder(const Brand& brand, const std::string& key,
                                           const std::string& request_sha256) {
  const std::optional<Order> replay = ValueOrThrow(store_->ReplayOrder(brand.id, key, request_sha256));
  if (!replay) return std::nullopt;
  json answer = OrderJson(*replay);
  answer["tracking_token"] = MakeTrackingToken(tracking_secret_, brand.id, replay->id);
  answer["replayed"] = true;
  return answer;
}

json HttpApi::CreateOrder(const Brand& brand, const json& body, const std::string& key, int* status,
                          const std::string& request_identity, const BasketPlan* planned) {
  if (!body.is_object()) throw BadField("", "an order is a JSON object");
  const std::string canonical = request_identity.empty() ? body.dump() : request_identity;
  const std::string request_sha256 = Sha256Hex({reinterpret_cast<const uint8_t*>(canonical.data()), canonical.size()});
  if (std::optional<json> replay = ReplayedOrder(brand, key, request_sha256)) {
    *status = 200;
    return std::move(*replay);
  }
  // Client totals and prices are accepted and ignored: the server prices the order itself.
  RejectUnknownFields(body, {"customer_id", "purchase_site", "lines", "split", "total_cents", "currency", "channel",
                             "external_ref", "contact", "allow_substitutions"});
  const BrandSettings settings = CurrentSettings(brand.id);
  NewOrder n;
  Order& order = n.order;
  order.customer_id = RequiredId(body, "customer_id");
  if (body.contains("channel")) order.channel = RequiredEnum(body, "channel", kOrderChannels);
  order.external_ref = OptionalText(body, "external_ref", 100).value_or("");
  if (body.contains("contact")) order.contact = ReadContact(body["contact"], "contact.");
  if (body.contains("allow_substitutions")) {
    if (!body["allow_substitutions"].is_boolean()) throw BadField("allow_substitutions", "true or false");
    order.substitutions_allowed = body["allow_substitutions"];
  }
  std::string purchase_zone;
  if (body.contains("purchase_site")) {
    order.purchase_site = RequiredId(body, "purchase_site");
    const std::optional<Site> purchase = store_->GetSite(brand.id, order.purchase_site);
    if (!purchase) throw ApiError(404, "not_found", "no site " + order.purchase_site, "purchase_site");
    purchase_zone = purchase->zone;
  }
  if (!body.contains("lines") || !body["lines"].is_array() || body["lines"].empty() ||
      body["lines"].size() > kMaxLines) {
    throw BadField("lines", "lines must be an array of 1.." + std::to_string(kMaxLines) + " lines");
  }
  std::vector<Parcel> parcels;
  std::map<std::string, size_t> parcel_of;  // (site, mode, destination) -> parcels index.
  for (size_t i = 0; i < body["lines"].size(); ++i) {
    const json& l = body["lines"][i];
    const std::string at = "lines[" + std::to_string(i) + "].";
    if (!l.is_object()) throw BadField("lines[" + std::to_string(i) + "]", "a line is an object");
    RejectUnknownFields(
        l, {"sku", "quantity", "site", "mode", "destination", "via", "date", "unit_price_cents", "total_cents"}, at);
    OrderLine line;
    line.sku = RequiredId(l, "sku", at);
    line.quantity = RequiredInt(l, "quantity", 1, kMaxLineQuantity, at);
    line.site = RequiredId(l, "site", at);
    line.mode = RequiredEnum(
        l, "mode", {"home", "click_collect", "drive", "pedestrian", "relay", "locker", "reserve_transfer"}, at);
    if (const std::optional<std::string> date = OptionalText(l, "date", 10, at)) {
      if (!ParseIsoDate(*date)) throw BadField(at + "date", at + "date must be YYYY-MM-DD");
      line.date = *date;
    }
    const std::optional<Product> product = store_->GetProduct(brand.id, line.sku);
    if (!product) throw ApiError(404, "not_found", "no product with sku " + line.sku, at + "sku");
    const std::optional<Site> site = store_->GetSite(brand.id, line.site);
    if (!site) throw ApiError(404, "not_found", "no site " + line.site, at + "site");
    // The extended site: a line bought at a site comes from it or from a site of its sales zone.
    if (!order.purchase_site.empty() && line.site != order.purchase_site &&
        (purchase_zone.empty() || site->zone != purchase_zone)) {
      throw Conflict("outside_sales_zone",
                     "site " + line.site + " is not in the sales zone of " + order.purchase_site +
                         (purchase_zone.empty() ? " (which has none)" : " (" + purchase_zone + ")"),
                     at + "site");
    }
    const json destination = l.value("destination", json::object());
    if (!destination.is_object()) throw BadField(at + "destination", at + "destination must be an object");
    // Collected at another site: that site offers the mode (checked below), this one transfers to it.
    const bool collected_elsewhere =
        (line.mode == "click_collect" || line.mode == "drive" || line.mode == "pedestrian") &&
        destination.contains("site") && destination["site"] != line.site;
    // Delivered by another site after a transfer (reservation + transfer, then home, relay or locker).
    std::optional<Site> via_site;
    if (l.contains("via")) {
      if (line.mode != "home" && line.mode != "relay" && line.mode != "locker") {
        throw BadField(at + "via", "via is for home, relay and locker lines (a collection names its site)");
      }
      line.via = RequiredId(l, "via", at);
      via_site = store_->GetSite(brand.id, line.via);
      if (!via_site) throw ApiError(404, "not_found", "no site " + line.via, at + "via");
      if (line.via == line.site) throw BadField(at + "via", "via names another site than the line's");
      if (!via_site->capabilities.value(line.mode, json::object()).value("enabled", false)) {
        throw Conflict("mode_unavailable", "site " + line.via + " does not offer " + line.mode, at + "via");
      }
    }
    const bool transferred = collected_elsewhere || via_site.has_value();
    const json capability = site->capabilities.value(transferred ? "transfer" : line.mode, json());
    if (!capability.is_object() || !capability.value("enabled", false)) {
      throw Conflict(
          "mode_unavailable",
          "site " + line.site + (transferred ? " does not transfer to other sites" : " does not offer " + line.mode),
          at + "mode");
    }
    const std::string dat = at + "destination.";
    if (line.mode == "home") {
      line.destination = ReadHomeAddress(destination, dat);
    } else if (line.mode == "relay" || line.mode == "locker") {
      if (!settings.relay_enabled) {
        throw Conflict("mode_unavailable", "relay delivery is off for this brand", at + "mode");
      }
      RejectUnknownFields(destination, {"carrier", "id"}, dat);
      line.destination = {{"carrier", RequiredText(destination, "carrier", 32, dat)},
                          {"id", RequiredText(destination, "id", 32, dat)}};
      if (line.date.empty()) throw BadField(at + "date", "a relay or locker line needs its arrival date");
    } else if (line.mode == "reserve_transfer") {
      RejectUnknownFields(destination, {"site"}, dat);
      const std::string pickup = RequiredId(destination, "site", dat);
      const std::optional<Site> pickup_site = store_->GetSite(brand.id, pickup);
      if (!pickup_site) throw ApiError(404, "not_found", "no site " + pickup, dat + "site");
      if (!pickup_site->capabilities.value("click_collect", json::object()).value("enabled", false)) {
        throw Conflict("mode_unavailable", "site " + pickup + " does not hand over orders", dat + "site");
      }
      line.destination = {{"site", pickup}};
    } else {  // Collected at the line's site, or at another after a transfer from it.
      RejectUnknownFields(destination, {"site"}, dat);
      const std::string pickup = destination.contains("site") ? RequiredId(destination, "site", dat) : line.site;
      if (pickup != line.site) {  // The transfer was checked above.
        const std::optional<Site> pickup_site = store_->GetSite(brand.id, pickup);
        if (!pickup_site) throw ApiError(404, "not_found", "no site " + pickup, dat + "site");
        if (!pickup_site->capabilities.value(line.mode, json::object()).value("enabled", false)) {
          throw Conflict("mode_unavailable", "site " + pickup + " does not offer " + line.mode, dat + "site");
        }
      }
      line.destination = {{"site", pickup}};
    }
    line.unit_price_cents = product->price_cents;
    const std::string parcel_key =
        line.site + "\n" + line.via + "\n" + line.mode + "\n" + line.destination.dump() + "\n" + line.date;
    auto [it, fresh] = parcel_of.emplace(parcel_key, parcels.size());
    if (fresh) {
      parcels.push_back({line.site,
                         line.mode,
                         line.destination,
                         line.date,
                         0,
                         {0, 0, 0},
                         (via_site ? via_site->capabilities.value(line.mode, json::object()) : capability)
                             .value("cost_cents", int64_t{0}),
                         i});
    }
    Parcel& parcel = parcels[it->second];
    PackIntoParcel(*product, line.quantity, &parcel.weight_g, &parcel.dims_cm);
    order.lines.push_back(line);
  }

  // Relay and locker parcels: re-checked by the engine against the server's snapshot (one dataset for the
  // whole order, whatever a reload does meanwhile).
  const std::shared_ptr<const RelayDataset> relays = relays_->Current();
  for (const Parcel& p : parcels) {
    if (p.mode != "relay" && p.mode != "locker") continue;
    RequireRelayFits(brand, settings, relays, {p.site, p.mode, p.destination, p.date, p.weight_g, p.dims_cm},
                     "lines[" + std::to_string(p.first_line) + "].destination");
  }

  // The shopper's plan, re-made with the server's stock and figures: the lines must be what it says.
  json planned_delivery;
  if (body.contains("split")) planned_delivery = RecheckSplit(brand, settings, order, body["split"], planned);

  int64_t total = 0;
  for (const OrderLine& l : order.lines) total += l.unit_price_cents * l.quantity;
  if (!planned_delivery.is_null()) {
    for (const json& shipment : planned_delivery) total += shipment["cost_cents"].get<int64_t>();
    order.delivery = planned_delivery;
    parcels.clear();
  }
  for (const Parcel& p : parcels) {
    order.delivery.push_back({{"site", p.site},
                              {"mode", p.mode},
                              {"destination", p.destination},
                              {"weight_g", p.weight_g},
                              {"cost_cents", p.cost_cents}});
    total += p.cost_cents;
    if (p.mode == "relay" || p.mode == "locker") n.last_relay = p.destination;
  }
  for (const OrderLine& l : order.lines) {
    if (l.mode == "relay" || l.mode == "locker") n.last_relay = l.destination;
  }
  order.total_cents = total;
  order.id = "ord_" + RandomHex(12);
  order.created_at = UtcNowIso();
  // Served by several sites (or by another than the purchase site): each gets its own child order.
  n.children = ChildOrders(order);
  for (const Order& child : n.children) order.children.push_back(ChildSummary(child));
  n.actor = order.channel == "web" ? "merchant" : "merchant (" + order.channel + ")";
  n.idempotency_key = key;
  n.request_sha256 = request_sha256;
  bool replayed = false;  // Still possible: the same request may have raced this one to the writer.
  const Order stored = ValueOrThrow(store_->CreateOrder(brand.id, n, &replayed));
  *status = replayed ? 200 : 201;
  if (!replayed) {
    metrics_.Count("orders_created");
    metrics_.Count("reservations", stored.lines.size());
  }
  json answer = OrderJson(stored);
  answer["tracking_token"] = MakeTrackingToken(tracking_secret_, brand.id, stored.id);
  answer["replayed"] = replayed;
  return answer;
}

namespace {

// What a line amounts to, in the terms both the order and the engine's plan can be read in: sku, source
// site, mode (reserve_transfer and the engine's reserve are click_collect), and where it is collected.
using PlannedKey = std::tuple<std::string, std::string, std::string, std::string>;

PlannedKey KeyOfLine(const OrderLine& l) {
  const std::string mode = l.mode == "reserve_transfer" ? "click_collect" : l.mode;
  const bool collected = mode == "click_collect" || mode == "drive" || mode == "pedestrian";
  return {l.sku, l.site, mode, collected ? l.destination.value("site", l.site) : l.via};
}

}  // namespace

HttpApi::BasketPlan HttpApi::PlanBasket(const Brand& brand, const BrandSettings& settings,
                                        const std::string& purchase_site, const std::string& customer_id,
                                        const std::vector<SplitRequestLine>& lines, const json& choices,
                                        const std::string& preference, const std::string& at) {
  metrics_.Count("split_plans");  // One per request that plans: what relais_split_plans_total counts.
  BasketPlan result;
  result.input = BuildSplitInput(*store_, brand.id, settings, purchase_site, lines, UnixSecondsNow());
  const std::shared_ptr<const RelayDataset> relays = relays_->Current();
  AddSplitChoices(choices, preference, relays ? &*relays->snapshot : nullptr, at, &result.input);
  AddOpenShipments(store_->OpenOrdersOf(brand.id, customer_id, kOpenOrdersJoined), &result.input);
  result.plan = Split(result.input);
  if (!result.plan.error.empty())
    throw BadField(at.empty() ? "choices" : at.substr(0, at.size() - 1), result.plan.error);
  result.json = SplitPlanToJson(result.input, result.plan);
  // What could replace a line that cannot be served: products of its category, same temperature, with
  // stock at a site that may serve this order.
  for (json& u : result.json["unserved"]) {
    const std::optional<Product> missing = store_->GetProduct(brand.id, u["sku"]);
    json substitutes = json::array();
    for (const Product& p : store_->ProductsIn(brand.id, missing->category, kSubstitutesLooked)) {
      if (p.sku == missing->sku || p.temperature != missing->temperature) continue;
      int64_t available = 0;
      for (const SiteStock& s : store_->StockOf(brand.id, p.sku)) {
        for (const SplitSite& site : result.input.sites)
          available += site.id == s.site ? std::max<int64_t>(0, s.level.available()) : 0;
      }
      if (available >= u["quantity"].get<int64_t>()) {
        substitutes.push_back(
            {{"sku", p.sku}, {"name", p.name}, {"price_cents", p.price_cents}, {"available", available}});
      }
    }
    u["substitutes"] = substitutes;
  }
  return result;
}

json HttpApi::WithHomePlaced(json choices, const json& address) const {
  if (!places_ || !choices.is_object() || choices.contains("home") || !address.is_object()) return choices;
  if (address.value("country", "FR") != "FR") return choices;
  const std::string postcode = address.value("postcode", "");
  const std::string town = FoldPlaceName(address.value("city", ""));
  std::optional<std::pair<double, double>> at;
  for (const Place& p : places_->WithPostcode(postcode)) {
    if (!at && FoldPlaceName(p.town) == town) at = std::pair{p.lat, p.lon};
  }
  if (!at) at = places_->PostcodeCentre(postcode);  // A town spelt otherwise: the postcode's centre.
  if (at) choices["home"] = {{"lat", at->first}, {"lon", at->second}};
  return choices;
}

json HttpApi::RecheckSplit(const Brand& brand, const BrandSettings& settings, const Order& order, const json& split,
                           const BasketPlan* planned) {
  if (!split.is_object()) throw BadField("split", "split is {choices, preference, line_modes}");
  RejectUnknownFields(split, {"choices", "preference", "line_modes"}, "split.");
  const std::string preference = OptionalText(split, "preference", 16, "split.").value_or("cheapest");
  const json line_modes = split.value("line_modes", json::object());
  if (!line_modes.is_object()) throw BadField("split.line_modes", "line_modes is {sku: mode} for imposed modes");
  std::vector<SplitRequestLine> lines;
  for (const OrderLine& l : order.lines) {  // One line per sku: the engine plans a sku's units together.
    auto same = std::find_if(lines.begin(), lines.end(), [&](const SplitRequestLine& r) { return r.sku == l.sku; });
    if (same == lines.end()) {
      const json mode = line_modes.value(l.sku, json());
      if (!mode.is_null() && !mode.is_string()) throw BadField("split.line_modes." + l.sku, "a mode");
      lines.push_back({l.sku, l.quantity, mode.is_string() ? mode.get<std::string>() : ""});
    } else {
      same->quantity += l.quantity;
    }
  }
  // A home line names its address; the plan needs a position: placed from the postcode when none came.
  json choices = split.value("choices", json::object());
  for (const OrderLine& l : order.lines) {
    if (l.mode == "home") choices = WithHomePlaced(std::move(choices), l.destination);
  }
  // The plan this request made already (a basket's, for these very lines), or the server's now.
  const BasketPlan planned_basket = planned ? *planned
                                            : PlanBasket(brand, settings, order.purchase_site, order.customer_id, lines,
                                                         choices, preference, "split.");
  const SplitInput& input = planned_basket.input;
  const SplitPlan& plan = planned_basket.plan;
  const json& plan_json = planned_basket.json;
  std::map<PlannedKey, int64_t> in_plan, ordered;
  json delivery = json::array();
  for (size_t k = 0; k < plan.shipments.size(); ++k) {
    const Shipment& s = plan.shipments[k];
    std::string mode(SplitModeName(s.mode));
    if (s.mode == SplitMode::kReserve) mode = "click_collect";
    // Where it is collected, or which site delivers it after a transfer.
    const std::string pickup = s.destination_site >= 0 ? input.sites[s.destination_site].id
                               : s.via >= 0            ? input.sites[s.via].id
                                                       : "";
    for (const ShipmentLine& l : s.lines) {
      in_plan[{input.lines[l.line].sku, input.sites[s.source].id, mode, pickup}] += l.quantity;
    }
    const json& shipment = plan_json["shipments"][k];
    json entry = {{"site", shipment["site"]},
                  {"mode", mode},
                  {"destination", shipment["destination"]},
                  {"weight_g", shipment["weight_g"]},
                  {"parcels", shipment["parcels"]},
                  {"cost_cents", shipment["cost_cents"]},
                  {"earliest", shipment["earliest"]},
                  {"latest", shipment["latest"]}};
    if (shipment.contains("joins")) entry["joins"] = shipment["joins"];  // Rides with an open order's parcel.
    if (shipment.contains("via")) entry["via"] = shipment["via"];
    delivery.push_back(entry);
  }
  for (const OrderLine& l : order.lines) ordered[KeyOfLine(l)] += l.quantity;
  if (in_plan != ordered || !plan.unserved.empty()) {
    throw Conflict("plan_changed",
                   "the basket's best plan with the server's stock and figures is not the one ordered; "
                   "show the shopper this plan",
                   "lines")
        .WithDetails({{"plan", plan_json}});
  }
  return delivery;
}

json HttpApi::ImportOrder(const Brand& brand, const json& body, const std::string& key, int* status) {
  if (!body.is_object()) throw BadField("", "an order is a JSON object");
  const std::string channel = RequiredEnum(body, "channel", kOrderChannels);
  const std::string external_ref = RequiredText(body, "external_ref", 100);
  json order = body;
  if (body.contains("relay")) {
    // The relay point the customer chose, first class: every relay or locker line that names no
    // destination goes there (then checked like any relay line: 409 with alternatives when it cannot).
    const json& relay = body["relay"];
    if (!relay.is_object()) throw BadField("relay", "relay is the chosen point: {carrier, id}");
    order.erase("relay");
    bool taken = false;
    if (order.contains("lines") && order["lines"].is_array()) {
      for (json& line : order["lines"]) {
        if (!line.is_object() || !line.contains("mode") || !line["mode"].is_string()) continue;
        const std::string mode = line["mode"];
        if ((mode == "relay" || mode == "locker") && !line.contains("destination")) {
          line["destination"] = relay;
          taken = true;
        }
      }
    }
    if (!taken) throw BadField("relay", "relay is given but no relay or locker line without a destination takes it");
  }
  // A system that re-sends an order it is unsure about sends the same reference: the same order comes back.
  return CreateOrder(brand, order, key.empty() ? "import:" + channel + ":" + external_ref : key, status);
}

void HttpApi::RegisterOrderRoutes() {
  Route("GET", "/v1/availability", "/v1/availability", kMerchantRole | kStaffRole, [this](Call& c) {
    // What a browser needs to split a basket itself: a split input with one unit of each sku.
    std::vector<SplitRequestLine> lines;
    std::string skus = c.req.get_param_value("skus");
    for (size_t start = 0; start < skus.size();) {
      const size_t comma = std::min(skus.find(',', start), skus.size());
      const std::string sku = skus.substr(start, comma - start);
      if (!IsValidId(sku)) throw BadField("skus", "skus is a comma-separated list of skus");
      lines.push_back({sku, 1, ""});
      start = comma + 1;
    }
    if (lines.empty() || lines.size() > kMaxLines) {
      throw BadField("skus", "skus names 1.." + std::to_string(kMaxLines) + " skus");
    }
    const UnixSeconds now = UnixSecondsNow();
    const BrandSettings settings = CurrentSettings(c.brand->id);
    if (c.role == kStaffRole && c.req.has_param("site")) RequireSite(c, c.req.get_param_value("site"), "site");
    SplitInput input = BuildSplitInput(*store_, c.brand->id, settings, c.req.get_param_value("site"), lines, now);
    if (c.role == kStaffRole) {
      // Staff read their own site's stock; of the others, whether one unit is there (roles.h).
      for (SplitLine& line : input.lines) {
        for (size_t k = 0; k < line.stock.size() && k < input.sites.size(); ++k) {
          if (input.sites[k].id != c.staff_site) line.stock[k] = std::min<int64_t>(line.stock[k], 1);
        }
      }
    }
    if (const std::string customer = c.req.get_param_value("customer_id"); !customer.empty()) {
      AddOpenShipments(store_->OpenOrdersOf(c.brand->id, customer, kOpenOrdersJoined), &input);
    }
    json answer = SplitInputToJson(input);
    json prices = json::object();
    for (const SplitRequestLine& l : lines) prices[l.sku] = store_->GetProduct(c.brand->id, l.sku)->price_cents;
    answer["prices"] = prices;
    SendJson(c.res, 200, answer);
  });

  Route("POST", "/v1/orders", "/v1/orders", kMerchantRole, [this](Call& c) {
    const std::string key = c.req.get_header_value("Idempotency-Key");
    if (key.empty() || key.size() > 200) {
      throw BadField("Idempotency-Key",
                     "send an Idempotency-Key header (1-200 characters): a retry must not order twice");
    }
    int status = 201;
    const json answer = CreateOrder(*c.brand, ParseBody(c.req.body), key, &status);
    SendJson(c.res, status, answer);
  });
  Route("POST", "/v1/orders/import", "/v1/orders/import", kMerchantRole, [this](Call& c) {
    int status = 201;
    const json answer =
        ImportOrder(*c.brand, ParseBody(c.req.body), c.req.get_header_value("Idempotency-Key"), &status);
    SendJson(c.res, status, answer);
  });

  Route("POST", "/v1/orders/import/batch", "/v1/orders/import/batch", kMerchantRole, [this](Call& c) {
    const json body = ParseBody(c.req.body);
    RejectUnknownFields(body, {"orders"});
    if (!body.contains("orders") || !body["orders"].is_array() || body["orders"].empty() ||
        body["orders"].size() > kMaxBatchOrders) {
      throw BadField("orders", "orders must be an array of 1.." + std::to_string(kMaxBatchOrders) + " orders");
    }
    // Each order on its own: one refused never blocks the others, and each result says what became of it.
    json results = json::array();
    int created = 0, replayed = 0, failed = 0;
    const json& orders = body["orders"];
    for (size_t i = 0; i < orders.size(); ++i) {
      json result = {{"index", i}};
      if (orders[i].is_object() && orders[i].contains("external_ref") && orders[i]["external_ref"].is_string()) {
        result["external_ref"] = orders[i]["external_ref"];
      }
      try {
        int status = 201;
        result["order"] = ImportOrder(*c.brand, orders[i], "", &status);
        result["status"] = status;
        ++(status == 201 ? created : replayed);
      } catch (const ApiError& e) {
        result["status"] = e.status();
        result["error"] = ErrorJson(e);
        ++failed;
      }
      results.push_back(std::move(result));
    }
    SendJson(c.res, 200, {{"results", results}, {"created", created}, {"replayed", replayed}, {"failed", failed}});
  });

  Route("GET", "/v1/orders", "/v1/orders", kMerchantRole | kStaffRole, [this](Call& c) {
    const int64_t limit = QueryInt(c.req, "limit", 100, 1, 500);
    std::string next;
    json orders = json::array();
    // Staff see their site's orders: a page may hold fewer than `limit` of them; follow "next".
    for (const Order& o : store_->ListOrders(c.brand->id, limit, c.req.get_param_value("after"), &next)) {
      if (MaySee(c, o)) orders.push_back(OrderJson(o));
    }
    SendJson(c.res, 200, {{"orders", orders}, {"next", next.empty() ? json() : json(next)}});
  });
  Route("GET", R"(/v1/orders/([^/]+))", "/v1/orders/{id}", kMerchantRole | kStaffRole | kShopperRole, [this](Call& c) {
    const std::optional<Order> order = store_->GetOrder(c.brand->id, c.req.matches[1]);
    if (!order || !MaySee(c, *order)) throw NotFound("order " + std::string(c.req.matches[1]));
    SendJson(c.res, 200, OrderJson(*order));
  });
  Route("POST", R"(/v1/orders/([^/]+)/cancel)", "/v1/orders/{id}/cancel", kMerchantRole | kShopperRole,
        [this](Call& c) {
          json outcome;
          const Order order = CancelOrder(c, c.req.matches[1], &outcome);
          metrics_.Count("orders_cancelled");
          json answer = OrderJson(order);
          if (!outcome.is_null()) answer["cancellation"] = outcome;  // A parent: what became of each part.
          SendJson(c.res, 200, answer);
        });
  Route("POST", R"(/v1/orders/([^/]+)/status)", "/v1/orders/{id}/status", kMerchantRole | kStaffRole, [this](Call& c) {
    const std::optional<Order> order = store_->GetOrder(c.brand->id, c.req.matches[1]);
    if (!order || !MaySee(c, *order)) throw NotFound("order " + std::string(c.req.matches[1]));
    if (!MayMove(c, *order)) {
      throw ApiError(403, "forbidden", "staff move the orders their site prepares or hands over", "status");
    }
    const json body = ParseBody(c.req.body);
    RejectUnknownFields(body, {"status"});
    const std::string status =
        RequiredEnum(body, "status", {"preparing", "ready", "shipped", "collected", "delivered"});
    SendJson(
        c.res, 200,
        OrderJson(
            ValueOrThrow(lifecycle_.Advance(c.brand->id, c.req.matches[1], status, cancellable_, ActorOf(c))).order));
  });
  Route("GET", R"(/v1/customers/([^/]+)/preferences)", "/v1/customers/{id}/preferences", kMerchantRole,
        [this](Call& c) { SendJson(c.res, 200, store_->CustomerPreferences(c.brand->id, c.req.matches[1])); });
}

void HttpApi::RegisterStaffRoutes() {
  Route("POST", "/v1/staff-tokens", "/v1/staff-tokens", kMerchantRole, [this](Call& c) {
    const json body = ParseBody(c.req.body);
    RejectUnknownFields(body, {"site", "name"});
    StaffToken staff;
    staff.brand = c.brand->id;
    staff.site = RequiredId(body, "site");
    staff.name = RequiredText(body, "name", 200);
    if (!store_->GetSite(c.brand->id, staff.site)) throw ApiError(404, "not_found", "no site " + staff.site, "site");
    staff.id = "stt_" + RandomHex(8);
    const std::string token = "stf_" + RandomHex(32);  // Shown once; only its hash is kept.
    staff.token_sha256 = Sha256Hex({reinterpret_cast<const uint8_t*>(token.data()), token.size()});
    store_->PutStaffToken(staff);
    SendJson(c.res, 201, {{"id", staff.id}, {"site", staff.site}, {"name", staff.name}, {"token", token}});
  });
  Route("DELETE", R"(/v1/staff-tokens/([^/]+))", "/v1/staff-tokens/{id}", kMerchantRole, [this](Call& c) {
    if (!store_->RevokeStaffToken(c.brand->id, c.req.matches[1]))
      throw NotFound("staff token " + c.req.matches[1].str());
    SendJson(c.res, 200, {{"id", std::string(c.req.matches[1])}, {"revoked", true}});
  });
}

}  // namespace relais::edge
