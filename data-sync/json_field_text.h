// Reading text fields of carriers' JSON, which mix strings, numbers and nulls for the same field.
#ifndef RELAIS_DATA_SYNC_JSON_FIELD_TEXT_H_
#define RELAIS_DATA_SYNC_JSON_FIELD_TEXT_H_

#include <nlohmann/json.hpp>
#include <string>

namespace relais {

// `object[key]` as text: a string as it is, a number or boolean as written; "" when the field is absent or
// null, or when `object` is not an object (a carrier may send null for a whole sub-object).
inline std::string FieldText(const nlohmann::json& object, const std::string& key) {
  if (!object.is_object()) return "";
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

}  // namespace relais

#endif  // RELAIS_DATA_SYNC_JSON_FIELD_TEXT_H_
