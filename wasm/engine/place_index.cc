#include "wasm/engine/place_index.h"

#include <algorithm>
#include <cmath>

namespace relais {

namespace {

// The Latin-1 letters of UTF-8's C3 block, by their second byte (0x80..0xBF), as lower-case ASCII; 0: keep.
char FoldC3(unsigned char second) {
  static constexpr char kFolded[64] = {
      'a', 'a', 'a', 'a', 'a', 'a', 'a', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',  // 80-8F: À..Ï
      'd', 'n', 'o', 'o', 'o', 'o', 'o', 0,   'o', 'u', 'u', 'u', 'u', 'y', 0,   's',  // 90-9F: Ð..ß
      'a', 'a', 'a', 'a', 'a', 'a', 'a', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',  // A0-AF: à..ï
      'd', 'n', 'o', 'o', 'o', 'o', 'o', 0,   'o', 'u', 'u', 'u', 'u', 'y', 0,   'y',  // B0-BF: ð..ÿ
  };
  return second >= 0x80 && second <= 0xBF ? kFolded[second - 0x80] : 0;
}

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

std::string FoldPlaceName(std::string_view name) {
  std::string folded;
  folded.reserve(name.size());
  const auto space = [&] {
    if (!folded.empty() && folded.back() != ' ') folded.push_back(' ');
  };
  for (size_t i = 0; i < name.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    if (c == 0xC3 && i + 1 < name.size() && FoldC3(static_cast<unsigned char>(name[i + 1]))) {
      folded.push_back(FoldC3(static_cast<unsigned char>(name[++i])));
    } else if (c == 0xC5 && i + 1 < name.size() && (name[i + 1] == '\x92' || name[i + 1] == '\x93')) {
      folded += "oe";  // Œ, œ.
      ++i;
    } else if (c == ' ' || c == '-' || c == '\'' || c == '\t') {
      space();
    } else if (c >= 'A' && c <= 'Z') {
      folded.push_back(static_cast<char>(c - 'A' + 'a'));
    } else {
      folded.push_back(static_cast<char>(c));
    }
  }
  if (!folded.empty() && folded.back() == ' ') folded.pop_back();
  return folded;
}

std::optional<PlaceIndex> PlaceIndex::FromLaPosteCsv(std::string_view text, std::string* error) {
  PlaceIndex index;
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
    index.by_postcode_.push_back({std::string(fields[2]), std::string(fields[1]), *lat, *lon});
  }
  if (header) {
    *error = "empty postcode file";
    return std::nullopt;
  }
  std::stable_sort(index.by_postcode_.begin(), index.by_postcode_.end(),
                   [](const Place& a, const Place& b) { return a.postcode < b.postcode; });
  index.by_name_.reserve(index.by_postcode_.size());
  for (size_t i = 0; i < index.by_postcode_.size(); ++i) {
    index.by_name_.push_back({FoldPlaceName(index.by_postcode_[i].town), static_cast<uint32_t>(i)});
  }
  std::sort(index.by_name_.begin(), index.by_name_.end());
  return index;
}

std::span<const Place> PlaceIndex::WithPostcode(std::string_view postcode) const {
  const auto [first, last] =
      std::equal_range(by_postcode_.begin(), by_postcode_.end(), postcode, [](const auto& a, const auto& b) {
        if constexpr (std::is_same_v<std::decay_t<decltype(a)>, Place>) {
          return std::string_view(a.postcode) < b;
        } else {
          return a < std::string_view(b.postcode);
        }
      });
  return {by_postcode_.data() + (first - by_postcode_.begin()), static_cast<size_t>(last - first)};
}

std::optional<std::pair<double, double>> PlaceIndex::PostcodeCentre(std::string_view postcode) const {
  const std::span<const Place> places = WithPostcode(postcode);
  if (places.empty()) return std::nullopt;
  double lat = 0, lon = 0;
  for (const Place& p : places) {
    lat += p.lat;
    lon += p.lon;
  }
  return std::pair{lat / static_cast<double>(places.size()), lon / static_cast<double>(places.size())};
}

std::vector<const Place*> PlaceIndex::TownsStartingWith(std::string_view prefix, size_t limit) const {
  const std::string folded = FoldPlaceName(prefix);
  std::vector<const Place*> found;
  if (folded.size() < 2) return found;
  std::vector<std::pair<const std::string*, uint32_t>> matches;
  for (auto it = std::lower_bound(by_name_.begin(), by_name_.end(), std::pair{folded, uint32_t{0}});
       it != by_name_.end() && std::string_view(it->first).substr(0, folded.size()) == folded; ++it) {
    matches.push_back({&it->first, it->second});
  }
  // 0: the name itself; 1: its first words ("marseille" -> "marseille 01"); 2: a longer word ("marseillette").
  const auto rank = [&](const std::string& name) {
    return name.size() == folded.size() ? 0 : name[folded.size()] == ' ' ? 1 : 2;
  };
  std::stable_sort(matches.begin(), matches.end(), [&](const auto& a, const auto& b) {
    if (rank(*a.first) != rank(*b.first)) return rank(*a.first) < rank(*b.first);
    if (a.first->size() != b.first->size()) return a.first->size() < b.first->size();
    return a.second < b.second;
  });
  for (size_t i = 0; i < matches.size() && found.size() < limit; ++i) found.push_back(&by_postcode_[matches[i].second]);
  return found;
}

}  // namespace relais
