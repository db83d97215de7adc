#define BOOST_TEST_MODULE split_plan
// Basket splitting on hand-made baskets whose best plan is known: cheapest then fastest (and the reverse),
// grouping against splitting, the sales zone, transfers to the collect store, the cold chain, relay
// limits and parcels, closed destinations, lines cut across sites, and refused inputs.
#include "wasm/engine/split_plan.h"

#include <boost/test/unit_test.hpp>

#include "wasm/engine/split_check.h"
#include "wasm/engine/split_json.h"

using namespace relais;
using nlohmann::json;

namespace {

constexpr int kHome = static_cast<int>(SplitMode::kHome);
constexpr int kRelay = static_cast<int>(SplitMode::kRelay);
constexpr int kCollect = static_cast<int>(SplitMode::kClickCollect);

ModeOffer Offer(int64_t cost_cents, int32_t lead_time_hours, int32_t transit_days = 0) {
  ModeOffer o;
  o.enabled = true;
  o.cost_cents = cost_cents;
  o.lead_time_hours = lead_time_hours;
  o.transit_days = transit_days;
  return o;
}

SplitSite Site(const std::string& id, const std::string& zone, double lat, double lon) {
  SplitSite s;
  s.id = id;
  s.zone = zone;
  s.lat = lat;
  s.lon = lon;
  return s;
}

// A Paris store (0) and a warehouse (1) in zone idf, a Lille store (2) in zone nord; a shopper at home in
// Paris who bought at the Paris store on 2026-11-25 at 10:00.
SplitInput Basket() {
  SplitInput in;
  in.today = DaysFromCivil(2026, 11, 25);
  in.now_hour = 10;
  SplitSite store = Site("paris-store", "idf", 48.857, 2.354);
  store.preparation_cents = 100;
  store.modes[kHome] = Offer(900, 4, 1);  // Fast and dear.
  store.modes[kCollect] = Offer(0, 2);
  SplitSite warehouse = Site("wh-nord", "idf", 48.938, 2.500);
  warehouse.preparation_cents = 50;
  warehouse.modes[kHome] = Offer(490, 24, 2);  // Cheap and slow.
  warehouse.modes[kRelay] = Offer(350, 24, 2);
  warehouse.transfer = Offer(200, 12, 1);
  SplitSite lille = Site("lille-store", "nord", 50.63, 3.06);
  lille.modes[kHome] = Offer(100, 1, 1);
  for (SplitSite s : {store, warehouse, lille}) in.sites.push_back(s);
  in.purchase_site = 0;
  in.home = {{48.853, 2.369}};
  in.collect_site = 0;
  in.shipment_penalty_cents = 300;
  return in;
}

SplitLine Line(const std::string& sku, int64_t quantity, int64_t weight_g, std::vector<int64_t> stock) {
  SplitLine l;
  l.sku = sku;
  l.quantity = quantity;
  l.unit_weight_g = weight_g;
  l.unit_dims_cm = {30, 20, 10};
  l.stock = std::move(stock);
  return l;
}

SplitPlan Planned(const SplitInput& in) {
  const SplitPlan plan = Split(in);
  BOOST_REQUIRE_MESSAGE(plan.error.empty(), plan.error);
  const std::vector<std::string> problems = CheckSplitPlan(in, plan);
  BOOST_REQUIRE_MESSAGE(problems.empty(), (problems.empty() ? std::string() : problems.front()));
  return plan;
}

}  // namespace

BOOST_AUTO_TEST_CASE(cheapest_then_fastest_and_the_reverse) {
  SplitInput in = Basket();
  in.allowed_modes = 1u << kHome;
  in.lines = {Line("BOOK", 1, 500, {5, 5, 5})};
  SplitPlan plan = Planned(in);
  BOOST_TEST_REQUIRE(plan.shipments.size() == 1u);
  BOOST_TEST(plan.shipments[0].source == 1);               // The warehouse: 0.50 + 4.90 + km, against 1.00 + 9.00 + km.
  BOOST_TEST(plan.shipments[0].earliest == in.today + 3);  // Ready tomorrow 10:00, two days on the road.
  BOOST_TEST(plan.exact);
  in.fastest_first = true;
  plan = Planned(in);
  BOOST_TEST(plan.shipments[0].source == 0);  // The store: ready at 14:00 today, there tomorrow.
  BOOST_TEST(plan.latest_arrival == in.today + 1);
  // Lille has it cheapest and fastest, but is outside the Paris store's zone: never used.
  for (const Shipment& s : plan.shipments) BOOST_TEST(s.source != 2);
}

BOOST_AUTO_TEST_CASE(one_shipment_beats_two_when_splitting_costs_more) {
  SplitInput in = Basket();
  in.allowed_modes = 1u << kHome;
  // The store holds the book only; the warehouse both. Two shipments would take the book from the
  // store (dearer) -- one from the warehouse saves a preparation, a delivery and the penalty.
  in.lines = {Line("BOOK", 1, 500, {1, 1, 0}), Line("MUG", 2, 400, {0, 9, 0})};
  SplitPlan plan = Planned(in);
  BOOST_TEST_REQUIRE(plan.shipments.size() == 1u);
  BOOST_TEST(plan.shipments[0].source == 1);
  BOOST_TEST(plan.shipments[0].lines.size() == 2u);
  BOOST_TEST(plan.shipments[0].weight_g == 500 + 2 * 400);
  // Fastest first: the mug can only come from the warehouse, so the book may as well.
  in.fastest_first = true;
  BOOST_TEST(Planned(in).shipments.size() == 1u);
}

BOOST_AUTO_TEST_CASE(collect_at_the_store_with_a_transfer_from_the_warehouse) {
  SplitInput in = Basket();
  in.allowed_modes = 1u << kCollect;
  in.lines = {Line("BOOK", 1, 500, {1, 5, 0}), Line("TENT", 1, 3000, {0, 2, 0})};
  SplitPlan plan = Planned(in);
  // The tent comes from the warehouse by transfer to the store; the book, at the store already, could be
  // handed over today, but riding with the tent costs nothing more while a second shipment costs a
  // preparation and the penalty: one shipment.
  BOOST_TEST_REQUIRE(plan.shipments.size() == 1u);
  const Shipment& transfer = plan.shipments[0];
  BOOST_TEST(transfer.source == 1);
  BOOST_TEST(transfer.via == 0);
  BOOST_TEST(transfer.destination_site == 0);
  BOOST_TEST(transfer.lines.size() == 2u);
  BOOST_TEST(transfer.earliest == in.today + 2);  // 12 h to leave, a day on the road, 2 h at the store.
  // With the store closed the day after tomorrow, the tent is there the next open day.
  in.sites[0].open_days = kEveryDay & ~(DayMask{1} << 2);
  BOOST_TEST(Planned(in).latest_arrival == in.today + 3);
  // Without the penalty and with a dear transfer, the book is handed over today and the tent follows.
  in = Basket();
  in.allowed_modes = 1u << kCollect;
  in.lines = {Line("BOOK", 1, 500, {1, 5, 0}), Line("TENT", 1, 3000, {0, 2, 0})};
  in.shipment_penalty_cents = 0;
  in.sites[1].transfer.per_kg_cents = 500;
  plan = Planned(in);
  BOOST_TEST_REQUIRE(plan.shipments.size() == 2u);
  BOOST_TEST(plan.shipments[0].source == 0);
  BOOST_TEST(plan.shipments[0].earliest == in.today);  // Ready at 12:00 today.
}

BOOST_AUTO_TEST_CASE(cold_chain_relay_limits_and_parcels) {
  SplitInput in = Basket();
  SplitPoint relay;
  relay.carrier = "mondial-relay";
  relay.id = "066974";
  relay.lat = 48.86;
  relay.lon = 2.35;
  relay.max_weight_g = 10'000;
  relay.max_dims_cm = {60, 40, 40};
  in.relay = relay;
  in.allowed_modes = (1u << kRelay) | (1u << kCollect);
  SplitLine yogurt = Line("YOG", 1, 500, {5, 5, 0});
  yogurt.temperature = Temperature::kChilled;
  yogurt.mode = SplitMode::kRelay;  // The shopper wants everything at the relay.
  SplitLine books = Line("BOOKS", 14, 1000, {0, 20, 0});
  books.mode = SplitMode::kRelay;
  SplitLine anvil = Line("ANVIL", 1, 12'000, {0, 1, 0});
  anvil.mode = SplitMode::kRelay;
  in.lines = {yogurt, books, anvil};
  const SplitPlan plan = Planned(in);
  BOOST_TEST_REQUIRE(plan.unserved.size() == 2u);
  BOOST_TEST(plan.unserved[0].reason == "cold_chain");
  // The way round: collect it at the store if the store keeps it cold -- it does not here, so nothing...
  BOOST_TEST(plan.unserved[0].alternatives.empty());
  BOOST_TEST(plan.unserved[1].reason == "too_heavy");
  BOOST_TEST_REQUIRE(plan.shipments.size() == 1u);
  BOOST_TEST(plan.shipments[0].parcels == 2);  // 14 kg of books in two relay parcels of 10 kg at most.
  // ... until the store keeps chilled goods: then click & collect is offered for the yogurt.
  in.sites[0].modes[kCollect].cold_chain = true;
  const SplitPlan cold = Planned(in);
  BOOST_TEST_REQUIRE(!cold.unserved.empty());
  BOOST_TEST(cold.unserved[0].alternatives.size() == 1u);
  BOOST_TEST((cold.unserved[0].alternatives[0] == std::pair<SplitMode, int>{SplitMode::kClickCollect, 0}));
}

BOOST_AUTO_TEST_CASE(closed_destinations_and_lines_cut_across_sites) {
  SplitInput in = Basket();
  in.allowed_modes = 1u << kCollect;
  in.sites[0].open_days = 0;  // The store hands nothing over in the next 64 days.
  in.lines = {Line("BOOK", 1, 500, {5, 5, 0})};
  SplitPlan plan = Planned(in);
  BOOST_TEST_REQUIRE(plan.unserved.size() == 1u);
  BOOST_TEST(plan.unserved[0].reason == "closed");
  in = Basket();
  in.allowed_modes = 1u << kHome;
  in.lines = {Line("CHAIR", 6, 4000, {2, 3, 9})};  // 2 + 3 in the zone, Lille's 9 out of it.
  plan = Planned(in);
  BOOST_TEST(plan.shipments.size() == 2u);
  BOOST_TEST_REQUIRE(plan.unserved.size() == 1u);
  BOOST_TEST(plan.unserved[0].quantity == 1);
  BOOST_TEST(plan.unserved[0].reason == "no_stock");
}

BOOST_AUTO_TEST_CASE(an_unserved_line_says_the_real_cause_not_no_stock) {
  SplitInput in = Basket();
  in.allowed_modes = 1u << kHome;
  // Frozen, in stock at the warehouse only, whose home offer keeps no cold; the store's would, but has none.
  in.sites[0].modes[kHome].cold_chain = true;
  SplitLine sorbet = Line("SORBET", 1, 700, {0, 4, 0});
  sorbet.temperature = Temperature::kFrozen;
  in.lines = {sorbet};
  SplitPlan plan = Planned(in);
  BOOST_TEST_REQUIRE(plan.unserved.size() == 1u);
  BOOST_TEST(plan.unserved[0].reason == "cold_chain");  // Not no_stock: the store's empty shelf says nothing.
  // In stock at the warehouse only, collected at the store, and the warehouse transfers nothing: no route
  // from the stock (the store's empty shelf is not the cause).
  in = Basket();
  in.allowed_modes = 1u << kCollect;
  in.sites[1].transfer.enabled = false;
  in.lines = {Line("BOOK", 1, 500, {0, 3, 0})};
  plan = Planned(in);
  BOOST_TEST_REQUIRE(plan.unserved.size() == 1u);
  BOOST_TEST(plan.unserved[0].reason == "mode_unavailable");
  // Nowhere the shopper may be served from (Lille is out of the zone): no stock, whatever else.
  in.lines = {Line("BOOK", 1, 500, {0, 0, 9})};
  plan = Planned(in);
  BOOST_TEST_REQUIRE(plan.unserved.size() == 1u);
  BOOST_TEST(plan.unserved[0].reason == "no_stock");
}

BOOST_AUTO_TEST_CASE(inputs_the_solver_refuses) {
  SplitInput in = Basket();
  in.lines = {Line("BOOK", 1, 500, {1, 1, 1}), Line("BOOK", 2, 500, {1, 1, 1})};
  BOOST_TEST(Split(in).error.find("twice") != std::string::npos);
  in.lines = {Line("BOOK", 0, 500, {1})};
  BOOST_TEST(!Split(in).error.empty());
  in.lines = {Line("BOOK", 1, 500, {1})};
  in.collect_site = 7;
  BOOST_TEST(!Split(in).error.empty());
}

BOOST_AUTO_TEST_CASE(distances_need_no_libm) {
  // Paris Hotel de Ville to Lille Grand-Place: 204 km by the great circle.
  const int64_t d = SplitDistanceM(48.8566, 2.3522, 50.6372, 3.0633);
  BOOST_TEST(d > 203'000);
  BOOST_TEST(d < 206'000);
  BOOST_TEST(SplitDistanceM(48.8566, 2.3522, 48.8566, 2.3522) == 0);
}

BOOST_AUTO_TEST_CASE(lines_join_an_open_shipment_that_arrives_in_time) {
  SplitInput in = Basket();
  in.allowed_modes = 1u << kHome;
  in.sites[1].modes[kHome].per_kg_cents = 100;
  in.lines = {Line("BOOK", 1, 500, {0, 5, 0})};
  // Yesterday's order: 2 kg leaving the warehouse for the same home, promised for the 28th.
  OpenShipment open;
  open.id = "ord_1/0";
  open.route = {1, -1, SplitMode::kHome, -1};
  open.weight_g = 2000;
  open.promised_latest = in.today + 3;
  open.home_address_key = "5 rue oberkampf|75011|paris|FR";
  in.open_shipments = {open};
  // Another home (a holiday flat, a parent's), or one not named: a shipment of its own.
  for (const char* home : {"10 la canebiere|13001|marseille|FR", ""}) {
    in.home_address_key = home;
    const SplitPlan apart = Planned(in);
    BOOST_TEST_REQUIRE(apart.shipments.size() == 1u);
    BOOST_TEST(apart.shipments[0].joins == -1);
  }
  in.home_address_key = open.home_address_key;
  SplitPlan plan = Planned(in);
  BOOST_TEST_REQUIRE(plan.shipments.size() == 1u);
  BOOST_TEST(plan.shipments[0].joins == 0);
  BOOST_TEST(plan.shipments[0].cost_millicents == 100 * 500);  // Its weight only: 0.5 kg at 1.00 a kg.
  BOOST_TEST(plan.shipments[0].parcels == 0);
  BOOST_TEST(plan.objective_millicents == 100 * 500);
  // Promised for the 27th: joining would delay it, so the book goes on its own.
  in.open_shipments[0].promised_latest = in.today + 2;
  plan = Planned(in);
  BOOST_TEST_REQUIRE(plan.shipments.size() == 1u);
  BOOST_TEST(plan.shipments[0].joins == -1);
  // A new shipment beside open ones is an extra one: it pays the penalty.
  BOOST_TEST(plan.objective_millicents == plan.cost_millicents + 300 * 1000);
}

BOOST_AUTO_TEST_CASE(a_reservation_transferred_to_the_purchase_site_then_delivered) {
  SplitInput in = Basket();
  in.allowed_modes = 1u << kHome;
  // A depot of the zone that delivers nobody itself but sends stock to the store, which delivers.
  SplitSite depot = Site("depot", "idf", 48.80, 2.40);
  depot.transfer = Offer(150, 6, 1);
  in.sites.push_back(depot);
  in.lines = {Line("LAMP", 1, 2000, {0, 0, 0, 4})};
  const SplitPlan plan = Planned(in);
  BOOST_TEST_REQUIRE(plan.shipments.size() == 1u);
  BOOST_TEST(plan.shipments[0].source == 3);
  BOOST_TEST(plan.shipments[0].via == 0);
  BOOST_TEST((plan.shipments[0].mode == SplitMode::kHome));
  // 10:00 + 6 h to leave, a day's transfer, 4 h at the store, a day to the door.
  BOOST_TEST(plan.shipments[0].earliest == in.today + 2);
  // Without the store's home delivery, nothing can bring it home.
  in.sites[0].modes[kHome].enabled = false;
  BOOST_TEST(Planned(in).unserved.size() == 1u);
}

// Two sourcing levels (issue 21): the Paris store's extended site -- itself and its back store -- serves
// first, though the zone's warehouse is cheaper; the zone serves what the extended site cannot.
BOOST_AUTO_TEST_CASE(the_extended_site_serves_first_though_the_zone_is_cheaper) {
  SplitInput in = Basket();
  in.allowed_modes = 1u << kHome;
  SplitSite back = Site("paris-back", "idf", 48.858, 2.355);
  back.extended = true;
  back.preparation_cents = 80;
  back.modes[kHome] = Offer(700, 6, 1);  // Dearer than the warehouse's 4.90.
  in.sites.push_back(back);              // Index 3.
  in.lines = {Line("BOOK", 1, 500, {0, 5, 0, 5})};
  SplitPlan plan = Planned(in);
  BOOST_TEST_REQUIRE(plan.shipments.size() == 1u);
  BOOST_TEST(plan.shipments[0].source == 3);  // The back store, not the cheaper warehouse.
  // Without the extended site, the zone's cheapest: the warehouse.
  SplitInput zone_only = in;
  zone_only.sites[3].extended = false;
  BOOST_TEST(Planned(zone_only).shipments[0].source == 1);
  // A line the extended site cannot serve whole comes from the zone; a line cut across sites takes the
  // extended site's stock first (the back store's 2, then the warehouse's).
  in.lines = {Line("BOOK", 1, 500, {0, 5, 0, 5}), Line("MUG", 1, 400, {0, 9, 0, 0}), Line("PEN", 5, 10, {0, 4, 0, 2})};
  plan = Planned(in);
  int64_t mugs_from_warehouse = 0, pens_from_back = 0;
  for (const Shipment& s : plan.shipments) {
    for (const ShipmentLine& l : s.lines) {
      if (l.line == 1 && s.source == 1) mugs_from_warehouse += l.quantity;
      if (l.line == 2 && s.source == 3) pens_from_back += l.quantity;
      if (l.line == 0) BOOST_TEST(s.source == 3);
    }
  }
  BOOST_TEST(mugs_from_warehouse == 1);
  BOOST_TEST(pens_from_back == 2);
  // The checker knows the rule: the book from the warehouse is refused.
  SplitPlan wrong = Planned(zone_only);
  BOOST_REQUIRE(!wrong.shipments.empty());
  SplitInput with_levels = zone_only;
  with_levels.sites[3].extended = true;
  const std::vector<std::string> problems = CheckSplitPlan(with_levels, wrong);
  BOOST_TEST(problems.size() == 1u);
  BOOST_TEST((!problems.empty() && problems[0].find("extended site paris-back could serve it") != std::string::npos));
}

BOOST_AUTO_TEST_CASE(a_booked_slot_takes_only_routes_ready_by_its_start) {
  SplitInput in = Basket();
  in.allowed_modes = 1u << kCollect;
  // The tent is at the warehouse only: transferred, it is ready at the store 48 h after today's midnight
  // (10:00 now, 12 h to leave, a day on the road, 2 h at the store): at 00:00 on the 27th.
  in.lines = {Line("TENT", 1, 3000, {0, 2, 0})};
  in.collect_slot = CollectSlot{in.today + 2, 14 * 60};  // The 27th, 14:00: ready in time.
  SplitPlan plan = Planned(in);
  BOOST_TEST_REQUIRE(plan.shipments.size() == 1u);
  BOOST_TEST(plan.shipments[0].earliest == in.today + 2);
  // A later slot: the shipment is collected on the slot's day, not the first day it could be.
  in.collect_slot = CollectSlot{in.today + 5, 10 * 60};
  BOOST_TEST(Planned(in).shipments[0].earliest == in.today + 5);
  // 20:00 on the 26th is before the goods are there: the line is refused, and says why.
  in.collect_slot = CollectSlot{in.today + 1, 20 * 60};
  plan = Planned(in);
  BOOST_TEST(plan.shipments.empty());
  BOOST_TEST_REQUIRE(plan.unserved.size() == 1u);
  BOOST_TEST(plan.unserved[0].reason == "slot_too_soon");
  // A book at the store itself is ready at 12:00 today: a 12:00 slot takes it, 11:00 does not.
  in.lines = {Line("BOOK", 1, 500, {1, 0, 0})};
  in.collect_slot = CollectSlot{in.today, 12 * 60};
  BOOST_TEST(Planned(in).shipments.size() == 1u);
  in.collect_slot = CollectSlot{in.today, 11 * 60};
  BOOST_TEST(Planned(in).unserved.size() == 1u);
  // The checker refuses a plan whose shipment is not on the slot's day.
  in.collect_slot = CollectSlot{in.today + 1, 9 * 60};
  plan = Planned(in);
  BOOST_TEST_REQUIRE(plan.shipments.size() == 1u);
  plan.shipments[0].earliest = plan.shipments[0].latest = in.today;
  BOOST_TEST(!CheckSplitPlan(in, plan).empty());
}

BOOST_AUTO_TEST_CASE(a_merchant_mode_is_a_route_of_its_kind_with_its_own_offer) {
  // The brand's own fleet ("courier", a home route) from the Paris store: 3.00 + 0.50 per km, against the
  // store's carrier at 9.00 and the warehouse's at 4.90 + two days.
  SplitInput in = Basket();
  in.allowed_modes = 1u << kHome;
  in.merchant_modes = {{"courier", SplitMode::kHome}};
  ModeOffer courier = Offer(300, 2);
  courier.per_km_cents = 50;
  in.sites[0].merchant_offers = {courier};
  in.lines = {Line("BOOK", 1, 500, {5, 5, 0})};
  SplitPlan plan = Planned(in);
  BOOST_TEST_REQUIRE(plan.shipments.size() == 1u);
  BOOST_TEST(plan.shipments[0].source == 0);
  BOOST_TEST((plan.shipments[0].mode == SplitMode::kHome));
  BOOST_TEST(plan.shipments[0].merchant_mode == 0);
  BOOST_TEST(plan.shipments[0].earliest == in.today);  // Ready at 12:00, no carrier days.
  // A home too far for the fleet to be cheaper: the warehouse's carrier again.
  in.home = {{48.0, 3.5}};  // About 130 km.
  plan = Planned(in);
  BOOST_TEST(plan.shipments[0].merchant_mode == -1);
  // The shopper's choices name it: left out of "modes", it is not planned; imposed on a line, nothing else is.
  in = Basket();
  in.allowed_modes = 1u << kHome;
  in.merchant_modes = {{"courier", SplitMode::kHome}};
  in.sites[0].merchant_offers = {courier};
  in.lines = {Line("BOOK", 1, 500, {5, 5, 0})};
  in.allowed_merchant_modes = 0;
  BOOST_TEST(Planned(in).shipments[0].merchant_mode == -1);
  in.allowed_merchant_modes = 1;
  in.home = {{48.0, 3.5}};
  in.lines[0].mode = SplitMode::kHome;
  in.lines[0].merchant_mode = 0;
  plan = Planned(in);
  BOOST_TEST(plan.shipments[0].merchant_mode == 0);
  // The checker holds a plan to the offer that carries it: the store's courier, not the warehouse's (none).
  plan.shipments[0].source = 1;
  BOOST_TEST(!CheckSplitPlan(in, plan).empty());
}

BOOST_AUTO_TEST_CASE(merchant_modes_read_and_write_as_the_split_json_names_them) {
  const std::string text = R"({"today": "2026-11-25", "now_hour": 10,
    "merchant_modes": [{"name": "courier", "route": "home"}],
    "sites": [{"id": "store", "lat": 48.857, "lon": 2.354,
               "modes": {"home": {"cost_cents": 900, "lead_time_hours": 4, "transit_days": 1},
                         "courier": {"cost_cents": 300, "per_km_cents": 50, "lead_time_hours": 2}}}],
    "basket": [{"sku": "BOOK", "quantity": 1, "weight_g": 500}],
    "stock": {"BOOK": {"store": 3}},
    "choices": {"modes": ["home", "courier"], "home": {"lat": 48.853, "lon": 2.369}}})";
  SplitInput in;
  BOOST_TEST_REQUIRE(ParseSplitInput(text, nullptr, &in) == "");
  const json plan = json::parse(SplitPlanJson(in, Split(in)));
  BOOST_TEST(plan["shipments"][0]["mode"] == "courier");
  BOOST_TEST(plan["shipments"][0]["route"] == "home");
  // What the server hands the browser reads back to the same input.
  SplitInput again;
  BOOST_TEST_REQUIRE(ParseSplitInput(SplitInputJson(in), nullptr, &again) == "");
  BOOST_TEST(SplitInputJson(again) == SplitInputJson(in));
  BOOST_TEST(json::parse(SplitPlanJson(again, Split(again))) == plan);
  // A name taken, a route that is none: refused, naming the field.
  json bad = json::parse(text);
  bad["merchant_modes"][0]["name"] = "home";
  BOOST_TEST(ParseSplitInput(bad.dump(), nullptr, &in).starts_with("merchant_modes[0].name"));
  bad = json::parse(text);
  bad["merchant_modes"][0]["route"] = "reserve";
  BOOST_TEST(ParseSplitInput(bad.dump(), nullptr, &in).starts_with("merchant_modes[0].route"));
  // Imposed by name on a line, or left out of the choices.
  SplitInput imposed;
  BOOST_TEST_REQUIRE(ParseSplitInput(text, nullptr, &imposed) == "");
  BOOST_TEST(UpdateSplitInput(R"({"line_modes": {"BOOK": "home"}, "choices": {"modes": ["home", "courier"],
    "home": {"lat": 48.853, "lon": 2.369}}})",
                              nullptr, &imposed) == "");
  BOOST_TEST(json::parse(SplitPlanJson(imposed, Split(imposed)))["shipments"][0]["mode"] == "home");
  BOOST_TEST(UpdateSplitInput(R"({"line_modes": {"BOOK": null}, "choices": {"modes": ["home"],
    "home": {"lat": 48.853, "lon": 2.369}}})",
                              nullptr, &imposed) == "");
  BOOST_TEST(json::parse(SplitPlanJson(imposed, Split(imposed)))["shipments"][0]["mode"] == "home");
}
