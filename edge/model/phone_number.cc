#include "edge/model/phone_number.h"

#include <array>

namespace relais::edge {

namespace {

// French overseas numbers: their national prefix (after the 0) and the country code E.164 gives them.
struct Overseas {
  std::string_view prefix, country;
};
// Guadeloupe, Saint-Martin and Saint-Barthélemy; Guyane; Martinique; La Réunion; Mayotte.
constexpr std::array<Overseas, 13> kOverseas = {{{"590", "590"},
                                                 {"690", "590"},
                                                 {"691", "590"},
                                                 {"594", "594"},
                                                 {"694", "594"},
                                                 {"596", "596"},
                                                 {"696", "596"},
                                                 {"697", "596"},
                                                 {"262", "262"},
                                                 {"692", "262"},
                                                 {"693", "262"},
                                                 {"269", "262"},
                                                 {"639", "262"}}};  // Mayotte (also 0269: +262 269).

}  // namespace

std::optional<std::string> E164PhoneNumber(std::string_view typed) {
  std::string digits;
  bool plus = false;
  for (size_t i = 0; i < typed.size(); ++i) {
    const char c = typed[i];
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c == '+' && digits.empty() && !plus) {
      plus = true;
    } else if (c == '(' && plus && typed.substr(i, 3) == "(0)") {
      i += 2;  // "+33 (0)6 ...": the trunk 0 is not dialled from abroad.
    } else if (c != ' ' && c != '.' && c != '-' && c != '(' && c != ')' && c != '/') {
      return std::nullopt;
    }
  }
  if (!plus && digits.starts_with("00")) {
    plus = true;
    digits.erase(0, 2);
  }
  if (!plus) {
    if (digits.size() != 10 || digits[0] != '0' || digits[1] == '0') return std::nullopt;
    const std::string national = digits.substr(1);
    for (const Overseas& o : kOverseas) {
      if (national.starts_with(o.prefix)) return "+" + std::string(o.country) + national;
    }
    return "+33" + national;
  }
  if (digits.empty() || digits[0] == '0' || digits.size() < 8 || digits.size() > 15) return std::nullopt;
  return "+" + digits;
}

}  // namespace relais::edge
