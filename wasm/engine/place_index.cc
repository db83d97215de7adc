#include "wasm/engine/place_index.h"

#include <cmath>

namespace relais {

namespace {

// A plain decimal ("48.9741132204", "-1.544"): IEEE division of two exact integers, so the same double on
// every platform. nullopt when not one.
std::optional<double> ParseDecimal(std::string_view s) {
  size_t i = 0;
  const bool negative = !s.empty() && s[0] == '-';
  i += negative;
  int64_t mantissa = 0;
  int digits = 0, fraction = 0;
  bool point = false;
  for (; i < s.size(); ++i) {
    if (s[i] == '.' && !point) {
      point = true;
      continue;
    }
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    if (digits == 15) continue;  // Beyond a double's precision: dropped.
    mantissa = mantissa * 10 + (s[i] - '0');
    ++digits;
    fraction += point;
  }
  if (digits == 0) return std::nullopt;
  double value = static_cast<double>(mantissa) / std::pow(10.0, fraction);  // 10^k exact for k <= 22.
  return negative ? -value : value;
}

std::vector<std::string_view> SplitFields(std::string_view line, char separator) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  for (size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || line[i] == separator) {
      fields.push_back(line.substr(start, i - start));
      start = i + 1;
    }
  }
  return fields;
}

}  // namespace

std::optional<PlaceIndex> PlaceIndex::FromLaPosteCsv(std::string_view text, std::string* error) {
  PlaceIndex index;
  std::vector<Place> places;
  size_t line_number = 0;
  bool header = true;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    const std::vector<std::string_view> fields = SplitFields(line, ';');
    const std::string at = "line " + std::to_string(line_number) + ": ";
    if (header) {
      if (fields.size() != 6 || fields[2] != "Code_postal" || fields[5] != "coordonnees_gps") {
        *error = at + "not La Poste's postcode file (expected the header Code_commune_INSEE;...;coordonnees_gps)";
        return std::nullopt;
      }
      header = false;
      continue;
    }
    if (fields.size() != 6) {
      *error = at + "expected 6 fields, found " + std::to_string(fields.size());
      return std::nullopt;
    }
    if (fields[5].empty()) {
      ++index.skipped_rows_;
      continue;
    }
    const size_t comma = fields[5].find(',');
    const std::optional<double> lat = ParseDecimal(fields[5].substr(0, comma));
    const std::optional<double> lon =
        comma == std::string_view::npos ? std::nullopt : ParseDecimal(fields[5].substr(comma + 1));
    if (!lat || !lon || *lat < -90 || *lat > 90 || *lon < -180 || *lon > 180) {
      *error = at + "coordonnees_gps must be \"lat,lon\" in degrees";
      return std::nullopt;
    }
    if (fields[2].empty() || fields[1].empty()) {
      *error = at + "a place needs its postcode and its name";
      return std::nullopt;
    }
    places.push_back({std::string(fields[2]), std::string(fields[1]), *lat, *lon});
  }
  if (header) {
    *error = "empty postcode file";
    return std::nullopt;
  }
  const size_t rows = places.size();
  index.bytes_ = BuildPlaceTable(std::move(places));
  index.table_ = PlaceTable::Open(index.bytes_).table;
  index.repeated_rows_ = rows - index.table_->size();
  return index;
}

std::vector<Place> PlaceIndex::WithPostcode(std::string_view postcode) const {
  std::vector<Place> places;
  const auto [first, last] = table_->WithPostcode(postcode);
  for (uint32_t i = first; i < last; ++i) places.push_back(PlaceAt(i));
  return places;
}

std::vector<Place> PlaceIndex::TownsStartingWith(std::string_view prefix, size_t limit) const {
  std::vector<Place> places;
  for (uint32_t i : table_->TownsStartingWith(prefix, limit)) places.push_back(PlaceAt(i));
  return places;
}

Place PlaceIndex::PlaceAt(uint32_t i) const {
  return {std::string(table_->postcode(i)), std::string(table_->town(i)), table_->lat(i), table_->lon(i)};
}

}  // namespace relais
