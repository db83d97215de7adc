#include "edge/http/http_api.h"

#include <chrono>
#include <iostream>

#include "edge/api_error.h"
#include "edge/http/http_answer.h"
#include "edge/http/order_errors.h"
#include "edge/http/relay_json.h"
#include "edge/json_fields.h"
#include "edge/model/site_location.h"
#include "edge/orders/order_workflows.h"
#include "edge/orders/slot_booking.h"
#include "edge/orders/tracking_token.h"
#include "edge/secrets.h"
#include "edge/utc_now.h"
#include "wasm/engine/gtin.h"
#include "wasm/engine/relay_record.h"
#include "wasm/engine/sha256.h"

namespace relais::edge {

namespace {

using nlohmann::json;

constexpr int64_t kMaxQuantity = 1'000'000;
constexpr size_t kMaxBatch = 1000;

// Set per request on the worker thread that serves it, read by the access log.
thread_local std::chrono::steady_clock::time_point t_started;
thread_local const char* t_route = "unmatched";
thread_local std::string t_brand;
thread_local std::string t_request_id;

// A log line never fails on what a client sent: bytes that are not UTF-8 are replaced, not thrown on.
std::string DumpForLog(const json& line) { return line.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string KeyHash(const std::string& key) {
  return Sha256Hex({reinterpret_cast<const uint8_t*>(key.data()), key.size()});
}

// What a 401 says: no credential at all, or one this server does not know (revoked, mistyped, another's).
std::string UnauthorizedMessage(const std::string& token) {
  return token.empty() ? "send a credential: Authorization: Bearer <key or token>"
                       : "this credential is not known here (a merchant key, a staff token or a tracking token)";
}

std::string BearerToken(const httplib::Request& req) {
  const std::string header = req.get_header_value("Authorization");
  return header.starts_with("Bearer ") ? header.substr(7) : "";
}

// --- Sites -------------------------------------------------------------------------------------------

// A site offers fulfilment modes (delivery_mode.h), "transfer": sending stock to another site of the brand, and
// "returns": taking back what shoppers return (orders/return_service.h).
// An engine mode, a mode the merchant added, "transfer" or "returns".
bool IsCapability(const std::string& name, const std::vector<MerchantMode>& merchant_modes) {
  return name == "transfer" || name == "returns" || ParseDeliveryMode(name).has_value() ||
         std::any_of(merchant_modes.begin(), merchant_modes.end(),
                     [&](const MerchantMode& m) { return m.name == name; });
}

// A site's location, checked by the engine's record rules (site_location.h).
json ReadLocation(const json& body, const std::string& id, const std::string& name, const std::string& kind) {
  if (!body.contains("location") || !body["location"].is_object()) {
    throw BadField("location", "location must be an object (address, postcode, city, country, lat, lon, tz, hours)");
  }
  const json& location = body["location"];
  RejectUnknownFields(location,
                      {"address", "postcode", "city", "country", "lat", "lon", "tz", "hours", "always", "closures"},
                      "location.");
  const RecordParse parsed = ParseSiteLocation(location, id, name, kind);
  if (!parsed.point) throw BadField("location", "location: " + parsed.error);
  return location;
}

json ReadCapabilities(const json& body, const std::vector<MerchantMode>& merchant_modes) {
  const json capabilities = body.value("capabilities", json::object());
  if (!capabilities.is_object()) throw BadField("capabilities", "capabilities must be an object of modes");
  json out = json::object();
  for (const auto& [mode, value] : capabilities.items()) {
    const std::string at = "capabilities." + mode;
    if (!IsCapability(mode, merchant_modes)) throw BadField(at, "unknown fulfilment mode \"" + mode + "\"");
    if (!value.is_object()) throw BadField(at, at + " must be an object");
    if (mode == "returns") {  // No offer to plan with: whether the site takes returns back.
      RejectUnknownFields(value, {"enabled"}, at + ".");
      if (value.contains("enabled") && !value["enabled"].is_boolean()) {
        throw BadField(at + ".enabled", at + ".enabled must be true or false");
      }
      out[mode] = {{"enabled", value.value("enabled", true)}};
      continue;
    }
    RejectUnknownFields(value,
                        {"enabled", "cost_cents", "lead_time_hours", "per_kg_cents", "per_km_cents", "transit_days",
                         "window_days", "cold_chain", "slots"},
                        at + ".");
    if (value.contains("slots") && mode != "click_collect" && mode != "drive" && mode != "pedestrian") {
      throw BadField(at + ".slots", "slots are for the collection services: click_collect, drive, pedestrian");
    }
    for (const char* flag : {"enabled", "cold_chain"}) {
      if (value.contains(flag) && !value[flag].is_boolean()) {
        throw BadField(at + "." + flag, at + "." + flag + " must be true or false");
      }
    }
    // The engine's ModeOffer (wasm/engine/split_plan.h), which plans with these figures.
    out[mode] = {{"enabled", value.value("enabled", true)},
                 {"cost_cents", RequiredInt(value, "cost_cents", 0, 100'000'00, at + ".")},
                 {"lead_time_hours", RequiredInt(value, "lead_time_hours", 0, 24 * 90, at + ".")},
                 {"per_kg_cents", OptionalInt(value, "per_kg_cents", 0, 1'000'000, at + ".").value_or(0)},
                 {"per_km_cents", OptionalInt(value, "per_km_cents", 0, 1'000'000, at + ".").value_or(0)},
                 {"transit_days", OptionalInt(value, "transit_days", 0, 60, at + ".").value_or(0)},
                 {"window_days", OptionalInt(value, "window_days", 0, 60, at + ".").value_or(0)},
                 {"cold_chain", value.value("cold_chain", false)}};
    if (value.contains("slots")) out[mode]["slots"] = value["slots"];  // Read with the site's hours (PUT site).
  }
  return out;
}

json SiteJson(const Site& s) {
  return {{"id", s.id},
          {"kind", s.kind},
          {"name", s.name},
          {"zone", s.zone},
          {"location", s.location},
          {"capabilities", s.capabilities},
          {"preparation_cents", s.preparation_cents}};
}

// --- Products ----------------------------------------------------------------------------------------

json ProductJson(const Product& p) {
  return {
      {"sku", p.sku},           {"name", p.name},       {"category", p.category},       {"temperature", p.temperature},
      {"weight_g", p.weight_g}, {"dims_cm", p.dims_cm}, {"price_cents", p.price_cents}, {"gtin", p.gtin}};
}

// --- Stock -------------------------------------------------------------------------------------------

Movement ReadMovement(const json& m, const std::string& at) {
  if (!m.is_object()) throw BadField(at.empty() ? "" : at.substr(0, at.size() - 1), "a movement is an object");
  RejectUnknownFields(m, {"kind", "sku", "site", "quantity", "to_site", "reference"}, at);
  Movement out;
  const std::string kind =
      RequiredEnum(m, "kind",
                   {"receipt", "shrinkage", "pos_sale", "web_sale", "reservation", "release", "return_to_stock",
                    "inventory_count", "warehouse_snapshot", "transfer_out", "in_transit", "transfer_in"},
                   at);
  out.kind = *ParseMovementKind(kind);
  out.sku = RequiredId(m, "sku", at);
  out.site = RequiredId(m, "site", at);
  out.quantity = RequiredInt(m, "quantity", IsAbsolute(out.kind) ? 0 : 1, kMaxQuantity, at);
  if (out.kind == MovementKind::kTransferOut) {
    out.to_site = RequiredId(m, "to_site", at);
  } else if (m.contains("to_site")) {
    throw BadField(at + "to_site", "to_site is for transfer_out only");
  }
  out.reference = OptionalText(m, "reference", 200, at).value_or("");
  return out;
}

json LevelJson(const StockLevel& l) {
  return {{"on_hand", l.on_hand}, {"reserved", l.reserved}, {"available", l.available()}, {"in_transit", l.in_transit}};
}

json LedgerJson(const LedgerEntry& e) {
  return {{"id", e.id},
          {"sku", e.sku},
          {"site", e.site},
          {"kind", MovementKindName(e.kind)},
          {"quantity", e.quantity},
          {"delta", {{"on_hand", e.delta.on_hand}, {"reserved", e.delta.reserved}, {"in_transit", e.delta.in_transit}}},
          {"reference", e.reference},
          {"recorded_at", e.recorded_at}};
}

void RequireJsonBody(const httplib::Request& req) {
  if (req.body.empty()) return;  // POST .../cancel and the like carry nothing: no type to name.
  const std::string type = req.get_header_value("Content-Type");
  if (!type.starts_with("application/json")) {
    throw ApiError(415, "unsupported_media_type", "send the body as application/json", "header.Content-Type");
  }
}

// What each brand tells its shoppers, and under which name.
std::map<std::string, BrandMessaging> MessagingOf(const EdgeConfig& config) {
  std::map<std::string, BrandMessaging> brands;
  for (const BrandConfig& b : config.brands) brands[b.id] = BrandMessaging{b.name, b.notifications};
  return brands;
}

std::map<std::string, InvoicingConfig> InvoicingOf(const EdgeConfig& config) {
  std::map<std::string, InvoicingConfig> invoicing;
  for (const BrandConfig& b : config.brands) invoicing[b.id] = b.invoicing;
  return invoicing;
}

std::map<std::string, ReturnPolicy> ReturnPoliciesOf(const EdgeConfig& config) {
  std::map<std::string, ReturnPolicy> policies;
  for (const BrandConfig& b : config.brands) policies[b.id] = b.returns;
  return policies;
}

std::map<std::string, ShippingConfig> ShippingOf(const EdgeConfig& config) {
  std::map<std::string, ShippingConfig> shipping;
  for (const BrandConfig& b : config.brands) shipping[b.id] = b.shipping;
  return shipping;
}

}  // namespace

HttpApi::HttpApi(const EdgeConfig& config, Store* store, RelaySnapshot* relays, const PlaceIndex* places)
    : config_(config),
      store_(store),
      lifecycle_(store),
      orders_(
          store, relays, places,
          [](const Snapshot& snapshot, uint32_t point, double distance_m) {
            return RelayJson(snapshot, point, UnixSecondsNow(), distance_m);
          },
          [this](const std::string& name, uint64_t n) { metrics_.Count(name, n); }),
      tracking_(store, &lifecycle_, relays, &config_.workflows, &cancellable_, MessagingOf(config),
                [this](const std::string& name, uint64_t n) { metrics_.Count(name, n); }),
      amendments_(store, &lifecycle_, &orders_, relays, &cancellable_, &config_.workflows),
      questions_(store, &lifecycle_, &tracking_, &amendments_),
      labels_(store, relays, &orders_, &config_.workflows, ShippingOf(config)),
      hand_over_(store, &tracking_, relays, &config_.workflows, &labels_),
      invoicing_(store, relays, &config_.workflows, InvoicingOf(config)),
      backorders_(store, &lifecycle_, &orders_, relays, &config_.workflows),
      returns_(store, &tracking_, relays, &labels_, &config_.workflows, ReturnPoliciesOf(config), InvoicingOf(config)),
      layouts_(store),
      picking_(store, &tracking_, &questions_, &config_.workflows),
      customers_(store),
      forecasts_(store),
      relays_(relays),
      places_(places) {
  access_log_ = [](const std::string& line) { std::cerr << line << "\n"; };
  for (const BrandConfig& b : config_.brands) {
    Brand brand{b.id, b.name, KeyHash(b.api_key), b.settings};
    store_->PutBrand(brand);
    const Brand& kept = brands_by_key_hash_[brand.api_key_sha256] = brand;
    brands_by_id_[kept.id] = &kept;
  }
  // Whoever moves an order, a shipment that leaves is invoiced in the same commit.
  lifecycle_.set_consequences([this](const std::string& brand, const Order& before, const Order& after,
                                     OrderCommit* commit) { invoicing_.AddInvoices(brand, before, after, commit); });
  tracking_secret_ = store_->ServerSecret("tracking-token");
  tracking_.set_tracking_secret(tracking_secret_);
  if (config_.workflows.empty()) {  // A configuration not read from a file (tests, fuzzing): the defaults.
    if (const std::string error = LoadOrderWorkflows("", &config_.workflows); !error.empty()) {
      throw std::runtime_error(error);
    }
  }
  orders_.set_merchant_modes(MerchantModesOf(config_.workflows));
  for (OrderStatus status : kForwardStatuses) {
    if (status <= config_.last_cancellable_status) cancellable_.push_back(status);
  }
  // The transport reads every request whole, under its deadlines and limits, before a worker sees it
  // (http/http_server.h); the body limit holds whatever the encoding.
  TransportLimits limits;
  limits.framing.max_body_bytes = config_.max_body_bytes;
  limits.framing.max_import_bytes = config_.max_import_bytes;
  limits.framing.import_paths = {std::string(kSalesHistoryPath)};
  limits.max_connections = static_cast<size_t>(config_.http.max_connections);
  limits.max_connections_per_client = static_cast<size_t>(config_.http.max_connections_per_client);
  limits.head_timeout = std::chrono::milliseconds(config_.http.head_timeout_ms);
  limits.body_timeout = std::chrono::milliseconds(config_.http.body_timeout_ms);
  limits.idle_timeout = std::chrono::milliseconds(config_.http.idle_timeout_ms);
  limits.write_timeout = std::chrono::milliseconds(config_.http.write_timeout_ms);
  transport_ = std::make_unique<HttpServer>(&server_, static_cast<size_t>(config_.threads), limits);
  transport_->set_admission([this](const RequestHead& head) { return Admit(head); });
  transport_->set_fault_report(
      [this](const RequestHead& head, const std::string& what) { return InternalError(head.method, head.path, what); });
  // What the transport answers itself goes to the same log and metrics as the rest: a guessed key refused
  // on its head, a slow client timed out, a flood turned away.
  transport_->set_refusal_log(
      [this](const FramingRefusal& r, const RequestHead* head, const std::string& remote, const std::string& id) {
        json line = {{"ts", UtcNowIso()}, {"route", "transport"}, {"status", r.status},
                     {"code", r.code},    {"remote", remote},     {"request_id", id}};
        if (head) {
          line["method"] = head->method;
          line["path"] = head->path;
        }
        access_log_(DumpForLog(line));
        metrics_.ObserveRequest(head ? head->method : "-", "transport:" + r.code, r.status, 0);
      });
  metrics_.Count("errors", 0);  // Exposed from the start, at 0: a dashboard can alert on its rate.
  metrics_.Count("store_unavailable", 0);
  server_.set_payload_max_length(std::max(config_.max_body_bytes, config_.max_import_bytes));
  server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    t_started = std::chrono::steady_clock::now();
    t_route = "unmatched";
    t_brand.clear();
    t_request_id = RandomHex(8);
    res.set_header("X-Request-Id", t_request_id);
    const std::string origin = req.get_header_value("Origin");
    bool allowed = false;
    for (const std::string& o : config_.cors_origins) allowed = allowed || o == origin;
    if (allowed) {
      res.set_header("Access-Control-Allow-Origin", origin);
      res.set_header("Vary", "Origin");
      // What a page on another origin may read of an answer besides its body: a label's parcel numbers.
      res.set_header("Access-Control-Expose-Headers", "X-Parcel-Numbers, X-Request-Id");
    }
    if (req.method == "OPTIONS") {  // CORS preflight.
      if (!allowed) {
        SendError(res, ApiError(403, "origin_not_allowed", "this origin is not in the server's CORS allow-list"));
      } else {
        res.status = 204;
        res.set_header("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE");
        res.set_header("Access-Control-Allow-Headers", "Authorization, Content-Type, Idempotency-Key");
        res.set_header("Access-Control-Max-Age", "600");
      }
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // Answers cpp-httplib makes itself (no route: 404, method: 405, body over the limit: 413) get the JSON
  // error body too.
  server_.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    const std::string code = res.status == 404   ? "not_found"
                             : res.status == 413 ? "payload_too_large"
                             : res.status == 405 ? "method_not_allowed"
                                                 : "bad_request";
    const std::string message = res.status == 404   ? "no such route"
                                : res.status == 413 ? "the request body is over the size limit"
                                : res.status == 405 ? "method not allowed here"
                                                    : "bad request";
    SendError(res, ApiError(res.status, code, message));
    return httplib::Server::HandlerResponse::Handled;
  }));
  // Whatever escapes a route's own error handling (a handler's catch failing in turn): a JSON 500 with the
  // request id, counted and logged; the exception's text stays in the log.
  server_.set_exception_handler([this](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown exception";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    res.status = 500;
    res.set_content(InternalError(req.method, req.path, what), "application/json");
  });
  server_.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t_started).count();
    json line = {{"ts", UtcNowIso()},         {"method", req.method},      {"path", req.path},
                 {"route", t_route},          {"status", res.status},      {"ms", std::round(ms * 1000) / 1000},
                 {"remote", req.remote_addr}, {"request_id", t_request_id}};
    if (!t_brand.empty()) line["brand"] = t_brand;
    access_log_(DumpForLog(line));
    if (std::string_view(t_route) == "unmatched") metrics_.ObserveRequest(req.method, t_route, res.status, ms / 1000);
  });
  RegisterRoutes();
  // Built once from what was registered; an undocumented route stops the server at start. Public: it
  // describes the API and discloses no data.
  openapi_ = OpenApiDocument(routes_).dump(2);
  server_.Get("/openapi.json", [this](const httplib::Request&, httplib::Response& res) {
    t_route = "/openapi.json";
    res.set_content(openapi_, "application/json");
  });
}

const BrandConfig* HttpApi::BrandConfigOf(const std::string& id) const {
  for (const BrandConfig& b : config_.brands) {
    if (b.id == id) return &b;
  }
  return nullptr;
}

void HttpApi::Identify(const httplib::Request& req, Call* call) {
  const std::string token = BearerToken(req);
  if (token.empty()) return;
  if (!config_.metrics_token.empty() && SameSecret(token, config_.metrics_token)) {
    call->role = kMetricsRole;
    return;
  }
  if (const auto merchant = brands_by_key_hash_.find(KeyHash(token)); merchant != brands_by_key_hash_.end()) {
    call->role = kMerchantRole;
    call->brand = &merchant->second;
    return;
  }
  if (token.starts_with("stf_")) {
    const std::optional<StaffToken> staff = store_->StaffTokenByHash(KeyHash(token));
    const auto brand = staff ? brands_by_id_.find(staff->brand) : brands_by_id_.end();
    if (staff && !staff->revoked && brand != brands_by_id_.end()) {
      call->role = staff->role == "agent" ? kAgentRole : kStaffRole;
      call->brand = brand->second;
      call->staff_site = staff->site;
      call->staff = "staff:" + staff->id + " " + staff->name;
    }
    return;
  }
  if (const std::optional<TrackingClaim> claim = VerifyTrackingToken(tracking_secret_, token)) {
    const auto brand = brands_by_id_.find(claim->brand);
    if (brand == brands_by_id_.end()) return;
    call->role = kShopperRole;
    call->brand = brand->second;
    call->shopper_order = claim->order_id;
  }
}

std::string HttpApi::ParcelRangesText() const {
  // Numbers left per carrier account: an alert fires before labels are refused (parcel_range_exhausted).
  std::string out;
  for (const BrandConfig& b : config_.brands) {
    std::map<std::pair<std::string, std::string>, std::pair<uint64_t, bool>> accounts;
    for (const ShippingLabels::RangeUse& u : labels_.Ranges(b.id)) {
      auto& [left, low] = accounts[{u.carrier, u.account}];
      left += u.left;
      low = u.low;
    }
    for (const auto& [key, figures] : accounts) {
      const std::string labels =
          "{brand=\"" + b.id + "\",carrier=\"" + key.first + "\",account=\"" + key.second + "\"}";
      out += "relais_parcel_numbers_left" + labels + " " + std::to_string(figures.first) + "\n";
      out += "relais_parcel_range_low" + labels + " " + (figures.second ? "1" : "0") + "\n";
    }
  }
  return out.empty() ? out : "# TYPE relais_parcel_numbers_left gauge\n# TYPE relais_parcel_range_low gauge\n" + out;
}

std::string HttpApi::StoreText() const {
  // Not a failure: a collision is run again until it passes. A rate that climbs says which load collides.
  return "# HELP relais_store_write_retries_total Write transactions run again after colliding with another's "
         "(PostgreSQL: serialization failures, unique keys inserted meanwhile).\n"
         "# TYPE relais_store_write_retries_total counter\nrelais_store_write_retries_total " +
         std::to_string(store_->WriteRetries()) + "\n";
}

std::string HttpApi::TransportText() const {
  const TransportCounters& t = transport_->counters();
  std::string text;
  const auto line = [&text](const char* name, const char* type, const char* help, uint64_t value) {
    text += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" + name + " " +
            std::to_string(value) + "\n";
  };
  line("relais_http_connections_open", "gauge", "Client connections open now.",
       static_cast<uint64_t>(std::max<int64_t>(0, t.open_connections.load())));
  line("relais_http_connections_accepted_total", "counter", "Connections accepted.", t.accepted);
  line("relais_http_refused_busy_total", "counter", "Answered 503: too many connections or queued requests.",
       t.refused_busy);
  line("relais_http_refused_client_total", "counter", "Answered 503: too many connections from one address.",
       t.refused_client);
  line("relais_http_refused_admission_total", "counter",
       "Refused on the head, before the body: no credential that could open anything.", t.refused_admission);
  line("relais_http_refused_framing_total", "counter",
       "Refused before routing: sizes, encodings, framing, bytes that are not UTF-8.", t.refused_framing);
  line("relais_http_timeouts_total", "counter", "Requests or answers that missed their deadline.", t.timed_out);
  line("relais_http_worker_faults_total", "counter", "Exceptions that escaped the HTTP library: answered 500.",
       t.worker_faults);
  return text;
}

std::optional<FramingRefusal> HttpApi::Admit(const RequestHead& head) const {
  const std::string length = head.Header("Content-Length"), transfer = head.Header("Transfer-Encoding");
  if ((length.empty() || length == "0") && transfer.empty()) return std::nullopt;  // No body to spare.
  for (const std::string& prefix : public_prefixes_) {
    if (head.path == prefix || (prefix.ends_with('/') && head.path.starts_with(prefix))) return std::nullopt;
  }
  // Every body the API reads is JSON -- but a site's locations, which come as CSV from a spreadsheet: anything
  // else is refused before it is read (cpp-httplib would read a form body itself, with limits of its own).
  const bool csv = head.Header("Content-Type").starts_with("text/csv") && IsCsvRoute(head.path);
  if (!head.Header("Content-Type").starts_with("application/json") && !csv) {
    return FramingRefusal{415, "unsupported_media_type", "send the body as application/json", "header.Content-Type"};
  }
  const std::string header = head.Header("Authorization");
  const std::string token = header.starts_with("Bearer ") ? header.substr(7) : "";
  // What Identify would accept, without the database: staff tokens are checked for their form only.
  const bool plausible =
      !token.empty() && ((!config_.metrics_token.empty() && SameSecret(token, config_.metrics_token)) ||
                         brands_by_key_hash_.contains(KeyHash(token)) || token.starts_with("stf_") ||
                         VerifyTrackingToken(tracking_secret_, token).has_value());
  if (plausible) return std::nullopt;
  return FramingRefusal{401, "unauthorized", UnauthorizedMessage(token), ""};
}

std::string HttpApi::LogError(const std::string& counter, const std::string& method, const std::string& path,
                              const std::string& what) {
  const std::string id = t_request_id.empty() ? RandomHex(8) : t_request_id;
  metrics_.Count(counter);
  access_log_(DumpForLog({{"ts", UtcNowIso()},
                          {"level", "error"},
                          {"method", method},
                          {"path", path},
                          {"request_id", id},
                          {"error", what}}));
  return id;
}

std::string HttpApi::InternalError(const std::string& method, const std::string& path, const std::string& what) {
  const std::string id = LogError("errors", method, path, what);
  return json{{"error", {{"code", "internal"}, {"message", "internal error (logged)"}, {"request_id", id}}}}.dump();
}

std::string HttpApi::StoreUnavailableError(const std::string& method, const std::string& path,
                                           const std::string& what) {
  const std::string id = LogError("store_unavailable", method, path, what);
  return json{{"error",
               {{"code", "store_unavailable"},
                {"message",
                 "the database cannot be reached: send the request again in a moment (an order with the same "
                 "Idempotency-Key)"},
                {"request_id", id}}}}
      .dump();
}

void HttpApi::Route(const char* method, const std::string& pattern, const char* route, unsigned roles,
                    Handler handler) {
  routes_.push_back({method, route, roles});
  if (roles & kPublicRole) {
    // The literal beginning of the pattern: "/healthz", "/v1/webhooks/carriers/".
    const size_t special = pattern.find_first_of("([.*+?\\");
    public_prefixes_.push_back(pattern.substr(0, special));
  }
  auto wrapped = [this, method, route, roles, handler](const httplib::Request& req, httplib::Response& res) {
    t_route = route;
    // One relay dataset for the whole request, named in its answer (relay_snapshot.h).
    const RelaySnapshot::Pin relays(relays_);
    if (relays.dataset()) res.set_header("Relais-Snapshot", relays.dataset()->version);
    try {
      Call call{req, res, 0, nullptr, "", "", ""};
      if (!(roles & kPublicRole)) {
        Identify(req, &call);
        if (call.role == 0) {
          // A revoked staff token says so: its holder asks for a new one instead of retyping this one.
          const std::string token = BearerToken(req);
          const std::optional<StaffToken> staff =
              token.starts_with("stf_") ? store_->StaffTokenByHash(KeyHash(token)) : std::nullopt;
          if (staff && staff->revoked) {
            throw ApiError(401, "token_revoked", "this staff token was revoked: ask the merchant for a new one");
          }
          throw ApiError(401, "unauthorized", UnauthorizedMessage(token));
        }
        if (!(roles & call.role)) throw ApiError(403, "forbidden", "this credential does not open this route");
        if (call.brand) t_brand = call.brand->id;
        // A shopper's token opens its own order only (the URL's), and says nothing about others; /v1/me, which
        // names no order, tells it whose token it is; a return's routes name the return, whose order the handler
        // checks (return_routes.cc).
        if (call.role == kShopperRole && std::string_view(route) != "/v1/me" &&
            !std::string_view(route).starts_with("/v1/returns/") &&
            (req.matches.size() < 2 || req.matches[1] != call.shopper_order)) {
          throw NotFound("order");
        }
      }
      if ((std::string_view(method) == "POST" || std::string_view(method) == "PUT") && !IsCsvRoute(req.path)) {
        RequireJsonBody(req);
      }
      handler(call);
    } catch (const ApiError& e) {
      SendError(res, e);
    } catch (const StoreUnavailable& e) {
      // The database restarting or out of reach: the client tries again shortly, as /readyz tells a balancer.
      res.status = 503;
      res.set_header("Retry-After", "2");
      res.set_content(StoreUnavailableError(req.method, req.path, e.what()), "application/json");
    } catch (const std::exception& e) {
      res.status = 500;
      res.set_content(InternalError(req.method, req.path, e.what()), "application/json");
    }
    metrics_.ObserveRequest(method, route, res.status,
                            std::chrono::duration<double>(std::chrono::steady_clock::now() - t_started).count());
  };
  if (std::string_view(method) == "GET") server_.Get(pattern, wrapped);
  if (std::string_view(method) == "POST") server_.Post(pattern, wrapped);
  if (std::string_view(method) == "PUT") server_.Put(pattern, wrapped);
  if (std::string_view(method) == "DELETE") server_.Delete(pattern, wrapped);
}

void HttpApi::RegisterRoutes() {
  Route("GET", "/healthz", "/healthz", kPublicRole, [](Call& c) { SendJson(c.res, 200, {{"status", "ok"}}); });
  Route("GET", "/readyz", "/readyz", kPublicRole, [this](Call& c) {
    if (store_->Ready()) {
      const std::shared_ptr<const RelayDataset> relays = relays_->Current();
      nlohmann::json ready = {{"status", "ready"}, {"relay_snapshot", relays ? "loaded" : relays_->error()}};
      if (relays) ready["relay_snapshot_version"] = relays->version;
      SendJson(c.res, 200, ready);
    } else {
      SendJson(c.res, 503, {{"error", {{"code", "not_ready"}, {"message", "the database does not answer"}}}});
    }
  });
  Route("GET", "/metrics", "/metrics", kMetricsRole, [this](Call& c) {
    c.res.set_content(metrics_.PrometheusText() + TransportText() + StoreText() + ParcelRangesText(),
                      "text/plain; version=0.0.4");
  });

  // What a credential is, for a page that checks it at sign-in (a wrong one is 401 there, not at first use).
  Route("GET", "/v1/me", "/v1/me", kMerchantRole | kStaffRole | kShopperRole | kAgentRole, [](Call& c) {
    json me = {{"role", c.role == kMerchantRole ? "merchant"
                        : c.role == kStaffRole  ? "staff"
                        : c.role == kAgentRole  ? "agent"
                                                : "shopper"},
               {"brand", c.brand->id}};
    if (c.role == kStaffRole) me["site"] = c.staff_site, me["staff"] = c.staff;  // As a pick list's picker.
    if (c.role == kAgentRole) me["site"] = c.staff_site.empty() ? json() : json(c.staff_site), me["staff"] = c.staff;
    if (c.role == kShopperRole) me["order"] = c.shopper_order;
    SendJson(c.res, 200, me);
  });
  Route("GET", "/v1/brand", "/v1/brand", kMerchantRole, [this](Call& c) {
    SendJson(
        c.res, 200,
        {{"id", c.brand->id}, {"name", c.brand->name}, {"settings", BrandSettingsJson(CurrentSettings(c.brand->id))}});
  });
  Route("PUT", "/v1/brand/settings", "/v1/brand/settings", kMerchantRole, [this](Call& c) {
    const BrandSettings settings = ReadBrandSettings(ParseBody(c.req.body));
    // A zone still named by sites stays: dropping it would silently take them out of every extended site.
    for (const Site& site : store_->ListSites(c.brand->id)) {
      if (!site.zone.empty() && !settings.zones.contains(site.zone)) {
        throw Conflict("zone_in_use", "site " + site.id + " is in zone " + site.zone + "; move it first",
                       "zones." + site.zone);
      }
    }
    // An extended site names sites that exist (a typo would silently extend nothing).
    for (const auto& [site, members] : settings.extended_sites) {
      if (!store_->GetSite(c.brand->id, site)) {
        throw ApiError(422, "unknown_site", "no site " + site, "extended_sites." + site);
      }
      for (size_t i = 0; i < members.size(); ++i) {
        if (!store_->GetSite(c.brand->id, members[i])) {
          throw ApiError(422, "unknown_site", "no site " + members[i],
                         "extended_sites." + site + "[" + std::to_string(i) + "]");
        }
      }
    }
    const json stored = BrandSettingsJson(settings);
    if (!store_->PutBrandSettings(c.brand->id, stored)) throw NotFound("brand " + c.brand->id);
    SendJson(c.res, 200, stored);
  });

  Route("PUT", R"(/v1/sites/([^/]+))", "/v1/sites/{id}", kMerchantRole, [this](Call& c) {
    const json body = ParseBody(c.req.body);
    RejectUnknownFields(body, {"id", "kind", "name", "zone", "location", "capabilities", "preparation_cents"});
    Site site;
    site.id = c.req.matches[1];
    if (!IsValidId(site.id)) throw BadField("id", "a site id is 1-64 of [A-Za-z0-9._-]");
    if (body.contains("id") && body["id"] != site.id) throw BadField("id", "id differs from the URL's");
    site.kind = RequiredEnum(body, "kind", {"store", "warehouse", "dark_store", "drive", "pedestrian_pickup"});
    site.name = RequiredText(body, "name", 200);
    site.zone = body.contains("zone") ? RequiredId(body, "zone") : "";
    if (!site.zone.empty() && !CurrentSettings(c.brand->id).zones.contains(site.zone)) {
      throw ApiError(422, "unknown_zone", "zone " + site.zone + " is not one of the brand's sales zones (settings)",
                     "zone");
    }
    site.location = ReadLocation(body, site.id, site.name, site.kind);
    site.capabilities = ReadCapabilities(body, orders_.merchant_modes());
    for (const char* service : {"click_collect", "drive", "pedestrian"}) {  // Slots are cut from hours: read both.
      std::string error;
      SlotServiceOf(site, service, &error);
      if (!error.empty()) throw BadField(error.substr(0, error.find_first_of(": ")), error);
    }
    site.preparation_cents = OptionalInt(body, "preparation_cents", 0, 100'000'00).value_or(0);
    // Slots already booked stay slots: a change that would strand them (another length, other hours) waits
    // until they are past, or moved by customer service (change_slot).
    for (const char* service : {"click_collect", "drive", "pedestrian"}) {
      const json stranded = StrandedBookings(*store_, c.brand->id, site, service, DayOf(UnixSecondsNow()) - 1);
      if (!stranded.empty()) {
        throw ApiError(409, "slots_booked",
                       std::to_string(stranded.size()) + " booked slots of " + service +
                           " would no longer exist: move or cancel those orders first",
                       std::string("capabilities.") + service + ".slots")
            .WithDetails({{"bookings", stranded}});
      }
    }
    store_->PutSite(c.brand->id, site);
    SendJson(c.res, 200, SiteJson(site));
  });
  Route("GET", R"(/v1/sites/([^/]+))", "/v1/sites/{id}", kMerchantRole | kStaffRole | kAgentRole, [this](Call& c) {
    const std::optional<Site> site = store_->GetSite(c.brand->id, c.req.matches[1]);
    if (!site) throw NotFound("site " + std::string(c.req.matches[1]));
    SendJson(c.res, 200, SiteJson(*site));
  });
  // A collection service's slots and what is left of them (orders/slot_booking.h): what a checkout offers.
  Route("GET", R"(/v1/sites/([^/]+)/slots)", "/v1/sites/{id}/slots", kMerchantRole | kStaffRole, [this](Call& c) {
    const std::optional<Site> site = store_->GetSite(c.brand->id, c.req.matches[1]);
    if (!site) throw NotFound("site " + std::string(c.req.matches[1]));
    const std::string mode = c.req.get_param_value("mode");
    if (mode != "click_collect" && mode != "drive" && mode != "pedestrian") {
      throw BadField("mode", "mode is click_collect, drive or pedestrian");
    }
    std::string error;
    const std::optional<SlotService> service = SlotServiceOf(*site, mode, &error);
    if (!service && !site->capabilities.value(mode, json::object()).value("enabled", false)) {
      throw ApiError(409, "mode_unavailable", "site " + site->id + " does not offer " + mode, "mode");
    }
    if (!service) {
      throw ApiError(409, "no_slots", "site " + site->id + " takes " + mode + " orders by the day, without slots",
                     "mode");
    }
    const UnixSeconds now = UnixSecondsNow();
    const DayNumber today = DayOf(now + service->hours.zone.OffsetAt(now));
    DayNumber from = today;
    if (c.req.has_param("from")) {
      const std::optional<DayNumber> day = ParseIsoDate(c.req.get_param_value("from"));
      if (!day) throw BadField("from", "from is YYYY-MM-DD");
      from = std::max(*day, today);
    }
    const int64_t days = QueryInt(c.req, "days", 7, 1, 14);
    SendJson(c.res, 200,
             {{"site", site->id},
              {"mode", mode},
              {"minutes", service->rule.minutes},
              {"cutoff_minutes", service->rule.cutoff_minutes},
              {"slots", SlotsJson(*store_, c.brand->id, *service, from, static_cast<int>(days), now)}});
  });
  Route("GET", "/v1/sites", "/v1/sites", kMerchantRole | kStaffRole | kAgentRole, [this](Call& c) {
    json sites = json::array();
    for (const Site& s : store_->ListSites(c.brand->id)) sites.push_back(SiteJson(s));
    SendJson(c.res, 200, {{"sites", sites}});
  });

  Route("PUT", R"(/v1/products/([^/]+))", "/v1/products/{sku}", kMerchantRole, [this](Call& c) {
    const json body = ParseBody(c.req.body);
    RejectUnknownFields(body, {"sku", "name", "category", "temperature", "weight_g", "dims_cm", "price_cents", "gtin"});
    Product p;
    p.sku = c.req.matches[1];
    if (!IsValidId(p.sku)) throw BadField("sku", "a sku is 1-64 of [A-Za-z0-9._-]");
    if (body.contains("sku") && body["sku"] != p.sku) throw BadField("sku", "sku differs from the URL's");
    p.name = RequiredText(body, "name", 200);
    p.category = RequiredText(body, "category", 200);
    p.temperature = RequiredEnum(body, "temperature", {"ambient", "chilled", "frozen"});
    p.weight_g = RequiredInt(body, "weight_g", 1, 1'000'000);
    if (body.contains("dims_cm")) {
      const json& dims = body["dims_cm"];
      if (!dims.is_array() || dims.size() != 3) throw BadField("dims_cm", "dims_cm must be [length, width, height]");
      for (size_t d = 0; d < 3; ++d) {
        p.dims_cm[d] = RequiredInt(json{{"cm", dims[d]}}, "cm", 1, 1000, "dims_cm[" + std::to_string(d) + "].");
      }
    }
    p.price_cents = RequiredInt(body, "price_cents", 0, 100'000'000);
    if (body.contains("gtin")) {
      const json& gtin = body["gtin"];
      const std::optional<std::string> normal = gtin.is_string() ? Gtin14(gtin.get<std::string>()) : std::nullopt;
      if (!normal) throw BadField("gtin", "gtin is the barcode's 8, 12, 13 or 14 digits, its check digit right");
      p.gtin = *normal;
    }
    store_->PutProduct(c.brand->id, p);
    SendJson(c.res, 200, ProductJson(p));
  });
  Route("GET", "/v1/products", "/v1/products", kMerchantRole | kStaffRole | kAgentRole, [this](Call& c) {
    const std::string text = c.req.get_param_value("q");
    if (text.empty() || text.size() > 100) throw BadField("q", "q is a sku's beginning or words of a name (1-100)");
    json products = json::array();
    for (const Product& p : store_->FindProducts(c.brand->id, text, QueryInt(c.req, "limit", 20, 1, 100))) {
      products.push_back(ProductJson(p));
    }
    SendJson(c.res, 200, {{"products", products}});
  });
  Route("GET", R"(/v1/products/([^/]+))", "/v1/products/{sku}", kMerchantRole | kStaffRole | kAgentRole,
        [this](Call& c) {
          const std::optional<Product> p = store_->GetProduct(c.brand->id, c.req.matches[1]);
          if (!p) throw NotFound("product " + std::string(c.req.matches[1]));
          SendJson(c.res, 200, ProductJson(*p));
        });

  Route("POST", "/v1/stock/movements", "/v1/stock/movements", kMerchantRole | kStaffRole, [this](Call& c) {
    const json body = ParseBody(c.req.body);
    std::vector<Movement> movements;
    if (body.contains("movements")) {
      RejectUnknownFields(body, {"movements"});
      const json& list = body["movements"];
      if (!list.is_array() || list.empty() || list.size() > kMaxBatch) {
        throw BadField("movements", "movements must be an array of 1.." + std::to_string(kMaxBatch) + " movements");
      }
      for (size_t i = 0; i < list.size(); ++i) {
        movements.push_back(ReadMovement(list[i], "movements[" + std::to_string(i) + "]."));
      }
    } else {
      movements.push_back(ReadMovement(body, ""));
    }
    for (size_t i = 0; i < movements.size(); ++i) {
      RequireSite(c, movements[i].site, movements.size() > 1 ? "movements[" + std::to_string(i) + "].site" : "site");
    }
    json entries = json::array();
    for (const LedgerEntry& e : ValueOrThrow(store_->PostMovements(c.brand->id, movements)))
      entries.push_back(LedgerJson(e));
    metrics_.Count("stock_movements", entries.size());
    SendJson(c.res, 201, {{"ledger", entries}});
  });
  Route("GET", R"(/v1/stock/([^/]+))", "/v1/stock/{sku}", kMerchantRole | kStaffRole, [this](Call& c) {
    const std::string sku = c.req.matches[1];
    std::string site = c.req.get_param_value("site");
    const std::string zone = c.req.get_param_value("zone");
    if (c.role == kStaffRole) {  // Staff see their own site's figures.
      if (!site.empty()) RequireSite(c, site, "site");
      site = c.staff_site;
    }
    const std::vector<SiteStock> stock = store_->StockOf(c.brand->id, sku, site);
    // Stock rows exist only for known products: the product is looked up only when there are none.
    if (stock.empty() && !store_->GetProduct(c.brand->id, sku)) throw NotFound("product " + sku);
    json sites = json::array();
    StockLevel total;
    for (const SiteStock& s : stock) {
      if (!zone.empty() && s.zone != zone) continue;
      json entry = LevelJson(s.level);
      entry["site"] = s.site;
      entry["zone"] = s.zone;
      sites.push_back(entry);
      total.on_hand += s.level.on_hand;
      total.reserved += s.level.reserved;
      total.in_transit += s.level.in_transit;
    }
    SendJson(c.res, 200, {{"sku", sku}, {"sites", sites}, {"total", LevelJson(total)}});
  });
  RegisterServiceRoutes();  // Before the order routes: /v1/orders/search is not an order id.
  RegisterTrackingRoutes();
  RegisterQuestionRoutes();
  RegisterOrderRoutes();
  RegisterStaffRoutes();
  RegisterLabelRoutes();
  RegisterInvoiceRoutes();
  RegisterReturnRoutes();
  RegisterRelayRoutes();
  RegisterBasketRoutes();
  RegisterPickingRoutes();
  RegisterCustomerRoutes();
  RegisterForecastRoutes();
  Route("GET", R"(/v1/stock/([^/]+)/history)", "/v1/stock/{sku}/history", kMerchantRole | kStaffRole, [this](Call& c) {
    const std::string sku = c.req.matches[1];
    if (!c.req.has_param("site")) throw BadField("site", "site is required");
    RequireSite(c, c.req.get_param_value("site"), "site");
    if (!store_->GetProduct(c.brand->id, sku)) throw NotFound("product " + sku);
    if (!store_->GetSite(c.brand->id, c.req.get_param_value("site")))
      throw NotFound("site " + c.req.get_param_value("site"));
    const int64_t limit = QueryInt(c.req, "limit", 100, 1, 1000), before = QueryInt(c.req, "before", 0, 0, INT64_MAX);
    json entries = json::array();
    for (const LedgerEntry& e : store_->History(c.brand->id, sku, c.req.get_param_value("site"), limit, before)) {
      entries.push_back(LedgerJson(e));
    }
    SendJson(c.res, 200, {{"sku", sku}, {"site", c.req.get_param_value("site")}, {"ledger", entries}});
  });
}

void HttpApi::RequireSite(const Call& c, const std::string& site, const std::string& field) {
  if (c.role == kStaffRole && site != c.staff_site) {
    throw ApiError(403, "forbidden", "a staff token acts at its own site (" + c.staff_site + ") only", field);
  }
}

BrandSettings HttpApi::CurrentSettings(const std::string& brand) {
  // Read at each use, not cached: another edge node on the same database may have changed them.
  const std::optional<Brand> stored = store_->GetBrand(brand);
  return ReadBrandSettings(stored ? stored->settings : json::object());
}

Actor HttpApi::ActorOf(const Call& c, std::string reason) {
  const std::string who = c.role == kStaffRole || c.role == kAgentRole ? c.staff
                          : c.role == kShopperRole                     ? "shopper"
                                                                       : "merchant";
  return {who, std::move(reason)};
}

bool HttpApi::MaySee(const Call& c, const Order& order) {
  if (c.role == kAgentRole) return c.staff_site.empty() || order.purchase_site == c.staff_site;
  if (c.role != kStaffRole) return true;
  if (order.purchase_site == c.staff_site) return true;
  // Served by several sites: each site's staff work on its own child order, not on the parent.
  if (!order.children.empty()) return false;
  for (const OrderLine& line : order.lines) {
    if (line.site == c.staff_site || line.destination.value("site", "") == c.staff_site) return true;
  }
  return false;
}

bool HttpApi::MayMove(const Call& c, const Order& order) {
  if (c.role == kAgentRole) return false;
  if (c.role != kStaffRole) return true;
  if (!order.children.empty()) return false;
  for (const OrderLine& line : order.lines) {
    if (line.site == c.staff_site || line.destination.value("site", "") == c.staff_site) return true;
  }
  return false;
}

int HttpApi::Bind() { return transport_->Bind(config_.listen, config_.port); }

bool HttpApi::Serve() { return transport_->Serve(); }

void HttpApi::Stop() { transport_->Stop(); }

}  // namespace relais::edge
