#include "data-sync/laposte_contact_points.h"

#include <vector>

#include "data-sync/carrier_fields.h"

namespace relais {

namespace {

enum Column {
  kId = 0,
  kLabel = 1,
  kKind = 2,
  kAddress = 4,
  kComplement = 5,
  kPlace = 6,
  kPostcode = 7,
  kCity = 8,
  kLat = 11,
  kLon = 12,
  kColumns = 16
};

std::vector<std::string_view> SplitFields(std::string_view line) {
  std::vector<std::string_view> fields;
  while (true) {
    const size_t sep = line.find(';');
    fields.push_back(line.substr(0, sep));
    if (sep == std::string_view::npos) break;
    line.remove_prefix(sep + 1);
  }
  return fields;
}

}  // namespace

std::string_view ZoneOfFrenchPostcode(std::string_view postcode) {
  const std::string_view prefix = postcode.substr(0, 3);
  if (prefix == "971") return "America/Guadeloupe";
  if (prefix == "972") return "America/Martinique";
  if (prefix == "973") return "America/Cayenne";
  if (prefix == "974") return "Indian/Reunion";
  if (prefix == "975") return "America/Miquelon";
  if (prefix == "976") return "Indian/Mayotte";
  if (prefix == "977") return "America/St_Barthelemy";
  if (prefix == "978") return "America/Marigot";
  if (prefix == "980") return "Europe/Monaco";
  if (prefix == "986") return "Pacific/Wallis";
  if (prefix == "987") return "Pacific/Tahiti";
  if (prefix == "988") return "Pacific/Noumea";
  return "Europe/Paris";
}

LaPosteRow ParseLaPosteContactPoint(std::string_view line) {
  LaPosteRow row;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.starts_with("#Identifiant")) {
    row.header = true;
    return row;
  }
  const std::vector<std::string_view> f = SplitFields(line);
  if (f.size() != kColumns) {
    row.error = "expected 16 ';'-separated columns, got " + std::to_string(f.size());
    return row;
  }
  RelayPoint& p = row.point;
  p.carrier = "la-poste";
  p.id = f[kId];
  p.kind = f[kKind] == "Relais poste commerçant" ? PointKind::kShop : PointKind::kPostOffice;
  // Every post office and relais poste takes Colissimo return parcels in (La Poste's own drop-off network for
  // returns): the file has no column for it because it is true of all of them.
  p.services |= kReturns;
  p.name = f[kLabel];
  for (Column c : {kAddress, kComplement, kPlace}) {
    if (!f[c].empty()) p.address.emplace_back(f[c]);
  }
  p.postcode = f[kPostcode];
  p.city = f[kCity];
  p.country = p.postcode.starts_with("980") ? "MC" : "FR";
  p.tz = ZoneOfFrenchPostcode(p.postcode);
  p.zone = FindTimeZone(p.tz).value();
  const std::optional<double> lat = ParseDegrees(f[kLat]), lon = ParseDegrees(f[kLon]);
  if (!lat || !lon) {
    row.error = "no coordinates";
    return row;
  }
  p.lat = *lat;
  p.lon = *lon;
  if (p.id.empty()) row.error = "no identifier";
  return row;
}

}  // namespace relais
