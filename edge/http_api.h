// The edge's HTTP API over a Store: routing, authentication, CORS, strict input, JSON errors, access logs
// and metrics. Every client error is a 4xx with {"error": {"code", "message", "field"}}; a 500 is a bug.
//
//   GET  /healthz, /readyz                      no credential
//   GET  /metrics                               Bearer <metrics token>
//   PUT  /v1/sites/{id}, GET /v1/sites[/{id}]   merchant key (Authorization: Bearer <key>)
//   PUT  /v1/products/{sku}, GET /v1/products/{sku}
//   POST /v1/stock/movements                    one movement, or {"movements": [...]} applied all or none
//   GET  /v1/stock/{sku}[?site=S|zone=Z]        on hand, reserved, available, in transit per site
//   GET  /v1/stock/{sku}/history?site=S[&limit=N&before=ID]
#ifndef RELAIS_EDGE_HTTP_API_H_
#define RELAIS_EDGE_HTTP_API_H_

#include <httplib.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "edge/config.h"
#include "edge/metrics.h"
#include "edge/store.h"

namespace relais::edge {

class HttpApi {
 public:
  // Registers the brands of `config` in `store` (their keys hashed) and the routes.
  HttpApi(const EdgeConfig& config, Store* store);
  HttpApi(const HttpApi&) = delete;
  HttpApi& operator=(const HttpApi&) = delete;

  // Binds config.listen:config.port (port 0: any free port) and returns the port, or -1.
  int Bind();
  // Serves until Stop(): requests in flight are finished first.
  bool Serve();
  void Stop();

  // Log lines (one JSON object per request) go here; stderr by default.
  void set_access_log(std::function<void(const std::string&)> sink) { access_log_ = std::move(sink); }

 private:
  enum class Credential { kNone, kMerchant, kMetrics };
  struct Call {
    const httplib::Request& req;
    httplib::Response& res;
    const Brand* brand;  // The merchant's brand, for kMerchant routes.
  };
  using Handler = std::function<void(Call&)>;

  void Route(const char* method, const std::string& pattern, const char* route, Credential credential, Handler handler);
  void RegisterRoutes();

  EdgeConfig config_;
  Store* store_;
  Metrics metrics_;
  std::map<std::string, Brand> brands_by_key_hash_;
  httplib::Server server_;
  std::function<void(const std::string&)> access_log_;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_HTTP_API_H_
