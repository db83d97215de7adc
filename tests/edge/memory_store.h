// A Store kept in memory, for tests of the floors above the store and as the second implementation the
// conformance suite (store_conformance_test.cc) runs beside SQLite: if a case passes on one and fails on the
// other, the suite or a store reads store.h's contract differently, and the contract is what gets fixed.
//
// Persistence only, like any store: the figures come from MovementDelta (the model's rule a store applies
// inside its transaction), every other rule is the caller's. One mutex guards everything, so each method is
// one transaction; a write that can be refused checks everything first and only then changes anything, so
// a refusal leaves nothing behind.
#ifndef RELAIS_TESTS_EDGE_MEMORY_STORE_H_
#define RELAIS_TESTS_EDGE_MEMORY_STORE_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "edge/store/store.h"

namespace relais::edge {

class MemoryStore : public Store {
 public:
  bool Ready() override { return true; }
  StoreResult<std::vector<ParcelLabel>> LabelShipment(const std::string& brand, const LabelClaim& claim,
                                                      bool* allocated) override;
  std::vector<ParcelLabel> OrderLabels(const std::string& brand, const std::string& order_id) override;
  uint64_t SerialsGiven(const std::string& brand, const std::string& key) override;
  StoreResult<SiteLayout> AddSiteLayout(const std::string& brand, const std::string& site,
                                        const nlohmann::json& layout) override;
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
  std::vector<Order> OpenOrdersOf(const std::string& brand, const std::string& customer_id, int64_t limit) override;
  std::vector<Order> OpenOrdersAt(const std::string& brand, const std::string& site, int64_t limit) override;
  std::vector<Order> OrdersWithParcels(const std::string& brand, int64_t limit) override;
  bool AddParcelEvent(const std::string& brand, ParcelEvent* event) override;
  void SetParcelEventOutcome(const std::string& brand, int64_t id, const std::string& milestone,
                             const std::string& order_id, const std::string& outcome) override;
  bool ClaimPollRound(const std::string& brand, const std::string& carrier, int64_t now_ms, int64_t every_ms) override;
  std::vector<Notification> ClaimNotifications(int64_t now_ms, int64_t lease_ms, int64_t limit) override;
  void FinishNotification(int64_t id, bool sent, const std::string& error, int64_t retry_at_ms) override;
  std::vector<Notification> OrderNotifications(const std::string& brand, const std::string& order_id) override;
  std::vector<ParcelEvent> ParcelEvents(const std::string& brand, const std::string& tracking_number, bool unknown_only,
                                        int64_t limit) override;
  std::vector<OrderEvent> OrderEvents(const std::string& brand, const std::string& order_id) override;
  void RecordPickupCodeRefusal(const std::string& brand, const std::string& order_id, const nlohmann::json& details,
                               const Actor& actor) override;
  PickupCodeRefusals CountPickupCodeRefusals(const std::string& brand, const std::string& order_id,
                                             const std::string& actor_who, const std::string& since) override;
  std::vector<Order> OrdersByParcelNumber(const std::string& brand, const std::string& tracking_number,
                                          int64_t limit) override;
  std::vector<Order> SearchOrders(const std::string& brand, const std::string& query, int64_t limit) override;
  StoreResult<Basket> PutBasket(const std::string& brand, const Basket& basket) override;
  std::optional<Basket> GetBasket(const std::string& brand, const std::string& id) override;
  nlohmann::json CustomerPreferences(const std::string& brand, const std::string& customer_id) override;
  StoreResult<CustomerAccount> PutCustomer(const std::string& brand, const CustomerAccount& account) override;
  std::optional<CustomerAccount> GetCustomer(const std::string& brand, const std::string& id) override;
  std::vector<CustomerAccount> FindCustomers(const std::string& brand, const std::vector<CustomerKeyMatch>& all_of,
                                             int64_t limit) override;
  std::vector<Order> OrdersOf(const std::string& brand, const std::string& customer_id, int64_t limit) override;
  std::vector<SlotLoad> SlotLoads(const std::string& brand, const std::string& site, const std::string& service,
                                  const std::string& first_date, const std::string& last_date) override;

 private:
  using Key = std::pair<std::string, std::string>;  // (brand, id): what a table's primary key is in SQL.
  using SearchKey = std::tuple<std::string, std::string, std::string>;  // (brand, search key, order id).
  // (brand, site, service, date, slot, order id).
  using Booking = std::tuple<std::string, std::string, std::string, std::string, std::string, std::string>;

  struct StoredBrand {
    Brand brand;
    nlohmann::json config_settings;  // The file's settings at the last start (PutBrand's contract).
  };
  struct Idempotency {
    std::string request_sha256, order_id;
  };
  struct StoredEvent {
    std::string brand;
    OrderEvent event;
  };
  struct StoredParcelEvent {
    std::string brand;
    ParcelEvent event;
  };

  // The ledger rows `movements` would add, checked against the figures as the earlier ones leave them, or
  // the refusal; nothing is changed. Entries have no id yet.
  StoreResult<std::vector<LedgerEntry>> PlanMovements(const std::string& brand, const std::vector<Movement>& movements,
                                                      const std::string& field_prefix);
  // Adds planned entries to the ledger and the levels; sets their ids.
  void Record(const std::string& brand, std::vector<LedgerEntry>* entries);
  void AppendEvent(const std::string& brand, const std::string& order_id, const std::string& kind,
                   const nlohmann::json& details, const Actor& actor);
  // False when (brand, order, shipment, trigger, channel) is queued already.
  bool Queue(const Notification& n);
  void AddSearchKey(const std::string& brand, const std::string& key, const std::string& order_id,
                    const std::string& created_at);
  // Order ids under `key`, newest key first, at most `limit`.
  std::vector<std::string> IdsByKey(const std::string& brand, const std::string& key, int64_t limit);
  std::vector<Notification> NotificationsOf(const std::string& brand, const std::string& order_id);
  // The bookings as they become once `releases` are freed and `bookings` made, or kSlotFull; nothing changed.
  StoreResult<std::set<Booking>> PlanBookings(const std::string& brand, const std::vector<std::string>& releases,
                                              const std::vector<SlotBooking>& bookings);

  std::mutex mutex_;  // Guards everything below: each method is one transaction.
  std::map<std::string, std::string> secrets_;
  std::map<std::string, StoredBrand> brands_;
  std::map<Key, StaffToken> staff_tokens_;
  std::map<Key, Site> sites_;  // Sorted by (brand, id): ListSites' order.
  std::map<Key, Product> products_;
  std::map<std::tuple<std::string, std::string, std::string>, StockLevel> levels_;  // (brand, sku, site).
  std::vector<std::pair<std::string, LedgerEntry>> ledger_;                         // id = index + 1.
  std::map<Key, Order> orders_;                                                     // With their versions.
  std::map<Key, Idempotency> idempotency_keys_;
  std::map<Key, nlohmann::json> last_relays_;
  std::map<SearchKey, std::string> search_keys_;           // -> when the key was made.
  std::vector<StoredEvent> events_;                        // seq = index + 1.
  std::vector<StoredParcelEvent> parcel_events_;           // id = index + 1.
  std::map<Key, int64_t> poll_rounds_;                     // (brand, carrier) -> when its next round is due.
  std::vector<Notification> notifications_;                // id = index + 1.
  std::vector<PickupRequest> pickups_;                     // id = index + 1.
  std::vector<std::pair<std::string, Invoice>> invoices_;  // (brand, invoice), in the order they were numbered.
  std::map<Key, int64_t> invoice_series_;                  // (brand, series) -> the last number given.
  std::map<Key, ReturnRequest> returns_;                   // (brand, id), with their versions.
  std::vector<Key> return_order_;                          // The returns\' keys in the order they were made.
  std::vector<RefundPayment> refunds_;                     // id = index + 1.
  std::map<Key, Basket> baskets_;
  std::map<Key, CustomerAccount> customers_;  // (brand, id): ordered by id, as FindCustomers answers.
  std::map<std::tuple<std::string, std::string, std::string, std::string>, SalesDay> sales_days_;  // (brand, sku,
                                                                                                   // site, day)
  std::map<Key, std::vector<ForecastDay>> stored_forecasts_;  // (brand, site) -> by sku, then day.

  std::map<Key, std::vector<SiteLayout>> layouts_;  // (brand, site) -> versions 1, 2, ... in order.
  std::map<Key, PickList> pick_lists_;              // (brand, id), with their versions.
  std::vector<Key> pick_list_order_;                // (brand, id) in creation order.
  std::map<std::tuple<std::string, std::string, int64_t>, std::string> picked_shipments_;  // -> list id.
  std::set<Booking> bookings_;
  std::map<Key, uint64_t> serials_given_;                                         // (brand, block key).
  std::map<Key, Manifest> manifests_;                                             // (brand, id).
  std::set<std::tuple<std::string, std::string, int64_t, int64_t>> on_manifest_;  // (brand, order, shipment, parcel).
  std::map<std::tuple<std::string, std::string, int64_t, int64_t>, ParcelLabel>
      labels_;  // (brand, order, shipment, parcel).
};

}  // namespace relais::edge

#endif  // RELAIS_TESTS_EDGE_MEMORY_STORE_H_
