// The edge's storage, behind one narrow interface: the HTTP layer validates input and calls these; a
// store keeps the data and its invariants (atomic batches, never a negative available through a
// reservation). SQLite (sqlite_store.h) is the embedded default; a PostgreSQL store for several stateless
// edge nodes implements the same interface later, so nothing above this file knows SQL.
//
// Every method is safe to call from several threads. Domain refusals throw ApiError (404, 409).
#ifndef RELAIS_EDGE_STORE_STORE_H_
#define RELAIS_EDGE_STORE_STORE_H_

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "edge/model/basket.h"
#include "edge/model/catalogue.h"
#include "edge/model/notification.h"
#include "edge/model/order.h"
#include "edge/model/stock_movement.h"

namespace relais::edge {

struct NewOrder {
  Order order;
  std::string idempotency_key;
  std::string request_sha256;   // The request body's hash: a key reused with another body is refused.
  nlohmann::json last_relay;    // The relay point to offer this customer first next time, or null.
  std::vector<Order> children;  // One per fulfilling site when the order is a parent (ChildOrders), else none.
  std::string actor;            // Who placed it (its "created" event).
};

// A workflow event recorded on an order (RecordProgress): the progress it read and the one it makes.
struct ProgressChange {
  // The order's progress and status as read: 409 order_moved when another change came first.
  nlohmann::json expected;
  std::string expected_status;
  nlohmann::json progress;  // What it becomes.
  std::string status;       // The coarse status the progress implies: the order moves there when it is ahead.
  std::string kind = "step";
  nlohmann::json details = nlohmann::json::object();
  Actor actor;
  std::vector<std::string> parcel_numbers;  // Tracking numbers given now: SearchOrders finds the order by them.
  std::vector<Notification> notifications;  // What the step tells the shopper: queued once, with the step.
};

// A question asked, or answered (RecordQuestion): the questions read and what they become, with the lines
// and stock an answer changes.
struct QuestionChange {
  nlohmann::json expected;   // The order's questions as read: 409 order_moved when they changed meanwhile.
  nlohmann::json questions;  // What they become.
  std::optional<std::vector<OrderLine>> lines;  // The lines after an answer (nullopt: unchanged); none left
  int64_t total_cents = 0;                      // cancels the order. The total with those lines.
  std::vector<Movement> movements;              // The stock that follows (409 insufficient_stock).
  std::string kind;
  nlohmann::json details = nlohmann::json::object();
  Actor actor;
  std::vector<Notification> notifications;
};

class Store {
 public:
  virtual ~Store() = default;

  // True when the store can serve (the database answers).
  virtual bool Ready() = 0;

  // A random secret named `name` (64 hex digits), made at its first use and the same ever after, for
  // every server on this store (e.g. the key that signs shoppers' tracking tokens).
  virtual std::string ServerSecret(const std::string& name) = 0;

  // Brands come from the configuration at start: inserted or updated. The file's settings replace the
  // stored ones only when they differ from the file's settings of the previous start: an edited file wins,
  // otherwise what PutBrandSettings stored (through the API) is kept.
  virtual void PutBrand(const Brand& brand) = 0;
  virtual std::optional<Brand> BrandByKeyHash(const std::string& api_key_sha256) = 0;
  virtual std::optional<Brand> GetBrand(const std::string& id) = 0;
  virtual void PutBrandSettings(const std::string& brand, const nlohmann::json& settings) = 0;  // 404 when unknown.

  virtual void PutStaffToken(const StaffToken& token) = 0;
  virtual std::optional<StaffToken> StaffTokenByHash(const std::string& token_sha256) = 0;
  virtual void RevokeStaffToken(const std::string& brand, const std::string& id) = 0;  // 404 when unknown.

  virtual void PutSite(const std::string& brand, const Site& site) = 0;  // Insert or replace.
  virtual std::optional<Site> GetSite(const std::string& brand, const std::string& id) = 0;
  virtual std::vector<Site> ListSites(const std::string& brand) = 0;

  virtual void PutProduct(const std::string& brand, const Product& product) = 0;  // Insert or replace.
  virtual std::optional<Product> GetProduct(const std::string& brand, const std::string& sku) = 0;
  // Products of `category` (the same nomenclature path), by sku, at most `limit`.
  virtual std::vector<Product> ProductsIn(const std::string& brand, const std::string& category, int64_t limit) = 0;

  // Applies every movement in order in one transaction -- all or none. Unknown sku or site: 404;
  // refused by the figures (MovementDelta): 409 "insufficient_stock" naming the movement's index.
  virtual std::vector<LedgerEntry> PostMovements(const std::string& brand, const std::vector<Movement>& movements) = 0;

  // The figures of `sku` at every site that has some (or at `site` only), sorted by site.
  virtual std::vector<SiteStock> StockOf(const std::string& brand, const std::string& sku,
                                         const std::string& site = "") = 0;

  // Ledger rows of (sku, site), newest first, at most `limit`, older than `before_id` when > 0.
  virtual std::vector<LedgerEntry> History(const std::string& brand, const std::string& sku, const std::string& site,
                                           int64_t limit, int64_t before_id) = 0;

  // Creates the order and reserves every line in one transaction, or nothing (409 insufficient_stock naming
  // the line). An idempotency key seen before returns the order it created (*replayed = true), or 422 when
  // it came with another request body.
  virtual Order CreateOrder(const std::string& brand, const NewOrder& order, bool* replayed) = 0;
  // The order an idempotency key already created (422 when it came with another request body), before
  // anything is re-checked: a retry gets what the first attempt got, whatever changed since.
  virtual std::optional<Order> ReplayOrder(const std::string& brand, const std::string& idempotency_key,
                                           const std::string& request_sha256) = 0;
  virtual std::optional<Order> GetOrder(const std::string& brand, const std::string& id) = 0;

  // Orders in creation order, at most `limit`, after the one `cursor` names ("" : from the first). *next
  // is the cursor of the page after, or "" at the end.
  virtual std::vector<Order> ListOrders(const std::string& brand, int64_t limit, const std::string& cursor,
                                        std::string* next) = 0;

  // Moves an order forward to `status` (kOrderStatuses order), or to "cancelled" from `cancellable`
  // statuses, with the stock movements of OrderStepMovements; a child's parent is re-derived in the same
  // transaction. A parent's status follows its children: moving it forward is 409 derived_status;
  // cancelling it cancels each child that still can be, and *outcome (when given) says what became of
  // each ({id, site, cancelled, status, reason}); 409 when none could be. 409 when the order is past that
  // point.
  virtual Order AdvanceOrder(const std::string& brand, const std::string& id, const std::string& status,
                             const std::vector<std::string>& cancellable, const Actor& actor,
                             nlohmann::json* outcome = nullptr) = 0;

  // A customer's orders that have not left yet (placed or preparing), newest first, at most `limit`: the
  // shipments a new basket may join (child orders, never their parents, whose shipments are the children's).
  virtual std::vector<Order> OpenOrdersOf(const std::string& brand, const std::string& customer_id, int64_t limit) = 0;

  // Replaces an order's lines and deliveries (a customer-service action: another relay, home shipping,
  // another slot) when it is still in `status`, recording `kind` with `details` by `actor`; a child's
  // parent gets the same lines and deliveries for that site. 409 order_moved when the order's status
  // changed meanwhile.
  virtual Order AmendOrder(const std::string& brand, const Order& amended, const std::string& status,
                           const std::string& kind, const nlohmann::json& details, const Actor& actor) = 0;
  // Records a workflow event: the order's progress becomes change.progress when its progress and status
  // are still change.expected and change.expected_status (else 409 order_moved: read again and re-apply), with the
  // stock movements of a status it moves forward to (change.status, as AdvanceOrder), the event, and the parcel numbers
  // as search keys
  // -- one transaction.
  virtual Order RecordProgress(const std::string& brand, const std::string& id, const ProgressChange& change) = 0;
  // Records a question or its answer: the order's questions become change.questions when they are still
  // change.expected (else 409 order_moved), with the lines, total and stock movements of an answer, the
  // event and the notifications -- one transaction; a child's parent follows.
  virtual Order RecordQuestion(const std::string& brand, const std::string& id, const QuestionChange& change) = 0;
  // Orders (not parents) that gave a parcel number and have not reached the shopper yet (status ready or
  // shipped), oldest first, at most `limit`: the parcels to ask carriers about.
  virtual std::vector<Order> OrdersWithParcels(const std::string& brand, int64_t limit) = 0;
  // Keeps a carrier's event once: true when it is new, false when the same (carrier, tracking number, code,
  // justification, at) was kept before -- a replayed webhook. *event gets the stored row's id.
  virtual bool AddParcelEvent(const std::string& brand, ParcelEvent* event) = 0;
  // Sets what a kept event did.
  virtual void SetParcelEventOutcome(const std::string& brand, int64_t id, const std::string& milestone,
                                     const std::string& order_id, const std::string& outcome) = 0;
  // Up to `limit` notifications due at `now_ms` (any brand), oldest first, each leased until now_ms +
  // lease_ms: another sender (or this one after a crash) takes it again only when the lease is over.
  virtual std::vector<Notification> ClaimNotifications(int64_t now_ms, int64_t lease_ms, int64_t limit) = 0;
  // A claimed notification's attempt: sent, or failed with `error` -- again at retry_at_ms, or given up
  // ("failed") when retry_at_ms is 0.
  virtual void FinishNotification(int64_t id, bool sent, const std::string& error, int64_t retry_at_ms) = 0;
  // The notifications of an order and its children, oldest first.
  virtual std::vector<Notification> OrderNotifications(const std::string& brand, const std::string& order_id) = 0;
  // Queues notification `id` of `order_id` (or of one of its children) again, as a new message due now;
  // 404 when there is no such notification. Returns the new one.
  virtual Notification ResendNotification(const std::string& brand, const std::string& order_id, int64_t id,
                                          const Actor& actor) = 0;
  // Kept events, newest first, at most `limit`: of one tracking number (when not ""), only those no rule
  // knows (`unknown_only`).
  virtual std::vector<ParcelEvent> ParcelEvents(const std::string& brand, const std::string& tracking_number,
                                                bool unknown_only, int64_t limit) = 0;
  // The events of an order (and of its children, for a parent), oldest first.
  virtual std::vector<OrderEvent> OrderEvents(const std::string& brand, const std::string& order_id) = 0;
  // Records a pick-up code refused at hand-over: order `order_id`'s "pickup_code_refused" event by `actor`,
  // committed on its own (the request that typed it fails, the record stays).
  virtual void RecordPickupCodeRefusal(const std::string& brand, const std::string& order_id,
                                       const nlohmann::json& details, const Actor& actor) = 0;
  // Pick-up codes refused since `since` (ISO 8601 UTC): for order `order_id`, and typed by `actor_who` on
  // any order of the brand. What the lock-out counts.
  struct PickupCodeRefusals {
    int64_t for_order = 0;
    int64_t by_actor = 0;
  };
  virtual PickupCodeRefusals CountPickupCodeRefusals(const std::string& brand, const std::string& order_id,
                                                     const std::string& actor_who, const std::string& since) = 0;
  // Orders (not parents) that gave parcel number `tracking_number` (any case) at hand-over, newest first, at
  // most `limit`: what a carrier's event is about. Apart from SearchOrders, so that an order whose external
  // reference reads like a parcel number never hides the parcel's order.
  virtual std::vector<Order> OrdersByParcelNumber(const std::string& brand, const std::string& tracking_number,
                                                  int64_t limit) = 0;
  // Orders whose id, external reference, parcel tracking number, customer e-mail or phone (any of its
  // national or international forms: the last 9 digits) is `query`, newest first, at most `limit`; parents rather than
  // children.
  virtual std::vector<Order> SearchOrders(const std::string& brand, const std::string& query, int64_t limit) = 0;

  // Stores a basket: a new one when basket.version is 0, else over the stored one of that version
  // (409 basket_changed when another write came first), bumping the version; returns what was stored.
  virtual Basket PutBasket(const std::string& brand, const Basket& basket) = 0;
  virtual std::optional<Basket> GetBasket(const std::string& brand, const std::string& id) = 0;

  // {"last_relay": {...} or null} for a customer.
  virtual nlohmann::json CustomerPreferences(const std::string& brand, const std::string& customer_id) = 0;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_STORE_STORE_H_
