#include "wasm/engine/split_plan.h"

#include <algorithm>
#include <limits>
#include <map>

#include "wasm/engine/split_solver.h"

namespace relais {

namespace {

constexpr std::string_view kModeNames[kSplitModeCount] = {"home",  "click_collect", "drive",  "pedestrian",
                                                          "relay", "locker",        "reserve"};
constexpr size_t kMaxLines = 200;
constexpr size_t kMaxSites = 2000;

bool IsPoint(SplitMode m) { return m == SplitMode::kRelay || m == SplitMode::kLocker; }
int Bit(SplitMode m) { return 1 << static_cast<int>(m); }

// cos(x) for |x| <= pi/2 by its Taylor series to x^16 (error < 1e-11): basic operations only.
double PolyCos(double x) {
  const double x2 = x * x;
  double term = 1, sum = 1;
  for (int k = 1; k <= 8; ++k) {
    term *= -x2 / ((2 * k - 1) * (2 * k));
    sum += term;
  }
  return sum;
}

// The first day >= `day` (offset from today) in `mask`, or -1.
int FirstOpenDay(DayMask mask, int64_t day) {
  if (day < 0) day = 0;
  if (day >= kSplitHorizonDays) return -1;
  const DayMask from = mask >> day;
  if (from == 0) return -1;
  int offset = 0;
  while (!((from >> offset) & 1)) ++offset;
  return static_cast<int>(day) + offset;
}

const ModeOffer& OfferOf(const SplitInput& in, const SplitRoute& r) { return RouteOffer(in, r); }

const ModeOffer kNoOffer{};

std::string Validate(const SplitInput& in) {
  if (in.sites.size() > kMaxSites) return "at most " + std::to_string(kMaxSites) + " sites";
  if (in.lines.size() > kMaxLines) return "at most " + std::to_string(kMaxLines) + " lines";
  const int n = static_cast<int>(in.sites.size());
  for (int index : {in.purchase_site, in.collect_site, in.drive_site, in.pedestrian_site}) {
    if (index < -1 || index >= n) return "a site index is out of range";
  }
  for (size_t i = 0; i < in.lines.size(); ++i) {
    const SplitLine& l = in.lines[i];
    if (l.quantity < 1 || l.quantity > 1'000'000) return "lines[" + std::to_string(i) + "]: quantity 1..1000000";
    if (l.unit_weight_g < 0 || l.unit_weight_g > 10'000'000) return "lines[" + std::to_string(i) + "]: weight";
    if (l.stock.size() > in.sites.size()) return "lines[" + std::to_string(i) + "]: more stock figures than sites";
    for (size_t j = 0; j < i; ++j) {
      if (in.lines[j].sku == l.sku) return "lines[" + std::to_string(i) + "]: sku " + l.sku + " twice; merge the lines";
    }
  }
  if (in.merchant_modes.size() > kMaxMerchantModes) {
    return "at most " + std::to_string(kMaxMerchantModes) + " merchant modes";
  }
  for (size_t m = 0; m < in.merchant_modes.size(); ++m) {
    const MerchantMode& mode = in.merchant_modes[m];
    if (mode.kind == SplitMode::kReserve || ParseSplitMode(mode.name) || mode.name.empty()) {
      return "merchant_modes[" + std::to_string(m) + "]: a new name, on a route kind other than reserve";
    }
  }
  for (size_t i = 0; i < in.lines.size(); ++i) {
    const SplitLine& l = in.lines[i];
    if (l.merchant_mode >= static_cast<int>(in.merchant_modes.size()) ||
        (l.merchant_mode >= 0 && (!l.mode || in.merchant_modes[l.merchant_mode].kind != *l.mode))) {
      return "lines[" + std::to_string(i) + "]: an imposed merchant mode goes with its kind";
    }
  }
  for (const SplitSite& s : in.sites) {
    if (s.merchant_offers.size() > in.merchant_modes.size())
      return "site " + s.id + ": more offers than merchant modes";
  }
  if (in.shipment_penalty_cents < 0) return "shipment_penalty_cents must not be negative";
  if (in.now_hour < 0 || in.now_hour > 23) return "now_hour is 0..23";
  return "";
}

int64_t StockAt(const SplitLine& l, int site) { return site < static_cast<int>(l.stock.size()) ? l.stock[site] : 0; }

// The extended site: the purchase site itself, else a site of its sales zone (every site without one).
bool MayServe(const SplitInput& in, int site) {
  if (in.purchase_site < 0 || site == in.purchase_site || in.sites[site].extended) return true;
  const std::string& zone = in.sites[in.purchase_site].zone;
  return !zone.empty() && in.sites[site].zone == zone;
}

// The first sourcing level: the purchase site's extended site -- the purchase site and the sites marked
// extended. With no site marked (or no purchase site) there is one level: every site is "in" it.
bool InExtendedSite(const SplitInput& in, int site) {
  if (in.purchase_site < 0 || site == in.purchase_site || in.sites[site].extended) return true;
  return std::none_of(in.sites.begin(), in.sites.end(), [](const SplitSite& s) { return s.extended; });
}

}  // namespace

std::string_view SplitModeName(SplitMode mode) { return kModeNames[static_cast<int>(mode)]; }

const ModeOffer& RouteOffer(const SplitInput& in, const SplitRoute& r) {
  if (r.mode == SplitMode::kReserve) return in.sites[r.source].modes[static_cast<int>(SplitMode::kClickCollect)];
  // Delivered by the site it leaves from (the via site after a transfer); collected where it is transferred to
  // (the via site) or at its source.
  const SplitSite& site = in.sites[r.via >= 0 ? r.via : r.source];
  if (r.merchant_mode < 0) return site.modes[static_cast<int>(r.mode)];
  return static_cast<size_t>(r.merchant_mode) < site.merchant_offers.size() ? site.merchant_offers[r.merchant_mode]
                                                                            : kNoOffer;
}

std::string ModeNameOf(const SplitInput& in, SplitMode kind, int merchant_mode) {
  if (merchant_mode >= 0 && static_cast<size_t>(merchant_mode) < in.merchant_modes.size()) {
    return in.merchant_modes[merchant_mode].name;
  }
  return std::string(SplitModeName(kind));
}

bool ParseModeName(const SplitInput& in, std::string_view name, SplitMode* kind, int* merchant_mode) {
  if (const std::optional<SplitMode> m = ParseSplitMode(name)) {
    *kind = *m;
    *merchant_mode = -1;
    return true;
  }
  for (size_t i = 0; i < in.merchant_modes.size(); ++i) {
    if (in.merchant_modes[i].name == name) {
      *kind = in.merchant_modes[i].kind;
      *merchant_mode = static_cast<int>(i);
      return true;
    }
  }
  return false;
}

std::optional<SplitMode> ParseSplitMode(std::string_view name) {
  for (int m = 0; m < kSplitModeCount; ++m) {
    if (kModeNames[m] == name) return static_cast<SplitMode>(m);
  }
  return std::nullopt;
}

int64_t SplitDistanceM(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = 3.14159265358979323846 / 180, kRadiusM = 6371008.8;
  const double mean = (lat1 + lat2) / 2 * kRad;
  const double x = (lon2 - lon1) * kRad * PolyCos(mean), y = (lat2 - lat1) * kRad;
  return static_cast<int64_t>(kRadiusM * __builtin_sqrt(x * x + y * y) + 0.5);
}

int32_t RouteTariff::Parcels(int64_t weight_g) const {
  if (parcel_limit_g <= 0 || weight_g <= parcel_limit_g) return 1;
  return static_cast<int32_t>((weight_g + parcel_limit_g - 1) / parcel_limit_g);
}

int64_t RouteTariff::CostMillicents(int64_t weight_g) const {
  return base_millicents + per_g_millicents * weight_g + per_extra_parcel_millicents * (Parcels(weight_g) - 1);
}

std::vector<SplitRoute> CandidateRoutes(const SplitInput& in) {
  std::vector<SplitRoute> routes;
  // The modes of kind m the shopper allows: the kind itself (-1), then its merchant modes.
  const auto variants = [&](SplitMode m) {
    std::vector<int> out;
    if ((in.allowed_modes & Bit(m)) != 0) out.push_back(-1);
    for (size_t v = 0; v < in.merchant_modes.size() && v < 32; ++v) {
      if (in.merchant_modes[v].kind == m && (in.allowed_merchant_modes >> v & 1)) out.push_back(static_cast<int>(v));
    }
    return out;
  };
  const auto offers = [&](int site, SplitMode m, int v) { return RouteOffer(in, {site, -1, m, -1, v}).enabled; };
  const int n = static_cast<int>(in.sites.size());
  for (int s = 0; s < n; ++s) {
    if (!MayServe(in, s)) continue;
    // Shipped to the shopper by s itself, or by the purchase site after a transfer from s (reservation +
    // transfer, then home, relay or locker).
    const int p = in.purchase_site;
    for (SplitMode m : {SplitMode::kHome, SplitMode::kRelay, SplitMode::kLocker}) {
      const bool destination = m == SplitMode::kHome    ? in.home.has_value()
                               : m == SplitMode::kRelay ? in.relay.has_value()
                                                        : in.locker.has_value();
      if (!destination) continue;
      for (int v : variants(m)) {
        if (offers(s, m, v)) routes.push_back({s, -1, m, -1, v});
        if (p >= 0 && s != p && in.sites[s].transfer.enabled && offers(p, m, v)) routes.push_back({s, p, m, -1, v});
      }
    }
    for (SplitMode m : {SplitMode::kClickCollect, SplitMode::kDrive, SplitMode::kPedestrian}) {
      const int c = m == SplitMode::kClickCollect ? in.collect_site
                    : m == SplitMode::kDrive      ? in.drive_site
                                                  : in.pedestrian_site;
      if (c < 0) continue;
      for (int v : variants(m)) {
        if (!offers(c, m, v)) continue;
        if (s == c) {
          routes.push_back({s, -1, m, c, v});
        } else if (in.sites[s].transfer.enabled) {
          routes.push_back({s, c, m, c, v});
        }
      }
    }
    if ((in.allowed_modes & Bit(SplitMode::kReserve)) != 0 && s != in.collect_site &&
        offers(s, SplitMode::kClickCollect, -1)) {
      routes.push_back({s, -1, SplitMode::kReserve, s});
    }
  }
  return routes;
}

std::string_view ColdChainRefusal(Temperature temperature, SplitMode mode, bool offer_cold_chain, bool transferred,
                                  bool transfer_cold_chain) {
  if (temperature == Temperature::kAmbient) return "";
  if (IsPoint(mode) || !offer_cold_chain) return "cold_chain";
  if (transferred && !transfer_cold_chain) return "cold_chain";
  return "";
}

std::string_view RouteRefusal(const SplitInput& in, const SplitRoute& r, int line, int64_t quantity) {
  const SplitLine& l = in.lines[line];
  if (l.mode && (*l.mode != r.mode || l.merchant_mode != r.merchant_mode)) return "mode_unavailable";
  if (StockAt(l, r.source) < quantity) return "no_stock";
  if (l.temperature != Temperature::kAmbient) {
    const std::string_view cold = ColdChainRefusal(l.temperature, r.mode, OfferOf(in, r).cold_chain, r.via >= 0,
                                                   in.sites[r.source].transfer.cold_chain);
    if (!cold.empty()) return cold;
  }
  if (IsPoint(r.mode)) {
    const SplitPoint& point = r.mode == SplitMode::kRelay ? *in.relay : *in.locker;
    if (point.max_weight_g && l.unit_weight_g > point.max_weight_g) return "too_heavy";
    std::array<uint16_t, 3> dims = l.unit_dims_cm;
    std::sort(dims.begin(), dims.end(), std::greater<>());
    if (point.max_dims_cm[0]) {
      for (int d = 0; d < 3; ++d) {
        if (dims[d] > point.max_dims_cm[d]) return "too_big";
      }
    }
  }
  return "";
}

RouteTariff TariffOf(const SplitInput& in, const SplitRoute& r) {
  RouteTariff t;
  const SplitSite& source = in.sites[r.source];
  const ModeOffer& offer = OfferOf(in, r);
  const SplitSite& shipper = in.sites[r.via >= 0 ? r.via : r.source];
  t.base_millicents = source.preparation_cents * 1000;
  int64_t hours = in.now_hour;
  if (r.via >= 0) {
    const ModeOffer& transfer = source.transfer;
    const SplitSite& via = in.sites[r.via];
    t.base_millicents +=
        transfer.cost_cents * 1000 + transfer.per_km_cents * SplitDistanceM(source.lat, source.lon, via.lat, via.lon);
    t.per_g_millicents += transfer.per_kg_cents;
    hours += transfer.lead_time_hours + 24 * int64_t{transfer.transit_days};
  }
  hours += offer.lead_time_hours;
  int64_t day = hours / 24;
  DayMask open = kEveryDay;
  t.base_millicents += offer.cost_cents * 1000;
  t.per_g_millicents += offer.per_kg_cents;
  if (r.mode == SplitMode::kHome || IsPoint(r.mode)) {
    day += offer.transit_days;
    double lat = in.home ? in.home->first : 0, lon = in.home ? in.home->second : 0;
    if (IsPoint(r.mode)) {
      const SplitPoint& point = r.mode == SplitMode::kRelay ? *in.relay : *in.locker;
      lat = point.lat;
      lon = point.lon;
      open = point.open_days;
      t.parcel_limit_g = point.max_weight_g;
      t.per_extra_parcel_millicents = offer.cost_cents * 1000;
    }
    t.base_millicents += offer.per_km_cents * SplitDistanceM(shipper.lat, shipper.lon, lat, lon);
  } else {
    open = in.sites[r.destination_site].open_days;
    if (const CollectSlot* slot = BookedSlotOf(in, r)) {
      // Collected in the booked slot: on its day, when the goods are ready by its start.
      if (hours * 60 > int64_t{slot->day - in.today} * 1440 + slot->start_min) {
        t.misses_slot = true;
        return t;
      }
      t.available = true;
      t.earliest = slot->day;
      t.latest = slot->day + offer.window_days;
      return t;
    }
  }
  const int first = FirstOpenDay(open, day);
  if (first < 0) return t;
  t.available = true;
  t.earliest = in.today + first;
  t.latest = t.earliest + offer.window_days;
  return t;
}

const CollectSlot* BookedSlotOf(const SplitInput& in, const SplitRoute& r) {
  const std::optional<CollectSlot>* slot =
      r.mode == SplitMode::kClickCollect && r.destination_site == in.collect_site    ? &in.collect_slot
      : r.mode == SplitMode::kDrive && r.destination_site == in.drive_site           ? &in.drive_slot
      : r.mode == SplitMode::kPedestrian && r.destination_site == in.pedestrian_site ? &in.pedestrian_slot
                                                                                     : nullptr;
  return slot && *slot ? &**slot : nullptr;
}

int64_t SplitProblem::Objective(const std::vector<int>& route_of_part) const {
  std::map<int, int64_t> weight_of;
  for (size_t p = 0; p < parts.size(); ++p) weight_of[route_of_part[p]] += parts[p].weight_g;
  int64_t objective = 0;
  for (const auto& [r, weight] : weight_of) {
    objective += tariffs[r].CostMillicents(weight) + (join_of[r] < 0 ? penalty_cents * 1000 : 0);
  }
  return objective;
}

SplitProblem SplitProblemOf(const SplitInput& in, std::vector<ShortLine>* short_lines) {
  SplitProblem problem;
  problem.penalty_cents = in.shipment_penalty_cents;
  problem.routes = CandidateRoutes(in);
  for (const SplitRoute& r : problem.routes) problem.tariffs.push_back(TariffOf(in, r));
  problem.join_of.assign(problem.routes.size(), -1);
  // Open shipments the basket may join: a route of their own (a copy of theirs), their weight a part bound
  // to it -- when the route is still offered, to the same point or home, and arrives by the date promised.
  std::vector<std::pair<int, int64_t>> open_parts;  // (join route, weight).
  for (size_t e = 0; e < in.open_shipments.size(); ++e) {
    const OpenShipment& open = in.open_shipments[e];
    const auto same = std::find(problem.routes.begin(), problem.routes.end(), open.route);
    if (same == problem.routes.end()) continue;
    const RouteTariff tariff = problem.tariffs[same - problem.routes.begin()];
    if (!tariff.available || tariff.latest > open.promised_latest) continue;
    if (open.route.mode == SplitMode::kRelay || open.route.mode == SplitMode::kLocker) {
      const SplitPoint& point = open.route.mode == SplitMode::kRelay ? *in.relay : *in.locker;
      if (point.carrier != open.point_carrier || point.id != open.point_id) continue;
    }
    if (open.route.mode == SplitMode::kHome &&
        (open.home_address_key.empty() || open.home_address_key != in.home_address_key)) {
      continue;  // Another home, or one the caller could not name: a shipment of its own.
    }
    open_parts.push_back({static_cast<int>(problem.routes.size()), open.weight_g});
    problem.routes.push_back(open.route);
    problem.tariffs.push_back(tariff);
    problem.join_of.push_back(static_cast<int>(e));
  }
  // Parts: a line one route serves whole is one part; else cut by site, largest stocks first.
  for (int line = 0; line < static_cast<int>(in.lines.size()); ++line) {
    const SplitLine& l = in.lines[line];
    std::vector<int> whole;
    for (size_t r = 0; r < problem.routes.size(); ++r) {
      if (problem.tariffs[r].available && RouteRefusal(in, problem.routes[r], line, l.quantity).empty()) {
        whole.push_back(static_cast<int>(r));
      }
    }
    // The extended site first: when one of its routes serves the line, the zone's are not candidates.
    if (std::any_of(whole.begin(), whole.end(), [&](int r) { return InExtendedSite(in, problem.routes[r].source); })) {
      std::erase_if(whole, [&](int r) { return !InExtendedSite(in, problem.routes[r].source); });
    }
    if (!whole.empty()) {
      problem.parts.push_back({line, l.quantity, -1, l.quantity * l.unit_weight_g});
      problem.feasible.push_back(whole);
      continue;
    }
    std::vector<int> sites;
    for (int s = 0; s < static_cast<int>(in.sites.size()); ++s) {
      if (StockAt(l, s) > 0) sites.push_back(s);
    }
    std::stable_sort(sites.begin(), sites.end(), [&](int a, int b) {
      if (InExtendedSite(in, a) != InExtendedSite(in, b)) return InExtendedSite(in, a);  // Its stock goes first.
      return StockAt(l, a) > StockAt(l, b);
    });
    int64_t remaining = l.quantity;
    std::vector<int64_t> stock_left = l.stock;
    for (int s : sites) {
      if (remaining == 0) break;
      const int64_t take = std::min(remaining, StockAt(l, s));
      std::vector<int> from_s;
      for (size_t r = 0; r < problem.routes.size(); ++r) {
        if (problem.routes[r].source == s && problem.tariffs[r].available &&
            RouteRefusal(in, problem.routes[r], line, take).empty()) {
          from_s.push_back(static_cast<int>(r));
        }
      }
      if (from_s.empty()) continue;
      problem.parts.push_back({line, take, s, take * l.unit_weight_g});
      problem.feasible.push_back(from_s);
      remaining -= take;
      stock_left[s] -= take;
    }
    if (remaining > 0) short_lines->push_back({line, remaining, std::move(stock_left)});
  }
  problem.line_parts = problem.parts.size();
  if (problem.parts.empty()) return problem;  // Nothing to ship: the open shipments stay as they are.
  for (const auto& [route, weight] : open_parts) {
    problem.parts.push_back({-1, 0, -1, weight});
    problem.feasible.push_back({route});
  }
  if (in.fastest_first) {
    // The earliest the whole basket can arrive: each part by its fastest route, the slowest of those. Routes
    // arriving later are dropped; the cheapest plan of what is left is the fastest plan, cheapest first.
    DayNumber deadline = std::numeric_limits<DayNumber>::min();
    for (size_t p = 0; p < problem.line_parts; ++p) {
      DayNumber fastest = std::numeric_limits<DayNumber>::max();
      for (int r : problem.feasible[p]) fastest = std::min(fastest, problem.tariffs[r].latest);
      deadline = std::max(deadline, fastest);
    }
    for (size_t p = 0; p < problem.line_parts; ++p) {
      std::vector<int>& f = problem.feasible[p];
      f.erase(std::remove_if(f.begin(), f.end(), [&](int r) { return problem.tariffs[r].latest > deadline; }), f.end());
    }
  }
  return problem;
}

SplitPlan Split(const SplitInput& in) {
  SplitPlan plan;
  plan.error = Validate(in);
  if (!plan.error.empty()) return plan;
  std::vector<ShortLine> short_lines;
  const SplitProblem solver = SplitProblemOf(in, &short_lines);
  // Lines that cannot be served, the reason and the alternatives: the input as seen for one such line (its
  // stock left, its mode free), and every route whatever the shopper allowed. Made only when there is one.
  if (!short_lines.empty()) {
    SplitInput scratch = in;
    scratch.allowed_modes = (1u << kSplitModeCount) - 1;
    const std::vector<SplitRoute> all_routes = CandidateRoutes(scratch);
    std::vector<RouteTariff> all_tariffs;
    for (const SplitRoute& r : all_routes) all_tariffs.push_back(TariffOf(in, r));
    for (const ShortLine& short_line : short_lines) {
      const int line = short_line.line;
      const int64_t quantity = short_line.quantity;
      UnservedLine u{line, quantity, "", {}};
      SplitLine& seen = scratch.lines[line];
      seen.stock = short_line.stock_left;
      // The real cause (split_plan.h, UnservedLine): no_stock when the sites that may serve the shopper do
      // not hold it; else what stops the routes from where it is -- a date, the goods, then the mode (an
      // imposed one, or no route at all from there). Routes from sites without it say nothing.
      int64_t held = 0;
      for (int site = 0; site < static_cast<int>(in.sites.size()); ++site) {
        if (MayServe(in, site)) held += StockAt(seen, site);
      }
      constexpr std::string_view kByPriority[] = {"cold_chain", "too_heavy", "too_big", "mode_unavailable"};
      size_t best = std::size(kByPriority);
      bool closed = false, misses_slot = false;
      for (size_t r = 0; r < solver.routes.size(); ++r) {
        if (StockAt(seen, solver.routes[r].source) == 0) continue;
        const std::string_view why = RouteRefusal(scratch, solver.routes[r], line, quantity);
        if (why.empty()) closed = closed || !solver.tariffs[r].available;
        if (why.empty()) misses_slot = misses_slot || solver.tariffs[r].misses_slot;
        for (size_t k = 0; k < best; ++k) {
          if (why == kByPriority[k]) best = k;
        }
      }
      u.reason = held < quantity                 ? "no_stock"
                 : misses_slot                   ? "slot_too_soon"
                 : closed                        ? "closed"
                 : best < std::size(kByPriority) ? std::string(kByPriority[best])
                                                 : "mode_unavailable";
      seen.mode.reset();
      for (size_t r = 0; r < all_routes.size(); ++r) {
        if (!all_tariffs[r].available || !RouteRefusal(scratch, all_routes[r], line, quantity).empty()) continue;
        const std::pair<SplitMode, int> alternative{all_routes[r].mode, all_routes[r].source};
        if (std::find(u.alternatives.begin(), u.alternatives.end(), alternative) == u.alternatives.end()) {
          u.alternatives.push_back(alternative);
        }
      }
      seen = in.lines[line];
      plan.unserved.push_back(std::move(u));
    }
  }
  if (solver.parts.empty()) return plan;
  const size_t line_parts = solver.line_parts;
  plan.exact = solver.parts.size() <= static_cast<size_t>(std::min(in.exact_max_lines, 16));
  const std::vector<int> assign = SolveSplit(solver, plan.exact);
  // Shipments in route order (deterministic), their lines in part order.
  std::map<int, size_t> shipment_of;
  std::vector<int> route_order(assign.begin(), assign.begin() + static_cast<std::ptrdiff_t>(line_parts));
  std::sort(route_order.begin(), route_order.end());
  route_order.erase(std::unique(route_order.begin(), route_order.end()), route_order.end());
  for (int r : route_order) {
    Shipment s;
    const SplitRoute& route = solver.routes[r];
    s.source = route.source;
    s.via = route.via;
    s.mode = route.mode;
    s.destination_site = route.destination_site;
    s.merchant_mode = route.merchant_mode;
    s.joins = solver.join_of[r];
    shipment_of[r] = plan.shipments.size();
    plan.shipments.push_back(std::move(s));
  }
  for (size_t p = 0; p < line_parts; ++p) {
    Shipment& s = plan.shipments[shipment_of[assign[p]]];
    s.lines.push_back({solver.parts[p].line, solver.parts[p].quantity});
    s.weight_g += solver.parts[p].weight_g;
  }
  for (int r : route_order) {
    Shipment& s = plan.shipments[shipment_of[r]];
    const RouteTariff& t = solver.tariffs[r];
    const int64_t carried = s.joins >= 0 ? in.open_shipments[s.joins].weight_g : 0;  // Already on its way.
    s.parcels = t.Parcels(carried + s.weight_g) - (s.joins >= 0 ? t.Parcels(carried) : 0);
    s.cost_millicents = t.CostMillicents(carried + s.weight_g) - (s.joins >= 0 ? t.CostMillicents(carried) : 0);
    s.earliest = t.earliest;
    s.latest = t.latest;
    plan.cost_millicents += s.cost_millicents;
    plan.latest_arrival = std::max(plan.latest_arrival, s.latest);
  }
  int64_t new_shipments = 0;
  for (const Shipment& s : plan.shipments) new_shipments += s.joins < 0;
  const int64_t extra = new_shipments - (in.open_shipments.empty() && new_shipments > 0 ? 1 : 0);
  plan.objective_millicents = plan.cost_millicents + in.shipment_penalty_cents * 1000 * extra;
  return plan;
}

}  // namespace relais
