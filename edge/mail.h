// E-mail as edge sends it: the message (RFC 5322 headers, UTF-8 text in base64, attachments as MIME parts)
// and its delivery over SMTP by libcurl (timeouts, TLS, SMTP's dialogue and AUTH are libcurl's), through the
// brand's server (notifications.h: its "email" settings). The shoppers' notifications (notifier.h) and the
// carriers' pickup requests (pickup_channel.h) both go this way.
#ifndef RELAIS_EDGE_MAIL_H_
#define RELAIS_EDGE_MAIL_H_

#include <string>
#include <string_view>
#include <vector>

#include "edge/orders/notifications.h"

namespace relais::edge {

struct MailAttachment {
  std::string filename;      // ASCII: a manifest's id and extension.
  std::string content_type;  // "application/pdf", "text/csv; charset=utf-8".
  std::string bytes;
};

struct MailDraft {
  std::string to;
  std::string subject;  // UTF-8.
  std::string body;     // UTF-8 text.
  std::string key;      // Unique per message and the same on every attempt: its Message-ID, so that a repeat shows.
  std::vector<MailAttachment> attachments;
};

// The message as SMTP carries it, from `config`'s sender: text/plain alone, or multipart/mixed with the text
// first and then each attachment.
std::string MailMessage(const MailDraft& draft, const NotificationConfig& config);

// Sends `message` to `recipient` through config's SMTP server: "" when the server took it, else why not.
std::string SendMail(const NotificationConfig& config, const std::string& recipient, const std::string& message);

std::string Base64(std::string_view bytes);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_MAIL_H_
