// Adapter: Mondial Relay's relay points to canonical relay points.
//
// Layout (one PointRelais_Details element per point, anywhere in the document: the web service's SOAP
// answer or a file of such elements; namespace prefixes are ignored):
//   Num (the point's id), LgAdr1..2 (name lines), LgAdr3..4 (address lines), CP, Ville, Pays (ISO alpha-2),
//   Latitude/Longitude with a decimal comma and zero padding ("050,6365000", "-001,5536000"),
//   Horaires_Lundi..Horaires_Dimanche, each four <string>HHMM</string> values (two open/close pairs; a pair
//   "0000"/"0000" is no slot; an open "0000" is midnight, a close "0000" the end of the day),
//   Informations_Dispo: Periode elements of Debut/Fin (YYYY-MM-DD[Thh:mm:ss] or DD/MM/YYYY), inclusive.
// Mondial Relay publishes no locker flag here: every point is a shop. No Horaires_* at all: unknown hours.
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
