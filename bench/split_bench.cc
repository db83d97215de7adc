// Basket splitting: latency, optimality and the saving against the greedy allocation most commerce engines
// use. Built twice from this one file -- natively (build/native/bench/split-bench) and in WebAssembly
// (node build/wasm/split-bench.js) -- on the same seeded synthetic baskets (data-sync/synthetic_baskets.h).
//
//   split-bench [baskets per size]
//
// The peer, "greedy": lines in basket order, each from the first site by priority (the purchase site, then
// the others in their order) holding all its units, by that site's cheapest route for it alone; lines on the
// same route then share a shipment, as an order-management system would group them.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "bench/bench_stats.h"
#include "data-sync/synthetic_baskets.h"
#include "wasm/engine/split_json.h"
#include "wasm/engine/split_plan.h"

namespace relais {
namespace {

// The greedy plan's objective (millicents, penalties included), or -1 when it leaves a line unserved.
int64_t GreedyObjective(const SplitInput& in) {
  const std::vector<SplitRoute> routes = CandidateRoutes(in);
  std::vector<RouteTariff> tariffs;
  for (const SplitRoute& r : routes) tariffs.push_back(TariffOf(in, r));
  std::vector<int> priority;
  if (in.purchase_site >= 0) priority.push_back(in.purchase_site);
  for (int s = 0; s < static_cast<int>(in.sites.size()); ++s) {
    if (s != in.purchase_site) priority.push_back(s);
  }
  std::map<int, int64_t> weight_of;
  for (int line = 0; line < static_cast<int>(in.lines.size()); ++line) {
    int chosen = -1;
    for (int site : priority) {
      for (size_t r = 0; r < routes.size(); ++r) {
        if (routes[r].source != site || !tariffs[r].available) continue;
        if (!RouteRefusal(in, routes[r], line, in.lines[line].quantity).empty()) continue;
        const int64_t w = in.lines[line].quantity * in.lines[line].unit_weight_g;
        if (chosen < 0 || tariffs[r].CostMillicents(w) < tariffs[chosen].CostMillicents(w))
          chosen = static_cast<int>(r);
      }
      if (chosen >= 0) break;
    }
    if (chosen < 0) return -1;
    weight_of[chosen] += in.lines[line].quantity * in.lines[line].unit_weight_g;
  }
  int64_t objective = -in.shipment_penalty_cents * 1000;
  for (const auto& [r, w] : weight_of) objective += tariffs[r].CostMillicents(w) + in.shipment_penalty_cents * 1000;
  return objective;
}

void Latency(int baskets) {
  // plan: the engine alone; re-plan: what the widget pays per change of the shopper's mind (a parsed input
  // copied, the change applied from JSON, planned, the plan written as JSON: splitter.plan()); JSON+plan:
  // a whole input parsed, planned and written (the split module's split()).
  std::printf("%-14s %9s %9s %12s %12s %11s %11s %6s\n", "lines x sites", "plan p50", "plan p99", "re-plan p50",
              "re-plan p99", "JSON p50", "JSON p99", "exact");
  for (int lines : {5, 20, 50}) {
    for (int sites : {10, 50, 200}) {
      SyntheticBaskets generator(static_cast<uint32_t>(1000 * lines + sites));
      std::vector<double> plan_ms, json_ms, update_ms;
      int exact = 0;
      for (int i = 0; i < baskets; ++i) {
        const SplitInput in = generator.Next(lines, sites);
        const std::string text = SplitInputJson(in);
        auto t = std::chrono::steady_clock::now();
        const SplitPlan plan = Split(in);
        plan_ms.push_back(Ms(std::chrono::steady_clock::now() - t));
        exact += plan.exact;
        t = std::chrono::steady_clock::now();
        SplitInput parsed;
        ParseSplitInput(text, nullptr, &parsed);
        const std::string answer = SplitPlanJson(parsed, Split(parsed));
        json_ms.push_back(Ms(std::chrono::steady_clock::now() - t));
        if (answer.empty()) std::abort();
        const std::string update =
            R"({"preference": "fastest", "choices": {"modes": ["home", "relay", "click_collect"]}})";
        t = std::chrono::steady_clock::now();
        SplitInput changed = parsed;
        UpdateSplitInput(update, nullptr, &changed);
        const std::string replanned = SplitPlanJson(changed, Split(changed));
        update_ms.push_back(Ms(std::chrono::steady_clock::now() - t));
        if (replanned.empty()) std::abort();
      }
      std::printf("%-14s %9.3f %9.3f %12.3f %12.3f %11.3f %11.3f %5d%%\n",
                  (std::to_string(lines) + " x " + std::to_string(sites)).c_str(), Percentile(plan_ms, 0.5),
                  Percentile(plan_ms, 0.99), Percentile(update_ms, 0.5), Percentile(update_ms, 0.99),
                  Percentile(json_ms, 0.5), Percentile(json_ms, 0.99), 100 * exact / baskets);
    }
  }
}

void Optimality(int baskets) {
  std::printf("\n%-22s %14s %14s %14s\n", "heuristic vs exact", "mean gap", "max gap", "zero gap");
  for (auto [lines, sites] : {std::pair{8, 10}, std::pair{12, 20}, std::pair{12, 50}}) {
    SyntheticBaskets generator(static_cast<uint32_t>(77 + lines + sites));
    double sum = 0, worst = 0;
    int measured = 0, zero = 0;
    for (int i = 0; i < baskets; ++i) {
      SplitInput in = generator.Next(lines, sites);
      const SplitPlan exact = Split(in);
      in.exact_max_lines = 0;
      const SplitPlan heuristic = Split(in);
      if (exact.shipments.empty() || exact.objective_millicents <= 0) continue;
      const double gap = static_cast<double>(heuristic.objective_millicents - exact.objective_millicents) /
                         static_cast<double>(exact.objective_millicents);
      sum += gap;
      worst = std::max(worst, gap);
      zero += gap == 0;
      ++measured;
    }
    std::printf("%-22s %13.3f%% %13.2f%% %9d / %d\n", (std::to_string(lines) + " x " + std::to_string(sites)).c_str(),
                100 * sum / measured, 100 * worst, zero, measured);
  }
}

void AgainstGreedy(int baskets) {
  std::printf("\n%-22s %12s %20s %22s\n", "vs greedy (peer)", "compared", "plans differ/split", "mean saving there");
  for (auto [lines, sites] : {std::pair{5, 10}, std::pair{12, 20}, std::pair{20, 50}, std::pair{50, 200}}) {
    SyntheticBaskets generator(static_cast<uint32_t>(4242 + lines + sites));
    int compared = 0, matters = 0;
    double saving = 0;
    for (int i = 0; i < baskets; ++i) {
      SplitInput in = generator.Next(lines, sites);
      const int64_t greedy = GreedyObjective(in);
      const SplitPlan plan = Split(in);
      if (greedy <= 0 || !plan.unserved.empty()) continue;  // Compare plans that serve the whole basket.
      ++compared;
      if (plan.shipments.size() < 2 && greedy == plan.objective_millicents) continue;
      ++matters;
      saving += static_cast<double>(greedy - plan.objective_millicents) / static_cast<double>(greedy);
    }
    std::printf("%-22s %12d %20d %21.1f%%\n", (std::to_string(lines) + " x " + std::to_string(sites)).c_str(), compared,
                matters, matters ? 100 * saving / matters : 0.0);
  }
}

}  // namespace
}  // namespace relais

int main(int argc, char** argv) {
  const int baskets = argc > 1 ? std::atoi(argv[1]) : 200;
  relais::Latency(baskets);
  relais::Optimality(baskets);
  relais::AgainstGreedy(baskets);
}
