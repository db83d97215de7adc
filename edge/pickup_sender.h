// Sends the carriers' pickup requests the store holds (hand_over.h queues one with each manifest closed for an
// account that asks): through the account's channel (pickup_channel.h), retried with the brand's notification
// delays up to its max_attempts, then marked failed -- staff see it on the manifest and may ask again. Each
// request is leased while it is being sent, so a crash mid-send asks again after the lease, never loses it; the
// e-mail's Message-ID and the HTTP call's Idempotency-Key let the carrier recognise a repeat.
#ifndef RELAIS_EDGE_PICKUP_SENDER_H_
#define RELAIS_EDGE_PICKUP_SENDER_H_

#include <map>
#include <string>

#include "edge/background_loop.h"
#include "edge/orders/notifications.h"
#include "edge/orders/shipping_labels.h"
#include "edge/pickup_channel.h"
#include "edge/store/store.h"

namespace relais::edge {

// What the sender needs of a brand.
struct PickupBrand {
  std::string name;
  NotificationConfig mail;  // Its SMTP server and retry delays.
  ShippingConfig shipping;  // Its carrier accounts and how each asks.
};

class PickupSender {
 public:
  PickupSender(Store* store, std::map<std::string, PickupBrand> brands);
  ~PickupSender();
  PickupSender(const PickupSender&) = delete;
  PickupSender& operator=(const PickupSender&) = delete;

  // Sends in a thread of its own until Stop(), looking every `poll_ms` and on Wake().
  void Start(int poll_ms = 1000);
  void Stop();
  void Wake();

  // One pass: every request due now. Returns how many were attempted.
  int SendDue();

 private:
  PickupAnswer Send(const PickupRequest& request, const PickupBrand& brand);

  Store* store_;
  std::map<std::string, PickupBrand> brands_;
  BackgroundLoop loop_{"pickup requests", [this] { SendDue(); }};  // Last: stopped before the rest goes.
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_PICKUP_SENDER_H_
