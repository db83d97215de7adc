// Adapter: La Poste's open-data list of postal contact points (CSV, ';'-separated, 16 columns) to
// canonical relay points. The file publishes no opening hours: points get unknown hours.
#ifndef RELAIS_DATA_SYNC_LAPOSTE_CONTACT_POINTS_H_
#define RELAIS_DATA_SYNC_LAPOSTE_CONTACT_POINTS_H_

#include <string>
#include <string_view>

#include "wasm/engine/relay_point.h"

namespace relais {

struct LaPosteRow {
  bool header = false;  // The column-title line: skip it.
  std::string error;    // Why the row was rejected, when it was.
  RelayPoint point;     // Valid when !header and error is empty.
};

// Converts one line of laposte_poincont2 (without its line ending).
LaPosteRow ParseLaPosteContactPoint(std::string_view line);

// The IANA zone of a French postcode (overseas departments and territories, Monaco included).
std::string_view ZoneOfFrenchPostcode(std::string_view postcode);

}  // namespace relais

#endif  // RELAIS_DATA_SYNC_LAPOSTE_CONTACT_POINTS_H_
