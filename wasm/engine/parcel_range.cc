#include "wasm/engine/parcel_range.h"

#include <algorithm>

#include "wasm/engine/parcel_number.h"

namespace relais {

namespace {

struct Scheme {
  std::string_view name;
  size_t width;  // Characters of prefix + serial (the check's body).
  size_t prefix_min, prefix_max;
  bool prefix_letters;            // Capitals allowed in the prefix.
  std::string_view check_format;  // ParcelCheckCharacter's format; "" for none.
  std::string_view prefix_text;
};

constexpr Scheme kSchemes[] = {
    {"colissimo", 12, 2, 2, true, "colissimo", "the product code is 2 capitals or digits"},
    {"upu-s10", 10, 2, 2, true, "upu-s10", "the service indicator is 2 capitals"},
    {"dpd", 14, 0, 13, true, "dpd", "0 to 13 capitals or digits"},
    {"sscc-18", 17, 2, 16, false, "sscc-18", "the extension digit and GS1 company prefix, 2 to 16 digits"},
    {"mondial-relay", 8, 0, 0, false, "", "none: Mondial Relay's shipment numbers have no prefix"},
};

const Scheme* FindScheme(std::string_view name) {
  for (const Scheme& s : kSchemes) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

size_t DigitsOf(uint64_t value) {
  size_t digits = 1;
  while (value >= 10) {
    value /= 10;
    ++digits;
  }
  return digits;
}

}  // namespace

std::string ValidateParcelRange(const ParcelRange& range) {
  const Scheme* scheme = FindScheme(range.scheme);
  if (!scheme) return "scheme: one of colissimo, upu-s10, dpd, sscc-18, mondial-relay";
  const std::string& p = range.prefix;
  const bool upu = range.scheme == "upu-s10";  // Its service indicator is letters only.
  const bool prefix_ok =
      p.size() >= scheme->prefix_min && p.size() <= scheme->prefix_max && std::all_of(p.begin(), p.end(), [&](char c) {
        return (IsDigit(c) && !upu) || (scheme->prefix_letters && IsUpper(c));
      });
  if (!prefix_ok) return "prefix: " + std::string(scheme->prefix_text);
  if (upu) {
    if (range.country.size() != 2 || !IsUpper(range.country[0]) || !IsUpper(range.country[1])) {
      return "country: 2 capitals (ISO alpha-2)";
    }
  } else if (!range.country.empty()) {
    return "country: only an upu-s10 range has one";
  }
  const size_t serial_width = scheme->width - p.size();
  if (range.first > range.last) return "first: after last";
  if (DigitsOf(range.last) > serial_width) return "last: " + std::to_string(serial_width) + " digits at most";
  return "";
}

std::optional<std::string> ParcelNumberOf(const ParcelRange& range, uint64_t serial) {
  if (!ValidateParcelRange(range).empty() || serial < range.first || serial > range.last) return std::nullopt;
  const Scheme& scheme = *FindScheme(range.scheme);
  std::string serial_text = std::to_string(serial);
  const std::string body =
      range.prefix + std::string(scheme.width - range.prefix.size() - serial_text.size(), '0') + serial_text;
  if (scheme.check_format.empty()) return body;
  if (range.scheme == "colissimo") return body + ParcelCheckCharacter("colissimo", std::string_view(body).substr(2));
  if (range.scheme == "upu-s10") {
    return body + ParcelCheckCharacter("upu-s10", std::string_view(body).substr(2)) + range.country;
  }
  if (range.scheme == "sscc-18") return "00" + body + ParcelCheckCharacter("sscc-18", body);
  return body + ParcelCheckCharacter(scheme.check_format, body);  // dpd
}

std::string_view CarrierOfParcelScheme(std::string_view scheme) {
  if (scheme == "colissimo" || scheme == "upu-s10") return "colissimo";
  if (scheme == "dpd" || scheme == "mondial-relay") return scheme;
  return "";
}

}  // namespace relais
