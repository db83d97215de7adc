// Basket splitting: which site serves each line of a basket, by which fulfilment mode, in how many
// shipments -- the cheapest plan, then the fastest (or the reverse when the shopper asks), under every
// constraint: stock, the purchase site's sales zone (its "extended site"), site capabilities, the cold chain,
// relay and locker limits, opening days, lead and transit times.
//
// The same code plans in the shopper's browser (WebAssembly) and re-checks in edge at order time: all
// arithmetic is integer (costs in millicents) or made of IEEE basic operations, so a plan is identical
// natively and in WebAssembly.
//
// The model
//   A shipment is a group of lines that leaves one source site by one route for one destination. Its cost:
//     preparation at the source + (transfer to the via site, when the route has one) + shipping by the
//     mode (per shipment, or per parcel for relays and lockers; per kg; per km) + the extra-shipment
//     penalty (a split costs money and shoppers dislike it; the first shipment pays none). Lines may also
//     join an open shipment of the shopper's (OpenShipment): they pay for their weight only.
//   Routes, for a source site s:
//     home, relay, locker      s ships to the shopper's address or chosen point, or transfers to the
//                              purchase site which ships (reservation + transfer, then delivery);
//     click_collect, drive, pedestrian
//                              collected at the shopper's chosen site c for that mode: s == c, or s != c
//                              with a transfer s -> c first (reservation + transfer, warehouse preparation
//                              then store pick-up);
//     reserve                  collected at s itself, another site than the one chosen (only when the
//                              shopper allows "reserve").
//   A line is served whole by one shipment. A line no single site can serve whole is first cut into parts
//   (largest stocks first), each part bound to its site, then planned like a line.
//   Sourcing has two levels once a site is marked `extended`: the purchase site's extended site (the
//   purchase site and the sites marked, e.g. its back store or the warehouse attached to it) first, then
//   the other sites of its sales zone (with none marked, the zone is one level, the purchase site in it).
//   A line any route from the first level can serve whole is served from that level, even when the zone
//   would be cheaper or faster; the plan is cheapest then fastest within that. A line the first level
//   cannot serve whole takes the zone's routes too, and when it must be cut, the first level's stock goes
//   first.
//
// The solver (split_solver.h): exact (dynamic programming over subsets of lines: the optimal partition into
// shipments, each with its best route) up to SplitInput::exact_max_lines (12) lines; above, a heuristic --
// a greedy plan and a facility-location start (dual ascent), improved by local moves, exact re-planning of
// shipment pairs, and routes opened, closed or swapped. bench/split_gap_bench.cc measures it against
// COIN-OR CBC's proven optimum.
#ifndef RELAIS_ENGINE_SPLIT_PLAN_H_
#define RELAIS_ENGINE_SPLIT_PLAN_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wasm/engine/civil_time.h"
#include "wasm/engine/temperature.h"

namespace relais {

enum class SplitMode : uint8_t { kHome, kClickCollect, kDrive, kPedestrian, kRelay, kLocker, kReserve };
inline constexpr int kSplitModeCount = 7;
std::string_view SplitModeName(SplitMode mode);  // "home", "click_collect", ..., "reserve".
std::optional<SplitMode> ParseSplitMode(std::string_view name);

// Days from SplitInput::today on which something is possible (bit d: today + d), 64 days ahead.
using DayMask = uint64_t;
inline constexpr DayMask kEveryDay = ~DayMask{0};
inline constexpr int kSplitHorizonDays = 64;

// What a site offers for one mode (or for transfers to another site).
struct ModeOffer {
  bool enabled = false;
  int64_t cost_cents = 0;       // Per shipment; per parcel for relays and lockers.
  int64_t per_kg_cents = 0;     // Per kg shipped (counted by the gram).
  int64_t per_km_cents = 0;     // Per km from the shipping site to the destination.
  int32_t lead_time_hours = 0;  // From the order to ready to leave (or ready to collect).
  int32_t transit_days = 0;     // Carrier days after leaving (home, relay, locker, transfer).
  int32_t window_days = 0;      // The latest arrival is the earliest plus this.
  bool cold_chain = false;      // Keeps chilled and frozen goods cold.
};

// A fulfilment mode a merchant adds (its workflow file names it and its route): planned as one of the
// engine's route kinds -- home, relay, locker, click_collect, drive, pedestrian -- with each site's own offer
// for it (a brand's courier fleet: a home route priced per km from the shipping site). Where both a kind's
// own offer and a merchant mode of that kind serve, they are two routes and the cheaper wins.
struct MerchantMode {
  std::string name;  // Not one of the engine's names.
  SplitMode kind = SplitMode::kHome;
};
inline constexpr size_t kMaxMerchantModes = 16;

struct SplitSite {
  std::string id;
  std::string zone;       // Sales zone, "" when none.
  bool extended = false;  // Part of the purchase site's extended site ("site étendu"): sourced from first.
  double lat = 0, lon = 0;
  int64_t preparation_cents = 0;                 // Per shipment prepared here.
  std::array<ModeOffer, kSplitModeCount> modes;  // Collect modes and reserve: collected here.
  ModeOffer transfer;                            // Sending stock to another site.
  std::vector<ModeOffer> merchant_offers;        // Per SplitInput::merchant_modes (missing: not offered).
  DayMask open_days = kEveryDay;  // Days orders are handed over here (collect modes; drive slots with room).
};

struct SplitLine {
  std::string sku;
  int64_t quantity = 1;
  int64_t unit_weight_g = 0;
  std::array<uint16_t, 3> unit_dims_cm = {0, 0, 0};
  Temperature temperature = Temperature::kAmbient;
  std::optional<SplitMode> mode;  // Imposed by the shopper for this line.
  int merchant_mode = -1;         // With `mode` (its kind): the merchant mode imposed, -1 for the kind itself.
  std::vector<int64_t> stock;     // Available units per site (SplitInput::sites order); missing: none.
};

// A relay point or locker the shopper chose (its data from the snapshot).
struct SplitPoint {
  std::string carrier, id;
  double lat = 0, lon = 0;
  uint32_t max_weight_g = 0;                        // Per parcel; 0: no limit.
  std::array<uint16_t, 3> max_dims_cm = {0, 0, 0};  // Longest first; 0: no limit.
  DayMask open_days = kEveryDay;                    // Days it takes parcels in (and is open).
};

// One candidate route for a line or a group: source, via, mode, destination site.
struct SplitRoute {
  int source = 0;
  int via = -1;
  SplitMode mode = SplitMode::kHome;
  int destination_site = -1;
  int merchant_mode = -1;  // Index in SplitInput::merchant_modes (its offer carries it), -1: the kind's own.
  bool operator==(const SplitRoute&) const = default;
};

// A shipment of the shopper's open orders that the basket's lines may join rather than start a shipment of
// their own (grouping): same source, route and destination -- the same site, the same relay point or locker,
// the same home (its address key equal to the basket's: home_address.h) -- and only while the route still
// arrives by the date that shipment was promised. Joining costs what the added weight costs, and no
// extra-shipment penalty.
struct OpenShipment {
  std::string id;  // The caller's reference to it (order and shipment).
  SplitRoute route;
  std::string point_carrier, point_id;  // Relay and locker: the point it goes to.
  std::string home_address_key;         // Home: HomeAddressKey of its address ("" : never joined).
  int64_t weight_g = 0;
  DayNumber promised_latest = 0;
};

// A time the shopper booked to collect (service_slots.h): the shipment collected by that mode at that mode's
// chosen site is collected on its day, and only by a route that has the goods ready by its start.
struct CollectSlot {
  DayNumber day = 0;
  int32_t start_min = 0;  // Local wall clock at the site.
};

struct SplitInput {
  DayNumber today = 0;
  int32_t now_hour = 0;  // Hours since today's midnight at the sites.
  std::vector<SplitSite> sites;
  std::vector<MerchantMode> merchant_modes;  // At most kMaxMerchantModes.
  int purchase_site = -1;                    // Index in sites, or -1: every site may serve.
  std::vector<SplitLine> lines;
  // Destinations the shopper gave; a mode without its destination is not offered.
  std::optional<std::pair<double, double>> home;  // lat, lon.
  std::string home_address_key;                   // HomeAddressKey of the home ("" : unknown, joins no home shipment).
  std::optional<SplitPoint> relay, locker;
  int collect_site = -1, drive_site = -1, pedestrian_site = -1;                    // Indices in sites.
  std::optional<CollectSlot> collect_slot, drive_slot, pedestrian_slot;            // Booked at those sites.
  uint32_t allowed_modes = 0x7f & ~(1u << static_cast<int>(SplitMode::kReserve));  // Bit per SplitMode.
  uint32_t allowed_merchant_modes = ~0u;  // Bit per merchant mode (its kind's bit need not be set).
  bool fastest_first = false;
  int64_t shipment_penalty_cents = 0;
  std::vector<OpenShipment> open_shipments;
  int exact_max_lines = 12;  // Plans with more parts than this use the heuristic (benchmarks lower it).
};

struct ShipmentLine {
  int line = 0;  // Index in SplitInput::lines.
  int64_t quantity = 0;
};

struct Shipment {
  int source = 0;  // Index in sites.
  int via = -1;    // Transfer target (the collect site), or -1.
  SplitMode mode = SplitMode::kHome;
  int destination_site = -1;  // Collect modes and reserve: where the shopper collects.
  int merchant_mode = -1;     // The merchant mode it goes by (its kind is `mode`), -1: the kind itself.
  int joins = -1;             // Index in SplitInput::open_shipments when these lines ride with it.
  std::vector<ShipmentLine> lines;
  int64_t weight_g = 0;         // Of these lines.
  int32_t parcels = 1;          // Joining: the parcels they add (0 when they fit in the open shipment's).
  int64_t cost_millicents = 0;  // Without the extra-shipment penalty; joining: what the added weight costs.
  DayNumber earliest = 0, latest = 0;
};

// Why a line (or part of it) cannot be served, and what could serve it instead.
struct UnservedLine {
  int line = 0;
  int64_t quantity = 0;
  // The real cause, the first that holds: no_stock (the sites that may serve the shopper -- the purchase
  // site and its sales zone -- do not hold the quantity); then, over the routes from the sites that hold
  // some: slot_too_soon (a route would carry it but cannot have it ready by the booked slot), closed (a route
  // would carry it but arrives on no open day), cold_chain, too_heavy, too_big,
  // mode_unavailable (an imposed mode, or no route at all from where the stock is).
  std::string reason;
  std::vector<std::pair<SplitMode, int>> alternatives;  // (mode, source site) that would serve it.
};

struct SplitPlan {
  std::string error;  // Not "" when the input itself is wrong (then nothing else is set).
  std::vector<Shipment> shipments;
  std::vector<UnservedLine> unserved;
  int64_t cost_millicents = 0;  // Sum of the shipments' costs.
  // Cost plus the penalty of every new shipment after the shopper's first (with open shipments, every new
  // one is extra).
  int64_t objective_millicents = 0;
  DayNumber latest_arrival = 0;  // The last shipment's latest arrival (0 when none).
  bool exact = false;            // Proven optimal (the exact solver ran).
};

// Plans `input`. Deterministic: the same input gives the same plan, natively and in WebAssembly.
SplitPlan Split(const SplitInput& input);

// The model's definitions, shared by the solver, the plan checker and the tests' brute force.

// Every route the input's destinations and allowed modes make possible from any site (whether a line
// fits one is RouteServes).
std::vector<SplitRoute> CandidateRoutes(const SplitInput& input);

// "" when `route` can carry `quantity` units of `line`, else the reason (stock, zone, capability, cold
// chain, relay or locker limits, imposed mode).
std::string_view RouteRefusal(const SplitInput& input, const SplitRoute& route, int line, int64_t quantity);

// The cold-chain rule alone, for a caller that checks an order line without a plan (the server): chilled
// and frozen goods never go to a relay point or a locker, and elsewhere only by an offer that keeps the
// cold (`offer_cold_chain`) and, after a transfer, by a transfer that does (`transfer_cold_chain`).
// "cold_chain" when refused, else "".
std::string_view ColdChainRefusal(Temperature temperature, SplitMode mode, bool offer_cold_chain, bool transferred,
                                  bool transfer_cold_chain);

// What a route charges and when it arrives, whatever it carries: the shipment of `weight_g` grams costs
// base + per_g * weight_g + per_extra_parcel * (parcels - 1), parcels = ceil(weight_g / parcel_limit_g)
// (relays and lockers; units are assumed to pack by weight), in millicents.
struct RouteTariff {
  bool available = false;    // False when the destination is never open within the horizon (or misses its slot).
  bool misses_slot = false;  // Unavailable because the goods cannot be ready by the booked slot's start.
  int64_t base_millicents = 0;
  int64_t per_g_millicents = 0;
  int64_t per_extra_parcel_millicents = 0;
  int64_t parcel_limit_g = 0;  // 0: one parcel whatever the weight.
  DayNumber earliest = 0, latest = 0;

  int32_t Parcels(int64_t weight_g) const;
  int64_t CostMillicents(int64_t weight_g) const;
};
RouteTariff TariffOf(const SplitInput& input, const SplitRoute& route);

// The offer that carries `route`: its kind's at the shipping (or collecting) site, or the merchant mode's
// there (a disabled offer when that site has none).
const ModeOffer& RouteOffer(const SplitInput& input, const SplitRoute& route);

// A mode's name as plans and inputs write it: the merchant mode's, else the kind's.
std::string ModeNameOf(const SplitInput& input, SplitMode kind, int merchant_mode);
// `name` read as a kind (*merchant_mode -1) or a merchant mode of `input` (its kind and index); false when
// it is neither.
bool ParseModeName(const SplitInput& input, std::string_view name, SplitMode* kind, int* merchant_mode);

// The slot booked for what `route` carries (a collect mode to its mode's chosen site), or null.
const CollectSlot* BookedSlotOf(const SplitInput& input, const SplitRoute& route);

// A line or the part of one the solver plans as a unit; line -1: an open shipment's own weight, bound to
// the route that joins it.
struct SplitPart {
  int line = 0;
  int64_t quantity = 0;
  int bound_site = -1;  // The site a cut line's part must come from, or -1.
  int64_t weight_g = 0;
};

// What Split hands its solver (split_solver.h): the candidate routes (then a copy of the route of each open
// shipment the basket may join), their tariffs, the parts and the routes each may take. Public so that a
// benchmark can hand the very same problem to another solver.
struct SplitProblem {
  std::vector<SplitRoute> routes;
  std::vector<RouteTariff> tariffs;
  std::vector<int> join_of;                // Per route: the open shipment it joins, or -1 for a new shipment.
  std::vector<SplitPart> parts;            // The lines' parts (line_parts of them), then the open shipments' weights.
  std::vector<std::vector<int>> feasible;  // Per part: route indices, ascending.
  size_t line_parts = 0;
  int64_t penalty_cents = 0;  // Per new shipment.

  // The solver's objective for a route per part, in millicents: each used route's cost for its weight, plus
  // the penalty when it is a new shipment. A plan's objective_millicents is this minus what every plan pays
  // alike (the open shipments' own weights; the first shipment's penalty when there is no open shipment).
  int64_t Objective(const std::vector<int>& route_of_part) const;
};

// A line no route can serve whole and whose stock, cut by site, still leaves `quantity` units unplaced.
struct ShortLine {
  int line = 0;
  int64_t quantity = 0;
  std::vector<int64_t> stock_left;  // The line's stock per site once its parts are taken.
};

// The problem Split solves for a valid `input`; lines it cannot place wholly go to `short_lines`.
SplitProblem SplitProblemOf(const SplitInput& input, std::vector<ShortLine>* short_lines);

// Equirectangular distance in metres, rounded: basic IEEE operations only (identical in WebAssembly).
int64_t SplitDistanceM(double lat1, double lon1, double lat2, double lon2);

}  // namespace relais

#endif  // RELAIS_ENGINE_SPLIT_PLAN_H_
