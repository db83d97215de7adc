#include "wasm/engine/split_solver.h"

#include <algorithm>
#include <limits>
#include <map>

namespace relais {

namespace {

// A plan's value: compared by cost, then arrival (SplitSolver::Better).
struct Value {
  int64_t objective = 0;  // Millicents, penalties included.
  DayNumber latest = std::numeric_limits<DayNumber>::min();
};

class SplitSolver {
 public:
  // The shipments an assignment makes: weight and part counts per route, and the plan's value. An open
  // shipment nothing joins is no shipment of the plan: its arrival does not count.
  struct Load {
    std::vector<int64_t> weight;
    std::vector<int> count;
    std::vector<int> lines;  // Parts of the basket's lines (not an open shipment's own).
    std::vector<int> used;   // Routes with parts, any order.
    Value value;
  };

  Load LoadOf(const std::vector<int>& assign) const {
    const size_t n = tariffs.size();
    Load load{std::vector<int64_t>(n, 0), std::vector<int>(n, 0), std::vector<int>(n, 0), {}, {}};
    for (size_t p = 0; p < parts.size(); ++p) {
      if (load.count[assign[p]]++ == 0) load.used.push_back(assign[p]);
      load.lines[assign[p]] += parts[p].line >= 0;
      load.weight[assign[p]] += parts[p].weight_g;
    }
    for (int r : load.used) {
      load.value.objective += ShipmentObjective(r, load.weight[r]);
      if (load.lines[r]) load.value.latest = std::max(load.value.latest, tariffs[r].latest);
    }
    return load;
  }

  explicit SplitSolver(const SplitProblem& problem)
      : tariffs(problem.tariffs),
        join_of(problem.join_of),
        parts(problem.parts),
        feasible(problem.feasible),
        penalty_millicents_(problem.penalty_cents * 1000) {}

  // Cost, then arrival. (Fastest first is met before solving: routes slower than the fastest possible plan
  // are dropped, see Split.)
  static bool Better(const Value& a, const Value& b) {
    return a.objective != b.objective ? a.objective < b.objective : a.latest < b.latest;
  }

  const std::vector<RouteTariff>& tariffs;
  const std::vector<int>& join_of;  // Per route: the open shipment it joins, or -1 for a new shipment.
  const std::vector<SplitPart>& parts;
  const std::vector<std::vector<int>>& feasible;  // Per part: route indices.

  // A route's cost for `weight_g` grams, plus the penalty when it is a new shipment. A joined open shipment's
  // own weight is a part of its own (alone on that route), so its cost is the same in every plan.
  int64_t ShipmentObjective(int route, int64_t weight_g) const {
    return tariffs[route].CostMillicents(weight_g) + (join_of[route] < 0 ? penalty_millicents_ : 0);
  }

  // The best partition of the parts of `single` (a subset's best one-shipment value, by subset mask; route
  // -1: none) into shipments: (*choice)[s] is the shipment, within s, of the part of lowest index. Plans
  // compare by cost then arrival, an order the recurrence preserves: it is exact. False when no partition.
  static bool BestPartition(const std::vector<Value>& single, const std::vector<int>& single_route,
                            std::vector<uint32_t>* choice) {
    const uint32_t full = static_cast<uint32_t>(single.size() - 1);
    std::vector<Value> best(full + 1);
    choice->assign(full + 1, 0);
    std::vector<bool> reachable(full + 1, false);
    reachable[0] = true;
    for (uint32_t s = 1; s <= full; ++s) {
      const uint32_t low = s & (~s + 1);
      for (uint32_t t = s; t; t = (t - 1) & s) {
        if (!(t & low) || single_route[t] < 0 || !reachable[s & ~t]) continue;
        const Value v{best[s & ~t].objective + single[t].objective, std::max(best[s & ~t].latest, single[t].latest)};
        if (!reachable[s] || Better(v, best[s])) {
          best[s] = v;
          (*choice)[s] = t;
          reachable[s] = true;
        }
      }
    }
    return reachable[full];
  }

  // Exact: the best partition of the parts into shipments, each on its best route.
  std::vector<int> SolveExact() {
    const int n = static_cast<int>(parts.size());
    const uint32_t full = (1u << n) - 1;
    std::vector<uint32_t> allowed(tariffs.size(), 0);
    for (int p = 0; p < n; ++p) {
      for (int r : feasible[p]) allowed[r] |= 1u << p;
    }
    std::vector<int64_t> weight(full + 1, 0);
    for (uint32_t s = 1; s <= full; ++s) {
      const int low = __builtin_ctz(s);
      weight[s] = weight[s & (s - 1)] + parts[low].weight_g;
    }
    // One shipment per subset: its best route (each route enumerates the subsets it can carry). An open
    // shipment alone is no shipment of the plan: no arrival.
    uint32_t lines = 0;
    for (int p = 0; p < n; ++p) lines |= static_cast<uint32_t>(parts[p].line >= 0) << p;
    std::vector<Value> single(full + 1);
    std::vector<int> single_route(full + 1, -1);
    for (size_t r = 0; r < tariffs.size(); ++r) {
      for (uint32_t s = allowed[r]; s; s = (s - 1) & allowed[r]) {
        const Value v{ShipmentObjective(static_cast<int>(r), weight[s]),
                      (s & lines) ? tariffs[r].latest : std::numeric_limits<DayNumber>::min()};
        if (single_route[s] < 0 || Better(v, single[s])) {
          single[s] = v;
          single_route[s] = static_cast<int>(r);
        }
      }
    }
    std::vector<uint32_t> choice;
    BestPartition(single, single_route, &choice);
    std::vector<int> assign(n, -1);
    for (uint32_t s = full; s; s &= ~choice[s]) {
      for (int p = 0; p < n; ++p) {
        if (choice[s] >> p & 1) assign[p] = single_route[choice[s]];
      }
    }
    return assign;
  }

  // Heuristic: a greedy plan, the best single-route plan and a dual-ascent plan, each improved; the best.
  std::vector<int> SolveHeuristic() {
    // Each part's cheapest routes alone: the candidates a re-optimized neighbourhood may use.
    takes_.assign(parts.size() * tariffs.size(), 0);
    for (size_t p = 0; p < parts.size(); ++p) {
      for (int r : feasible[p]) takes_[p * tariffs.size() + r] = 1;
    }
    cheapest_routes_.assign(parts.size(), {});
    for (size_t p = 0; p < parts.size(); ++p) {
      std::vector<int> r = feasible[p];
      std::stable_sort(r.begin(), r.end(), [&](int a, int b) {
        return ShipmentObjective(a, parts[p].weight_g) < ShipmentObjective(b, parts[p].weight_g);
      });
      r.resize(std::min<size_t>(r.size(), kNeighbourRoutesPerPart));
      cheapest_routes_[p] = r;
    }
    std::vector<int> greedy = Greedy();
    Improve(&greedy);
    std::vector<int> best = greedy;
    int single = -1;
    for (size_t r = 0; r < tariffs.size(); ++r) {
      bool all = true;
      for (size_t p = 0; p < parts.size() && all; ++p) {
        all = std::find(feasible[p].begin(), feasible[p].end(), static_cast<int>(r)) != feasible[p].end();
      }
      if (!all) continue;
      std::vector<int> candidate(parts.size(), static_cast<int>(r));
      if (single < 0 || Better(Evaluate(candidate), Evaluate(std::vector<int>(parts.size(), single)))) {
        single = static_cast<int>(r);
      }
    }
    if (single >= 0) {
      std::vector<int> from_single(parts.size(), single);
      Improve(&from_single);
      if (Better(Evaluate(from_single), Evaluate(best))) best = from_single;
    }
    ImproveByNeighbourhoods(&best);
    if (ImproveOpenRoutes(&best)) {
      Improve(&best);
      ImproveByNeighbourhoods(&best);
    }
    std::vector<int> from_dual = DualAscentStart();
    Improve(&from_dual);
    ImproveOpenRoutes(&from_dual);
    Improve(&from_dual);
    ImproveByNeighbourhoods(&from_dual);
    if (Better(Evaluate(from_dual), Evaluate(best))) best = from_dual;
    return best;
  }

  Value Evaluate(const std::vector<int>& assign) const { return LoadOf(assign).value; }

 private:
  static constexpr size_t kNeighbourRoutesPerPart = 8;
  static constexpr int kNeighbourMaxParts = 8;

  // Re-plans the parts `moving` exactly (the subset recurrence of SolveExact), the other parts staying
  // where they are: each group of them joins a route, paying what joining costs given the route's load.
  // Candidate routes: the ones in use and each moving part's cheapest. Returns whether the plan improved.
  bool Reoptimize(std::vector<int>* assign, const std::vector<int>& moving, Load* load) const {
    const int m = static_cast<int>(moving.size());
    const uint32_t full = (1u << m) - 1;
    std::vector<int64_t> rest_weight = load->weight;
    std::vector<int> rest_count = load->count;
    std::vector<int> candidates = load->used;
    for (int p : moving) {
      rest_weight[(*assign)[p]] -= parts[p].weight_g;
      --rest_count[(*assign)[p]];
      candidates.insert(candidates.end(), cheapest_routes_[p].begin(), cheapest_routes_[p].end());
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    std::vector<int64_t> weight(full + 1, 0);
    for (uint32_t s = 1; s <= full; ++s) weight[s] = weight[s & (s - 1)] + parts[moving[__builtin_ctz(s)]].weight_g;
    uint32_t lines = 0;
    for (int i = 0; i < m; ++i) lines |= static_cast<uint32_t>(parts[moving[i]].line >= 0) << i;
    std::vector<Value> single(full + 1);
    std::vector<int> single_route(full + 1, -1);
    for (int r : candidates) {
      uint32_t allowed = 0;
      for (int i = 0; i < m; ++i) {
        const std::vector<int>& f = feasible[moving[i]];
        if (std::binary_search(f.begin(), f.end(), r)) allowed |= 1u << i;
      }
      const int64_t before = rest_count[r] ? ShipmentObjective(r, rest_weight[r]) : 0;
      for (uint32_t s = allowed; s; s = (s - 1) & allowed) {
        const Value v{ShipmentObjective(r, rest_weight[r] + weight[s]) - before,
                      (s & lines) ? tariffs[r].latest : std::numeric_limits<DayNumber>::min()};
        if (single_route[s] < 0 || Better(v, single[s])) {
          single[s] = v;
          single_route[s] = r;
        }
      }
    }
    std::vector<uint32_t> choice;
    if (!BestPartition(single, single_route, &choice)) return false;
    std::vector<int> moved = *assign;
    for (uint32_t s = full; s; s &= ~choice[s]) {
      for (int i = 0; i < m; ++i) {
        if (choice[s] >> i & 1) moved[moving[i]] = single_route[choice[s]];
      }
    }
    Load after = LoadOf(moved);  // The true value: groups joining one route were priced apart above.
    if (!Better(after.value, load->value)) return false;
    *assign = moved;
    *load = std::move(after);
    return true;
  }

  // Re-plans the parts of every shipment and every pair of shipments (their first parts, at most
  // kNeighbourMaxParts), until no neighbourhood improves the plan.
  void ImproveByNeighbourhoods(std::vector<int>* assign) const {
    Load load = LoadOf(*assign);
    for (int round = 0; round < 20; ++round) {
      bool improved = false;
      std::vector<int> used = load.used;
      std::sort(used.begin(), used.end());
      for (size_t a = 0; a < used.size(); ++a) {
        for (size_t b = a; b < used.size(); ++b) {
          std::vector<int> moving;
          for (size_t p = 0; p < parts.size() && moving.size() < kNeighbourMaxParts; ++p) {
            if ((*assign)[p] == used[a] || (*assign)[p] == used[b]) moving.push_back(static_cast<int>(p));
          }
          if (!moving.empty() && Reoptimize(assign, moving, &load)) improved = true;
        }
      }
      if (!improved) return;
      Improve(assign);
      load = LoadOf(*assign);
    }
  }

  std::vector<std::vector<int>> cheapest_routes_;  // Per part, for Reoptimize.
  std::vector<uint8_t> takes_;                     // Part by route: whether the part may take the route.
  bool Takes(size_t part, int route) const { return takes_[part * tariffs.size() + route] != 0; }

  // Each part to the route of `open` where its weight costs least per gram (ties: the earlier route), and the
  // plan's true value. False when a part has no route in `open`.
  bool AssignToOpen(const std::vector<int>& open, std::vector<int>* assign, Value* value) const {
    std::vector<int64_t> weight(open.size(), 0);
    std::vector<int> count(open.size(), 0), lines(open.size(), 0);
    assign->resize(parts.size());
    for (size_t p = 0; p < parts.size(); ++p) {
      int best = -1;
      for (size_t k = 0; k < open.size(); ++k) {
        if (!Takes(p, open[k])) continue;
        if (best < 0 || tariffs[open[k]].per_g_millicents < tariffs[open[best]].per_g_millicents) {
          best = static_cast<int>(k);
        }
      }
      if (best < 0) return false;
      (*assign)[p] = open[best];
      weight[best] += parts[p].weight_g;
      ++count[best];
      lines[best] += parts[p].line >= 0;
    }
    *value = Value{};
    for (size_t k = 0; k < open.size(); ++k) {
      if (!count[k]) continue;
      value->objective += ShipmentObjective(open[k], weight[k]);
      if (lines[k]) value->latest = std::max(value->latest, tariffs[open[k]].latest);
    }
    return true;
  }

  // A start from the routes' side (Erlenkotter's dual ascent for facility location, parcels aside): each
  // part bids what it would pay per gram on its cheapest routes, raising its bid route by route while the
  // routes it bids on have fixed cost left to cover; the routes whose fixed cost is covered open, each part
  // then takes its cheapest open one. A plan built from what routes share rather than part by part.
  std::vector<int> DualAscentStart() const {
    const size_t n = parts.size();
    std::vector<int64_t> slack(tariffs.size());
    for (size_t r = 0; r < tariffs.size(); ++r) slack[r] = ShipmentObjective(static_cast<int>(r), 0);
    const auto cost = [&](size_t p, int r) { return tariffs[r].per_g_millicents * parts[p].weight_g; };
    std::vector<int64_t> bid(n);
    for (size_t p = 0; p < n; ++p) {
      bid[p] = cost(p, feasible[p].front());
      for (int r : feasible[p]) bid[p] = std::min(bid[p], cost(p, r));
    }
    for (bool raised = true; raised;) {
      raised = false;
      for (size_t p = 0; p < n; ++p) {
        int64_t step = std::numeric_limits<int64_t>::max();
        for (int r : feasible[p]) step = std::min(step, cost(p, r) <= bid[p] ? slack[r] : cost(p, r) - bid[p]);
        if (step <= 0 || step == std::numeric_limits<int64_t>::max()) continue;
        for (int r : feasible[p]) {
          if (cost(p, r) <= bid[p]) slack[r] -= step;
        }
        bid[p] += step;
        raised = true;
      }
    }
    std::vector<int> open;
    for (size_t r = 0; r < tariffs.size(); ++r) {
      if (slack[r] == 0) open.push_back(static_cast<int>(r));
    }
    std::vector<int> assign;
    Value value;
    AssignToOpen(open, &assign, &value);
    return assign;
  }

  // The routes in use seen as facilities to open or close, the parts as their clients: one route opened,
  // one closed, or one swapped for another, each part then taking the open route that costs it least (see
  // AssignToOpen); the best move first, until none improves. It finds what moving parts one at a time cannot:
  // a route that pays off only once parts of several shipments leave them for it. Whether it improved.
  bool ImproveOpenRoutes(std::vector<int>* assign) const {
    std::vector<int> open(assign->begin(), assign->end());
    std::sort(open.begin(), open.end());
    open.erase(std::unique(open.begin(), open.end()), open.end());
    std::vector<int> candidates, swaps;  // Routes to open: any a part may take; in a swap, a cheapest one.
    for (size_t p = 0; p < parts.size(); ++p) {
      candidates.insert(candidates.end(), feasible[p].begin(), feasible[p].end());
      swaps.insert(swaps.end(), cheapest_routes_[p].begin(), cheapest_routes_[p].end());
    }
    for (std::vector<int>* v : {&candidates, &swaps}) {
      std::sort(v->begin(), v->end());
      v->erase(std::unique(v->begin(), v->end()), v->end());
    }
    Value current = Evaluate(*assign);
    bool improved = false;
    std::vector<int> trial, trial_assign;
    for (int round = 0; round < 50; ++round) {
      std::vector<int> best_open, best_assign;
      Value best_value = current;
      const auto consider = [&]() {
        Value v;
        if (!AssignToOpen(trial, &trial_assign, &v)) return;
        if (!Better(v, best_value)) return;
        best_value = v;
        best_open = trial;
        best_assign = trial_assign;
      };
      std::vector<int> settled;  // Each part's route when `open` is kept: a route opened must attract one.
      Value unused;
      AssignToOpen(open, &settled, &unused);
      const auto attracts = [&](int in) {
        for (size_t p = 0; p < parts.size(); ++p) {
          if (Takes(p, in) && tariffs[in].per_g_millicents < tariffs[settled[p]].per_g_millicents) return true;
        }
        return false;
      };
      for (size_t out = 0; out <= open.size(); ++out) {  // out == open.size(): nothing closes.
        const std::vector<int>& ins = out == open.size() ? candidates : swaps;
        for (int in : ins) {
          if (std::binary_search(open.begin(), open.end(), in)) continue;
          if (out == open.size() && !attracts(in)) continue;
          trial = open;
          if (out < open.size()) trial.erase(trial.begin() + static_cast<std::ptrdiff_t>(out));
          trial.insert(std::upper_bound(trial.begin(), trial.end(), in), in);
          consider();
        }
        if (out < open.size()) {
          trial = open;
          trial.erase(trial.begin() + static_cast<std::ptrdiff_t>(out));
          consider();
        }
      }
      if (best_open.empty()) break;
      open = best_open;
      *assign = best_assign;
      current = best_value;
      improved = true;
    }
    return improved;
  }

  std::vector<int> Greedy() const {
    std::vector<int> order(parts.size());
    for (size_t p = 0; p < parts.size(); ++p) order[p] = static_cast<int>(p);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      if (feasible[a].size() != feasible[b].size()) return feasible[a].size() < feasible[b].size();
      return parts[a].weight_g > parts[b].weight_g;
    });
    std::vector<int> assign(parts.size(), -1);
    std::map<int, int64_t> weight_of;
    Value current;
    for (int p : order) {
      int chosen = -1;
      Value chosen_value;
      for (int r : feasible[p]) {
        const auto it = weight_of.find(r);
        const int64_t before = it == weight_of.end() ? 0 : ShipmentObjective(r, it->second);
        const int64_t w = (it == weight_of.end() ? 0 : it->second) + parts[p].weight_g;
        const Value v{current.objective - before + ShipmentObjective(r, w),
                      std::max(current.latest, tariffs[r].latest)};
        if (chosen < 0 || Better(v, chosen_value)) {
          chosen = r;
          chosen_value = v;
        }
      }
      assign[p] = chosen;
      weight_of[chosen] += parts[p].weight_g;
      current = chosen_value;
    }
    return assign;
  }

  // The latest arrival over the used routes, `without` emptied and `with` added.
  DayNumber LatestWith(const Load& load, int without, int with) const {
    DayNumber latest = tariffs[with].latest;
    for (int r : load.used) {
      if (r != without && load.lines[r]) latest = std::max(latest, tariffs[r].latest);
    }
    return latest;
  }

  // Local moves until none improves: one part to another route; a whole shipment to another route (which
  // merges it into that route's shipment when there is one). Costs are updated per move, not recomputed.
  void Improve(std::vector<int>* assign) const {
    Load load = LoadOf(*assign);
    for (int pass = 0; pass < 100; ++pass) {
      bool improved = false;
      for (size_t p = 0; p < parts.size(); ++p) {
        const int64_t w = parts[p].weight_g;
        for (int to : feasible[p]) {
          const int from = (*assign)[p];
          if (to == from) continue;
          const bool empties = load.count[from] == 1;
          const bool last_line = load.lines[from] == 1;  // Its arrival stops counting (an open one may stay).
          Value v;
          v.objective = load.value.objective - ShipmentObjective(from, load.weight[from]) +
                        (empties ? 0 : ShipmentObjective(from, load.weight[from] - w)) -
                        (load.count[to] ? ShipmentObjective(to, load.weight[to]) : 0) +
                        ShipmentObjective(to, load.weight[to] + w);
          if (v.objective > load.value.objective) continue;  // Cannot win: skip the arrival.
          v.latest = LatestWith(load, last_line ? from : -1, to);
          if (!Better(v, load.value)) continue;
          (*assign)[p] = to;
          load = LoadOf(*assign);
          improved = true;
        }
      }
      const std::vector<int> used = load.used;
      for (int from : used) {
        if (!load.count[from]) continue;
        for (size_t to = 0; to < tariffs.size(); ++to) {
          if (static_cast<int>(to) == from) continue;
          bool fits = true;
          for (size_t p = 0; p < parts.size() && fits; ++p) {
            fits = (*assign)[p] != from ||
                   std::find(feasible[p].begin(), feasible[p].end(), static_cast<int>(to)) != feasible[p].end();
          }
          if (!fits) continue;
          const int t = static_cast<int>(to);
          Value v;
          v.objective = load.value.objective - ShipmentObjective(from, load.weight[from]) -
                        (load.count[t] ? ShipmentObjective(t, load.weight[t]) : 0) +
                        ShipmentObjective(t, load.weight[t] + load.weight[from]);
          if (v.objective > load.value.objective) continue;
          v.latest = LatestWith(load, from, t);
          if (!Better(v, load.value)) continue;
          for (int& r : *assign) r = r == from ? t : r;
          load = LoadOf(*assign);
          improved = true;
          break;
        }
      }
      // Close a shipment: each of its parts to the route, among the other used ones, that costs least to
      // join (a shipment's fixed cost is only saved when all its parts leave).
      for (int from : std::vector<int>(load.used)) {
        if (!load.count[from]) continue;
        std::vector<int> moved = *assign;
        bool closed = true;
        for (size_t p = 0; p < parts.size() && closed; ++p) {
          if (moved[p] != from) continue;
          int target = -1;
          int64_t target_cost = 0;
          for (int r : feasible[p]) {
            if (r == from || !load.count[r]) continue;
            const int64_t join =
                ShipmentObjective(r, load.weight[r] + parts[p].weight_g) - ShipmentObjective(r, load.weight[r]);
            if (target < 0 || join < target_cost) {
              target = r;
              target_cost = join;
            }
          }
          closed = target >= 0;
          moved[p] = target;
        }
        if (!closed) continue;
        const Value v = Evaluate(moved);
        if (Better(v, load.value)) {
          *assign = moved;
          load = LoadOf(*assign);
          improved = true;
        }
      }
      if (!improved) return;
    }
  }

  int64_t penalty_millicents_;
};

}  // namespace

std::vector<int> SolveSplit(const SplitProblem& problem, bool exact) {
  SplitSolver solver(problem);
  return exact ? solver.SolveExact() : solver.SolveHeuristic();
}

}  // namespace relais
