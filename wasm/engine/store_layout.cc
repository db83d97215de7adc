#include "wasm/engine/store_layout.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <utility>

namespace relais {
namespace {

using json = nlohmann::json;

LayoutProblem Problem(std::string field, std::string message) { return {std::move(field), std::move(message)}; }

std::string Path(const std::string& at, const char* key) { return at.empty() ? key : at + "." + key; }

std::string Indexed(const char* list, size_t i) { return std::string(list) + "[" + std::to_string(i) + "]"; }

// A positive finite number at obj[key]; `fallback` when absent (nullopt: required).
std::optional<LayoutProblem> ReadNumber(const json& obj, const char* key, const std::string& at,
                                        std::optional<double> fallback, double* out) {
  const auto it = obj.find(key);
  if (it == obj.end()) {
    if (!fallback) return Problem(Path(at, key), "required");
    *out = *fallback;
    return std::nullopt;
  }
  if (!it->is_number() || !std::isfinite(it->get<double>()) || it->get<double>() < 0)
    return Problem(Path(at, key), "must be a number of metres, 0 or more");
  *out = it->get<double>();
  return std::nullopt;
}

// A whole number in [low, high] at obj[key]; `fallback` when absent (nullopt: required).
std::optional<LayoutProblem> ReadInteger(const json& obj, const char* key, const std::string& at, int64_t low,
                                         int64_t high, std::optional<int64_t> fallback, int64_t* out) {
  const auto it = obj.find(key);
  if (it == obj.end()) {
    if (!fallback) return Problem(Path(at, key), "required");
    *out = *fallback;
    return std::nullopt;
  }
  if (!it->is_number_integer() && !(it->is_number_float() && std::trunc(it->get<double>()) == it->get<double>()))
    return Problem(Path(at, key), "must be a whole number");
  const double v = it->get<double>();
  if (v < static_cast<double>(low) || v > static_cast<double>(high))
    return Problem(Path(at, key), "must be from " + std::to_string(low) + " to " + std::to_string(high));
  *out = static_cast<int64_t>(v);
  return std::nullopt;
}

std::optional<LayoutProblem> ReadText(const json& obj, const char* key, const std::string& at, bool required,
                                      std::string* out) {
  const auto it = obj.find(key);
  if (it == obj.end()) return required ? std::optional(Problem(Path(at, key), "required")) : std::nullopt;
  if (!it->is_string() || it->get<std::string>().empty() || it->get<std::string>().size() > 64)
    return Problem(Path(at, key), "must be a text of 1 to 64 characters");
  *out = it->get<std::string>();
  return std::nullopt;
}

std::optional<LayoutProblem> ReadTemperature(const json& obj, const std::string& at, Temperature* out) {
  std::string name;
  if (auto p = ReadText(obj, "temperature", at, true, &name)) return p;
  const std::optional<Temperature> t = ParseTemperature(name);
  if (!t) return Problem(Path(at, "temperature"), "must be ambient, chilled or frozen");
  *out = *t;
  return std::nullopt;
}

// [first, last] at obj[key], whole numbers from 1 to `high`, first <= last.
std::optional<LayoutProblem> ReadRange(const json& obj, const char* key, const std::string& at, int high, int* first,
                                       int* last) {
  const auto it = obj.find(key);
  if (it == obj.end()) return Problem(Path(at, key), "required");
  if (!it->is_array() || it->size() != 2 || !(*it)[0].is_number_integer() || !(*it)[1].is_number_integer())
    return Problem(Path(at, key), "must be [first, last], whole numbers");
  const int64_t a = (*it)[0].get<int64_t>(), b = (*it)[1].get<int64_t>();
  if (a < 1 || b < a || b > high)
    return Problem(Path(at, key), "must be [first, last] with 1 <= first <= last <= " + std::to_string(high));
  *first = static_cast<int>(a), *last = static_cast<int>(b);
  return std::nullopt;
}

std::vector<std::string> CrossNames(size_t count) {
  return count == 3 ? std::vector<std::string>{"front", "middle", "back"} : std::vector<std::string>{"front", "back"};
}

std::optional<LayoutProblem> ReadPlace(const json& obj, const char* key, const AisleLayout& aisles, AisleSpot* out) {
  const auto it = obj.find(key);
  const std::string at = key;
  if (it == obj.end()) return Problem(at, "required");
  if (!it->is_object()) return Problem(at, "must be an object: {\"cross_aisle\": \"front\", \"x_m\": 0}");
  std::string name;
  if (auto p = ReadText(*it, "cross_aisle", at, true, &name)) return p;
  const std::vector<std::string> names = CrossNames(aisles.cross_y.size());
  const auto found = std::find(names.begin(), names.end(), name);
  if (found == names.end())
    return Problem(Path(at, "cross_aisle"),
                   names.size() == 3 ? "must be front, middle or back" : "must be front or back");
  double x = 0;
  if (auto p = ReadNumber(*it, "x_m", at, std::nullopt, &x)) return p;
  const AisleSpot spot{AisleSpot::kCross, static_cast<int>(found - names.begin()), x};
  if (std::string why = CheckAisleSpot(aisles, spot); !why.empty()) return Problem(Path(at, "x_m"), why);
  *out = spot;
  return std::nullopt;
}

std::string DefaultId(int aisle, int bay, bool left, int level) {
  char id[48];
  std::snprintf(id, sizeof id, "A%02d-B%02d-%c%d", aisle, bay, left ? 'L' : 'R', level);
  return id;
}

}  // namespace

int StoreLayout::BayCount() const {
  int count = 0;
  for (size_t b = 0; b + 1 < aisles.cross_y.size(); ++b) {
    const double depth = aisles.cross_y[b + 1] - aisles.cross_y[b] - cross_aisle_width_m;
    count += depth > 0 ? static_cast<int>(std::floor(depth / bay_m + 1e-9)) : 0;
  }
  return count;
}

AisleSpot StoreLayout::BaySpot(int aisle, int bay) const {
  int before = 0;
  for (size_t b = 0; b + 1 < aisles.cross_y.size(); ++b) {
    const double depth = aisles.cross_y[b + 1] - aisles.cross_y[b] - cross_aisle_width_m;
    const int here = depth > 0 ? static_cast<int>(std::floor(depth / bay_m + 1e-9)) : 0;
    if (bay - 1 < before + here) {
      const double y = aisles.cross_y[b] + cross_aisle_width_m / 2 + (bay - 1 - before + 0.5) * bay_m;
      return {AisleSpot::kAisle, aisle - 1, y};
    }
    before += here;
  }
  return {AisleSpot::kAisle, aisle - 1, aisles.cross_y.back()};
}

Temperature StoreLayout::ZoneTemperature(int aisle, int bay) const {
  for (const StoreZone& z : zones) {
    if (aisle >= z.first_aisle && aisle <= z.last_aisle && bay >= z.first_bay && bay <= z.last_bay)
      return z.temperature;
  }
  return Temperature::kAmbient;
}

const ShelfLocation* StoreLayout::PrimaryLocation(std::string_view sku) const {
  for (const ShelfLocation& l : locations)
    if (l.sku == sku && l.primary) return &l;
  return nullptr;
}

Temperature StoreLayout::NodeTemperature(int node) const {
  for (const StoreZone& z : zones) {
    if (std::find(z.nodes.begin(), z.nodes.end(), node) != z.nodes.end()) return z.temperature;
  }
  return Temperature::kAmbient;
}

bool StoreLayout::SameFloor(const StoreLayout& other) const {
  if (walkways.has_value() != other.walkways.has_value()) return false;
  if (walkways) {
    return walkways->ids == other.walkways->ids && walkways->x == other.walkways->x &&
           walkways->y == other.walkways->y && walkways->edges == other.walkways->edges;
  }
  return aisles.aisle_x == other.aisles.aisle_x && aisles.cross_y == other.aisles.cross_y &&
         cross_aisle_width_m == other.cross_aisle_width_m && bay_m == other.bay_m;
}

namespace {

// Reads where a location stands -- aisle and bay, or node -- into *loc (its place, and its zone's class as
// loc->temperature), and says it in words for messages ("aisle 1 bay 3").
using ReadWhere = std::function<std::optional<LayoutProblem>(const json& l, const std::string& at, ShelfLocation* loc,
                                                             std::string* where)>;

// Reads where a zone lies -- aisles and bays, or nodes -- into *zone, checking it overlaps no zone before.
using ReadZonePlace =
    std::function<std::optional<LayoutProblem>(const json& z, const std::string& at, StoreZone* zone)>;

std::optional<LayoutProblem> ReadZones(const json& in, const ReadZonePlace& read_place, StoreLayout* out) {
  const auto zones = in.find("zones");
  if (zones == in.end()) return std::nullopt;
  if (!zones->is_array()) return Problem("zones", "must be a list");
  for (size_t i = 0; i < zones->size(); ++i) {
    const json& z = (*zones)[i];
    const std::string at = Indexed("zones", i);
    if (!z.is_object()) return Problem(at, "must be an object");
    StoreZone zone;
    if (auto p = ReadText(z, "name", at, false, &zone.name)) return p;
    if (auto p = ReadTemperature(z, at, &zone.temperature)) return p;
    if (auto p = read_place(z, at, &zone)) return p;
    out->zones.push_back(std::move(zone));
  }
  return std::nullopt;
}

std::optional<LayoutProblem> ReadContainers(const json& in, StoreLayout* out) {
  const auto containers = in.find("containers");
  if (containers == in.end()) return Problem("containers", "required");
  if (!containers->is_array()) return Problem("containers", "must be a list");
  for (size_t i = 0; i < containers->size(); ++i) {
    const json& c = (*containers)[i];
    const std::string at = Indexed("containers", i);
    if (!c.is_object()) return Problem(at, "must be an object");
    ContainerType type;
    if (auto p = ReadText(c, "type", at, true, &type.type)) return p;
    if (auto p = ReadTemperature(c, at, &type.temperature)) return p;
    double litres = 0;
    if (auto p = ReadNumber(c, "volume_l", at, std::nullopt, &litres)) return p;
    if (litres <= 0 || litres > 10000) return Problem(Path(at, "volume_l"), "must be more than 0 and at most 10000");
    type.volume_ml = static_cast<int64_t>(std::llround(litres * 1000));
    if (auto p = ReadInteger(c, "max_weight_g", at, 1, 1000000, std::nullopt, &type.max_weight_g)) return p;
    for (size_t k = 0; k < out->containers.size(); ++k)
      if (out->containers[k].type == type.type)
        return Problem(Path(at, "type"), "already in " + Indexed("containers", k));
    out->containers.push_back(type);
  }

  return std::nullopt;
}

// The locations, each where `read_where` says, checked against the catalogue and one another.
std::optional<LayoutProblem> ReadLocations(const json& in, const SkuTemperature& sku_temperature,
                                           const ReadWhere& read_where, StoreLayout* out) {
  const auto locations = in.find("locations");
  if (locations == in.end()) return Problem("locations", "required");
  if (!locations->is_array()) return Problem("locations", "must be a list");
  std::map<std::tuple<int, int, int, bool, int>, size_t> shelf_taken;
  std::map<std::string, size_t> id_taken, primary_of;
  for (size_t i = 0; i < locations->size(); ++i) {
    const json& l = (*locations)[i];
    const std::string at = Indexed("locations", i);
    if (!l.is_object()) return Problem(at, "must be an object");
    ShelfLocation loc;
    if (auto p = ReadText(l, "sku", at, true, &loc.sku)) return p;
    std::string where;
    if (auto p = read_where(l, at, &loc, &where)) return p;
    int64_t level = 0;
    if (auto p = ReadInteger(l, "level", at, 1, out->levels, 1, &level)) return p;
    loc.level = static_cast<int>(level);
    std::string side = "left";
    if (auto p = ReadText(l, "side", at, false, &side)) return p;
    if (side != "left" && side != "right") return Problem(Path(at, "side"), "must be left or right");
    loc.left = side == "left";
    if (auto p = ReadText(l, "id", at, false, &loc.id)) return p;
    if (loc.id.empty()) {
      loc.id = loc.node >= 0 ? out->walkways->ids[loc.node] + "-" + (loc.left ? "L" : "R") + std::to_string(loc.level)
                             : DefaultId(loc.aisle, loc.bay, loc.left, loc.level);
    }
    if (const auto it = l.find("primary"); it != l.end()) {
      if (!it->is_boolean()) return Problem(Path(at, "primary"), "must be true or false");
      loc.primary = it->get<bool>();
    }
    const std::optional<Temperature> product = sku_temperature(loc.sku);
    if (!product) return Problem(Path(at, "sku"), "no such product in the catalogue: " + loc.sku);
    if (*product != Temperature::kAmbient && *product != loc.temperature) {
      // Named by what places it: its node in a store of walkways; aisle and bay together otherwise.
      return Problem(loc.node >= 0 ? Path(at, "node") : at,
                     loc.sku + " is " + std::string(TemperatureName(*product)) + ", and " + where + " is in " +
                         (loc.temperature == Temperature::kAmbient ? "an " : "a ") +
                         std::string(TemperatureName(loc.temperature)) + " zone");
    }
    // A location's class is its product's: an ambient product in a cold zone is picked with the ambient.
    loc.temperature = *product;
    const auto shelf = std::tuple{loc.aisle, loc.bay, loc.node, loc.left, loc.level};
    if (const auto it = shelf_taken.find(shelf); it != shelf_taken.end())
      return Problem(at, "the same shelf as " + Indexed("locations", it->second) + " (" + loc.id + ")");
    shelf_taken[shelf] = i;
    if (const auto it = id_taken.find(loc.id); it != id_taken.end())
      return Problem(Path(at, "id"), "already used by " + Indexed("locations", it->second));
    id_taken[loc.id] = i;
    if (loc.primary) {
      if (const auto it = primary_of.find(loc.sku); it != primary_of.end())
        return Problem(Path(at, "primary"),
                       loc.sku + " already has its primary at " + Indexed("locations", it->second));
      primary_of[loc.sku] = i;
    }
    out->locations.push_back(std::move(loc));
  }
  // A SKU without a primary: its first location is.
  for (ShelfLocation& loc : out->locations) {
    if (!primary_of.contains(loc.sku)) {
      loc.primary = true;
      primary_of[loc.sku] = 0;
    }
  }
  for (const ShelfLocation& loc : out->locations) {
    bool held = false;
    for (const ContainerType& c : out->containers) held = held || c.temperature == loc.temperature;
    if (!held) {
      return Problem("containers", "no container type for " + std::string(TemperatureName(loc.temperature)) +
                                       " products (" + loc.sku + " is)");
    }
  }
  return std::nullopt;
}

// A store of walkways (walkway_route.h): its plan, levels, zones by node, entrance and desk at nodes.
std::optional<LayoutProblem> ReadWalkwayLayout(const json& in, const SkuTemperature& sku_temperature,
                                               StoreLayout* layout) {
  StoreLayout out;
  WalkwayGraph graph;
  if (std::string why = ReadWalkways(in["walkways"], &graph); !why.empty()) {
    const size_t colon = why.find(": ");
    return Problem("walkways." + why.substr(0, colon), why.substr(colon + 2));
  }
  out.walkways = std::move(graph);
  const WalkwayGraph& g = *out.walkways;
  int64_t levels = 0;
  if (auto p = ReadInteger(in, "levels", "", 1, 20, 1, &levels)) return p;
  out.levels = static_cast<int>(levels);
  // A node by its id, at obj[key] (a string): -1 with *problem set when it names none.
  const auto node_of = [&](const json& obj, const char* key, const std::string& at,
                           std::optional<LayoutProblem>* problem) {
    const auto it = obj.find(key);
    if (it == obj.end() || !it->is_string() || g.NodeIndex(it->get<std::string>()) < 0) {
      *problem = Problem(Path(at, key), "must be a node of the walkways");
      return -1;
    }
    return g.NodeIndex(it->get<std::string>());
  };
  std::optional<LayoutProblem> problem;
  for (const char* place : {"entrance", "packing_desk"}) {
    if (!in.contains(place) || !in[place].is_object()) return Problem(place, "required: {node}");
    (place[0] == 'e' ? out.entrance_node : out.desk_node) = node_of(in[place], "node", place, &problem);
    if (problem) return problem;
  }
  std::vector<int> zone_of(g.ids.size(), -1);
  const ReadZonePlace nodes_of = [&](const json& z, const std::string& at,
                                     StoreZone* zone) -> std::optional<LayoutProblem> {
    if (z.contains("aisles") || z.contains("bays")) {
      return Problem(Path(at, z.contains("aisles") ? "aisles" : "bays"),
                     "this store is laid out in walkways: a zone lists its nodes, not aisles or bays");
    }
    if (!z.contains("nodes") || !z["nodes"].is_array()) return Problem(Path(at, "nodes"), "the nodes it holds");
    for (size_t k = 0; k < z["nodes"].size(); ++k) {
      const json& id = z["nodes"][k];
      const int node = id.is_string() ? g.NodeIndex(id.get<std::string>()) : -1;
      if (node < 0) return Problem(Path(at, "nodes") + "[" + std::to_string(k) + "]", "must be a node of the walkways");
      if (zone_of[node] >= 0) return Problem(at, "overlaps " + Indexed("zones", zone_of[node]));
      zone_of[node] = static_cast<int>(out.zones.size());
      zone->nodes.push_back(node);
    }
    return std::nullopt;
  };
  if (auto p = ReadZones(in, nodes_of, &out)) return p;
  if (auto p = ReadContainers(in, &out)) return p;
  const ReadWhere node_where = [&](const json& l, const std::string& at, ShelfLocation* loc, std::string* where) {
    std::optional<LayoutProblem> missing;
    loc->node = node_of(l, "node", at, &missing);
    if (missing) return missing;
    // A spreadsheet made for aisles, sent to a store of walkways: say so rather than drop its columns.
    for (const char* key : {"aisle", "bay"}) {
      if (l.contains(key)) {
        return std::optional<LayoutProblem>(Problem(
            Path(at, key), "this store is laid out in walkways: a location names its node, not an aisle or bay"));
      }
    }
    loc->aisle = loc->bay = 0;
    loc->temperature = out.NodeTemperature(loc->node);
    *where = "node " + g.ids[loc->node];
    return std::optional<LayoutProblem>();
  };
  if (auto p = ReadLocations(in, sku_temperature, node_where, &out)) return p;
  *layout = std::move(out);
  return std::nullopt;
}

}  // namespace

std::optional<LayoutProblem> ReadStoreLayout(const json& in, const SkuTemperature& sku_temperature,
                                             StoreLayout* layout) {
  if (!in.is_object()) return Problem("", "a layout is a JSON object");
  if (in.contains("walkways")) {
    // One plan or the other: aisles left beside walkways would be silently ignored.
    for (const char* key : {"aisles", "cross_aisles_m", "aisle_spacing_m", "cross_aisle_width_m", "bay_m"}) {
      if (in.contains(key)) return Problem(key, "a layout is parallel aisles or walkways, not both");
    }
    return ReadWalkwayLayout(in, sku_temperature, layout);
  }
  StoreLayout out;
  // Aisles: a count (with their spacing) or their x.
  const auto aisles = in.find("aisles");
  if (aisles == in.end()) return Problem("aisles", "required");
  if (aisles->is_array()) {
    for (const json& x : *aisles) {
      if (!x.is_number()) return Problem("aisles", "must be a count or the aisles' x in metres");
      out.aisles.aisle_x.push_back(x.get<double>());
    }
  } else {
    int64_t count = 0;
    if (auto p = ReadInteger(in, "aisles", "", 1, 500, std::nullopt, &count)) return p;
    double spacing = 0;
    if (auto p = ReadNumber(in, "aisle_spacing_m", "", 3.0, &spacing)) return p;
    if (spacing <= 0) return Problem("aisle_spacing_m", "must be more than 0");
    for (int64_t j = 0; j < count; ++j) out.aisles.aisle_x.push_back(spacing * static_cast<double>(j));
  }
  const auto cross = in.find("cross_aisles_m");
  if (cross == in.end()) return Problem("cross_aisles_m", "required");
  if (!cross->is_array())
    return Problem("cross_aisles_m", "must be the cross-aisles' y: [front, back] or [front, middle, back]");
  for (const json& y : *cross) {
    if (!y.is_number()) return Problem("cross_aisles_m", "must be numbers of metres");
    out.aisles.cross_y.push_back(y.get<double>());
  }
  if (std::string why = CheckAisleLayout(out.aisles); !why.empty())
    return Problem(aisles->is_array() && why.find("aisle") == 0 ? "aisles" : "cross_aisles_m", why);
  if (auto p = ReadNumber(in, "cross_aisle_width_m", "", 2.0, &out.cross_aisle_width_m)) return p;
  if (auto p = ReadNumber(in, "bay_m", "", 1.2, &out.bay_m)) return p;
  if (out.bay_m <= 0) return Problem("bay_m", "must be more than 0");
  for (size_t b = 0; b + 1 < out.aisles.cross_y.size(); ++b) {
    if (out.aisles.cross_y[b + 1] - out.aisles.cross_y[b] - out.cross_aisle_width_m < out.bay_m)
      return Problem("cross_aisles_m",
                     "no bay fits between two cross-aisles: they must be more than cross_aisle_width_m + bay_m apart");
  }
  int64_t levels = 0;
  if (auto p = ReadInteger(in, "levels", "", 1, 20, 1, &levels)) return p;
  out.levels = static_cast<int>(levels);
  const int aisle_count = static_cast<int>(out.aisles.aisle_x.size()), bays = out.BayCount();

  const ReadZonePlace aisles_of = [&](const json& z, const std::string& at,
                                      StoreZone* zone) -> std::optional<LayoutProblem> {
    if (z.contains("nodes")) {
      return Problem(Path(at, "nodes"),
                     "this store is laid out in aisles: a zone names its aisles and bays, not nodes");
    }
    if (auto p = ReadRange(z, "aisles", at, aisle_count, &zone->first_aisle, &zone->last_aisle)) return p;
    zone->last_bay = bays;
    if (z.contains("bays")) {
      if (auto p = ReadRange(z, "bays", at, bays, &zone->first_bay, &zone->last_bay)) return p;
    }
    for (size_t k = 0; k < out.zones.size(); ++k) {
      const StoreZone& o = out.zones[k];
      if (zone->first_aisle <= o.last_aisle && o.first_aisle <= zone->last_aisle && zone->first_bay <= o.last_bay &&
          o.first_bay <= zone->last_bay)
        return Problem(at, "overlaps " + Indexed("zones", k));
    }
    return std::nullopt;
  };
  if (auto p = ReadZones(in, aisles_of, &out)) return p;
  if (auto p = ReadPlace(in, "entrance", out.aisles, &out.entrance)) return p;
  if (auto p = ReadPlace(in, "packing_desk", out.aisles, &out.packing_desk)) return p;

  if (auto p = ReadContainers(in, &out)) return p;
  const ReadWhere bay_of = [&](const json& l, const std::string& at, ShelfLocation* loc, std::string* where) {
    if (l.contains("node")) {
      return std::optional<LayoutProblem>(Problem(
          Path(at, "node"), "this store is laid out in aisles: a location names its aisle and bay, not a node"));
    }
    int64_t aisle = 0, bay = 0;
    if (auto p = ReadInteger(l, "aisle", at, 1, aisle_count, std::nullopt, &aisle)) return p;
    if (auto p = ReadInteger(l, "bay", at, 1, bays, std::nullopt, &bay)) return p;
    loc->aisle = static_cast<int>(aisle), loc->bay = static_cast<int>(bay);
    loc->temperature = out.ZoneTemperature(loc->aisle, loc->bay);
    loc->spot = out.BaySpot(loc->aisle, loc->bay);
    *where = "aisle " + std::to_string(loc->aisle) + " bay " + std::to_string(loc->bay);
    return std::optional<LayoutProblem>();
  };
  if (auto p = ReadLocations(in, sku_temperature, bay_of, &out)) return p;
  *layout = std::move(out);
  return std::nullopt;
}

std::optional<LayoutProblem> ReadLocationsCsv(std::string_view csv, json* locations, std::vector<int>* rows_out) {
  if (csv.starts_with("\xEF\xBB\xBF")) csv.remove_prefix(3);  // Excel's "CSV UTF-8" byte-order mark.
  // The separator: a comma, or a semicolon when the header has more of those (French exports).
  const std::string_view header_line = csv.substr(0, csv.find('\n'));
  const char separator =
      std::count(header_line.begin(), header_line.end(), ';') > std::count(header_line.begin(), header_line.end(), ',')
          ? ';'
          : ',';
  // Rows of fields, each with the line it starts on; a field may be quoted ("a, b"), a quote doubled inside.
  std::vector<std::vector<std::string>> rows;
  std::vector<int> lines;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, any = false;
  int line = 1, row_line = 1;
  for (size_t i = 0; i <= csv.size(); ++i) {
    const char c = i < csv.size() ? csv[i] : '\n';
    if (quoted) {
      if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
        field += '"', ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        field += c;
      }
    } else if (c == '"') {
      quoted = any = true;
    } else if (c == separator) {
      row.push_back(std::move(field)), field.clear(), any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < csv.size() && csv[i + 1] == '\n') ++i;
      if (any || !field.empty())
        row.push_back(std::move(field)), rows.push_back(std::move(row)), lines.push_back(row_line);
      row.clear(), field.clear(), any = false;
      row_line = ++line;
    } else {
      field += c;
      any = true;
    }
  }
  if (quoted) return Problem("row " + std::to_string(row_line), "a quote is not closed");
  if (rows.empty()) return Problem("row 1", "the header is missing (sku,aisle,bay,side,level)");
  std::map<std::string, size_t> column;
  for (size_t c = 0; c < rows[0].size(); ++c) {
    std::string name;
    for (char ch : rows[0][c]) {
      if (ch != ' ') name += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    column[name] = c;
  }
  // Aisles and bays, or a store of walkways' nodes.
  const bool nodes = column.contains("node") && !column.contains("aisle");
  for (const char* name : {"sku", "aisle", "bay", "side", "level"}) {
    if (nodes && (name == std::string_view("aisle") || name == std::string_view("bay"))) continue;
    if (!column.contains(name)) return Problem("row 1", std::string("the header has no column ") + name);
  }
  if (rows.size() == 1) {
    return Problem("row 2", "no location: the file replaces every location of the layout, send them all");
  }
  json out = json::array();
  std::vector<int> numbers;
  for (size_t r = 1; r < rows.size(); ++r) {
    const std::string at = "row " + std::to_string(lines[r]);
    if (rows[r].size() != rows[0].size())
      return Problem(at, std::to_string(rows[r].size()) + " fields, the header has " + std::to_string(rows[0].size()));
    json l = json::object();
    for (const auto& [name, c] : column) {
      const std::string& v = rows[r][c];
      if (name == "aisle" || name == "bay" || name == "level") {
        char* end = nullptr;
        const long n = std::strtol(v.c_str(), &end, 10);
        if (v.empty() || *end != '\0') return Problem(at + " (" + name + ")", "\"" + v + "\" is not a whole number");
        l[name] = n;
      } else if (name == "primary") {
        if (v == "true" || v == "1" || v == "yes")
          l[name] = true;
        else if (v == "false" || v == "0" || v == "no" || v.empty())
          l[name] = false;
        else
          return Problem(at + " (primary)", "must be true or false");
      } else if (name == "sku" || name == "side" || (name == "id" && !v.empty()) || (name == "node" && nodes)) {
        l[name] = v;
      }
    }
    out.push_back(std::move(l));
    numbers.push_back(lines[r]);
  }
  *locations = std::move(out);
  if (rows_out) *rows_out = std::move(numbers);
  return std::nullopt;
}

std::string CsvRowNames(const std::string& text, const std::vector<int>& rows) {
  std::string out;
  size_t at = 0;
  for (size_t found; (found = text.find("locations[", at)) != std::string::npos;) {
    const size_t close = text.find(']', found);
    if (close == std::string::npos) break;
    const long index = std::strtol(text.c_str() + found + 10, nullptr, 10);
    out += text.substr(at, found - at);
    out += "row " + std::to_string(index >= 0 && index < static_cast<long>(rows.size()) ? rows[index] : index + 2);
    at = close + 1;
    // A field's own name after it, "locations[12].bay": "row 14 (bay)".
    if (found == 0 && at < text.size() && text[at] == '.') {
      out += " (" + text.substr(at + 1) + ")";
      return out;
    }
  }
  return out + text.substr(at);
}

namespace {

// Zones and locations: where they are (aisles and bays, or nodes), then what is common.
json ZonesJson(const StoreLayout& layout) {
  json zones = json::array();
  for (const StoreZone& z : layout.zones) {
    json zone = {{"temperature", TemperatureName(z.temperature)}};
    if (layout.walkways) {
      zone["nodes"] = json::array();
      for (int n : z.nodes) zone["nodes"].push_back(layout.walkways->ids[n]);
    } else {
      zone["aisles"] = {z.first_aisle, z.last_aisle};
      zone["bays"] = {z.first_bay, z.last_bay};
    }
    if (!z.name.empty()) zone["name"] = z.name;
    zones.push_back(std::move(zone));
  }
  return zones;
}

json LocationsJson(const StoreLayout& layout) {
  json locations = json::array();
  for (const ShelfLocation& l : layout.locations) {
    json location = {{"id", l.id}, {"sku", l.sku}};
    if (l.node >= 0) {
      location["node"] = layout.walkways->ids[l.node];
    } else {
      location["aisle"] = l.aisle;
      location["bay"] = l.bay;
    }
    location["side"] = l.left ? "left" : "right";
    location["level"] = l.level;
    location["primary"] = l.primary;
    locations.push_back(std::move(location));
  }
  return locations;
}

json ContainersJson(const StoreLayout& layout) {
  json containers = json::array();
  for (const ContainerType& c : layout.containers) {
    containers.push_back({{"type", c.type},
                          {"temperature", TemperatureName(c.temperature)},
                          {"volume_l", static_cast<double>(c.volume_ml) / 1000},
                          {"max_weight_g", c.max_weight_g}});
  }
  return containers;
}

json WalkwayLayoutJson(const StoreLayout& layout) {
  const WalkwayGraph& g = *layout.walkways;
  json nodes = json::array(), edges = json::array();
  for (size_t i = 0; i < g.ids.size(); ++i) nodes.push_back({{"id", g.ids[i]}, {"x", g.x[i]}, {"y", g.y[i]}});
  for (const auto& [a, b, metres] : g.edges) {
    edges.push_back({g.ids[static_cast<size_t>(a)], g.ids[static_cast<size_t>(b)], metres});
  }
  json out = {{"walkways", {{"nodes", nodes}, {"edges", edges}}},
              {"levels", layout.levels},
              {"entrance", {{"node", g.ids[layout.entrance_node]}}},
              {"packing_desk", {{"node", g.ids[layout.desk_node]}}}};
  out["zones"] = ZonesJson(layout);
  out["containers"] = ContainersJson(layout);
  out["locations"] = LocationsJson(layout);
  return out;
}

}  // namespace

json StoreLayoutToJson(const StoreLayout& layout) {
  if (layout.walkways) return WalkwayLayoutJson(layout);
  json out = {{"aisles", layout.aisles.aisle_x},
              {"cross_aisles_m", layout.aisles.cross_y},
              {"cross_aisle_width_m", layout.cross_aisle_width_m},
              {"bay_m", layout.bay_m},
              {"levels", layout.levels}};
  const std::vector<std::string> names = CrossNames(layout.aisles.cross_y.size());
  auto place = [&](const AisleSpot& s) { return json{{"cross_aisle", names[s.line]}, {"x_m", s.pos}}; };
  out["entrance"] = place(layout.entrance);
  out["packing_desk"] = place(layout.packing_desk);
  out["zones"] = ZonesJson(layout);
  out["containers"] = ContainersJson(layout);
  out["locations"] = LocationsJson(layout);
  return out;
}

}  // namespace relais
