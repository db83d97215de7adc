// GTINs, the numbers under retail barcodes: EAN-13, UPC-A (GTIN-12), EAN-8 and GTIN-14. Their last digit is a
// check digit -- the other digits weighted 3 and 1 alternately from the right, the total brought to a multiple
// of 10 -- which catches every single wrong digit and most swapped neighbours: a picker's scan (or typing) is
// checked before it is compared with the product's.
#ifndef RELAIS_ENGINE_GTIN_H_
#define RELAIS_ENGINE_GTIN_H_

#include <optional>
#include <string>
#include <string_view>

namespace relais {

// True for 8, 12, 13 or 14 digits whose check digit is right.
bool IsValidGtin(std::string_view digits);

// The GTIN as 14 digits (zeros in front), so that a UPC-A scanned and the EAN-13 a catalogue holds for the same
// product compare equal; nullopt when it is not a valid GTIN.
std::optional<std::string> Gtin14(std::string_view digits);

}  // namespace relais

#endif  // RELAIS_ENGINE_GTIN_H_
