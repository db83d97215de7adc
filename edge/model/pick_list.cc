#include "edge/model/pick_list.h"

namespace relais::edge {

using nlohmann::json;

json PickListJson(const PickList& l) {
  json shipments = json::array(), lines = json::array(), containers = json::array();
  for (const PickShipment& s : l.shipments) {
    shipments.push_back({{"order_id", s.order_id}, {"shipment", s.shipment}, {"due", s.due}});
  }
  for (const PickLine& p : l.lines) {
    lines.push_back({{"order_id", p.order_id}, {"shipment", p.shipment},
                     {"sku", p.sku},           {"name", p.name},
                     {"gtin", p.gtin},         {"temperature", p.temperature},
                     {"quantity", p.quantity}, {"picked", p.picked},
                     {"location", p.location}, {"aisle", p.aisle},
                     {"bay", p.bay},           {"level", p.level},
                     {"node", p.node},         {"side", p.side},
                     {"y_m", p.y_m},           {"container", p.container},
                     {"state", p.state},       {"reason", p.reason},
                     {"question", p.question}, {"substitute", p.substitute}});
  }
  for (const PickContainer& c : l.containers) {
    containers.push_back({{"order_id", c.order_id}, {"type", c.type}, {"temperature", c.temperature}});
  }
  return {{"id", l.id},
          {"version", l.version},
          {"site", l.site},
          {"layout_version", l.layout_version},
          {"status", l.status},
          {"picker", l.picker},
          {"shipments", shipments},
          {"lines", lines},
          {"containers", containers},
          {"route_m", l.route_m},
          {"route_optimal", l.route_optimal},
          {"scans", l.scans},
          {"created_at", l.created_at},
          {"updated_at", l.updated_at}};
}

PickList PickListFromJson(const json& j) {
  PickList l;
  l.id = j.at("id");
  l.version = j.at("version");
  l.site = j.at("site");
  l.layout_version = j.at("layout_version");
  l.status = j.at("status");
  l.picker = j.at("picker");
  for (const json& s : j.at("shipments")) {
    l.shipments.push_back({s.at("order_id"), s.at("shipment"), s.value("due", "")});  // Lists made before: none.
  }
  for (const json& p : j.at("lines")) {
    PickLine line;
    line.order_id = p.at("order_id");
    line.shipment = p.at("shipment");
    line.sku = p.at("sku");
    line.name = p.at("name");
    line.gtin = p.at("gtin");
    line.temperature = p.at("temperature");
    line.quantity = p.at("quantity");
    line.picked = p.at("picked");
    line.location = p.at("location");
    line.aisle = p.at("aisle");
    line.bay = p.at("bay");
    line.level = p.at("level");
    line.node = p.value("node", "");  // Lists made before walkways: none.
    line.side = p.at("side");
    line.y_m = p.at("y_m");
    line.container = p.at("container");
    line.state = p.at("state");
    line.reason = p.at("reason");
    line.question = p.at("question");
    line.substitute = p.at("substitute");
    l.lines.push_back(std::move(line));
  }
  for (const json& c : j.at("containers"))
    l.containers.push_back({c.at("order_id"), c.at("type"), c.at("temperature")});
  l.route_m = j.at("route_m");
  l.route_optimal = j.at("route_optimal");
  l.scans = j.at("scans").get<std::vector<std::string>>();
  l.created_at = j.at("created_at");
  l.updated_at = j.at("updated_at");
  return l;
}

}  // namespace relais::edge
