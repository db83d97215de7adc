#include "edge/orders/split_request.h"

#include <algorithm>
#include <map>

#include "edge/api_error.h"
#include "edge/json_fields.h"
#include "edge/model/site_location.h"
#include "wasm/engine/home_address.h"
#include "wasm/engine/opening_hours.h"
#include "wasm/engine/split_json.h"

namespace relais::edge {

namespace {

using nlohmann::json;

// A stored capability (checked by the engine's offer reader when the site was put) as the engine's offer.
ModeOffer OfferOf(const json& capability) {
  ModeOffer o;
  if (capability.is_object()) ReadModeOffer(capability, "", &o);
  return o;
}

// A site as the engine plans with it; its location was checked by the engine's record rules when stored.
SplitSite SplitSiteOf(const Site& site, DayNumber today, const std::vector<MerchantMode>& merchant_modes) {
  SplitSite s;
  s.id = site.id;
  s.zone = site.zone;
  s.lat = site.location.value("lat", 0.0);
  s.lon = site.location.value("lon", 0.0);
  s.preparation_cents = site.preparation_cents;
  for (DeliveryMode mode : kDeliveryModes) {  // The engine's reserve is no offer of its own.
    if (mode != DeliveryMode::kReserveTransfer) {
      s.modes[static_cast<int>(PlannerMode(mode))] = OfferOf(site.capabilities.value(DeliveryModeText(mode), json()));
    }
  }
  s.transfer = OfferOf(site.capabilities.value("transfer", json()));
  for (const MerchantMode& m : merchant_modes)
    s.merchant_offers.push_back(OfferOf(site.capabilities.value(m.name, json())));
  const RecordParse parsed = ParseSiteLocation(site.location, site.id, site.name, site.kind);
  if (parsed.point && parsed.point->hours.kind != ScheduleKind::kUnknown) {
    const OpeningHours hours(parsed.point->hours, parsed.point->closures, parsed.point->zone);
    s.open_days = 0;
    for (int d = 0; d < kSplitHorizonDays; ++d) {
      if (hours.IsOpenOnLocalDate(today + d)) s.open_days |= DayMask{1} << d;
    }
  }
  return s;
}

}  // namespace

const char* SlotChoiceKey(SplitMode mode) {
  switch (mode) {
    case SplitMode::kClickCollect:
      return "collect_slot";
    case SplitMode::kDrive:
      return "drive_slot";
    case SplitMode::kPedestrian:
      return "pedestrian_slot";
    default:
      return nullptr;
  }
}

bool ParseImposedModeName(std::string_view name, const std::vector<MerchantMode>& merchant_modes, SplitMode* kind,
                          std::string* merchant) {
  merchant->clear();
  if (const std::optional<SplitMode> mode = ParseImposedMode(name)) {
    *kind = *mode;
    return true;
  }
  for (const MerchantMode& m : merchant_modes) {
    if (m.name == name) {
      *kind = m.kind;
      *merchant = m.name;
      return true;
    }
  }
  return false;
}

std::vector<std::string> ImposedModeNamesWith(const std::vector<MerchantMode>& merchant_modes) {
  std::vector<std::string> names(ImposedModeNames().begin(), ImposedModeNames().end());
  for (const MerchantMode& m : merchant_modes) names.push_back(m.name);
  return names;
}

SplitInput BuildSplitInput(Store& store, const std::string& brand, const BrandSettings& settings,
                           const std::string& purchase_site, const std::vector<SplitRequestLine>& lines,
                           UnixSeconds now, const std::vector<MerchantMode>& merchant_modes) {
  SplitInput in;
  in.merchant_modes = merchant_modes;
  std::string zone;
  std::string tz = "Europe/Paris";
  if (!purchase_site.empty()) {
    const std::optional<Site> site = store.GetSite(brand, purchase_site);
    if (!site) throw ApiError(404, "not_found", "no site " + purchase_site, "purchase_site");
    zone = site->zone;
    tz = site->location.value("tz", tz);
  }
  // Today and the hour at the purchase site (sites of one zone share its clock).
  const std::optional<TimeZoneRule> rule = FindTimeZone(tz);
  const int64_t local = now + (rule ? rule->OffsetAt(now) : 0);
  in.today = static_cast<DayNumber>(FloorDiv(local, kSecondsPerDay));
  in.now_hour = static_cast<int32_t>(FloorMod(local, kSecondsPerDay) / 3600);
  // The purchase site's extended site (the brand's settings): served from first, even outside the zone.
  const auto extension = settings.extended_sites.find(purchase_site);
  const auto extends = [&](const std::string& id) {
    return extension != settings.extended_sites.end() &&
           std::binary_search(extension->second.begin(), extension->second.end(), id);
  };
  for (const Site& site : store.ListSites(brand)) {
    const bool extended = !purchase_site.empty() && extends(site.id);
    const bool serves =
        purchase_site.empty() || site.id == purchase_site || extended || (!zone.empty() && site.zone == zone);
    if (!serves) continue;
    if (site.id == purchase_site) in.purchase_site = static_cast<int>(in.sites.size());
    in.sites.push_back(SplitSiteOf(site, in.today, merchant_modes));
    in.sites.back().extended = extended;
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string at = "lines[" + std::to_string(i) + "].";
    const std::optional<Product> product = store.GetProduct(brand, lines[i].sku);
    if (!product) throw ApiError(404, "not_found", "no product with sku " + lines[i].sku, at + "sku");
    SplitLine line;
    line.sku = product->sku;
    line.quantity = lines[i].quantity;
    line.unit_weight_g = product->weight_g;
    for (int d = 0; d < 3; ++d)
      line.unit_dims_cm[d] = static_cast<uint16_t>(std::min<int64_t>(product->dims_cm[d], 65535));
    line.temperature = ParseTemperature(product->temperature).value_or(Temperature::kAmbient);
    line.mode = lines[i].mode;
    for (size_t m = 0; m < merchant_modes.size() && line.mode; ++m) {
      if (merchant_modes[m].name == lines[i].merchant_mode) line.merchant_mode = static_cast<int>(m);
    }
    line.stock.assign(in.sites.size(), 0);
    for (const SiteStock& s : store.StockOf(brand, line.sku)) {
      for (size_t k = 0; k < in.sites.size(); ++k) {
        if (in.sites[k].id == s.site) line.stock[k] = std::max<int64_t>(0, s.level.available());
      }
    }
    in.lines.push_back(std::move(line));
  }
  in.collect_site = in.purchase_site;
  in.shipment_penalty_cents = settings.shipment_penalty_cents;
  if (!settings.relay_enabled) {
    in.allowed_modes &= ~((1u << static_cast<int>(SplitMode::kRelay)) | (1u << static_cast<int>(SplitMode::kLocker)));
  }
  return in;
}

void AddSplitChoices(const json& choices, const std::string& preference, const Snapshot* relays, const std::string& at,
                     SplitInput* input) {
  const uint32_t brand_modes = input->allowed_modes;  // What the brand's settings leave.
  const std::string error =
      UpdateSplitInputFromJson(json{{"choices", choices}, {"preference", preference}}, relays, input);
  if (!error.empty()) throw BadField(at + error.substr(0, error.find(':')), error);
  input->allowed_modes &= brand_modes;
}

std::string HomeKeyOf(const json& destination) {
  if (!destination.is_object()) return "";
  std::vector<std::string> lines;
  for (const json& l : destination.value("address", json::array())) {
    if (l.is_string()) lines.push_back(l.get<std::string>());
  }
  const std::string postcode = destination.value("postcode", ""), city = destination.value("city", ""),
                    country = destination.value("country", "FR");
  return HomeAddressKey({lines, postcode, city, country});
}

void AddOpenShipments(const std::vector<Order>& open_orders, SplitInput* input) {
  const auto site_index = [&](const std::string& id) {
    for (size_t s = 0; s < input->sites.size(); ++s) {
      if (input->sites[s].id == id) return static_cast<int>(s);
    }
    return -1;
  };
  std::map<std::string, int64_t> joined_weight;
  for (const Order& order : open_orders) {
    for (size_t k = 0; k < order.delivery.size(); ++k) {
      const json& entry = order.delivery[k];
      // A promised date to keep (a split's, or the tariff's for an order placed without one); an entry
      // written before dates were kept has none, and is joined by nothing.
      if (!entry.contains("latest")) continue;
      if (entry.contains("joins")) {
        joined_weight[entry["joins"].get<std::string>()] += entry.value("weight_g", int64_t{0});
        continue;
      }
      SplitMode kind = SplitMode::kHome;
      int merchant_mode = -1;  // A merchant's mode rides with its own offer (split_plan.h).
      std::optional<SplitMode> mode;
      if (ParseModeName(*input, entry.value("mode", ""), &kind, &merchant_mode)) mode = kind;
      const std::optional<DayNumber> latest = ParseIsoDate(entry.value("latest", ""));
      const int source = site_index(entry.value("site", ""));
      if (!mode || !latest || source < 0) continue;
      OpenShipment open;
      open.id = order.id + "/" + std::to_string(k);
      open.route.source = source;
      open.route.mode = *mode;
      open.route.merchant_mode = merchant_mode;
      open.weight_g = entry.value("weight_g", int64_t{0});
      open.promised_latest = *latest;
      const json destination = entry.value("destination", json::object());
      if (*mode == SplitMode::kHome || *mode == SplitMode::kRelay || *mode == SplitMode::kLocker) {
        open.point_carrier = destination.value("carrier", "");
        open.point_id = destination.value("id", "");
        if (*mode == SplitMode::kHome) {  // The order's home line from this site says where it goes.
          for (const OrderLine& l : order.lines) {
            if (l.mode == DeliveryMode::kHome && l.site == entry.value("site", "") && open.home_address_key.empty() &&
                l.merchant_mode == (merchant_mode >= 0 ? input->merchant_modes[merchant_mode].name : "")) {
              open.home_address_key = HomeKeyOf(l.destination);
            }
          }
        }
        if (entry.contains("via")) {
          open.route.via = site_index(entry.value("via", ""));
          if (open.route.via < 0) continue;
        }
      } else {
        const int pickup = site_index(destination.value("site", ""));
        if (pickup < 0) continue;
        open.route.destination_site = pickup;
        if (pickup != source) {
          open.route.via = pickup;  // Collected after a transfer.
        } else if (*mode == SplitMode::kClickCollect && pickup != input->collect_site) {
          open.route.mode = SplitMode::kReserve;  // Collected where the stock was, not at the chosen site.
        }
      }
      input->open_shipments.push_back(std::move(open));
    }
  }
  for (OpenShipment& open : input->open_shipments) {
    if (const auto it = joined_weight.find(open.id); it != joined_weight.end()) open.weight_g += it->second;
  }
}

}  // namespace relais::edge
