#include "edge/notifier.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "edge/http_call.h"
#include "edge/mail.h"
#include "edge/utc_now.h"

namespace relais::edge {

namespace {

constexpr int64_t kLeaseMs = 60'000;  // A message being sent is not taken again before this.
constexpr long kTimeoutS = 20;

std::string SendSms(const Notification& n, const NotificationConfig& config) {
  HttpRequest request;
  request.url = config.sms_url;
  request.headers = {"Content-Type: application/json"};
  request.bearer_token = config.sms_token;
  request.post = true;
  request.body = nlohmann::json{{"to", n.recipient}, {"from", config.sms_sender}, {"text", n.body}}.dump();
  request.timeout_s = kTimeoutS;
  request.max_answer_bytes = 2000;  // Enough to log the provider's reason.
  const HttpReply reply = Call(request);
  if (!reply.error.empty()) return "sms: " + reply.error;
  if (reply.status < 200 || reply.status >= 300) {
    return "sms: the provider answered " + std::to_string(reply.status) + " " + reply.body;
  }
  return "";
}

}  // namespace

MailDraft NotificationMail(const Notification& n) {
  return {n.recipient, n.subject, n.body, n.brand + "-" + std::to_string(n.id), {}};
}

Notifier::Notifier(Store* store, std::map<std::string, NotificationConfig> configs)
    : store_(store), configs_(std::move(configs)) {}

Notifier::~Notifier() { Stop(); }

void Notifier::Start(int poll_ms) { loop_.Start(std::chrono::milliseconds(poll_ms)); }

void Notifier::Stop() { loop_.Stop(); }

void Notifier::Wake() { loop_.Wake(); }

int Notifier::SendDue() {
  const std::vector<Notification> due = store_->ClaimNotifications(UnixMillisNow(), kLeaseMs, 50);
  for (const Notification& n : due) {
    const auto config = configs_.find(n.brand);
    std::string error = "the brand no longer sends notifications";
    if (config != configs_.end()) error = Send(n, config->second);
    if (error.empty()) {
      store_->FinishNotification(n.id, true, "", 0);
      continue;
    }
    const int64_t retry_at = config != configs_.end() ? RetryAtMs(config->second, n.attempts, UnixMillisNow()) : 0;
    store_->FinishNotification(n.id, false, error, retry_at);
  }
  return static_cast<int>(due.size());
}

std::string Notifier::Send(const Notification& n, const NotificationConfig& config) {
  if (n.channel == "email") {
    return config.smtp_url.empty() ? "the brand no longer sends e-mail"
                                   : SendMail(config, n.recipient, MailMessage(NotificationMail(n), config));
  }
  if (n.channel == "sms") return config.sms_url.empty() ? "the brand no longer sends SMS" : SendSms(n, config);
  return "unknown channel " + n.channel;
}

}  // namespace relais::edge
