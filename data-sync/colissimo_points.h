// Adapter: Colissimo's pickup points (the point-retrait web service's SOAP answer) to canonical relay
// points.
//
// Layout (one listePointRetraitAcheminement element per point, anywhere in the document; namespace
// prefixes are ignored):
//   identifiant (the id), nom, adresse1..3, codePostal, localite, codePays (alpha-2 or alpha-3),
//   coordGeolocalisationLatitude / coordGeolocalisationLongitude (decimal degrees),
//   typeDePoint: A2P, CMT (shops), BPR, BDP, ACP, CDI (post offices), CIT, PCS (lockers),
//   poidsMaxi (grams), horairesOuvertureLundi..Dimanche ("HH:MM-HH:MM HH:MM-HH:MM", a range 00:00-00:00 is
//   no slot, an empty value a closed day; none of the seven at all: unknown hours),
//   listeConges elements of calendarDeDebut / calendarDeFin (ISO date-times: their local date counts,
//   inclusive), accesPersonneMobiliteReduite / parking "true" -> the accessible / parking services.
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

}  // namespace relais

#endif  // RELAIS_DATA_SYNC_COLISSIMO_POINTS_H_
