// The split module's browser interface (relais-split.mjs): basket splitting alone, without the snapshot
// code, so that a page without a basket never downloads the solver and its JSON layer. Relay points and
// lockers reach it fully described (relais_split_api.js resolves them in the snapshot module first), so it
// needs no snapshot. The refund of a product return is quoted here too (relais_refund: QuoteRefundText of
// wasm/engine/refund_json.h, the native engine's computation and text). No exception crosses this boundary.
#include <emscripten/emscripten.h>

#include <cstdlib>
#include <string>

#include "wasm/engine/refund_json.h"
#include "wasm/engine/split_json.h"

namespace relais {
namespace {

std::string g_last_error;
std::string g_split_plan;    // The last plan's JSON text, read by relais_split_api.js.
std::string g_refund_quote;  // The last refund quote's JSON text, likewise.

// A parsed split input kept for many plans (the shopper changes quantities and choices, not the sites).
struct Splitter {
  SplitInput input;
};

// The plan of `in` as JSON text in g_split_plan.
const char* PlanText(const SplitInput& in, const std::string& error) {
  SplitPlan plan;
  plan.error = error;
  if (error.empty()) plan = Split(in);
  g_split_plan = SplitPlanJson(in, plan);
  return g_split_plan.c_str();
}

}  // namespace
}  // namespace relais

extern "C" {

EMSCRIPTEN_KEEPALIVE uint8_t* relais_alloc(uint32_t size) {
  return static_cast<uint8_t*>(std::malloc(size ? size : 1));
}

EMSCRIPTEN_KEEPALIVE const char* relais_last_error() { return relais::g_last_error.c_str(); }

// Plans the basket described by `input` (JSON text from relais_alloc, freed here). Returns the plan's JSON
// text, NUL-terminated, valid until the next call; a refused input gives {"error": "..."}.
EMSCRIPTEN_KEEPALIVE const char* relais_split(uint8_t* input, uint32_t size) {
  relais::SplitInput in;
  const std::string error = relais::ParseSplitInput({reinterpret_cast<const char*>(input), size}, nullptr, &in);
  std::free(input);
  return relais::PlanText(in, error);
}

// A splitter for the split input `input` (freed here), or 0 with relais_last_error().
EMSCRIPTEN_KEEPALIVE relais::Splitter* relais_splitter_open(uint8_t* input, uint32_t size) {
  auto* splitter = new relais::Splitter;
  relais::g_last_error =
      relais::ParseSplitInput({reinterpret_cast<const char*>(input), size}, nullptr, &splitter->input);
  std::free(input);
  if (relais::g_last_error.empty()) return splitter;
  delete splitter;
  return nullptr;
}

// Plans the splitter's input with `update` ({quantities, line_modes, choices, preference}; freed here)
// applied to it -- each update is the shopper's whole mind, the input itself never changes: the plan's JSON
// text as relais_split gives it.
EMSCRIPTEN_KEEPALIVE const char* relais_splitter_plan(relais::Splitter* s, uint8_t* update, uint32_t size) {
  relais::SplitInput in = s->input;
  const std::string error = relais::UpdateSplitInput({reinterpret_cast<const char*>(update), size}, nullptr, &in);
  std::free(update);
  return relais::PlanText(in, error);
}

EMSCRIPTEN_KEEPALIVE void relais_splitter_close(relais::Splitter* s) { delete s; }

// Quotes the return described by `input` (a refund input, wasm/engine/refund_json.h; JSON text from
// relais_alloc, freed here). Returns the quote's JSON text, NUL-terminated, valid until the next call; a refused
// input gives {"error": "..."}.
EMSCRIPTEN_KEEPALIVE const char* relais_refund(uint8_t* input, uint32_t size) {
  relais::g_refund_quote = relais::QuoteRefundText({reinterpret_cast<const char*>(input), size});
  std::free(input);
  return relais::g_refund_quote.c_str();
}

}  // extern "C"
