#include "data-sync/dpd_pickup_points.h"

#include <cctype>

#include "data-sync/carrier_fields.h"
#include "data-sync/json_field_text.h"

namespace relais {

namespace {

using nlohmann::json;

constexpr const char* kDayNames[7] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

// "09:00", "0900" or "" -> minutes, or -1 for no slot, or -2 when unreadable.
int Minutes(const json& value) {
  if (value.is_null()) return -1;
  if (!value.is_string()) return -2;
  std::string t = value.get<std::string>();
  if (t.empty()) return -1;
  if (t.size() == 4) t = t.substr(0, 2) + ":" + t.substr(2);
  const std::optional<int> m = ParseHhMm(t);
  return m ? *m : -2;
}

int DayIndex(const json& day) {
  if (day.is_number_integer()) {
    const int d = day.get<int>();
    return d >= 1 && d <= 7 ? d - 1 : -1;
  }
  if (!day.is_string()) return -1;
  std::string name = day.get<std::string>();
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (int d = 0; d < 7; ++d) {
    if (name == kDayNames[d]) return d;
  }
  return -1;
}

}  // namespace

AdaptedPoint ParseDpdPickupPoint(const json& p) {
  AdaptedPoint out;
  if (!p.is_object()) {
    out.error = "a pickup point is a JSON object";
    return out;
  }
  RelayPoint& r = out.point;
  r.carrier = "dpd";
  r.id = FieldText(p, "id");
  r.name = FieldText(p, "company");
  const std::string street = FieldText(p, "street"), number = FieldText(p, "houseNo");
  if (!street.empty()) r.address.push_back(number.empty() ? street : number + " " + street);
  r.postcode = FieldText(p, "zipCode");
  r.city = FieldText(p, "city");
  r.country = CountryAlpha2(FieldText(p, "country"));
  const std::string network = FieldText(p, "pickup_network_type");
  if (network == "pickup_point") {
    r.kind = PointKind::kShop;
  } else if (network == "dpd_box") {
    r.kind = PointKind::kLocker;
  } else {
    out.error = "pickup_network_type \"" + network + "\" is neither pickup_point nor dpd_box";
    return out;
  }
  if (!p.contains("latitude") || !p["latitude"].is_number() || !p.contains("longitude") ||
      !p["longitude"].is_number()) {
    out.error = "latitude/longitude must be numbers";
    return out;
  }
  r.lat = p["latitude"].get<double>();
  r.lon = p["longitude"].get<double>();
  if (out.error = SetDefaultZone(&r); !out.error.empty()) return out;
  if (p.contains("hours")) {
    if (!p["hours"].is_array()) {
      out.error = "hours must be an array";
      return out;
    }
    r.hours = WeeklySchedule::Weekly();
    for (const json& h : p["hours"]) {
      const int day = h.is_object() && h.contains("day") ? DayIndex(h["day"]) : -1;
      if (day < 0) {
        out.error = "hours: day must be 1..7 or a day name";
        return out;
      }
      for (const auto& [open_key, close_key] :
           {std::pair{"openMorning", "closeMorning"}, {"openAfternoon", "closeAfternoon"}}) {
        const int open = Minutes(h.value(open_key, json())), close = Minutes(h.value(close_key, json()));
        if (open == -2 || close == -2) {
          out.error = std::string("hours: ") + open_key + "/" + close_key + " must be HH:MM";
          return out;
        }
        if (open < 0 && close < 0) continue;
        if (open < 0 || close < 0) {
          out.error = std::string("hours: ") + open_key + " without " + close_key;
          return out;
        }
        if (const std::string e = r.hours.AddInterval(day, open, close); !e.empty()) {
          out.error = "hours: " + e;
          return out;
        }
      }
    }
  }
  return out;
}

std::vector<AdaptedPoint> ReadDpdPickupPoints(std::string_view json_text, std::string* error) {
  const json doc = json::parse(json_text, nullptr, false);
  const json* points = &doc;
  if (doc.is_object() && doc.contains("pickupPoints")) points = &doc["pickupPoints"];
  if (doc.is_discarded() || !points->is_array()) {
    *error = "not a DPD pickup-point document (a JSON array, or an object with pickupPoints)";
    return {};
  }
  std::vector<AdaptedPoint> out;
  for (const json& p : *points) out.push_back(ParseDpdPickupPoint(p));
  return out;
}

}  // namespace relais
