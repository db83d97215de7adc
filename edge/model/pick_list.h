// A pick list: one walk a picker takes through a site, for one order's shipment or a wave of several (each
// order into its own containers), its lines in the order of the route computed when it was made, on the
// layout version it was made with. Scans are applied once each: a list remembers the ids of those it took.
#ifndef RELAIS_EDGE_MODEL_PICK_LIST_H_
#define RELAIS_EDGE_MODEL_PICK_LIST_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace relais::edge {

struct PickShipment {
  std::string order_id;
  int64_t shipment = 0;  // Index of the order's delivery entry.
  std::string due;       // When the shopper expects it: "YYYY-MM-DD", "YYYY-MM-DD HH:MM-HH:MM" (a slot), "" (none).
  bool operator==(const PickShipment&) const = default;
};

struct PickLine {
  std::string order_id;
  int64_t shipment = 0;
  std::string sku;
  std::string name;
  std::string gtin;  // 14 digits, "" when the catalogue has none: then picked by hand.
  std::string temperature;
  int64_t quantity = 0;
  int64_t picked = 0;
  // Where: the location's id and shelf, and the picker's spot on the layout's aisle (aisle from 1, y in m).
  std::string location;
  int64_t aisle = 0, bay = 0, level = 0;
  std::string node;  // A store of walkways: the node the picker stands at (aisle and bay 0).
  std::string side;
  double y_m = 0;
  int64_t container = 0;  // Index into the list's containers: where its first unit goes.
  // pending (a substitute accepted is pending again, `substitute` naming the product it replaces); picked
  // (all of it); missing (the shopper is asked, the answer to come); short (fewer found than asked: the rest
  // let go, or replaced by a line of its own); cancelled (none found and the shopper let it go, or no
  // substitute; or the order was cancelled).
  std::string state = "pending";
  std::string reason;      // Why it was confirmed by hand, or came short.
  std::string question;    // The question asked the shopper about it, "" when none.
  std::string substitute;  // The SKU the shopper accepted instead.
  bool operator==(const PickLine&) const = default;
};

struct PickContainer {
  std::string order_id;
  std::string type;
  std::string temperature;
  bool operator==(const PickContainer&) const = default;
};

struct PickList {
  std::string id;
  int64_t version = 0;  // 0 for a new one; each write adds one.
  std::string site;
  int64_t layout_version = 0;
  std::string status = "open";  // open, picking, waiting (picked, the shopper still to answer), done.
  std::string picker;           // "staff:<id> <name>" once claimed.
  std::vector<PickShipment> shipments;
  std::vector<PickLine> lines;  // In walking order.
  std::vector<PickContainer> containers;
  double route_m = 0;
  bool route_optimal = true;
  std::vector<std::string> scans;  // Ids of the scans applied.
  std::string created_at, updated_at;
  bool operator==(const PickList&) const = default;
};

nlohmann::json PickListJson(const PickList& list);
PickList PickListFromJson(const nlohmann::json& j);  // Reads what PickListJson wrote.

}  // namespace relais::edge

#endif  // RELAIS_EDGE_MODEL_PICK_LIST_H_
