#include "data-sync/colissimo_points.h"

#include <charconv>
#include <pugixml.hpp>

#include "data-sync/carrier_fields.h"
#include "data-sync/carrier_week.h"
#include "data-sync/xml_elements.h"

namespace relais {

namespace {

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

std::string ReadHours(const pugi::xml_node& p, AdaptedPoint* out) {
  bool any = false;
  for (const char* day : kDayElements) any = any || ChildElement(p, day);
  if (!any) return "";  // Unknown hours.
  CarrierWeek week;
  for (int d = 0; d < 7; ++d) {
    std::string_view text = TrimBlanks(ChildElement(p, kDayElements[d]).text().get());
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
std::string ReadSeason(const pugi::xml_node& p, AdaptedPoint* out) {
  const std::string first = ChildText(p, "periodeActiviteHoraireDeb"), last = ChildText(p, "periodeActiviteHoraireFin");
  if (first.empty() && last.empty()) return "";
  out->season_first = MonthDay(first);
  out->season_last = MonthDay(last);
  if (!out->season_first || !out->season_last) return "periodeActiviteHoraireDeb/Fin must be DD/MM";
  return "";
}

AdaptedPoint ReadPoint(const pugi::xml_node& p) {
  AdaptedPoint out;
  RelayPoint& r = out.point;
  r.carrier = "colissimo";
  r.id = ChildText(p, "identifiant");
  r.name = ChildText(p, "nom");
  for (const char* line : {"adresse1", "adresse2", "adresse3"}) {
    if (std::string text = ChildText(p, line); !text.empty()) r.address.push_back(std::move(text));
  }
  r.postcode = ChildText(p, "codePostal");
  r.city = ChildText(p, "localite");
  r.country = CountryAlpha2(ChildText(p, "codePays"));
  const std::optional<double> lat = ParseDegrees(ChildText(p, "coordGeolocalisationLatitude"));
  const std::optional<double> lon = ParseDegrees(ChildText(p, "coordGeolocalisationLongitude"));
  if (!lat || !lon) {
    out.error = "coordGeolocalisationLatitude/Longitude must be decimal degrees";
    return out;
  }
  r.lat = *lat;
  r.lon = *lon;
  const std::string type = ChildText(p, "typeDePoint");
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
  if (const std::string weight = ChildText(p, "poidsMaxi"); !weight.empty()) {
    const auto [end, ec] = std::from_chars(weight.data(), weight.data() + weight.size(), r.max_weight_g);
    if (ec != std::errc() || end != weight.data() + weight.size()) {
      out.error = "poidsMaxi must be a whole number of grams";
      return out;
    }
  }
  if (ChildText(p, "accesPersonneMobiliteReduite") == "true") r.services |= kAccessible;
  if (ChildText(p, "parking") == "true") r.services |= kParking;
  if (out.error = SetDefaultZone(&r); !out.error.empty()) return out;
  if (out.error = ReadHours(p, &out); !out.error.empty()) return out;
  if (out.error = ReadSeason(p, &out); !out.error.empty()) return out;
  if (ChildText(p, "congesTotal") == "true") {
    r.active = false;  // Closed for holidays with no dates given: kept, so orders that name it are explained.
    NoteRule("closed_for_holidays", &out.rules);
  }
  out.error = ReadXmlClosures(p, "listeConges", "calendarDeDebut", "calendarDeFin", &r.closures);
  return out;
}

}  // namespace

std::vector<AdaptedPoint> ReadColissimoPoints(std::string_view xml, std::string* error) {
  std::vector<AdaptedPoint> points = ReadXmlPoints(xml, "listePointRetraitAcheminement", ReadPoint, error);
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

}  // namespace relais
