// Postcodes and towns as one flat, checksummed byte table whose bytes are the index (the snapshot's
// spirit): the server keeps it in memory and the widget downloads it for its offline postcode search,
// and both query it with this code.
//
// Layout (little-endian, every section 4-byte aligned):
//   header   "RLPT", version (3), count, strings size (u32 each), XXH64 of everything after the header (u64)
//   int32    lat_e6[count], lon_e6[count]       micro-degrees, places sorted by postcode (stable)
//   uint32   postcode_at[count], town_at[count] offsets into strings: a length byte, then the bytes
//   uint32   by_name[count]                     places ordered by folded town name, then by index
//   uint8    strings[strings size]              each distinct string once (places share them)
// Opening checks the header, every size and offset, and the checksum: a truncated or hostile table is
// refused with a reason and never read out of bounds.
#ifndef RELAIS_ENGINE_PLACE_TABLE_H_
#define RELAIS_ENGINE_PLACE_TABLE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace relais {

struct Place {
  std::string postcode;
  std::string town;  // As published (La Poste: upper case, no accents: "SAINT ETIENNE").
  double lat = 0, lon = 0;
};

// "Saint-Étienne", "ST ETIENNE ", "St-Étienne Cedex 2" -> "saint etienne": lower case, Latin-1 accents
// dropped, hyphens and apostrophes as spaces, spaces collapsed and trimmed, "st" and "ste" followed by
// another word read as "saint" and "sainte" (La Poste's abbreviations), and "cedex" with what follows it
// dropped. What names are compared by.
std::string FoldPlaceName(std::string_view name);

// The table's bytes for `places` (any order; coordinates rounded to micro-degrees; a place given twice --
// same postcode, town and coordinates -- is stored once).
std::vector<uint8_t> BuildPlaceTable(std::vector<Place> places);

struct PlaceTableOpen;

// A view over table bytes, which must outlive it. Cheap to copy.
class PlaceTable {
 public:
  static PlaceTableOpen Open(std::span<const uint8_t> bytes);

  uint32_t size() const { return count_; }
  std::string_view postcode(uint32_t i) const { return String(postcode_at_[i]); }
  std::string_view town(uint32_t i) const { return String(town_at_[i]); }
  double lat(uint32_t i) const { return lat_e6_[i] / 1e6; }
  double lon(uint32_t i) const { return lon_e6_[i] / 1e6; }

  // The places (communes) sharing `postcode`: indices [first, last), in the order they were given.
  std::pair<uint32_t, uint32_t> WithPostcode(std::string_view postcode) const;
  // The middle of a postcode: the mean of its places' coordinates (a postcode spans several communes).
  std::optional<std::pair<double, double>> PostcodeCentre(std::string_view postcode) const;
  // Places whose folded name starts with the folded `prefix` (at least 2 characters), at most `limit`: the
  // exact name first, then names that go on with another word ("Marseille 01" for "marseille"), then names
  // where the prefix ends inside a word ("Marseillette"); shorter names first, then by postcode.
  std::vector<uint32_t> TownsStartingWith(std::string_view prefix, size_t limit) const;
  // Places whose postcode starts with `digits` (at least 2), in postcode order, at most `limit`.
  std::vector<uint32_t> PostcodesStartingWith(std::string_view digits, size_t limit) const;
  // What a search box holds: a postcode or its first digits when `text` starts with a digit, else a town
  // name (TownsStartingWith). Surrounding spaces are ignored. The widget's search and the server's agree
  // because both call this.
  std::vector<uint32_t> Search(std::string_view text, size_t limit) const;

 private:
  PlaceTable() = default;
  std::string_view String(uint32_t at) const {
    return {reinterpret_cast<const char*>(strings_.data()) + at + 1, strings_[at]};
  }

  uint32_t count_ = 0;
  std::span<const int32_t> lat_e6_, lon_e6_;
  std::span<const uint32_t> postcode_at_, town_at_, by_name_;
  std::span<const uint8_t> strings_;
};

struct PlaceTableOpen {
  std::optional<PlaceTable> table;
  std::string error;  // Why it was refused, when it was.
};

}  // namespace relais

#endif  // RELAIS_ENGINE_PLACE_TABLE_H_
