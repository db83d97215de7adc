// Outgoing calls through libcurl, for the parts of edge that call other services: the SMS provider and the
// SMTP server (notifier), the carriers' tracking APIs (carrier_poller). Blocking, with a timeout and without
// signals (safe on worker threads).
#ifndef RELAIS_EDGE_HTTP_CALL_H_
#define RELAIS_EDGE_HTTP_CALL_H_

#include <curl/curl.h>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace relais::edge {

struct CurlEasyDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;

// A libcurl easy handle with the options every call shares (timeout, no signals); null when libcurl could
// not start one.
CurlEasy NewCurlEasy(long timeout_s);

struct HttpRequest {
  std::string url;
  std::vector<std::string> headers;  // "Name: value" lines.
  std::string bearer_token;          // Sent as "Authorization: Bearer ..." when not empty.
  bool post = false;                 // POST `body`, else GET.
  std::string body;
  long timeout_s = 20;
  size_t max_answer_bytes = 1 << 20;  // The rest of a longer answer is read and dropped.
};

struct HttpReply {
  std::string error;  // Set when no answer came (connection, TLS, timeout...): libcurl's message.
  long status = 0;    // The HTTP status of the answer.
  std::string body;   // Its first max_answer_bytes.
};

// One HTTP(S) request; the answer's body is capped, since it is only parsed or logged.
HttpReply Call(const HttpRequest& request);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_HTTP_CALL_H_
