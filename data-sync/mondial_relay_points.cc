#include "data-sync/mondial_relay_points.h"

#include <optional>
#include <pugixml.hpp>

#include "data-sync/carrier_fields.h"
#include "data-sync/carrier_week.h"
#include "data-sync/xml_elements.h"

namespace relais {

namespace {

constexpr const char* kDayElements[7] = {"Horaires_Lundi",    "Horaires_Mardi",  "Horaires_Mercredi", "Horaires_Jeudi",
                                         "Horaires_Vendredi", "Horaires_Samedi", "Horaires_Dimanche"};

// "0930" -> 570; nullopt when unreadable.
std::optional<int> HhMm(const std::string& t) {
  if (t.size() != 4) return std::nullopt;
  return ParseHhMm(t.substr(0, 2) + ":" + t.substr(2));
}

std::string ReadHours(const pugi::xml_node& p, AdaptedPoint* out) {
  bool any = false;
  for (int d = 0; d < 7; ++d) any = any || ChildElement(p, kDayElements[d]);
  if (!any) return "";  // Unknown hours.
  CarrierWeek week;
  for (int d = 0; d < 7; ++d) {
    std::vector<std::string> values;
    for (const pugi::xml_node& v : ChildElement(p, kDayElements[d]).children()) {
      if (v.type() == pugi::node_element) values.push_back(std::string(TrimBlanks(v.text().get())));
    }
    if (values.empty()) continue;  // Closed that day.
    if (values.size() != 4) return std::string(kDayElements[d]) + " needs four HHMM values";
    for (int pair = 0; pair < 2; ++pair) {
      const std::optional<int> open = HhMm(values[2 * pair]), close = HhMm(values[2 * pair + 1]);
      if (!open || !close) return std::string(kDayElements[d]) + ": times are HHMM";
      week.AddSlot(d, *open, *close);
    }
  }
  return week.Build(&out->point.hours, &out->rules);
}

AdaptedPoint ReadPoint(const pugi::xml_node& p) {
  AdaptedPoint out;
  RelayPoint& r = out.point;
  r.carrier = "mondial-relay";
  r.id = ChildText(p, "Num");
  r.name = ChildText(p, "LgAdr1");
  if (const std::string more = ChildText(p, "LgAdr2"); !more.empty()) r.name += r.name.empty() ? more : " " + more;
  for (const char* line : {"LgAdr3", "LgAdr4", "Localisation1", "Localisation2"}) {
    if (std::string text = ChildText(p, line); !text.empty()) r.address.push_back(std::move(text));
  }
  r.postcode = ChildText(p, "CP");
  r.city = ChildText(p, "Ville");
  r.country = ChildText(p, "Pays");
  const std::optional<double> lat = ParseDegrees(ChildText(p, "Latitude")),
                              lon = ParseDegrees(ChildText(p, "Longitude"));
  if (!lat || !lon) {
    out.error = "Latitude/Longitude must be decimal degrees";
    return out;
  }
  r.lat = *lat;
  r.lon = *lon;
  if (out.error = SetDefaultZone(&r); !out.error.empty()) return out;
  if (ChildText(p, "Information") == "LOCKER") {
    // Mondial Relay's only locker flag (TypeActivite is 000 for all, and some lockers' names do not say so).
    r.kind = PointKind::kLocker;
    NoteRule("locker_by_information", &out.rules);
  }
  if (out.error = ReadHours(p, &out); !out.error.empty()) return out;
  out.error = ReadXmlClosures(ChildElement(p, "Informations_Dispo"), "Periode", "Debut", "Fin", &r.closures);
  return out;
}

}  // namespace

std::vector<AdaptedPoint> ReadMondialRelayPoints(std::string_view xml, std::string* error) {
  std::vector<AdaptedPoint> points = ReadXmlPoints(xml, "PointRelais_Details", ReadPoint, error);
  if (points.empty() && error->starts_with("no ")) {  // XML with no point: say why when Mondial Relay did.
    pugi::xml_document doc;
    doc.load_buffer(xml.data(), xml.size());
    for (const pugi::xml_node& stat : FindElements(doc, "STAT")) {
      const std::string code(TrimBlanks(stat.text().get()));
      if (!code.empty() && code != "0") *error = "Mondial Relay answered STAT " + code;
    }
  }
  return points;
}

}  // namespace relais
