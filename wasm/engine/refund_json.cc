#include "wasm/engine/refund_json.h"

#include <vector>

namespace relais {

namespace {

using nlohmann::json;

// An integer member of `object` (absent: `fallback`); false when present and not an integer.
bool Int(const json& object, const char* key, int64_t fallback, int64_t* out) {
  const auto it = object.find(key);
  if (it == object.end()) {
    *out = fallback;
    return true;
  }
  if (!it->is_number_integer()) return false;
  *out = it->get<int64_t>();
  return true;
}

bool Bool(const json& object, const char* key, bool* out) {
  const auto it = object.find(key);
  if (it == object.end()) return true;
  if (!it->is_boolean()) return false;
  *out = it->get<bool>();
  return true;
}

std::string Units(const json& object, const char* key, std::vector<int64_t>* out) {
  const auto it = object.find(key);
  if (it == object.end()) return "";
  if (!it->is_array()) return std::string(key) + ": an array of units per line";
  for (size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_number_integer()) return std::string(key) + "[" + std::to_string(i) + "]: an integer";
    out->push_back((*it)[i].get<int64_t>());
  }
  return "";
}

}  // namespace

std::string ParseRefundInput(const json& j, RefundOrder* order, RefundRequest* request) {
  *order = RefundOrder();
  *request = RefundRequest();
  if (!j.is_object()) return "the input is a JSON object";
  const auto lines = j.find("lines");
  if (lines == j.end() || !lines->is_array()) return "lines: an array of {unit_cents, quantity}";
  for (size_t i = 0; i < lines->size(); ++i) {
    const json& l = (*lines)[i];
    const std::string at = "lines[" + std::to_string(i) + "]";
    RefundLine line;
    if (!l.is_object()) return at + ": an object";
    if (!Int(l, "unit_cents", -1, &line.unit_cents) || line.unit_cents < 0) return at + ".unit_cents: an integer";
    if (!Int(l, "quantity", -1, &line.quantity) || line.quantity < 0) return at + ".quantity: an integer";
    order->lines.push_back(line);
  }
  if (!Int(j, "discount_cents", 0, &order->discount_cents)) return "discount_cents: an integer";
  if (!Int(j, "shipping_cents", 0, &order->shipping_cents)) return "shipping_cents: an integer";
  if (const auto benefits = j.find("benefits"); benefits != j.end()) {
    if (!benefits->is_array()) return "benefits: an array";
    for (size_t b = 0; b < benefits->size(); ++b) {
      const json& x = (*benefits)[b];
      const std::string at = "benefits[" + std::to_string(b) + "]";
      PurchaseBenefit benefit;
      if (!x.is_object()) return at + ": an object";
      if (x.contains("code") && !x["code"].is_string()) return at + ".code: a string";
      benefit.code = x.value("code", "");
      if (!Int(x, "value_cents", 0, &benefit.value_cents)) return at + ".value_cents: an integer";
      if (!Int(x, "threshold_cents", 0, &benefit.threshold_cents)) return at + ".threshold_cents: an integer";
      if (!Bool(x, "used", &benefit.used)) return at + ".used: true or false";
      order->benefits.push_back(benefit);
    }
  }
  if (const auto policy = j.find("policy"); policy != j.end()) {
    if (!policy->is_object()) return "policy: an object";
    if (!Bool(*policy, "shipping_when_whole_order", &order->policy.shipping_when_whole_order)) {
      return "policy.shipping_when_whole_order: true or false";
    }
    if (!Bool(*policy, "shipping_when_defective", &order->policy.shipping_when_defective)) {
      return "policy.shipping_when_defective: true or false";
    }
  }
  if (std::string e = Units(j, "returned_before", &request->returned_before); !e.empty()) return e;
  if (std::string e = Units(j, "returning", &request->returning); !e.empty()) return e;
  if (!Int(j, "refunded_before_cents", 0, &request->refunded_before_cents)) return "refunded_before_cents: an integer";
  if (!Bool(j, "defective_before", &request->defective_before)) return "defective_before: true or false";
  if (!Bool(j, "defective", &request->defective)) return "defective: true or false";
  return ValidateRefund(*order, *request);
}

json RefundQuoteJson(const RefundOrder& order, const RefundQuote& quote) {
  json taken = json::array(), cancelled = json::array();
  for (size_t b : quote.taken_back) taken.push_back(order.benefits[b].code);
  for (size_t b : quote.cancelled) cancelled.push_back(order.benefits[b].code);
  return {{"cancelled", cancelled},
          {"goods_cents", quote.goods_cents},
          {"line_cents", quote.line_cents},
          {"owed_cents", quote.owed_cents},
          {"refund_cents", quote.refund_cents},
          {"shipping_cents", quote.shipping_cents},
          {"taken_back", taken},
          {"taken_back_cents", quote.taken_back_cents}};
}

std::string QuoteRefundText(std::string_view input) {
  const json j = json::parse(input, nullptr, false);
  if (j.is_discarded()) return json{{"error", "the input is not JSON"}}.dump();
  RefundOrder order;
  RefundRequest request;
  if (std::string error = ParseRefundInput(j, &order, &request); !error.empty()) {
    return json{{"error", error}}.dump();
  }
  return RefundQuoteJson(order, QuoteRefund(order, request)).dump();
}

}  // namespace relais
