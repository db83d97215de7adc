// What a brand tells its shoppers when a shipment reaches a step that notifies (workflow.h: "notify" --
// ready at the relay point or in the locker, ready for collection, a question awaits): an e-mail and an
// SMS, written from the brand's templates in the shopper's language (fr, en). They are queued in the
// store's outbox with the step itself (one Store::CommitOrders), so that one step makes one message per
// channel however often its event is replayed; the Notifier (notifier.h) sends them.
//
// The brand's configuration ("notifications" in its entry of edge.json; secrets from the environment):
//   { "email": { "smtp_url": "smtp://127.0.0.1:25", "from": "shop@example.com", "from_name": "Boutique",
//                "username_env": "SMTP_USER", "password_env": "SMTP_PASSWORD", "starttls": true },
//     "sms": { "url": "https://sms.example/v1/messages", "token_env": "SMS_TOKEN", "sender": "BOUTIQUE" },
//     "tracking_url": "https://shop.example/suivi/", "retry_initial_ms": 30000, "max_attempts": 8,
//     "templates": { "fr": { "subject": "...", "email": "...", "sms": "..." }, "en": { ... } } }
// Templates replace {brand}, {name}, {order}, {step}, {where}, {code} and {link}; a language or a field
// the brand leaves out keeps the built-in text.
#ifndef RELAIS_EDGE_ORDERS_NOTIFICATIONS_H_
#define RELAIS_EDGE_ORDERS_NOTIFICATIONS_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "edge/model/notification.h"
#include "edge/model/order.h"

namespace relais::edge {

struct NotificationConfig {
  std::string smtp_url;  // smtp:// or smtps:// ("" : no e-mail).
  std::string smtp_username, smtp_password;
  bool starttls = false;  // Require STARTTLS on smtp://.
  std::string from, from_name;
  std::string sms_url;  // The provider's endpoint: POST {"to", "from", "text"} ("" : no SMS).
  std::string sms_token;
  std::string sms_sender;
  std::string tracking_url;          // The tracking page; the link adds ?order=<id>&token=<tracking token>.
  int64_t retry_initial_ms = 30000;  // Then doubled at each failure (at most an hour apart).
  int64_t max_attempts = 8;
  nlohmann::json templates = nlohmann::json::object();  // {lang: {subject, email, sms}}.
};

// Reads a brand's "notifications" entry (`at`: the field's name for errors). Returns "" or what is wrong.
std::string ReadNotificationConfig(const nlohmann::json& j, const std::string& at, NotificationConfig* config);

// When a message (or a pickup request) that failed its attempt number `attempts` + 1 at `now_ms` is tried again:
// retry_initial_ms later, doubled at each failure, at most an hour apart; 0 once max_attempts were made (given up).
int64_t RetryAtMs(const NotificationConfig& config, int64_t attempts, int64_t now_ms);

// What the templates are filled with.
struct NotificationFacts {
  std::string brand_name;
  std::string lang;  // fr, en.
  std::string name;  // The shopper's, "" when unknown.
  std::string order_id;
  std::string step_label;
  std::string where;  // The pick-up point or site, one line ("" : none).
  std::string code;   // The pick-up code ("" : none).
  std::string link;   // The tracking page, "" when the brand has none.
};

// An ISO date (YYYY-MM-DD) as a message writes it: "vendredi 5 décembre 2026", "Friday 5 December 2026";
// anything else as given.
std::string DayText(const std::string& iso_date, const std::string& lang);

// The messages for shipment `shipment` of order `order` (the order holding it) reaching step `trigger`:
// an e-mail when the brand sends e-mail and the order's contact has an address, an SMS likewise with a
// phone. None when the brand sends neither.
std::vector<Notification> ComposeNotifications(const NotificationConfig& config, const std::string& brand,
                                               const Order& order, int64_t shipment, const std::string& trigger,
                                               const NotificationFacts& facts);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_NOTIFICATIONS_H_
