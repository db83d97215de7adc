#include "edge/orders/pickup_qr.h"

#include <zint.h>

#include <cmath>
#include <memory>

namespace relais::edge {

namespace {

struct SymbolDeleter {
  void operator()(zint_symbol* symbol) const { ZBarcode_Delete(symbol); }
};

}  // namespace

std::vector<std::string> QrModules(std::string_view text) {
  std::unique_ptr<zint_symbol, SymbolDeleter> symbol(ZBarcode_Create());
  if (!symbol) return {};
  symbol->symbology = BARCODE_QRCODE;
  symbol->option_1 = 2;  // Error correction M: a scratched screen still scans.
  if (ZBarcode_Encode(symbol.get(), reinterpret_cast<const unsigned char*>(text.data()),
                      static_cast<int>(text.size())) >= ZINT_ERROR ||
      ZBarcode_Buffer_Vector(symbol.get(), 0) >= ZINT_ERROR || !symbol->vector || symbol->width <= 0) {
    return {};
  }
  // The vector output's rectangles, in units of one module (libzint's public way to read a symbol).
  const int size = symbol->width;
  const float module = symbol->vector->width / static_cast<float>(size);
  std::vector<std::string> rows(static_cast<size_t>(size), std::string(static_cast<size_t>(size), '0'));
  for (const zint_vector_rect* r = symbol->vector->rectangles; r; r = r->next) {
    const int x0 = static_cast<int>(std::lround(r->x / module)), y0 = static_cast<int>(std::lround(r->y / module));
    const int w = static_cast<int>(std::lround(r->width / module)),
              h = static_cast<int>(std::lround(r->height / module));
    for (int y = y0; y < y0 + h && y < size; ++y) {
      for (int x = x0; x < x0 + w && x < size; ++x) {
        if (x >= 0 && y >= 0) rows[static_cast<size_t>(y)][static_cast<size_t>(x)] = '1';
      }
    }
  }
  return rows;
}

}  // namespace relais::edge
