#include "data-sync/inpost_points.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "data-sync/carrier_fields.h"
#include "data-sync/json_field_text.h"

namespace relais {

namespace {

using nlohmann::json;

constexpr const char* kDayNames[7] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

bool Has(const json& list, const char* value) {
  return list.is_array() && std::find(list.begin(), list.end(), json(value)) != list.end();
}

std::string ReadHours(const json& customer, WeeklySchedule* hours) {
  if (!customer.is_object()) return "operating_hours_extended.customer must be an object";
  *hours = WeeklySchedule::Weekly();
  for (int d = 0; d < 7; ++d) {
    const auto day = customer.find(kDayNames[d]);
    if (day == customer.end() || day->is_null()) continue;
    if (!day->is_array()) return std::string("operating_hours_extended: ") + kDayNames[d] + " must be an array";
    for (const json& slot : *day) {
      const json start = slot.is_object() ? slot.value("start", json()) : json();
      const json end = slot.is_object() ? slot.value("end", json()) : json();
      if (!start.is_number_integer() || !end.is_number_integer() || start.get<int64_t>() < 0 ||
          end.get<int64_t>() > kMinutesPerDay) {
        return std::string("operating_hours_extended: ") + kDayNames[d] + " slots are {start, end} in minutes";
      }
      const std::string e =
          hours->AddInterval(d, static_cast<int>(start.get<int64_t>()), static_cast<int>(end.get<int64_t>()));
      if (!e.empty()) return std::string("operating_hours_extended: ") + kDayNames[d] + ": " + e;
    }
  }
  return "";
}

AdaptedPoint ReadItem(const json& item, std::string_view default_country) {
  AdaptedPoint out;
  if (!item.is_object()) {
    out.error = "an item is a JSON object";
    return out;
  }
  RelayPoint& r = out.point;
  r.carrier = "inpost";
  r.id = FieldText(item, "name");
  const json& type = item.value("type", json::array());
  if (Has(type, "parcel_locker")) {
    r.kind = PointKind::kLocker;
  } else if (Has(type, "pop")) {
    r.kind = PointKind::kShop;
  } else {
    out.error = "type holds neither parcel_locker nor pop";
    return out;
  }
  r.name = "InPost " + r.id;
  const json& address = item.value("address_details", json::object());
  std::string street = FieldText(address, "street");
  const std::string number = FieldText(address, "building_number"), flat = FieldText(address, "flat_number");
  if (!number.empty()) street += " " + number + (flat.empty() ? "" : "/" + flat);
  if (!street.empty()) r.address.push_back(street);
  if (const std::string where = FieldText(item, "location_description"); !where.empty()) r.address.push_back(where);
  r.postcode = FieldText(address, "post_code");
  r.city = FieldText(address, "city");
  r.country = FieldText(item, "country");
  if (r.country.empty()) r.country = default_country;
  const json& location = item.value("location", json::object());
  if (!location.is_object() || !location.value("latitude", json()).is_number() ||
      !location.value("longitude", json()).is_number()) {
    out.error = "location.latitude/longitude must be numbers";
    return out;
  }
  r.lat = location["latitude"].get<double>();
  r.lon = location["longitude"].get<double>();
  if (out.error = SetDefaultZone(&r); !out.error.empty()) return out;
  if (item.value("location_247", json(false)) == true) {
    r.hours = WeeklySchedule::AlwaysOpen();
  } else if (const auto hours = item.find("operating_hours_extended"); hours != item.end() && !hours->is_null()) {
    const json customer = hours->is_object() ? hours->value("customer", json()) : json();
    if (out.error = ReadHours(customer, &r.hours); !out.error.empty()) return out;
  }
  const std::string status = FieldText(item, "status");
  r.active = status == "Operating" || status == "Overloaded";
  if (Has(item.value("functions", json::array()), "parcel_reverse_return_send")) r.services |= kReturns;
  if (item.value("payment_available", json(false)) == true) r.services |= kCard;
  if (item.value("easy_access_zone", json(false)) == true) r.services |= kAccessible;
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
      *error = "not an InPost points document (a page with items, or an array of items)";
      return {};
    }
    for (const json& item : *items) points.push_back(ReadItem(item, default_country));
  }
  return points;
}

}  // namespace relais
