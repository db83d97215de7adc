// Adapter: UPS Access Point locations (the former Kiala network) from UPS's Locator API answer to an
// Access Point search (request option 64), to canonical relay points.
//
// The answer comes as JSON (REST) or as XML (the legacy XML API); both hold the same element names, and
// UPS's JSON is its XML mapped element by element: an element with children is an object, a text element
// a string (an empty one ""), a repeated element an array -- so a single item is an object (or a string),
// not an array of one. Later versions promise arrays for some nodes, yet UPS does not keep that promise
// (v3 answers still hold strings and objects where the spec says arrays), so at every node read here one
// item and an array of items are both accepted, and a Code/Description pair may be a bare code string.
// The XML is read by mapping it the same way (namespace prefixes ignored, attributes unused), so one
// reader serves both and both shapes of one answer give the same points. The first non-blank character
// says which: '<' XML, '{' JSON.
//
// Document: LocatorResponse.SearchResults.DropLocation, one per location (in XML, LocatorResponse may sit
// in a SOAP envelope). None at all is an error naming what was expected. UPS's error answers are errors
// quoting UPS's message: the REST gateway's {"response": {"errors": [{code, message}]}}, a (SOAP or JSON)
// Fault (detail.Errors.ErrorDetail.PrimaryErrorCode.{Code, Description}, else faultstring), and the
// legacy LocatorResponse.Response with ResponseStatusCode "0" and/or Error.{ErrorCode, ErrorDescription}
// (an Error beside ResponseStatusCode "1" is a warning: the locations are read).
//
// Per DropLocation, as published -> what we make of it:
//   AccessPointInformation.PublicAccessPointID  "U06163919" ("U" + 8 digits in every answer seen): the id,
//       the one shipments name (hold at an Access Point). LocationID is UPS's internal number, which the
//       spec says not to expose. A location without it is no Access Point: rejected.
//   LocationAttribute[].OptionType.Code "01" (location type) with OptionCode[].Code: "018" UPS Access Point
//       -> shop (every real answer seen); "019" UPS Access Point Locker -> locker. UNCONFIRMED: 019 is an
//       option code of the request (integrators' constants); no recorded answer holding a locker was found.
//       Any other type (001 UPS Customer Center...) is a counter: shop.
//   AddressKeyFormat.ConsigneeName -> name (UPS writes it in capitals; kept as written).
//   AddressKeyFormat.AddressLine, one or several -> address lines. UPS joins up to 3 lines into one string
//       separated by a carriage return, which its JSON has been seen to carry as the literal text "&#xD;":
//       such a line is split into its lines (rule address_line_breaks).
//   AddressKeyFormat.PostcodePrimaryLow -> postcode; PoliticalDivision2 -> city; CountryCode -> country
//       (PostcodeExtendedLow, the US ZIP+4 extension, and PoliticalDivision1, the US state, are left out).
//   Geocode.Latitude / .Longitude, decimal degrees as strings -> lat / lon.
//   No time zone is published (the spec's Timezone field appears in no answer seen) -> tz from the country
//       (SetDefaultZone). Countries without a known zone are rejected ("no time zone known for country
//       \"US\"": US answers are rejected, by design, until US zones are known).
//   OperatingHours.StandardHours[]: one block per HoursType; only HoursType "10" (the regular opening hours)
//       is read, wherever it comes in the list (UPS's own sample puts 11, 12, 13 first). No such block: hours
//       unknown. Its DayOfWeek[] lists the seven days:
//         Day "1" = Sunday, "2" = Monday ... "7" = Saturday (the English summary StandardHoursOfOperation
//           matches this numbering in every answer seen);
//         OpenHours / CloseHours: HHMM without leading zero, 1 to 4 digits ("700", "930", "2200", midnight
//           "0"); one slot is a string, two slots are parallel arrays (OpenHours ["900","1700"],
//           CloseHours ["1400","2000"]; in XML, repeated Open/Close pairs), paired by position. The counts
//           must agree;
//         ClosedIndicator present (empty) -> closed that day; a day without hours or indicator is closed;
//         Open24HoursIndicator present -> open 00:00-24:00 that day, so that a week of them is open
//           around the clock (CarrierWeek's round_the_clock). UNCONFIRMED: no answer holding it was found;
//           the spec declares a presence indicator (integrators test only its presence, XML writes it
//           empty), but gives it a length of 4-5 characters, hinting "true"/"false". So "", "Y", "true",
//           "1" mean open 24 h; "N", "false", "0" mean not; anything else is rejected.
//       All hours go through CarrierWeek (its rules: joined_slots, overlapping_slots, midnight_edges,
//       after_midnight, round_the_clock).
//   AccessPointInformation.AccessPointStatus.Code: "01" active-available -> active; "06" suspended,
//       "07" active-unavailable (takes no parcels for now), "08" terminated -> kept, inactive; absent ->
//       active; any other code is rejected (an unknown status must not be guessed).
//   ServiceOfferingList.ServiceOffering[].Code: "006" Drop Off, "007" PUDO (pick up and drop off), "009"
//       Accept prepaid drop offs -> returns (a shopper can drop a prepaid parcel there). The others
//       (direct to retail, payments, pay in store, restricted articles, mobile barcodes) have no record
//       flag; "011" accepts payments does not say by card. Nothing in the answer says accessible.
//   Left out: PhoneNumber (the record has no phone), Distance (depends on the search), SpecialInstructions,
//       Comments, PromotionInformation (walking directions and promotions, free text), images, SLIC, IVR.
#ifndef RELAIS_DATA_SYNC_UPS_ACCESS_POINTS_H_
#define RELAIS_DATA_SYNC_UPS_ACCESS_POINTS_H_

#include <string>
#include <string_view>
#include <vector>

#include "data-sync/adapted_point.h"

namespace relais {

// Every location of the answer (JSON or XML), in order; `error` is set (and nothing returned) when the
// text is not such an answer, or is UPS's error answer (quoting UPS's message).
std::vector<AdaptedPoint> ReadUpsAccessPoints(std::string_view text, std::string* error);

}  // namespace relais

#endif  // RELAIS_DATA_SYNC_UPS_ACCESS_POINTS_H_
