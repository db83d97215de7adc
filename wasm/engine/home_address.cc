#include "wasm/engine/home_address.h"

#include <array>
#include <cctype>
#include <utility>

#include "wasm/engine/place_table.h"
#include "wasm/engine/sha256.h"

namespace relais {

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 13> kStreetWords = {{
    {"bd", "boulevard"},
    {"bld", "boulevard"},
    {"boul", "boulevard"},
    {"av", "avenue"},
    {"ave", "avenue"},
    {"pl", "place"},
    {"fbg", "faubourg"},
    {"rte", "route"},
    {"chem", "chemin"},
    {"che", "chemin"},
    {"imp", "impasse"},
    {"st", "saint"},
    {"ste", "sainte"},
}};

// FoldPlaceName with any other punctuation as a space too, and the street words written out.
std::string FoldStreet(std::string_view text) {
  std::string spaced(text);
  for (char& c : spaced) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x80 && !std::isalnum(u)) c = ' ';  // "5, Bd." -> "5  Bd "; accents are FoldPlaceName's.
  }
  const std::string folded = FoldPlaceName(spaced);
  std::string out;
  for (size_t start = 0; start < folded.size();) {
    size_t end = folded.find(' ', start);
    if (end == std::string::npos) end = folded.size();
    std::string_view word(folded.data() + start, end - start);
    for (const auto& [short_form, long_form] : kStreetWords) {
      if (word == short_form) word = long_form;
    }
    if (!out.empty()) out.push_back(' ');
    out += word;
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string NormalizedHomeAddress(const HomeAddress& address) {
  std::string street;
  for (const std::string& line : address.lines) {
    const std::string folded = FoldStreet(line);
    if (folded.empty()) continue;
    if (!street.empty()) street.push_back(' ');
    street += folded;
  }
  std::string postcode;
  for (char c : address.postcode) {
    if (std::isalnum(static_cast<unsigned char>(c))) postcode.push_back(static_cast<char>(std::toupper(c)));
  }
  std::string country;
  for (char c : address.country) {
    if (std::isalpha(static_cast<unsigned char>(c))) country.push_back(static_cast<char>(std::toupper(c)));
  }
  if (country.empty()) country = "FR";
  return street + "|" + postcode + "|" + FoldPlaceName(address.city) + "|" + country;
}

std::string HomeAddressKey(const HomeAddress& address) {
  bool any = false;
  for (const std::string& line : address.lines) any = any || !FoldStreet(line).empty();
  if (!any) return "";
  return Sha256Hex(NormalizedHomeAddress(address)).substr(0, 32);
}

}  // namespace relais
