// The edge's storage, behind one narrow interface that any database can implement: SQLite
// (sqlite_store.h) is the embedded default; a PostgreSQL store for several stateless edge nodes (to come)
// is to implement the same interface and pass the same conformance suite
// (tests/edge/store_conformance_test.cc).
//
// Persistence only: a store keeps records and the invariants only a transaction can keep -- a batch is
// written all or none, an idempotency key makes one order, a write over a version that moved on is refused,
// a reservation never takes the available below zero (MovementDelta decides the figures), an outbox row is
// claimed by one sender at a time, a carrier's polling round by one node. Every rule about what orders become
// (statuses, cancel cascade, parents following children) is decided above, in orders/, and handed down as an
// OrderCommit.
//
// Every method is safe to call from several threads. Refusals are StoreError values; an exception is a
// broken database (the server answers 500).
//
// Conventions every backend keeps (the suite checks them):
// - A parent's children are named "<parent id>-<n>" (ChildOrders); "an order and its children" (events,
//   notifications, search) means that id and the ids starting with "<id>-".
// - A new order is stored at version 1; each write of it adds one.
// - Placing a family reserves each line for the child of the line's site (the ledger row's reference is
//   that child's id), the line's order otherwise.
// - Placing writes the order's "created" event itself: actor NewOrder::actor, details {channel,
//   total_cents, children?} (children: ChildrenJson of the parent's summaries).
// - Search keys are SearchKeysOf (model/search_keys.h), one spelling for every store.
// - Times the store stamps (ledger rows, events, notifications, updated_at) are the writing server's
//   UtcNowIso(); nodes sharing a database are expected to keep their clocks in sync (NTP).
#ifndef RELAIS_EDGE_STORE_STORE_H_
#define RELAIS_EDGE_STORE_STORE_H_

#include <array>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "edge/model/basket.h"
#include "edge/model/catalogue.h"
#include "edge/model/customer_account.h"
#include "edge/model/forecast_day.h"
#include "edge/model/invoice.h"
#include "edge/model/notification.h"
#include "edge/model/order.h"
#include "edge/model/pick_list.h"
#include "edge/model/result.h"
#include "edge/model/return_request.h"
#include "edge/model/sales_day.h"
#include "edge/model/shipping.h"
#include "edge/model/site_layout.h"
#include "edge/model/stock_movement.h"

namespace relais::edge {

// Why a store refused a write. Never an HTTP code: the floors above say what it means to their caller.
struct StoreError {
  enum class Kind {
    kNotFound,           // A record the write names does not exist (`field` names the input).
    kConflict,           // Another write came first (an expected version moved on): read again and retry.
    kInsufficientStock,  // A movement the figures refuse (MovementDelta): `field` names it.
    kKeyReused,          // An idempotency key that came with another request.
    kInvalid,            // A write that cannot be made as given (`field` names the input).
    kSlotFull,           // A slot booking over the slot's capacity (`field`: "slot_bookings[i]").
    kRangeExhausted,     // Every serial of a carrier account's blocks was given (LabelShipment).
  };
  Kind kind;
  std::string message;
  std::string field;
};

template <class T>
using StoreResult = Result<T, StoreError>;

// A collection slot an order holds (orders/slot_booking.h decides which): at most `capacity` bookings of
// one (site, service, date, slot) are ever stored -- a write that would make one more is refused whole
// (kSlotFull). `capacity` is the caller's figure at the time of the write.
struct SlotBooking {
  std::string order_id;
  std::string site;
  std::string service;  // The collection service: click_collect, drive, pedestrian.
  std::string date;     // YYYY-MM-DD, the site's local date.
  std::string slot;     // "HH:MM-HH:MM".
  int64_t capacity = 1;
};

// How many bookings a slot holds.
struct SlotLoad {
  std::string date;
  std::string slot;
  int64_t booked = 0;
};

struct NewOrder {
  Order order;
  std::string idempotency_key;
  std::string request_sha256;   // The request body's hash: a key reused with another body is refused.
  nlohmann::json last_relay;    // The relay point to offer this customer first next time, or null.
  std::vector<Order> children;  // One per fulfilling site when the order is a parent (ChildOrders), else none.
  std::string actor;            // Who placed it (its "created" event).
  std::vector<SlotBooking> slot_bookings;  // Written with the order, or the order is not (kSlotFull).
};

// What an order change decided above (orders/order_lifecycle.h) writes, all or none: the orders as they
// become, each refused (kConflict) unless the stored one is still at the version it was read at (the
// version is bumped by the write; an order that does not exist is a kConflict too: it was read, so it
// moved); the stock movements that follow (refused by the figures: kInsufficientStock naming
// "<movements_field>[i].quantity" -- just "quantity" when there is one movement and movements_field is not
// "lines", as for a movement posted alone); the events; the messages to queue (one per order,
// shipment, step and channel however often a step is replayed); the parcel numbers an order is searched by;
// the slot bookings released (every booking of each order named) and then made (refused over capacity:
// kSlotFull).
struct OrderEventDraft {
  std::string order_id;
  std::string kind;
  nlohmann::json details = nlohmann::json::object();
  Actor actor;
};
struct OrderCommit {
  std::vector<Order> orders;
  std::vector<Movement> movements;
  std::string movements_field = "lines";
  std::vector<OrderEventDraft> events;
  std::vector<Notification> notifications;
  std::vector<std::pair<std::string, std::string>> parcel_numbers;  // (order id, tracking number).
  std::vector<std::string> slot_releases;                           // Orders whose bookings are freed.
  std::vector<SlotBooking> slot_bookings;
  // A manifest closed with these orders' hand-overs: written with them, or nothing is (kConflict when its id is
  // taken or one of its parcels is on a manifest already).
  std::optional<Manifest> manifest;
  // The carrier asked to come for it (PickupRequest, status pending): written with the manifest.
  std::optional<PickupRequest> pickup;
  // Documents billed with the change, each given the next number of its brand's series (InvoiceNumber) and its
  // issued_at in the commit's transaction -- so a refused commit takes no number. An invoice for an (order,
  // shipment) that has one already is left out: a step replayed never bills twice.
  std::vector<Invoice> invoices;
  // Returns written with the change: one at version 0 is inserted (kConflict when its id is taken), any other is
  // written over the stored one of that version (kConflict when it moved on or is not there); each stored at its
  // version + 1 (GetReturn reads it back).
  std::vector<ReturnRequest> returns;
  // A refund to pay through the brand's payment provider, queued (pending, due at once) with the change; at most one
  // per return (kConflict when its return has one already).
  std::optional<RefundPayment> refund_payment;
};

// A carrier account's block of parcel serials (wasm/engine/parcel_range.h) as the store counts it. `key` names
// the block for good -- its scheme, prefix, country, first and last -- so that two accounts printing the same
// numbers share one count, and a new block from the carrier starts its own.
struct SerialBlock {
  std::string key;
  uint64_t first = 0;
  uint64_t last = 0;
};

// What labelling a shipment asks of the store (LabelShipment).
struct LabelClaim {
  std::string order_id;
  std::string site;
  int64_t shipment = 0;
  int64_t parcels = 1;  // Parcels 0..parcels-1 each get a number.
  std::string carrier;
  std::string account;
  std::vector<SerialBlock> blocks;  // Used in this order: the next block only once one is used up.
  // The number serial `serial` of blocks[block] prints (the engine's ParcelNumberOf): the rule is the caller's.
  std::function<std::string(size_t block, uint64_t serial)> number_of;
  Actor actor;  // Who labels: the order's "labelled" event.
};

// The database cannot be reached: the connection was refused, or lost during the call. Nothing was written,
// unless the connection was lost at COMMIT; either way the same call made again is applied once (an order with
// its Idempotency-Key replays). HTTP answers 503 with Retry-After.
struct StoreUnavailable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Store {
 public:
  virtual ~Store() = default;

  // True when the store can serve (the database answers).
  virtual bool Ready() = 0;

  // Write transactions this process ran again since it started because the database refused them for
  // colliding with another's (PostgreSQL's serialization failures, a unique key inserted meanwhile), for
  // /metrics. A store whose writes never collide (one writer) keeps 0.
  virtual uint64_t WriteRetries() const { return 0; }

  // A random secret named `name` (64 hex digits), made at its first use and the same ever after, for
  // every server on this store (e.g. the key that signs shoppers' tracking tokens).
  virtual std::string ServerSecret(const std::string& name) = 0;

  // Brands come from the configuration at start: inserted or updated. The file's settings replace the
  // stored ones only when they differ from the file's settings of the previous start: an edited file wins,
  // otherwise what PutBrandSettings stored (through the API) is kept.
  virtual void PutBrand(const Brand& brand) = 0;
  virtual std::optional<Brand> BrandByKeyHash(const std::string& api_key_sha256) = 0;
  virtual std::optional<Brand> GetBrand(const std::string& id) = 0;
  virtual bool PutBrandSettings(const std::string& brand, const nlohmann::json& settings) = 0;  // False: no brand.

  virtual void PutStaffToken(const StaffToken& token) = 0;
  virtual std::optional<StaffToken> StaffTokenByHash(const std::string& token_sha256) = 0;
  virtual bool RevokeStaffToken(const std::string& brand, const std::string& id) = 0;  // False: no such token.

  virtual void PutSite(const std::string& brand, const Site& site) = 0;  // Insert or replace.
  virtual std::optional<Site> GetSite(const std::string& brand, const std::string& id) = 0;
  virtual std::vector<Site> ListSites(const std::string& brand) = 0;

  virtual void PutProduct(const std::string& brand, const Product& product) = 0;  // Insert or replace.
  virtual std::optional<Product> GetProduct(const std::string& brand, const std::string& sku) = 0;
  // Products of `category` (the same nomenclature path), by sku, at most `limit`.
  virtual std::vector<Product> ProductsIn(const std::string& brand, const std::string& category, int64_t limit) = 0;
  // Products whose sku begins with `text` (ASCII letters' case aside: "tea" finds TEA-3) or whose name it names
  // (ProductNameMatches, model/search_keys.h: "cafe" finds "Café moulu"), by sku, at most `limit`; none for an
  // empty text.
  virtual std::vector<Product> FindProducts(const std::string& brand, const std::string& text, int64_t limit) = 0;
  // Products whose category is `path` or lies under it ("kitchen" holds "kitchen/mugs"; "" holds every product),
  // by sku, at most `limit`.
  virtual std::vector<Product> ProductsUnder(const std::string& brand, const std::string& path, int64_t limit) = 0;

  // Imported sales days (model/sales_day.h), all in one transaction or none; a day already held for the same
  // sku and site is replaced. Returns how many were written.
  virtual StoreResult<int64_t> PutSalesDays(const std::string& brand, const std::vector<SalesDay>& days) = 0;
  // The imported days of (sku, site), oldest first.
  virtual std::vector<SalesDay> SalesDaysOf(const std::string& brand, const std::string& sku,
                                            const std::string& site) = 0;

  // Stored forecasts (model/forecast_day.h): replaces every forecast held for `site` by `days`, all made on
  // `made_on`, in one transaction -- a reader sees the previous night's set or this one, never a mix. Each
  // day's site and made_on are the arguments', whatever the rows say. Two days of the same sku and day: kInvalid
  // (field "forecasts[i]", the second), nothing written. Returns how many were written.
  virtual StoreResult<int64_t> PutStoredForecasts(const std::string& brand, const std::string& site,
                                                  const std::string& made_on, const std::vector<ForecastDay>& days) = 0;
  // The stored forecasts of `site` (of `sku` only, unless it is ""), by sku then day.
  virtual std::vector<ForecastDay> StoredForecastsOf(const std::string& brand, const std::string& site,
                                                     const std::string& sku) = 0;
  // The day the stored forecasts of `site` were made; nullopt when none is stored.
  virtual std::optional<std::string> StoredForecastsMadeOn(const std::string& brand, const std::string& site) = 0;

  // Applies every movement in order in one transaction -- all or none. Unknown sku or site: kNotFound;
  // refused by the figures (MovementDelta): kInsufficientStock; a transfer to its own site: kInvalid -- each
  // naming "movements[i].<field>" (just "<field>" for a single movement).
  virtual StoreResult<std::vector<LedgerEntry>> PostMovements(const std::string& brand,
                                                              const std::vector<Movement>& movements) = 0;

  // The figures of `sku` at every site that has some (or at `site` only), sorted by site.
  virtual std::vector<SiteStock> StockOf(const std::string& brand, const std::string& sku,
                                         const std::string& site = "") = 0;

  // Ledger rows of (sku, site), newest first, at most `limit`, older than `before_id` when > 0.
  virtual std::vector<LedgerEntry> History(const std::string& brand, const std::string& sku, const std::string& site,
                                           int64_t limit, int64_t before_id) = 0;

  // Creates the order (and its children) and reserves every line in one transaction, or nothing
  // (kInsufficientStock naming "lines[i].quantity"). An idempotency key seen before returns the order it
  // created (*replayed = true), or kKeyReused when it came with another request hash.
  virtual StoreResult<Order> CreateOrder(const std::string& brand, const NewOrder& order, bool* replayed) = 0;
  // The order an idempotency key already created (kKeyReused when it came with another request hash), before
  // anything is re-checked: a retry gets what the first attempt got, whatever changed since.
  virtual StoreResult<std::optional<Order>> ReplayOrder(const std::string& brand, const std::string& idempotency_key,
                                                        const std::string& request_sha256) = 0;
  // An order with the version a write must name (OrderCommit).
  virtual std::optional<Order> GetOrder(const std::string& brand, const std::string& id) = 0;

  // Orders in creation order, at most `limit`, after the one `cursor` names ("" : from the first). *next
  // is the cursor of the page after, or "" at the end.
  virtual std::vector<Order> ListOrders(const std::string& brand, int64_t limit, const std::string& cursor,
                                        std::string* next) = 0;

  // Writes `commit` in one transaction (see OrderCommit), or nothing. Returns the orders as stored, with
  // their new versions, in the commit's order.
  virtual StoreResult<std::vector<Order>> CommitOrders(const std::string& brand, const OrderCommit& commit) = 0;

  // A customer's orders that have not left yet (placed or preparing), newest first, at most `limit`: the
  // shipments a new basket may join (child orders, never their parents, whose shipments are the children's).
  virtual std::vector<Order> OpenOrdersOf(const std::string& brand, const std::string& customer_id, int64_t limit) = 0;
  // Orders (not parents) placed or preparing with a line at `site`, oldest first, at most `limit`: what the
  // site may still have to pick.
  virtual std::vector<Order> OpenOrdersAt(const std::string& brand, const std::string& site, int64_t limit) = 0;

  // Orders (not parents) that gave a parcel number and have not reached the shopper yet (status ready or
  // shipped), oldest first, at most `limit`: the parcels to ask carriers about.
  virtual std::vector<Order> OrdersWithParcels(const std::string& brand, int64_t limit) = 0;
  // Keeps a carrier's event once: true when it is new, false when the same (carrier, tracking number, code,
  // justification, at) was kept before -- a replayed webhook. *event gets the stored row's id.
  virtual bool AddParcelEvent(const std::string& brand, ParcelEvent* event) = 0;
  // Sets what a kept event did.
  virtual void SetParcelEventOutcome(const std::string& brand, int64_t id, const std::string& milestone,
                                     const std::string& order_id, const std::string& outcome) = 0;
  // Takes the round of polling `carrier` for `brand`'s parcels (carrier_poller.h) that is due at `now_ms`: true
  // when the pair's next round is due (its stored time is <= now_ms, or it has none yet), which is then moved to
  // now_ms + every_ms in the same transaction; false, changing nothing, when it is not due yet. Of several callers
  // (nodes) asking at once, exactly one is given each round; a caller that took a round and died leaves the next one
  // to whoever asks once it is due, so another node takes over at most one interval later.
  virtual bool ClaimPollRound(const std::string& brand, const std::string& carrier, int64_t now_ms,
                              int64_t every_ms) = 0;
  // Up to `limit` notifications due at `now_ms` (any brand), oldest first, each leased until now_ms +
  // lease_ms: another sender (or this one after a crash) takes it again only when the lease is over.
  virtual std::vector<Notification> ClaimNotifications(int64_t now_ms, int64_t lease_ms, int64_t limit) = 0;
  // A claimed notification's attempt: sent, or failed with `error` -- again at retry_at_ms, or given up
  // ("failed") when retry_at_ms is 0.
  virtual void FinishNotification(int64_t id, bool sent, const std::string& error, int64_t retry_at_ms) = 0;
  // The notifications of an order and its children, oldest first.
  virtual std::vector<Notification> OrderNotifications(const std::string& brand, const std::string& order_id) = 0;
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
  // (kConflict when another write came first), bumping the version; returns what was stored.
  virtual StoreResult<Basket> PutBasket(const std::string& brand, const Basket& basket) = 0;
  virtual std::optional<Basket> GetBasket(const std::string& brand, const std::string& id) = 0;

  // The slots of (site, service) holding bookings on the dates [first_date, last_date], by date then slot.
  virtual std::vector<SlotLoad> SlotLoads(const std::string& brand, const std::string& site, const std::string& service,
                                          const std::string& first_date, const std::string& last_date) = 0;

  // Gives each parcel of a shipment its number: the one it has, else the next serial of the first block with
  // one left and its number (claim.number_of), written with the order's parcel search key (OrdersByParcelNumber
  // finds it) and a "labelled" event {shipment (its index), parcels: [numbers]}, all in one transaction; *allocated
  // tells whether any number is new. A serial once given is never given again, whatever fails after, and no number is
  // given twice. kRangeExhausted when the blocks run out (nothing written); kNotFound ("order_id") when the order does
  // not exist. Numbers in parcel order.
  virtual StoreResult<std::vector<ParcelLabel>> LabelShipment(const std::string& brand, const LabelClaim& claim,
                                                              bool* allocated) = 0;
  // The labels of an order's parcels, by shipment then parcel.
  virtual std::vector<ParcelLabel> OrderLabels(const std::string& brand, const std::string& order_id) = 0;
  // Labels of `site`'s parcels for `carrier` that are on no manifest yet, in the order they were made, at most
  // `limit`.
  virtual std::vector<ParcelLabel> LabelsToHandOver(const std::string& brand, const std::string& site,
                                                    const std::string& carrier, int64_t limit) = 0;
  virtual std::optional<Manifest> GetManifest(const std::string& brand, const std::string& id) = 0;
  // The manifests of `site` closed on `day` (all carriers), by id.
  virtual std::vector<Manifest> ManifestsOf(const std::string& brand, const std::string& site,
                                            const std::string& day) = 0;
  // An invoice or credit note by its number.
  virtual std::optional<Invoice> GetInvoice(const std::string& brand, const std::string& number) = 0;
  // The invoices and credit notes of an order and of its children, in the order they were numbered.
  virtual std::vector<Invoice> OrderInvoices(const std::string& brand, const std::string& order_id) = 0;
  // Pickup requests due at `now_ms` (any brand), oldest first, at most `limit`, each leased until now_ms + lease_ms
  // (as ClaimNotifications).
  virtual std::vector<PickupRequest> ClaimPickupRequests(int64_t now_ms, int64_t lease_ms, int64_t limit) = 0;
  // A claimed request's attempt: sent (with the carrier's `reference`, may be ""), or failed with `error` -- again
  // at retry_at_ms, or given up ("failed") when retry_at_ms is 0.
  virtual void FinishPickupRequest(int64_t id, bool sent, const std::string& error, int64_t retry_at_ms,
                                   const std::string& reference) = 0;
  virtual std::optional<PickupRequest> PickupRequestOf(const std::string& brand, const std::string& manifest_id) = 0;
  // Asks again (a request given up, or one the carrier did not honour): pending, due at `now_ms`, its attempts
  // counted afresh. False when the manifest has no request or it is pending already.
  virtual bool RequestPickupAgain(const std::string& brand, const std::string& manifest_id, int64_t now_ms) = 0;
  // A return by its number, and the returns of an order (the order the shopper knows) in the order they were made
  // (returns are priced in that order: wasm/engine/refund.h).
  virtual std::optional<ReturnRequest> GetReturn(const std::string& brand, const std::string& id) = 0;
  virtual std::vector<ReturnRequest> OrderReturns(const std::string& brand, const std::string& order_id) = 0;
  // Refunds due at `now_ms` (any brand), oldest first, at most `limit`, each leased until now_ms + lease_ms (as
  // ClaimNotifications).
  virtual std::vector<RefundPayment> ClaimRefundPayments(int64_t now_ms, int64_t lease_ms, int64_t limit) = 0;
  // A claimed refund's attempt: `status` succeeded (with the provider's `reference`), failed (refused, or given up),
  // or pending again at retry_at_ms with `error`.
  virtual void FinishRefundPayment(int64_t id, const std::string& status, const std::string& error, int64_t retry_at_ms,
                                   const std::string& reference) = 0;
  virtual std::optional<RefundPayment> RefundPaymentOf(const std::string& brand, const std::string& return_id) = 0;
  // Asks the provider again for a refund that failed (refused, or given up): pending, due at `now_ms`, its attempts
  // counted afresh, the same row (so the same Idempotency-Key). False when the return has no refund or it is not
  // failed.
  virtual bool RetryRefundPayment(const std::string& brand, const std::string& return_id, int64_t now_ms) = 0;
  // How many serials of the block `key` were given (0 for a block never used).
  virtual uint64_t SerialsGiven(const std::string& brand, const std::string& key) = 0;

  // {"last_relay": {...} or null} for a customer.
  virtual nlohmann::json CustomerPreferences(const std::string& brand, const std::string& customer_id) = 0;

  // Writes a customer account: a new one when account.version is 0 (kConflict when its id is taken), else over
  // the stored one of that version (kConflict when it moved on or is not there). Stored at its version + 1 with
  // its search keys (SearchKeysOf, model/customer_account.h) in place of the ones it had, created_at kept
  // (stamped now for a new one), updated_at stamped now; returns what was stored.
  virtual StoreResult<CustomerAccount> PutCustomer(const std::string& brand, const CustomerAccount& account) = 0;
  virtual std::optional<CustomerAccount> GetCustomer(const std::string& brand, const std::string& id) = 0;
  // The accounts having every condition of `all_of` (none when it is empty; at most 8 conditions), by id, at most
  // `limit`.
  virtual std::vector<CustomerAccount> FindCustomers(const std::string& brand,
                                                     const std::vector<CustomerKeyMatch>& all_of, int64_t limit) = 0;
  // A customer's orders, newest first, at most `limit`: parents and orders of one site, never children (their
  // parent stands for them).
  virtual std::vector<Order> OrdersOf(const std::string& brand, const std::string& customer_id, int64_t limit) = 0;

  // Stores `layout` as the site's next layout version (1 for its first), stamped now; kNotFound ("site") when
  // the brand has no such site. Versions are never rewritten nor removed: a pick list keeps its own.
  virtual StoreResult<SiteLayout> AddSiteLayout(const std::string& brand, const std::string& site,
                                                const nlohmann::json& layout) = 0;
  // The site's layout of `version`, or its latest when `version` is 0; nullopt when there is none.
  virtual std::optional<SiteLayout> GetSiteLayout(const std::string& brand, const std::string& site,
                                                  int64_t version) = 0;

  // Writes a pick list, stamped now: a new one (version 0) is inserted with its shipments, each of which is
  // in one pick list ever (kConflict naming "shipments[i]" when one already is; kConflict when its id is
  // taken); any other is written over the stored one of its version (kConflict when it moved on or is not
  // there). Stored at its version + 1; returns what was stored.
  virtual StoreResult<PickList> PutPickList(const std::string& brand, const PickList& list) = 0;
  virtual std::optional<PickList> GetPickList(const std::string& brand, const std::string& id) = 0;
  // A site's pick lists of `status` ("" : any), oldest first, at most `limit`.
  virtual std::vector<PickList> ListPickLists(const std::string& brand, const std::string& site,
                                              const std::string& status, int64_t limit) = 0;
  // The pick list holding shipment `shipment` of order `order_id`, or nullopt.
  virtual std::optional<PickList> PickListOf(const std::string& brand, const std::string& order_id,
                                             int64_t shipment) = 0;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_STORE_STORE_H_
