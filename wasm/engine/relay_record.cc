#include "wasm/engine/relay_record.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace relais {

namespace {

using nlohmann::json;

constexpr const char* kDayKeys[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr const char* kKnownFields[] = {"carrier", "id",       "kind",         "name",        "address",  "postcode",
                                        "city",    "country",  "lat",          "lon",         "tz",       "hours",
                                        "always",  "closures", "max_weight_g", "max_dims_cm", "services", "status"};

bool IsCarrierSlug(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

bool IsPrintableId(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  }
  return true;
}

bool IsCountryCode(std::string_view s) {
  return s.size() == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

// Reads an optional display string; returns an error or "".
std::string ReadText(const json& record, const char* key, size_t max_bytes, bool required, std::string* out) {
  const auto it = record.find(key);
  if (it == record.end() || it->is_null()) return required ? std::string(key) + " is required" : "";
  if (!it->is_string()) return std::string(key) + " must be a string";
  *out = it->get<std::string>();
  if (out->size() > max_bytes) return std::string(key) + " longer than " + std::to_string(max_bytes) + " bytes";
  if (required && out->empty()) return std::string(key) + " is empty";
  return "";
}

std::string ReadHours(const json& hours, WeeklySchedule* schedule) {
  if (!hours.is_object()) return "hours must be an object of weekdays";
  *schedule = WeeklySchedule::Weekly();
  for (const auto& [key, value] : hours.items()) {
    int day = -1;
    for (int d = 0; d < 7; ++d) {
      if (key == kDayKeys[d]) day = d;
    }
    if (day < 0) return "hours: unknown weekday \"" + key + "\"";
    if (!value.is_array()) return "hours." + key + " must be an array of intervals";
    for (const json& interval : value) {
      if (!interval.is_array() || interval.size() != 2 || !interval[0].is_string() || !interval[1].is_string()) {
        return "hours." + key + ": an interval is [\"HH:MM\",\"HH:MM\"]";
      }
      const std::optional<int> start = ParseHhMm(interval[0].get<std::string>());
      const std::optional<int> end = ParseHhMm(interval[1].get<std::string>());
      if (!start || !end) return "hours." + key + ": times are HH:MM";
      const std::string error = schedule->AddInterval(day, *start, *end);
      if (!error.empty()) return "hours." + key + ": " + error;
    }
  }
  return "";
}

std::string ReadClosures(const json& closures, std::vector<ClosurePeriod>* out) {
  if (!closures.is_array()) return "closures must be an array";
  for (const json& c : closures) {
    if (!c.is_object() || !c.contains("from") || !c.contains("to") || !c["from"].is_string() || !c["to"].is_string()) {
      return "closures: each is {\"from\":\"YYYY-MM-DD\",\"to\":\"YYYY-MM-DD\"}";
    }
    const std::optional<DayNumber> from = ParseIsoDate(c["from"].get<std::string>());
    const std::optional<DayNumber> to = ParseIsoDate(c["to"].get<std::string>());
    if (!from || !to) return "closures: dates are YYYY-MM-DD";
    if (*to < *from) return "closures: \"to\" is before \"from\"";
    out->push_back({*from, *to});
  }
  return "";
}

std::string Validate(const json& record, RelayPoint* p) {
  std::string error;
  if (!(error = ReadText(record, "carrier", 32, true, &p->carrier)).empty()) return error;
  if (!IsCarrierSlug(p->carrier)) return "carrier must match [a-z0-9-]{1,32}";
  if (!(error = ReadText(record, "id", 32, true, &p->id)).empty()) return error;
  if (!IsPrintableId(p->id)) return "id must be 1-32 printable characters";
  std::string kind;
  if (!(error = ReadText(record, "kind", 32, true, &kind)).empty()) return error;
  const std::optional<PointKind> parsed_kind = ParsePointKind(kind);
  if (!parsed_kind) return "kind must be shop, locker, post_office, store or drive";
  p->kind = *parsed_kind;
  if (!(error = ReadText(record, "name", 256, true, &p->name)).empty()) return error;
  if (record.contains("address")) {
    const json& address = record["address"];
    if (!address.is_array() || address.size() > 4) return "address must be an array of at most 4 lines";
    for (const json& line : address) {
      if (!line.is_string() || line.get_ref<const std::string&>().size() > 256) return "address lines are strings";
      p->address.push_back(line.get<std::string>());
    }
  }
  if (!(error = ReadText(record, "postcode", 16, false, &p->postcode)).empty()) return error;
  if (!(error = ReadText(record, "city", 128, false, &p->city)).empty()) return error;
  if (!(error = ReadText(record, "country", 2, true, &p->country)).empty()) return error;
  if (!IsCountryCode(p->country)) return "country must be ISO 3166-1 alpha-2";
  if (!record.contains("lat") || !record["lat"].is_number()) return "lat must be a number";
  if (!record.contains("lon") || !record["lon"].is_number()) return "lon must be a number";
  p->lat = record["lat"].get<double>();
  p->lon = record["lon"].get<double>();
  if (!std::isfinite(p->lat) || p->lat < -90 || p->lat > 90) return "lat out of range";
  if (!std::isfinite(p->lon) || p->lon < -180 || p->lon > 180) return "lon out of range";
  if (p->lat == 0 && p->lon == 0) return "lat/lon is exactly 0/0";
  if (!(error = ReadText(record, "tz", 64, true, &p->tz)).empty()) return error;
  const std::optional<TimeZoneRule> zone = FindTimeZone(p->tz);
  if (!zone) return "tz \"" + p->tz + "\" is not a supported IANA zone";
  p->zone = *zone;
  const bool always = record.contains("always") && record["always"] == true;
  if (record.contains("always") && !record["always"].is_boolean()) return "always must be true or false";
  if (always && record.contains("hours")) return "both \"always\" and \"hours\" given";
  if (always) {
    p->hours = WeeklySchedule::AlwaysOpen();
  } else if (record.contains("hours")) {
    if (!(error = ReadHours(record["hours"], &p->hours)).empty()) return error;
  }
  if (record.contains("closures") && !(error = ReadClosures(record["closures"], &p->closures)).empty()) return error;
  if (record.contains("max_weight_g")) {
    const json& w = record["max_weight_g"];
    if (!w.is_number_integer() || w.get<int64_t>() <= 0 || w.get<int64_t>() > 10'000'000) {
      return "max_weight_g must be a positive integer (grams)";
    }
    p->max_weight_g = static_cast<uint32_t>(w.get<int64_t>());
  }
  if (record.contains("max_dims_cm")) {
    const json& d = record["max_dims_cm"];
    if (!d.is_array() || d.size() != 3) return "max_dims_cm must be [length, width, height]";
    for (int i = 0; i < 3; ++i) {
      if (!d[i].is_number_integer() || d[i].get<int64_t>() <= 0 || d[i].get<int64_t>() > 1000) {
        return "max_dims_cm values are positive integers up to 1000";
      }
      p->max_dims_cm[i] = static_cast<uint16_t>(d[i].get<int64_t>());
    }
  }
  if (record.contains("services")) {
    if (!record["services"].is_array()) return "services must be an array";
    for (const json& s : record["services"]) {
      const std::optional<uint16_t> bit = s.is_string() ? ParseService(s.get<std::string>()) : std::nullopt;
      if (!bit) return "unknown service " + s.dump();
      p->services |= *bit;
    }
  }
  std::string status = "active";
  if (!(error = ReadText(record, "status", 16, false, &status)).empty()) return error;
  if (status != "active" && status != "inactive") return "status must be active or inactive";
  p->active = status == "active";
  return "";
}

}  // namespace

RecordParse ParseRelayRecord(std::string_view json_line) {
  RecordParse result;
  const json record = json::parse(json_line.begin(), json_line.end(), nullptr, /*allow_exceptions=*/false);
  if (record.is_discarded()) {
    result.error = "not valid JSON";
    return result;
  }
  if (!record.is_object()) {
    result.error = "a record is a JSON object";
    return result;
  }
  for (const auto& [key, value] : record.items()) {
    bool known = false;
    for (const char* k : kKnownFields) known = known || key == k;
    if (!known) result.unknown_fields.push_back(key);
  }
  RelayPoint point;
  result.error = Validate(record, &point);
  if (result.error.empty()) result.point = std::move(point);
  return result;
}

std::string FormatRelayRecord(const RelayPoint& p) {
  json j = json::object();
  j["carrier"] = p.carrier;
  j["id"] = p.id;
  j["kind"] = PointKindName(p.kind);
  j["name"] = p.name;
  j["address"] = p.address;
  j["postcode"] = p.postcode;
  j["city"] = p.city;
  j["country"] = p.country;
  j["lat"] = p.lat;
  j["lon"] = p.lon;
  j["tz"] = p.tz;
  if (p.hours.kind == ScheduleKind::kAlwaysOpen) {
    j["always"] = true;
  } else if (p.hours.kind == ScheduleKind::kWeekly) {
    json hours = json::object();
    for (int d = 0; d < 7; ++d) {
      json day = json::array();
      for (const TimeInterval& iv : p.hours.Day(d)) {
        const int end = iv.close_min == kMinutesPerDay ? kMinutesPerDay : iv.close_min % kMinutesPerDay;
        day.push_back({FormatHhMm(iv.open_min), FormatHhMm(end)});
      }
      hours[kDayKeys[d]] = day;
    }
    j["hours"] = hours;
  }
  if (!p.closures.empty()) {
    json closures = json::array();
    for (const ClosurePeriod& c : p.closures) {
      closures.push_back({{"from", FormatIsoDate(c.first_day)}, {"to", FormatIsoDate(c.last_day)}});
    }
    j["closures"] = closures;
  }
  if (p.max_weight_g) j["max_weight_g"] = p.max_weight_g;
  if (p.max_dims_cm[0]) j["max_dims_cm"] = p.max_dims_cm;
  json services = json::array();
  for (int b = 0; b < kServiceCount; ++b) {
    if (p.services & (1u << b)) services.push_back(ServiceName(b));
  }
  if (!services.empty()) j["services"] = services;
  j["status"] = p.active ? "active" : "inactive";
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace relais
