// Pays the refunds staff validated (orders/return_service.h queues one per return) through the brand's payment
// provider: a JSON POST to returns.payment.url,
//   {"return_id", "order_id", "amount_cents", "currency"}   with   Idempotency-Key: <brand>-<return id>
// and the brand's token as a bearer. A 2xx pays it (the answer's "id" or "reference" kept); a 4xx other than
// 408, 409, 425 and 429 is a refusal (failed at once: customer service sees it on the return); anything else --
// no answer, no answer within payment.timeout_s, a 5xx -- is tried again with the brand's notification delays, up
// to its max_attempts.
// Each refund is leased while it is sent, so a crash mid-call asks again after the lease with the same key: the
// provider pays once.
#ifndef RELAIS_EDGE_REFUND_SENDER_H_
#define RELAIS_EDGE_REFUND_SENDER_H_

#include <functional>
#include <map>
#include <string>

#include "edge/background_loop.h"
#include "edge/orders/notifications.h"
#include "edge/orders/return_policy.h"
#include "edge/store/store.h"

namespace relais::edge {

struct RefundBrand {
  ReturnPolicy policy;       // Its provider's URL and token.
  NotificationConfig retry;  // Its retry delays and attempts.
};

// What a provider's answer did to a refund: succeeded, failed, or pending (tried again).
struct RefundOutcome {
  std::string status;
  std::string detail;  // The provider's reference when succeeded, else why.
};

class RefundSender {
 public:
  // `settled(brand, return id, succeeded, detail)` is told each final outcome (the return moves on or records it).
  using Settled = std::function<void(const std::string&, const std::string&, bool, const std::string&)>;
  RefundSender(Store* store, std::map<std::string, RefundBrand> brands, Settled settled);
  ~RefundSender();
  RefundSender(const RefundSender&) = delete;
  RefundSender& operator=(const RefundSender&) = delete;

  void Start(int poll_ms = 1000);
  void Stop();
  void Wake();

  // One pass: every refund due now. Returns how many were attempted.
  int SendDue();

 private:
  Store* store_;
  std::map<std::string, RefundBrand> brands_;
  Settled settled_;
  BackgroundLoop loop_{"refunds", [this] { SendDue(); }};  // Last: stopped before the rest goes.
};

// The provider's answer to one attempt at `payment` (exposed for tests).
RefundOutcome PayRefund(const RefundPayment& payment, const ReturnPolicy& policy);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_REFUND_SENDER_H_
