#include "data-sync/mondial_relay_points.h"

#include <optional>
#include <pugixml.hpp>

#include "data-sync/carrier_fields.h"
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

std::string ReadHours(const pugi::xml_node& p, WeeklySchedule* hours) {
  bool any = false;
  for (int d = 0; d < 7; ++d) any = any || ChildElement(p, kDayElements[d]);
  if (!any) return "";  // Unknown hours.
  *hours = WeeklySchedule::Weekly();
  for (int d = 0; d < 7; ++d) {
    std::vector<std::string> values;
    for (const pugi::xml_node& v : ChildElement(p, kDayElements[d]).children()) {
      if (v.type() == pugi::node_element) values.push_back(std::string(TrimBlanks(v.text().get())));
    }
    if (values.empty()) continue;  // Closed that day.
    if (values.size() != 4) return std::string(kDayElements[d]) + " needs four HHMM values";
    std::vector<TimeRange> ranges;
    for (int pair = 0; pair < 2; ++pair) {
      const std::optional<int> open = HhMm(values[2 * pair]), close = HhMm(values[2 * pair + 1]);
      if (!open || !close) return std::string(kDayElements[d]) + ": times are HHMM";
      ranges.push_back({*open, *close});
    }
    if (const std::string e = AddDayRanges(d, ranges, hours); !e.empty())
      return std::string(kDayElements[d]) + ": " + e;
  }
  return "";
}

AdaptedPoint ReadPoint(const pugi::xml_node& p) {
  AdaptedPoint out;
  RelayPoint& r = out.point;
  r.carrier = "mondial-relay";
  r.id = ChildText(p, "Num");
  r.name = ChildText(p, "LgAdr1");
  if (const std::string more = ChildText(p, "LgAdr2"); !more.empty()) r.name += r.name.empty() ? more : " " + more;
  for (const char* line : {"LgAdr3", "LgAdr4"}) {
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
  if (out.error = ReadHours(p, &r.hours); !out.error.empty()) return out;
  out.error = ReadXmlClosures(ChildElement(p, "Informations_Dispo"), "Periode", "Debut", "Fin", &r.closures);
  return out;
}

}  // namespace

std::vector<AdaptedPoint> ReadMondialRelayPoints(std::string_view xml, std::string* error) {
  return ReadXmlPoints(xml, "PointRelais_Details", ReadPoint, error);
}

}  // namespace relais
