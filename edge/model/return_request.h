// A return: units of an order's lines the shopper brings back, where they are dropped off, how staff graded
// them, and the refund that follows (its amount from the engine, wasm/engine/refund.h; validated by staff; paid
// through the brand's payment provider, RefundPayment). Kept as one document per return, like orders; every
// step is also an event of its order (who, when, why).
#ifndef RELAIS_EDGE_MODEL_RETURN_REQUEST_H_
#define RELAIS_EDGE_MODEL_RETURN_REQUEST_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace relais::edge {

struct ReturnLine {
  int64_t line = 0;  // Index into the order's lines.
  std::string sku;
  int64_t quantity = 0;
  int64_t refund_cents = 0;  // What these units are worth after the order's discounts (the engine's line_cents).
  int64_t resellable = 0;    // Graded: back in stock at the receiving site.
  int64_t unsellable = 0;    // Graded: not restocked; the brand's compensation rule applies.
  bool operator==(const ReturnLine&) const = default;
};

// Who validated the refund, and when.
struct RefundValidation {
  std::string who;
  std::string at;
  bool operator==(const RefundValidation&) const = default;
};

struct ReturnRequest {
  std::string id;        // The return number the shopper shows: "R" and 10 characters (ReturnNumber).
  int64_t version = 0;   // 0: new (the commit inserts it); else the version a write must name.
  std::string order_id;  // The order the shopper knows (a parent rather than its children).
  std::string customer_id;
  std::string status = "requested";  // A step of the return workflow (orders/return_policy.h).
  std::vector<std::string> history;  // The steps left, oldest first (the workflow's state).
  std::string reason;                // A code of the brand's reasons.
  bool defective = false;            // The reason says the item is faulty.
  // Where the shopper brings it: {kind: "store", site} | {kind: "relay"|"locker", carrier, id} | {kind: "home"}.
  nlohmann::json drop_off = nlohmann::json::object();
  std::vector<ReturnLine> lines;
  // The engine's quote when requested (refund_json.h's output) and what it was computed from.
  nlohmann::json quote = nlohmann::json::object();
  int64_t refunded_before_cents = 0;  // What earlier refunds of the order gave when this one was quoted.
  // The return parcel, once labelled ({carrier, tracking_number}; {} : none): its carrier's events move the return.
  nlohmann::json parcel = nlohmann::json::object();
  std::string received_site;  // Where staff received it ("" : not yet).
  std::string received_at, received_by;
  std::string graded_at, graded_by;
  std::string compensation;  // The rule applied to unsellable units: full, percent, voucher ("" : none graded).
  int64_t compensation_percent = 100;
  int64_t money_cents = 0, voucher_cents = 0, kept_cents = 0;  // The graded refund (engine's GradeRefund).
  // Refund validation: none, awaiting (one staff member), awaiting_second (above the brand's threshold, a second
  // one), validated.
  std::string validation = "none";
  std::vector<RefundValidation> validations;
  // The Idempotency-Key the request came with ("" : none): the same key on the same order is the same return.
  std::string request_key;
  std::string created_at, updated_at;
  bool operator==(const ReturnRequest&) const = default;
};

// A refund to pay through the brand's payment provider: queued when staff validate, sent once by the outbox
// (idempotency key: the return's id), retried on failure.
struct RefundPayment {
  int64_t id = 0;
  std::string brand;
  std::string return_id;
  std::string order_id;
  int64_t amount_cents = 0;
  std::string currency = "EUR";
  std::string status = "pending";  // pending, succeeded, failed (refused, or given up after the last attempt).
  int64_t attempts = 0;
  int64_t next_attempt_ms = 0;
  std::string last_error;
  std::string reference;  // The provider's id for the refund.
  std::string created_at, finished_at;
};

nlohmann::json ReturnJson(const ReturnRequest& r);
ReturnRequest ReturnOfJson(const nlohmann::json& j);
nlohmann::json RefundPaymentJson(const RefundPayment& p);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_MODEL_RETURN_REQUEST_H_
