#include "wasm/engine/parcel_number.h"

#include <algorithm>
#include <cstddef>
#include <span>
#include <string>

namespace relais {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool AllDigits(std::string_view s) { return std::all_of(s.begin(), s.end(), IsDigit); }
bool AllUpperOrDigit(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return IsDigit(c) || IsUpper(c); });
}

// Mondial Relay: weights 2, 3, ..., 7, 2, 3, ... from the rightmost digit; 11 - S mod 11, with 10 and 11 as 0.
char MondialRelayCheck(std::string_view digits) {
  int sum = 0, weight = 2;
  for (size_t i = digits.size(); i-- > 0;) {
    sum += (digits[i] - '0') * weight;
    weight = weight == 7 ? 2 : weight + 1;
  }
  const int check = 11 - sum % 11;
  return static_cast<char>('0' + (check >= 10 ? 0 : check));
}

// Colissimo: from the left, odd positions x1 and even positions x3; (10 - S mod 10) mod 10.
char ColissimoKey(std::string_view digits) {
  int sum = 0;
  for (size_t i = 0; i < digits.size(); ++i) sum += (digits[i] - '0') * (i % 2 == 0 ? 1 : 3);
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

// UPU S10: weights 8, 6, 4, 2, 3, 5, 9, 7; 11 - S mod 11, with R = 0 giving 5 and R = 1 giving 0.
char UpuS10Check(std::string_view digits) {
  static constexpr int kWeights[8] = {8, 6, 4, 2, 3, 5, 9, 7};
  int sum = 0;
  for (size_t i = 0; i < 8; ++i) sum += (digits[i] - '0') * kWeights[i];
  const int r = sum % 11;
  return static_cast<char>('0' + (r == 0 ? 5 : r == 1 ? 0 : 11 - r));
}

// GS1: weights 3, 1, 3, ... from the rightmost digit; (10 - S mod 10) mod 10.
char Gs1Check(std::string_view digits) {
  int sum = 0;
  for (size_t i = 0; i < digits.size(); ++i) sum += (digits[digits.size() - 1 - i] - '0') * (i % 2 == 0 ? 3 : 1);
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

// ISO/IEC 7064 MOD 37,36 over 0-9 and A-Z (values 0-35), as DPD prints it.
char DpdCheck(std::string_view text) {
  int cd = 36;
  for (const char c : text) {
    cd += IsDigit(c) ? c - '0' : c - 'A' + 10;
    if (cd > 36) cd -= 36;
    cd *= 2;
    if (cd > 36) cd -= 37;
  }
  cd = 37 - cd;
  if (cd == 36) cd = 0;
  return static_cast<char>(cd < 10 ? '0' + cd : 'A' + cd - 10);
}

// One form of a carrier's numbers: `prefix`, then `min`..`max` characters of digits (or capitals and digits).
struct Shape {
  std::string_view prefix;
  size_t min, max;
  bool digits_only;
  std::string_view text;
};

constexpr Shape kSscc = {"00", 18, 18, true, "a 20-digit GS1 SSCC starting 00"};
constexpr Shape kMondialRelay[] = {
    {"", 8, 8, true, "8 digits (shipment number)"}, {"", 26, 26, true, "26 digits (label barcode)"}, kSscc};
constexpr Shape kInpost[] = {{"", 24, 24, true, "24 digits"}, kSscc};
constexpr Shape kLaPoste[] = {{"", 13, 13, false, "13 capitals and digits (6A12345678901, RB123456785GB)"}, kSscc};
constexpr Shape kChronopost[] = {{"", 13, 13, false, "13 capitals and digits (XP696982485FR)"},
                                 {"", 14, 15, false, "14 or 15 capitals and digits (XP696982485248D)"},
                                 kSscc};
constexpr Shape kDpd[] = {{"", 14, 15, false, "14 or 15 capitals and digits (parcel number)"},
                          {"", 27, 28, false, "27 or 28 capitals and digits (label barcode)"},
                          {"%", 28, 28, false, "the barcode read with its %"},
                          kSscc};
constexpr Shape kAnyCarrier[] = {{"", 6, 35, false, "6 to 35 capitals and digits"}};

std::span<const Shape> ShapesOf(std::string_view carrier) {
  if (carrier == "mondial-relay") return kMondialRelay;
  if (carrier == "inpost") return kInpost;
  if (carrier == "colissimo" || carrier == "la-poste") return kLaPoste;
  if (carrier == "chronopost") return kChronopost;
  if (carrier == "dpd") return kDpd;
  return kAnyCarrier;
}

bool Fits(const Shape& shape, std::string_view number) {
  if (!number.starts_with(shape.prefix)) return false;
  const std::string_view rest = number.substr(shape.prefix.size());
  return rest.size() >= shape.min && rest.size() <= shape.max &&
         (shape.digits_only ? AllDigits(rest) : AllUpperOrDigit(rest));
}

}  // namespace

ParcelNumberShapes ShapesOfParcelNumbers(std::string_view carrier) {
  ParcelNumberShapes out;
  const std::span<const Shape> shapes = ShapesOf(carrier);
  for (size_t i = 0; i < shapes.size(); ++i) {
    const Shape& s = shapes[i];
    out.text += std::string(i == 0 ? "" : i + 1 == shapes.size() ? " or " : ", ") + std::string(s.text);
    out.pattern += std::string(i == 0 ? "^(?:" : "|") + std::string(s.prefix) + (s.digits_only ? "[0-9]" : "[A-Z0-9]") +
                   "{" + std::to_string(s.min) + (s.max == s.min ? "" : "," + std::to_string(s.max)) + "}";
  }
  out.pattern += ")$";
  return out;
}

bool LooksLikeParcelNumber(std::string_view carrier, std::string_view number) {
  const std::span<const Shape> shapes = ShapesOf(carrier);
  return std::any_of(shapes.begin(), shapes.end(), [&](const Shape& s) { return Fits(s, number); });
}

char ParcelCheckCharacter(std::string_view format, std::string_view body) {
  if (format == "colissimo" && body.size() == 10 && AllDigits(body)) return ColissimoKey(body);
  if (format == "upu-s10" && body.size() == 8 && AllDigits(body)) return UpuS10Check(body);
  if (format == "dpd" && body.size() == 14 && AllUpperOrDigit(body)) return DpdCheck(body);
  if (format == "sscc-18" && body.size() == 17 && AllDigits(body)) return Gs1Check(body);
  if (format == "mondial-relay-barcode" && (body.size() == 14 || body.size() == 10) && AllDigits(body)) {
    return MondialRelayCheck(body);
  }
  return '\0';
}

ParcelNumberCheck CheckParcelNumber(std::string_view carrier, std::string_view number) {
  const size_t n = number.size();
  if (n == 20 && number.starts_with("00") && AllDigits(number)) {
    return ParcelNumberCheck{"sscc-18", Gs1Check(number.substr(2, 17)) == number[19]};
  }
  if (carrier == "mondial-relay" && n == 26 && AllDigits(number)) {
    return ParcelNumberCheck{"mondial-relay-barcode", MondialRelayCheck(number.substr(0, 14)) == number[14] &&
                                                          MondialRelayCheck(number.substr(15, 10)) == number[25]};
  }
  const bool la_poste = carrier == "colissimo" || carrier == "la-poste";
  if ((la_poste || carrier == "chronopost") && n == 13 && IsUpper(number[0]) && IsUpper(number[1]) &&
      AllDigits(number.substr(2, 9)) && IsUpper(number[11]) && IsUpper(number[12])) {
    return ParcelNumberCheck{"upu-s10", UpuS10Check(number.substr(2, 8)) == number[10]};
  }
  if (la_poste && n == 13 && AllUpperOrDigit(number.substr(0, 2)) && AllDigits(number.substr(2))) {
    return ParcelNumberCheck{"colissimo", ColissimoKey(number.substr(2, 10)) == number[12]};
  }
  if (carrier == "dpd") {
    // The parcel number with its check character, or the whole barcode (postcode, parcel number, service and
    // country: 27 characters, '%' first when read from the label) with the check character of all 27.
    const std::string_view text = n == 29 && number[0] == '%' ? number.substr(1) : number;
    if ((text.size() == 15 || text.size() == 28) && AllUpperOrDigit(text)) {
      return ParcelNumberCheck{"dpd", DpdCheck(text.substr(0, text.size() - 1)) == text.back()};
    }
  }
  return {};
}

}  // namespace relais
