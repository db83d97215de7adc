#include "edge/http_call.h"

#include <algorithm>
#include <memory>

namespace relais::edge {

namespace {

struct HeaderListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

struct Answer {
  std::string* body;
  size_t max_bytes;
};

size_t KeepAnswer(char* data, size_t size, size_t count, void* user) {
  const Answer* answer = static_cast<const Answer*>(user);
  const size_t n = size * count;
  if (answer->body->size() < answer->max_bytes)
    answer->body->append(data, std::min(n, answer->max_bytes - answer->body->size()));
  return n;
}

}  // namespace

CurlEasy NewCurlEasy(long timeout_s) {
  CurlEasy curl(curl_easy_init());
  if (curl) {
    curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, timeout_s);
    curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  }
  return curl;
}

HttpReply Call(const HttpRequest& request) {
  HttpReply reply;
  const CurlEasy curl = NewCurlEasy(request.timeout_s);
  if (!curl) {
    reply.error = "libcurl could not start";
    return reply;
  }
  curl_slist* lines = nullptr;
  for (const std::string& line : request.headers) lines = curl_slist_append(lines, line.c_str());
  if (!request.bearer_token.empty())
    lines = curl_slist_append(lines, ("Authorization: Bearer " + request.bearer_token).c_str());
  const std::unique_ptr<curl_slist, HeaderListDeleter> headers(lines);
  Answer answer{&reply.body, request.max_answer_bytes};
  curl_easy_setopt(curl.get(), CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
  if (request.post) {
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
  }
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, KeepAnswer);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &answer);
  if (const CURLcode rc = curl_easy_perform(curl.get()); rc != CURLE_OK) {
    reply.error = curl_easy_strerror(rc);
    return reply;
  }
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &reply.status);
  return reply;
}

}  // namespace relais::edge
