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
//   POST /v1/orders                             Idempotency-Key required; prices, stock and relays re-checked
//   POST /v1/orders/import[/batch]              orders from other channels (phone, ERP...), same checks; a batch
//                                               answers per order
//   GET  /v1/orders/{id}, POST .../cancel       merchant key, or the order's own tracking token
//   POST /v1/orders/{id}/status                 merchant, its site's staff: forward only (placed, preparing, ready,
//                                               shipped...); a parent follows its child orders (order_family.h)
//   GET  /v1/customers/{id}/preferences         merchant: the relay point to offer first
//   POST /v1/staff-tokens, DELETE .../{id}       merchant: a token bound to one site (its orders and stock)
//   GET  /v1/relays/nearest, /v1/relays/{carrier}/{id}   merchant, staff: relay points from the snapshot
//   /v1/baskets...                              merchant: server-side baskets with the engine's plan
//   GET  /v1/orders/search, .../{id}/events, POST .../{id}/actions   customer service (service_routes.cc)
//   GET  /v1/orders/{id}/timeline, POST .../{id}/events   workflows (tracking_routes.cc): staff and carriers move
//                                               shipments forward, the shopper reads its timeline and checks in
//   POST /v1/webhooks/carriers/{carrier}/{brand}   HMAC-signed carrier events; GET /v1/parcel-events: the table
//   PUT  /v1/sites/{id}/layout, .../layout/locations (CSV), GET .../layout   the store's layout for picking
//   POST /v1/sites/{id}/pick-lists, GET ...; /v1/pick-lists/{id}[/claim|/scans|/missing|/complete]   picking
// Who may call what is in each route's roles (RegisterRoutes); edge_authz_test walks the whole matrix.
#ifndef RELAIS_EDGE_HTTP_HTTP_API_H_
#define RELAIS_EDGE_HTTP_HTTP_API_H_

#include <httplib.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "edge/config.h"
#include "edge/http/http_server.h"
#include "edge/http/metrics.h"
#include "edge/http/openapi.h"
#include "edge/http/roles.h"
#include "edge/model/brand_settings.h"
#include "edge/orders/backorders.h"
#include "edge/orders/customer_accounts.h"
#include "edge/orders/hand_over.h"
#include "edge/orders/invoicing.h"
#include "edge/orders/order_amendments.h"
#include "edge/orders/order_lifecycle.h"
#include "edge/orders/order_progress.h"
#include "edge/orders/order_service.h"
#include "edge/orders/picking_service.h"
#include "edge/orders/question_service.h"
#include "edge/orders/return_service.h"
#include "edge/orders/sales_forecasts.h"
#include "edge/orders/shipping_labels.h"
#include "edge/orders/site_layouts.h"
#include "edge/orders/split_request.h"
#include "edge/orders/tracking_service.h"
#include "edge/relay_snapshot.h"
#include "edge/store/store.h"
#include "wasm/engine/place_index.h"

namespace relais::edge {

// Where a merchant posts their past sales as CSV: the one route with a body larger than max_body_bytes.
inline constexpr std::string_view kSalesHistoryPath = "/v1/sales/history";

class HttpApi {
 public:
  // Registers the brands of `config` in `store` (their keys hashed) and the routes. `relays` re-checks
  // the relay points orders name and answers relay searches; `places` (may be null) places postcodes and
  // towns for them.
  HttpApi(const EdgeConfig& config, Store* store, RelaySnapshot* relays, const PlaceIndex* places = nullptr);
  HttpApi(const HttpApi&) = delete;
  HttpApi& operator=(const HttpApi&) = delete;

  // Binds config.listen:config.port (port 0: any free port) and returns the port, or -1.
  int Bind();
  // Serves until Stop(): requests in flight are finished first.
  bool Serve();
  void Stop();

  // Called when notifications were queued (the Notifier's Wake), from the request's thread.
  void set_on_notifications_queued(std::function<void()> hook) {
    tracking_.set_on_notifications_queued(hook);
    on_notifications_queued_ = std::move(hook);
  }

  // Called when a pickup request was queued (the PickupSender's Wake), from the request's thread.
  void set_on_pickup_queued(std::function<void()> hook) { on_pickup_queued_ = std::move(hook); }
  // Called after a refund was queued for the payment provider (the refund sender's wake-up).
  void set_on_refund_queued(std::function<void()> hook) { on_refund_queued_ = std::move(hook); }
  // The returns domain, for the refund sender to report the provider's answers.
  ReturnService& returns() { return returns_; }

  // A carrier's events for parcel `number` (a webhook's, or a poll's): each kept once in the parcel-tracing
  // table, mapped to a milestone (carrier_events.h) and applied to the shipment that carries the parcel.
  // Returns what became of each: [{code, milestone, replayed, outcome, order?, step?}].
  nlohmann::json TakeCarrierEvents(const std::string& brand, const std::string& carrier, const std::string& number,
                                   std::vector<ParcelEvent> events);

  // Log lines (one JSON object per request) go here; stderr by default.
  void set_access_log(std::function<void(const std::string&)> sink) { access_log_ = std::move(sink); }

 private:
  struct Call {
    const httplib::Request& req;
    httplib::Response& res;
    unsigned role = 0;  // The caller's role, 0 when no valid credential came.
    const Brand* brand = nullptr;
    std::string staff_site;     // kStaffRole: the one site it works at; kAgentRole: its site, "" for the brand.
    std::string staff;          // kStaffRole, kAgentRole: "staff:<token id> <name>", as events name who acted.
    std::string shopper_order;  // kShopperRole: the one order it opens.
  };
  using Handler = std::function<void(Call&)>;

  // `roles`: the roles.h bits of who may call it.
  void Route(const char* method, const std::string& pattern, const char* route, unsigned roles, Handler handler);
  // Sets call->role (and brand, site, order) from the Authorization header.
  void Identify(const httplib::Request& req, Call* call);
  // Before a body is read (on the transport's thread, so in memory only): a request that carries a body
  // to a route that needs a credential, without a credential that could open anything, is refused 401.
  std::optional<FramingRefusal> Admit(const RequestHead& head) const;
  // The transport's counters in Prometheus' text format, after the metrics' own.
  std::string TransportText() const;
  std::string StoreText() const;         // The store's write retries.
  std::string ParcelRangesText() const;  // Numbers left per carrier account.
  // Logs `what` as an error of the request, counts it in `counter` and returns the request's id.
  std::string LogError(const std::string& counter, const std::string& method, const std::string& path,
                       const std::string& what);
  // A 500's body and its log line: the request id, never the exception's text.
  std::string InternalError(const std::string& method, const std::string& path, const std::string& what);
  // A 503's body and its log line when the database cannot be reached (StoreUnavailable).
  std::string StoreUnavailableError(const std::string& method, const std::string& path, const std::string& what);
  // Who is calling, as an order's events record it ("merchant", "staff:<id> <name>", "shopper"), and why.
  static Actor ActorOf(const Call& c, std::string reason = "");
  // 403 unless the caller may act at `site` (merchants anywhere in their brand, staff at their own site).
  static void RequireSite(const Call& c, const std::string& site, const std::string& field);
  // Whether the caller may see `order` (staff: an order bought at its site or with a line there).
  static bool MaySee(const Call& c, const Order& order);
  // Whether the caller may move `order`'s shipments forward (workflow events, coarse status). Staff: only
  // an order that their site prepares (a line's site) or hands over (a line's collection site) -- never a
  // parent, whose shipments are its children's, and never another site's child because the shopper bought
  // it at their counter: stock leaves a site by that site's hands (the table in roles.h).
  static bool MayMove(const Call& c, const Order& order);
  // The brand's settings as stored now.
  BrandSettings CurrentSettings(const std::string& brand);
  void RegisterRoutes();
  void RegisterOrderRoutes();
  void RegisterStaffRoutes();
  void RegisterLabelRoutes();     // label_routes.cc
  void RegisterInvoiceRoutes();   // invoice_routes.cc
  void RegisterReturnRoutes();    // return_routes.cc
  void RegisterRelayRoutes();     // relay_routes.cc
  void RegisterBasketRoutes();    // basket_routes.cc
  void RegisterServiceRoutes();   // service_routes.cc: customer service
  void RegisterTrackingRoutes();  // tracking_routes.cc: workflow events, timeline, carrier webhooks
  void RegisterQuestionRoutes();  // question_routes.cc: questions to the shopper, substitutions
  void RegisterPickingRoutes();   // picking_routes.cc: sites' layouts, pick lists
  void RegisterCustomerRoutes();  // customer_routes.cc: customer accounts, for agents and customer service
  void RegisterForecastRoutes();  // forecast_routes.cc: sales history imports, forecasts
  // An account as GET /v1/customers/{id} answers: with its last relay point, orders and returns.
  nlohmann::json CustomerJson(const Call& c, const CustomerAccount& account);
  // Reads a customer account's body strictly over `account` (a 400 naming the field).
  static void ReadCustomer(const nlohmann::json& body, CustomerAccount* account);
  // The one route whose body is CSV (a site's locations, from a spreadsheet), not JSON.
  static bool IsCsvRoute(const std::string& path);
  // One shipment as the timeline shows it: its steps in `lang`, what the shopper may do, its ETA, parcel,
  // and its pick-up point (hours, open now, closure) or site. For the shopper (`for_shopper`), the pick-up
  // code and its QR code -- never for staff, who check it; for staff, the events the current step takes.
  nlohmann::json ShipmentJson(const std::string& brand, const Order& order, size_t index, const ShipmentProgress& p,
                              const std::string& lang, bool for_shopper);
  // The configuration of the brand `id`, or null.
  const BrandConfig* BrandConfigOf(const std::string& id) const;
  // Cancels order `id` for the caller (TrackingService::Cancel). *outcome: OrderLifecycle::Advanced's children.
  Order CancelOrder(const Call& c, const std::string& id, nlohmann::json* outcome);
  // Reads an order's body and places it (`key`: its idempotency key, standing for the body); *status 201,
  // or 200 for a replay. Throws ApiError for whatever is wrong with it.
  // An order that names its source system's reference (external_ref) is keyed by its channel and
  // reference instead of `key`: re-sent under another key it is the same order, and another order under the
  // same reference is 422 external_ref_reused.
  nlohmann::json CreateOrder(const Brand& brand, const nlohmann::json& body, const std::string& key, int* status,
                             const std::string& actor = "");
  // Places `request` through the order service, idempotent by `key` for the request hashed `request_sha256`,
  // and answers as POST /v1/orders does. `planned`: the plan this request already made for these very lines
  // (a basket's), so that a request plans its split once.
  nlohmann::json PlaceOrder(const Brand& brand, const OrderRequest& request, const std::string& key,
                            const std::string& request_sha256, int* status, const BasketPlan* planned = nullptr);
  // The order `key` already made for the request hashed as `request_sha256` (its body, or what stands for
  // it), as CreateOrder answers a replay; nullopt when none; 422 when the key was used for another request.
  std::optional<nlohmann::json> ReplayedOrder(const Brand& brand, const std::string& key,
                                              const std::string& request_sha256);
  // Plans `basket` once and places the order of that plan (idempotent by `key` for `identity`).
  nlohmann::json OrderBasket(const Call& c, const Basket& basket, const std::string& key, const std::string& identity,
                             int* status);
  // The order-import service: `body` is an order from another channel (phone, ERP, marketplace...) with its
  // external_ref and an optional first-class relay; idempotent by `key`, else by channel and external_ref.
  // `actor`: who takes it ("" : the merchant's systems).
  nlohmann::json ImportOrder(const Brand& brand, const nlohmann::json& body, const std::string& key, int* status,
                             const std::string& actor = "");
  // Reads an order's body strictly (a 400 naming the field for anything malformed).
  OrderRequest ReadOrderRequest(const nlohmann::json& body) const;

  EdgeConfig config_;
  Store* store_;
  OrderLifecycle lifecycle_;              // Every change to an order goes through it.
  OrderService orders_;                   // Every order is placed through it.
  std::vector<OrderStatus> cancellable_;  // Statuses a merchant may cancel an order from.
  TrackingService tracking_;              // Every shipment moves through it.
  OrderAmendments amendments_;            // Customer service's actions.
  QuestionService questions_;             // A choice's action goes through amendments_.
  ShippingLabels labels_;                 // Parcel numbers and labels.
  HandOverService hand_over_;             // The day's manifests.
  Invoicing invoicing_;                   // The invoices of what leaves, through lifecycle_'s consequences.
  Backorders backorders_;                 // Lines short at preparation: their remainder's own shipment.
  ReturnService returns_;                 // Returns, their grading and their refunds.
  SiteLayouts layouts_;                   // Sites' layouts for picking.
  PickingService picking_;                // Pick lists, their scans and the shopper's answers.
  CustomerAccounts customers_;            // Customer accounts, kept by agents and customer service.
  SalesForecasts forecasts_;              // Sales forecasts and the history they read.
  RelaySnapshot* relays_;
  const PlaceIndex* places_;
  Metrics metrics_;
  std::map<std::string, Brand> brands_by_key_hash_;
  std::map<std::string, const Brand*> brands_by_id_;
  std::string tracking_secret_;
  std::vector<RouteInfo> routes_;  // Every registered route, for /openapi.json.
  std::string openapi_;
  std::vector<std::string> public_prefixes_;  // Literal beginnings of the public routes' patterns.
  HttpRouter server_;
  std::unique_ptr<HttpServer> transport_;
  std::function<void(const std::string&)> access_log_;
  std::function<void()> on_notifications_queued_;
  std::function<void()> on_pickup_queued_;
  std::function<void()> on_refund_queued_;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_HTTP_HTTP_API_H_
