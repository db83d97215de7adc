// Downloads one carrier source (file://, ftp://, ftps://, sftp://, https://) to a local file with libcurl:
// connect and transfer timeouts, retries with exponential backoff, and resume of a partial download.
#ifndef RELAIS_DATA_SYNC_SOURCE_FETCHER_H_
#define RELAIS_DATA_SYNC_SOURCE_FETCHER_H_

#include <string>

namespace relais {

struct FetchOptions {
  std::string username;  // Empty: none (or the URL's own).
  std::string password;
  int connect_timeout_s = 15;
  int timeout_s = 300;        // Whole transfer.
  int retries = 3;            // Attempts after the first.
  int backoff_ms = 1000;      // Doubles after each failed attempt.
  std::string ca_file;        // Trust this CA bundle (e.g. a carrier's own CA) instead of the system's.
  bool insecure_tls = false;  // Skip TLS verification: never in production; the report says it was off.
  bool require_tls = false;   // ftp://: upgrade with AUTH TLS (explicit FTPS) or fail; never send in clear.
};

struct FetchResult {
  bool ok = false;
  std::string error;  // What failed, with the URL, when !ok.
  long long bytes = 0;
  int attempts = 0;
};

// Downloads `url` to `path` (written in place; a partial file left by a failed attempt is resumed where
// the protocol allows). Never throws.
FetchResult FetchSource(const std::string& url, const std::string& path, const FetchOptions& options);

}  // namespace relais

#endif  // RELAIS_DATA_SYNC_SOURCE_FETCHER_H_
