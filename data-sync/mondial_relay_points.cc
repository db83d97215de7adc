#include "data-sync/mondial_relay_points.h"

#include <charconv>
#include <optional>
#include <pugixml.hpp>

#include "data-sync/dpd_pickup_points.h"

namespace relais {

namespace {

constexpr const char* kDayElements[7] = {"Horaires_Lundi",    "Horaires_Mardi",  "Horaires_Mercredi", "Horaires_Jeudi",
                                         "Horaires_Vendredi", "Horaires_Samedi", "Horaires_Dimanche"};

// The element's name without its namespace prefix.
std::string_view LocalName(const pugi::xml_node& node) {
  const std::string_view name = node.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node Child(const pugi::xml_node& node, std::string_view local_name) {
  for (const pugi::xml_node& child : node.children()) {
    if (LocalName(child) == local_name) return child;
  }
  return {};
}

std::string Trimmed(std::string_view s) {
  const size_t begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return "";
  return std::string(s.substr(begin, s.find_last_not_of(" \t\r\n") - begin + 1));
}

std::string Text(const pugi::xml_node& node, std::string_view local_name) {
  return Trimmed(Child(node, local_name).text().get());
}

// "050,6365000" -> 50.6365; nullopt when unreadable.
std::optional<double> Degrees(std::string text) {
  for (char& c : text) {
    if (c == ',') c = '.';
  }
  const size_t begin = text.starts_with('+') ? 1 : 0;
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data() + begin, text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.size() == begin) return std::nullopt;
  return value;
}

// "0930" -> 570; nullopt when unreadable.
std::optional<int> HhMm(const std::string& t) {
  if (t.size() != 4) return std::nullopt;
  return ParseHhMm(t.substr(0, 2) + ":" + t.substr(2));
}

// "2026-08-03", "2026-08-03T00:00:00" or "03/08/2026".
std::optional<DayNumber> Date(const std::string& t) {
  if (t.size() >= 10 && t[4] == '-') return ParseIsoDate(t.substr(0, 10));
  if (t.size() == 10 && t[2] == '/' && t[5] == '/') {
    return ParseIsoDate(t.substr(6, 4) + "-" + t.substr(3, 2) + "-" + t.substr(0, 2));
  }
  return std::nullopt;
}

std::string ReadHours(const pugi::xml_node& p, WeeklySchedule* hours) {
  bool any = false;
  for (int d = 0; d < 7; ++d) any = any || Child(p, kDayElements[d]);
  if (!any) return "";  // Unknown hours.
  *hours = WeeklySchedule::Weekly();
  for (int d = 0; d < 7; ++d) {
    std::vector<std::string> values;
    for (const pugi::xml_node& v : Child(p, kDayElements[d]).children()) {
      if (v.type() == pugi::node_element) values.push_back(Trimmed(v.text().get()));
    }
    if (values.empty()) continue;  // Closed that day.
    if (values.size() != 4) return std::string(kDayElements[d]) + " needs four HHMM values";
    for (int pair = 0; pair < 2; ++pair) {
      const std::optional<int> open = HhMm(values[2 * pair]), close = HhMm(values[2 * pair + 1]);
      if (!open || !close) return std::string(kDayElements[d]) + ": times are HHMM";
      if (*open == 0 && *close == 0) continue;
      const std::string e = hours->AddInterval(d, *open, *close == 0 ? kMinutesPerDay : *close);
      if (!e.empty()) return std::string(kDayElements[d]) + ": " + e;
    }
  }
  return "";
}

AdaptedPoint ReadPoint(const pugi::xml_node& p) {
  AdaptedPoint out;
  RelayPoint& r = out.point;
  r.carrier = "mondial-relay";
  r.id = Text(p, "Num");
  r.name = Text(p, "LgAdr1");
  if (const std::string more = Text(p, "LgAdr2"); !more.empty()) r.name += r.name.empty() ? more : " " + more;
  for (const char* line : {"LgAdr3", "LgAdr4"}) {
    if (std::string text = Text(p, line); !text.empty()) r.address.push_back(std::move(text));
  }
  r.postcode = Text(p, "CP");
  r.city = Text(p, "Ville");
  r.country = Text(p, "Pays");
  const std::optional<double> lat = Degrees(Text(p, "Latitude")), lon = Degrees(Text(p, "Longitude"));
  if (!lat || !lon) {
    out.error = "Latitude/Longitude must be decimal degrees";
    return out;
  }
  r.lat = *lat;
  r.lon = *lon;
  if (out.error = SetDefaultZone(&r); !out.error.empty()) return out;
  if (out.error = ReadHours(p, &r.hours); !out.error.empty()) return out;
  for (const pugi::xml_node& period : Child(p, "Informations_Dispo").children()) {
    if (LocalName(period) != "Periode") continue;
    const std::optional<DayNumber> from = Date(Text(period, "Debut")), to = Date(Text(period, "Fin"));
    if (!from || !to) {
      out.error = "Informations_Dispo: Debut/Fin must be dates";
      return out;
    }
    r.closures.push_back({*from, *to});  // Order checked by the contract.
  }
  return out;
}

// Finds the points at any depth, without recursion (a hostile file may nest elements millions deep).
class PointFinder : public pugi::xml_tree_walker {
 public:
  std::vector<pugi::xml_node> points;
  bool for_each(pugi::xml_node& node) override {
    if (node.type() == pugi::node_element && LocalName(node) == "PointRelais_Details") points.push_back(node);
    return true;
  }
};

}  // namespace

std::vector<AdaptedPoint> ReadMondialRelayPoints(std::string_view xml, std::string* error) {
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size());
  if (!parsed) {
    *error = std::string("not XML: ") + parsed.description() + " at byte " + std::to_string(parsed.offset);
    return {};
  }
  PointFinder finder;
  doc.traverse(finder);
  if (finder.points.empty()) *error = "no PointRelais_Details element";
  std::vector<AdaptedPoint> points;
  for (const pugi::xml_node& p : finder.points) points.push_back(ReadPoint(p));
  return points;
}

}  // namespace relais
