#include "wasm/engine/relay_record.h"

#include <simdjson.h>

#include <cmath>
#include <nlohmann/json.hpp>

namespace relais {

namespace {

using nlohmann::json;
using simdjson::dom::element;
using simdjson::dom::object;

constexpr std::string_view kDayKeys[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr std::string_view kKnownFields[] = {
    "carrier", "id", "kind",  "name",   "address",  "postcode",     "city",        "country",  "lat",
    "lon",     "tz", "hours", "always", "closures", "max_weight_g", "max_dims_cm", "services", "status"};

bool IsCarrierSlug(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

bool IsPrintableId(std::string_view s) {
  if (s.empty() || s.size() > kMaxIdBytes) return false;
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  }
  return true;
}

bool IsCountryCode(std::string_view s) {
  return s.size() == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

// The field `key` of `record`, or nullopt when absent or null (the contract treats both as absent).
std::optional<element> Field(const object& record, std::string_view key) {
  element value;
  if (record.at_key(key).get(value) != simdjson::SUCCESS || value.is_null()) return std::nullopt;
  return value;
}

std::optional<std::string_view> AsString(const element& e) {
  std::string_view s;
  if (e.get_string().get(s) != simdjson::SUCCESS) return std::nullopt;
  return s;
}

std::optional<int64_t> AsInteger(const element& e) {
  int64_t v;
  if (!e.is_int64() && !e.is_uint64()) return std::nullopt;         // 30000.0 is not an integer here.
  if (e.get_int64().get(v) != simdjson::SUCCESS) return INT64_MAX;  // A uint64 beyond int64: out of range.
  return v;
}

// Reads an optional display string; returns an error or "".
std::string ReadText(const object& record, const char* key, size_t max_bytes, bool required, std::string* out) {
  const std::optional<element> value = Field(record, key);
  if (!value) return required ? std::string(key) + " is required" : "";
  const std::optional<std::string_view> text = AsString(*value);
  if (!text) return std::string(key) + " must be a string";
  if (text->size() > max_bytes) return std::string(key) + " longer than " + std::to_string(max_bytes) + " bytes";
  if (required && text->empty()) return std::string(key) + " is empty";
  out->assign(*text);
  return "";
}

std::string ReadHours(const element& hours, WeeklySchedule* schedule) {
  object days;
  if (hours.get_object().get(days) != simdjson::SUCCESS) return "hours must be an object of weekdays";
  *schedule = WeeklySchedule::Weekly();
  for (const auto field : days) {
    const std::string key(field.key);
    int day = -1;
    for (int d = 0; d < 7; ++d) {
      if (key == kDayKeys[d]) day = d;
    }
    if (day < 0) return "hours: unknown weekday \"" + key + "\"";
    simdjson::dom::array intervals;
    if (field.value.get_array().get(intervals) != simdjson::SUCCESS) {
      return "hours." + key + " must be an array of intervals";
    }
    for (const element interval : intervals) {
      simdjson::dom::array pair;
      std::optional<std::string_view> from, to;
      if (interval.get_array().get(pair) != simdjson::SUCCESS || pair.size() != 2 ||
          !(from = AsString(pair.at(0).value_unsafe())) || !(to = AsString(pair.at(1).value_unsafe()))) {
        return "hours." + key + ": an interval is [\"HH:MM\",\"HH:MM\"]";
      }
      const std::optional<int> start = ParseHhMm(*from);
      const std::optional<int> end = ParseHhMm(*to);
      if (!start || !end) return "hours." + key + ": times are HH:MM";
      const std::string error = schedule->AddInterval(day, *start, *end);
      if (!error.empty()) return "hours." + key + ": " + error;
    }
  }
  return "";
}

std::string ReadClosures(const element& closures, std::vector<ClosurePeriod>* out) {
  simdjson::dom::array list;
  if (closures.get_array().get(list) != simdjson::SUCCESS) return "closures must be an array";
  for (const element c : list) {
    object range;
    std::optional<element> from_field, to_field;
    std::optional<std::string_view> from_text, to_text;
    if (c.get_object().get(range) != simdjson::SUCCESS || !(from_field = Field(range, "from")) ||
        !(to_field = Field(range, "to")) || !(from_text = AsString(*from_field)) || !(to_text = AsString(*to_field))) {
      return "closures: each is {\"from\":\"YYYY-MM-DD\",\"to\":\"YYYY-MM-DD\"}";
    }
    const std::optional<DayNumber> from = ParseIsoDate(*from_text);
    const std::optional<DayNumber> to = ParseIsoDate(*to_text);
    if (!from || !to) return "closures: dates are YYYY-MM-DD";
    if (*to < *from) return "closures: \"to\" is before \"from\"";
    out->push_back({*from, *to});
  }
  return "";
}

std::string Validate(const object& record, RelayPoint* p) {
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
  if (const std::optional<element> address = Field(record, "address")) {
    simdjson::dom::array lines;
    if (address->get_array().get(lines) != simdjson::SUCCESS || lines.size() > 4) {
      return "address must be an array of at most 4 lines";
    }
    for (const element line : lines) {
      const std::optional<std::string_view> text = AsString(line);
      if (!text || text->size() > 256) return "address lines are strings";
      p->address.emplace_back(*text);
    }
  }
  if (!(error = ReadText(record, "postcode", 16, false, &p->postcode)).empty()) return error;
  if (!(error = ReadText(record, "city", 128, false, &p->city)).empty()) return error;
  if (!(error = ReadText(record, "country", 2, true, &p->country)).empty()) return error;
  if (!IsCountryCode(p->country)) return "country must be ISO 3166-1 alpha-2";
  const std::optional<element> lat = Field(record, "lat");
  const std::optional<element> lon = Field(record, "lon");
  if (!lat || !lat->is_number()) return "lat must be a number";
  if (!lon || !lon->is_number()) return "lon must be a number";
  p->lat = lat->get_double().value_unsafe();
  p->lon = lon->get_double().value_unsafe();
  if (!std::isfinite(p->lat) || p->lat < -90 || p->lat > 90) return "lat out of range";
  if (!std::isfinite(p->lon) || p->lon < -180 || p->lon > 180) return "lon out of range";
  if (p->lat == 0 && p->lon == 0) return "lat/lon is exactly 0/0";
  if (!(error = ReadText(record, "tz", 64, true, &p->tz)).empty()) return error;
  const std::optional<TimeZoneRule> zone = FindTimeZone(p->tz);
  if (!zone) return "tz \"" + p->tz + "\" is not a supported IANA zone";
  p->zone = *zone;
  const std::optional<element> always_field = Field(record, "always");
  const std::optional<element> hours = Field(record, "hours");
  if (always_field && !always_field->is_bool()) return "always must be true or false";
  const bool always = always_field && always_field->get_bool().value_unsafe();
  if (always && hours) return "both \"always\" and \"hours\" given";
  if (always) {
    p->hours = WeeklySchedule::AlwaysOpen();
  } else if (hours) {
    if (!(error = ReadHours(*hours, &p->hours)).empty()) return error;
  }
  if (const std::optional<element> closures = Field(record, "closures")) {
    if (!(error = ReadClosures(*closures, &p->closures)).empty()) return error;
  }
  if (const std::optional<element> w = Field(record, "max_weight_g")) {
    const std::optional<int64_t> grams = AsInteger(*w);
    if (!grams || *grams <= 0 || *grams > 10'000'000) return "max_weight_g must be a positive integer (grams)";
    p->max_weight_g = static_cast<uint32_t>(*grams);
  }
  if (const std::optional<element> d = Field(record, "max_dims_cm")) {
    simdjson::dom::array dims;
    if (d->get_array().get(dims) != simdjson::SUCCESS || dims.size() != 3) {
      return "max_dims_cm must be [length, width, height]";
    }
    int i = 0;
    for (const element value : dims) {
      const std::optional<int64_t> cm = AsInteger(value);
      if (!cm || *cm <= 0 || *cm > 1000) return "max_dims_cm values are positive integers up to 1000";
      p->max_dims_cm[i++] = static_cast<uint16_t>(*cm);
    }
  }
  if (const std::optional<element> services = Field(record, "services")) {
    simdjson::dom::array flags;
    if (services->get_array().get(flags) != simdjson::SUCCESS) return "services must be an array";
    for (const element s : flags) {
      const std::optional<std::string_view> name = AsString(s);
      const std::optional<uint16_t> bit = name ? ParseService(*name) : std::nullopt;
      if (!bit) return "unknown service " + simdjson::minify(s);
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
  // One parser per thread: it keeps its buffers from record to record, and files are read in parallel.
  thread_local simdjson::dom::parser parser;
  element document;
  if (parser.parse(json_line.data(), json_line.size()).get(document) != simdjson::SUCCESS) {
    result.error = "not valid JSON";
    return result;
  }
  object record;
  if (document.get_object().get(record) != simdjson::SUCCESS) {
    result.error = "a record is a JSON object";
    return result;
  }
  for (const auto field : record) {
    bool known = false;
    for (const std::string_view k : kKnownFields) known = known || field.key == k;
    if (!known) result.unknown_fields.emplace_back(field.key);
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
      hours[std::string(kDayKeys[d])] = day;
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
