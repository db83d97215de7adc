#include "wasm/engine/split_check.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace relais {

namespace {

bool IsOpen(DayMask mask, int64_t offset) { return offset >= 0 && offset < kSplitHorizonDays && (mask >> offset & 1); }

}  // namespace

std::vector<std::string> CheckSplitPlan(const SplitInput& in, const SplitPlan& plan) {
  std::vector<std::string> problems;
  const auto fail = [&](const std::string& where, const std::string& what) { problems.push_back(where + ": " + what); };
  if (!plan.error.empty()) return problems;
  const int n_sites = static_cast<int>(in.sites.size());
  std::vector<int64_t> accounted(in.lines.size(), 0);
  std::map<std::pair<int, int>, int64_t> taken;  // (line, site) -> units shipped from there.
  std::map<std::tuple<int, int, int, int, int, int>, int> seen_routes;
  int64_t new_shipments = 0;
  int64_t cost = 0;
  DayNumber latest = 0;
  for (size_t k = 0; k < plan.shipments.size(); ++k) {
    const Shipment& s = plan.shipments[k];
    const std::string at = "shipments[" + std::to_string(k) + "]";
    if (s.source < 0 || s.source >= n_sites) {
      fail(at, "no such source site");
      continue;
    }
    const SplitSite& source = in.sites[s.source];
    const int mode = static_cast<int>(s.mode);
    if (s.merchant_mode < -1 || s.merchant_mode >= static_cast<int>(in.merchant_modes.size()) ||
        (s.merchant_mode >= 0 && in.merchant_modes[s.merchant_mode].kind != s.mode)) {
      fail(at, "no such merchant mode of this kind");
      continue;
    }
    if (s.merchant_mode >= 0 ? !(in.allowed_merchant_modes >> s.merchant_mode & 1) : !(in.allowed_modes >> mode & 1)) {
      fail(at, "mode not allowed by the shopper");
    }
    if (in.purchase_site >= 0 && s.source != in.purchase_site &&
        (source.zone.empty() || source.zone != in.sites[in.purchase_site].zone)) {
      fail(at, "source outside the purchase site's sales zone");
    }
    if (seen_routes[{s.source, s.via, mode, s.destination_site, s.merchant_mode, s.joins}]++)
      fail(at, "a second shipment on the same route");
    new_shipments += s.joins < 0;
    const SplitRoute route{s.source, s.via, s.mode, s.destination_site, s.merchant_mode};
    int64_t carried = 0;  // A joined open shipment's own weight.
    if (s.joins >= 0) {
      if (s.joins >= static_cast<int>(in.open_shipments.size())) {
        fail(at, "joins no such open shipment");
        continue;
      }
      const OpenShipment& open = in.open_shipments[s.joins];
      if (!(open.route == route)) fail(at, "joins an open shipment on another route");
      if (s.latest > open.promised_latest) fail(at, "delays the open shipment it joins");
      const SplitPoint* chosen = s.mode == SplitMode::kRelay    ? (in.relay ? &*in.relay : nullptr)
                                 : s.mode == SplitMode::kLocker ? (in.locker ? &*in.locker : nullptr)
                                                                : nullptr;
      if (chosen && (chosen->carrier != open.point_carrier || chosen->id != open.point_id)) {
        fail(at, "joins an open shipment to another point");
      }
      if (s.mode == SplitMode::kHome &&
          (open.home_address_key.empty() || open.home_address_key != in.home_address_key)) {
        fail(at, "joins an open shipment going to another home");
      }
      carried = open.weight_g;
    }
    // Where the parcel is handed over, and which offer carries it.
    const ModeOffer* offer = nullptr;
    DayMask open = kEveryDay;
    const SplitPoint* point = nullptr;
    switch (s.mode) {
      case SplitMode::kHome:
      case SplitMode::kRelay:
      case SplitMode::kLocker:
        if (s.destination_site != -1) fail(at, "home, relay and locker have no destination site");
        if (s.via != -1 && (s.via != in.purchase_site || s.via == s.source || !source.transfer.enabled)) {
          fail(at, "a delivery after a transfer leaves from the purchase site");
        }
        if (s.via < -1 || s.via >= n_sites) {
          fail(at, "no such via site");
          continue;
        }
        offer = &RouteOffer(in, route);
        if (s.mode == SplitMode::kHome && !in.home) fail(at, "no home address given");
        if (s.mode != SplitMode::kHome) {
          point = s.mode == SplitMode::kRelay ? (in.relay ? &*in.relay : nullptr) : (in.locker ? &*in.locker : nullptr);
          if (!point) {
            fail(at, "no point chosen for this mode");
          } else {
            open = point->open_days;
          }
        }
        break;
      case SplitMode::kClickCollect:
      case SplitMode::kDrive:
      case SplitMode::kPedestrian: {
        const int chosen = s.mode == SplitMode::kClickCollect ? in.collect_site
                           : s.mode == SplitMode::kDrive      ? in.drive_site
                                                              : in.pedestrian_site;
        if (chosen < 0 || s.destination_site != chosen) {
          fail(at, "not collected at the site the shopper chose");
          continue;
        }
        if (s.via != (s.source == chosen ? -1 : chosen)) fail(at, "a collection elsewhere needs a transfer there");
        if (s.via >= 0 && !source.transfer.enabled) fail(at, "the source does not transfer");
        offer = &RouteOffer(in, {chosen, -1, s.mode, chosen, s.merchant_mode});
        open = in.sites[chosen].open_days;
        break;
      }
      case SplitMode::kReserve:
        if (s.destination_site != s.source || s.via != -1) fail(at, "a reservation is collected at its source");
        if (s.source == in.collect_site) fail(at, "a reservation is at another site than the chosen one");
        offer = &source.modes[static_cast<int>(SplitMode::kClickCollect)];
        open = source.open_days;
        break;
    }
    if (!offer) continue;
    if (!offer->enabled) fail(at, "the site does not offer " + ModeNameOf(in, s.mode, s.merchant_mode));
    int64_t weight = 0;
    for (const ShipmentLine& l : s.lines) {
      const std::string lat = at + ".line " + std::to_string(l.line);
      if (l.line < 0 || l.line >= static_cast<int>(in.lines.size()) || l.quantity < 1) {
        fail(lat, "no such line or no quantity");
        continue;
      }
      const SplitLine& line = in.lines[l.line];
      accounted[l.line] += l.quantity;
      taken[{l.line, s.source}] += l.quantity;
      weight += l.quantity * line.unit_weight_g;
      if (line.mode && *line.mode != s.mode) fail(lat, "the shopper imposed another mode");
      if (line.temperature != Temperature::kAmbient) {
        const bool transfer_cold = s.via < 0 || source.transfer.cold_chain;
        if (point || !offer->cold_chain || !transfer_cold) fail(lat, "breaks the cold chain");
      }
      if (point) {
        if (point->max_weight_g && line.unit_weight_g > point->max_weight_g)
          fail(lat, "a unit is over the point's limit");
        std::array<uint16_t, 3> dims = line.unit_dims_cm;
        std::sort(dims.rbegin(), dims.rend());
        for (int d = 0; d < 3 && point->max_dims_cm[0]; ++d) {
          if (dims[d] > point->max_dims_cm[d]) fail(lat, "a unit does not fit the point");
        }
      }
    }
    if (s.lines.empty()) fail(at, "an empty shipment");
    if (weight != s.weight_g) fail(at, "weight is not the sum of its lines");
    if (point && point->max_weight_g && s.joins < 0 && s.parcels * int64_t{point->max_weight_g} < s.weight_g) {
      fail(at, "too few parcels for the point's weight limit");
    }
    const CollectSlot* slot = BookedSlotOf(in, route);
    if (slot) {
      if (s.earliest != slot->day) fail(at, "not collected on the booked slot's day");
    } else if (!IsOpen(open, s.earliest - in.today)) {
      fail(at, "arrives on a day the destination is closed");
    }
    if (s.latest != s.earliest + offer->window_days) fail(at, "latest arrival is not earliest + window");
    // Nothing arrives before its lead and transit times allow.
    int64_t hours = in.now_hour + offer->lead_time_hours;
    if (s.via >= 0) hours += source.transfer.lead_time_hours + 24 * int64_t{source.transfer.transit_days};
    int64_t days = hours / 24;
    if (s.mode == SplitMode::kHome || point) days += offer->transit_days;
    if (s.earliest < in.today + days) fail(at, "arrives before its lead and transit times");
    if (slot && hours * 60 > int64_t{slot->day - in.today} * 1440 + slot->start_min) {
      fail(at, "not ready by the booked slot's start");
    }
    const RouteTariff tariff = TariffOf(in, route);
    const int64_t tariff_cost =
        tariff.CostMillicents(carried + s.weight_g) - (s.joins >= 0 ? tariff.CostMillicents(carried) : 0);
    if (s.cost_millicents != tariff_cost) fail(at, "cost differs from the route's tariff");
    if (s.joins >= 0 && s.parcels != tariff.Parcels(carried + s.weight_g) - tariff.Parcels(carried)) {
      fail(at, "parcels added to the open shipment miscounted");
    }
    cost += s.cost_millicents;
    latest = std::max(latest, s.latest);
  }
  // Two sourcing levels: a line served from the zone while the extended site could serve it whole -- the
  // same mode to the same destination, from its stock, on a route the destination is open for -- breaks
  // the first level's priority. (The solver's rule is wider: any route of the extended site.)
  const bool levels = in.purchase_site >= 0 && std::any_of(in.sites.begin(), in.sites.end(),
                                                           [](const SplitSite& site) { return site.extended; });
  const auto extended = [&](int site) { return !levels || site == in.purchase_site || in.sites[site].extended; };
  for (size_t k = 0; k < plan.shipments.size(); ++k) {
    const Shipment& s = plan.shipments[k];
    if (s.source < 0 || s.source >= n_sites || extended(s.source) || s.joins >= 0) continue;
    for (const ShipmentLine& l : s.lines) {
      if (l.line < 0 || l.line >= static_cast<int>(in.lines.size())) continue;
      const SplitLine& line = in.lines[l.line];
      for (int e = 0; e < n_sites; ++e) {
        if (!extended(e) || (e < static_cast<int>(line.stock.size()) ? line.stock[e] : 0) < line.quantity) continue;
        SplitRoute alternative{e, -1, s.mode, s.destination_site, s.merchant_mode};
        if (s.mode == SplitMode::kHome || s.mode == SplitMode::kRelay || s.mode == SplitMode::kLocker) {
          if (!RouteOffer(in, alternative).enabled) continue;
        } else if (s.mode == SplitMode::kReserve) {
          continue;  // Collected where the stock is: another site, another route.
        } else {
          if (e != s.destination_site) {
            if (!in.sites[e].transfer.enabled) continue;
            alternative.via = s.destination_site;
          }
        }
        const ModeOffer& offer = RouteOffer(in, alternative);
        const bool cold_ok = line.temperature == Temperature::kAmbient ||
                             (offer.cold_chain && (alternative.via < 0 || in.sites[e].transfer.cold_chain) &&
                              s.mode != SplitMode::kRelay && s.mode != SplitMode::kLocker);
        if (cold_ok && TariffOf(in, alternative).available) {
          fail("shipments[" + std::to_string(k) + "].line " + std::to_string(l.line),
               "served from the sales zone though the extended site " + in.sites[e].id + " could serve it");
          break;
        }
      }
    }
  }
  for (const auto& [line_site, units] : taken) {
    const SplitLine& line = in.lines[line_site.first];
    const int64_t stock = line_site.second < static_cast<int>(line.stock.size()) ? line.stock[line_site.second] : 0;
    if (units > stock) fail("line " + std::to_string(line_site.first), "more units than the site's stock");
  }
  for (const UnservedLine& u : plan.unserved) {
    if (u.line >= 0 && u.line < static_cast<int>(in.lines.size())) accounted[u.line] += u.quantity;
    if (u.reason.empty()) fail("unserved line " + std::to_string(u.line), "no reason given");
  }
  for (size_t i = 0; i < in.lines.size(); ++i) {
    if (accounted[i] != in.lines[i].quantity) fail("line " + std::to_string(i), "quantity not accounted for exactly");
  }
  if (cost != plan.cost_millicents) fail("plan", "cost is not the sum of its shipments");
  const int64_t extra = new_shipments - (in.open_shipments.empty() && new_shipments > 0 ? 1 : 0);
  if (plan.objective_millicents != cost + extra * in.shipment_penalty_cents * 1000) fail("plan", "objective");
  if (plan.latest_arrival != latest) fail("plan", "latest arrival is not the last shipment's");
  return problems;
}

}  // namespace relais
