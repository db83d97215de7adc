#include "data-sync/relais_colis_points.h"

#include <nlohmann/json.hpp>

#include "data-sync/carrier_fields.h"
#include "data-sync/carrier_week.h"
#include "data-sync/json_field_text.h"

namespace relais {

namespace {

using nlohmann::json;

constexpr const char* kDays[7] = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"};

// The field as text, trimmed (the service pads some values).
std::string Text(const json& p, const std::string& key) { return std::string(TrimBlanks(FieldText(p, key))); }

// Reads the Horaire* fields; "" or why they are unreadable.
std::string ReadHours(const json& p, AdaptedPoint* out) {
  bool any = false;
  for (const char* day : kDays) {
    any = any || p.contains(std::string("Horaire") + day + "matin") || p.contains(std::string("Horaire") + day + "apm");
  }
  if (!any) return "";  // Unknown hours.
  CarrierWeek week;
  for (int d = 0; d < 7; ++d) {
    for (const char* half : {"matin", "apm"}) {
      const std::string key = std::string("Horaire") + kDays[d] + half;
      const std::string text = Text(p, key);
      if (text.empty() || text == "-") continue;
      const std::optional<TimeRange> range = ParseTimeRange(text);
      if (!range) return key + " must be HH:MM-HH:MM or -";
      week.AddSlot(d, range->open_min, range->close_min);
    }
  }
  return week.Build(&out->point.hours, &out->rules);
}

// A DD/MM/YYYY field: nullopt in `day` when empty; false when present but unreadable.
bool ReadDate(const json& p, const char* key, std::optional<DayNumber>* day) {
  const std::string text = Text(p, key);
  if (text.empty()) return true;
  *day = ParseCarrierDate(text);
  return day->has_value();
}

// Holidays, closing for good and the days before a new point's first parcel.
std::string ReadDates(const json& p, RelayPoint* r) {
  std::optional<DayNumber> closing, first_parcel, created;
  for (const auto& [key, day] :
       {std::pair{"Datefermeture", &closing}, {"Datepremiercolis", &first_parcel}, {"Datecreation", &created}}) {
    if (!ReadDate(p, key, day)) return std::string(key) + " must be DD/MM/YYYY";
  }
  if (closing) {
    if (first_parcel && *first_parcel > *closing) {
      r->closures.push_back({*closing, *first_parcel - 1});
    } else {
      r->active = false;  // Closing with no reopening: gone, kept inactive to explain past orders.
    }
  } else if (created && first_parcel && *first_parcel > *created) {
    r->closures.push_back({*created, *first_parcel - 1});
  }
  return "";
}

AdaptedPoint ReadPoint(const json& p) {
  AdaptedPoint out;
  if (!p.is_object()) {
    out.error = "a relay point is a JSON object";
    return out;
  }
  RelayPoint& r = out.point;
  r.carrier = "relais-colis";
  r.id = Text(p, "Xeett");
  r.name = Text(p, "Nomrelais");
  for (const char* line : {"Geocoadresse", "Complementadresse"}) {
    if (std::string text = Text(p, line); !text.empty()) r.address.push_back(std::move(text));
  }
  r.postcode = Text(p, "Postalcode");
  r.city = Text(p, "Commune");
  r.country = CountryAlpha2(Text(p, "Countrycode"));
  const std::optional<double> lat = ParseDegrees(Text(p, "Lat")), lon = ParseDegrees(Text(p, "Lon"));
  if (!lat || !lon) {
    out.error = "Lat/Lon must be decimal degrees";
    return out;
  }
  r.lat = *lat;
  r.lon = *lon;
  r.kind = Text(p, "IsLocker") == "1" ? PointKind::kLocker : PointKind::kShop;
  r.max_weight_g = Text(p, "Relaismax") == "1" ? kRelaisColisMaxWeightBigG : kRelaisColisMaxWeightG;
  const std::string state = Text(p, "Depositaireetat");
  r.active = state.empty() || state == "A";
  if (out.error = SetDefaultZone(&r); !out.error.empty()) return out;
  if (out.error = ReadHours(p, &out); !out.error.empty()) return out;
  out.error = ReadDates(p, &r);
  return out;
}

}  // namespace

std::vector<AdaptedPoint> ReadRelaisColisPoints(std::string_view json_text, std::string* error) {
  const json doc = json::parse(json_text, nullptr, false);
  if (doc.is_object() && doc.contains("Message") && !doc.contains("PoisList")) {  // The service's failure.
    *error = "Relais Colis answered: " + FieldText(doc, "Message") +
             (doc.contains("ExceptionMessage") ? " (" + FieldText(doc, "ExceptionMessage") + ")" : "");
    return {};
  }
  const auto points = doc.is_object() ? doc.find("PoisList") : doc.end();
  if (doc.is_discarded() || points == doc.end() || !points->is_array()) {
    *error = "not a Relais Colis answer (an object with PoisList and ErrorsList)";
    return {};
  }
  if (points->empty()) {  // No point: say why when the service did.
    const auto errors = doc.find("ErrorsList");
    if (errors != doc.end() && errors->is_array() && !errors->empty()) {
      *error = "Relais Colis answered: " + FieldText(errors->front(), "ErrorDescription");
      return {};
    }
  }
  std::vector<AdaptedPoint> out;
  out.reserve(points->size());
  for (const json& p : *points) out.push_back(ReadPoint(p));
  return out;
}

}  // namespace relais
