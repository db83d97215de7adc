#include "data-sync/colissimo_points.h"

#include <charconv>
#include <functional>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "data-sync/carrier_fields.h"
#include "data-sync/carrier_week.h"
#include "data-sync/json_field_text.h"
#include "data-sync/xml_elements.h"

namespace relais {

namespace {

using nlohmann::json;

constexpr const char* kDayElements[7] = {
    "horairesOuvertureLundi",    "horairesOuvertureMardi",  "horairesOuvertureMercredi", "horairesOuvertureJeudi",
    "horairesOuvertureVendredi", "horairesOuvertureSamedi", "horairesOuvertureDimanche"};

struct PointType {
  const char* code;
  PointKind kind;
};
constexpr PointType kPointTypes[] = {
    {"A2P", PointKind::kShop},       {"CMT", PointKind::kShop},       {"BPR", PointKind::kPostOffice},
    {"BDP", PointKind::kPostOffice}, {"ACP", PointKind::kPostOffice}, {"CDI", PointKind::kPostOffice},
    {"CIT", PointKind::kLocker},     {"PCS", PointKind::kLocker},
};

// A point's fields by name, whichever flavour of the answer holds them: text as the SOAP answer writes it
// (numbers and booleans too), "" when absent.
struct Fields {
  std::function<bool(const char*)> has;
  std::function<std::string(const char*)> text;
};

std::string ReadHours(const Fields& p, AdaptedPoint* out) {
  bool any = false;
  for (const char* day : kDayElements) any = any || p.has(day);
  if (!any) return "";  // Unknown hours.
  CarrierWeek week;
  for (int d = 0; d < 7; ++d) {
    const std::string day_text = p.text(kDayElements[d]);
    std::string_view text = TrimBlanks(day_text);
    while (!text.empty()) {  // Ranges separated by blanks.
      const size_t blank = text.find(' ');
      const std::optional<TimeRange> range = ParseTimeRange(text.substr(0, blank));
      if (!range) return std::string(kDayElements[d]) + " must be HH:MM-HH:MM ranges";
      week.AddSlot(d, range->open_min, range->close_min);
      text = blank == std::string_view::npos ? std::string_view() : TrimBlanks(text.substr(blank));
    }
  }
  return week.Build(&out->point.hours, &out->rules);
}

// "26/08" -> 826; 0 when unreadable.
int MonthDay(std::string_view text) {
  if (text.size() != 5 || text[2] != '/') return 0;
  const std::optional<DayNumber> day = ParseCarrierDate(std::string(text) + "/2000");  // A leap year: 29/02 too.
  return day ? std::stoi(std::string(text.substr(3, 2))) * 100 + std::stoi(std::string(text.substr(0, 2))) : 0;
}

// periodeActiviteHoraireDeb/Fin: the window of the year in which the published hours hold.
std::string ReadSeason(const Fields& p, AdaptedPoint* out) {
  const std::string first = p.text("periodeActiviteHoraireDeb"), last = p.text("periodeActiviteHoraireFin");
  if (first.empty() && last.empty()) return "";
  out->season_first = MonthDay(first);
  out->season_last = MonthDay(last);
  if (!out->season_first || !out->season_last) return "periodeActiviteHoraireDeb/Fin must be DD/MM";
  return "";
}

// Every field but the closures, whose form differs between the two flavours.
AdaptedPoint ReadFields(const Fields& p) {
  AdaptedPoint out;
  RelayPoint& r = out.point;
  r.carrier = "colissimo";
  r.id = p.text("identifiant");
  r.name = p.text("nom");
  for (const char* line : {"adresse1", "adresse2", "adresse3"}) {
    if (std::string text = p.text(line); !text.empty()) r.address.push_back(std::move(text));
  }
  r.postcode = p.text("codePostal");
  r.city = p.text("localite");
  r.country = CountryAlpha2(p.text("codePays"));
  const std::optional<double> lat = ParseDegrees(p.text("coordGeolocalisationLatitude"));
  const std::optional<double> lon = ParseDegrees(p.text("coordGeolocalisationLongitude"));
  if (!lat || !lon) {
    out.error = "coordGeolocalisationLatitude/Longitude must be decimal degrees";
    return out;
  }
  r.lat = *lat;
  r.lon = *lon;
  const std::string type = p.text("typeDePoint");
  const PointType* known = nullptr;
  for (const PointType& t : kPointTypes) {
    if (type == t.code) known = &t;
  }
  if (!known) {
    out.error = "typeDePoint \"" + type + "\" is not a known Colissimo point type";
    return out;
  }
  r.kind = known->kind;
  if (type == "A2P" && r.name.starts_with("CONSIGNE")) {
    // Colissimo types its lockers ("CONSIGNE PICKUP GARE ...", "CONSIGNE AUCHAN ...") as relay shops; the
    // name is the only sign (their weight limit is no sign: some take 20 kg).
    r.kind = PointKind::kLocker;
    NoteRule("locker_by_name", &out.rules);
  }
  if (const std::string weight = p.text("poidsMaxi"); !weight.empty()) {
    const auto [end, ec] = std::from_chars(weight.data(), weight.data() + weight.size(), r.max_weight_g);
    if (ec != std::errc() || end != weight.data() + weight.size()) {
      out.error = "poidsMaxi must be a whole number of grams";
      return out;
    }
  }
  if (p.text("accesPersonneMobiliteReduite") == "true") r.services |= kAccessible;
  if (p.text("parking") == "true") r.services |= kParking;
  if (out.error = SetDefaultZone(&r); !out.error.empty()) return out;
  if (out.error = ReadHours(p, &out); !out.error.empty()) return out;
  if (out.error = ReadSeason(p, &out); !out.error.empty()) return out;
  if (p.text("congesTotal") == "true") {
    r.active = false;  // Closed for holidays with no dates given: kept, so orders that name it are explained.
    NoteRule("closed_for_holidays", &out.rules);
  }
  return out;
}

AdaptedPoint ReadXmlPoint(const pugi::xml_node& p) {
  AdaptedPoint out = ReadFields({[&](const char* name) { return static_cast<bool>(ChildElement(p, name)); },
                                 [&](const char* name) { return ChildText(p, name); }});
  if (out.error.empty()) {
    out.error = ReadXmlClosures(p, "listeConges", "calendarDeDebut", "calendarDeFin", &out.point.closures);
  }
  return out;
}

// The REST flavour's closure bounds: epoch milliseconds of the local midnight that starts the day (converted
// in the point's zone: in UTC they fall on the day before).
std::string ReadJsonClosures(const json& p, RelayPoint* r) {
  const auto list = p.find("listeConges");
  if (list == p.end() || list->is_null()) return "";
  if (!list->is_array()) return "listeConges must be an array";
  for (const json& c : *list) {
    DayNumber days[2];
    for (int i = 0; i < 2; ++i) {
      const json bound = c.is_object() ? c.value(i == 0 ? "calendarDeDebut" : "calendarDeFin", json()) : json();
      if (!bound.is_number_integer()) return "listeConges: calendarDeDebut/calendarDeFin must be epoch milliseconds";
      const UnixSeconds t = FloorDiv(bound.get<int64_t>(), 1000);
      days[i] = DayOf(t + r->zone.OffsetAt(t));
    }
    r->closures.push_back({days[0], days[1]});
  }
  return "";
}

AdaptedPoint ReadJsonPoint(const json& p) {
  if (!p.is_object()) {
    AdaptedPoint out;
    out.error = "a point is a JSON object";
    return out;
  }
  AdaptedPoint out = ReadFields({[&](const char* name) { return p.contains(name); },
                                 [&](const char* name) { return std::string(TrimBlanks(FieldText(p, name))); }});
  if (out.error.empty()) out.error = ReadJsonClosures(p, &out.point);
  return out;
}

}  // namespace

std::vector<AdaptedPoint> ReadColissimoPoints(std::string_view xml, std::string* error) {
  std::vector<AdaptedPoint> points = ReadXmlPoints(xml, "listePointRetraitAcheminement", ReadXmlPoint, error);
  if (points.empty() && error->starts_with("no ")) {  // XML with no point: say why when Colissimo did.
    pugi::xml_document doc;
    doc.load_buffer(xml.data(), xml.size());
    for (const pugi::xml_node& answer : FindElements(doc, "return")) {
      const std::string code = ChildText(answer, "errorCode");
      if (!code.empty() && code != "0") {
        *error = "Colissimo answered errorCode " + code + ": " + ChildText(answer, "errorMessage");
      }
    }
  }
  return points;
}

std::vector<AdaptedPoint> ReadColissimoJsonPoints(std::string_view json_text, std::string* error) {
  const json doc = json::parse(json_text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    *error = "not a Colissimo answer (a JSON object with listePointRetraitAcheminement)";
    return {};
  }
  const auto points = doc.find("listePointRetraitAcheminement");
  if (points == doc.end() || !points->is_array() || points->empty()) {
    const std::string code = FieldText(doc, "errorCode");
    *error = !code.empty() && code != "0"
                 ? "Colissimo answered errorCode " + code + ": " + FieldText(doc, "errorMessage")
                 : "no listePointRetraitAcheminement in the answer";
    return {};
  }
  std::vector<AdaptedPoint> out;
  out.reserve(points->size());
  for (const json& p : *points) out.push_back(ReadJsonPoint(p));
  return out;
}

}  // namespace relais
