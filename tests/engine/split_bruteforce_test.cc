#define BOOST_TEST_MODULE split_bruteforce
// The split solver against brute force: on thousands of random small baskets, every assignment of lines
// to routes is enumerated and the best value (cost then arrival, or arrival then cost) must equal the
// solver's exactly. Every plan -- exact or heuristic -- passes the independent plan checker. The heuristic's
// gap to the exact optimum is measured on instances of up to 12 lines and kept small.
#include <boost/test/unit_test.hpp>
#include <map>

#include "data-sync/synthetic_baskets.h"
#include "wasm/engine/split_check.h"
#include "wasm/engine/split_json.h"
#include "wasm/engine/split_plan.h"

using namespace relais;

namespace {

struct Best {
  bool found = false;
  int64_t objective = 0;
  DayNumber latest = 0;
};

// Every assignment of each line to one of the routes that serve it whole; nullopt when a line is neither
// servable whole nor hopeless (the solver then cuts it: not what this brute force models).
std::optional<Best> BruteForce(const SplitInput& in) {
  std::vector<SplitRoute> routes = CandidateRoutes(in);
  std::vector<RouteTariff> tariffs;
  for (const SplitRoute& r : routes) tariffs.push_back(TariffOf(in, r));
  // Joining an open shipment: its route again, priced for the weight it adds.
  std::vector<int64_t> carried(routes.size(), -1);
  for (const OpenShipment& open : in.open_shipments) {
    const RouteTariff t = TariffOf(in, open.route);
    const bool offered = std::find(routes.begin(), routes.end(), open.route) != routes.end();
    const SplitPoint* point = open.route.mode == SplitMode::kRelay    ? (in.relay ? &*in.relay : nullptr)
                              : open.route.mode == SplitMode::kLocker ? (in.locker ? &*in.locker : nullptr)
                                                                      : nullptr;
    if (!offered || !t.available || t.latest > open.promised_latest) continue;
    if (point && (point->carrier != open.point_carrier || point->id != open.point_id)) continue;
    if (open.route.mode == SplitMode::kHome &&
        (open.home_address_key.empty() || open.home_address_key != in.home_address_key)) {
      continue;
    }
    routes.push_back(open.route);
    tariffs.push_back(t);
    carried.push_back(open.weight_g);
  }
  std::vector<std::vector<int>> options;
  for (int l = 0; l < static_cast<int>(in.lines.size()); ++l) {
    std::vector<int> whole;
    bool any_stock = false;
    for (size_t r = 0; r < routes.size(); ++r) {
      if (!tariffs[r].available) continue;
      if (RouteRefusal(in, routes[r], l, in.lines[l].quantity).empty()) whole.push_back(static_cast<int>(r));
      if (RouteRefusal(in, routes[r], l, 1).empty()) any_stock = true;
    }
    if (whole.empty() && any_stock) return std::nullopt;
    if (!whole.empty()) options.push_back(whole);
    // Hopeless lines are unserved in every plan: they change nothing below.
    if (whole.empty()) continue;
    options.back().push_back(l);  // The line's index rides at the end.
  }
  Best best;
  if (options.empty()) return best;
  std::vector<size_t> pick(options.size(), 0);
  while (true) {
    std::map<int, int64_t> weight;
    for (size_t i = 0; i < options.size(); ++i) {
      const int line = options[i].back();
      weight[options[i][pick[i]]] += in.lines[line].quantity * in.lines[line].unit_weight_g;
    }
    int64_t objective = 0;
    DayNumber latest = 0;
    int new_shipments = 0;
    for (const auto& [r, w] : weight) {
      if (carried[r] < 0) {
        objective += tariffs[r].CostMillicents(w) + in.shipment_penalty_cents * 1000;
        ++new_shipments;
      } else {
        objective += tariffs[r].CostMillicents(carried[r] + w) - tariffs[r].CostMillicents(carried[r]);
      }
      latest = std::max(latest, tariffs[r].latest);
    }
    if (in.open_shipments.empty() && new_shipments > 0) objective -= in.shipment_penalty_cents * 1000;
    const bool better =
        !best.found || (in.fastest_first ? std::pair(latest, objective) < std::pair(best.latest, best.objective)
                                         : std::pair(objective, latest) < std::pair(best.objective, best.latest));
    if (better) best = {true, objective, latest};
    size_t i = 0;
    while (i < options.size() && ++pick[i] == options[i].size() - 1) pick[i++] = 0;
    if (i == options.size()) break;
  }
  return best;
}

void RequireValid(const SplitInput& in, const SplitPlan& plan, int instance) {
  BOOST_REQUIRE_MESSAGE(plan.error.empty(), "instance " << instance << ": " << plan.error);
  const std::vector<std::string> problems = CheckSplitPlan(in, plan);
  BOOST_REQUIRE_MESSAGE(problems.empty(),
                        "instance " << instance << ": " << (problems.empty() ? std::string() : problems.front()));
}

}  // namespace

BOOST_AUTO_TEST_CASE(exact_equals_brute_force_on_small_baskets) {
  SyntheticBaskets instances(20261125);
  int compared = 0, skipped = 0, served = 0, joined = 0;
  for (int i = 0; i < 6000; ++i) {
    const SplitInput in = instances.Next(1 + i % 6, 2 + i % 5);
    const SplitPlan plan = Split(in);
    RequireValid(in, plan, i);
    const std::optional<Best> best = BruteForce(in);
    if (!best) {
      ++skipped;
      continue;
    }
    ++compared;
    if (!best->found) {
      BOOST_TEST(plan.shipments.empty());
      continue;
    }
    ++served;
    for (const Shipment& s : plan.shipments) joined += s.joins >= 0;
    BOOST_TEST(plan.exact);
    BOOST_TEST(plan.objective_millicents == best->objective,
               "instance " << i << (in.fastest_first ? " fastest" : " cheapest") << " plan "
                           << plan.objective_millicents << "/" << plan.latest_arrival << " brute " << best->objective
                           << "/" << best->latest);
    BOOST_TEST(plan.latest_arrival == best->latest, "instance " << i << (in.fastest_first ? " fastest" : " cheapest")
                                                                << " plan " << plan.objective_millicents << "/"
                                                                << plan.latest_arrival << " brute " << best->objective
                                                                << "/" << best->latest);
  }
  BOOST_TEST_MESSAGE(compared << " instances compared (" << served << " with shipments), " << skipped
                              << " skipped (a line cut across sites)");
  BOOST_TEST(served > 3000);
  BOOST_TEST_MESSAGE(joined << " shipments joined an open one");
  BOOST_TEST(joined > 200);
}

BOOST_AUTO_TEST_CASE(heuristic_plans_are_valid_and_close_to_the_optimum) {
  SyntheticBaskets instances(7);
  double gap_sum = 0;
  int measured = 0, optimal = 0;
  for (int i = 0; i < 400; ++i) {
    SplitInput in = instances.Next(4 + i % 9, 5 + i % 16);
    in.fastest_first = false;
    const SplitPlan exact = Split(in);
    RequireValid(in, exact, i);
    in.exact_max_lines = 0;
    const SplitPlan heuristic = Split(in);
    RequireValid(in, heuristic, i);
    BOOST_TEST(!heuristic.exact);
    if (exact.shipments.empty() || exact.objective_millicents == 0) continue;
    BOOST_TEST(heuristic.objective_millicents >= exact.objective_millicents);  // The exact plan is optimal.
    gap_sum += static_cast<double>(heuristic.objective_millicents - exact.objective_millicents) /
               static_cast<double>(exact.objective_millicents);
    optimal += heuristic.objective_millicents == exact.objective_millicents;
    ++measured;
  }
  BOOST_TEST_MESSAGE("heuristic: mean gap " << 100 * gap_sum / measured << "% over " << measured
                                            << " instances, optimal on " << optimal);
  BOOST_TEST(measured > 300);
  BOOST_TEST(gap_sum / measured < 0.02);  // A regression guard; bench/ measures the gap properly.
}

BOOST_AUTO_TEST_CASE(large_baskets_get_valid_plans) {
  SyntheticBaskets instances(99);
  for (int i = 0; i < 60; ++i) {
    const SplitInput in = instances.Next(13 + i % 40, 10 + i % 100);
    const SplitPlan plan = Split(in);
    RequireValid(in, plan, i);
  }
}

BOOST_AUTO_TEST_CASE(json_round_trips_to_the_same_plan) {
  SyntheticBaskets baskets(4);
  for (int i = 0; i < 300; ++i) {
    const SplitInput in = baskets.Next(1 + i % 20, 2 + i % 30);
    const std::string text = SplitInputJson(in);
    SplitInput back;
    const std::string error = ParseSplitInput(text, nullptr, &back);
    BOOST_REQUIRE_MESSAGE(error.empty(), error);
    BOOST_TEST(SplitInputJson(back) == text);
    BOOST_TEST(SplitPlanJson(back, Split(back)) == SplitPlanJson(in, Split(in)));
  }
  // Bad inputs name their field.
  SplitInput in;
  const auto error_of = [&](const std::string& text) { return ParseSplitInput(text, nullptr, &in); };
  BOOST_TEST(error_of("[]") == "the split input is not a JSON object");
  BOOST_TEST(error_of(R"({"today": "2026-13-01"})") == "today: must be YYYY-MM-DD");
  BOOST_TEST(error_of(R"({"today": "2026-11-25", "sites": [{"id": "a", "lat": 48, "lon": "2"}]})") ==
             "sites[0].lon: must be a number");
  BOOST_TEST(error_of(R"({"today": "2026-11-25", "sites": [{"id": "a", "lat": 48, "lon": 2}],
    "basket": [{"sku": "X", "quantity": 0}]})") == "basket[0].quantity: must be 1..1000000");
  BOOST_TEST(error_of(R"({"today": "2026-11-25", "sites": [{"id": "a", "lat": 48, "lon": 2}],
    "basket": [{"sku": "X", "quantity": 1}], "stock": {"X": {"b": 1}}})") == "stock.X.b: no such site");
}
