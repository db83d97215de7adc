#include "edge/refund_sender.h"

#include <chrono>
#include <nlohmann/json.hpp>

#include "edge/http_call.h"
#include "edge/utc_now.h"

namespace relais::edge {

using nlohmann::json;

namespace {

constexpr int64_t kLeaseMs = 180'000;  // Longer than a call's longest timeout: nobody else pays it meanwhile.

}  // namespace

RefundOutcome PayRefund(const RefundPayment& payment, const ReturnPolicy& policy) {
  if (policy.payment_url.empty()) return {"failed", "the brand names no payment provider"};
  HttpRequest request;
  request.url = policy.payment_url;
  request.headers = {"Content-Type: application/json", "Idempotency-Key: " + payment.brand + "-" + payment.return_id};
  request.bearer_token = policy.payment_token;
  request.post = true;
  request.body = json{{"return_id", payment.return_id},
                      {"order_id", payment.order_id},
                      {"amount_cents", payment.amount_cents},
                      {"currency", payment.currency}}
                     .dump();
  request.timeout_s = static_cast<long>(policy.payment_timeout_s);
  request.max_answer_bytes = 4000;
  const HttpReply reply = Call(request);
  if (!reply.error.empty()) return {"pending", "payment provider: " + reply.error};
  const std::string said = std::to_string(reply.status) + " " + reply.body.substr(0, 300);
  if (reply.status >= 200 && reply.status < 300) {
    const json answer = json::parse(reply.body, nullptr, false);
    std::string reference;
    if (answer.is_object()) {
      for (const char* key : {"id", "reference"}) {
        if (answer.contains(key) && answer[key].is_string()) reference = answer[key].get<std::string>().substr(0, 200);
        if (!reference.empty()) break;
      }
    }
    return {"succeeded", reference};
  }
  const bool transient =
      reply.status >= 500 || reply.status == 408 || reply.status == 409 || reply.status == 425 || reply.status == 429;
  return {transient ? "pending" : "failed", "payment provider answered " + said};
}

RefundSender::RefundSender(Store* store, std::map<std::string, RefundBrand> brands, Settled settled)
    : store_(store), brands_(std::move(brands)), settled_(std::move(settled)) {}

RefundSender::~RefundSender() { Stop(); }

void RefundSender::Start(int poll_ms) { loop_.Start(std::chrono::milliseconds(poll_ms)); }

void RefundSender::Stop() { loop_.Stop(); }

void RefundSender::Wake() { loop_.Wake(); }

int RefundSender::SendDue() {
  const std::vector<RefundPayment> due = store_->ClaimRefundPayments(UnixMillisNow(), kLeaseMs, 20);
  for (const RefundPayment& p : due) {
    const auto brand = brands_.find(p.brand);
    RefundOutcome outcome{"failed", "the brand is no longer configured"};
    if (brand != brands_.end()) outcome = PayRefund(p, brand->second.policy);
    int64_t retry_at = 0;
    if (outcome.status == "pending") {
      retry_at = brand != brands_.end() ? RetryAtMs(brand->second.retry, p.attempts, UnixMillisNow()) : 0;
      if (retry_at == 0) outcome.status = "failed";  // The last attempt: given up, customer service decides.
    }
    // The return first, then the payment's row: a crash between the two sends the refund again under the same
    // Idempotency-Key (the provider answers what it did), and settling a refunded return again changes nothing --
    // while a page never sees the payment succeeded before its return says refunded.
    if (outcome.status != "pending" && settled_) {
      settled_(p.brand, p.return_id, outcome.status == "succeeded", outcome.detail);
    }
    store_->FinishRefundPayment(p.id, outcome.status, outcome.status == "succeeded" ? "" : outcome.detail, retry_at,
                                outcome.status == "succeeded" ? outcome.detail : "");
  }
  return static_cast<int>(due.size());
}

}  // namespace relais::edge
