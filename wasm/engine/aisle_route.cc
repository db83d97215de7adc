#include "wasm/engine/aisle_route.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>

namespace relais {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// A middle cross-aisle triples the sweep's states; a second one would cost ten times more again (2.8 ms
// for a 60-stop walk through 40 aisles, against 0.26 ms with one: measured 2026-12-05), for stores rare
// enough that a planner can split them into two layouts.
constexpr int kMaxCross = 3;
constexpr int kEndedBit = 4 * kMaxCross;

// Where a spot lies in the graph: on the node where aisle j meets cross-aisle c (id j * K + c), or inside a
// chain -- the stretch of one line between two neighbouring nodes -- at distance t from its low end.
struct Place {
  int node = -1;
  int chain = -1;
  double t = 0;
};

// The graph's numbering. Vertical chain (j, c): aisle j between cross-aisles c and c + 1. Horizontal chain
// (j, c): cross-aisle c between aisles j and j + 1. A chain's low end is the node with the smaller index.
class Grid {
 public:
  explicit Grid(const AisleLayout& l)
      : l_(l), n_(static_cast<int>(l.aisle_x.size())), k_(static_cast<int>(l.cross_y.size())) {}

  int aisles() const { return n_; }
  int crosses() const { return k_; }
  int Node(int j, int c) const { return j * k_ + c; }
  int Vertical(int j, int c) const { return j * (k_ - 1) + c; }
  int Horizontal(int j, int c) const { return n_ * (k_ - 1) + j * k_ + c; }
  int ChainCount() const { return n_ * (k_ - 1) + (n_ - 1) * k_; }
  bool IsVertical(int chain) const { return chain < n_ * (k_ - 1); }

  std::pair<int, int> Ends(int chain) const {
    if (IsVertical(chain)) {
      const int j = chain / (k_ - 1), c = chain % (k_ - 1);
      return {Node(j, c), Node(j, c + 1)};
    }
    const int h = chain - n_ * (k_ - 1), j = h / k_, c = h % k_;
    return {Node(j, c), Node(j + 1, c)};
  }
  double Length(int chain) const {
    const auto [a, b] = Ends(chain);
    return NodeDistance(a, b);
  }
  double NodeX(int node) const { return l_.aisle_x[node / k_]; }
  double NodeY(int node) const { return l_.cross_y[node % k_]; }
  // Every aisle meets every cross-aisle, so between two nodes some staircase path is as short as the
  // rectilinear distance.
  double NodeDistance(int a, int b) const { return std::abs(NodeX(a) - NodeX(b)) + std::abs(NodeY(a) - NodeY(b)); }
  std::pair<double, double> Coordinates(const Place& p) const {
    if (p.node >= 0) return {NodeX(p.node), NodeY(p.node)};
    const int low = Ends(p.chain).first;
    return IsVertical(p.chain) ? std::pair{NodeX(low), NodeY(low) + p.t} : std::pair{NodeX(low) + p.t, NodeY(low)};
  }

  Place Locate(AisleSpot s) const {
    const std::vector<double>& across = s.kind == AisleSpot::kAisle ? l_.cross_y : l_.aisle_x;
    const auto it = std::lower_bound(across.begin(), across.end(), s.pos);
    const int i = static_cast<int>(it - across.begin());
    Place p;
    if (it != across.end() && *it == s.pos) {
      p.node = s.kind == AisleSpot::kAisle ? Node(s.line, i) : Node(i, s.line);
    } else {
      p.chain = s.kind == AisleSpot::kAisle ? Vertical(s.line, i - 1) : Horizontal(i - 1, s.line);
      p.t = s.pos - across[i - 1];
    }
    return p;
  }

 private:
  const AisleLayout& l_;
  int n_, k_;
};

// A stop or an end inside a chain. Vertices at the same t are merged; parity 1 marks an end of the walk.
struct ChainVertex {
  double t = 0;
  uint8_t parity = 0;
  double end_cost = kInf;  // when the walk may end here (no fixed end): the rest of the route's cost
  int end_stop = -1;
};

// How a chain's pieces are walked. Given the parity of its first piece, every piece's parity follows (the
// vertices in between are even, except the walk's ends); an odd piece is walked once, an even one twice or
// not at all. At most one piece may be left out (a gap): two would strand the vertices between them, unless
// the whole walk lies inside this chain (`floating`, both end pieces left out).
struct ChainChoice {
  double cost = kInf;
  int8_t first_parity = 0;
  int16_t gap = -1;  // -1: none; -2: floating (first and last pieces); else the piece left out
  int16_t end_vertex = -1;
};

// Entry index: what the chain gives its ends (copies 0-2 at the low and the high node), whether it joins
// them, and whether the walk's free end is inside it.
inline int EntryIndex(int low, int high, int joined, int ends_here) {
  return ((low * 3 + high) * 2 + joined) * 2 + ends_here;
}

struct ChainTable {
  std::array<ChainChoice, 36> entry;
  std::array<ChainChoice, 2> floating;  // [ends_here]
  // The entries a walk can take (most of the 36 cannot: parities fix half of them), for the sweep's loop.
  std::array<uint8_t, 36> usable;
  int usable_count = 0;
};

void Offer(ChainChoice& slot, double cost, int first_parity, int gap, int end_vertex) {
  if (cost < slot.cost)
    slot = {cost, static_cast<int8_t>(first_parity), static_cast<int16_t>(gap), static_cast<int16_t>(end_vertex)};
}

// Fills the table's entries for one parity pattern of the vertices (`flip` marks the free end, or -1).
void FillChain(double length, const std::vector<ChainVertex>& vs, int flip, double extra, ChainTable& table) {
  const int m = static_cast<int>(vs.size());
  const int here = flip >= 0 ? 1 : 0;
  for (int p = 0; p < 2; ++p) {
    int parity = p;
    double base = 0, longest_even = -1;
    int longest_at = -1, first = 0, last = 0;
    double first_len = 0, last_len = 0;
    for (int i = 0; i <= m; ++i) {
      const double from = i == 0 ? 0 : vs[i - 1].t;
      const double to = i == m ? length : vs[i].t;
      const double len = to - from;
      base += (parity ? 1 : 2) * len;
      if (i == 0) first = parity, first_len = len;
      if (i == m) last = parity, last_len = len;
      if (i > 0 && i < m && !parity && len > longest_even) longest_even = len, longest_at = i;
      if (i < m) parity ^= vs[i].parity ^ (i == flip ? 1 : 0);
    }
    const int c0 = first ? 1 : 2, cm = last ? 1 : 2;
    base += extra;
    Offer(table.entry[EntryIndex(c0, cm, 1, here)], base, p, -1, flip);
    if (m == 0) {
      if (!first) Offer(table.entry[EntryIndex(0, 0, 0, here)], extra, p, 0, flip);
      continue;
    }
    if (!first) Offer(table.entry[EntryIndex(0, cm, 0, here)], base - 2 * first_len, p, 0, flip);
    if (!last) Offer(table.entry[EntryIndex(c0, 0, 0, here)], base - 2 * last_len, p, m, flip);
    if (longest_at >= 0) Offer(table.entry[EntryIndex(c0, cm, 0, here)], base - 2 * longest_even, p, longest_at, flip);
    if (!first && !last) Offer(table.floating[here], base - 2 * first_len - 2 * last_len, p, -2, flip);
  }
}

ChainTable BuildTable(double length, const std::vector<ChainVertex>& vs) {
  ChainTable table;
  FillChain(length, vs, -1, 0, table);
  for (int k = 0; k < static_cast<int>(vs.size()); ++k) {
    if (vs[k].end_cost < kInf) FillChain(length, vs, k, vs[k].end_cost, table);
  }
  for (int e = 0; e < 36; ++e)
    if (table.entry[e].cost < kInf) table.usable[table.usable_count++] = static_cast<uint8_t>(e);
  return table;
}

// The frontier: one slot per cross-aisle, holding the node of the current aisle (or, mid-way through a
// column, of the next one). Per slot 4 bits: state (0 untouched, 1 even degree, 2 odd) and a component label
// (0-2, numbered in order of first appearance); the bit after them: the free end is already placed.
struct Frontier {
  std::array<int, kMaxCross> st{};
  std::array<int, kMaxCross> lab{};
  bool ended = false;

  static Frontier Decode(uint32_t code, int k) {
    Frontier f;
    for (int c = 0; c < k; ++c) {
      const uint32_t v = code >> (4 * c) & 15;
      f.st[c] = static_cast<int>(v & 3);
      f.lab[c] = static_cast<int>(v >> 2);
    }
    f.ended = code >> kEndedBit & 1;
    return f;
  }
  uint32_t Encode(int k) const {
    std::array<int, 8> rename;
    rename.fill(-1);
    int next = 0;
    uint32_t code = ended ? 1u << kEndedBit : 0;
    for (int c = 0; c < k; ++c) {
      if (!st[c]) continue;
      if (rename[lab[c]] < 0) rename[lab[c]] = next++;
      code |= static_cast<uint32_t>(st[c] | rename[lab[c]] << 2) << (4 * c);
    }
    return code;
  }
  // Adds `copies` edge ends at slot c; a slot untouched so far starts a component labelled `fresh`.
  void Touch(int c, int copies, int fresh) {
    if (!copies) return;
    if (!st[c]) {
      st[c] = 1 + (copies & 1);
      lab[c] = fresh;
    } else {
      st[c] = 1 + (((st[c] - 1) ^ copies) & 1);
    }
  }
  void Merge(int a, int b, int k) {
    const int from = lab[b], to = lab[a];
    for (int c = 0; c < k; ++c)
      if (st[c] && lab[c] == from) lab[c] = to;
  }
  bool LabelUsed(int label, int k) const {
    for (int c = 0; c < k; ++c)
      if (st[c] && lab[c] == label) return true;
    return false;
  }
  bool AnyTouched(int k) const {
    for (int c = 0; c < k; ++c)
      if (st[c]) return true;
    return false;
  }
};

struct LayerState {
  uint32_t code;
  double cost;
  int prev;
  int choice;  // entry index, + 36 when the free end is placed on the node leaving the frontier
};

struct Step {
  int chain;
  bool horizontal;
  int slot;  // the slot the chain's low end is in (vertical: slots slot and slot + 1)
};

}  // namespace

std::string CheckAisleLayout(const AisleLayout& layout) {
  auto ascending = [](const std::vector<double>& v) {
    for (size_t i = 0; i < v.size(); ++i) {
      if (!std::isfinite(v[i])) return false;
      if (i && !(v[i] > v[i - 1])) return false;
    }
    return true;
  };
  if (layout.aisle_x.empty()) return "a layout needs at least one aisle";
  if (layout.cross_y.size() < 2) return "a layout needs a front and a back cross-aisle";
  if (layout.cross_y.size() > kMaxCross) return "at most 3 cross-aisles (front, back and a middle one)";
  if (!ascending(layout.aisle_x)) return "aisles' x must be finite and strictly ascending";
  if (!ascending(layout.cross_y)) return "cross-aisles' y must be finite and strictly ascending";
  return "";
}

std::string CheckAisleSpot(const AisleLayout& layout, AisleSpot spot) {
  const bool aisle = spot.kind == AisleSpot::kAisle;
  const std::vector<double>& lines = aisle ? layout.aisle_x : layout.cross_y;
  const std::vector<double>& across = aisle ? layout.cross_y : layout.aisle_x;
  if (spot.line < 0 || spot.line >= static_cast<int>(lines.size()))
    return aisle ? "no such aisle" : "no such cross-aisle";
  if (!std::isfinite(spot.pos) || spot.pos < across.front() || spot.pos > across.back())
    return aisle ? "outside the aisle (between the front and the back cross-aisles)"
                 : "outside the cross-aisle (between the first and the last aisles)";
  return "";
}

AisleRouter::AisleRouter(AisleLayout layout)
    : layout_(std::move(layout)), state_index_(std::size_t{1} << (kEndedBit + 1), -1) {}

double AisleRouter::Distance(AisleSpot a, AisleSpot b) const {
  const Grid grid(layout_);
  const Place pa = grid.Locate(a), pb = grid.Locate(b);
  // A spot inside a chain leaves it by either end; a node is its own exit.
  struct Exit {
    int node;
    double distance;
  };
  auto exits = [&grid](const Place& p) -> std::array<Exit, 2> {
    if (p.node >= 0) return {Exit{p.node, 0}, Exit{p.node, 0}};
    const auto [low, high] = grid.Ends(p.chain);
    return {Exit{low, p.t}, Exit{high, grid.Length(p.chain) - p.t}};
  };
  double best = pa.chain >= 0 && pa.chain == pb.chain ? std::abs(pa.t - pb.t) : kInf;
  for (const Exit& ea : exits(pa))
    for (const Exit& eb : exits(pb))
      best = std::min(best, ea.distance + eb.distance + grid.NodeDistance(ea.node, eb.node));
  return best;
}

AisleWalk AisleRouter::Walk(AisleSpot from, std::span<const AisleSpot> stops, std::optional<AisleSpot> to,
                            std::span<const double> end_cost) {
  AisleWalk walk;
  const double total = Solve(from, stops, to, end_cost, &walk);
  walk.length = total - (walk.end >= 0 ? end_cost[walk.end] : 0);
  return walk;
}

double AisleRouter::WalkCost(AisleSpot from, std::span<const AisleSpot> stops, std::optional<AisleSpot> to,
                             std::span<const double> end_cost) {
  return Solve(from, stops, to, end_cost, nullptr);
}

double AisleRouter::Solve(AisleSpot from, std::span<const AisleSpot> stops, std::optional<AisleSpot> to,
                          std::span<const double> end_cost, AisleWalk* walk) {
  const Grid grid(layout_);
  const int n = grid.aisles(), k = grid.crosses();
  const bool free_end = !to.has_value();

  // Required places: every stop (even degree), the two ends (odd, unless they coincide).
  const int node_count = n * k;
  std::vector<uint8_t> node_required(node_count, 0), node_parity(node_count, 0);
  std::vector<double> node_end_cost(node_count, kInf);
  std::vector<int> node_end_stop(node_count, -1);
  std::vector<std::vector<ChainVertex>> chain_vertices(grid.ChainCount());
  auto add = [&](const Place& p, int parity, double cost, int stop) {
    if (p.node >= 0) {
      node_required[p.node] = 1;
      node_parity[p.node] ^= parity;
      if (cost < node_end_cost[p.node]) node_end_cost[p.node] = cost, node_end_stop[p.node] = stop;
    } else {
      chain_vertices[p.chain].push_back({p.t, static_cast<uint8_t>(parity), cost, cost < kInf ? stop : -1});
    }
  };
  const Place from_place = grid.Locate(from);
  add(from_place, 1, kInf, -1);
  std::optional<Place> to_place;
  if (to) {
    to_place = grid.Locate(*to);
    add(*to_place, 1, kInf, -1);
  }
  std::vector<Place> stop_places;
  for (size_t i = 0; i < stops.size(); ++i) {
    stop_places.push_back(grid.Locate(stops[i]));
    add(stop_places.back(), 0, free_end ? end_cost[i] : kInf, static_cast<int>(i));
  }
  int required_chains = 0, last_chain = -1;
  for (int c = 0; c < grid.ChainCount(); ++c) {
    auto& vs = chain_vertices[c];
    std::sort(vs.begin(), vs.end(), [](const ChainVertex& a, const ChainVertex& b) { return a.t < b.t; });
    std::vector<ChainVertex> merged;
    for (const ChainVertex& v : vs) {
      if (!merged.empty() && merged.back().t == v.t) {
        merged.back().parity ^= v.parity;
        if (v.end_cost < merged.back().end_cost)
          merged.back().end_cost = v.end_cost, merged.back().end_stop = v.end_stop;
      } else {
        merged.push_back(v);
      }
    }
    vs = std::move(merged);
    if (!vs.empty()) ++required_chains, last_chain = c;
  }
  int required_nodes = 0;
  for (int v = 0; v < node_count; ++v) required_nodes += node_required[v];

  // Where the walk's vertices are in the Euler graph built at the end: nodes first, then chain vertices.
  auto vertex_of = [&](const Place& p) -> int {
    if (p.node >= 0) return p.node;
    int id = node_count;
    for (int c = 0; c < p.chain; ++c) id += static_cast<int>(chain_vertices[c].size());
    const auto& vs = chain_vertices[p.chain];
    return id + static_cast<int>(std::lower_bound(vs.begin(), vs.end(), p.t,
                                                  [](const ChainVertex& v, double t) { return v.t < t; }) -
                                 vs.begin());
  };

  // Nothing to walk: every required place is one place, where the walk starts and ends (with a free end,
  // that place's parity is the start's alone until the end is placed there).
  {
    int places = 0, parity = 0;
    for (int v = 0; v < node_count; ++v)
      if (node_required[v]) ++places, parity |= node_parity[v];
    for (const auto& vs : chain_vertices)
      for (const ChainVertex& v : vs) ++places, parity |= v.parity;
    if (places == 1 && parity == (free_end ? 1 : 0)) {
      int end = -1;
      double cost = 0;
      if (free_end) {
        end = static_cast<int>(std::min_element(end_cost.begin(), end_cost.end()) - end_cost.begin());
        cost = end_cost[end];
      }
      if (walk) {
        walk->order.resize(stops.size());
        for (size_t i = 0; i < stops.size(); ++i) walk->order[i] = static_cast<int>(i);
        walk->end = end;
        const auto [x, y] = grid.Coordinates(from_place);
        walk->path = {x, y};
      }
      return cost;
    }
  }

  // Only the aisles from the leftmost required place to the rightmost: a walk that goes beyond is never
  // shorter (pressing it back onto the outermost aisle it must reach shortens every leg out there).
  int lo = n - 1, hi = 0;
  auto span_of = [&](const Place& p) {
    const int a = p.node >= 0 ? p.node / k : grid.Ends(p.chain).first / k;
    const int b = p.node >= 0 ? a : grid.Ends(p.chain).second / k;
    lo = std::min(lo, a), hi = std::max(hi, b);
  };
  span_of(from_place);
  if (to_place) span_of(*to_place);
  for (const Place& p : stop_places) span_of(p);

  std::vector<ChainTable> tables(grid.ChainCount());
  // The sweep: column lo's vertical chains, then per column the horizontal chains to the next one (each moves
  // one slot from aisle j's node to aisle j + 1's) and that column's vertical chains.
  std::vector<Step> steps;
  for (int c = 0; c + 1 < k; ++c) steps.push_back({grid.Vertical(lo, c), false, c});
  for (int j = lo; j < hi; ++j) {
    for (int c = 0; c < k; ++c) steps.push_back({grid.Horizontal(j, c), true, c});
    for (int c = 0; c + 1 < k; ++c) steps.push_back({grid.Vertical(j + 1, c), false, c});
  }
  for (const Step& step : steps) tables[step.chain] = BuildTable(grid.Length(step.chain), chain_vertices[step.chain]);
  // required_after[s]: required chain vertices' chains and required nodes not yet behind the sweep once
  // step s is done (a node is behind once it left the frontier).
  std::vector<int> required_after(steps.size(), 0);
  {
    int left_chains = required_chains, left_nodes = required_nodes;
    for (size_t s = 0; s < steps.size(); ++s) {
      if (!chain_vertices[steps[s].chain].empty()) --left_chains;
      if (steps[s].horizontal) left_nodes -= node_required[grid.Ends(steps[s].chain).first];
      required_after[s] = left_chains + left_nodes;
    }
  }

  double best = kInf;
  int best_layer = -1, best_state = -1, best_choice = -1, best_final_node = -1;
  // Floating: the whole walk inside one chain, touching no node.
  if (required_nodes == 0 && required_chains == 1) {
    const ChainTable& t = tables[last_chain];
    const ChainChoice& f = t.floating[free_end ? 1 : 0];
    if (f.cost < best) best = f.cost, best_layer = -2, best_choice = free_end ? 1 : 0;
  }

  std::vector<std::vector<LayerState>> layers;
  // The back-pointers only serve to rebuild the walk: a length alone keeps the current layer.
  if (walk) layers.reserve(steps.size() + 1);
  layers.push_back({{Frontier{}.Encode(k), 0.0, -1, -1}});
  std::vector<uint32_t> touched;
  for (size_t s = 0; s < steps.size(); ++s) {
    const Step& step = steps[s];
    const ChainTable& table = tables[step.chain];
    const std::vector<LayerState>& prev = layers.back();
    std::vector<LayerState> next;
    auto relax = [&](const Frontier& f, double cost, int from_index, int choice) {
      const uint32_t code = f.Encode(k);
      int& slot = state_index_[code];
      if (slot < 0) {
        slot = static_cast<int>(next.size());
        next.push_back({code, cost, from_index, choice});
        touched.push_back(code);
      } else if (cost < next[slot].cost) {
        next[slot] = {code, cost, from_index, choice};
      }
    };
    const int leaving = step.horizontal ? grid.Ends(step.chain).first : -1;
    for (int pi = 0; pi < static_cast<int>(prev.size()); ++pi) {
      const LayerState& ps = prev[pi];
      const Frontier f0 = Frontier::Decode(ps.code, k);
      for (int u = 0; u < table.usable_count; ++u) {
        const int e = table.usable[u];
        const ChainChoice& ch = table.entry[e];
        const int here = e & 1, joined = e >> 1 & 1, low = (e >> 2) / 3, cr = (e >> 2) % 3;
        if (here && f0.ended) continue;
        if (!step.horizontal) {
          Frontier f = f0;
          f.Touch(step.slot, low, 5);
          f.Touch(step.slot + 1, cr, 6);
          if (joined) f.Merge(step.slot, step.slot + 1, k);
          f.ended = f.ended || here;
          relax(f, ps.cost + ch.cost, pi, e);
          continue;
        }
        // The node in slot `step.slot` leaves: its degree is final.
        const int c = step.slot;
        const bool present = f0.st[c] || low;
        const int parity = (f0.st[c] ? f0.st[c] - 1 : 0) ^ (low & 1);
        const int old_label = f0.st[c] ? f0.lab[c] : 5;
        for (int place = 0; place < 2; ++place) {
          if (place && (f0.ended || here || node_end_cost[leaving] == kInf)) continue;
          if (parity != (node_parity[leaving] ^ place)) continue;
          if (node_required[leaving] && !present) continue;
          Frontier f = f0;
          f.st[c] = 0;
          f.Touch(c, cr, joined ? old_label : 6);
          f.ended = f0.ended || here || place;
          const double cost = ps.cost + ch.cost + (place ? node_end_cost[leaving] : 0);
          if (present && !f.LabelUsed(old_label, k)) {
            // Its component is closed: the walk is complete, if nothing else is drawn or still required.
            if (!f.AnyTouched(k) && required_after[s] == 0 && (!free_end || f.ended) && cost < best) {
              best = cost, best_layer = static_cast<int>(s + 1), best_state = pi, best_choice = e + 36 * place;
            }
            continue;
          }
          relax(f, cost, pi, e + 36 * place);
        }
      }
    }
    for (uint32_t code : touched) state_index_[code] = -1;
    touched.clear();
    if (walk) {
      layers.push_back(std::move(next));
    } else {
      layers.back() = std::move(next);
    }
  }
  // The last column's nodes leave together.
  {
    const std::vector<LayerState>& last = layers.back();
    for (int pi = 0; pi < static_cast<int>(last.size()); ++pi) {
      const Frontier f = Frontier::Decode(last[pi].code, k);
      for (int place = -1; place < k; ++place) {
        const int place_node = place >= 0 ? grid.Node(hi, place) : -1;
        if (place >= 0 && (f.ended || node_end_cost[place_node] == kInf)) continue;
        if (free_end && !f.ended && place < 0) continue;
        bool ok = true;
        int label = -1;
        for (int c = 0; c < k && ok; ++c) {
          const int node = grid.Node(hi, c);
          const int parity = f.st[c] ? f.st[c] - 1 : 0;
          if (parity != (node_parity[node] ^ (c == place ? 1 : 0))) ok = false;
          if (node_required[node] && !f.st[c]) ok = false;
          if (f.st[c]) {
            if (label >= 0 && f.lab[c] != label) ok = false;
            label = f.lab[c];
          }
        }
        if (!ok || label < 0) continue;
        const double cost = last[pi].cost + (place >= 0 ? node_end_cost[place_node] : 0);
        if (cost < best) {
          best = cost, best_layer = static_cast<int>(layers.size()), best_state = pi, best_choice = -1;
          best_final_node = place_node;
        }
      }
    }
  }
  if (!walk || best == kInf) return best;

  // The chosen piece copies, chain by chain, back from the best ending.
  std::vector<const ChainChoice*> chosen(grid.ChainCount(), nullptr);
  int end_vertex = -1;  // Euler-graph vertex of the free end
  if (best_layer == -2) {
    const ChainChoice& f = tables[last_chain].floating[best_choice];
    chosen[last_chain] = &f;
    if (free_end) end_vertex = vertex_of({-1, last_chain, chain_vertices[last_chain][f.end_vertex].t});
  } else {
    if (best_final_node >= 0) end_vertex = best_final_node;
    int layer = best_layer, state = best_state, choice = best_choice;
    if (best_layer == static_cast<int>(layers.size())) {
      layer = best_layer - 1;
      choice = layers[layer][state].choice;
      state = layers[layer][state].prev;
    }
    // Now `choice` was taken at step layer - 1, from state `state` of layer - 1.
    while (layer >= 1) {
      const Step& step = steps[layer - 1];
      const int e = choice % 36;
      chosen[step.chain] = &tables[step.chain].entry[e];
      if (choice >= 36) end_vertex = grid.Ends(step.chain).first;
      if ((e & 1) && chosen[step.chain]->end_vertex >= 0) {
        end_vertex = vertex_of({-1, step.chain, chain_vertices[step.chain][chosen[step.chain]->end_vertex].t});
      }
      --layer;
      if (layer >= 1) {
        choice = layers[layer][state].choice;
        state = layers[layer][state].prev;
      }
    }
  }

  // The walk's multigraph, then an Euler path through it from start to end (Hierholzer).
  int vertex_count = node_count;
  std::vector<int> chain_first(grid.ChainCount());
  for (int c = 0; c < grid.ChainCount(); ++c) {
    chain_first[c] = vertex_count;
    vertex_count += static_cast<int>(chain_vertices[c].size());
  }
  std::vector<std::pair<double, double>> coords(vertex_count);
  for (int v = 0; v < node_count; ++v) coords[v] = {grid.NodeX(v), grid.NodeY(v)};
  struct Edge {
    int a, b;
  };
  std::vector<Edge> edges;
  for (int c = 0; c < grid.ChainCount(); ++c) {
    const auto& vs = chain_vertices[c];
    for (size_t i = 0; i < vs.size(); ++i) coords[chain_first[c] + i] = grid.Coordinates({-1, c, vs[i].t});
    if (!chosen[c]) continue;
    const ChainChoice& ch = *chosen[c];
    const auto [low, high] = grid.Ends(c);
    const int m = static_cast<int>(vs.size());
    int parity = ch.first_parity;
    for (int i = 0; i <= m; ++i) {
      const bool left_out = ch.gap == i || (ch.gap == -2 && (i == 0 || i == m));
      const int copies = left_out ? 0 : parity ? 1 : 2;
      const int a = i == 0 ? low : chain_first[c] + i - 1;
      const int b = i == m ? high : chain_first[c] + i;
      for (int r = 0; r < copies; ++r) edges.push_back({a, b});
      if (i < m) parity ^= vs[i].parity ^ (i == ch.end_vertex ? 1 : 0);
    }
  }
  const int start = vertex_of(from_place);
  std::vector<std::vector<int>> incident(vertex_count);
  for (int i = 0; i < static_cast<int>(edges.size()); ++i) {
    incident[edges[i].a].push_back(i);
    incident[edges[i].b].push_back(i);
  }
  std::vector<uint8_t> used(edges.size(), 0);
  std::vector<size_t> cursor(vertex_count, 0);
  std::vector<int> stack{start}, sequence;
  while (!stack.empty()) {
    const int v = stack.back();
    size_t& at = cursor[v];
    while (at < incident[v].size() && used[incident[v][at]]) ++at;
    if (at == incident[v].size()) {
      sequence.push_back(v);
      stack.pop_back();
    } else {
      const int e = incident[v][at];
      used[e] = 1;
      stack.push_back(edges[e].a == v ? edges[e].b : edges[e].a);
    }
  }
  std::reverse(sequence.begin(), sequence.end());
  if (sequence.empty()) sequence.push_back(start);

  std::vector<std::vector<int>> stops_at(vertex_count);
  for (size_t i = 0; i < stops.size(); ++i) stops_at[vertex_of(stop_places[i])].push_back(static_cast<int>(i));
  std::vector<uint8_t> seen(vertex_count, 0);
  walk->order.clear();
  walk->path.clear();
  for (int v : sequence) {
    walk->path.push_back(coords[v].first);
    walk->path.push_back(coords[v].second);
    if (seen[v]) continue;
    seen[v] = 1;
    for (int i : stops_at[v]) walk->order.push_back(i);
  }
  walk->end = -1;
  if (free_end) {
    const int v = end_vertex;
    for (int i : stops_at[v])
      if (walk->end < 0 || end_cost[i] < end_cost[walk->end]) walk->end = i;
  }
  return best;
}

}  // namespace relais
