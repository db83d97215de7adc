#include "edge/config.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "edge/api_error.h"
#include "edge/json_fields.h"
#include "edge/model/brand_settings.h"
#include "edge/orders/order_workflows.h"
#include "edge/store/open_store.h"
#include "edge/store/store.h"

namespace relais::edge {

namespace {

std::string Env(const std::string& name) {
  const char* value = name.empty() ? nullptr : std::getenv(name.c_str());
  return value ? value : "";
}

}  // namespace

std::string LoadEdgeConfig(const std::string& path, EdgeConfig* config) {
  std::ifstream in(path);
  if (!in) return "cannot read " + path;
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return path + " is not a JSON object";
  try {
    config->listen = j.value("listen", config->listen);
    config->port = j.value("port", config->port);
    config->database = j.value("database", config->database);
    config->snapshot = j.value("snapshot", config->snapshot);
    config->snapshot_poll_ms = j.value("snapshot_poll_ms", config->snapshot_poll_ms);
    config->places = j.value("places", config->places);
    config->threads = j.value("threads", config->threads);
    config->max_body_bytes = j.value("max_body_bytes", config->max_body_bytes);
    config->max_import_bytes = j.value("max_import_bytes", config->max_import_bytes);
    config->forecast_days = j.value("forecast_days", config->forecast_days);
    config->forecast_refresh_hour_utc = j.value("forecast_refresh_hour_utc", config->forecast_refresh_hour_utc);
    if (j.contains("http")) {
      const nlohmann::json& h = j.at("http");
      if (!h.is_object()) return "http must be an object of limits";
      for (const auto& [name, value] : h.items()) {
        int* field = name == "max_connections"              ? &config->http.max_connections
                     : name == "max_connections_per_client" ? &config->http.max_connections_per_client
                     : name == "head_timeout_ms"            ? &config->http.head_timeout_ms
                     : name == "body_timeout_ms"            ? &config->http.body_timeout_ms
                     : name == "idle_timeout_ms"            ? &config->http.idle_timeout_ms
                     : name == "write_timeout_ms"           ? &config->http.write_timeout_ms
                                                            : nullptr;
        if (!field) return "http." + name + " is not a transport limit";
        if (!value.is_number_integer() || value.get<int64_t>() < 0 || value.get<int64_t>() > 10'000'000) {
          return "http." + name + " must be a whole number from 0 to 10000000";
        }
        *field = value.get<int>();
      }
      if (config->http.max_connections < 1 || config->http.max_connections > 100'000) {
        return "http.max_connections must be 1..100000";
      }
      for (const int ms : {config->http.head_timeout_ms, config->http.body_timeout_ms, config->http.idle_timeout_ms,
                           config->http.write_timeout_ms}) {
        if (ms < 100) return "http: timeouts are 100 ms or more";
      }
    }
    config->cors_origins = j.value("cors_origins", config->cors_origins);
    config->metrics_token = Env(j.value("metrics_token_env", ""));
    if (const auto last = j.find("last_cancellable_status"); last != j.end()) {
      const std::optional<OrderStatus> status =
          last->is_string() ? ParseOrderStatus(last->get<std::string>()) : std::nullopt;
      if (!status || *status == OrderStatus::kCancelled) {
        return "last_cancellable_status must be an order status (placed, preparing, ready, ...)";
      }
      config->last_cancellable_status = *status;
    }
    config->workflows_file = j.value("workflows", config->workflows_file);
    for (const nlohmann::json& b : j.value("brands", nlohmann::json::array())) {
      BrandConfig brand;
      brand.id = b.at("id").get<std::string>();
      if (!IsValidId(brand.id)) return "brands: id \"" + brand.id + "\" must be 1-64 of [A-Za-z0-9._-]";
      brand.name = b.value("name", brand.id);
      const std::string key_env = b.at("api_key_env").get<std::string>();
      brand.api_key = Env(key_env);
      if (brand.api_key.size() < 16)
        return "brand " + brand.id + ": $" + key_env + " must hold an API key of 16+ characters";
      try {
        brand.settings = BrandSettingsJson(
            ReadBrandSettings(b.value("settings", nlohmann::json::object()), "brand " + brand.id + ": settings."));
      } catch (const ApiError& e) {
        return e.field() + ": " + e.what();
      }
      // A carrier's webhook secret (HMAC-SHA256 of the body): without one, that carrier's webhook is refused.
      const nlohmann::json webhooks = b.value("carrier_webhooks", nlohmann::json::object());
      for (const auto& [carrier, webhook] : webhooks.items()) {
        const std::string env = webhook.at("secret_env").get<std::string>();
        brand.webhook_secrets[carrier] = Env(env);
        if (brand.webhook_secrets[carrier].size() < 16) {
          return "brand " + brand.id + ": carrier_webhooks." + carrier + ": $" + env +
                 " must hold a secret of 16+ characters";
        }
      }
      if (b.contains("carrier_polling")) {
        const std::string error =
            ReadCarrierPolling(b["carrier_polling"], "brand " + brand.id + ": carrier_polling", &brand.carrier_polling);
        if (!error.empty()) return error;
      }
      if (b.contains("notifications")) {
        const std::string error =
            ReadNotificationConfig(b["notifications"], "brand " + brand.id + ": notifications", &brand.notifications);
        if (!error.empty()) return error;
      }
      if (b.contains("shipping")) {
        const std::string error =
            ReadShippingConfig(b["shipping"], "brand " + brand.id + ": shipping", &brand.shipping);
        if (!error.empty()) return error;
      }
      if (b.contains("returns")) {
        const std::string error = ReadReturnPolicy(b["returns"], "brand " + brand.id + ": returns", &brand.returns);
        if (!error.empty()) return error;
      }
      if (b.contains("invoicing")) {
        const std::string error =
            ReadInvoicingConfig(b["invoicing"], "brand " + brand.id + ": invoicing", &brand.invoicing);
        if (!error.empty()) return error;
      }
      // A pickup asked by e-mail goes through the brand's SMTP server: without one it could never leave.
      for (size_t i = 0; i < brand.shipping.accounts.size(); ++i) {
        if (brand.shipping.accounts[i].pickup.by == "email" && brand.notifications.smtp_url.empty()) {
          return "brand " + brand.id + ": shipping.accounts[" + std::to_string(i) +
                 "].pickup asks by e-mail, but notifications.email names no SMTP server to send it through";
        }
      }
      config->brands.push_back(std::move(brand));
    }
  } catch (const nlohmann::json::exception& e) {
    return path + ": " + e.what();
  }
  if (const std::string v = Env("RELAIS_EDGE_LISTEN"); !v.empty()) config->listen = v;
  if (const std::string v = Env("RELAIS_EDGE_PORT"); !v.empty()) {
    try {
      config->port = std::stoi(v);
    } catch (const std::exception&) {
      return "RELAIS_EDGE_PORT must be a port number";
    }
  }
  if (const std::string v = Env("RELAIS_EDGE_DATABASE"); !v.empty()) config->database = v;
  if (const std::string v = Env("RELAIS_EDGE_SNAPSHOT"); !v.empty()) config->snapshot = v;
  if (const std::string v = Env("RELAIS_EDGE_PLACES"); !v.empty()) config->places = v;
  if (const std::string refusal = DatabaseNameRefusal(config->database); !refusal.empty()) {
    return "database " + refusal;
  }
  if (config->port < 0 || config->port > 65535) return "port must be 0..65535";
  if (config->threads < 1 || config->threads > 256) return "threads must be 1..256";
  if (config->snapshot_poll_ms < 0) return "snapshot_poll_ms must be 0 (no polling) or more";
  if (config->forecast_days < 1 || config->forecast_days > 366) return "forecast_days must be 1..366";
  if (config->forecast_refresh_hour_utc < -1 || config->forecast_refresh_hour_utc > 23) {
    return "forecast_refresh_hour_utc must be 0..23 (UTC), or -1: no refresh";
  }
  if (config->brands.empty()) return "brands: at least one brand is needed";
  std::string merchant_workflows;
  if (!config->workflows_file.empty()) {
    std::ifstream file(config->workflows_file);
    if (!file) return "workflows: cannot read " + config->workflows_file;
    std::stringstream workflows;
    workflows << file.rdbuf();
    merchant_workflows = workflows.str();
    if (merchant_workflows.empty()) return "workflows: " + config->workflows_file + " is empty";
  }
  if (std::string error = LoadOrderWorkflows(merchant_workflows, &config->workflows); !error.empty()) {
    return "workflows: " + (config->workflows_file.empty() ? "" : config->workflows_file + ": ") + error;
  }
  return "";
}

}  // namespace relais::edge
