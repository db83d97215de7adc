#include "wasm/engine/place_table.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "wasm/engine/file_checksum.h"

namespace relais {

namespace {

constexpr char kMagic[4] = {'R', 'L', 'P', 'T'};
constexpr uint32_t kVersion = 3;  // 2: XXH64 instead of CRC-32. 3: names fold "st"/"ste" to the saints.
constexpr size_t kHeaderBytes = 24;

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

void PutU32(std::vector<uint8_t>* out, uint32_t v) {
  for (int b = 0; b < 4; ++b) out->push_back(static_cast<uint8_t>(v >> (8 * b)));
}

uint32_t GetU32(const uint8_t* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

uint64_t GetU64(const uint8_t* p) { return GetU32(p) | uint64_t{GetU32(p + 4)} << 32; }

int32_t MicroDegrees(double degrees) { return static_cast<int32_t>(std::lround(degrees * 1e6)); }

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
  // Words: La Poste abbreviates saint and sainte (3,922 of the 32,771 names of its 2020 file have ST or STE:
  // "ST ETIENNE", "STE MARIE AUX MINES", "VILLERS ST PAUL"), and an address may carry "CEDEX 2" after the
  // town. A word followed by another is complete, so "st" and "ste" there are the saints; the last word may
  // still be typed ("st" -> "Strasbourg") and is left as it is.
  std::string words;
  words.reserve(folded.size() + 8);
  for (size_t start = 0; start < folded.size();) {
    size_t end = folded.find(' ', start);
    const bool last = end == std::string::npos;
    if (last) end = folded.size();
    const std::string_view word(folded.data() + start, end - start);
    if (word == "cedex" && start > 0) break;  // The distribution office, not the town.
    if (!words.empty()) words.push_back(' ');
    if (!last && word == "st") {
      words += "saint";
    } else if (!last && word == "ste") {
      words += "sainte";
    } else {
      words += word;
    }
    start = end + 1;
  }
  return words;
}

std::vector<uint8_t> BuildPlaceTable(std::vector<Place> places) {
  std::stable_sort(places.begin(), places.end(),
                   [](const Place& a, const Place& b) { return a.postcode < b.postcode; });
  // A place given twice (La Poste lists a commune once per delivery line, "Ligne_5") is kept once.
  std::unordered_set<std::string> seen;
  std::erase_if(places, [&](const Place& p) {
    const std::string key = p.postcode + '\n' + p.town + '\n' + std::to_string(MicroDegrees(p.lat)) + ',' +
                            std::to_string(MicroDegrees(p.lon));
    return !seen.insert(key).second;
  });
  const uint32_t n = static_cast<uint32_t>(places.size());
  std::vector<uint8_t> strings;
  // Each distinct string once: a postcode names several communes and a commune has several postcodes
  // (La Poste's file: 39k places, 6k postcodes), and the widget downloads these bytes.
  std::unordered_map<std::string, uint32_t> stored;
  const auto add = [&](std::string_view s) {
    s = s.substr(0, 255);
    const auto [it, added] = stored.try_emplace(std::string(s), static_cast<uint32_t>(strings.size()));
    if (added) {
      strings.push_back(static_cast<uint8_t>(s.size()));
      strings.insert(strings.end(), s.begin(), s.end());
    }
    return it->second;
  };
  std::vector<uint32_t> postcode_at(n), town_at(n), by_name(n);
  for (uint32_t i = 0; i < n; ++i) {
    postcode_at[i] = add(places[i].postcode);
    town_at[i] = add(places[i].town);
    by_name[i] = i;
  }
  std::vector<std::string> folded(n);
  for (uint32_t i = 0; i < n; ++i) folded[i] = FoldPlaceName(places[i].town);
  std::sort(by_name.begin(), by_name.end(),
            [&](uint32_t a, uint32_t b) { return folded[a] != folded[b] ? folded[a] < folded[b] : a < b; });
  while (strings.size() % 4) strings.push_back(0);
  std::vector<uint8_t> body;
  for (const Place& p : places) PutU32(&body, static_cast<uint32_t>(MicroDegrees(p.lat)));
  for (const Place& p : places) PutU32(&body, static_cast<uint32_t>(MicroDegrees(p.lon)));
  for (const std::vector<uint32_t>* column : {&postcode_at, &town_at, &by_name}) {
    for (uint32_t v : *column) PutU32(&body, v);
  }
  body.insert(body.end(), strings.begin(), strings.end());
  std::vector<uint8_t> table(kMagic, kMagic + 4);
  PutU32(&table, kVersion);
  PutU32(&table, n);
  PutU32(&table, static_cast<uint32_t>(strings.size()));
  const uint64_t checksum = Xxh64(body);
  PutU32(&table, static_cast<uint32_t>(checksum));
  PutU32(&table, static_cast<uint32_t>(checksum >> 32));
  table.insert(table.end(), body.begin(), body.end());
  return table;
}

PlaceTableOpen PlaceTable::Open(std::span<const uint8_t> bytes) {
  PlaceTableOpen open;
  if (bytes.size() < kHeaderBytes || std::memcmp(bytes.data(), kMagic, 4) != 0) {
    open.error = "not a place table";
    return open;
  }
  if (reinterpret_cast<uintptr_t>(bytes.data()) % 4 != 0) {
    open.error = "place table bytes must be 4-byte aligned";
    return open;
  }
  if (GetU32(bytes.data() + 4) != kVersion) {
    open.error = "place table version " + std::to_string(GetU32(bytes.data() + 4)) + " (this engine reads " +
                 std::to_string(kVersion) + ")";
    return open;
  }
  const uint64_t count = GetU32(bytes.data() + 8), strings_size = GetU32(bytes.data() + 12);
  if (bytes.size() != kHeaderBytes + 20 * count + strings_size) {
    open.error = "place table truncated or padded (" + std::to_string(bytes.size()) + " bytes for " +
                 std::to_string(count) + " places)";
    return open;
  }
  const uint8_t* body = bytes.data() + kHeaderBytes;
  if (Xxh64(bytes.subspan(kHeaderBytes)) != GetU64(bytes.data() + 16)) {
    open.error = "place table checksum mismatch";
    return open;
  }
  const size_t n = static_cast<size_t>(count), strings = static_cast<size_t>(strings_size);
  PlaceTable t;
  t.count_ = static_cast<uint32_t>(n);
  t.lat_e6_ = {reinterpret_cast<const int32_t*>(body), n};
  t.lon_e6_ = {reinterpret_cast<const int32_t*>(body + 4 * n), n};
  t.postcode_at_ = {reinterpret_cast<const uint32_t*>(body + 8 * n), n};
  t.town_at_ = {reinterpret_cast<const uint32_t*>(body + 12 * n), n};
  t.by_name_ = {reinterpret_cast<const uint32_t*>(body + 16 * n), n};
  t.strings_ = {body + 20 * n, strings};
  for (uint32_t i = 0; i < n; ++i) {
    for (uint32_t at : {t.postcode_at_[i], t.town_at_[i]}) {
      if (at >= strings || at + 1 + size_t{t.strings_[at]} > strings) {
        open.error = "place table string out of bounds at place " + std::to_string(i);
        return open;
      }
    }
    if (t.by_name_[i] >= n) {
      open.error = "place table name order out of bounds";
      return open;
    }
    if (std::abs(t.lat_e6_[i]) > 90'000'000 || std::abs(t.lon_e6_[i]) > 180'000'000) {
      open.error = "place table coordinates out of range at place " + std::to_string(i);
      return open;
    }
  }
  open.table = t;
  return open;
}

std::pair<uint32_t, uint32_t> PlaceTable::WithPostcode(std::string_view code) const {
  uint32_t lo = 0, hi = count_;
  while (lo < hi) {  // The first place whose postcode is not below `code`.
    const uint32_t mid = lo + (hi - lo) / 2;
    if (postcode(mid) < code)
      lo = mid + 1;
    else
      hi = mid;
  }
  uint32_t last = lo;
  while (last < count_ && postcode(last) == code) ++last;
  return {lo, last};
}

std::optional<std::pair<double, double>> PlaceTable::PostcodeCentre(std::string_view code) const {
  const auto [first, last] = WithPostcode(code);
  if (first == last) return std::nullopt;
  double lat = 0, lon = 0;
  for (uint32_t i = first; i < last; ++i) {
    lat += this->lat(i);
    lon += this->lon(i);
  }
  return std::pair{lat / (last - first), lon / (last - first)};
}

std::vector<uint32_t> PlaceTable::TownsStartingWith(std::string_view prefix, size_t limit) const {
  const std::string folded = FoldPlaceName(prefix);
  std::vector<uint32_t> found;
  if (folded.size() < 2) return found;
  uint32_t lo = 0, hi = count_;
  while (lo < hi) {  // The first name (in folded order) not below the prefix.
    const uint32_t mid = lo + (hi - lo) / 2;
    if (FoldPlaceName(town(by_name_[mid])) < folded)
      lo = mid + 1;
    else
      hi = mid;
  }
  std::vector<std::pair<std::string, uint32_t>> matches;
  for (uint32_t k = lo; k < count_; ++k) {
    std::string name = FoldPlaceName(town(by_name_[k]));
    if (name.compare(0, folded.size(), folded) != 0) break;
    matches.push_back({std::move(name), by_name_[k]});
  }
  // 0: the name itself; 1: its first words ("marseille" -> "marseille 01"); 2: a longer word ("marseillette").
  const auto rank = [&](const std::string& name) {
    return name.size() == folded.size() ? 0 : name[folded.size()] == ' ' ? 1 : 2;
  };
  std::stable_sort(matches.begin(), matches.end(), [&](const auto& a, const auto& b) {
    if (rank(a.first) != rank(b.first)) return rank(a.first) < rank(b.first);
    if (a.first.size() != b.first.size()) return a.first.size() < b.first.size();
    return a.second < b.second;
  });
  for (size_t i = 0; i < matches.size() && found.size() < limit; ++i) found.push_back(matches[i].second);
  return found;
}

std::vector<uint32_t> PlaceTable::PostcodesStartingWith(std::string_view digits, size_t limit) const {
  std::vector<uint32_t> found;
  if (digits.size() < 2) return found;
  for (uint32_t i = WithPostcode(digits).first; i < count_ && found.size() < limit; ++i) {
    if (!postcode(i).starts_with(digits)) break;
    found.push_back(i);
  }
  return found;
}

std::vector<uint32_t> PlaceTable::Search(std::string_view text, size_t limit) const {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.empty()) return {};
  if (text.front() >= '0' && text.front() <= '9') {
    std::string digits;  // "75 004" and "75004" alike.
    for (char c : text) {
      if (c >= '0' && c <= '9')
        digits += c;
      else if (c != ' ')
        return {};
    }
    return PostcodesStartingWith(digits, limit);
  }
  return TownsStartingWith(text, limit);
}

}  // namespace relais
