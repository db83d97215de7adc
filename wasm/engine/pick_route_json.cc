#include "wasm/engine/pick_route_json.h"

#include <nlohmann/json.hpp>
#include <optional>

#include "wasm/engine/pick_route.h"
#include "wasm/engine/store_layout.h"
#include "wasm/engine/walkway_route.h"

namespace relais {
namespace {

using json = nlohmann::json;

std::string Error(const std::string& message) { return json{{"error", message}}.dump(); }

// A bay of the layout as the picker's spot; "" or why not.
std::string ReadBay(const json& j, const StoreLayout& layout, const std::string& at, AisleSpot* spot) {
  if (!j.is_object() || !j.contains("aisle") || !j.contains("bay") || !j["aisle"].is_number_integer() ||
      !j["bay"].is_number_integer()) {
    return at + ": {aisle, bay}, whole numbers";
  }
  const int64_t aisle = j["aisle"], bay = j["bay"];
  if (aisle < 1 || aisle > static_cast<int64_t>(layout.aisles.aisle_x.size())) return at + ".aisle: no such aisle";
  if (bay < 1 || bay > layout.BayCount()) return at + ".bay: no such bay";
  *spot = layout.BaySpot(static_cast<int>(aisle), static_cast<int>(bay));
  return "";
}

// A node of the walkways by its id, at `at` ({"node": id}); -1 when it names none.
int ReadNode(const json& j, const WalkwayGraph& graph) {
  if (!j.is_object() || !j.contains("node") || !j["node"].is_string()) return -1;
  return graph.NodeIndex(j["node"].get<std::string>());
}

std::optional<Temperature> ReadClass(const json& stop) {
  return stop.contains("temperature") && stop["temperature"].is_string()
             ? ParseTemperature(stop["temperature"].get<std::string>())
             : std::optional(Temperature::kAmbient);
}

std::string RouteAnswer(const PickRoute& route) {
  return json{{"order", route.order}, {"length_m", route.length}, {"optimal", route.optimal}, {"path", route.path}}
      .dump();
}

// A store of walkways (walkway_route.h): the layout's "walkways", its entrance and packing desk {"node"},
// `from` and the stops {node, temperature}.
std::string WalkwayRouteJson(const json& in) {
  const json& l = in["layout"];
  WalkwayGraph graph;
  if (std::string why = ReadWalkways(l["walkways"], &graph); !why.empty()) return Error("layout.walkways." + why);
  const int entrance = l.contains("entrance") ? ReadNode(l["entrance"], graph) : -1;
  const int desk = l.contains("packing_desk") ? ReadNode(l["packing_desk"], graph) : -1;
  if (entrance < 0) return Error("layout.entrance: {node}, a node of the walkways");
  if (desk < 0) return Error("layout.packing_desk: {node}, a node of the walkways");
  int from = entrance;
  if (in.contains("from") && !in["from"].is_null()) {
    from = ReadNode(in["from"], graph);
    if (from < 0) return Error("from: {node}, a node of the walkways");
  }
  if (!in.contains("stops") || !in["stops"].is_array()) return Error("stops: a list of {node, temperature}");
  std::vector<WalkwayStop> stops;
  for (size_t i = 0; i < in["stops"].size(); ++i) {
    const std::string at = "stops[" + std::to_string(i) + "]";
    WalkwayStop stop;
    stop.node = ReadNode(in["stops"][i], graph);
    if (stop.node < 0) return Error(at + ".node: no such node of the walkways");
    const std::optional<Temperature> t = ReadClass(in["stops"][i]);
    if (!t) return Error(at + ".temperature: ambient, chilled or frozen");
    stop.temperature = *t;
    stops.push_back(stop);
  }
  return RouteAnswer(PlanWalkwayRoute(graph, from, desk, stops));
}

}  // namespace

std::string PickRouteJson(std::string_view request) {
  const json in = json::parse(request, nullptr, false);
  if (in.is_discarded() || !in.is_object()) return Error("the request is a JSON object");
  if (!in.contains("layout")) return Error("layout: required");
  if (in["layout"].is_object() && in["layout"].contains("walkways")) return WalkwayRouteJson(in);
  // The geometry alone: any product is taken as ambient (placeable anywhere), the stops say their class.
  StoreLayout layout;
  const SkuTemperature any = [](std::string_view) -> std::optional<Temperature> { return Temperature::kAmbient; };
  if (const std::optional<LayoutProblem> p = ReadStoreLayout(in["layout"], any, &layout)) {
    return Error("layout." + p->field + ": " + p->message);
  }
  AisleSpot from = layout.entrance;
  if (in.contains("from") && !in["from"].is_null()) {
    if (std::string why = ReadBay(in["from"], layout, "from", &from); !why.empty()) return Error(why);
  }
  if (!in.contains("stops") || !in["stops"].is_array()) return Error("stops: a list of {aisle, bay, temperature}");
  std::vector<PickStop> stops;
  for (size_t i = 0; i < in["stops"].size(); ++i) {
    const json& s = in["stops"][i];
    const std::string at = "stops[" + std::to_string(i) + "]";
    PickStop stop;
    if (std::string why = ReadBay(s, layout, at, &stop.spot); !why.empty()) return Error(why);
    const std::optional<Temperature> t = ReadClass(s);
    if (!t) return Error(at + ".temperature: ambient, chilled or frozen");
    stop.temperature = *t;
    stops.push_back(stop);
  }
  AisleRouter router(layout.aisles);
  const PickRoute route = PlanPickRoute(router, from, layout.packing_desk, stops);
  return RouteAnswer(route);
}

}  // namespace relais
