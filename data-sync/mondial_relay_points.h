// Adapter: Mondial Relay's relay points (the WSI4_PointRelais_Recherche SOAP answer) to canonical relay points.
//
// Layout, as recorded (tests/fixtures/carriers/mondial-relay/SOURCE.md): one PointRelais_Details element per point,
// anywhere in the document (namespace prefixes ignored). Text values are space-padded to fixed widths (and cut
// there); empty elements are self-closing (<LgAdr2 />).
//   Num (the id), LgAdr1..2 (name lines), LgAdr3..4 (address lines), Localisation1..2 (where to find it: kept
//   as further address lines), CP, Ville, Pays (ISO alpha-2), Latitude/Longitude with a decimal comma and a
//   two-digit padded integer part ("45,7728450", "-00,3776704"), Information ("LOCKER" for a locker; the only
//   flag: TypeActivite is 000 for every point and some lockers' names do not say it),
//   Horaires_Lundi..Horaires_Dimanche, each four <string>HHMM</string> values (two open/close pairs; a pair
//   "0000"/"0000" is no slot; an open "0000" is midnight, a close "0000" the end of the day),
//   Informations_Dispo: Periode elements of Debut/Fin (YYYY-MM-DD[Thh:mm:ss] or DD/MM/YYYY), inclusive.
//   No Horaires_* at all: unknown hours. An answer with no point and a STAT other than 0 is an error quoting it.
// Rules: locker_by_information, and the hours' rules of carrier_week.h (24/7 lockers publish 0001-2359).
#ifndef RELAIS_DATA_SYNC_MONDIAL_RELAY_POINTS_H_
#define RELAIS_DATA_SYNC_MONDIAL_RELAY_POINTS_H_

#include <string>
#include <string_view>
#include <vector>

#include "data-sync/adapted_point.h"

namespace relais {

// Every point of the document, in document order; `error` is set (and nothing returned) when the text is
// not XML or holds no PointRelais_Details.
std::vector<AdaptedPoint> ReadMondialRelayPoints(std::string_view xml, std::string* error);

}  // namespace relais

#endif  // RELAIS_DATA_SYNC_MONDIAL_RELAY_POINTS_H_
