// The strings of a JSON array (an address's lines, a list of modes), what is not a string left out: stored
// documents are read leniently, their writer checked them.
#ifndef RELAIS_EDGE_MODEL_JSON_STRINGS_H_
#define RELAIS_EDGE_MODEL_JSON_STRINGS_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace relais::edge {

inline std::vector<std::string> StringsOf(const nlohmann::json& j) {
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const nlohmann::json& s : j) {
    if (s.is_string()) out.push_back(s.get<std::string>());
  }
  return out;
}

}  // namespace relais::edge

#endif  // RELAIS_EDGE_MODEL_JSON_STRINGS_H_
