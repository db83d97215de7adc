// The embedded store: one SQLite file in WAL mode, schema migrations applied at open (each in its own
// transaction, recorded in schema_migrations), every write batch in one IMMEDIATE transaction with
// synchronous=FULL, so that an acknowledged write survives a crash (kill -9 or power loss).
//
// Writes go through one connection guarded by a mutex: SQLite serializes writers anyway, and the figures a
// reservation checks must not change between its read and its write. Reads outside a write go through a
// read-only connection of the calling thread, beside the writer (WAL).
//
// Orders are committed in groups: the orders that arrive while one transaction is being made durable wait,
// then the first of them writes them all in the next transaction, each in its own savepoint (a refused order
// leaves the others untouched), and one fsync makes the group durable before any of them is answered. The
// same guarantee as one transaction per order, at a fraction of the fsyncs under load.
#ifndef RELAIS_EDGE_STORE_SQLITE_STORE_H_
#define RELAIS_EDGE_STORE_SQLITE_STORE_H_

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "edge/store/store.h"

struct sqlite3;
struct sqlite3_stmt;

namespace relais::edge {

// One SQLite connection and its prepared statements (kept for the connection's life: an order runs a
// dozen statements, preparing them each time cost more than running them).
struct SqliteConnection {
  SqliteConnection() = default;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;
  ~SqliteConnection();
  sqlite3* db = nullptr;
  std::unordered_map<const char*, sqlite3_stmt*> statements;  // Keyed by the SQL literal's address.
};

class SqliteStore : public Store {
 public:
  // Opens (creating if needed) and migrates `path`. Throws std::runtime_error when it cannot, or when the
  // file's schema is newer than this program knows.
  explicit SqliteStore(const std::string& path);
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  // The schema version this program migrates to.
  static int LatestSchemaVersion();
  int SchemaVersion();

  bool Ready() override;
  std::string ServerSecret(const std::string& name) override;
  void PutBrand(const Brand& brand) override;
  std::optional<Brand> BrandByKeyHash(const std::string& api_key_sha256) override;
  std::optional<Brand> GetBrand(const std::string& id) override;
  bool PutBrandSettings(const std::string& brand, const nlohmann::json& settings) override;
  void PutStaffToken(const StaffToken& token) override;
  std::optional<StaffToken> StaffTokenByHash(const std::string& token_sha256) override;
  bool RevokeStaffToken(const std::string& brand, const std::string& id) override;
  void PutSite(const std::string& brand, const Site& site) override;
  std::optional<Site> GetSite(const std::string& brand, const std::string& id) override;
  std::vector<Site> ListSites(const std::string& brand) override;
  void PutProduct(const std::string& brand, const Product& product) override;
  std::optional<Product> GetProduct(const std::string& brand, const std::string& sku) override;
  std::vector<Product> ProductsIn(const std::string& brand, const std::string& category, int64_t limit) override;
  StoreResult<std::vector<LedgerEntry>> PostMovements(const std::string& brand,
                                                      const std::vector<Movement>& movements) override;
  std::vector<SiteStock> StockOf(const std::string& brand, const std::string& sku, const std::string& site) override;
  std::vector<LedgerEntry> History(const std::string& brand, const std::string& sku, const std::string& site,
                                   int64_t limit, int64_t before_id) override;
  StoreResult<Order> CreateOrder(const std::string& brand, const NewOrder& order, bool* replayed) override;
  StoreResult<std::optional<Order>> ReplayOrder(const std::string& brand, const std::string& idempotency_key,
                                                const std::string& request_sha256) override;
  std::optional<Order> GetOrder(const std::string& brand, const std::string& id) override;
  std::vector<Order> ListOrders(const std::string& brand, int64_t limit, const std::string& cursor,
                                std::string* next) override;
  StoreResult<std::vector<Order>> CommitOrders(const std::string& brand, const OrderCommit& commit) override;
  std::vector<Order> OrdersWithParcels(const std::string& brand, int64_t limit) override;
  bool AddParcelEvent(const std::string& brand, ParcelEvent* event) override;
  void SetParcelEventOutcome(const std::string& brand, int64_t id, const std::string& milestone,
                             const std::string& order_id, const std::string& outcome) override;
  std::vector<ParcelEvent> ParcelEvents(const std::string& brand, const std::string& tracking_number, bool unknown_only,
                                        int64_t limit) override;
  std::vector<Notification> ClaimNotifications(int64_t now_ms, int64_t lease_ms, int64_t limit) override;
  void FinishNotification(int64_t id, bool sent, const std::string& error, int64_t retry_at_ms) override;
  std::vector<Notification> OrderNotifications(const std::string& brand, const std::string& order_id) override;
  std::vector<OrderEvent> OrderEvents(const std::string& brand, const std::string& order_id) override;
  void RecordPickupCodeRefusal(const std::string& brand, const std::string& order_id, const nlohmann::json& details,
                               const Actor& actor) override;
  PickupCodeRefusals CountPickupCodeRefusals(const std::string& brand, const std::string& order_id,
                                             const std::string& actor_who, const std::string& since) override;
  std::vector<Order> OrdersByParcelNumber(const std::string& brand, const std::string& tracking_number,
                                          int64_t limit) override;
  std::vector<Order> SearchOrders(const std::string& brand, const std::string& query, int64_t limit) override;
  std::vector<Order> OpenOrdersOf(const std::string& brand, const std::string& customer_id, int64_t limit) override;
  std::vector<Order> OpenOrdersAt(const std::string& brand, const std::string& site, int64_t limit) override;
  StoreResult<Basket> PutBasket(const std::string& brand, const Basket& basket) override;
  std::optional<Basket> GetBasket(const std::string& brand, const std::string& id) override;
  nlohmann::json CustomerPreferences(const std::string& brand, const std::string& customer_id) override;
  std::vector<SlotLoad> SlotLoads(const std::string& brand, const std::string& site, const std::string& service,
                                  const std::string& first_date, const std::string& last_date) override;
  StoreResult<std::vector<ParcelLabel>> LabelShipment(const std::string& brand, const LabelClaim& claim,
                                                      bool* allocated) override;
  std::vector<ParcelLabel> OrderLabels(const std::string& brand, const std::string& order_id) override;
  uint64_t SerialsGiven(const std::string& brand, const std::string& key) override;
  StoreResult<SiteLayout> AddSiteLayout(const std::string& brand, const std::string& site,
                                        const nlohmann::json& layout) override;  // sqlite_picking.cc
  std::optional<SiteLayout> GetSiteLayout(const std::string& brand, const std::string& site, int64_t version) override;
  StoreResult<PickList> PutPickList(const std::string& brand, const PickList& list) override;
  std::optional<PickList> GetPickList(const std::string& brand, const std::string& id) override;
  std::vector<PickList> ListPickLists(const std::string& brand, const std::string& site, const std::string& status,
                                      int64_t limit) override;
  std::optional<PickList> PickListOf(const std::string& brand, const std::string& order_id, int64_t shipment) override;
  std::vector<ParcelLabel> LabelsToHandOver(const std::string& brand, const std::string& site,
                                            const std::string& carrier, int64_t limit) override;
  std::optional<Manifest> GetManifest(const std::string& brand, const std::string& id) override;
  std::vector<Manifest> ManifestsOf(const std::string& brand, const std::string& site, const std::string& day) override;
  std::optional<Invoice> GetInvoice(const std::string& brand, const std::string& number) override;
  std::vector<Invoice> OrderInvoices(const std::string& brand, const std::string& order_id) override;
  std::vector<PickupRequest> ClaimPickupRequests(int64_t now_ms, int64_t lease_ms, int64_t limit) override;
  void FinishPickupRequest(int64_t id, bool sent, const std::string& error, int64_t retry_at_ms,
                           const std::string& reference) override;
  std::optional<PickupRequest> PickupRequestOf(const std::string& brand, const std::string& manifest_id) override;
  bool RequestPickupAgain(const std::string& brand, const std::string& manifest_id, int64_t now_ms) override;
  std::optional<ReturnRequest> GetReturn(const std::string& brand, const std::string& id) override;
  std::vector<ReturnRequest> OrderReturns(const std::string& brand, const std::string& order_id) override;
  std::vector<RefundPayment> ClaimRefundPayments(int64_t now_ms, int64_t lease_ms, int64_t limit) override;
  void FinishRefundPayment(int64_t id, const std::string& status, const std::string& error, int64_t retry_at_ms,
                           const std::string& reference) override;
  std::optional<RefundPayment> RefundPaymentOf(const std::string& brand, const std::string& return_id) override;
  bool RetryRefundPayment(const std::string& brand, const std::string& return_id, int64_t now_ms) override;

 private:
  // PostMovements' work inside a transaction the caller holds.
  std::vector<LedgerEntry> ApplyMovements(const std::string& brand, const std::vector<Movement>& movements,
                                          const std::string& field_prefix);
  // Writes each order of `batch` in one transaction and sets its result or its error; never throws.
  struct PendingOrder;
  void WriteOrderBatch(const std::vector<PendingOrder*>& batch);
  // CreateOrder's writes inside the transaction the caller holds.
  Order WriteOrder(const std::string& brand, const NewOrder& n, bool* replayed);
  // Inside the writer's transaction: stores an order, true unless its stored version is no longer order.version.
  void InsertOrder(const std::string& brand, const Order& order);
  void BookSlots(const std::string& brand, const std::vector<SlotBooking>& bookings);  // Throws Refused.
  bool UpdateOrder(const std::string& brand, const Order& order);
  void InsertManifest(const std::string& brand, const Manifest& manifest);  // Throws Refused (kConflict).
  void QueuePickupRequest(const std::string& brand, const PickupRequest& request);
  void IssueInvoice(const std::string& brand, Invoice invoice);               // Numbers it, unless billed already.
  void WriteReturn(const std::string& brand, const ReturnRequest& r);         // Throws Refused (kConflict).
  void QueueRefundPayment(const std::string& brand, const RefundPayment& p);  // Throws Refused (kConflict).
  void AppendEvent(const std::string& brand, const std::string& order_id, const std::string& kind,
                   const nlohmann::json& details, const Actor& actor);
  // Inserts `n` unless its (brand, order, shipment, trigger, channel) is there already; true when new.
  bool QueueNotification(const Notification& n);
  void Migrate();
  SqliteConnection& Reader();  // The calling thread's read-only connection, opened at its first read.

  std::string path_;
  std::mutex mutex_;  // Guards writer_.
  SqliteConnection writer_;
  std::mutex queue_mutex_;  // Guards queue_ and writing_batch_.
  std::condition_variable batch_written_;
  std::vector<PendingOrder*> queue_;  // Orders waiting for the next group.
  bool writing_batch_ = false;        // A thread is writing a group.
  std::mutex readers_mutex_;
  std::map<std::thread::id, std::unique_ptr<SqliteConnection>> readers_;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_STORE_SQLITE_STORE_H_
