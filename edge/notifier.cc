#include "edge/notifier.h"

#include <openssl/evp.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "edge/http_call.h"
#include "edge/utc_now.h"

namespace relais::edge {

namespace {

constexpr int64_t kLeaseMs = 60'000;        // A message being sent is not taken again before this.
constexpr int64_t kMaxRetryMs = 3'600'000;  // Retries are at most an hour apart.
constexpr long kTimeoutS = 20;

std::string Base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

// A header value on one line: a line break in it would start a header of the sender's choosing.
std::string OneLine(std::string text) {
  std::replace(text.begin(), text.end(), '\r', ' ');
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

// RFC 2047: non-ASCII header text as UTF-8 in base64.
std::string EncodedWord(const std::string& text) {
  const bool ascii = std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 128; });
  return ascii ? text : "=?UTF-8?B?" + Base64(text) + "?=";
}

struct Upload {
  std::string data;
  size_t sent = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t count, void* user) {
  Upload* upload = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, upload->data.size() - upload->sent);
  std::copy_n(upload->data.data() + upload->sent, n, buffer);
  upload->sent += n;
  return n;
}

std::string SendMail(const Notification& n, const NotificationConfig& config) {
  const CurlEasy curl = NewCurlEasy(kTimeoutS);
  if (!curl) return "libcurl could not start";
  Upload upload{MailMessage(n, config)};
  curl_slist* recipients = curl_slist_append(nullptr, ("<" + OneLine(n.recipient) + ">").c_str());
  const std::string from = "<" + config.from + ">";
  curl_easy_setopt(curl.get(), CURLOPT_URL, config.smtp_url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl.get(), CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(curl.get(), CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl.get(), CURLOPT_UPLOAD, 1L);
  if (config.starttls) curl_easy_setopt(curl.get(), CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!config.smtp_username.empty()) {
    curl_easy_setopt(curl.get(), CURLOPT_USERNAME, config.smtp_username.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_PASSWORD, config.smtp_password.c_str());
  }
  const CURLcode rc = curl_easy_perform(curl.get());
  curl_slist_free_all(recipients);
  return rc == CURLE_OK ? "" : std::string("smtp: ") + curl_easy_strerror(rc);
}

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

std::string MailMessage(const Notification& n, const NotificationConfig& config) {
  char date[64];
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &utc);
  const std::string domain = config.from.substr(config.from.find('@') + 1);
  const std::string from_name = OneLine(config.from_name);
  std::string message;
  message += "Date: " + std::string(date) + "\r\n";
  message += "From: " + (from_name.empty() ? "" : EncodedWord(from_name) + " ") + "<" + config.from + ">\r\n";
  message += "To: <" + OneLine(n.recipient) + ">\r\n";
  message += "Subject: " + EncodedWord(OneLine(n.subject)) + "\r\n";
  message += "Message-ID: <relais-" + n.brand + "-" + std::to_string(n.id) + "@" + domain + ">\r\n";
  message +=
      "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  const std::string body = Base64(n.body);
  for (size_t at = 0; at < body.size(); at += 76) message += body.substr(at, 76) + "\r\n";
  return message;
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
    const int64_t max_attempts = config != configs_.end() ? config->second.max_attempts : 1;
    const int64_t initial = config != configs_.end() ? config->second.retry_initial_ms : 0;
    int64_t retry_at = 0;
    if (n.attempts + 1 < max_attempts) {
      retry_at = UnixMillisNow() + std::min(kMaxRetryMs, initial << std::min<int64_t>(n.attempts, 20));
    }
    store_->FinishNotification(n.id, false, error, retry_at);
  }
  return static_cast<int>(due.size());
}

std::string Notifier::Send(const Notification& n, const NotificationConfig& config) {
  if (n.channel == "email") return config.smtp_url.empty() ? "the brand no longer sends e-mail" : SendMail(n, config);
  if (n.channel == "sms") return config.sms_url.empty() ? "the brand no longer sends SMS" : SendSms(n, config);
  return "unknown channel " + n.channel;
}

}  // namespace relais::edge
