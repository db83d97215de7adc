#include "data-sync/source_fetcher.h"

#include <curl/curl.h>

#include <chrono>
#include <cstdio>
#include <thread>

namespace relais {

namespace {

size_t WriteToFile(char* data, size_t size, size_t count, void* file) {
  return std::fwrite(data, size, count, static_cast<FILE*>(file)) * size;
}

long long FileSize(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return 0;
  std::fseek(f, 0, SEEK_END);
  const long long size = std::ftell(f);
  std::fclose(f);
  return size;
}

struct AttemptResult {
  std::string error;       // "" on success.
  bool permanent = false;  // Retrying cannot help (credentials, missing file, bad certificate...).
};

// Failures that the same request will meet again.
bool IsPermanent(CURLcode code, long http_status) {
  switch (code) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_REMOTE_ACCESS_DENIED:
    case CURLE_FILE_COULDNT_READ_FILE:
    case CURLE_LOGIN_DENIED:
    case CURLE_REMOTE_FILE_NOT_FOUND:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
      return true;
    case CURLE_HTTP_RETURNED_ERROR:
      return http_status >= 400 && http_status < 500 && http_status != 408 && http_status != 429;
    default:
      return false;
  }
}

// One attempt; appends to what an earlier attempt left.
AttemptResult Attempt(const std::string& url, const std::string& path, const FetchOptions& o) {
  const long long resume_from = FileSize(path);
  FILE* file = std::fopen(path.c_str(), resume_from > 0 ? "ab" : "wb");
  if (!file) return {"cannot write " + path, true};
  CURL* curl = curl_easy_init();
  if (!curl) {
    std::fclose(file);
    return {"libcurl initialisation failed", true};
  }
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteToFile);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, file);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(o.connect_timeout_s));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(o.timeout_s));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_FAILONERROR, 1L);  // HTTP 4xx/5xx are failures, not files.
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "file,ftp,ftps,sftp,https,http");
  if (!o.username.empty()) curl_easy_setopt(curl, CURLOPT_USERNAME, o.username.c_str());
  if (!o.password.empty()) curl_easy_setopt(curl, CURLOPT_PASSWORD, o.password.c_str());
  if (!o.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, o.ca_file.c_str());
  if (o.insecure_tls) {
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (o.require_tls) curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (resume_from > 0) curl_easy_setopt(curl, CURLOPT_RESUME_FROM_LARGE, static_cast<curl_off_t>(resume_from));
  const CURLcode code = curl_easy_perform(curl);
  long http_status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &http_status);
  curl_easy_cleanup(curl);
  const bool write_failed = std::fclose(file) != 0;
  const std::string message = error[0] ? error : curl_easy_strerror(code);
  if (code == CURLE_RANGE_ERROR || code == CURLE_BAD_DOWNLOAD_RESUME) {
    std::remove(path.c_str());  // The server cannot resume: start over next attempt.
    return {"cannot resume: " + message, false};
  }
  if (code != CURLE_OK) return {message, IsPermanent(code, http_status)};
  if (write_failed) return {"cannot write " + path, true};
  return {};
}

}  // namespace

FetchResult FetchSource(const std::string& url, const std::string& path, const FetchOptions& options) {
  static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  FetchResult result;
  if (!initialised) {
    result.error = "libcurl initialisation failed";
    return result;
  }
  std::remove(path.c_str());
  int backoff_ms = options.backoff_ms;
  for (int attempt = 0; attempt <= options.retries; ++attempt) {
    if (attempt > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(backoff_ms));
      backoff_ms *= 2;
    }
    ++result.attempts;
    const AttemptResult attempt_result = Attempt(url, path, options);
    if (attempt_result.error.empty()) {
      result.ok = true;
      result.bytes = FileSize(path);
      result.error.clear();
      return result;
    }
    result.error = url + ": " + attempt_result.error;
    if (attempt_result.permanent) break;
  }
  return result;
}

}  // namespace relais
