// A home address as one place however it was typed: what decides whether a basket's home lines may ride
// with a shipment already going to the shopper's home (split_plan.h's OpenShipment). Two orders of one
// customer may go to different homes (a holiday flat, a parent's): joining on the customer alone sent a
// Marseille basket with a Paris parcel.
//
// The fields are compared normalised: lower case, accents dropped, punctuation as spaces (FoldPlaceName),
// the usual street abbreviations written out ("bd" boulevard, "av" avenue, "pl" place, "fbg" faubourg,
// "rte" route, "chem" chemin, "imp" impasse; "st"/"ste" as in place names), a "CEDEX" dropped, the
// postcode's digits, the country's ISO code in capitals. "5, Bd Voltaire" and "5 boulevard Voltaire" are
// one address; "5 bis" and "5" are two.
#ifndef RELAIS_ENGINE_HOME_ADDRESS_H_
#define RELAIS_ENGINE_HOME_ADDRESS_H_

#include <span>
#include <string>
#include <string_view>

namespace relais {

struct HomeAddress {
  std::span<const std::string> lines;  // Street lines, as typed.
  std::string_view postcode;
  std::string_view city;
  std::string_view country;  // ISO 3166 alpha-2 ("" : FR).
};

// The normalised address, one line: "5 boulevard voltaire|75011|paris|FR".
std::string NormalizedHomeAddress(const HomeAddress& address);

// What open shipments and baskets carry to compare homes without carrying the address itself: 32 lower-hex
// characters of the SHA-256 of NormalizedHomeAddress. "" when the address has no street line.
std::string HomeAddressKey(const HomeAddress& address);

}  // namespace relais

#endif  // RELAIS_ENGINE_HOME_ADDRESS_H_
