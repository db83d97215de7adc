// A carrier account's range of parcel numbers: the carrier hands the merchant's account a block of serials,
// and each label takes the next one. This turns a serial into the number the label prints, check character
// included, so that every number relais allocates passes CheckParcelNumber (parcel_number.h). Allocating the
// serials (once, atomically, across restarts) is the store's job; this is the pure part both need.
//
// Schemes, and what `prefix` holds (docs/carriers.md):
//   colissimo      the 2-character product code (6A home, 6M relay shop, 6H post office, 8R return...), then
//                  the serial in 10 digits and the key: 13 characters.
//   upu-s10        the 2-letter service indicator (RB, XP...), the serial in 8 digits, the check, and
//                  `country` (2 letters): Colissimo international, Chronopost.
//   dpd            capitals and digits the serial follows (a depot), 14 characters in all, then the check.
//   sscc-18        the extension digit and the GS1 company prefix, the serial filling 17 digits, then the
//                  check, after the application identifier "00": 20 digits, any carrier's logistics label.
//   mondial-relay  no prefix: the 8-digit shipment number Mondial Relay allocates (its label barcode, with its
//                  own two checks, is built from it and the relay's data).
#ifndef RELAIS_ENGINE_PARCEL_RANGE_H_
#define RELAIS_ENGINE_PARCEL_RANGE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace relais {

struct ParcelRange {
  std::string scheme;
  std::string prefix;
  std::string country;  // upu-s10 only.
  uint64_t first = 0;
  uint64_t last = 0;
};

// "" when the range can make numbers, else what is wrong, naming the field ("prefix: the product code is 2
// capitals or digits", "last: 8 digits at most"...).
std::string ValidateParcelRange(const ParcelRange& range);

// The number of `serial` in `range`; nullopt when the range is not valid or the serial lies outside
// [first, last] (a range is never wrapped: an exhausted range is the caller's error to report).
std::optional<std::string> ParcelNumberOf(const ParcelRange& range, uint64_t serial);

// The carrier whose numbers a scheme makes, as CheckParcelNumber names it ("colissimo" for colissimo and
// upu-s10, "dpd", "mondial-relay"; sscc-18: any carrier, "" here).
std::string_view CarrierOfParcelScheme(std::string_view scheme);

}  // namespace relais

#endif  // RELAIS_ENGINE_PARCEL_RANGE_H_
