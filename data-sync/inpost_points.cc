#include "data-sync/inpost_points.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>

#include "data-sync/carrier_fields.h"
#include "data-sync/carrier_week.h"
#include "data-sync/json_field_text.h"
#include "wasm/engine/civil_time.h"

namespace relais {

namespace {

using nlohmann::json;

constexpr const char* kDayNames[7] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

// `object[key]`, or null when `object` is not an object or lacks it (InPost sends null for whole parts).
const json& Member(const json& object, const char* key) {
  static const json kNull;
  if (!object.is_object()) return kNull;
  const auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

bool IsTrue(const json& value) { return value.is_boolean() && value.get<bool>(); }

// The type as a list: ShipX publishes a list, the location API one string.
std::vector<std::string> TypeNames(const json& type) {
  std::vector<std::string> names;
  if (type.is_string()) names.push_back(type.get<std::string>());
  if (type.is_array()) {
    for (const json& t : type) {
      if (t.is_string()) names.push_back(t.get<std::string>());
    }
  }
  return names;
}

bool Lists(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Degrees as a number or, tolerated, as text.
std::optional<double> Degrees(const json& value) {
  if (value.is_number()) return value.get<double>();
  if (value.is_string()) return ParseDegrees(value.get<std::string>());
  return std::nullopt;
}

// A slot's edge: minutes after midnight (ShipX) or "HH:MM" (location API).
std::optional<int> SlotMinutes(const json& value) {
  if (value.is_number_integer()) {
    const int64_t minutes = value.get<int64_t>();
    if (minutes < 0 || minutes > kMinutesPerDay) return std::nullopt;
    return static_cast<int>(minutes);
  }
  if (value.is_string()) return ParseHhMm(TrimBlanks(value.get<std::string>()));
  return std::nullopt;
}

// Reads `customer` ({monday..sunday: [{start, end}]}) into `week`; "" or why not. A missing or null
// day is a closed one, as [] is.
std::string ReadDays(const json& customer, const char* field, CarrierWeek* week) {
  if (!customer.is_object()) return std::string(field) + " must be an object";
  for (int d = 0; d < 7; ++d) {
    const json& day = Member(customer, kDayNames[d]);
    if (day.is_null()) continue;
    if (!day.is_array()) return std::string(field) + "." + kDayNames[d] + " must be an array";
    for (const json& slot : day) {
      const std::optional<int> start = SlotMinutes(Member(slot, "start"));
      const std::optional<int> end = SlotMinutes(Member(slot, "end"));
      if (!start || !end || *start >= kMinutesPerDay) {
        return std::string(field) + "." + kDayNames[d] + ": a slot is {start, end} in minutes or HH:MM";
      }
      week->AddSlot(d, *start, *end);
    }
  }
  return "";
}

// Hours under the rules of the header: location_247 first, then the days through CarrierWeek.
std::string ReadHours(bool always, const json& customer, const char* field, WeeklySchedule* hours,
                      std::vector<std::string>* rules) {
  if (always) *hours = WeeklySchedule::AlwaysOpen();
  if (customer.is_null()) return "";
  CarrierWeek week;
  std::string e = ReadDays(customer, field, &week);
  if (always) {
    // The flag wins; the days are only checked against it (their own rules are not counted).
    WeeklySchedule days;
    std::vector<std::string> ignored;
    if (!e.empty() || !week.Build(&days, &ignored).empty() || days.kind != ScheduleKind::kAlwaysOpen) {
      NoteRule("location_247_over_hours", rules);
    }
    return "";
  }
  if (e.empty()) e = week.Build(hours, rules);
  return e.empty() || e.starts_with(field) ? e : std::string(field) + "." + e;
}

// "2026-02-16T23:00:00Z" or "...:59.999Z" (a UTC instant) -> the local date in `zone`.
std::optional<DayNumber> LocalDateOf(const json& value, const TimeZoneRule& zone) {
  if (!value.is_string()) return std::nullopt;
  const std::string text = value.get<std::string>();
  if (text.size() < 20 || text.back() != 'Z') return std::nullopt;
  const std::optional<int64_t> utc = ParseLocalDateTime(std::string_view(text).substr(0, 19));
  if (!utc) return std::nullopt;
  return DayOf(*utc + zone.OffsetAt(*utc));
}

std::string ReadClosures(const json& periods, RelayPoint* r) {
  if (periods.is_null()) return "";
  if (!periods.is_array()) return "unavailability_periods must be an array";
  for (const json& period : periods) {
    const std::optional<DayNumber> first = LocalDateOf(Member(period, "start_time"), r->zone);
    const std::optional<DayNumber> last = LocalDateOf(Member(period, "end_time"), r->zone);
    if (!first || !last || *last < *first) {
      return "unavailability_periods: a period is {start_time, end_time} as UTC instants, in order";
    }
    r->closures.push_back({*first, *last});
  }
  return "";
}

// A description as text: ShipX writes a string, the location API {content, translations}.
std::string Description(const json& value) {
  const json& text = value.is_object() ? Member(value, "content") : value;
  return text.is_string() ? std::string(TrimBlanks(text.get<std::string>())) : "";
}

void AddLine(std::string line, std::vector<std::string>* address) {
  if (line.empty() || std::find(address->begin(), address->end(), line) != address->end()) return;
  address->push_back(std::move(line));
}

AdaptedPoint ReadItem(const json& item, std::string_view default_country) {
  AdaptedPoint out;
  if (!item.is_object()) {
    out.error = "an item is a JSON object";
    return out;
  }
  // The location API names the point `id`; ShipX names it `name` (and has no `id`).
  const bool location_api = !item.contains("name") && item.contains("id");
  RelayPoint& r = out.point;
  r.carrier = "inpost";
  r.id = std::string(TrimBlanks(FieldText(item, location_api ? "id" : "name")));
  if (r.id.empty()) {
    out.error = location_api ? "id is missing" : "name (the point's id) is missing";
    return out;
  }
  const std::vector<std::string> types = TypeNames(Member(item, "type"));
  const bool machine = Lists(types, "parcel_locker") || Lists(types, "APM");
  const bool counter = Lists(types, "pop") || Lists(types, "pok") || Lists(types, "PUDO");
  if (counter) {
    r.kind = PointKind::kShop;
    if (machine) NoteRule("shop_with_locker", &out.rules);
  } else if (machine) {
    r.kind = PointKind::kLocker;
  } else {
    out.error = "type names neither a locker (parcel_locker, APM) nor a shop (pop, pok, PUDO)";
    return out;
  }
  r.name = "InPost " + r.id;

  const json& address = Member(item, location_api ? "address" : "address_details");
  std::string street(TrimBlanks(FieldText(address, "street")));
  const std::string number(TrimBlanks(FieldText(address, location_api ? "buildingNumber" : "building_number")));
  const std::string flat(TrimBlanks(FieldText(address, "flat_number")));
  if (!street.empty() && !number.empty()) street += " " + number + (flat.empty() ? "" : "/" + flat);
  if (street.empty()) street = TrimBlanks(FieldText(Member(item, "address"), "line1"));
  AddLine(street, &r.address);
  static constexpr const char* kShipXDescriptions[] = {"location_description", "location_description_1",
                                                       "location_description_2"};
  static constexpr const char* kLocationDescriptions[] = {"description", "description2", "description3"};
  for (const char* key : location_api ? kLocationDescriptions : kShipXDescriptions) {
    AddLine(Description(Member(item, key)), &r.address);
  }
  r.postcode = TrimBlanks(FieldText(address, location_api ? "postalCode" : "post_code"));
  r.city = TrimBlanks(FieldText(address, "city"));
  r.country = CountryAlpha2(FieldText(item, "country"));
  if (r.country.empty() && location_api) r.country = CountryAlpha2(FieldText(address, "country"));
  if (r.country.empty()) r.country = default_country;

  const char* where = location_api ? "coordinates" : "location";
  const std::optional<double> lat = Degrees(Member(Member(item, where), "latitude"));
  const std::optional<double> lon = Degrees(Member(Member(item, where), "longitude"));
  if (!lat || !lon) {
    out.error = std::string(where) + ".latitude/longitude must be numbers";
    return out;
  }
  r.lat = *lat;
  r.lon = *lon;
  if (r.lat == 0 && r.lon == 0 && FieldText(item, "status") == "Created") {
    out.skip_rule = "not_yet_placed";  // A locker being installed: no place yet, no relay yet.
    return out;
  }
  if (out.error = SetDefaultZone(&r); !out.error.empty()) return out;

  const bool always = IsTrue(Member(item, location_api ? "location247" : "location_247"));
  const char* hours_field = location_api ? "operatingHours.customer" : "operating_hours_extended.customer";
  const json& customer = Member(Member(item, location_api ? "operatingHours" : "operating_hours_extended"), "customer");
  if (out.error = ReadHours(always, customer, hours_field, &r.hours, &out.rules); !out.error.empty()) return out;
  if (out.error = ReadClosures(Member(item, "unavailability_periods"), &r); !out.error.empty()) return out;

  const json& status = Member(item, "status");
  if (!status.is_null()) {
    const std::string s = FieldText(item, "status");
    r.active = s == "Operating" || s == "Overloaded";
    if (!r.active && s != "Created" && s != "Disabled" && s != "NonOperating") NoteRule("unknown_status", &out.rules);
  }

  const json& functions = Member(item, "functions");
  if (functions.is_array()) {
    for (const json& f : functions) {
      if (f.is_string() && f.get<std::string>().ends_with("_reverse_return_send")) r.services |= kReturns;
    }
  }
  const json& payment = Member(item, "payment_type");
  if (payment.contains("2") || payment.contains("3")) r.services |= kCard;
  if (IsTrue(Member(item, "payment_available"))) r.services |= kCod;
  if (IsTrue(Member(item, "easy_access_zone"))) r.services |= kAccessible;
  const json& temperatures =
      Member(item, location_api ? "guaranteedLockerTemperatures" : "supported_locker_temperatures");
  if (Lists(types, "refrigerated_locker_machine") || (!temperatures.is_null() && !temperatures.empty())) {
    r.services |= kRefrigerated;
  }
  return out;
}

}  // namespace

std::vector<AdaptedPoint> ReadInPostPoints(std::string_view json_text, std::string_view default_country,
                                           std::string* error) {
  // One document, or one page per line.
  std::vector<json> documents;
  json whole = json::parse(json_text, nullptr, false);
  if (!whole.is_discarded()) {
    documents.push_back(std::move(whole));
  } else {
    size_t line = 0;
    while (!json_text.empty()) {
      ++line;
      const size_t end = std::min(json_text.find('\n'), json_text.size());
      const std::string_view text = json_text.substr(0, end);
      json_text.remove_prefix(std::min(json_text.size(), end + 1));
      if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      json page = json::parse(text, nullptr, false);
      if (page.is_discarded()) {
        *error = "not JSON (line " + std::to_string(line) + ")";
        return {};
      }
      documents.push_back(std::move(page));
    }
  }
  std::vector<AdaptedPoint> points;
  for (const json& doc : documents) {
    const json* items = &doc;
    if (doc.is_object() && doc.contains("items")) items = &doc["items"];
    if (!items->is_array()) {
      // InPost's error answers: {"status": 400, "key": "...", "error": "Select a country ..."}.
      const std::string said = FieldText(doc, "error");
      *error = said.empty() ? "not an InPost points document (a page with items, or an array of items)"
                            : "InPost answered an error: " + said;
      return {};
    }
    for (const json& item : *items) points.push_back(ReadItem(item, default_country));
  }
  return points;
}

}  // namespace relais
