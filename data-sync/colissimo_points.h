// Adapter: Colissimo's pickup points (the point-retrait web service's SOAP answer to
// findRDVPointRetraitAcheminement) to canonical relay points.
//
// Layout, as recorded (tests/fixtures/carriers/colissimo/SOURCE.md): one listePointRetraitAcheminement element
// per point under return (namespace prefixes ignored; fields in any order, absent when empty):
//   identifiant (the id, leading zeros kept), nom (may end with a blank), adresse1..3, codePostal, localite,
//   codePays (alpha-2 or alpha-3), coordGeolocalisationLatitude / coordGeolocalisationLongitude (decimal
//   degrees), typeDePoint: A2P, CMT (shops), BPR, BDP, ACP, CDI (post offices), CIT, PCS (lockers),
//   poidsMaxi (grams), horairesOuvertureLundi..Dimanche ("HH:MM-HH:MM HH:MM-HH:MM"; 00:00-00:00 is an unused
//   box, either box may be the used one; none of the seven at all: unknown hours), periodeActiviteHoraireDeb /
//   Fin ("DD/MM", no year: the window in which these hours hold), listeConges elements of calendarDeDebut /
//   calendarDeFin (ISO date-times: their local date counts, inclusive), congesTotal, accesPersonneMobiliteReduite
//   / parking "true" -> the accessible / parking services. An answer with no point and an errorCode other
//   than 0 is an error quoting errorMessage.
// Rules:
//   locker_by_name       an A2P point whose nom starts with CONSIGNE is a locker: Colissimo types its lockers
//                        as shops, and their weight limit (16 or 20 kg) says nothing;
//   seasonal_hours,      post offices publish the hours of a season (26/08-30/11); they hold inside it and are
//   out_of_season_hours  unknown outside it (AdaptedPoint::season_*, judged on the sync's date);
//   closed_for_holidays  congesTotal "true" with no dates: kept, inactive;
//   and the hours' rules of carrier_week.h (24/7 points publish 00:01-12:00 12:00-23:59 every day).
// The REST flavour (format colissimo-json) answers the same fields by name as JSON: booleans and poidsMaxi as
// JSON values, coordinates and identifiant as strings, listeConges bounds as epoch milliseconds of the local
// midnight (read in the point's zone), errorCode / errorMessage beside the list.
#ifndef RELAIS_DATA_SYNC_COLISSIMO_POINTS_H_
#define RELAIS_DATA_SYNC_COLISSIMO_POINTS_H_

#include <string>
#include <string_view>
#include <vector>

#include "data-sync/adapted_point.h"

namespace relais {

// Every point of the document, in document order; `error` is set (and nothing returned) when the text is
// not XML or holds no listePointRetraitAcheminement.
std::vector<AdaptedPoint> ReadColissimoPoints(std::string_view xml, std::string* error);

// The same from the REST flavour's JSON answer; `error` is set (and nothing returned) when the text is not such
// an answer or holds no point.
std::vector<AdaptedPoint> ReadColissimoJsonPoints(std::string_view json_text, std::string* error);

}  // namespace relais

#endif  // RELAIS_DATA_SYNC_COLISSIMO_POINTS_H_
