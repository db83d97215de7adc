#include "edge/orders/return_policy.h"

#include <algorithm>
#include <cstdlib>

#include "wasm/engine/workflow_json.h"

namespace relais::edge {

using nlohmann::json;

namespace {

// The default return workflow: data, like the order workflows (a brand's "workflow" replaces it).
constexpr const char* kDefaultReturnWorkflow = R"json({"workflows": [{
  "mode": "return", "cancellable_until": "requested",
  "steps": [
    {"id": "requested", "label": {"fr": "Retour demandé", "en": "Return requested"}},
    {"id": "dropped_off", "label": {"fr": "Déposé", "en": "Dropped off"}},
    {"id": "in_transit", "label": {"fr": "En route vers nous", "en": "On its way to us"}},
    {"id": "received", "label": {"fr": "Reçu", "en": "Received"}, "notify": true},
    {"id": "graded", "label": {"fr": "Contrôlé", "en": "Checked"}},
    {"id": "refunded", "label": {"fr": "Remboursé", "en": "Refunded"}, "end": true, "notify": true},
    {"id": "closed", "label": {"fr": "Clos", "en": "Closed"}, "end": true},
    {"id": "cancelled", "label": {"fr": "Annulé", "en": "Cancelled"}, "end": true}],
  "transitions": [
    {"from": "requested", "event": "dropped_off", "to": "dropped_off"},
    {"from": "requested", "event": "received", "to": "received"},
    {"from": "requested", "event": "in_transit", "to": "in_transit"},
    {"from": "dropped_off", "event": "in_transit", "to": "in_transit"},
    {"from": "dropped_off", "event": "received", "to": "received"},
    {"from": "in_transit", "event": "received", "to": "received"},
    {"from": "received", "event": "graded", "to": "graded"},
    {"from": "graded", "event": "refunded", "to": "refunded"},
    {"from": "graded", "event": "closed", "to": "closed"}]}]})json";

std::string Strings(const json& j, const std::string& at, std::vector<std::string>* out) {
  if (!j.is_array()) return at + " must be an array of strings";
  for (const json& x : j) {
    if (!x.is_string() || x.get<std::string>().empty()) return at + " must be an array of strings";
    out->push_back(x.get<std::string>());
  }
  return "";
}

std::string Flag(const json& object, const char* key, const std::string& at, bool* out) {
  if (!object.contains(key)) return "";
  if (!object[key].is_boolean()) return at + "." + key + " must be true or false";
  *out = object[key].get<bool>();
  return "";
}

}  // namespace

Workflow DefaultReturnWorkflow() {
  std::vector<Workflow> w;
  const std::string error = ParseWorkflows(kDefaultReturnWorkflow, &w);
  if (!error.empty() || w.size() != 1) std::abort();  // Compiled in: every test that starts edge reads it.
  return w[0];
}

std::string ReadReturnPolicy(const json& j, const std::string& at, ReturnPolicy* policy) {
  if (!j.is_object()) return at + " must be an object";
  for (const auto& [key, value] : j.items()) {
    static constexpr const char* kKeys[] = {
        "window_days", "reasons", "excluded_categories",           "excluded_skus", "drop_off", "shipping_refund",
        "unsellable",  "payment", "second_validation_above_cents", "workflow"};
    const std::string name = key;  // A structured binding is not captured by a lambda before C++20's clang 16.
    if (std::none_of(std::begin(kKeys), std::end(kKeys), [&](const char* k) { return name == k; })) {
      return at + "." + name + " is not a setting";
    }
  }
  ReturnPolicy p;
  p.enabled = true;
  p.workflow = DefaultReturnWorkflow();
  if (j.contains("window_days")) {
    if (!j["window_days"].is_number_integer() || j["window_days"].get<int64_t>() < 0 ||
        j["window_days"].get<int64_t>() > 3650) {
      return at + ".window_days must be a number of days, 0..3650";
    }
    p.window_days = j["window_days"].get<int64_t>();
  }
  const json reasons = j.value("reasons", json::array());
  if (!reasons.is_array() || reasons.empty()) return at + ".reasons must list at least one {code, label}";
  for (size_t i = 0; i < reasons.size(); ++i) {
    const json& r = reasons[i];
    const std::string rat = at + ".reasons[" + std::to_string(i) + "]";
    if (!r.is_object() || !r.value("code", json()).is_string() || r["code"].get<std::string>().empty()) {
      return rat + ".code is required";
    }
    ReturnReason reason;
    reason.code = r["code"];
    const json label = r.value("label", json::object());
    if (!label.is_object() || !label.value("fr", json()).is_string()) return rat + ".label.fr is required";
    reason.label_fr = label["fr"];
    reason.label_en = label.value("en", reason.label_fr);
    if (std::string e = Flag(r, "defective", rat, &reason.defective); !e.empty()) return e;
    for (const ReturnReason& other : p.reasons) {
      if (other.code == reason.code) return rat + ".code " + reason.code + " is given twice";
    }
    p.reasons.push_back(reason);
  }
  if (j.contains("excluded_categories")) {
    if (std::string e = Strings(j["excluded_categories"], at + ".excluded_categories", &p.excluded_categories);
        !e.empty()) {
      return e;
    }
  }
  if (j.contains("excluded_skus")) {
    if (std::string e = Strings(j["excluded_skus"], at + ".excluded_skus", &p.excluded_skus); !e.empty()) return e;
  }
  const json drop = j.value("drop_off", json::object());
  if (!drop.is_object()) return at + ".drop_off must be an object";
  if (std::string e = Flag(drop, "stores", at + ".drop_off", &p.drop_at_stores); !e.empty()) return e;
  if (std::string e = Flag(drop, "home_pickup", at + ".drop_off", &p.home_pickup); !e.empty()) return e;
  if (drop.contains("destination_site")) {
    if (!drop["destination_site"].is_string() || drop["destination_site"].get<std::string>().empty()) {
      return at + ".drop_off.destination_site names a site";
    }
    p.destination_site = drop["destination_site"];
  }
  if (drop.contains("relay_carriers")) {
    if (std::string e = Strings(drop["relay_carriers"], at + ".drop_off.relay_carriers", &p.relay_carriers);
        !e.empty()) {
      return e;
    }
  }
  const json shipping = j.value("shipping_refund", json::object());
  if (!shipping.is_object()) return at + ".shipping_refund must be an object";
  if (std::string e = Flag(shipping, "whole_order", at + ".shipping_refund", &p.refund.shipping_when_whole_order);
      !e.empty()) {
    return e;
  }
  if (std::string e = Flag(shipping, "defective", at + ".shipping_refund", &p.refund.shipping_when_defective);
      !e.empty()) {
    return e;
  }
  const json unsellable = j.value("unsellable", json::object({{"rule", "full"}}));
  const std::string rule = unsellable.is_object() ? unsellable.value("rule", "full") : "";
  if (rule == "full") {
    p.unsellable.kind = Compensation::Kind::kFull;
  } else if (rule == "voucher") {
    p.unsellable.kind = Compensation::Kind::kVoucher;
  } else if (rule == "percent") {
    p.unsellable.kind = Compensation::Kind::kPercent;
    const json percent = unsellable.value("percent", json());
    if (!percent.is_number_integer() || percent.get<int64_t>() < 0 || percent.get<int64_t>() > 100) {
      return at + ".unsellable.percent must be 0..100";
    }
    p.unsellable.percent = percent.get<int64_t>();
  } else {
    return at + ".unsellable.rule must be full, percent or voucher";
  }
  if (j.contains("second_validation_above_cents")) {
    const json& above = j["second_validation_above_cents"];
    if (!above.is_number_integer() || above.get<int64_t>() < 0) {
      return at + ".second_validation_above_cents must be cents, 0 or more";
    }
    p.second_validation_above_cents = above.get<int64_t>();
  }
  if (j.contains("payment")) {
    const json& pay = j["payment"];
    if (!pay.is_object() || !pay.value("url", json()).is_string()) return at + ".payment.url is required";
    p.payment_url = pay["url"];
    if (!p.payment_url.starts_with("http://") && !p.payment_url.starts_with("https://")) {
      return at + ".payment.url must be an http:// or https:// URL";
    }
    if (pay.contains("timeout_s")) {
      if (!pay["timeout_s"].is_number_integer() || pay["timeout_s"].get<int64_t>() < 1 ||
          pay["timeout_s"].get<int64_t>() > 120) {
        return at + ".payment.timeout_s must be 1..120 seconds";
      }
      p.payment_timeout_s = pay["timeout_s"].get<int64_t>();
    }
    if (pay.contains("token_env")) {
      if (!pay["token_env"].is_string()) return at + ".payment.token_env names an environment variable";
      const char* token = std::getenv(pay["token_env"].get<std::string>().c_str());
      if (!token || std::string(token).size() < 16) {
        return at + ".payment.token_env: " + pay["token_env"].get<std::string>() +
               " must hold the provider's token (16 characters or more)";
      }
      p.payment_token = token;
    }
  }
  if (j.contains("workflow")) {
    std::vector<Workflow> w;
    json one = j["workflow"];
    if (!one.is_object()) return at + ".workflow must be one workflow";
    one["mode"] = "return";
    const std::string error = ParseWorkflows(json{{"workflows", json::array({one})}}.dump(), &w);
    if (!error.empty()) return at + ".workflow: " + error;
    for (const char* step : {"requested", "received", "graded", "refunded", "closed"}) {
      if (!w[0].Step(step)) return at + ".workflow must keep the step " + std::string(step);
    }
    p.workflow = w[0];
  }
  *policy = std::move(p);
  return "";
}

bool TakesReturns(const Site& site) {
  const auto it = site.capabilities.find("returns");
  return it != site.capabilities.end() && it->is_object() && it->value("enabled", false);
}

bool ExcludedFromReturns(const ReturnPolicy& policy, const std::string& sku, const std::string& category) {
  if (std::find(policy.excluded_skus.begin(), policy.excluded_skus.end(), sku) != policy.excluded_skus.end()) {
    return true;
  }
  return std::any_of(policy.excluded_categories.begin(), policy.excluded_categories.end(), [&](const std::string& c) {
    return category == c || (category.starts_with(c) && category[c.size()] == '/');
  });
}

}  // namespace relais::edge
