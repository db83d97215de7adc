// The pick-up code as a QR code, for the shopper's phone: the symbol's dark and light modules, one string
// per row ('1' dark), as libzint encodes it (ISO/IEC 18004, error correction level M). The page draws them
// with SVG rectangles it builds itself, so the strict CSP needs no image source and no markup is parsed.
#ifndef RELAIS_EDGE_ORDERS_PICKUP_QR_H_
#define RELAIS_EDGE_ORDERS_PICKUP_QR_H_

#include <string>
#include <string_view>
#include <vector>

namespace relais::edge {

// The rows of the QR code of `text` (a square), or none when libzint refuses it.
std::vector<std::string> QrModules(std::string_view text);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_PICKUP_QR_H_
