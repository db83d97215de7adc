#include "data-sync/carrier_fields.h"

#include <algorithm>
#include <charconv>

#include "data-sync/laposte_contact_points.h"

namespace relais {

namespace {

struct CountryZone {
  const char* alpha2;
  const char* alpha3;
  int numeric;  // ISO 3166-1 numeric (DPD's country_id).
  const char* zone;
};
constexpr CountryZone kCountries[] = {
    {"FR", "FRA", 250, "Europe/Paris"},     {"MC", "MCO", 492, "Europe/Monaco"},
    {"BE", "BEL", 56, "Europe/Brussels"},   {"LU", "LUX", 442, "Europe/Luxembourg"},
    {"DE", "DEU", 276, "Europe/Berlin"},    {"NL", "NLD", 528, "Europe/Amsterdam"},
    {"ES", "ESP", 724, "Europe/Madrid"},    {"PT", "PRT", 620, "Europe/Lisbon"},
    {"IT", "ITA", 380, "Europe/Rome"},      {"AT", "AUT", 40, "Europe/Vienna"},
    {"CH", "CHE", 756, "Europe/Zurich"},    {"PL", "POL", 616, "Europe/Warsaw"},
    {"CZ", "CZE", 203, "Europe/Prague"},    {"SK", "SVK", 703, "Europe/Bratislava"},
    {"HU", "HUN", 348, "Europe/Budapest"},  {"GB", "GBR", 826, "Europe/London"},
    {"IE", "IRL", 372, "Europe/Dublin"},    {"DK", "DNK", 208, "Europe/Copenhagen"},
    {"SE", "SWE", 752, "Europe/Stockholm"}, {"FI", "FIN", 246, "Europe/Helsinki"},
    {"EE", "EST", 233, "Europe/Tallinn"},   {"LV", "LVA", 428, "Europe/Riga"},
    {"LT", "LTU", 440, "Europe/Vilnius"},   {"SI", "SVN", 705, "Europe/Ljubljana"},
    {"HR", "HRV", 191, "Europe/Zagreb"},    {"RO", "ROU", 642, "Europe/Bucharest"},
    {"BG", "BGR", 100, "Europe/Sofia"},     {"GR", "GRC", 300, "Europe/Athens"},
};

}  // namespace

std::string CountryAlpha2(std::string_view country) {
  for (const CountryZone& c : kCountries) {
    if (country == c.alpha3) return c.alpha2;
  }
  return std::string(country);
}

std::string CountryOfNumeric(int numeric) {
  for (const CountryZone& c : kCountries) {
    if (numeric == c.numeric) return c.alpha2;
  }
  return "";
}

std::string_view DefaultZone(std::string_view country, std::string_view postcode) {
  if (country == "FR") return ZoneOfFrenchPostcode(postcode);
  for (const CountryZone& c : kCountries) {
    if (country == c.alpha2) return c.zone;
  }
  return "";
}

std::string SetDefaultZone(RelayPoint* point) {
  point->tz = DefaultZone(point->country, point->postcode);
  const std::optional<TimeZoneRule> zone = FindTimeZone(point->tz);
  if (point->tz.empty() || !zone) return "no time zone known for country \"" + point->country + "\"";
  point->zone = *zone;
  return "";
}

std::optional<double> ParseDegrees(std::string_view text) {
  if (text.starts_with('+')) text.remove_prefix(1);
  if (text.empty() || text.size() > 32) return std::nullopt;
  char buffer[32];
  std::copy(text.begin(), text.end(), buffer);
  std::replace(buffer, buffer + text.size(), ',', '.');
  double value = 0;
  const auto [end, ec] = std::from_chars(buffer, buffer + text.size(), value);
  if (ec != std::errc() || end != buffer + text.size()) return std::nullopt;
  return value;
}

std::optional<DayNumber> ParseCarrierDate(std::string_view t) {
  if (t.size() >= 10 && t[4] == '-' && (t.size() == 10 || t[10] == 'T' || t[10] == ' ')) {
    return ParseIsoDate(t.substr(0, 10));
  }
  if (t.size() == 10 && t[2] == '/' && t[5] == '/') {
    const std::string iso =
        std::string(t.substr(6, 4)) + "-" + std::string(t.substr(3, 2)) + "-" + std::string(t.substr(0, 2));
    return ParseIsoDate(iso);
  }
  return std::nullopt;
}

std::optional<TimeRange> ParseTimeRange(std::string_view text) {
  const size_t dash = text.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  const std::optional<int> open = ParseHhMm(TrimBlanks(text.substr(0, dash)));
  const std::optional<int> close = ParseHhMm(TrimBlanks(text.substr(dash + 1)));
  if (!open || !close) return std::nullopt;
  return TimeRange{*open, *close};
}

std::string_view TrimBlanks(std::string_view s) {
  const size_t begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(" \t\r\n") - begin + 1);
}

}  // namespace relais
