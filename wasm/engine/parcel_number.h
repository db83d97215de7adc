// Parcel numbers as carriers print them on labels, and the check characters that catch a mistyped one
// before it is stored against a shipment (docs/carriers.md; the worked examples are in
// tests/engine/parcel_number_test.cc):
//   Mondial Relay   26-digit label barcode, two mod-11 checks (positions 15 and 26)
//   Colissimo       2-character product prefix + 10 digits + a mod-10 key (13 characters)
//   UPU S10         2 letters + 8 digits + a mod-11 check + country (Colissimo international, Chronopost)
//   DPD             14-character parcel number, or the 27-character barcode, + an ISO/IEC 7064 MOD 37,36 check
//   SSCC-18         GS1 "00" + 17 digits + a mod-10 check (any carrier's logistics label)
// Only shapes that belong to the carrier are checked: a number of another shape is accepted unchecked, since
// carriers have more formats than these and refusing a real one would stop a hand-over.
#ifndef RELAIS_ENGINE_PARCEL_NUMBER_H_
#define RELAIS_ENGINE_PARCEL_NUMBER_H_

#include <string>
#include <string_view>

namespace relais {

struct ParcelNumberCheck {
  std::string format;  // "mondial-relay-barcode", "colissimo", "upu-s10", "dpd", "sscc-18"; "" when unchecked.
  bool valid = true;   // False only for a recognised format whose check characters do not match.
};

// Checks `number` (as typed: no spaces) for the carrier `carrier` (a relay-record carrier slug such as
// "mondial-relay", "colissimo", "la-poste", "chronopost", "dpd").
ParcelNumberCheck CheckParcelNumber(std::string_view carrier, std::string_view number);

// What a carrier's parcel numbers look like, check characters aside: their lengths and alphabet
// (docs/carriers.md), so that an empty, one-letter or half-typed number is refused even where no check
// character catches it. Any carrier may also use a GS1 SSCC ("00" + 18 digits); a carrier of no known
// format takes 6 to 35 capital letters or digits.
struct ParcelNumberShapes {
  std::string text;     // For the person typing: "8 digits (shipment), 26 digits (label barcode) or ...".
  std::string pattern;  // The same as an anchored ECMAScript/std::regex pattern, for a page to check first.
};
ParcelNumberShapes ShapesOfParcelNumbers(std::string_view carrier);

// The check character a number of `format` ("colissimo", "upu-s10", "dpd", "sscc-18", "mondial-relay-barcode"
// for one of its two checks) gets over `body`: the 10 digits of a Colissimo number, the 8 of a UPU S10 one,
// the 14 capitals and digits of a DPD parcel number, the 17 digits of an SSCC after "00", the 14 or 10
// digits a Mondial Relay check covers. '\0' when `body` is not of that shape.
char ParcelCheckCharacter(std::string_view format, std::string_view body);

// Whether `number` (as typed: no spaces) has the length and alphabet of one of `carrier`'s numbers.
bool LooksLikeParcelNumber(std::string_view carrier, std::string_view number);

}  // namespace relais

#endif  // RELAIS_ENGINE_PARCEL_NUMBER_H_
