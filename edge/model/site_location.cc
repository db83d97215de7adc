#include "edge/model/site_location.h"

namespace relais::edge {

RecordParse ParseSiteLocation(const nlohmann::json& location, const std::string& id, const std::string& name,
                              const std::string& kind) {
  nlohmann::json record = location;
  record["carrier"] = "site";
  record["id"] = id.substr(0, 32);
  record["kind"] = kind == "drive" ? "drive" : "store";
  record["name"] = name;
  record["status"] = "active";
  return ParseRelayRecord(record.dump());
}

}  // namespace relais::edge
