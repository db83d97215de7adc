// Sends what the store's outbox holds (notifications.h): e-mail over SMTP (mail.h) and SMS through the brand's
// HTTP provider, both with libcurl. A failed attempt is
// retried with a doubling delay up to the brand's max_attempts, then marked failed (customer service sees it
// and may resend). Each message is leased while it is being sent, so a crash mid-send sends it again after
// the lease, never loses it; a receiver can recognise a repeat by the e-mail's Message-ID.
#ifndef RELAIS_EDGE_NOTIFIER_H_
#define RELAIS_EDGE_NOTIFIER_H_

#include <map>
#include <string>

#include "edge/background_loop.h"
#include "edge/mail.h"
#include "edge/orders/notifications.h"
#include "edge/store/store.h"

namespace relais::edge {

class Notifier {
 public:
  // `configs`: each brand's notification settings, by brand id.
  Notifier(Store* store, std::map<std::string, NotificationConfig> configs);
  ~Notifier();
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  // Sends in a thread of its own until Stop(), looking at the outbox every `poll_ms` and on Wake().
  void Start(int poll_ms = 500);
  void Stop();
  // Something was queued: look now.
  void Wake();

  // One pass: sends every notification due now. Returns how many were attempted.
  int SendDue();

 private:
  // "" when `n` was handed over, else why not.
  std::string Send(const Notification& n, const NotificationConfig& config);

  Store* store_;
  std::map<std::string, NotificationConfig> configs_;
  BackgroundLoop loop_{"notifications", [this] { SendDue(); }};  // Last: stopped before the rest goes.
};

// The e-mail of notification `n` (mail.h writes it): its Message-ID is made from the brand and the
// notification's id.
MailDraft NotificationMail(const Notification& n);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_NOTIFIER_H_
