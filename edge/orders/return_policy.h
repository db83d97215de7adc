// A brand's return policy, from its "returns" entry in edge.json: how long shoppers have, what they may not
// return, the reasons they choose from, where they may bring it, what the refund includes, what an item that
// cannot be resold earns, when a second person must validate, and the payment provider that pays refunds back.
//
//   "returns": { "window_days": 30,
//                "reasons": [ {"code": "too_small", "label": {"fr": "Trop petit", "en": "Too small"}},
//                             {"code": "faulty", "label": {...}, "defective": true} ],
//                "excluded_categories": ["grocery/frozen", "hygiene"], "excluded_skus": ["GIFT-CARD"],
//                "drop_off": { "stores": true, "relay_carriers": ["mondial-relay"], "home_pickup": false,
//                              "destination_site": "wh-nord" },   (where parcels go back; default: a returns site)
//                "shipping_refund": { "whole_order": true, "defective": true },
//                "unsellable": { "rule": "percent", "percent": 50 },            (full | percent | voucher)
//                "second_validation_above_cents": 15000,                        (0 : one person always)
//                "payment": { "url": "https://psp.example/refunds", "token_env": "RELAIS_DEMO_PSP_TOKEN",
//                             "timeout_s": 20 },                               (an answer slower is retried)
//                "workflow": { ...one workflow, as in workflows.json... } }     (the default otherwise)
//
// A site takes returns when its capabilities say so: "returns": {"enabled": true}.
#ifndef RELAIS_EDGE_ORDERS_RETURN_POLICY_H_
#define RELAIS_EDGE_ORDERS_RETURN_POLICY_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "edge/model/catalogue.h"
#include "wasm/engine/refund.h"
#include "wasm/engine/workflow.h"

namespace relais::edge {

struct ReturnReason {
  std::string code;
  std::string label_fr, label_en;
  bool defective = false;  // The item is faulty: the delivery may come back (shipping_refund.defective).
};

struct ReturnPolicy {
  bool enabled = false;
  int64_t window_days = 30;  // After the delivery or collection of the line's shipment.
  std::vector<ReturnReason> reasons;
  std::vector<std::string> excluded_categories;  // Category path prefixes never taken back.
  std::vector<std::string> excluded_skus;
  bool drop_at_stores = true;               // At a site of the brand whose capabilities take returns.
  std::vector<std::string> relay_carriers;  // Relay points and lockers of these carriers offering "returns".
  bool home_pickup = false;
  std::string destination_site;  // Where relay, locker and home returns are sent ("" : the first site taking returns).
  RefundPolicy refund;           // The engine's delivery rules.
  Compensation unsellable;       // What a unit staff cannot resell earns.
  int64_t second_validation_above_cents = 0;
  std::string payment_url;         // "" : refunds are recorded, not paid by relais (the PSP is the merchant's).
  std::string payment_token;       // Read from the variable payment.token_env names.
  int64_t payment_timeout_s = 20;  // No answer by then: tried again later, under the same Idempotency-Key.
  Workflow workflow;               // The return's steps (DefaultReturnWorkflow, or the brand's).
};

// The return's default steps: requested -> dropped_off -> in_transit -> received -> graded -> refunded | closed,
// and cancelled (by the shopper while requested).
Workflow DefaultReturnWorkflow();

// Reads a brand's "returns" object (the payment token from the environment); "" or what is wrong, naming the
// field under `at`.
std::string ReadReturnPolicy(const nlohmann::json& json, const std::string& at, ReturnPolicy* policy);

// Whether a store takes returns: its capabilities say "returns": {"enabled": true} (anything else, no).
bool TakesReturns(const Site& site);

// True when `category` / `sku` may not be returned under `policy`.
bool ExcludedFromReturns(const ReturnPolicy& policy, const std::string& sku, const std::string& category);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_RETURN_POLICY_H_
