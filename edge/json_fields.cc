#include "edge/json_fields.h"

#include <cctype>
#include <cmath>

#include "edge/api_error.h"

namespace relais::edge {

namespace {

std::string Name(const std::string& prefix, const char* field) { return prefix + field; }

const json* Find(const json& object, const char* field) {
  const auto it = object.find(field);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

// No control characters (the parser has already refused ill-formed UTF-8).
bool IsCleanText(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  }
  return true;
}

}  // namespace

bool NestedDeeperThan(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

json ParseBody(std::string_view body) {
  if (NestedDeeperThan(body, kMaxJsonDepth)) {
    throw ApiError(400, "json_too_deep",
                   "the request body nests deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  }
  if (body.empty()) throw ApiError(400, "malformed_json", "the request body is empty: send a JSON object");
  json parsed = json::parse(body, nullptr, false);
  if (parsed.is_discarded()) throw ApiError(400, "malformed_json", "the request body is not valid JSON");
  if (!parsed.is_object()) throw ApiError(400, "malformed_json", "the request body must be a JSON object");
  return parsed;
}

void RejectUnknownFields(const json& object, std::initializer_list<std::string_view> allowed,
                         const std::string& prefix) {
  for (const auto& [key, value] : object.items()) {
    bool known = false;
    for (std::string_view a : allowed) known = known || key == a;
    if (!known) throw BadField(prefix + key, "unknown field \"" + prefix + key + "\"");
  }
}

std::optional<std::string> OptionalText(const json& object, const char* field, size_t max_bytes,
                                        const std::string& prefix) {
  const json* value = Find(object, field);
  if (!value) return std::nullopt;
  if (!value->is_string()) throw BadField(Name(prefix, field), Name(prefix, field) + " must be a string");
  const std::string& text = value->get_ref<const std::string&>();
  if (text.empty()) throw BadField(Name(prefix, field), Name(prefix, field) + " must not be empty");
  if (text.size() > max_bytes) {
    throw BadField(Name(prefix, field),
                   Name(prefix, field) + " is longer than " + std::to_string(max_bytes) + " bytes");
  }
  if (!IsCleanText(text)) throw BadField(Name(prefix, field), Name(prefix, field) + " holds control characters");
  return text;
}

std::string RequiredText(const json& object, const char* field, size_t max_bytes, const std::string& prefix) {
  std::optional<std::string> text = OptionalText(object, field, max_bytes, prefix);
  if (!text) throw BadField(Name(prefix, field), Name(prefix, field) + " is required");
  return *text;
}

bool IsValidId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) return false;
  }
  return true;
}

std::string RequiredId(const json& object, const char* field, const std::string& prefix) {
  std::string id = RequiredText(object, field, 64, prefix);
  if (!IsValidId(id)) throw BadField(Name(prefix, field), Name(prefix, field) + " must be 1-64 of [A-Za-z0-9._-]");
  return id;
}

std::optional<bool> OptionalBool(const json& object, const char* field, const std::string& prefix) {
  const json* value = Find(object, field);
  if (!value) return std::nullopt;
  const std::string name = Name(prefix, field);
  if (!value->is_boolean()) throw BadField(name, name + " must be true or false");
  return value->get<bool>();
}

std::optional<int64_t> OptionalInt(const json& object, const char* field, int64_t min, int64_t max,
                                   const std::string& prefix) {
  const json* value = Find(object, field);
  if (!value) return std::nullopt;
  const std::string name = Name(prefix, field);
  const std::string range = " must be a whole number in [" + std::to_string(min) + ", " + std::to_string(max) + "]";
  if (value->is_number_integer()) {
    // Unsigned values above int64 range are out of range too.
    if (value->is_number_unsigned() && value->get<uint64_t>() > static_cast<uint64_t>(max))
      throw BadField(name, name + range);
    const int64_t v = value->get<int64_t>();
    if (v < min || v > max) throw BadField(name, name + range);
    return v;
  }
  if (value->is_number_float()) {
    const double d = value->get<double>();
    if (std::isfinite(d) && d == std::floor(d) && d >= static_cast<double>(min) && d <= static_cast<double>(max)) {
      return static_cast<int64_t>(d);
    }
  }
  throw BadField(name, name + range);
}

int64_t RequiredInt(const json& object, const char* field, int64_t min, int64_t max, const std::string& prefix) {
  const std::optional<int64_t> v = OptionalInt(object, field, min, max, prefix);
  if (!v) throw BadField(Name(prefix, field), Name(prefix, field) + " is required");
  return *v;
}

double RequiredNumber(const json& object, const char* field, double min, double max, const std::string& prefix) {
  const json* value = Find(object, field);
  const std::string name = Name(prefix, field);
  if (!value) throw BadField(name, name + " is required");
  if (!value->is_number() || !std::isfinite(value->get<double>()) || value->get<double>() < min ||
      value->get<double>() > max) {
    throw BadField(name, name + " must be a number in [" + json(min).dump() + ", " + json(max).dump() + "]");
  }
  return value->get<double>();
}

std::string RequiredEnum(const json& object, const char* field, std::initializer_list<std::string_view> values,
                         const std::string& prefix) {
  return RequiredEnum(object, field, std::span<const std::string_view>(values.begin(), values.size()), prefix);
}

std::string RequiredEnum(const json& object, const char* field, std::span<const std::string_view> values,
                         const std::string& prefix) {
  const std::string text = RequiredText(object, field, 64, prefix);
  std::string list;
  for (std::string_view v : values) {
    if (text == v) return text;
    list += (list.empty() ? "" : ", ") + std::string(v);
  }
  throw BadField(Name(prefix, field), Name(prefix, field) + " must be one of: " + list);
}

}  // namespace relais::edge
