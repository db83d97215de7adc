// The order routes of HttpApi: creation (idempotent, re-priced, re-checked, reserved all or nothing),
// reading, cancelling, moving forward, and a customer's preferred relay.
#include <algorithm>
#include <chrono>
#include <map>
#include <tuple>

#include "edge/http/http_answer.h"
#include "edge/http/http_api.h"
#include "edge/http/order_errors.h"
#include "edge/http/relay_json.h"
#include "edge/json_fields.h"
#include "edge/model/order_json.h"
#include "edge/orders/customer_fields.h"
#include "edge/orders/order_family.h"
#include "edge/orders/split_request.h"
#include "edge/orders/tracking_token.h"
#include "edge/secrets.h"
#include "edge/utc_now.h"
#include "wasm/engine/civil_time.h"
#include "wasm/engine/point_search.h"
#include "wasm/engine/relay_choice.h"
#include "wasm/engine/sha256.h"
#include "wasm/engine/split_json.h"

namespace relais::edge {

namespace {

using nlohmann::json;

constexpr size_t kMaxLines = 100;
constexpr size_t kMaxBatchOrders = 100;
constexpr int64_t kMaxLineQuantity = 1000;

// Where an order comes from: the shop's checkout, or a channel the import service takes orders from.
const std::initializer_list<std::string_view> kOrderChannels = {"web", "phone", "erp", "marketplace", "store", "app"};

}  // namespace

// A line's mode: one of the engine's, or one the merchant added (its kind returned, its name in *merchant).
DeliveryMode ReadLineMode(const json& line, const std::string& at, const std::vector<MerchantMode>& merchant_modes,
                          std::string* merchant) {
  const std::string name = line.contains("mode") && line["mode"].is_string() ? line["mode"].get<std::string>() : "";
  merchant->clear();
  if (const std::optional<DeliveryMode> mode = ParseDeliveryMode(name)) return *mode;
  for (const MerchantMode& m : merchant_modes) {
    if (m.name == name) {
      *merchant = m.name;
      return RecordedMode(m.kind);
    }
  }
  std::string names;
  for (std::string_view n : kDeliveryModeNames) names += (names.empty() ? "" : ", ") + std::string(n);
  for (const MerchantMode& m : merchant_modes) names += ", " + m.name;
  throw BadField(at + "mode", at + "mode must be one of " + names);
}

std::optional<json> HttpApi::ReplayedOrder(const Brand& brand, const std::string& key,
                                           const std::string& request_sha256) {
  const std::optional<Order> replay = ValueOrThrow(orders_.Replayed(brand.id, key, request_sha256));
  if (!replay) return std::nullopt;
  json answer = OrderJson(*replay);
  answer["tracking_token"] = MakeTrackingToken(tracking_secret_, brand.id, replay->id);
  answer["replayed"] = true;
  return answer;
}

namespace {

// "discounts": [{code, amount_cents}], "benefits": [{code, kind, value_cents, threshold_cents, used?}]: what the
// merchant's checkout applied and granted (refunds share and take them back: wasm/engine/refund.h).
void ReadDiscountsAndBenefits(const json& body, OrderRequest* request) {
  constexpr int64_t kMaxCents = int64_t{1} << 40;
  if (body.contains("discounts")) {
    if (!body["discounts"].is_array() || body["discounts"].size() > 20) {
      throw BadField("discounts", "discounts must be an array of at most 20 {code, amount_cents}");
    }
    for (size_t i = 0; i < body["discounts"].size(); ++i) {
      const json& d = body["discounts"][i];
      const std::string at = "discounts[" + std::to_string(i) + "].";
      if (!d.is_object()) throw BadField("discounts[" + std::to_string(i) + "]", "a discount is an object");
      RejectUnknownFields(d, {"code", "amount_cents"}, at);
      request->discounts.push_back({RequiredText(d, "code", 64, at), RequiredInt(d, "amount_cents", 0, kMaxCents, at)});
    }
  }
  if (body.contains("benefits")) {
    if (!body["benefits"].is_array() || body["benefits"].size() > 20) {
      throw BadField("benefits", "benefits must be an array of at most 20 {code, kind, value_cents, threshold_cents}");
    }
    for (size_t i = 0; i < body["benefits"].size(); ++i) {
      const json& b = body["benefits"][i];
      const std::string at = "benefits[" + std::to_string(i) + "].";
      if (!b.is_object()) throw BadField("benefits[" + std::to_string(i) + "]", "a benefit is an object");
      RejectUnknownFields(b, {"code", "kind", "value_cents", "threshold_cents", "used"}, at);
      OrderBenefit benefit;
      benefit.code = RequiredText(b, "code", 64, at);
      benefit.kind = b.contains("kind") ? RequiredEnum(b, "kind", {"voucher", "points"}, at) : "voucher";
      benefit.value_cents = RequiredInt(b, "value_cents", 0, kMaxCents, at);
      benefit.threshold_cents = RequiredInt(b, "threshold_cents", 0, kMaxCents, at);
      benefit.used = OptionalBool(b, "used", at).value_or(false);
      for (const OrderBenefit& other : request->benefits) {
        if (other.code == benefit.code) throw BadField(at + "code", "benefit " + benefit.code + " is given twice");
      }
      request->benefits.push_back(benefit);
    }
  }
}

}  // namespace

OrderRequest HttpApi::ReadOrderRequest(const json& body) const {
  // Client totals and prices are accepted and ignored: the server prices the order itself.
  RejectUnknownFields(body, {"customer_id", "purchase_site", "lines", "split", "total_cents", "currency", "channel",
                             "external_ref", "contact", "allow_substitutions", "discounts", "benefits"});
  OrderRequest request;
  request.customer_id = RequiredId(body, "customer_id");
  if (body.contains("channel")) request.channel = RequiredEnum(body, "channel", kOrderChannels);
  request.external_ref = OptionalText(body, "external_ref", 100).value_or("");
  if (body.contains("contact")) request.contact = ReadContact(body["contact"], "contact.");
  request.substitutions_allowed = OptionalBool(body, "allow_substitutions").value_or(false);
  if (body.contains("purchase_site")) request.purchase_site = RequiredId(body, "purchase_site");
  ReadDiscountsAndBenefits(body, &request);
  if (!body.contains("lines") || !body["lines"].is_array() || body["lines"].empty() ||
      body["lines"].size() > kMaxLines) {
    throw BadField("lines", "lines must be an array of 1.." + std::to_string(kMaxLines) + " lines");
  }
  for (size_t i = 0; i < body["lines"].size(); ++i) {
    const json& l = body["lines"][i];
    const std::string at = "lines[" + std::to_string(i) + "].";
    if (!l.is_object()) throw BadField("lines[" + std::to_string(i) + "]", "a line is an object");
    RejectUnknownFields(
        l, {"sku", "quantity", "site", "mode", "destination", "via", "date", "slot", "unit_price_cents", "total_cents"},
        at);
    OrderRequest::Line line;
    line.sku = RequiredId(l, "sku", at);
    line.quantity = RequiredInt(l, "quantity", 1, kMaxLineQuantity, at);
    line.site = RequiredId(l, "site", at);
    line.mode = ReadLineMode(l, at, orders_.merchant_modes(), &line.merchant_mode);
    if (const std::optional<std::string> date = OptionalText(l, "date", 10, at)) {
      if (!ParseIsoDate(*date)) throw BadField(at + "date", at + "date must be YYYY-MM-DD");
      line.date = *date;
    }
    if (const std::optional<std::string> slot = OptionalText(l, "slot", 11, at)) {
      if (!IsCollected(line.mode)) throw BadField(at + "slot", "a slot is for lines collected at a site");
      if (line.date.empty()) throw BadField(at + "date", "a line with a slot needs its date");
      line.slot = *slot;  // Read against the site's slots by the order domain (slot_booking.h).
    }
    const json destination = l.value("destination", json::object());
    if (!destination.is_object()) throw BadField(at + "destination", at + "destination must be an object");
    if (l.contains("via")) {
      if (IsCollected(line.mode)) {
        throw BadField(at + "via", "via is for home, relay and locker lines (a collection names its site)");
      }
      line.via = RequiredId(l, "via", at);
    }
    const std::string dat = at + "destination.";
    if (line.mode == DeliveryMode::kHome) {
      line.destination = ReadHomeAddress(destination, dat);
    } else if (IsPointDelivery(line.mode)) {
      RejectUnknownFields(destination, {"carrier", "id"}, dat);
      line.destination = {{"carrier", RequiredText(destination, "carrier", 32, dat)},
                          {"id", RequiredText(destination, "id", 32, dat)}};
      if (line.date.empty()) throw BadField(at + "date", "a relay or locker line needs its arrival date");
    } else {  // A collection: the site that hands it over (required after a reservation + transfer).
      RejectUnknownFields(destination, {"site"}, dat);
      if (line.mode == DeliveryMode::kReserveTransfer || destination.contains("site")) {
        line.destination = {{"site", RequiredId(destination, "site", dat)}};
      }
    }
    request.lines.push_back(std::move(line));
  }
  if (body.contains("split")) {
    const json& split = body["split"];
    if (!split.is_object()) throw BadField("split", "split is {choices, preference, line_modes}");
    RejectUnknownFields(split, {"choices", "preference", "line_modes"}, "split.");
    OrderRequest::Split read;
    read.preference = OptionalText(split, "preference", 16, "split.").value_or("cheapest");
    read.choices = split.value("choices", json::object());
    const json line_modes = split.value("line_modes", json::object());
    if (!line_modes.is_object()) throw BadField("split.line_modes", "line_modes is {sku: mode} for imposed modes");
    for (const auto& [sku, mode] : line_modes.items()) {
      if (!mode.is_null() && !mode.is_string()) throw BadField("split.line_modes." + sku, "a mode");
      if (!mode.is_string()) continue;
      SplitMode imposed = SplitMode::kHome;
      std::string merchant;
      if (!ParseImposedModeName(mode.get<std::string>(), orders_.merchant_modes(), &imposed, &merchant)) {
        throw BadField("split.line_modes." + sku, "unknown mode " + mode.get<std::string>());
      }
      read.line_modes[sku] = imposed;
      if (!merchant.empty()) read.line_merchant_modes[sku] = merchant;
    }
    request.split = std::move(read);
  }
  return request;
}

json HttpApi::CreateOrder(const Brand& brand, const json& body, const std::string& given_key, int* status,
                          const std::string& actor) {
  if (!body.is_object()) throw BadField("", "an order is a JSON object");
  const std::string canonical = body.dump();
  const std::string request_sha256 = Sha256Hex({reinterpret_cast<const uint8_t*>(canonical.data()), canonical.size()});
  // The source system's reference names one order per channel, whatever Idempotency-Key comes with it: a
  // call centre or an ERP that re-sends an order it is unsure about gets the first one back. (The key's
  // form is the one imports always had, so orders imported before keep answering for their reference.)
  std::string key = given_key;
  std::string reference;
  if (body.contains("external_ref") && body["external_ref"].is_string() && !body["external_ref"].empty()) {
    const std::string channel =
        body.contains("channel") && body["channel"].is_string() ? body["channel"].get<std::string>() : "web";
    reference = body["external_ref"];
    key = "import:" + channel + ":" + reference;
  }
  try {
    // A retry gets what the first attempt got, whatever changed since (even a body read more strictly now).
    if (std::optional<json> replay = ReplayedOrder(brand, key, request_sha256)) {
      *status = 200;
      return std::move(*replay);
    }
    OrderRequest request = ReadOrderRequest(body);
    request.actor = actor;
    return PlaceOrder(brand, request, key, request_sha256, status);
  } catch (const ApiError& e) {
    if (reference.empty() || e.code() != "idempotency_key_reused") throw;
    throw ApiError(422, "external_ref_reused",
                   "external_ref " + reference + " names another order of this channel: a reference is one order",
                   "external_ref");
  }
}

json HttpApi::PlaceOrder(const Brand& brand, const OrderRequest& request, const std::string& key,
                         const std::string& request_sha256, int* status, const BasketPlan* planned) {
  const OrderService::Placed placed =
      ValueOrThrow(orders_.Place(brand, CurrentSettings(brand.id), request, key, request_sha256, planned));
  *status = placed.replayed ? 200 : 201;
  json answer = OrderJson(placed.order);
  answer["tracking_token"] = MakeTrackingToken(tracking_secret_, brand.id, placed.order.id);
  answer["replayed"] = placed.replayed;
  return answer;
}

json HttpApi::ImportOrder(const Brand& brand, const json& body, const std::string& key, int* status,
                          const std::string& actor) {
  if (!body.is_object()) throw BadField("", "an order is a JSON object");
  // Required here (a web order may leave them out); CreateOrder keys the order by them.
  static_cast<void>(RequiredEnum(body, "channel", kOrderChannels));
  static_cast<void>(RequiredText(body, "external_ref", 100));
  json order = body;
  if (body.contains("relay")) {
    // The relay point the customer chose, first class: every relay or locker line that names no
    // destination goes there (then checked like any relay line: 409 with alternatives when it cannot).
    const json& relay = body["relay"];
    if (!relay.is_object()) throw BadField("relay", "relay is the chosen point: {carrier, id}");
    order.erase("relay");
    bool taken = false;
    if (order.contains("lines") && order["lines"].is_array()) {
      for (json& line : order["lines"]) {
        if (!line.is_object() || !line.contains("mode") || !line["mode"].is_string()) continue;
        const std::string mode = line["mode"];
        if ((mode == "relay" || mode == "locker") && !line.contains("destination")) {
          line["destination"] = relay;
          taken = true;
        }
      }
    }
    if (!taken) throw BadField("relay", "relay is given but no relay or locker line without a destination takes it");
  }
  // A system that re-sends an order it is unsure about sends the same reference: the same order comes back
  // (CreateOrder keys an order by its reference).
  return CreateOrder(brand, order, key, status, actor);
}

void HttpApi::RegisterOrderRoutes() {
  // A sales agent reads the figures as the merchant does: the caller is told what is there.
  Route("GET", "/v1/availability", "/v1/availability", kMerchantRole | kStaffRole | kAgentRole, [this](Call& c) {
    // What a browser needs to split a basket itself: a split input with one unit of each sku.
    std::vector<SplitRequestLine> lines;
    std::string skus = c.req.get_param_value("skus");
    for (size_t start = 0; start < skus.size();) {
      const size_t comma = std::min(skus.find(',', start), skus.size());
      const std::string sku = skus.substr(start, comma - start);
      if (!IsValidId(sku)) throw BadField("skus", "skus is a comma-separated list of skus");
      lines.push_back({sku, 1, std::nullopt, ""});
      start = comma + 1;
    }
    if (lines.empty() || lines.size() > kMaxLines) {
      throw BadField("skus", "skus names 1.." + std::to_string(kMaxLines) + " skus");
    }
    const UnixSeconds now = UnixSecondsNow();
    const BrandSettings settings = CurrentSettings(c.brand->id);
    if (c.role == kStaffRole && c.req.has_param("site")) RequireSite(c, c.req.get_param_value("site"), "site");
    SplitInput input = BuildSplitInput(*store_, c.brand->id, settings, c.req.get_param_value("site"), lines, now,
                                       orders_.merchant_modes());
    if (c.role == kStaffRole) {
      // Staff read their own site's stock; of the others, whether one unit is there (roles.h).
      for (SplitLine& line : input.lines) {
        for (size_t k = 0; k < line.stock.size() && k < input.sites.size(); ++k) {
          if (input.sites[k].id != c.staff_site) line.stock[k] = std::min<int64_t>(line.stock[k], 1);
        }
      }
    }
    if (const std::string customer = c.req.get_param_value("customer_id"); !customer.empty()) {
      AddOpenShipments(store_->OpenOrdersOf(c.brand->id, customer, kOpenOrdersJoined), &input);
    }
    json answer = SplitInputToJson(input);
    json prices = json::object();
    for (const SplitRequestLine& l : lines) prices[l.sku] = store_->GetProduct(c.brand->id, l.sku)->price_cents;
    answer["prices"] = prices;
    SendJson(c.res, 200, answer);
  });

  Route("POST", "/v1/orders", "/v1/orders", kMerchantRole, [this](Call& c) {
    const std::string key = c.req.get_header_value("Idempotency-Key");
    if (key.empty() || key.size() > 200) {
      throw BadField("Idempotency-Key",
                     "send an Idempotency-Key header (1-200 characters): a retry must not order twice");
    }
    int status = 201;
    const json answer = CreateOrder(*c.brand, ParseBody(c.req.body), key, &status);
    SendJson(c.res, status, answer);
  });
  Route("POST", "/v1/orders/import", "/v1/orders/import", kMerchantRole | kAgentRole, [this](Call& c) {
    int status = 201;
    json body = ParseBody(c.req.body);
    if (c.role == kAgentRole) {
      // An agent takes orders on the phone, for its site when it has one: the order records who took it.
      if (body.is_object() && body.contains("channel") && body["channel"] != "phone") {
        throw ApiError(403, "forbidden", "a sales agent takes phone orders: channel is phone", "channel");
      }
      if (!c.staff_site.empty() && body.is_object() && body.contains("purchase_site") &&
          body["purchase_site"] != c.staff_site) {
        throw ApiError(403, "forbidden", "this agent takes orders for site " + c.staff_site, "purchase_site");
      }
      if (body.is_object()) {
        body["channel"] = "phone";
        if (!c.staff_site.empty()) body["purchase_site"] = c.staff_site;
      }
    }
    const json answer = ImportOrder(*c.brand, body, c.req.get_header_value("Idempotency-Key"), &status,
                                    c.role == kAgentRole ? c.staff : "");
    SendJson(c.res, status, answer);
  });

  Route("POST", "/v1/orders/import/batch", "/v1/orders/import/batch", kMerchantRole, [this](Call& c) {
    const json body = ParseBody(c.req.body);
    RejectUnknownFields(body, {"orders"});
    if (!body.contains("orders") || !body["orders"].is_array() || body["orders"].empty() ||
        body["orders"].size() > kMaxBatchOrders) {
      throw BadField("orders", "orders must be an array of 1.." + std::to_string(kMaxBatchOrders) + " orders");
    }
    // Each order on its own: one refused never blocks the others, and each result says what became of it.
    json results = json::array();
    int created = 0, replayed = 0, failed = 0;
    const json& orders = body["orders"];
    for (size_t i = 0; i < orders.size(); ++i) {
      json result = {{"index", i}};
      if (orders[i].is_object() && orders[i].contains("external_ref") && orders[i]["external_ref"].is_string()) {
        result["external_ref"] = orders[i]["external_ref"];
      }
      try {
        int status = 201;
        result["order"] = ImportOrder(*c.brand, orders[i], "", &status);
        result["status"] = status;
        ++(status == 201 ? created : replayed);
      } catch (const ApiError& e) {
        result["status"] = e.status();
        result["error"] = ErrorJson(e);
        ++failed;
      }
      results.push_back(std::move(result));
    }
    SendJson(c.res, 200, {{"results", results}, {"created", created}, {"replayed", replayed}, {"failed", failed}});
  });

  Route("GET", "/v1/orders", "/v1/orders", kMerchantRole | kStaffRole, [this](Call& c) {
    const int64_t limit = QueryInt(c.req, "limit", 100, 1, 500);
    std::string next;
    json orders = json::array();
    // Staff see their site's orders: a page may hold fewer than `limit` of them; follow "next".
    for (const Order& o : store_->ListOrders(c.brand->id, limit, c.req.get_param_value("after"), &next)) {
      if (MaySee(c, o)) orders.push_back(OrderJson(o));
    }
    SendJson(c.res, 200, {{"orders", orders}, {"next", next.empty() ? json() : json(next)}});
  });
  Route("GET", R"(/v1/orders/([^/]+))", "/v1/orders/{id}", kMerchantRole | kStaffRole | kShopperRole | kAgentRole,
        [this](Call& c) {
          const std::optional<Order> order = store_->GetOrder(c.brand->id, c.req.matches[1]);
          if (!order || !MaySee(c, *order)) throw NotFound("order " + std::string(c.req.matches[1]));
          SendJson(c.res, 200, OrderJson(*order));
        });
  Route("POST", R"(/v1/orders/([^/]+)/cancel)", "/v1/orders/{id}/cancel", kMerchantRole | kShopperRole,
        [this](Call& c) {
          json outcome;
          const Order order = CancelOrder(c, c.req.matches[1], &outcome);
          metrics_.Count("orders_cancelled");
          json answer = OrderJson(order);
          if (!outcome.is_null()) answer["cancellation"] = outcome;  // A parent: what became of each part.
          SendJson(c.res, 200, answer);
        });
  Route("POST", R"(/v1/orders/([^/]+)/status)", "/v1/orders/{id}/status", kMerchantRole | kStaffRole, [this](Call& c) {
    const std::optional<Order> order = store_->GetOrder(c.brand->id, c.req.matches[1]);
    if (!order || !MaySee(c, *order)) throw NotFound("order " + std::string(c.req.matches[1]));
    if (!MayMove(c, *order)) {
      throw ApiError(403, "forbidden", "staff move the orders their site prepares or hands over", "status");
    }
    const json body = ParseBody(c.req.body);
    RejectUnknownFields(body, {"status", "code", "reason"});
    const OrderStatus status =
        *ParseOrderStatus(RequiredEnum(body, "status", {"preparing", "ready", "shipped", "collected", "delivered"}));
    const Actor actor = ActorOf(c, OptionalText(body, "reason", 500).value_or(""));
    if (c.role == kStaffRole) {
      if (const std::optional<OrderError> refused = tracking_.TransferSideRefusal(*order, c.staff_site, status)) {
        throw ApiErrorOf(*refused);
      }
    }
    // (The same status again is a replay, answered as it is: nothing to wait for.)
    const std::optional<OrderError> waiting =
        status == order->status ? std::nullopt : tracking_.WaitsForAnswers(*order, status, c.role == kStaffRole, actor);
    if (waiting) throw ApiErrorOf(*waiting);
    // A collection is handed over on the code the shopper shows, whichever route is used (a merchant may
    // give a reason instead).
    if (status == OrderStatus::kCollected && order->status != OrderStatus::kCollected) {
      if (const std::optional<OrderError> refused = tracking_.CheckHandOverCode(
              c.brand->id, *order, OptionalText(body, "code", 16), c.role == kStaffRole, actor)) {
        throw ApiErrorOf(*refused);
      }
    }
    SendJson(
        c.res, 200,
        OrderJson(ValueOrThrow(lifecycle_.Advance(c.brand->id, c.req.matches[1], status, cancellable_, actor)).order));
  });
  Route("GET", R"(/v1/customers/([^/]+)/preferences)", "/v1/customers/{id}/preferences", kMerchantRole | kAgentRole,
        [this](Call& c) { SendJson(c.res, 200, store_->CustomerPreferences(c.brand->id, c.req.matches[1])); });
}

void HttpApi::RegisterStaffRoutes() {
  Route("POST", "/v1/staff-tokens", "/v1/staff-tokens", kMerchantRole, [this](Call& c) {
    const json body = ParseBody(c.req.body);
    RejectUnknownFields(body, {"site", "name", "role"});
    StaffToken staff;
    staff.brand = c.brand->id;
    if (body.contains("role")) staff.role = RequiredEnum(body, "role", {"site", "agent"});
    // A site's staff work at one site; a sales agent at one, or for the whole brand.
    if (staff.role == "site" || body.contains("site")) staff.site = RequiredId(body, "site");
    staff.name = RequiredText(body, "name", 200);
    if (!staff.site.empty() && !store_->GetSite(c.brand->id, staff.site)) {
      throw ApiError(404, "not_found", "no site " + staff.site, "site");
    }
    staff.id = "stt_" + RandomHex(8);
    const std::string token = "stf_" + RandomHex(32);  // Shown once; only its hash is kept.
    staff.token_sha256 = Sha256Hex({reinterpret_cast<const uint8_t*>(token.data()), token.size()});
    store_->PutStaffToken(staff);
    SendJson(c.res, 201,
             {{"id", staff.id},
              {"site", staff.site.empty() ? json() : json(staff.site)},
              {"name", staff.name},
              {"role", staff.role},
              {"token", token}});
  });
  Route("DELETE", R"(/v1/staff-tokens/([^/]+))", "/v1/staff-tokens/{id}", kMerchantRole, [this](Call& c) {
    if (!store_->RevokeStaffToken(c.brand->id, c.req.matches[1]))
      throw NotFound("staff token " + c.req.matches[1].str());
    SendJson(c.res, 200, {{"id", std::string(c.req.matches[1])}, {"revoked", true}});
  });
}

}  // namespace relais::edge
