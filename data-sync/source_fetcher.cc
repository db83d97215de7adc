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

// One attempt; appends to what an earlier attempt left. Returns "" or the error.
std::string Attempt(const std::string& url, const std::string& path, const FetchOptions& o) {
  const long long resume_from = FileSize(path);
  FILE* file = std::fopen(path.c_str(), resume_from > 0 ? "ab" : "wb");
  if (!file) return "cannot write " + path;
  CURL* curl = curl_easy_init();
  if (!curl) {
    std::fclose(file);
    return "libcurl initialisation failed";
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
  if (o.insecure_tls) {
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (resume_from > 0) curl_easy_setopt(curl, CURLOPT_RESUME_FROM_LARGE, static_cast<curl_off_t>(resume_from));
  const CURLcode code = curl_easy_perform(curl);
  curl_easy_cleanup(curl);
  const bool write_failed = std::fclose(file) != 0;
  if (code == CURLE_RANGE_ERROR || code == CURLE_BAD_DOWNLOAD_RESUME) {
    std::remove(path.c_str());  // The server cannot resume: start over next attempt.
    return std::string("cannot resume: ") + (error[0] ? error : curl_easy_strerror(code));
  }
  if (code != CURLE_OK) return error[0] ? error : curl_easy_strerror(code);
  if (write_failed) return "cannot write " + path;
  return "";
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
    const std::string error = Attempt(url, path, options);
    if (error.empty()) {
      result.ok = true;
      result.bytes = FileSize(path);
      result.error.clear();
      return result;
    }
    result.error = url + ": " + error;
    // Wrong credentials or a missing file will not get better by retrying.
    if (error.find("Access denied") != std::string::npos || error.find("Login denied") != std::string::npos ||
        error.find("530") != std::string::npos || error.find("550") != std::string::npos ||
        error.find("Couldn't open file") != std::string::npos || error.find("404") != std::string::npos) {
      break;
    }
  }
  return result;
}

}  // namespace relais
