#include "data-sync/dpd_pickup_points.h"

#include "data-sync/carrier_fields.h"
#include "data-sync/carrier_week.h"
#include "data-sync/json_field_text.h"

namespace relais {

namespace {

using nlohmann::json;

// "09:00" -> minutes, "" -> -1 (no slot), anything else -> -2.
int Minutes(const json& value) {
  if (!value.is_string()) return value.is_null() ? -1 : -2;
  const std::string text = value.get<std::string>();
  if (text.empty()) return -1;
  const std::optional<int> m = ParseHhMm(text);
  return m ? *m : -2;
}

bool Flag(const json& p, const char* key) {
  const auto it = p.find(key);
  return it != p.end() && ((it->is_number_integer() && it->get<int64_t>() == 1) || (it->is_boolean() && *it == true));
}

std::string ReadHours(const json& hours, AdaptedPoint* out) {
  if (!hours.is_array()) return "hours must be an array";
  CarrierWeek week;
  for (const json& h : hours) {
    const json day = h.is_object() ? h.value("day", json()) : json();
    if (!day.is_number_integer() || day.get<int64_t>() < 1 || day.get<int64_t>() > 7) return "hours: day must be 1..7";
    for (const auto& [open_key, close_key] :
         {std::pair{"openMorning", "closeMorning"}, {"openAfternoon", "closeAfternoon"}}) {
      const int open = Minutes(h.value(open_key, json())), close = Minutes(h.value(close_key, json()));
      if (open == -2 || close == -2) return std::string("hours: ") + open_key + "/" + close_key + " must be HH:MM";
      if (open < 0 && close < 0) continue;
      if (open < 0 || close < 0) return std::string("hours: ") + open_key + " and " + close_key + " go together";
      week.AddSlot(static_cast<int>(day.get<int64_t>()) - 1, open, close);
    }
  }
  if (std::string e = week.Build(&out->point.hours, &out->rules); !e.empty()) return "hours: " + e;
  return "";
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
  r.postcode = FieldText(p, "postcode");
  r.city = FieldText(p, "city");
  const json country = p.value("country_id", json());
  if (!country.is_number_integer() || (r.country = CountryOfNumeric(country.get<int>())).empty()) {
    out.error = "country_id " + country.dump() + " is no ISO numeric country we know";
    return out;
  }
  const std::string street = FieldText(p, "street"), number = FieldText(p, "house_number");
  if (!street.empty()) {
    const bool number_first = r.country == "FR" || r.country == "MC";
    r.address.push_back(number.empty() ? street : number_first ? number + " " + street : street + " " + number);
  }
  const std::string network = FieldText(p, "pickup_network_type");
  if (network == "pickup_point") {
    r.kind = PointKind::kShop;
  } else if (network == "dpd_box") {
    r.kind = PointKind::kLocker;
  } else {
    out.error = "pickup_network_type \"" + network + "\" is neither pickup_point nor dpd_box";
    return out;
  }
  if (!p.value("latitude", json()).is_number() || !p.value("longitude", json()).is_number()) {
    out.error = "latitude/longitude must be numbers";
    return out;
  }
  r.lat = p["latitude"].get<double>();
  r.lon = p["longitude"].get<double>();
  if (out.error = SetDefaultZone(&r); !out.error.empty()) return out;
  if (const auto hours = p.find("hours"); hours != p.end() && !hours->is_null()) {
    if (out.error = ReadHours(*hours, &out); !out.error.empty()) return out;
  }
  if (p.contains("pickup_allowed") && !Flag(p, "pickup_allowed")) {
    r.active = false;  // Kept, so that an order that names it can be explained and re-routed.
    NoteRule("pickup_not_allowed", &out.rules);
  }
  if (Flag(p, "return_allowed")) r.services |= kReturns;
  if (Flag(p, "cardpayment_allowed")) r.services |= kCard;
  if (Flag(p, "cod_allowed")) r.services |= kCod;
  return out;
}

std::vector<AdaptedPoint> ReadDpdPickupPoints(std::string_view json_text, std::string* error) {
  const json doc = json::parse(json_text, nullptr, false);
  const json* items = &doc;
  if (doc.is_object()) {
    if (const std::string status = FieldText(doc, "status"); !status.empty() && status != "ok") {
      *error = "DPD answered status \"" + status + "\" (code " + FieldText(doc, "code") + ")";
      return {};
    }
    const auto data = doc.find("data");  // Pointers into doc itself: value() would copy.
    items = data != doc.end() && data->is_object() && data->contains("items") ? &(*data)["items"] : nullptr;
  }
  if (doc.is_discarded() || !items || !items->is_array()) {
    *error = "not a DPD pickup-point answer ({\"status\", \"count\", \"data\": {\"items\": [...]}} or the items array)";
    return {};
  }
  if (doc.is_object() && doc.contains("count")) {
    const json& count = doc["count"];
    if (!count.is_number_integer() || count.get<int64_t>() != static_cast<int64_t>(items->size())) {
      *error = "count says " + count.dump() + " points but the answer holds " + std::to_string(items->size()) +
               ": a truncated download";
      return {};
    }
  }
  std::vector<AdaptedPoint> out;
  out.reserve(items->size());
  for (const json& p : *items) out.push_back(ParseDpdPickupPoint(p));
  return out;
}

}  // namespace relais
