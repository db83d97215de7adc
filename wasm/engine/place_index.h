// Postcodes and towns with their coordinates: where to search for relay points when the shopper (or a
// customer-service caller) names a place rather than a position. The server's /v1/relays/nearest?postcode=
// and ?town= answer from it; the widget's offline search uses the same code.
//
// Built from La Poste's "Base officielle des codes postaux" (the hexasmal CSV: `;`-separated, one header
// line, Code_commune_INSEE;Nom_commune;Code_postal;Ligne_5;Libellé_d_acheminement;coordonnees_gps with
// "lat,lon" in the last column). ODbL: whoever shows results from it attributes La Poste.
//
// The places themselves live in a PlaceTable (place_table.h): the same bytes the widget downloads.
#ifndef RELAIS_ENGINE_PLACE_INDEX_H_
#define RELAIS_ENGINE_PLACE_INDEX_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "wasm/engine/place_table.h"

namespace relais {

class PlaceIndex {
 public:
  PlaceIndex() = default;
  PlaceIndex(PlaceIndex&&) = default;
  PlaceIndex& operator=(PlaceIndex&&) = default;

  // Parses the CSV into a place table (place_table.h). Rows without coordinates (overseas collectivities
  // in some editions) are skipped and counted; a text that is not the expected CSV (header, column count,
  // a coordinate out of range) gives nullopt and `*error` says which line and why.
  static std::optional<PlaceIndex> FromLaPosteCsv(std::string_view text, std::string* error);

  size_t size() const { return table_->size(); }
  size_t skipped_rows() const { return skipped_rows_; }
  // Rows naming a place already read (one per delivery line, "Ligne_5"): kept once.
  size_t repeated_rows() const { return repeated_rows_; }
  // The table's bytes: what the widget downloads for its offline search.
  const std::vector<uint8_t>& bytes() const { return bytes_; }
  const PlaceTable& table() const { return *table_; }

  // PlaceTable's queries, as places (see there).
  std::vector<Place> WithPostcode(std::string_view postcode) const;
  std::optional<std::pair<double, double>> PostcodeCentre(std::string_view postcode) const {
    return table_->PostcodeCentre(postcode);
  }
  std::vector<Place> TownsStartingWith(std::string_view prefix, size_t limit) const;

 private:
  Place PlaceAt(uint32_t i) const;

  std::vector<uint8_t> bytes_;  // Heap storage: moving the index keeps the table's view valid.
  std::optional<PlaceTable> table_;
  size_t skipped_rows_ = 0;
  size_t repeated_rows_ = 0;
};

}  // namespace relais

#endif  // RELAIS_ENGINE_PLACE_INDEX_H_
