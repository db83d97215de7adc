// What reaches shoppers and what comes from carriers: a message in the outbox, a carrier's tracking event.
#ifndef RELAIS_EDGE_MODEL_NOTIFICATION_H_
#define RELAIS_EDGE_MODEL_NOTIFICATION_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace relais::edge {

// A message to the shopper (notifications.h), kept in the store's outbox until it is sent or given up.
struct Notification {
  int64_t id = 0;
  std::string brand, order_id;
  int64_t shipment = 0;
  std::string trigger;  // The step reached ("ready_for_pickup"): one message per (order, shipment, trigger, channel).
  std::string channel;  // email, sms.
  std::string recipient, subject, body;
  std::string status = "pending";  // pending, sent, failed (after the brand's last attempt).
  int64_t attempts = 0;
  int64_t next_attempt_ms = 0;  // Unix milliseconds: not sent before.
  std::string last_error, created_at, sent_at;
};

// A carrier's tracking event as it came (webhook or polling), kept forever in the parcel-tracing table,
// with what it did: "moved", "repeated", "refused: ...", "unknown_code", "no_order", "no_step".
struct ParcelEvent {
  int64_t id = 0;
  std::string carrier, tracking_number, code, justification, text;
  std::string at;           // When the carrier saw it (its own timestamp, as sent).
  std::string received_at;  // When edge received it first.
  std::string milestone;    // MilestoneName(): "unknown" when no rule knows the code.
  std::string order_id;     // The (child) order it applied to, "" when none.
  std::string outcome;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_MODEL_NOTIFICATION_H_
