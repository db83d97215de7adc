// The refund's JSON face: what the tracking page hands the engine in WebAssembly (GET
// /v1/orders/{id}/returns gives it as "refund_input") and what edge reads its own figure from, so that the
// browser's quote and the server's refund are one computation.
//
// Input:
//   { "lines": [{"unit_cents", "quantity"}], "discount_cents", "shipping_cents",
//     "benefits": [{"code", "value_cents", "threshold_cents", "used"}],
//     "policy": {"shipping_when_whole_order", "shipping_when_defective"},
//     "returned_before": [units per line], "returning": [units per line], "refunded_before_cents",
//     "defective_before", "defective" }
// Output (keys sorted, integers only, byte-identical natively and in WebAssembly):
//   { "cancelled": [benefit codes], "goods_cents", "line_cents": [...], "owed_cents", "refund_cents",
//     "shipping_cents", "taken_back": [benefit codes], "taken_back_cents" }
#ifndef RELAIS_ENGINE_REFUND_JSON_H_
#define RELAIS_ENGINE_REFUND_JSON_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "wasm/engine/refund.h"

namespace relais {

// Reads `json` into *order and *request. "" or what is wrong, naming the field (ValidateRefund included).
std::string ParseRefundInput(const nlohmann::json& json, RefundOrder* order, RefundRequest* request);

nlohmann::json RefundQuoteJson(const RefundOrder& order, const RefundQuote& quote);

// Text in, text out: the quote's JSON, or {"error": "..."}.
std::string QuoteRefundText(std::string_view input);

}  // namespace relais

#endif  // RELAIS_ENGINE_REFUND_JSON_H_
