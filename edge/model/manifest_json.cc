#include "edge/model/manifest_json.h"

namespace relais::edge {

using nlohmann::json;

json ManifestJson(const Manifest& m) {
  json parcels = json::array();
  int64_t weight = 0;
  for (const ManifestParcel& p : m.parcels) {
    parcels.push_back({{"order", p.order_id},
                       {"shipment", p.shipment},
                       {"parcel", p.parcel},
                       {"number", p.number},
                       {"order_ref", p.order_ref},
                       {"recipient", p.recipient},
                       {"destination", p.destination},
                       {"mode", p.mode},
                       {"weight_g", p.weight_g},
                       {"parcel_count", p.parcel_count}});
    weight += p.weight_g;
  }
  return {{"id", m.id},
          {"site", m.site},
          {"carrier", m.carrier},
          {"account", m.account},
          {"day", m.day},
          {"closed_at", m.closed_at},
          {"closed_by", m.closed_by},
          {"parcels", parcels},
          {"totals", {{"parcels", m.parcels.size()}, {"weight_g", weight}}}};
}

Manifest ManifestOfJson(const json& j) {
  Manifest m;
  m.id = j.value("id", "");
  m.site = j.value("site", "");
  m.carrier = j.value("carrier", "");
  m.account = j.value("account", "");
  m.day = j.value("day", "");
  m.closed_at = j.value("closed_at", "");
  m.closed_by = j.value("closed_by", "");
  if (const auto parcels = j.find("parcels"); parcels != j.end() && parcels->is_array()) {
    for (const json& p : *parcels) {
      m.parcels.push_back({p.value("order", ""), p.value("shipment", int64_t{0}), p.value("parcel", int64_t{0}),
                           p.value("number", ""), p.value("order_ref", ""), p.value("recipient", ""),
                           p.value("destination", ""), p.value("mode", ""), p.value("weight_g", int64_t{0}),
                           p.value("parcel_count", int64_t{1})});
    }
  }
  return m;
}

}  // namespace relais::edge
