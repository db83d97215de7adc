#include "data-sync/colissimo_points.h"

#include <charconv>
#include <pugixml.hpp>

#include "data-sync/carrier_fields.h"
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

std::string ReadHours(const pugi::xml_node& p, WeeklySchedule* hours) {
  bool any = false;
  for (const char* day : kDayElements) any = any || ChildElement(p, day);
  if (!any) return "";  // Unknown hours.
  *hours = WeeklySchedule::Weekly();
  for (int d = 0; d < 7; ++d) {
    std::string_view text = TrimBlanks(ChildElement(p, kDayElements[d]).text().get());
    std::vector<TimeRange> ranges;
    while (!text.empty()) {  // Ranges separated by blanks.
      const size_t blank = text.find(' ');
      const std::optional<TimeRange> range = ParseTimeRange(text.substr(0, blank));
      if (!range) return std::string(kDayElements[d]) + " must be HH:MM-HH:MM ranges";
      ranges.push_back(*range);
      text = blank == std::string_view::npos ? std::string_view() : TrimBlanks(text.substr(blank));
    }
    if (const std::string e = AddDayRanges(d, ranges, hours); !e.empty())
      return std::string(kDayElements[d]) + ": " + e;
  }
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
  if (out.error = ReadHours(p, &r.hours); !out.error.empty()) return out;
  out.error = ReadXmlClosures(p, "listeConges", "calendarDeDebut", "calendarDeFin", &r.closures);
  return out;
}

}  // namespace

std::vector<AdaptedPoint> ReadColissimoPoints(std::string_view xml, std::string* error) {
  return ReadXmlPoints(xml, "listePointRetraitAcheminement", ReadPoint, error);
}

}  // namespace relais
