// The edge's store written once in SQL for two databases (sql_connection.h): SQLite, the embedded default
// (sqlite_store.h), and PostgreSQL for several stateless edge nodes on one server (postgres_store.h). Every
// method of Store is here; a backend gives connections, write transactions and its schema migrations.
//
// Writes run in one transaction each, through Write: SQLite's single writer, or PostgreSQL's SERIALIZABLE
// transactions run again whole when the server reports a serialization failure. Either way any two writes
// behave as one after the other, so each check a write makes (the figures a reservation reads, a version, a
// count of slot bookings, the last invoice number) still holds when it commits -- on one node or many.
//
// Orders are committed in groups: the orders that arrive while one transaction is being made durable wait,
// then the first of them writes them all in the next transaction, each in its own savepoint (a refused order
// leaves the others untouched), and one commit makes the group durable before any of them is answered. The
// same guarantee as one transaction per order, at a fraction of the fsyncs under load.
#ifndef RELAIS_EDGE_STORE_SQL_STORE_H_
#define RELAIS_EDGE_STORE_SQL_STORE_H_

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "edge/store/sql_connection.h"
#include "edge/store/store.h"

namespace relais::edge {

class SqlStore : public Store {
 public:
  // The schema version this program migrates to (the same numbering on every backend).
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
  std::vector<Product> FindProducts(const std::string& brand, const std::string& text, int64_t limit) override;
  std::vector<Product> ProductsUnder(const std::string& brand, const std::string& path, int64_t limit) override;
  StoreResult<int64_t> PutSalesDays(const std::string& brand, const std::vector<SalesDay>& days) override;
  std::vector<SalesDay> SalesDaysOf(const std::string& brand, const std::string& sku, const std::string& site) override;
  StoreResult<int64_t> PutStoredForecasts(const std::string& brand, const std::string& site, const std::string& made_on,
                                          const std::vector<ForecastDay>& days) override;
  std::vector<ForecastDay> StoredForecastsOf(const std::string& brand, const std::string& site,
                                             const std::string& sku) override;
  std::optional<std::string> StoredForecastsMadeOn(const std::string& brand, const std::string& site) override;
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
  bool ClaimPollRound(const std::string& brand, const std::string& carrier, int64_t now_ms, int64_t every_ms) override;
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
  StoreResult<CustomerAccount> PutCustomer(const std::string& brand, const CustomerAccount& account) override;
  std::optional<CustomerAccount> GetCustomer(const std::string& brand, const std::string& id) override;
  std::vector<CustomerAccount> FindCustomers(const std::string& brand, const std::vector<CustomerKeyMatch>& all_of,
                                             int64_t limit) override;
  std::vector<Order> OrdersOf(const std::string& brand, const std::string& customer_id, int64_t limit) override;
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

 protected:
  // A backend's connection for reads outside any write, for one thread until it is given back.
  class ReaderLease {
   public:
    explicit ReaderLease(SqlStore& store) : store_(store), db_(store.AcquireReader()) {}
    ~ReaderLease() { store_.ReleaseReader(db_); }
    ReaderLease(const ReaderLease&) = delete;
    ReaderLease& operator=(const ReaderLease&) = delete;
    operator sql::Connection&() const { return db_; }  // NOLINT: used where a connection is.

   private:
    SqlStore& store_;
    sql::Connection& db_;
  };

  // Runs `body` in one write transaction, all or none, and returns what it returns. An exception out of body
  // rolls the transaction back and leaves Write; a RetryTransaction runs body again from the start.
  template <class F>
  auto Write(F&& body) -> std::invoke_result_t<F&, sql::Connection&> {
    using R = std::invoke_result_t<F&, sql::Connection&>;
    if constexpr (std::is_void_v<R>) {
      InWriteTransaction([&](sql::Connection& db) { body(db); });
    } else {
      std::optional<R> out;
      InWriteTransaction([&](sql::Connection& db) { out.emplace(body(db)); });
      return std::move(*out);
    }
  }

  // The backend's part. InWriteTransaction begins a write transaction on a connection that may write, runs
  // body, commits; on an exception rolls back and rethrows it, but on RetryTransaction runs body again (a
  // bounded number of times).
  virtual void InWriteTransaction(const std::function<void(sql::Connection&)>& body) = 0;
  // The first statement of a group of orders' transaction: makes the groups of all writers wait in turn for
  // the stock rather than collide on it. Nothing where one writer writes at a time (SQLite).
  virtual void QueueForStock(sql::Connection& /*db*/) {}
  virtual sql::Connection& AcquireReader() = 0;
  virtual void ReleaseReader(sql::Connection& db) = 0;
  // The schema's migrations in the backend's dialect: entry i takes the schema from version i to i + 1.
  virtual std::span<const char* const> Migrations() const = 0;
  // Brings the schema to the latest version on `db`, every missing step in one transaction: a failure leaves
  // the database as it was. The caller makes it the only migrator of the database while it runs: SQLite's
  // writer mutex (and its BEGIN IMMEDIATE), PostgreSQL's session advisory lock taken before any transaction --
  // of several nodes starting at once, one migrates and the others then find every step applied.
  void Migrate(sql::Connection& db);

 private:
  // PostMovements' work inside a transaction the caller holds.
  std::vector<LedgerEntry> ApplyMovements(sql::Connection& db, const std::string& brand,
                                          const std::vector<Movement>& movements, const std::string& field_prefix);
  // Writes each order of `batch` in one transaction and sets its result or its error; never throws.
  struct PendingOrder;
  void WriteOrderBatch(const std::vector<PendingOrder*>& batch);
  // CreateOrder's writes inside the transaction the caller holds.
  Order WriteOrder(sql::Connection& db, const std::string& brand, const NewOrder& n, bool* replayed);
  // Inside the writer's transaction: stores an order, true unless its stored version is no longer order.version.
  void InsertOrder(sql::Connection& db, const std::string& brand, const Order& order);
  void BookSlots(sql::Connection& db, const std::string& brand,
                 const std::vector<SlotBooking>& bookings);  // Throws Refused.
  bool UpdateOrder(sql::Connection& db, const std::string& brand, const Order& order);
  void InsertManifest(sql::Connection& db, const std::string& brand,
                      const Manifest& manifest);  // Throws Refused (kConflict).
  void QueuePickupRequest(sql::Connection& db, const std::string& brand, const PickupRequest& request);
  void IssueInvoice(sql::Connection& db, const std::string& brand,
                    Invoice invoice);  // Numbers it, unless billed already.
  void WriteReturn(sql::Connection& db, const std::string& brand,
                   const ReturnRequest& r);  // Throws Refused (kConflict).
  void QueueRefundPayment(sql::Connection& db, const std::string& brand,
                          const RefundPayment& p);  // Throws Refused (kConflict).
  void AppendEvent(sql::Connection& db, const std::string& brand, const std::string& order_id, const std::string& kind,
                   const nlohmann::json& details, const Actor& actor);
  // Inserts `n` unless its (brand, order, shipment, trigger, channel) is there already; true when new.
  bool QueueNotification(sql::Connection& db, const Notification& n);

  std::mutex queue_mutex_;  // Guards queue_ and writing_batch_.
  std::condition_variable batch_written_;
  std::vector<PendingOrder*> queue_;  // Orders waiting for the next group.
  bool writing_batch_ = false;        // A thread is writing a group.
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_STORE_SQL_STORE_H_
