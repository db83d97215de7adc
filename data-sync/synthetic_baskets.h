// Seeded synthetic baskets for the split's tests and benchmarks: sites around Paris in two sales zones,
// random capabilities, costs, stock, opening days, destinations and shopper choices. The same seed gives the
// same baskets on every platform (std::mt19937 and our own draws, not the library's distributions).
#ifndef RELAIS_DATA_SYNC_SYNTHETIC_BASKETS_H_
#define RELAIS_DATA_SYNC_SYNTHETIC_BASKETS_H_

#include <random>
#include <string>

#include "wasm/engine/split_plan.h"

namespace relais {

class SyntheticBaskets {
 public:
  explicit SyntheticBaskets(uint32_t seed) : rng_(seed) {}

  SplitInput Next(int lines, int sites) {
    SplitInput in;
    in.today = DaysFromCivil(2026, 11, 25);
    in.now_hour = Int(0, 23);
    for (int s = 0; s < sites; ++s) in.sites.push_back(Site(s));
    in.purchase_site = Chance(80) ? Int(0, sites - 1) : -1;
    if (Chance(80)) in.home = {{48.85 + Int(-300, 300) / 1000.0, 2.35 + Int(-300, 300) / 1000.0}};
    if (in.home) in.home_address_key = "home";  // Which home (home_address.h): open shipments compare it.
    if (Chance(70)) in.relay = Point("mondial-relay", Int(5, 30) * 1000, 0);
    if (Chance(50)) in.locker = Point("inpost", 25'000, 40);
    in.collect_site = Chance(70) ? (in.purchase_site >= 0 ? in.purchase_site : Int(0, sites - 1)) : -1;
    in.drive_site = Chance(40) ? Int(0, sites - 1) : -1;
    in.pedestrian_site = Chance(30) ? Int(0, sites - 1) : -1;
    in.allowed_modes = 0;
    for (int m = 0; m < kSplitModeCount; ++m) {
      if (Chance(m == static_cast<int>(SplitMode::kReserve) ? 30 : 85)) in.allowed_modes |= 1u << m;
    }
    in.fastest_first = Chance(30);
    in.shipment_penalty_cents = Int(0, 5) * 100;
    for (int l = 0; l < lines; ++l) {
      SplitLine line;
      line.sku = "SKU-" + std::to_string(l);
      line.quantity = Int(1, 3);
      line.unit_weight_g = Int(1, 80) * 100;
      line.unit_dims_cm = {static_cast<uint16_t>(Int(5, 60)), static_cast<uint16_t>(Int(5, 40)),
                           static_cast<uint16_t>(Int(2, 30))};
      const int t = Int(0, 9);
      line.temperature = t < 8 ? Temperature::kAmbient : t == 8 ? Temperature::kChilled : Temperature::kFrozen;
      if (Chance(10)) line.mode = static_cast<SplitMode>(Int(0, kSplitModeCount - 1));
      for (int s = 0; s < sites; ++s) line.stock.push_back(Chance(45) ? Int(1, 6) : 0);
      in.lines.push_back(line);
    }
    // Half the shoppers have open orders: shipments on routes this basket could take, some promised
    // earlier than the route now arrives (not joinable), some to another relay point or home.
    if (Chance(50)) {
      const std::vector<SplitRoute> routes = CandidateRoutes(in);
      for (int e = Int(1, 2); e > 0 && !routes.empty(); --e) {
        OpenShipment open;
        open.id = "open-" + std::to_string(e);
        open.route = routes[static_cast<size_t>(Int(0, static_cast<int>(routes.size()) - 1))];
        const SplitPoint* point = open.route.mode == SplitMode::kRelay    ? &*in.relay
                                  : open.route.mode == SplitMode::kLocker ? &*in.locker
                                                                          : nullptr;
        if (point) {
          open.point_carrier = point->carrier;
          open.point_id = Chance(80) ? point->id : "elsewhere";
        }
        // Home: the same home, but every other second shipment goes to another (drawn from nothing random,
        // so that the instances stay those of the seed).
        if (open.route.mode == SplitMode::kHome) open.home_address_key = e == 2 ? "another home" : "home";
        open.weight_g = Int(1, 20) * 500;
        const RouteTariff tariff = TariffOf(in, open.route);
        open.promised_latest = (tariff.available ? tariff.latest : in.today) + Int(-1, 3);
        in.open_shipments.push_back(open);
      }
    }
    return in;
  }

 private:
  int Int(int lo, int hi) { return lo + static_cast<int>(rng_() % static_cast<uint32_t>(hi - lo + 1)); }
  bool Chance(int percent) { return Int(0, 99) < percent; }

  DayMask Days(int closed_percent) {
    DayMask mask = 0;
    for (int d = 0; d < kSplitHorizonDays; ++d) {
      if (!Chance(closed_percent)) mask |= DayMask{1} << d;
    }
    return mask;
  }

  ModeOffer Offer(int percent_enabled) {
    ModeOffer o;
    o.enabled = Chance(percent_enabled);
    o.cost_cents = Int(0, 12) * 50;
    o.per_kg_cents = Int(0, 40);
    o.per_km_cents = Int(0, 5);
    o.lead_time_hours = Int(1, 72);
    o.transit_days = Int(0, 3);
    o.window_days = Int(0, 2);
    o.cold_chain = Chance(40);
    return o;
  }

  SplitSite Site(int s) {
    SplitSite site;
    site.id = "site-" + std::to_string(s);
    site.zone = Chance(75) ? "idf" : "oise";
    site.lat = 48.85 + Int(-400, 400) / 1000.0;
    site.lon = 2.35 + Int(-400, 400) / 1000.0;
    site.preparation_cents = Int(0, 6) * 50;
    for (int m = 0; m < kSplitModeCount; ++m) site.modes[m] = Offer(55);
    site.transfer = Offer(50);
    site.open_days = Days(15);
    return site;
  }

  SplitPoint Point(const std::string& carrier, uint32_t max_weight_g, uint16_t max_side_cm) {
    SplitPoint p;
    p.carrier = carrier;
    p.id = carrier + "-" + std::to_string(Int(1, 99999));
    p.lat = 48.85 + Int(-200, 200) / 1000.0;
    p.lon = 2.35 + Int(-200, 200) / 1000.0;
    p.max_weight_g = max_weight_g;
    if (max_side_cm) p.max_dims_cm = {max_side_cm, static_cast<uint16_t>(max_side_cm - 10), 30};
    p.open_days = Days(Chance(10) ? 100 : 20);
    return p;
  }

  std::mt19937 rng_;
};

}  // namespace relais

#endif  // RELAIS_DATA_SYNC_SYNTHETIC_BASKETS_H_
