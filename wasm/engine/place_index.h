// Postcodes and towns with their coordinates: where to search for relay points when the shopper (or a
// customer-service caller) names a place rather than a position. The server's /v1/relays/nearest?postcode=
// and ?town= answer from it; the widget's offline search uses the same code.
//
// Built from La Poste's "Base officielle des codes postaux" (the hexasmal CSV: `;`-separated, one header
// line, Code_commune_INSEE;Nom_commune;Code_postal;Ligne_5;Libellé_d_acheminement;coordonnees_gps with
// "lat,lon" in the last column). ODbL: whoever shows results from it attributes La Poste.
//
// Flat and sorted, in the spirit of the snapshot: places by postcode, and (folded name, place) pairs by
// name, both searched by binary search.
#ifndef RELAIS_ENGINE_PLACE_INDEX_H_
#define RELAIS_ENGINE_PLACE_INDEX_H_

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

// "Saint-Étienne", "ST ETIENNE " -> "saint etienne" / "st etienne": lower case, Latin-1 accents dropped,
// hyphens and apostrophes as spaces, spaces collapsed and trimmed. What names are compared by.
std::string FoldPlaceName(std::string_view name);

class PlaceIndex {
 public:
  PlaceIndex() = default;

  // Parses the CSV. Rows without coordinates (overseas collectivities in some editions) are skipped and
  // counted; a text that is not the expected CSV (header, column count, a coordinate out of range) gives
  // nullopt and `*error` says which line and why.
  static std::optional<PlaceIndex> FromLaPosteCsv(std::string_view text, std::string* error);

  size_t size() const { return by_postcode_.size(); }
  size_t skipped_rows() const { return skipped_rows_; }

  // The places (communes) that share `postcode`, in file order; empty when unknown.
  std::span<const Place> WithPostcode(std::string_view postcode) const;

  // The middle of a postcode: the mean of its places' coordinates (a postcode spans several communes).
  std::optional<std::pair<double, double>> PostcodeCentre(std::string_view postcode) const;

  // Places whose folded name starts with the folded `prefix` (at least 2 characters), at most `limit`: the
  // exact name first, then names that continue with another word ("Marseille 01" for "marseille"), then
  // names where the prefix ends inside a word ("Marseillette"); shorter names first, then by postcode.
  std::vector<const Place*> TownsStartingWith(std::string_view prefix, size_t limit) const;

 private:
  std::vector<Place> by_postcode_;                         // Sorted by postcode, file order within one.
  std::vector<std::pair<std::string, uint32_t>> by_name_;  // (folded town, index in by_postcode_), sorted.
  size_t skipped_rows_ = 0;
};

}  // namespace relais

#endif  // RELAIS_ENGINE_PLACE_INDEX_H_
