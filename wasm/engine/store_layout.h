// A store's layout as data, for picking: its parallel aisles and cross-aisles, bays and shelf levels, the
// zones that keep chilled and frozen goods cold, the entrance and the packing desk, where each product
// stands (a SKU at one or more locations, one of them its primary), and the containers pickers fill. Read
// from JSON (or its locations from CSV) and checked whole: the first problem is named by its field
// ("locations[12].bay") and nothing of a refused layout is kept.
//
//   { "aisles": 12,                       (or their centre lines' x in metres: [1.5, 4.5, ...])
//     "aisle_spacing_m": 3,               (with a count: aisle 1 at x = 0)
//     "cross_aisles_m": [0, 12, 24],      front, optional middle, back: their centre lines' y
//     "cross_aisle_width_m": 2,           bays stand between the cross-aisles' edges
//     "bay_m": 1.2, "levels": 5,          bays numbered from the front, across the middle cross-aisle
//     "zones": [ { "name": "fresh", "temperature": "chilled", "aisles": [10, 11], "bays": [1, 8] } ],
//     "entrance": { "cross_aisle": "front", "x_m": 0 },
//     "packing_desk": { "cross_aisle": "front", "x_m": 18 },
//     "locations": [ { "id": "A03-B04-L2", "sku": "TEA-3", "aisle": 3, "bay": 4, "side": "left", "level": 2,
//                      "primary": true } ],
//     "containers": [ { "type": "bag", "temperature": "ambient", "volume_l": 20, "max_weight_g": 8000 } ] }
//
// Aisles, bays and levels count from 1, as staff say them. A place outside every zone is ambient. A chilled
// or frozen product stands only in a zone of its class; an ambient one anywhere (drinks kept cold).
//
// A store that is not parallel aisles gives its walkways instead (walkway_route.h), and names nodes where the
// others give aisles and bays:
//
//   { "walkways": { "nodes": [ {"id": "door", "x": 0, "y": 0}, ... ], "edges": [ ["door", "island"], ... ] },
//     "levels": 4,
//     "zones": [ { "name": "fresh", "temperature": "chilled", "nodes": ["fridge-1", "fridge-2"] } ],
//     "entrance": { "node": "door" }, "packing_desk": { "node": "till" },
//     "locations": [ { "sku": "TEA-3", "node": "island", "side": "left", "level": 2 } ],   id: "island-L2"
//     "containers": [ ... ] }
#ifndef RELAIS_ENGINE_STORE_LAYOUT_H_
#define RELAIS_ENGINE_STORE_LAYOUT_H_

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wasm/engine/aisle_route.h"
#include "wasm/engine/temperature.h"
#include "wasm/engine/walkway_route.h"

namespace relais {

struct StoreZone {
  std::string name;
  Temperature temperature = Temperature::kAmbient;
  int first_aisle = 1, last_aisle = 1;  // inclusive, from 1
  int first_bay = 1, last_bay = 1 << 30;
  std::vector<int> nodes;  // Walkways: the nodes it holds.
};

struct ShelfLocation {
  std::string id;
  std::string sku;
  int aisle = 1, bay = 1, level = 1;  // from 1
  bool left = true;
  bool primary = false;
  Temperature temperature = Temperature::kAmbient;  // its zone's
  AisleSpot spot;                                   // where the picker stands for it
  int node = -1;  // Walkways: the node the picker stands at (aisle and bay are then 0).
};

struct ContainerType {
  std::string type;
  Temperature temperature = Temperature::kAmbient;
  int64_t volume_ml = 0;
  int64_t max_weight_g = 0;
};

struct StoreLayout {
  AisleLayout aisles;
  double cross_aisle_width_m = 2;
  double bay_m = 1.2;
  int levels = 1;
  std::vector<StoreZone> zones;
  AisleSpot entrance, packing_desk;
  std::vector<ShelfLocation> locations;
  std::vector<ContainerType> containers;
  // A store of walkways (then `aisles` is empty): its plan, and the nodes of its entrance and packing desk.
  std::optional<WalkwayGraph> walkways;
  int entrance_node = -1, desk_node = -1;

  // Bays in one aisle (all aisles have the same).
  int BayCount() const;
  // The picker's spot in front of bay `bay` (from 1) of aisle `aisle` (from 1).
  AisleSpot BaySpot(int aisle, int bay) const;
  // The class of the zone holding that bay: ambient outside every zone.
  Temperature ZoneTemperature(int aisle, int bay) const;
  // The SKU's primary location, or null when it stands nowhere.
  const ShelfLocation* PrimaryLocation(std::string_view sku) const;
  // Walkways: the class of the zone holding `node`, ambient outside every zone.
  Temperature NodeTemperature(int node) const;
  // Where pickers walk is the same in both (aisles and cross-aisles, or walkways and their nodes' places):
  // a route planned on one holds on the other.
  bool SameFloor(const StoreLayout& other) const;
};

// What is wrong with a layout: the field, as a JSON path ("locations[12].bay"), and why.
struct LayoutProblem {
  std::string field;
  std::string message;
};

// A product's temperature class by SKU, or nullopt when the catalogue has no such product.
using SkuTemperature = std::function<std::optional<Temperature>(std::string_view sku)>;

// Reads and checks a whole layout into *layout (unchanged when refused).
std::optional<LayoutProblem> ReadStoreLayout(const nlohmann::json& json, const SkuTemperature& sku_temperature,
                                             StoreLayout* layout);

// The locations of a CSV file -- a header naming sku, aisle, bay (or node, for walkways), side, level and
// optionally id and primary
// ("true"/"false", "1"/"0", "yes"/"no"), in any order and case, then one row per location -- as the JSON array
// ReadStoreLayout reads. Commas or semicolons (a French spreadsheet's export), a UTF-8 byte-order mark (Excel's
// "CSV UTF-8"), quoted fields. The file replaces every location: one without any row is refused. A problem
// names the row as a spreadsheet numbers it ("row 14", the header being row 1); *rows gets the row of each
// location, for CsvRowNames.
std::optional<LayoutProblem> ReadLocationsCsv(std::string_view csv, nlohmann::json* locations,
                                              std::vector<int>* rows = nullptr);
// `text` (a field or a message of ReadStoreLayout) with every "locations[i]" named by its CSV row: the field
// "locations[12].bay" becomes "row 14 (bay)", "the same shelf as locations[0]" "the same shelf as row 2".
std::string CsvRowNames(const std::string& text, const std::vector<int>& rows);

// The layout as JSON, in the form ReadStoreLayout reads (aisles as their x, ids filled in, primaries marked).
nlohmann::json StoreLayoutToJson(const StoreLayout& layout);

}  // namespace relais

#endif  // RELAIS_ENGINE_STORE_LAYOUT_H_
