// relais-edge's configuration: a JSON file, then environment overrides (a container sets the port and
// the database path without editing the file). Secrets are never in the file: it names the environment
// variables that hold them (API keys, tokens and webhook secrets of 16 characters or more).
//
//   { "listen": "127.0.0.1", "port": 8080, "database": "/var/lib/relais/edge.db",
//     "snapshot": "/var/lib/relais/points.relais", "snapshot_poll_ms": 2000,
//     "places": "/var/lib/relais/laposte_hexasmal.csv", "threads": 8, "max_body_bytes": 65536,
//     "http": { "max_connections": 512, "max_connections_per_client": 128, "head_timeout_ms": 10000,
//               "body_timeout_ms": 30000, "idle_timeout_ms": 5000, "write_timeout_ms": 10000 },
//     "cors_origins": ["https://shop.example"], "metrics_token_env": "RELAIS_METRICS_TOKEN",
//     "last_cancellable_status": "preparing" (default "placed"), "workflows": "/etc/relais/workflows.json",
//     "forecast_days": 28, "forecast_refresh_hour_utc": 2,   (orders/forecast_refresh.h)
//     "brands": [ { "id": "demo", "name": "Demo", "api_key_env": "RELAIS_DEMO_API_KEY",
//                   "carrier_webhooks": { "mondial-relay": { "secret_env": "RELAIS_DEMO_MR_WEBHOOK_SECRET" } },
//                   "notifications": { "email": {...}, "sms": {...}, "tracking_url": ... },   (notifications.h)
//                   "carrier_polling": { "inpost": { "url": ".../{number}", "format": "inpost" } },  (carrier_poller.h)
//                   "shipping": { "home_carrier": ..., "accounts": [...], "printers": {...} },
//                                 (orders/shipping_labels.h),
//                   "invoicing": { "seller": {...}, "vat": {...} } (orders/invoicing.h)
//                   "returns": { "window_days": 30, "reasons": [...], ... } (orders/return_policy.h)
//                   "settings": { "relay_enabled": true, "carriers": ["mondial-relay"], "max_weight_g": 20000,
//                                 "zones": { "idf": { "name": "Île-de-France" } } } } ] }
//
// A brand's settings (brand_settings.h) seed the database; PUT /v1/brand/settings changes them afterwards,
// and the file wins again only when it is edited.
//
// Overrides: RELAIS_EDGE_LISTEN, RELAIS_EDGE_PORT, RELAIS_EDGE_DATABASE, RELAIS_EDGE_SNAPSHOT,
// RELAIS_EDGE_PLACES.
#ifndef RELAIS_EDGE_CONFIG_H_
#define RELAIS_EDGE_CONFIG_H_

#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "edge/model/order_status.h"
#include "edge/orders/carrier_tracking.h"
#include "edge/orders/invoicing.h"
#include "edge/orders/notifications.h"
#include "edge/orders/return_policy.h"
#include "edge/orders/shipping_labels.h"
#include "wasm/engine/workflow.h"

namespace relais::edge {

struct BrandConfig {
  std::string id;
  std::string name;
  std::string api_key;  // Read from the variable the file names.
  nlohmann::json settings = nlohmann::json::object();
  std::map<std::string, std::string> webhook_secrets;  // Carrier -> the secret its webhooks are signed with.
  NotificationConfig notifications;                    // E-mail and SMS to shoppers (notifications.h).
  std::vector<CarrierPolling> carrier_polling;         // Carriers asked about parcels on a timer.
  ShippingConfig shipping;    // Carrier accounts, parcel number ranges, label printers (orders/shipping_labels.h).
  InvoicingConfig invoicing;  // The seller and VAT rates of the invoices relais issues (orders/invoicing.h).
  ReturnPolicy returns;       // What shoppers may return, where, and how refunds are paid (orders/return_policy.h).
};

// The transport's bounds (edge/http/http_server.h): "http": {"max_connections": 512, ...}. Behind a reverse
// proxy every connection comes from the proxy: set max_connections_per_client to 0 there.
struct HttpLimitsConfig {
  int max_connections = 512;
  int max_connections_per_client = 128;
  int head_timeout_ms = 10'000;
  int body_timeout_ms = 30'000;
  int idle_timeout_ms = 5'000;
  int write_timeout_ms = 10'000;
};

struct EdgeConfig {
  std::string listen = "127.0.0.1";
  int port = 8080;
  std::string database = "relais-edge.db";
  std::string snapshot;         // The published relay snapshot ("" : relay checks unavailable).
  int snapshot_poll_ms = 2000;  // How often a republished snapshot is looked for (0: only on SIGHUP).
  std::string places;  // La Poste's postcode CSV, for relay searches by postcode or town ("" : by position only).
  int threads = 8;
  size_t max_body_bytes = 64 * 1024;
  size_t max_import_bytes = 32 * 1024 * 1024;  // A file import's body (POST /v1/sales/history: years of sales).
  // The nightly forecast refresh (orders/forecast_refresh.h): the days stored from each day (1-366), and the
  // hour (UTC, 0-23) from which it runs, once a day; -1: never (GET /v1/forecasts then answers none stored).
  int forecast_days = 28;
  int forecast_refresh_hour_utc = 2;
  HttpLimitsConfig http;
  std::vector<std::string> cors_origins;
  std::string metrics_token;                                   // "" : /metrics answers 401 to everyone.
  OrderStatus last_cancellable_status = OrderStatus::kPlaced;  // Merchants cancel up to it (shoppers: workflows).
  std::string workflows_file;       // The merchant's workflows over the defaults ("" : none).
  std::vector<Workflow> workflows;  // The defaults with the merchant's over them (order_workflows.h).
  std::vector<BrandConfig> brands;
};

// Reads `path` and the environment into *config. Returns "" or what is wrong, naming the field.
std::string LoadEdgeConfig(const std::string& path, EdgeConfig* config);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_CONFIG_H_
