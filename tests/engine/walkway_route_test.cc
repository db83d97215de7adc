#define BOOST_TEST_MODULE walkway_route
// Routes through stores of walkways: the plan read and checked (naming the field), and on random connected
// plans the route against brute force -- every order of the stops that keeps the classes in order, legs from
// an independent Floyd-Warshall -- with a path that walks along walkways only, through every stop, as long as
// the route says. And the phone's JSON face for such a store.
#include "wasm/engine/walkway_route.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <limits>
#include <random>

#include "wasm/engine/pick_route_json.h"

using namespace relais;
using json = nlohmann::json;

namespace {

// A shop round an island: door (0,0), till (10,0), back corners (10,8) and (0,8), the island's far side reached
// by a bent walkway; the chilled counter at (0,8).
json Shop() {
  return json::parse(R"({
    "nodes": [{"id": "door", "x": 0, "y": 0}, {"id": "till", "x": 10, "y": 0},
              {"id": "back-right", "x": 10, "y": 8}, {"id": "fridge", "x": 0, "y": 8},
              {"id": "island", "x": 5, "y": 4}],
    "edges": [["door", "till"], ["till", "back-right"], ["back-right", "fridge"], ["fridge", "door"],
              ["door", "island", 7.5]]})");
}

std::vector<std::vector<double>> FloydWarshall(const WalkwayGraph& g) {
  const size_t n = g.ids.size();
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<std::vector<double>> d(n, std::vector<double>(n, inf));
  for (size_t i = 0; i < n; ++i) d[i][i] = 0;
  for (const auto& [a, b, m] : g.edges) {
    const auto i = static_cast<size_t>(a), j = static_cast<size_t>(b);
    d[i][j] = std::min(d[i][j], m);
    d[j][i] = std::min(d[j][i], m);
  }
  for (size_t k = 0; k < n; ++k)
    for (size_t i = 0; i < n; ++i)
      for (size_t j = 0; j < n; ++j) d[i][j] = std::min(d[i][j], d[i][k] + d[k][j]);
  return d;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_plan_is_read_or_refused_naming_the_field) {
  WalkwayGraph g;
  BOOST_REQUIRE_EQUAL(ReadWalkways(Shop(), &g), "");
  BOOST_TEST(g.ids.size() == 5u);
  BOOST_TEST(g.edges[0][2] == 10.0);  // Its straight line.
  BOOST_TEST(g.edges[4][2] == 7.5);   // Bent: as given.
  const auto refused = [](const char* pointer, json value) {
    json plan = Shop();
    plan[json::json_pointer(pointer)] = std::move(value);
    WalkwayGraph out;
    return ReadWalkways(plan, &out);
  };
  BOOST_TEST(refused("/nodes/1/id", "door") == "nodes[1].id: door is named twice");
  BOOST_TEST(refused("/nodes/2/x", "far") == "nodes[2].x: metres on the plan, a number");
  BOOST_TEST(refused("/edges/1", json::array({"till", "attic"})) == "edges[1]: no node attic");
  BOOST_TEST(refused("/edges/4/2", 2.0) == "edges[4]: shorter than the straight line between its ends");
  BOOST_TEST(refused("/edges/1", json::array({"till", "till"})) == "edges[1]: a walkway from till to itself");
  // Twice the same walkway, either way round.
  json twice = Shop();
  twice["edges"].push_back(json::array({twice["edges"][1][1], twice["edges"][1][0], 50}));
  WalkwayGraph g2;
  BOOST_TEST(ReadWalkways(twice, &g2) == "edges[5]: the same walkway as edges[1] (back-right to till)");
  // The island's only walkway gone: nothing reaches it.
  json cut = Shop();
  cut["edges"].erase(4);
  WalkwayGraph out;
  BOOST_TEST(ReadWalkways(cut, &out) == "edges: no walkway reaches island from door");
}

BOOST_AUTO_TEST_CASE(worked_by_hand_round_the_island) {
  WalkwayGraph g;
  BOOST_REQUIRE_EQUAL(ReadWalkways(Shop(), &g), "");
  const int door = g.NodeIndex("door"), till = g.NodeIndex("till");
  // Yoghurts at the fridge (chilled), tea at the island: the island first (7.5 there and back), then round to
  // the fridge (8) and on to the till the short way back (8 + 10): 7.5 + 7.5 + 8 + 8 + 10 = 41.
  const std::vector<WalkwayStop> stops = {{g.NodeIndex("fridge"), Temperature::kChilled},
                                          {g.NodeIndex("island"), Temperature::kAmbient}};
  const PickRoute route = PlanWalkwayRoute(g, door, till, stops);
  BOOST_TEST(route.length == 41.0);
  BOOST_TEST(route.order == (std::vector<int>{1, 0}));
  BOOST_TEST(route.optimal);
  // door, island, door, fridge, door, till.
  BOOST_TEST(route.path == (std::vector<double>{0, 0, 5, 4, 0, 0, 0, 8, 0, 0, 10, 0}));
}

BOOST_AUTO_TEST_CASE(routes_match_brute_force_on_random_plans) {
  std::mt19937 rng(1962);
  std::uniform_real_distribution<double> coordinate(0, 40);
  int compared = 0;
  for (int round = 0; round < 60; ++round) {
    // A random tree over the nodes, plus a few shortcuts, some of them bent.
    const int n = 4 + round % 12;
    json plan = {{"nodes", json::array()}, {"edges", json::array()}};
    for (int i = 0; i < n; ++i)
      plan["nodes"].push_back({{"id", "n" + std::to_string(i)}, {"x", coordinate(rng)}, {"y", coordinate(rng)}});
    const auto id = [](int i) { return "n" + std::to_string(i); };
    for (int i = 1; i < n; ++i) plan["edges"].push_back({id(i), id(static_cast<int>(rng() % i))});
    for (int extra = 0; extra < n / 2; ++extra) {
      const int a = static_cast<int>(rng() % n), b = static_cast<int>(rng() % n);
      // A walkway to itself or a second one between the same nodes is refused (see above).
      const auto joins = [&](const json& e) {
        return (e[0] == id(a) && e[1] == id(b)) || (e[0] == id(b) && e[1] == id(a));
      };
      if (a == b || std::any_of(plan["edges"].begin(), plan["edges"].end(), joins)) continue;
      json edge = {id(a), id(b)};
      if (rng() % 3 == 0) {
        const json& na = plan["nodes"][a];
        const json& nb = plan["nodes"][b];
        edge.push_back(1.3 * std::hypot(na["x"].get<double>() - nb["x"].get<double>(),
                                        na["y"].get<double>() - nb["y"].get<double>()));
      }
      plan["edges"].push_back(edge);
    }
    WalkwayGraph g;
    BOOST_REQUIRE_EQUAL(ReadWalkways(plan, &g), "");
    const std::vector<std::vector<double>> d = FloydWarshall(g);
    const int k = 1 + static_cast<int>(rng() % 7);
    std::vector<WalkwayStop> stops;
    for (int i = 0; i < k; ++i) {
      stops.push_back({static_cast<int>(rng() % n), static_cast<Temperature>(rng() % 3)});
    }
    const int from = static_cast<int>(rng() % n), to = static_cast<int>(rng() % n);
    const PickRoute route = PlanWalkwayRoute(g, from, to, stops);
    // Brute force: every permutation whose classes do not go back.
    std::vector<int> order(k);
    for (int i = 0; i < k; ++i) order[i] = i;
    double best = std::numeric_limits<double>::infinity();
    do {
      bool in_order = true;
      for (int i = 1; i < k; ++i) in_order = in_order && stops[order[i - 1]].temperature <= stops[order[i]].temperature;
      if (!in_order) continue;
      double length = 0;
      int at = from;
      for (int s : order) length += d[at][stops[s].node], at = stops[s].node;
      best = std::min(best, length + d[at][to]);
    } while (std::next_permutation(order.begin(), order.end()));
    BOOST_TEST(std::abs(route.length - best) < 1e-6, "round " << round << ": " << route.length << " vs " << best);
    BOOST_TEST(route.optimal);
    // The path walks along walkways, from `from` to `to`, through every stop, and is as long as the route.
    BOOST_REQUIRE(route.path.size() >= 2u);
    double walked = 0;
    std::vector<int> nodes;
    for (size_t p = 0; p < route.path.size(); p += 2) {
      int at = -1;
      for (int i = 0; i < n; ++i) {
        if (g.x[i] == route.path[p] && g.y[i] == route.path[p + 1]) at = i;
      }
      BOOST_REQUIRE(at >= 0);
      if (!nodes.empty()) {
        double edge = std::numeric_limits<double>::infinity();
        for (const auto& [a, b, m] : g.edges) {
          if ((a == nodes.back() && b == at) || (b == nodes.back() && a == at)) edge = std::min(edge, m);
        }
        BOOST_REQUIRE_MESSAGE(std::isfinite(edge), "the path leaves the walkways in round " << round);
        walked += edge;
      }
      nodes.push_back(at);
    }
    BOOST_TEST(std::abs(walked - route.length) < 1e-6);
    for (const WalkwayStop& s : stops) BOOST_TEST((std::find(nodes.begin(), nodes.end(), s.node) != nodes.end()));
    ++compared;
  }
  BOOST_TEST(compared == 60);
}

BOOST_AUTO_TEST_CASE(the_phone_asks_for_a_walkway_route_in_json) {
  json request = {
      {"layout", {{"walkways", Shop()}, {"entrance", {{"node", "door"}}}, {"packing_desk", {{"node", "till"}}}}},
      {"stops", {{{"node", "fridge"}, {"temperature", "chilled"}}, {{"node", "island"}}}}};
  json answer = json::parse(PickRouteJson(request.dump()));
  BOOST_TEST(answer["order"] == json({1, 0}));
  BOOST_TEST(answer["length_m"] == 41.0);
  BOOST_TEST(answer["optimal"] == true);
  // From where the picker stands (the fridge, after the island): to the till the short way.
  request["from"] = {{"node", "fridge"}};
  request["stops"] = json::array({{{"node", "fridge"}, {"temperature", "chilled"}}});
  BOOST_TEST(json::parse(PickRouteJson(request.dump()))["length_m"] == 18.0);
  request["stops"][0]["node"] = "attic";
  BOOST_TEST(json::parse(PickRouteJson(request.dump()))["error"] == "stops[0].node: no such node of the walkways");
  request["layout"]["packing_desk"] = {{"node", "cellar"}};
  BOOST_TEST(json::parse(PickRouteJson(request.dump()))["error"] ==
             "layout.packing_desk: {node}, a node of the walkways");
  request["layout"]["walkways"]["edges"] = json::array();
  BOOST_TEST(json::parse(PickRouteJson(request.dump()))["error"] ==
             "layout.walkways.edges: no walkway reaches till from door");
}
