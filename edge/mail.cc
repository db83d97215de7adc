#include "edge/mail.h"

#include <openssl/evp.h>

#include <algorithm>
#include <ctime>

#include "edge/http_call.h"
#include "edge/secrets.h"

namespace relais::edge {

namespace {

constexpr long kTimeoutS = 20;

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

// Base64 in lines of 76 (RFC 2045).
std::string Base64Lines(std::string_view bytes) {
  const std::string encoded = Base64(bytes);
  std::string out;
  for (size_t at = 0; at < encoded.size(); at += 76) out += encoded.substr(at, 76) + "\r\n";
  return out;
}

// A file name as a MIME parameter: printable ASCII without quotes or backslashes.
std::string SafeFilename(std::string name) {
  for (char& c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e || c == '"' || c == '\\') c = '_';
  }
  return name;
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

}  // namespace

std::string Base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string MailMessage(const MailDraft& draft, const NotificationConfig& config) {
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
  message += "To: <" + OneLine(draft.to) + ">\r\n";
  message += "Subject: " + EncodedWord(OneLine(draft.subject)) + "\r\n";
  message += "Message-ID: <relais-" + OneLine(draft.key) + "@" + domain + ">\r\n";
  message += "MIME-Version: 1.0\r\n";
  const std::string text = "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  if (draft.attachments.empty()) return message + text + Base64Lines(draft.body);
  // A boundary that cannot occur in base64 text ('=' only pads at the end, '_' never).
  const std::string boundary = "=_relais_" + RandomHex(12);
  message += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n";
  message += "--" + boundary + "\r\n" + text + Base64Lines(draft.body);
  for (const MailAttachment& a : draft.attachments) {
    const std::string name = SafeFilename(a.filename);
    message += "--" + boundary + "\r\nContent-Type: " + OneLine(a.content_type) + "; name=\"" + name +
               "\"\r\nContent-Disposition: attachment; filename=\"" + name +
               "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + Base64Lines(a.bytes);
  }
  return message + "--" + boundary + "--\r\n";
}

std::string SendMail(const NotificationConfig& config, const std::string& recipient, const std::string& message) {
  const CurlEasy curl = NewCurlEasy(kTimeoutS);
  if (!curl) return "libcurl could not start";
  Upload upload{message};
  curl_slist* recipients = curl_slist_append(nullptr, ("<" + OneLine(recipient) + ">").c_str());
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

}  // namespace relais::edge
