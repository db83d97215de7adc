// The split heuristic's optimality gap beyond the reach of the engine's exact solver: each basket's problem
// (SplitProblemOf, the very one Split solves) is also written as a mixed-integer programme and solved to
// proven optimality by COIN-OR CBC (Debian's coinor-libcbc-dev), a solver independent of ours.
//
//   split-gap-bench [baskets per size] [seconds per basket]
//
// The programme, in millicents (every coefficient an integer, so an absolute gap below 1 proves the optimum):
//   x[p][r]  part p takes route r (binary)        cost per_g[r] * weight[p]
//   y[r]     route r carries a shipment (binary)  cost base[r] + penalty (new shipments)
//   k[r]     its parcels beyond the first (int)   cost per_extra_parcel[r]
//   every part takes one route; x[p][r] <= y[r]; sum weight[p] x[p][r] <= limit[r] (y[r] + k[r]).
// This is SplitProblem::Objective exactly. On the sizes the exact solver covers it must agree with it (a
// cross-check of both); everywhere the heuristic must never beat it (else a bug aborts the run).
#include <coin/Cbc_C_Interface.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "data-sync/synthetic_baskets.h"
#include "wasm/engine/split_plan.h"
#include "wasm/engine/split_solver.h"

namespace relais {
namespace {

struct MipResult {
  bool proven = false;
  int64_t objective = 0;  // Millicents, as SplitProblem::Objective.
};

MipResult SolveWithCbc(const SplitProblem& problem, double seconds) {
  Cbc_Model* model = Cbc_newModel();
  Cbc_setLogLevel(model, 0);
  const size_t routes = problem.tariffs.size();
  std::vector<int> used(routes, 0);
  for (const std::vector<int>& f : problem.feasible) {
    for (int r : f) used[r] = 1;
  }
  // Rows first (Cbc_addCol fills them): one per part, then per used route its links and its parcel bound.
  int rows = 0;
  for (size_t p = 0; p < problem.parts.size(); ++p) Cbc_addRow(model, "", 0, nullptr, nullptr, 'E', 1.0), ++rows;
  std::vector<int> parcel_row(routes, -1);
  for (size_t r = 0; r < routes; ++r) {
    if (used[r] && problem.tariffs[r].parcel_limit_g > 0) {
      Cbc_addRow(model, "", 0, nullptr, nullptr, 'L', 0.0);
      parcel_row[r] = rows++;
    }
  }
  std::vector<std::vector<std::pair<int, int>>> users(routes);  // Per route: (part, x column).
  int columns = 0;
  for (size_t p = 0; p < problem.parts.size(); ++p) {
    for (int r : problem.feasible[p]) {
      const RouteTariff& t = problem.tariffs[r];
      const double w = static_cast<double>(problem.parts[p].weight_g);
      std::vector<int> in_rows = {static_cast<int>(p)};
      std::vector<double> coefs = {1.0};
      if (parcel_row[r] >= 0) in_rows.push_back(parcel_row[r]), coefs.push_back(w);
      Cbc_addCol(model, "", 0, 1, static_cast<double>(t.per_g_millicents) * w, 1, static_cast<int>(in_rows.size()),
                 in_rows.data(), coefs.data());
      users[r].push_back({static_cast<int>(p), columns++});
    }
  }
  for (size_t r = 0; r < routes; ++r) {
    if (!used[r]) continue;
    const RouteTariff& t = problem.tariffs[r];
    const int64_t fixed = t.base_millicents + (problem.join_of[r] < 0 ? problem.penalty_cents * 1000 : 0);
    std::vector<int> link_rows;
    for (size_t i = 0; i < users[r].size(); ++i) {
      // x[p][r] - y[r] <= 0.
      const int x = users[r][i].second;
      const double one = 1.0;
      Cbc_addRow(model, "", 1, &x, &one, 'L', 0.0);
      link_rows.push_back(rows++);
    }
    std::vector<double> link_coefs(link_rows.size(), -1.0);
    double minus_limit = -static_cast<double>(t.parcel_limit_g);
    if (parcel_row[r] >= 0) link_rows.push_back(parcel_row[r]), link_coefs.push_back(minus_limit);
    Cbc_addCol(model, "", 0, 1, static_cast<double>(fixed), 1, static_cast<int>(link_rows.size()), link_rows.data(),
               link_coefs.data());
    ++columns;
    if (parcel_row[r] >= 0) {
      int row = parcel_row[r];
      int64_t carried = 0;  // The most the route could carry: bounds its parcels.
      for (const auto& [p, x] : users[r]) carried += problem.parts[p].weight_g;
      const double most = static_cast<double>((carried + t.parcel_limit_g - 1) / t.parcel_limit_g);
      Cbc_addCol(model, "", 0, most, static_cast<double>(t.per_extra_parcel_millicents), 1, 1, &row, &minus_limit);
      ++columns;
    }
  }
  Cbc_setAllowableGap(model, 0.5);
  Cbc_setMaximumSeconds(model, seconds);
  Cbc_solve(model);
  MipResult result;
  result.proven = Cbc_isProvenOptimal(model) != 0;
  result.objective = static_cast<int64_t>(Cbc_getObjValue(model) + 0.5);
  Cbc_deleteModel(model);
  return result;
}

// What every plan of `in` pays alike in SplitProblem::Objective and not in SplitPlan::objective_millicents.
int64_t Constant(const SplitInput& in, const SplitProblem& problem) {
  int64_t constant = in.open_shipments.empty() ? in.shipment_penalty_cents * 1000 : 0;
  for (size_t p = problem.line_parts; p < problem.parts.size(); ++p) {
    constant += problem.tariffs[problem.feasible[p].front()].CostMillicents(problem.parts[p].weight_g);
  }
  return constant;
}

// Per size: baskets with something to ship, those CBC proved optimal within the time given, the exact
// solver's agreement with CBC (every basket it can take), then the gaps to CBC's optimum (of the plan's
// objective): Split as shoppers get it (exact up to SplitInput::exact_max_lines parts), and the heuristic
// alone on every basket.
void Gap(int baskets, double seconds) {
  std::printf("%-9s %7s %7s %9s %11s %15s %14s %14s\n", "vs CBC", "planned", "proven", "exact=CBC", "Split mean",
              "heuristic mean", "heuristic max", "heuristic zero");
  for (auto [lines, sites] : {std::pair{8, 10}, std::pair{12, 20}, std::pair{20, 50}, std::pair{30, 100}}) {
    SyntheticBaskets generator(static_cast<uint32_t>(9000 + lines * 7 + sites));
    int planned = 0, proven = 0, zero = 0, measured = 0, exact_checked = 0;
    double split_sum = 0, sum = 0, worst = 0;
    for (int i = 0; i < baskets; ++i) {
      const SplitInput in = generator.Next(lines, sites);
      std::vector<ShortLine> short_lines;
      const SplitProblem problem = SplitProblemOf(in, &short_lines);
      if (problem.line_parts == 0) continue;
      ++planned;
      const MipResult optimum = SolveWithCbc(problem, seconds);
      const int64_t heuristic = problem.Objective(SolveSplit(problem, false));
      const bool exact = problem.parts.size() <= static_cast<size_t>(std::min(in.exact_max_lines, 16));
      const int64_t split = exact ? problem.Objective(SolveSplit(problem, true)) : heuristic;
      const int64_t constant = Constant(in, problem);
      if (Split(in).objective_millicents != split - constant) {
        std::fprintf(stderr, "basket %d (%dx%d): Split's objective is not its problem's\n", i, lines, sites);
        std::abort();
      }
      if (!optimum.proven) continue;
      ++proven;
      if (heuristic < optimum.objective || split < optimum.objective) {
        std::fprintf(stderr, "basket %d (%dx%d): a plan (%lld, %lld) below CBC's proven optimum %lld\n", i, lines,
                     sites, static_cast<long long>(heuristic), static_cast<long long>(split),
                     static_cast<long long>(optimum.objective));
        std::abort();
      }
      if (problem.parts.size() <= 16) {
        const int64_t exact_objective = problem.Objective(SolveSplit(problem, true));
        if (exact_objective != optimum.objective) {
          std::fprintf(stderr, "basket %d (%dx%d): exact solver %lld, CBC %lld\n", i, lines, sites,
                       static_cast<long long>(exact_objective), static_cast<long long>(optimum.objective));
          std::abort();
        }
        ++exact_checked;
      }
      const int64_t base = optimum.objective - constant;
      if (base <= 0) continue;
      const double gap = static_cast<double>(heuristic - optimum.objective) / static_cast<double>(base);
      split_sum += static_cast<double>(split - optimum.objective) / static_cast<double>(base);
      sum += gap;
      worst = std::max(worst, gap);
      zero += heuristic == optimum.objective;
      ++measured;
    }
    std::printf("%-9s %7d %7d %9d %10.3f%% %14.3f%% %13.2f%% %8d / %-4d\n",
                (std::to_string(lines) + " x " + std::to_string(sites)).c_str(), planned, proven, exact_checked,
                measured ? 100 * split_sum / measured : 0.0, measured ? 100 * sum / measured : 0.0, 100 * worst, zero,
                measured);
  }
}

}  // namespace
}  // namespace relais

int main(int argc, char** argv) {
  const int baskets = argc > 1 ? std::atoi(argv[1]) : 100;
  const double seconds = argc > 2 ? std::atof(argv[2]) : 120;
  relais::Gap(baskets, seconds);
}
