// The picking module's exports (relais-pick.mjs): the route through the stops still to visit, computed on the
// picker's phone when a location is skipped or a product is missing (wasm/engine/pick_route_json.h), and the
// barcode check. No exception crosses this boundary: the engine answers {"error": ...}.
#include <emscripten/emscripten.h>

#include <cstdlib>
#include <string>

#include "wasm/engine/gtin.h"
#include "wasm/engine/pick_route_json.h"

namespace {

std::string g_route;  // The last answer's JSON text, read by relais_pick_api.js.

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE uint8_t* relais_alloc(uint32_t size) { return static_cast<uint8_t*>(std::malloc(size)); }

// The route for the request of `size` bytes at `request` (UTF-8 JSON), as JSON text.
EMSCRIPTEN_KEEPALIVE const char* relais_pick_route(const char* request, uint32_t size) {
  g_route = relais::PickRouteJson(std::string_view(request, size));
  return g_route.c_str();
}

EMSCRIPTEN_KEEPALIVE uint32_t relais_pick_route_size() { return static_cast<uint32_t>(g_route.size()); }

// The barcode's GTIN as 14 digits, or "" when its check digit is wrong (wasm/engine/gtin.h): the page checks a
// scan before queueing it, offline too, with the server's rule.
EMSCRIPTEN_KEEPALIVE const char* relais_pick_gtin14(const char* digits, uint32_t size) {
  g_route = relais::Gtin14(std::string_view(digits, size)).value_or("");
  return g_route.c_str();
}

}  // extern "C"
