// How a carrier is asked to come for a closed manifest's parcels: one interface, one adapter per way of asking
// (orders/shipping_labels.h: PickupContact) -- an e-mail to the carrier's agency with the manifest attached as
// PDF and CSV, sent through the brand's SMTP server (mail.h), or a JSON POST to a pickup API.
//
// The HTTP request, as relais sends it (no French carrier publishes a public pickup API with recorded answers:
// this is relais's own contract, for the merchant's middleware or an aggregator to map to a carrier's):
//   POST <url>   Authorization: Bearer <token>   Idempotency-Key: <brand>-<manifest id>
//   {"manifest": id, "carrier", "account", "date": "YYYY-MM-DD", "ready_from": "HH:MM", "ready_until": "HH:MM",
//    "time_zone": "Europe/Paris", "address": {name, lines, postcode, city, country}, "parcels": n,
//    "weight_kg": 12.345, "numbers": [...]}
// Any 2xx is taken; its JSON "reference" (or "confirmation_number", or "id") is kept as the carrier's
// confirmation. Anything else is a failed attempt, retried (pickup_sender.h).
#ifndef RELAIS_EDGE_PICKUP_CHANNEL_H_
#define RELAIS_EDGE_PICKUP_CHANNEL_H_

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "edge/documents/label_pdf.h"
#include "edge/mail.h"
#include "edge/model/catalogue.h"
#include "edge/model/shipping.h"
#include "edge/orders/notifications.h"
#include "edge/orders/shipping_labels.h"

namespace relais::edge {

// What a pickup request says, whatever carries it.
struct PickupFacts {
  std::string brand;
  std::string brand_name;
  std::string carrier_name;
  PickupContact contact;
  Manifest manifest;
  std::optional<Site> site;  // Where the parcels wait.
};

struct PickupAnswer {
  std::string error;      // "" : the carrier (or its mail server) took the request.
  std::string reference;  // The carrier's confirmation, when it gives one.
};

class PickupChannel {
 public:
  virtual ~PickupChannel() = default;
  // One attempt; blocking, under a timeout.
  virtual PickupAnswer Ask(const PickupFacts& facts) = 0;
};

// The adapter for `contact.by`, null when the account asks in no way; `mail` is the brand's SMTP server.
std::unique_ptr<PickupChannel> PickupChannelFor(const PickupContact& contact, const NotificationConfig& mail);

// The JSON the HTTP adapter posts.
nlohmann::json PickupRequestJson(const PickupFacts& facts);
// The e-mail the e-mail adapter sends (to contact.email): text in French then English, the manifest as PDF and
// CSV; or why the PDF could not be made.
Result<MailDraft, DocumentError> PickupMail(const PickupFacts& facts);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_PICKUP_CHANNEL_H_
