// The forecast module's exports (relais-forecast.mjs): a product's sales forecast computed on the staff page
// (wasm/engine/sales_forecast_json.h), so that trying another trend, launch share or calendar redraws the chart
// at once, with the server's own engine. No exception crosses this boundary: the engine answers {"error": ...}.
#include <emscripten/emscripten.h>

#include <cstdlib>
#include <string>

#include "wasm/engine/sales_forecast_json.h"

namespace {

std::string g_forecast;  // The last answer's JSON text, read by relais_forecast_api.js.

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE uint8_t* relais_alloc(uint32_t size) { return static_cast<uint8_t*>(std::malloc(size)); }

// The forecast for the request of `size` bytes at `request` (UTF-8 JSON), as JSON text.
EMSCRIPTEN_KEEPALIVE const char* relais_forecast(const char* request, uint32_t size) {
  g_forecast = relais::SalesForecastJson(std::string_view(request, size));
  return g_forecast.c_str();
}

EMSCRIPTEN_KEEPALIVE uint32_t relais_forecast_size() { return static_cast<uint32_t>(g_forecast.size()); }

}  // extern "C"
