#include "edge/orders/order_service.h"

#include <algorithm>
#include <tuple>

#include "edge/api_error.h"
#include "edge/orders/collection_day.h"
#include "edge/orders/order_family.h"
#include "edge/orders/slot_booking.h"
#include "edge/secrets.h"
#include "edge/utc_now.h"
#include "wasm/engine/civil_time.h"
#include "wasm/engine/point_search.h"
#include "wasm/engine/relay_choice.h"
#include "wasm/engine/split_json.h"

namespace relais::edge {

namespace {

using nlohmann::json;

constexpr int64_t kSubstitutesLooked = 50;  // Products of a category looked at for substitutes.

// One parcel: the lines that leave the same site by the same mode for the same destination.
struct Parcel {
  std::string site;
  DeliveryMode mode = DeliveryMode::kHome;
  json destination;
  std::string date;
  int64_t weight_g = 0;
  std::array<uint16_t, 3> dims_cm = {0, 0, 0};  // Its largest item's (parcels are packed by the site).
  int64_t cost_cents = 0;
  size_t first_line = 0;
  std::string earliest, latest;
  std::string merchant_mode;  // Its lines' merchant mode ("" : the engine's `mode`).  // When it arrives (is ready to
                              // collect), ISO dates; "" : unknown.
};

// The dates of parcels placed without a plan, as a plan would have promised them: the shopper's own date
// when the line has one; else the engine's tariff of that very route now (TariffOf: lead and transit times,
// a transfer's, the days the site or the point hands over) -- the same arithmetic, not a second one. A
// parcel whose route the engine cannot read keeps no date.
void DateParcels(Store& store, const Snapshot* relays, const std::string& brand, const BrandSettings& settings,
                 const std::vector<MerchantMode>& merchant_modes, const Order& order, std::vector<Parcel>* parcels) {
  std::vector<SplitRequestLine> lines;
  for (const OrderLine& l : order.lines) lines.push_back({l.sku, l.quantity, PlannerMode(l.mode), l.merchant_mode});
  SplitInput base;
  try {
    base = BuildSplitInput(store, brand, settings, order.purchase_site, lines, UnixSecondsNow(), merchant_modes);
  } catch (const ApiError&) {
    return;  // Checked already: a site or product gone meanwhile leaves the dates unknown.
  }
  const auto site_index = [&](const std::string& id) {
    for (size_t i = 0; i < base.sites.size(); ++i) {
      if (base.sites[i].id == id) return static_cast<int>(i);
    }
    return -1;
  };
  for (Parcel& p : *parcels) {
    if (!p.date.empty()) {
      p.earliest = p.latest = p.date;
      continue;
    }
    const OrderLine& line = order.lines[p.first_line];
    SplitRoute route;
    route.source = site_index(p.site);
    route.mode = PlannerMode(p.mode);
    for (size_t m = 0; m < base.merchant_modes.size(); ++m) {
      if (base.merchant_modes[m].name == p.merchant_mode) route.merchant_mode = static_cast<int>(m);
    }
    json choices = json::object();
    if (IsPointDelivery(p.mode)) {
      choices[p.mode == DeliveryMode::kRelay ? "relay" : "locker"] = p.destination;
    } else if (IsCollected(p.mode)) {
      route.destination_site = site_index(p.destination.value("site", p.site));
      if (route.destination_site != route.source) route.via = route.destination_site;
    }
    if (!line.via.empty()) route.via = site_index(line.via);
    if (route.source < 0 || (IsCollected(p.mode) && route.destination_site < 0) ||
        (!line.via.empty() && route.via < 0)) {
      continue;
    }
    SplitInput input = base;
    try {
      AddSplitChoices(choices, "cheapest", relays, "", &input);
    } catch (const ApiError&) {
      continue;
    }
    const RouteTariff tariff = TariffOf(input, route);
    if (!tariff.available) continue;
    p.earliest = FormatIsoDate(tariff.earliest);
    p.latest = FormatIsoDate(tariff.latest);
  }
}

// What a line amounts to, in the terms both the order and the engine's plan can be read in: sku, source
// site, the mode the engine plans it by, and where it is collected (or the site that delivers it).
// (sku, site, planned kind, the merchant's mode or "", pickup or via site).
using PlannedKey = std::tuple<std::string, std::string, SplitMode, std::string, std::string>;

PlannedKey KeyOfLine(const OrderLine& l) {
  return {l.sku, l.site, PlannerMode(l.mode), l.merchant_mode,
          IsCollected(l.mode) ? l.destination.value("site", l.site) : l.via};
}

OrderError Refusal(const std::string& code, const std::string& message, const std::string& field) {
  return {code, message, field};
}

OrderError NoSite(const std::string& id, const std::string& field) { return {"not_found", "no site " + id, field}; }

// A site's offer for a mode, or for "transfer" (its capabilities), null when it has none.
json CapabilityOf(const Site& site, std::string_view name) {
  const auto it = site.capabilities.find(name);
  return it == site.capabilities.end() ? json() : *it;
}

bool Offers(const Site& site, std::string_view name) {
  const json capability = CapabilityOf(site, name);
  return capability.is_object() && capability.value("enabled", false);
}

// What the strict readers below this floor refused (split choices), as the domain's error.
OrderError ErrorOf(const ApiError& e) { return {e.code(), e.what(), e.field(), e.details()}; }

}  // namespace

OrderService::OrderService(Store* store, RelaySnapshot* relays, const PlaceIndex* places, RelayDescriber describe,
                           Counter count)
    : store_(store), relays_(relays), places_(places), describe_(std::move(describe)), count_(std::move(count)) {}

OrderResult<std::optional<Order>> OrderService::Replayed(const std::string& brand, const std::string& key,
                                                         const std::string& request_sha256) {
  StoreResult<std::optional<Order>> replay = store_->ReplayOrder(brand, key, request_sha256);
  if (!replay.ok()) return OrderErrorOf(replay.error());
  return std::move(replay).value();
}

std::optional<OrderError> OrderService::RelayRefusal(const Brand& brand, const BrandSettings& settings,
                                                     const std::shared_ptr<const RelayDataset>& relays,
                                                     const RelayParcel& p, const std::string& at) {
  if (!relays) {
    return Refusal("relay_data_unavailable", "relay points cannot be checked now: " + relays_->error(), at);
  }
  const Snapshot& snapshot = *relays->snapshot;
  const std::string carrier = p.point["carrier"], id = p.point["id"];
  RelayChoice choice;
  choice.carrier = carrier;
  choice.id = id;
  choice.parcel.kinds = p.mode == DeliveryMode::kLocker ? 1u << static_cast<int>(PointKind::kLocker)
                                                        : (1u << static_cast<int>(PointKind::kShop)) |
                                                              (1u << static_cast<int>(PointKind::kPostOffice));
  if (!settings.carriers.empty()) {
    choice.parcel.SetCarriers(snapshot,
                              std::vector<std::string_view>(settings.carriers.begin(), settings.carriers.end()));
  }
  const int64_t brand_max = settings.max_weight_g;
  if (brand_max > 0 && p.weight_g > brand_max) {
    return Refusal("too_heavy_for_relay",
                   "the parcel weighs " + std::to_string(p.weight_g) + " g; this brand ships " +
                       std::to_string(brand_max) + " g at most to relays",
                   at);
  }
  choice.parcel.weight_g = static_cast<uint32_t>(std::min<int64_t>(p.weight_g, UINT32_MAX));
  choice.parcel.dims_cm = p.dims_cm;
  choice.parcel.open_on = ParseIsoDate(p.date);
  PointSearch search(snapshot);
  const RelayVerdict verdict = CheckRelayChoice(snapshot, &search, choice);
  if (verdict.problem == RelayProblem::kNone) return std::nullopt;
  json alternatives = json::array();
  for (const NearestHit& h : verdict.alternatives) alternatives.push_back(describe_(snapshot, h.point, h.distance_m));
  const std::optional<Site> site = store_->GetSite(brand.id, p.site);
  const json home = site ? site->capabilities.value("home", json::object()) : json::object();
  return OrderError{
      "relay_unavailable",
      "relay point " + carrier + "/" + id + " cannot take this parcel (" +
          std::string(RelayProblemCode(verdict.problem)) + ")",
      at,
      {{"reason", RelayProblemCode(verdict.problem)},
       {"alternatives", alternatives},
       {"home_delivery", {{"available", home.value("enabled", false)}, {"cost_cents", home.value("cost_cents", 0)}}}}};
}

OrderResult<BasketPlan> OrderService::PlanBasket(const Brand& brand, const BrandSettings& settings,
                                                 const std::string& purchase_site, const std::string& customer_id,
                                                 const std::vector<SplitRequestLine>& lines, const json& choices,
                                                 const std::string& preference, const std::string& at) {
  count_("split_plans", 1);  // One per plan made: what relais_split_plans_total counts.
  BasketPlan result;
  try {
    result.input =
        BuildSplitInput(*store_, brand.id, settings, purchase_site, lines, UnixSecondsNow(), merchant_modes_);
    const std::shared_ptr<const RelayDataset> relays = relays_->Current();
    AddSplitChoices(choices, preference, relays ? &*relays->snapshot : nullptr, at, &result.input);
  } catch (const ApiError& e) {
    return ErrorOf(e);
  }
  AddOpenShipments(store_->OpenOrdersOf(brand.id, customer_id, kOpenOrdersJoined), &result.input);
  result.plan = Split(result.input);
  if (!result.plan.error.empty()) {
    return Refusal("invalid_field", result.plan.error, at.empty() ? "choices" : at.substr(0, at.size() - 1));
  }
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

json OrderService::WithHomePlaced(json choices, const json& address) const {
  if (!places_ || !choices.is_object() || choices.contains("home") || !address.is_object()) return choices;
  if (address.value("country", "FR") != "FR") return choices;
  const std::string postcode = address.value("postcode", "");
  const std::string town = FoldPlaceName(address.value("city", ""));
  std::optional<std::pair<double, double>> at;
  for (const auto& p : places_->WithPostcode(postcode)) {
    if (!at && FoldPlaceName(p.town) == town) at = std::pair{p.lat, p.lon};
  }
  if (!at) at = places_->PostcodeCentre(postcode);  // A town spelt otherwise: the postcode's centre.
  if (at) choices["home"] = {{"lat", at->first}, {"lon", at->second}};
  return choices;
}

OrderResult<json> OrderService::RecheckSplit(const Brand& brand, const BrandSettings& settings, const Order& order,
                                             const OrderRequest::Split& split, const BasketPlan* planned) {
  std::vector<SplitRequestLine> lines;
  for (const OrderLine& l : order.lines) {  // One line per sku: the engine plans a sku's units together.
    auto same = std::find_if(lines.begin(), lines.end(), [&](const SplitRequestLine& r) { return r.sku == l.sku; });
    if (same == lines.end()) {
      const auto mode = split.line_modes.find(l.sku);
      const auto merchant = split.line_merchant_modes.find(l.sku);
      lines.push_back({l.sku, l.quantity, mode == split.line_modes.end() ? std::nullopt : std::optional(mode->second),
                       merchant == split.line_merchant_modes.end() ? "" : merchant->second});
    } else {
      same->quantity += l.quantity;
    }
  }
  std::optional<BasketPlan> made;
  if (!planned) {
    // A home line names its address; the plan needs a position: placed from the postcode when none came.
    json choices = split.choices;
    for (const OrderLine& l : order.lines) {
      if (l.mode != DeliveryMode::kHome) continue;
      choices = WithHomePlaced(std::move(choices), l.destination);
      // Which home: only a shipment already going there may be joined (home_address.h).
      if (choices.is_object() && choices.contains("home") && choices["home"].is_object()) {
        choices["home"]["address_key"] = HomeKeyOf(l.destination);
      }
    }
    // A booked slot: the plan must have its goods ready by the slot's start (the engine's CollectSlot).
    for (const OrderLine& l : order.lines) {
      if (l.slot.empty() || !choices.is_object()) continue;
      if (const char* key = SlotChoiceKey(PlannerMode(l.mode))) {
        choices[key] = {{"date", l.date}, {"start", l.slot.substr(0, 5)}};
      }
    }
    OrderResult<BasketPlan> plan =
        PlanBasket(brand, settings, order.purchase_site, order.customer_id, lines, choices, split.preference, "split.");
    if (!plan.ok()) return plan.error();
    made = std::move(plan).value();
  }
  // The plan this request made already (a basket's, for these very lines), or the server's now.
  const BasketPlan& basket_plan = planned ? *planned : *made;
  const SplitInput& input = basket_plan.input;
  const SplitPlan& plan = basket_plan.plan;
  const json& plan_json = basket_plan.json;
  std::map<PlannedKey, int64_t> in_plan, ordered;
  json delivery = json::array();
  const auto merchant_name = [&](const Shipment& s) { return input.merchant_modes[s.merchant_mode].name; };
  for (size_t k = 0; k < plan.shipments.size(); ++k) {
    const Shipment& s = plan.shipments[k];
    const DeliveryMode mode = RecordedMode(s.mode);
    // Where it is collected, or which site delivers it after a transfer.
    const std::string pickup = s.destination_site >= 0 ? input.sites[s.destination_site].id
                               : s.via >= 0            ? input.sites[s.via].id
                                                       : "";
    for (const ShipmentLine& l : s.lines) {
      const std::string merchant = s.merchant_mode >= 0 ? merchant_name(s) : "";
      in_plan[{input.lines[l.line].sku, input.sites[s.source].id, PlannerMode(mode), merchant, pickup}] += l.quantity;
    }
    const json& shipment = plan_json["shipments"][k];
    json entry = {{"site", shipment["site"]},
                  {"mode", s.merchant_mode >= 0 ? json(merchant_name(s)) : json(mode)},  // Its kind: route.
                  {"destination", shipment["destination"]},
                  {"weight_g", shipment["weight_g"]},
                  {"parcels", shipment["parcels"]},
                  {"cost_cents", shipment["cost_cents"]},
                  {"earliest", shipment["earliest"]},
                  {"latest", shipment["latest"]}};
    if (s.merchant_mode >= 0) entry["route"] = mode;
    if (shipment.contains("joins")) entry["joins"] = shipment["joins"];  // Rides with an open order's parcel.
    if (shipment.contains("via")) entry["via"] = shipment["via"];
    delivery.push_back(entry);
  }
  for (const OrderLine& l : order.lines) ordered[KeyOfLine(l)] += l.quantity;
  if (in_plan != ordered || !plan.unserved.empty()) {
    return OrderError{"plan_changed",
                      "the basket's best plan with the server's stock and figures is not the one ordered; "
                      "show the shopper this plan",
                      "lines",
                      {{"plan", plan_json}}};
  }
  return delivery;
}

OrderResult<OrderService::Placed> OrderService::Place(const Brand& brand, const BrandSettings& settings,
                                                      const OrderRequest& request, const std::string& key,
                                                      const std::string& request_sha256, const BasketPlan* planned) {
  NewOrder n;
  Order& order = n.order;
  order.customer_id = request.customer_id;
  order.channel = request.channel;
  order.external_ref = request.external_ref;
  order.contact = request.contact;
  order.substitutions_allowed = request.substitutions_allowed;
  order.purchase_site = request.purchase_site;
  std::string purchase_zone;
  if (!order.purchase_site.empty()) {
    const std::optional<Site> purchase = store_->GetSite(brand.id, order.purchase_site);
    if (!purchase) return NoSite(order.purchase_site, "purchase_site");
    purchase_zone = purchase->zone;
  }
  std::vector<Parcel> parcels;
  std::map<std::string, size_t> parcel_of;  // (site, mode, destination) -> parcels index.
  for (size_t i = 0; i < request.lines.size(); ++i) {
    const OrderRequest::Line& asked = request.lines[i];
    const std::string at = "lines[" + std::to_string(i) + "].";
    OrderLine line;
    line.sku = asked.sku;
    line.quantity = asked.quantity;
    line.site = asked.site;
    line.mode = asked.mode;
    line.merchant_mode = asked.merchant_mode;
    line.date = asked.date;
    line.via = asked.via;
    const std::optional<Product> product = store_->GetProduct(brand.id, line.sku);
    if (!product) return Refusal("not_found", "no product with sku " + line.sku, at + "sku");
    const std::optional<Site> site = store_->GetSite(brand.id, line.site);
    if (!site) return NoSite(line.site, at + "site");
    // A line bought at a site comes from it, its extended site (the brand's settings) or its sales zone.
    const auto extension = settings.extended_sites.find(order.purchase_site);
    const bool extends = extension != settings.extended_sites.end() &&
                         std::binary_search(extension->second.begin(), extension->second.end(), line.site);
    if (!order.purchase_site.empty() && line.site != order.purchase_site && !extends &&
        (purchase_zone.empty() || site->zone != purchase_zone)) {
      return Refusal("outside_sales_zone",
                     "site " + line.site + " is not in the sales zone of " + order.purchase_site +
                         (purchase_zone.empty() ? " (which has none)" : " (" + purchase_zone + ")"),
                     at + "site");
    }
    const json& destination = asked.destination;
    // Collected at another site: that site offers the mode (checked below), this one transfers to it.
    // (A reserve_transfer is its own offer: the site reserves for another's counter.)
    const bool collected_elsewhere = IsCollected(line.mode) && line.mode != DeliveryMode::kReserveTransfer &&
                                     destination.contains("site") && destination["site"] != line.site;
    // A merchant's mode is offered, priced and grouped under its own name (its kind's rules apply).
    const std::string mode_name = line.merchant_mode.empty() ? DeliveryModeText(line.mode) : line.merchant_mode;
    // Delivered by another site after a transfer (reservation + transfer, then home, relay or locker).
    std::optional<Site> via_site;
    if (!line.via.empty()) {
      via_site = store_->GetSite(brand.id, line.via);
      if (!via_site) return NoSite(line.via, at + "via");
      if (line.via == line.site) return Refusal("invalid_field", "via names another site than the line's", at + "via");
      if (!Offers(*via_site, mode_name)) {
        return Refusal("mode_unavailable", "site " + line.via + " does not offer " + mode_name, at + "via");
      }
    }
    const bool transferred = collected_elsewhere || via_site.has_value();
    const json capability = CapabilityOf(*site, transferred ? "transfer" : mode_name);
    if (!capability.is_object() || !capability.value("enabled", false)) {
      return Refusal(
          "mode_unavailable",
          "site " + line.site + (transferred ? " does not transfer to other sites" : " does not offer " + mode_name),
          at + "mode");
    }
    // Chilled and frozen goods keep the cold all the way (the engine's rule): never to a relay point or a
    // locker, elsewhere only by an offer, and a transfer, that keep it.
    if (const Temperature temperature = ParseTemperature(product->temperature).value_or(Temperature::kAmbient);
        temperature != Temperature::kAmbient) {
      std::optional<Site> delivering = via_site;
      if (!delivering && collected_elsewhere) delivering = store_->GetSite(brand.id, destination.value("site", ""));
      const json offer = delivering ? CapabilityOf(*delivering, mode_name) : capability;
      const bool cold_offer = offer.is_object() && offer.value("cold_chain", false);
      const json transfer = CapabilityOf(*site, "transfer");
      const bool cold_transfer = transfer.is_object() && transfer.value("cold_chain", false);
      if (!ColdChainRefusal(temperature, PlannerMode(line.mode), cold_offer, transferred, cold_transfer).empty()) {
        return Refusal("cold_chain",
                       line.sku + " is " + product->temperature + ": " +
                           (IsPointDelivery(line.mode) ? "it never goes to a relay point or a locker"
                                                       : "this route does not keep the cold"),
                       at + "mode");
      }
    }
    const std::string dat = at + "destination.";
    if (line.mode == DeliveryMode::kHome) {
      line.destination = destination;
    } else if (IsPointDelivery(line.mode)) {
      if (!settings.relay_enabled) {
        return Refusal("mode_unavailable", "relay delivery is off for this brand", at + "mode");
      }
      line.destination = destination;
    } else if (line.mode == DeliveryMode::kReserveTransfer) {
      const std::string pickup = destination.value("site", "");
      const std::optional<Site> pickup_site = store_->GetSite(brand.id, pickup);
      if (!pickup_site) return NoSite(pickup, dat + "site");
      if (!Offers(*pickup_site, DeliveryModeName(DeliveryMode::kClickCollect))) {
        return Refusal("mode_unavailable", "site " + pickup + " does not hand over orders", dat + "site");
      }
      if (!line.date.empty()) {
        if (std::optional<OrderError> refused =
                CollectionDayRefusal(*pickup_site, line.mode, line.date, DayOf(UnixSecondsNow()), at + "date")) {
          return *refused;
        }
      }
      if (std::optional<OrderError> refused = LineSlotRefusal(*store_, brand.id, *pickup_site, line.mode, line.date,
                                                              asked.slot, UnixSecondsNow(), at, &line.slot)) {
        return *refused;
      }
      line.destination = {{"site", pickup}};
    } else {  // Collected at the line's site, or at another after a transfer from it.
      const std::string pickup = destination.value("site", line.site);
      std::optional<Site> pickup_site = site;
      if (pickup != line.site) {  // The transfer was checked above.
        pickup_site = store_->GetSite(brand.id, pickup);
        if (!pickup_site) return NoSite(pickup, dat + "site");
        if (!Offers(*pickup_site, mode_name)) {
          return Refusal("mode_unavailable", "site " + pickup + " does not offer " + mode_name, dat + "site");
        }
      }
      // The day chosen: not gone, and one the site hands orders over (as customer service's change_slot).
      if (!line.date.empty()) {
        if (std::optional<OrderError> refused =
                CollectionDayRefusal(*pickup_site, line.mode, line.date, DayOf(UnixSecondsNow()), at + "date")) {
          return *refused;
        }
      }
      if (std::optional<OrderError> refused = LineSlotRefusal(*store_, brand.id, *pickup_site, line.mode, line.date,
                                                              asked.slot, UnixSecondsNow(), at, &line.slot)) {
        return *refused;
      }
      line.destination = {{"site", pickup}};
    }
    line.unit_price_cents = product->price_cents;
    const std::string parcel_key = line.site + "\n" + line.via + "\n" + mode_name + "\n" + line.destination.dump() +
                                   "\n" + line.date + "\n" + line.slot;
    auto [it, fresh] = parcel_of.emplace(parcel_key, parcels.size());
    if (fresh) {
      parcels.push_back({line.site,
                         line.mode,
                         line.destination,
                         line.date,
                         0,
                         {0, 0, 0},
                         (via_site ? CapabilityOf(*via_site, mode_name) : capability).value("cost_cents", int64_t{0}),
                         i,
                         "",
                         "",
                         line.merchant_mode});
    }
    Parcel& parcel = parcels[it->second];
    PackIntoParcel(*product, line.quantity, &parcel.weight_g, &parcel.dims_cm);
    order.lines.push_back(line);
  }

  // Relay and locker parcels: re-checked by the engine against the server's snapshot (one dataset for the
  // whole order, whatever a reload does meanwhile).
  const std::shared_ptr<const RelayDataset> relays = relays_->Current();
  for (const Parcel& p : parcels) {
    if (!IsPointDelivery(p.mode)) continue;
    if (std::optional<OrderError> refused =
            RelayRefusal(brand, settings, relays, {p.site, p.mode, p.destination, p.date, p.weight_g, p.dims_cm},
                         "lines[" + std::to_string(p.first_line) + "].destination")) {
      return *refused;
    }
  }

  // The shopper's plan, re-made with the server's stock and figures: the lines must be what it says.
  json planned_delivery;
  if (request.split) {
    OrderResult<json> rechecked = RecheckSplit(brand, settings, order, *request.split, planned);
    if (!rechecked.ok()) return rechecked.error();
    planned_delivery = std::move(rechecked).value();
  }

  int64_t total = 0;
  for (const OrderLine& l : order.lines) total += l.unit_price_cents * l.quantity;
  // Discounts come off the goods (never below zero); a benefit names a threshold the goods paid reached.
  order.discounts = request.discounts;
  order.benefits = request.benefits;
  if (DiscountCents(order) > total) {
    return Refusal("invalid_field",
                   "the discounts (" + std::to_string(DiscountCents(order)) + " cents) exceed the goods' " +
                       std::to_string(total) + " cents",
                   "discounts");
  }
  total -= DiscountCents(order);
  for (size_t b = 0; b < order.benefits.size(); ++b) {
    if (order.benefits[b].threshold_cents > total) {
      return Refusal("invalid_field",
                     "benefit " + order.benefits[b].code + ": its threshold is above the goods paid (" +
                         std::to_string(total) + " cents)",
                     "benefits[" + std::to_string(b) + "].threshold_cents");
    }
  }
  if (!planned_delivery.is_null()) {
    for (const json& shipment : planned_delivery) total += shipment["cost_cents"].get<int64_t>();
    order.delivery = planned_delivery;
    parcels.clear();
  }
  if (!parcels.empty()) {
    const std::shared_ptr<const RelayDataset> dataset = relays_->Current();
    DateParcels(*store_, dataset ? &*dataset->snapshot : nullptr, brand.id, settings, merchant_modes_, order, &parcels);
  }
  for (const Parcel& p : parcels) {
    order.delivery.push_back({{"site", p.site},
                              {"mode", p.merchant_mode.empty() ? json(p.mode) : json(p.merchant_mode)},
                              {"destination", p.destination},
                              {"weight_g", p.weight_g},
                              {"cost_cents", p.cost_cents}});
    if (!p.merchant_mode.empty()) order.delivery.back()["route"] = p.mode;  // The kind it goes as.
    if (!p.latest.empty()) {
      order.delivery.back()["earliest"] = p.earliest;
      order.delivery.back()["latest"] = p.latest;
    }
    // Its lines' slot (a parcel is one slot: the slot is part of what groups lines into parcels).
    if (const std::string& slot = order.lines[p.first_line].slot; !slot.empty()) order.delivery.back()["slot"] = slot;
    total += p.cost_cents;
    if (IsPointDelivery(p.mode)) n.last_relay = p.destination;
  }
  for (const OrderLine& l : order.lines) {
    if (IsPointDelivery(l.mode)) n.last_relay = l.destination;
  }
  order.total_cents = total;
  order.id = "ord_" + RandomHex(12);
  order.created_at = UtcNowIso();
  // Served by several sites (or by another than the purchase site): each gets its own child order.
  if (!planned_delivery.is_null()) StampCollections(&order, false);  // A plan's shipments: one slot per mode.
  n.children = ChildOrders(order);
  for (const Order& child : n.children) order.children.push_back(SummarizeChild(child));
  // Each slot is booked by the order that hands the line over: the child of the line's site, or this one.
  std::vector<size_t> booked_line;
  for (size_t i = 0; i < order.lines.size(); ++i) {
    const OrderLine& l = order.lines[i];
    if (l.slot.empty()) continue;
    std::string holder = order.id;
    for (const Order& child : n.children) holder = child.site == l.site ? child.id : holder;
    const SlotBooking booking{holder, l.destination.value("site", l.site), SlotServiceName(l.mode), l.date, l.slot, 0};
    const auto same = [&](const SlotBooking& b) {
      return std::tie(b.order_id, b.site, b.service, b.date, b.slot) ==
             std::tie(booking.order_id, booking.site, booking.service, booking.date, booking.slot);
    };
    if (std::any_of(n.slot_bookings.begin(), n.slot_bookings.end(), same)) continue;
    n.slot_bookings.push_back(booking);
    booked_line.push_back(i);
  }
  std::map<size_t, SlotService> services;  // Per booking: what its capacity and next free slots are read from.
  for (size_t b = 0; b < n.slot_bookings.size(); ++b) {
    std::string error;
    const std::optional<Site> pickup = store_->GetSite(brand.id, n.slot_bookings[b].site);
    std::optional<SlotService> service =
        pickup ? SlotServiceOf(*pickup, n.slot_bookings[b].service, &error) : std::nullopt;
    if (!service) return Refusal("no_slots", "site " + n.slot_bookings[b].site + " changed meanwhile", "lines");
    n.slot_bookings[b].capacity = service->rule.capacity;
    services.emplace(b, std::move(*service));
  }
  n.actor = !request.actor.empty()   ? request.actor
            : order.channel == "web" ? "merchant"
                                     : "merchant (" + order.channel + ")";
  n.idempotency_key = key;
  n.request_sha256 = request_sha256;
  bool replayed = false;  // Still possible: the same request may have raced this one to the writer.
  StoreResult<Order> stored = store_->CreateOrder(brand.id, n, &replayed);
  if (!stored.ok() && stored.error().kind == StoreError::Kind::kSlotFull) {
    const size_t b = std::stoul(stored.error().field.substr(std::string("slot_bookings[").size()));
    return SlotFull(*store_, brand.id, services.at(b), n.slot_bookings[b], UnixSecondsNow(),
                    "lines[" + std::to_string(booked_line[b]) + "].slot");
  }
  if (!stored.ok()) return OrderErrorOf(stored.error());
  if (!replayed) {
    count_("orders_created", 1);
    count_("reservations", stored->lines.size());
  }
  return Placed{std::move(stored).value(), replayed};
}

}  // namespace relais::edge
