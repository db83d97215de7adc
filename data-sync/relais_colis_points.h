// Adapter: Relais Colis relay points (the relay search service's JSON, RelaisProches/Liste) to canonical relay
// points.
//
// Layout, as recorded (tests/fixtures/carriers/relais-colis/SOURCE.md): {"PoisList": [...], "ErrorsList": [...]};
// no point and an ErrorsList item is an error quoting its ErrorDescription, and the service's failure
// {"Message", "ExceptionMessage"} one quoting those. One flat object per point (65 fields; values are strings,
// numbers are accepted too):
//   Xeett (the point's code: its id), Nomrelais, Geocoadresse and Complementadresse (address lines),
//   Postalcode, Commune, Countrycode (alpha-3 "FRA" or alpha-2), Lat/Lon (decimal degrees),
//   Horaire<jour>matin / Horaire<jour>apm for lundi..dimanche as "HH:MM-HH:MM", "-" or "" for no slot (a
//   morning that ends where the afternoon starts is one interval). No Horaire* at all: unknown hours.
//   Datefermeture / Datepremiercolis (DD/MM/YYYY): the holiday range, closed from Datefermeture to the day
//   before Datepremiercolis; a Datefermeture with no later Datepremiercolis closes the point for good
//   (inactive). A point created (Datecreation) before its first parcel day is closed until then.
//   IsLocker "1": a locker. Relaismax "1": takes Relais Max parcels, up to 40 kg; other points 20 kg.
//   Depositaireetat "A" (or absent): active; any other state: inactive.
// Rules: the hours' rules of carrier_week.h (a day without a break is cut at 12:00: joined_slots). Not read:
// AffichageLien / IconeLogo (the widget's banners, derived from the dates above), the agency fields.
#ifndef RELAIS_DATA_SYNC_RELAIS_COLIS_POINTS_H_
#define RELAIS_DATA_SYNC_RELAIS_COLIS_POINTS_H_

#include <string>
#include <string_view>
#include <vector>

#include "data-sync/adapted_point.h"

namespace relais {

constexpr uint32_t kRelaisColisMaxWeightG = 20'000;     // A standard Relais Colis point.
constexpr uint32_t kRelaisColisMaxWeightBigG = 40'000;  // A "Relais Max" point.

// Every point of the document, in order; `error` is set (and nothing returned) when the text is not such
// a document.
std::vector<AdaptedPoint> ReadRelaisColisPoints(std::string_view json_text, std::string* error);

}  // namespace relais

#endif  // RELAIS_DATA_SYNC_RELAIS_COLIS_POINTS_H_
