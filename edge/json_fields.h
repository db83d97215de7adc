// Strict reading of request bodies: every field a handler takes goes through one of these, so that a
// missing field, a wrong type, an out-of-range number, an over-long string or an unknown enum value is a
// 400 naming the field -- never a 500, never a silently defaulted value.
#ifndef RELAIS_EDGE_JSON_FIELDS_H_
#define RELAIS_EDGE_JSON_FIELDS_H_

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace relais::edge {

using nlohmann::json;

// How deep a client's JSON may nest: an order is four levels deep; a hundred thousand would overflow the
// stack of anything that walks the document recursively (serialising it, comparing it).
inline constexpr int kMaxJsonDepth = 32;

// Whether `text` nests arrays and objects deeper than `max_depth` (a linear scan, strings skipped; it
// does not validate: the parser does that after).
bool NestedDeeperThan(std::string_view text, int max_depth);

// The request body as a JSON object; 400 when it is not JSON, not an object, or nested deeper than
// kMaxJsonDepth (checked before the parser builds anything).
json ParseBody(std::string_view body);

// Rejects fields of `object` outside `allowed` (a typo must not pass as "not given").
void RejectUnknownFields(const json& object, std::initializer_list<std::string_view> allowed,
                         const std::string& prefix = "");

// Text of 1..max_bytes bytes (valid UTF-8, no control characters). Absent: 400, or nullopt when optional.
std::string RequiredText(const json& object, const char* field, size_t max_bytes, const std::string& prefix = "");
std::optional<std::string> OptionalText(const json& object, const char* field, size_t max_bytes,
                                        const std::string& prefix = "");

// An identifier: 1..64 bytes of [A-Za-z0-9._-] (sites, skus, brands: they appear in URLs).
std::string RequiredId(const json& object, const char* field, const std::string& prefix = "");
bool IsValidId(std::string_view id);

// An integer in [min, max] (a JSON number without fraction).
int64_t RequiredInt(const json& object, const char* field, int64_t min, int64_t max, const std::string& prefix = "");
std::optional<int64_t> OptionalInt(const json& object, const char* field, int64_t min, int64_t max,
                                   const std::string& prefix = "");

// true or false; nullopt when absent.
std::optional<bool> OptionalBool(const json& object, const char* field, const std::string& prefix = "");

// A finite number in [min, max].
double RequiredNumber(const json& object, const char* field, double min, double max, const std::string& prefix = "");

// One of `values`.
std::string RequiredEnum(const json& object, const char* field, std::initializer_list<std::string_view> values,
                         const std::string& prefix = "");
std::string RequiredEnum(const json& object, const char* field, std::span<const std::string_view> values,
                         const std::string& prefix = "");

}  // namespace relais::edge

#endif  // RELAIS_EDGE_JSON_FIELDS_H_
