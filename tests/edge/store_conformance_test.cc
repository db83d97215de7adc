// The Store contract (edge/store/store.h) as cases any store must pass, run on SqliteStore (a real file per
// case) and on MemoryStore (tests/edge/memory_store.h): batches all or none with their refusals as values, a
// ledger that adds up to the figures, one order per idempotency key, no oversell under concurrent
// reservations, order commits guarded by versions, the notification outbox and its leases, baskets,
// carriers' events kept once and their polling rounds taken by one node each, paging, search keys and refused
// pick-up codes. A new store (PostgreSQL) joins by adding its type to `Stores`.
#define BOOST_TEST_MODULE store_conformance
#include <unistd.h>

#include <array>
#include <atomic>
#include <barrier>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "edge/orders/notification_resend.h"
#include "edge/store/postgres_store.h"
#include "edge/store/sqlite_store.h"
#include "edge/utc_now.h"
#include "tests/edge/memory_store.h"
#include "tests/support/test_postgres.h"

using namespace relais::edge;
using nlohmann::json;

namespace {

// A database file of its own, removed with its WAL files when the case ends.
class TempDatabase {
 public:
  TempDatabase() {
    static std::atomic<int> counter{0};
    path_ = (std::filesystem::temp_directory_path() /
             ("relais-store-conformance-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + ".db"))
                .string();
    Remove();
  }
  ~TempDatabase() { Remove(); }
  TempDatabase(const TempDatabase&) = delete;
  TempDatabase& operator=(const TempDatabase&) = delete;
  const std::string& path() const { return path_; }

 private:
  void Remove() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  std::string path_;
};

// The stores under test, each made fresh for each case. The file outlives the store that has it open.
struct SqliteStoreUnderTest {
  TempDatabase file;
  SqliteStore store{file.path()};
};
struct MemoryStoreUnderTest {
  MemoryStore store;
};
// A fresh database on the test process's own PostgreSQL server (tests/support/test_postgres.h).
struct PostgresStoreUnderTest {
  PostgresStore store{relais::testing::TestPostgres::Shared().NewDatabase()};
};
using Stores = std::tuple<SqliteStoreUnderTest, MemoryStoreUnderTest, PostgresStoreUnderTest>;

const char* KindName(StoreError::Kind kind) {
  switch (kind) {
    case StoreError::Kind::kNotFound:
      return "not_found";
    case StoreError::Kind::kConflict:
      return "conflict";
    case StoreError::Kind::kInsufficientStock:
      return "insufficient_stock";
    case StoreError::Kind::kKeyReused:
      return "key_reused";
    case StoreError::Kind::kInvalid:
      return "invalid";
    case StoreError::Kind::kSlotFull:
      return "slot_full";
    case StoreError::Kind::kRangeExhausted:
      return "range_exhausted";
  }
  return "?";
}

// "ok", or the refusal's kind and the field it names ("not_found movements[1].sku"): one comparison says
// both, and a failure prints what came instead.
template <class T>
std::string Outcome(const StoreResult<T>& result) {
  if (result.ok()) return "ok";
  std::string text = KindName(result.error().kind);
  if (!result.error().field.empty()) text += " " + result.error().field;
  return text;
}

// A (sku, site)'s figures as "on_hand/reserved/in_transit", "none" when it has none.
std::string Figures(Store& store, const std::string& sku, const std::string& site, const std::string& brand = "b1") {
  const std::vector<SiteStock> stock = store.StockOf(brand, sku, site);
  if (stock.empty()) return "none";
  const StockLevel& l = stock.at(0).level;
  return std::to_string(l.on_hand) + "/" + std::to_string(l.reserved) + "/" + std::to_string(l.in_transit);
}

size_t LedgerSize(Store& store, const std::string& sku, const std::string& site) {
  return store.History("b1", sku, site, 1'000'000, 0).size();
}

Movement Move(MovementKind kind, const std::string& sku, const std::string& site, int64_t quantity,
              const std::string& to_site = "", const std::string& reference = "") {
  return {kind, sku, site, quantity, to_site, reference};
}

// Brand b1 with sites s1, s2 (zones z1, z2), s3 (z1) and products a, b; brand b2 with its own s1 and a.
void Seed(Store& store) {
  store.PutBrand({"b1", "Brand One", "key-hash-1", json::object()});
  store.PutBrand({"b2", "Brand Two", "key-hash-2", json::object()});
  for (const auto& [id, zone] :
       std::vector<std::pair<std::string, std::string>>{{"s1", "z1"}, {"s2", "z2"}, {"s3", "z1"}}) {
    store.PutSite("b1", {id, "store", "Site " + id, zone, json::object(), json::object(), 0});
  }
  store.PutSite("b2", {"s1", "warehouse", "Other brand's s1", "z9", json::object(), json::object(), 0});
  for (const char* sku : {"a", "b"}) {
    store.PutProduct("b1",
                     {sku, std::string("Product ") + sku, "grocery/dairy", "chilled", 500, {10, 10, 10}, 250, ""});
  }
  store.PutProduct("b2", {"a", "Other brand's a", "grocery/dairy", "chilled", 500, {10, 10, 10}, 250, ""});
}

OrderLine Line(const std::string& sku, int64_t quantity, const std::string& site) {
  OrderLine line;
  line.sku = sku;
  line.quantity = quantity;
  line.site = site;
  line.mode = DeliveryMode::kClickCollect;
  line.destination = {{"site", site}};
  line.unit_price_cents = 100;
  return line;
}

Order MakeOrder(const std::string& id, const std::string& created_at, std::vector<OrderLine> lines = {},
                const std::string& customer = "c1") {
  Order o;
  o.id = id;
  o.customer_id = customer;
  o.created_at = created_at;
  o.lines = std::move(lines);
  for (const OrderLine& l : o.lines) o.total_cents += l.quantity * l.unit_price_cents;
  return o;
}

NewOrder Placing(const Order& order, const std::string& key, const std::string& hash = "hash") {
  NewOrder n;
  n.order = order;
  n.idempotency_key = key;
  n.request_sha256 = hash;
  n.actor = "merchant";
  return n;
}

// Creates an order that must be accepted, and returns it as the store keeps it (with its version).
Order Place(Store& store, const NewOrder& n) {
  bool replayed = true;
  const StoreResult<Order> created = store.CreateOrder("b1", n, &replayed);
  BOOST_REQUIRE_MESSAGE(created.ok(), "CreateOrder " + n.order.id + ": " + Outcome(created));
  BOOST_REQUIRE(!replayed);
  std::optional<Order> stored = store.GetOrder("b1", n.order.id);
  BOOST_REQUIRE(stored);
  return *stored;
}

// A parent "<id>" served by s1 and s2, and its children "<id>-1" (s1) and "<id>-2" (s2), one unit of a at
// each; the stock must be there.
Order PlaceFamily(Store& store, const std::string& id, const std::string& created_at) {
  Order parent = MakeOrder(id, created_at, {Line("a", 1, "s1"), Line("a", 1, "s2")});
  NewOrder n = Placing(parent, "key-" + id);
  for (const std::string& site : std::vector<std::string>{"s1", "s2"}) {
    Order child = MakeOrder(id + "-" + site.substr(1), created_at, {Line("a", 1, site)});
    child.parent_id = id;
    child.site = site;
    n.children.push_back(child);
    n.order.children.push_back({child.id, site, OrderStatus::kPlaced, 100, ""});
  }
  n.order.contact = {{"email", "family@example.org"}};
  return Place(store, n);
}

Notification Message(const std::string& order_id, int64_t shipment, const std::string& trigger,
                     const std::string& channel, int64_t due_ms = 0) {
  Notification n;
  n.brand = "b1";
  n.order_id = order_id;
  n.shipment = shipment;
  n.trigger = trigger;
  n.channel = channel;
  n.recipient = channel == "sms" ? "+33612345678" : "shopper@example.org";
  n.subject = "Your order " + order_id;
  n.body = trigger;
  n.next_attempt_ms = due_ms;
  return n;
}

// The order as read, moved to `status`: what orders/ hands down after deciding a step.
Order Becoming(Store& store, const std::string& id, OrderStatus status) {
  std::optional<Order> o = store.GetOrder("b1", id);
  BOOST_REQUIRE(o);
  o->status = status;
  return *o;
}

OrderEventDraft Event(const std::string& order_id, const std::string& kind, const Actor& actor = {"system", ""}) {
  return {order_id, kind, {{"note", kind}}, actor};
}

std::vector<std::string> IdsOf(const std::vector<Order>& orders) {
  std::vector<std::string> ids;
  for (const Order& o : orders) ids.push_back(o.id);
  return ids;
}

using Ids = std::vector<std::string>;

}  // namespace

BOOST_AUTO_TEST_CASE_TEMPLATE(brands_sites_products_and_staff_tokens_are_put_read_and_listed, T, Stores) {
  T t;
  Store& s = t.store;
  BOOST_TEST(s.Ready());
  const std::string secret = s.ServerSecret("tracking");
  BOOST_TEST(secret.size() == 64u);
  BOOST_TEST(secret.find_first_not_of("0123456789abcdef") == std::string::npos);
  BOOST_TEST(s.ServerSecret("tracking") == secret);
  BOOST_TEST(s.ServerSecret("other") != secret);

  s.PutBrand({"b1", "Brand One", "key-hash-1", {{"from", "file"}}});
  BOOST_TEST(s.GetBrand("b1")->name == "Brand One");
  BOOST_TEST(s.BrandByKeyHash("key-hash-1")->id == "b1");
  BOOST_TEST(!s.BrandByKeyHash("key-hash-2"));
  BOOST_TEST(!s.GetBrand("b2"));
  // Settings put through the API survive a restart with the same file; an edited file wins.
  BOOST_TEST(s.PutBrandSettings("b1", {{"from", "api"}}));
  BOOST_TEST(!s.PutBrandSettings("b2", {{"from", "api"}}));
  s.PutBrand({"b1", "Brand One", "key-hash-1", {{"from", "file"}}});
  BOOST_TEST(s.GetBrand("b1")->settings == json({{"from", "api"}}));
  s.PutBrand({"b1", "Renamed", "key-hash-1b", {{"from", "edited file"}}});
  BOOST_TEST(s.GetBrand("b1")->settings == json({{"from", "edited file"}}));
  BOOST_TEST(s.GetBrand("b1")->name == "Renamed");
  BOOST_TEST(s.BrandByKeyHash("key-hash-1b")->id == "b1");
  BOOST_TEST(!s.BrandByKeyHash("key-hash-1"));

  s.PutBrand({"b2", "Brand Two", "key-hash-2", json::object()});
  s.PutSite("b1", {"s2", "warehouse", "North", "z2", {{"lat", 48.9}}, {{"home", {{"cost_cents", 590}}}}, 120});
  s.PutSite("b1", {"s1", "store", "Centre", "z1", json::object(), json::object(), 0});
  s.PutSite("b2", {"s0", "store", "Elsewhere", "z9", json::object(), json::object(), 0});
  s.PutSite("b1", {"s1", "store", "Centre (renamed)", "z1", json::object(), json::object(), 0});
  std::vector<std::string> sites;
  for (const Site& site : s.ListSites("b1")) sites.push_back(site.id);
  BOOST_TEST(sites == Ids({"s1", "s2"}));
  BOOST_TEST(s.GetSite("b1", "s1")->name == "Centre (renamed)");
  const Site north = *s.GetSite("b1", "s2");
  BOOST_TEST(north.capabilities == json({{"home", {{"cost_cents", 590}}}}));
  BOOST_TEST(north.location == json({{"lat", 48.9}}));
  BOOST_TEST(north.preparation_cents == 120);
  BOOST_TEST(!s.GetSite("b1", "s0"));

  s.PutProduct("b1", {"p-b", "Yogurt", "grocery/dairy", "chilled", 500, {10, 8, 6}, 199, "05201815331227"});
  s.PutProduct("b1", {"p-a", "Milk", "grocery/dairy", "chilled", 1000, {20, 8, 8}, 99, ""});
  s.PutProduct("b1", {"p-c", "Rice", "grocery/dry", "ambient", 1000, {20, 10, 5}, 150, ""});
  s.PutProduct("b2", {"p-z", "Cheese", "grocery/dairy", "chilled", 200, {5, 5, 5}, 450, ""});
  s.PutProduct("b1", {"p-a", "Milk", "grocery/dairy", "chilled", 1000, {20, 8, 8}, 109, ""});
  std::vector<std::string> dairy;
  for (const Product& p : s.ProductsIn("b1", "grocery/dairy", 10)) dairy.push_back(p.sku);
  BOOST_TEST(dairy == Ids({"p-a", "p-b"}));
  BOOST_TEST(s.ProductsIn("b1", "grocery/dairy", 1).size() == 1u);
  // Found by a sku's beginning or a part of the name, case aside; by sku; the brand's own only.
  const auto find = [&](const std::string& text, int64_t limit = 10) {
    std::vector<std::string> skus;
    for (const Product& p : s.FindProducts("b1", text, limit)) skus.push_back(p.sku);
    return skus;
  };
  BOOST_TEST(find("P-") == Ids({"p-a", "p-b", "p-c"}));
  BOOST_TEST(find("p-", 2) == Ids({"p-a", "p-b"}));
  BOOST_TEST(find("RI") == Ids({"p-c"}));
  BOOST_TEST(find("ice").empty());  // Inside a word: not what an agent means.
  BOOST_TEST(find("yog") == Ids({"p-b"}));
  s.PutProduct("b1", {"p-d", "Café moulu Œuvre", "grocery/dry", "ambient", 250, {10, 8, 6}, 590, ""});
  BOOST_TEST(find("cafe") == Ids({"p-d"}));      // Accents aside,
  BOOST_TEST(find("CAFÉ MOU") == Ids({"p-d"}));  // case and accents of the query too, several words.
  BOOST_TEST(find("cafe x").empty());
  BOOST_TEST(find("cheese").empty());
  BOOST_TEST(find("%").empty());  // No pattern: the text as typed.
  BOOST_TEST(find("").empty());
  const Product yogurt = *s.GetProduct("b1", "p-b");
  BOOST_TEST((yogurt.dims_cm == std::array<int64_t, 3>{10, 8, 6}));
  BOOST_TEST(yogurt.weight_g == 500);
  BOOST_TEST(yogurt.gtin == "05201815331227");
  BOOST_TEST(s.GetProduct("b1", "p-a")->gtin.empty());
  BOOST_TEST(s.GetProduct("b1", "p-a")->price_cents == 109);
  BOOST_TEST(!s.GetProduct("b1", "p-z"));

  s.PutStaffToken({"t1", "b1", "s1", "Ann", "token-hash-1", false});
  BOOST_TEST(s.StaffTokenByHash("token-hash-1")->site == "s1");
  BOOST_TEST(!s.StaffTokenByHash("token-hash-1")->revoked);
  BOOST_TEST(s.RevokeStaffToken("b1", "t1"));
  BOOST_TEST(s.StaffTokenByHash("token-hash-1")->revoked);
  BOOST_TEST(!s.RevokeStaffToken("b1", "t9"));
  BOOST_TEST(!s.RevokeStaffToken("b2", "t1"));
  BOOST_TEST(!s.StaffTokenByHash("token-hash-9"));
  // A sales agent of the whole brand: no site, its role kept.
  s.PutStaffToken({"t2", "b1", "", "Dana", "token-hash-2", false, "agent"});
  BOOST_TEST(s.StaffTokenByHash("token-hash-2")->role == "agent");
  BOOST_TEST(s.StaffTokenByHash("token-hash-2")->site == "");
  BOOST_TEST(s.StaffTokenByHash("token-hash-1")->role == "site");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(movements_are_all_or_none_and_refusals_name_the_field, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  using K = MovementKind;
  BOOST_TEST(Outcome(s.PostMovements("b1", {Move(K::kReceipt, "a", "s1", 10), Move(K::kReceipt, "zz", "s1", 1)})) ==
             "not_found movements[1].sku");
  BOOST_TEST(Outcome(s.PostMovements("b1", {Move(K::kReceipt, "a", "nowhere", 1)})) == "not_found site");
  BOOST_TEST(
      Outcome(s.PostMovements("b1", {Move(K::kReceipt, "a", "s1", 10), Move(K::kTransferOut, "a", "s1", 2, "s1")})) ==
      "invalid movements[1].to_site");
  BOOST_TEST(Outcome(s.PostMovements("b1", {Move(K::kTransferOut, "a", "s1", 1, "s9")})) == "not_found to_site");
  BOOST_TEST(Outcome(s.PostMovements("b1", {Move(K::kReceipt, "a", "s1", 10), Move(K::kReservation, "a", "s1", 11)})) ==
             "insufficient_stock movements[1].quantity");
  BOOST_TEST(Outcome(s.PostMovements("b2", {Move(K::kReceipt, "b", "s1", 1)})) == "not_found sku");  // b1's sku.
  // Every refused batch above began with a receipt that would have been accepted alone.
  BOOST_TEST(Figures(s, "a", "s1") == "none");
  BOOST_TEST(LedgerSize(s, "a", "s1") == 0u);

  const StoreResult<std::vector<LedgerEntry>> posted =
      s.PostMovements("b1", {Move(K::kReceipt, "a", "s1", 10), Move(K::kReservation, "a", "s1", 4, "", "order o1"),
                             Move(K::kTransferOut, "a", "s1", 3, "s2")});
  BOOST_REQUIRE(posted.ok());
  // The transfer is two rows: out of s1, and in transit at s2.
  BOOST_REQUIRE(posted->size() == 4u);
  BOOST_TEST(posted->at(3).site == "s2");
  BOOST_TEST(MovementKindName(posted->at(3).kind) == "in_transit");
  BOOST_TEST(posted->at(3).delta.in_transit == 3);
  for (size_t i = 1; i < posted->size(); ++i) BOOST_TEST(posted->at(i).id > posted->at(i - 1).id);
  BOOST_TEST(Figures(s, "a", "s1") == "7/4/0");
  BOOST_TEST(Figures(s, "a", "s2") == "0/0/3");
  BOOST_TEST(Figures(s, "a", "s3") == "none");
  const std::vector<SiteStock> everywhere = s.StockOf("b1", "a");
  BOOST_REQUIRE(everywhere.size() == 2u);
  BOOST_TEST(everywhere[0].site == "s1");
  BOOST_TEST(everywhere[0].zone == "z1");
  BOOST_TEST(everywhere[1].site == "s2");
  BOOST_TEST(everywhere[1].zone == "z2");
  BOOST_TEST(s.StockOf("b2", "a").empty());

  // History: newest first, paged by id.
  const std::vector<LedgerEntry> newest = s.History("b1", "a", "s1", 2, 0);
  BOOST_REQUIRE(newest.size() == 2u);
  BOOST_TEST(MovementKindName(newest[0].kind) == "transfer_out");
  BOOST_TEST(MovementKindName(newest[1].kind) == "reservation");
  BOOST_TEST(newest[1].reference == "order o1");
  const std::vector<LedgerEntry> older = s.History("b1", "a", "s1", 10, newest[1].id);
  BOOST_REQUIRE(older.size() == 1u);
  BOOST_TEST(MovementKindName(older[0].kind) == "receipt");
  BOOST_TEST(older[0].delta.on_hand == 10);

  // An absolute count records the difference it made.
  const auto counted = s.PostMovements("b1", {Move(K::kInventoryCount, "a", "s1", 5)});
  BOOST_REQUIRE(counted.ok());
  BOOST_TEST(counted->at(0).delta.on_hand == -2);
  BOOST_TEST(Figures(s, "a", "s1") == "5/4/0");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(the_ledger_adds_up_to_the_figures_after_random_movements, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  const std::vector<std::string> skus = {"a", "b"}, sites = {"s1", "s2", "s3"};
  std::mt19937 random(20);
  const auto pick = [&](const std::vector<std::string>& from) { return from[random() % from.size()]; };
  // What the figures must be: MovementDelta over the accepted batches only.
  std::map<std::pair<std::string, std::string>, StockLevel> expected;
  int accepted = 0, refused = 0;
  size_t expected_rows = 0;
  for (int batch = 0; batch < 250; ++batch) {
    std::vector<Movement> movements;
    for (int i = 0, n = 1 + static_cast<int>(random() % 3); i < n; ++i) {
      const auto kind = static_cast<MovementKind>(random() % 12);
      const int64_t q = IsAbsolute(kind) ? static_cast<int64_t>(random() % 9) : 1 + static_cast<int64_t>(random() % 6);
      movements.push_back(
          Move(kind, pick(skus), pick(sites), q, kind == MovementKind::kTransferOut ? pick(sites) : ""));
    }
    std::map<std::pair<std::string, std::string>, StockLevel> after = expected;
    bool ok = true;
    size_t rows = 0;
    for (const Movement& m : movements) {
      std::string refusal;
      const auto d = MovementDelta(m.kind, m.quantity, after[{m.sku, m.site}], &refusal);
      if (!d || (m.kind == MovementKind::kTransferOut && m.to_site == m.site)) {
        ok = false;
        break;
      }
      StockLevel& l = after[{m.sku, m.site}];
      l = {l.on_hand + d->on_hand, l.reserved + d->reserved, l.in_transit + d->in_transit};
      if (m.kind == MovementKind::kTransferOut) after[{m.sku, m.to_site}].in_transit += m.quantity;
      rows += m.kind == MovementKind::kTransferOut ? 2 : 1;
    }
    const StoreResult<std::vector<LedgerEntry>> posted = s.PostMovements("b1", movements);
    BOOST_REQUIRE_MESSAGE(posted.ok() == ok, "batch " << batch << ": " << Outcome(posted));
    if (ok) {
      BOOST_REQUIRE(posted->size() == rows);
      expected = after;
      expected_rows += rows;
      ++accepted;
    } else {
      ++refused;
    }
  }
  BOOST_TEST(accepted > 50);  // Both paths were taken, often.
  BOOST_TEST(refused > 50);
  size_t rows = 0;
  for (const std::string& sku : skus) {
    for (const std::string& site : sites) {
      StockDelta sum;
      for (const LedgerEntry& e : s.History("b1", sku, site, 1'000'000, 0)) {
        sum.on_hand += e.delta.on_hand;
        sum.reserved += e.delta.reserved;
        sum.in_transit += e.delta.in_transit;
        ++rows;
      }
      const std::string from_ledger =
          std::to_string(sum.on_hand) + "/" + std::to_string(sum.reserved) + "/" + std::to_string(sum.in_transit);
      const StockLevel& e = expected[{sku, site}];
      std::string figures = Figures(s, sku, site);
      if (figures == "none") figures = "0/0/0";  // Never moved: no figures, no ledger row.
      BOOST_TEST_CONTEXT(sku << " at " << site) {
        BOOST_TEST(figures == from_ledger);
        BOOST_TEST(figures ==
                   std::to_string(e.on_hand) + "/" + std::to_string(e.reserved) + "/" + std::to_string(e.in_transit));
      }
    }
  }
  BOOST_TEST(rows == expected_rows);  // No refused batch left a row behind.
}

BOOST_AUTO_TEST_CASE_TEMPLATE(an_idempotency_key_makes_one_order_and_one_reservation, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  BOOST_REQUIRE(s.PostMovements("b1", {Move(MovementKind::kReceipt, "a", "s1", 5)}).ok());
  NewOrder first = Placing(MakeOrder("o1", "2026-01-01T10:00:00Z", {Line("a", 2, "s1")}), "k1", "h1");
  first.last_relay = {{"carrier", "mondial-relay"}, {"id", "R1"}};
  bool replayed = true;
  BOOST_TEST(Outcome(s.CreateOrder("b1", first, &replayed)) == "ok");
  BOOST_TEST(!replayed);
  const StoreResult<Order> again = s.CreateOrder("b1", first, &replayed);
  BOOST_REQUIRE(again.ok());
  BOOST_TEST(replayed);
  BOOST_TEST(again->id == "o1");
  BOOST_TEST(Figures(s, "a", "s1") == "5/2/0");  // Reserved once.

  // The same key with another request: refused, whatever order it carries.
  NewOrder other = Placing(MakeOrder("o2", "2026-01-01T10:01:00Z", {Line("a", 1, "s1")}), "k1", "h2");
  BOOST_TEST(Outcome(s.CreateOrder("b1", other, &replayed)) == "key_reused");
  BOOST_TEST(!s.GetOrder("b1", "o2"));
  BOOST_TEST(Figures(s, "a", "s1") == "5/2/0");
  const auto replay = s.ReplayOrder("b1", "k1", "h1");
  BOOST_REQUIRE(replay.ok());
  BOOST_REQUIRE(replay->has_value());
  BOOST_TEST((*replay)->id == "o1");
  BOOST_TEST(Outcome(s.ReplayOrder("b1", "k1", "h2")) == "key_reused");
  const auto unseen = s.ReplayOrder("b1", "k9", "h1");
  BOOST_TEST((unseen.ok() && !unseen->has_value()));
  const auto other_brand = s.ReplayOrder("b2", "k1", "h1");  // Keys are per brand.
  BOOST_TEST((other_brand.ok() && !other_brand->has_value()));

  BOOST_TEST(s.CustomerPreferences("b1", "c1")["last_relay"]["id"] == "R1");
  BOOST_TEST(s.CustomerPreferences("b1", "c2")["last_relay"].is_null());
  const std::vector<OrderEvent> events = s.OrderEvents("b1", "o1");
  BOOST_REQUIRE(events.size() == 1u);
  BOOST_TEST(events[0].kind == "created");
  BOOST_TEST(events[0].actor == "merchant");

  // A line the figures refuse: nothing of the order, and its key stays free for the retry.
  NewOrder short_of = Placing(MakeOrder("o3", "2026-01-01T10:02:00Z", {Line("a", 1, "s1"), Line("a", 3, "s1")}), "k3");
  BOOST_TEST(Outcome(s.CreateOrder("b1", short_of, &replayed)) == "insufficient_stock lines[1].quantity");
  BOOST_TEST(!s.GetOrder("b1", "o3"));
  BOOST_TEST(Figures(s, "a", "s1") == "5/2/0");
  BOOST_TEST(s.OrderEvents("b1", "o3").empty());
  const auto free_key = s.ReplayOrder("b1", "k3", "hash");
  BOOST_TEST((free_key.ok() && !free_key->has_value()));
  BOOST_TEST(Outcome(s.CreateOrder("b1", Placing(MakeOrder("o4", "2026-01-01T10:03:00Z", {Line("zz", 1, "s1")}), "k4"),
                                   &replayed)) == "not_found lines[0].sku");
  BOOST_REQUIRE(s.PostMovements("b1", {Move(MovementKind::kReceipt, "a", "s1", 10)}).ok());
  BOOST_TEST(Outcome(s.CreateOrder("b1", short_of, &replayed)) == "ok");
  BOOST_TEST(!replayed);
  BOOST_TEST(Figures(s, "a", "s1") == "15/6/0");

  // A family: each line is reserved for the child of its site, and the children are orders of their own.
  BOOST_REQUIRE(s.PostMovements("b1", {Move(MovementKind::kReceipt, "a", "s2", 1)}).ok());
  PlaceFamily(s, "p1", "2026-01-01T11:00:00Z");
  BOOST_TEST(s.History("b1", "a", "s1", 1, 0).at(0).reference == "p1-1");
  BOOST_TEST(s.History("b1", "a", "s2", 1, 0).at(0).reference == "p1-2");
  BOOST_TEST(s.GetOrder("b1", "p1-2")->parent_id == "p1");
  BOOST_TEST(s.GetOrder("b1", "p1")->children.size() == 2u);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(concurrent_reservations_take_exactly_the_available, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  constexpr int64_t kAvailable = 37;
  BOOST_REQUIRE(s.PostMovements("b1", {Move(MovementKind::kReceipt, "a", "s1", kAvailable + 5),
                                       Move(MovementKind::kReservation, "a", "s1", 5)})
                    .ok());
  // Half the threads place orders, half post reservations; each asks 1-3 units until one unit is refused.
  std::atomic<int64_t> reserved{0};
  std::atomic<int> unexpected{0};
  std::vector<std::thread> threads;
  for (int thread = 0; thread < 6; ++thread) {
    threads.emplace_back([&, thread] {
      std::mt19937 random(thread);
      for (int n = 0;; ++n) {
        const int64_t q = 1 + static_cast<int64_t>(random() % 3);
        std::string outcome;
        if (thread % 2 == 0) {
          const std::string id = "t" + std::to_string(thread) + "-" + std::to_string(n);
          bool replayed = false;
          outcome =
              Outcome(s.CreateOrder("b1", Placing(MakeOrder(id, "2026-01-01", {Line("a", q, "s1")}), id), &replayed));
        } else {
          outcome = Outcome(s.PostMovements("b1", {Move(MovementKind::kReservation, "a", "s1", q)}));
        }
        if (outcome == "ok") {
          reserved += q;
        } else if (outcome.starts_with("insufficient_stock")) {
          if (q == 1) return;
        } else {
          ++unexpected;
          return;
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  BOOST_TEST(unexpected.load() == 0);
  BOOST_TEST(reserved.load() == kAvailable);
  BOOST_TEST(Figures(s, "a", "s1") == std::to_string(kAvailable + 5) + "/" + std::to_string(kAvailable + 5) + "/0");
}

// Two PostgreSQL nodes taking orders for one product as fast as they can: their groups of orders wait for one
// another rather than collide (PostgresStore::QueueForStock), so none is run again -- without the queue, the
// groups of one node could lose to the other's again and again, up to a 500.
BOOST_AUTO_TEST_CASE(orders_of_two_postgresql_nodes_wait_in_turn_rather_than_collide) {
  const std::string uri = relais::testing::TestPostgres::Shared().NewDatabase();
  PostgresStore node_a(uri);
  PostgresStore node_b(uri);
  Seed(node_a);
  BOOST_REQUIRE(node_a.PostMovements("b1", {Move(MovementKind::kReceipt, "a", "s1", 100000)}).ok());
  std::atomic<int> unexpected{0};
  std::vector<std::thread> shoppers;
  for (int thread = 0; thread < 8; ++thread) {
    shoppers.emplace_back([&, thread] {
      Store& node = thread % 2 == 0 ? static_cast<Store&>(node_a) : node_b;
      for (int n = 0; n < 40; ++n) {
        const std::string id = "t" + std::to_string(thread) + "-" + std::to_string(n);
        bool replayed = false;
        if (Outcome(node.CreateOrder("b1", Placing(MakeOrder(id, "2026-01-01", {Line("a", 1, "s1")}), id),
                                     &replayed)) != "ok") {
          ++unexpected;
        }
      }
    });
  }
  for (std::thread& t : shoppers) t.join();
  BOOST_TEST(unexpected.load() == 0);
  BOOST_TEST(Figures(node_b, "a", "s1") == "100000/320/0");
  BOOST_TEST(node_a.WriteRetries() + node_b.WriteRetries() == 0u);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_commit_over_an_old_version_writes_nothing, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  BOOST_REQUIRE(s.PostMovements("b1", {Move(MovementKind::kReceipt, "a", "s1", 10)}).ok());
  const Order placed = Place(s, Placing(MakeOrder("o1", "2026-01-01T10:00:00Z", {Line("a", 3, "s1")}), "k1"));
  const Order other = Place(s, Placing(MakeOrder("o2", "2026-01-01T10:01:00Z", {Line("a", 1, "s1")}), "k2"));

  OrderCommit preparing;
  preparing.orders = {Becoming(s, "o1", OrderStatus::kPreparing)};
  preparing.events = {Event("o1", "status")};
  preparing.notifications = {Message("o1", 0, "preparing", "email")};
  const StoreResult<std::vector<Order>> written = s.CommitOrders("b1", preparing);
  BOOST_REQUIRE_MESSAGE(written.ok(), Outcome(written));
  BOOST_REQUIRE(written->size() == 1u);
  BOOST_TEST(OrderStatusText(written->at(0).status) == "preparing");
  BOOST_TEST(written->at(0).version > placed.version);
  BOOST_TEST(s.GetOrder("b1", "o1")->version == written->at(0).version);
  BOOST_TEST(OrderStatusText(s.GetOrder("b1", "o1")->status) == "preparing");

  // Another change decided on what was read before `preparing` landed.
  OrderCommit stale;
  Order cancelled = placed;
  cancelled.status = OrderStatus::kCancelled;
  stale.orders = {cancelled};
  stale.movements = {Move(MovementKind::kRelease, "a", "s1", 3, "", "o1")};
  stale.events = {Event("o1", "cancelled")};
  stale.notifications = {Message("o1", 0, "cancelled", "email")};
  stale.parcel_numbers = {{"o1", "PN-STALE"}};
  const size_t ledger = LedgerSize(s, "a", "s1");
  BOOST_TEST(Outcome(s.CommitOrders("b1", stale)) == "conflict");
  BOOST_TEST(OrderStatusText(s.GetOrder("b1", "o1")->status) == "preparing");
  BOOST_TEST(s.GetOrder("b1", "o1")->version == written->at(0).version);
  BOOST_TEST(Figures(s, "a", "s1") == "10/4/0");
  BOOST_TEST(LedgerSize(s, "a", "s1") == ledger);
  BOOST_TEST(s.OrderEvents("b1", "o1").size() == 2u);  // created, status.
  BOOST_TEST(s.OrderNotifications("b1", "o1").size() == 1u);
  BOOST_TEST(s.OrdersByParcelNumber("b1", "PN-STALE", 10).empty());
  BOOST_TEST(s.SearchOrders("b1", "PN-STALE", 10).empty());

  // One stale order among current ones: none of them is written.
  OrderCommit mixed;
  mixed.orders = {Becoming(s, "o1", OrderStatus::kReady), other};
  mixed.orders[1].status = OrderStatus::kPreparing;
  OrderCommit bump;
  bump.orders = {Becoming(s, "o2", OrderStatus::kPlaced)};
  BOOST_REQUIRE(s.CommitOrders("b1", bump).ok());  // o2 moves on after `mixed` read it.
  mixed.events = {Event("o1", "status"), Event("o2", "status")};
  BOOST_TEST(Outcome(s.CommitOrders("b1", mixed)) == "conflict");
  BOOST_TEST(OrderStatusText(s.GetOrder("b1", "o1")->status) == "preparing");
  BOOST_TEST(s.GetOrder("b1", "o1")->version == written->at(0).version);
  BOOST_TEST(OrderStatusText(s.GetOrder("b1", "o2")->status) == "placed");
  BOOST_TEST(s.OrderEvents("b1", "o2").size() == 1u);

  // An order that is not there is no write either.
  OrderCommit ghost;
  ghost.orders = {MakeOrder("o9", "2026-01-01")};
  ghost.events = {Event("o9", "status")};
  BOOST_TEST(!s.CommitOrders("b1", ghost).ok());
  BOOST_TEST(!s.GetOrder("b1", "o9"));
  BOOST_TEST(s.OrderEvents("b1", "o9").empty());

  // Read again, applied again: accepted, the versions of both orders bumped, in the commit's order.
  OrderCommit retried;
  retried.orders = {Becoming(s, "o2", OrderStatus::kPreparing), Becoming(s, "o1", OrderStatus::kReady)};
  const auto both = s.CommitOrders("b1", retried);
  BOOST_REQUIRE(both.ok());
  BOOST_TEST(IdsOf(*both) == Ids({"o2", "o1"}));
  BOOST_TEST(both->at(0).version > retried.orders[0].version);
  BOOST_TEST(both->at(1).version > retried.orders[1].version);
  BOOST_TEST(s.GetOrder("b1", "o2")->version == both->at(0).version);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_refused_movement_refuses_the_whole_commit, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  BOOST_REQUIRE(s.PostMovements("b1", {Move(MovementKind::kReceipt, "a", "s1", 5)}).ok());
  const Order placed = Place(s, Placing(MakeOrder("o1", "2026-01-01T10:00:00Z", {Line("a", 2, "s1")}), "k1"));
  const size_t ledger = LedgerSize(s, "a", "s1");

  OrderCommit shipped;
  shipped.orders = {Becoming(s, "o1", OrderStatus::kShipped)};
  shipped.movements = {Move(MovementKind::kWebSale, "a", "s1", 2, "", "o1"),
                       Move(MovementKind::kWebSale, "a", "s1", 1, "", "o1")};  // Only 2 were reserved.
  shipped.events = {Event("o1", "status")};
  shipped.notifications = {Message("o1", 0, "shipped", "email")};
  shipped.parcel_numbers = {{"o1", "PN-1"}};
  BOOST_TEST(Outcome(s.CommitOrders("b1", shipped)) == "insufficient_stock lines[1].quantity");
  shipped.movements_field = "answer";
  BOOST_TEST(Outcome(s.CommitOrders("b1", shipped)) == "insufficient_stock answer[1].quantity");
  shipped.movements[1].site = "s9";
  BOOST_TEST(Outcome(s.CommitOrders("b1", shipped)) == "not_found answer[1].site");
  BOOST_TEST(OrderStatusText(s.GetOrder("b1", "o1")->status) == "placed");
  BOOST_TEST(s.GetOrder("b1", "o1")->version == placed.version);
  BOOST_TEST(Figures(s, "a", "s1") == "5/2/0");
  BOOST_TEST(LedgerSize(s, "a", "s1") == ledger);
  BOOST_TEST(s.OrderEvents("b1", "o1").size() == 1u);
  BOOST_TEST(s.OrderNotifications("b1", "o1").empty());
  BOOST_TEST(s.OrdersByParcelNumber("b1", "PN-1", 10).empty());

  shipped.movements.pop_back();
  const auto written = s.CommitOrders("b1", shipped);
  BOOST_REQUIRE_MESSAGE(written.ok(), Outcome(written));
  BOOST_TEST(Figures(s, "a", "s1") == "3/0/0");
  BOOST_TEST(s.History("b1", "a", "s1", 1, 0).at(0).reference == "o1");
  BOOST_TEST(OrderStatusText(s.GetOrder("b1", "o1")->status) == "shipped");
  BOOST_TEST(s.OrderNotifications("b1", "o1").size() == 1u);
  BOOST_TEST(IdsOf(s.OrdersByParcelNumber("b1", "PN-1", 10)) == Ids({"o1"}));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_commit_lands_its_events_notifications_once_and_parcel_numbers, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  BOOST_REQUIRE(
      s.PostMovements("b1", {Move(MovementKind::kReceipt, "a", "s1", 5), Move(MovementKind::kReceipt, "a", "s2", 5)})
          .ok());
  // Neither "ordX1-9" ("_" is any character to SQL's LIKE) nor "ord_100" is a child of "ord_1".
  PlaceFamily(s, "ord_1", "2026-01-01T10:00:00Z");
  Place(s, Placing(MakeOrder("ordX1-9", "2026-01-01T10:01:00Z", {Line("a", 1, "s1")}), "k-x"));
  Place(s, Placing(MakeOrder("ord_100", "2026-01-01T10:02:00Z"), "k-10"));

  OrderCommit ready;
  ready.orders = {Becoming(s, "ord_1-1", OrderStatus::kReady)};
  ready.events = {Event("ord_1-1", "step", {"staff:t1 Ann", "shopper called"})};
  ready.notifications = {Message("ord_1-1", 1, "ready_for_pickup", "email"),
                         Message("ord_1-1", 1, "ready_for_pickup", "email"),  // Twice in one commit: once.
                         Message("ord_1-1", 1, "ready_for_pickup", "sms"),
                         Message("ord_1-1", 2, "ready_for_pickup", "email")};
  ready.parcel_numbers = {{"ord_1-1", "6a12345"}};
  BOOST_REQUIRE(s.CommitOrders("b1", ready).ok());
  OrderCommit foreign;
  foreign.orders = {Becoming(s, "ordX1-9", OrderStatus::kReady), Becoming(s, "ord_100", OrderStatus::kReady)};
  foreign.events = {Event("ordX1-9", "step"), Event("ord_100", "step")};
  foreign.notifications = {Message("ordX1-9", 1, "ready_for_pickup", "email"),
                           Message("ord_100", 1, "ready_for_pickup", "email")};
  BOOST_REQUIRE(s.CommitOrders("b1", foreign).ok());
  // The same step replayed (a webhook sent twice): the same messages are not queued again.
  OrderCommit replayed = ready;
  replayed.orders = {Becoming(s, "ord_1-1", OrderStatus::kReady)};
  BOOST_REQUIRE(s.CommitOrders("b1", replayed).ok());

  const std::vector<Notification> queued = s.OrderNotifications("b1", "ord_1");
  BOOST_REQUIRE(queued.size() == 3u);
  for (size_t i = 0; i < queued.size(); ++i) {
    BOOST_TEST(queued[i].order_id == "ord_1-1");
    BOOST_TEST(queued[i].status == "pending");
    BOOST_TEST(queued[i].attempts == 0);
    if (i > 0) BOOST_TEST(queued[i].id > queued[i - 1].id);  // Oldest first.
  }
  BOOST_TEST(queued[1].channel == "sms");
  BOOST_TEST(queued[1].recipient == "+33612345678");
  BOOST_TEST(queued[2].shipment == 2);
  BOOST_TEST(s.OrderNotifications("b1", "ord_1-1").size() == 3u);
  BOOST_TEST(s.OrderNotifications("b1", "ord_1-2").empty());
  BOOST_TEST(s.OrderNotifications("b2", "ord_1").empty());

  const std::vector<OrderEvent> events = s.OrderEvents("b1", "ord_1");
  std::vector<std::string> kinds;
  for (const OrderEvent& e : events) kinds.push_back(e.order_id + " " + e.kind);
  BOOST_TEST(kinds == Ids({"ord_1 created", "ord_1-1 step", "ord_1-1 step"}));
  BOOST_TEST(events[1].actor == "staff:t1 Ann");
  BOOST_TEST(events[1].reason == "shopper called");
  BOOST_TEST(events[1].details == json({{"note", "step"}}));
  BOOST_TEST(!events[1].at.empty());
  BOOST_TEST(events[2].seq > events[1].seq);
  BOOST_TEST(s.OrderEvents("b1", "ord_1-2").empty());

  // The parcel number finds its order in any case, and makes it one to ask the carrier about.
  BOOST_TEST(IdsOf(s.OrdersByParcelNumber("b1", "6A12345", 10)) == Ids({"ord_1-1"}));
  BOOST_TEST(IdsOf(s.OrdersByParcelNumber("b1", "6a12345", 10)) == Ids({"ord_1-1"}));
  BOOST_TEST(s.OrdersByParcelNumber("b2", "6A12345", 10).empty());
  BOOST_TEST(IdsOf(s.OrdersWithParcels("b1", 10)) == Ids({"ord_1-1"}));
  OrderCommit collected;
  collected.orders = {Becoming(s, "ord_1-1", OrderStatus::kCollected)};
  BOOST_REQUIRE(s.CommitOrders("b1", collected).ok());
  BOOST_TEST(s.OrdersWithParcels("b1", 10).empty());  // It reached the shopper.
}

LabelClaim Claim(const std::string& order_id, int64_t shipment, int64_t parcels, std::vector<SerialBlock> blocks) {
  LabelClaim c;
  c.order_id = order_id;
  c.shipment = shipment;
  c.parcels = parcels;
  c.carrier = "colissimo";
  c.account = "main";
  c.blocks = std::move(blocks);
  c.number_of = [](size_t block, uint64_t serial) {
    return "N" + std::to_string(block) + "-" + std::to_string(serial);
  };
  c.actor = {"staff:t1 Ann", ""};
  return c;
}

std::vector<std::string> NumbersOf(const StoreResult<std::vector<ParcelLabel>>& r) {
  std::vector<std::string> numbers;
  if (r.ok()) {
    for (const ParcelLabel& l : r.value()) numbers.push_back(l.number);
  }
  return numbers;
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_parcel_keeps_its_number_and_blocks_are_used_in_order_then_refused, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  Place(s, Placing(MakeOrder("o1", "2026-01-01T10:00:00Z"), "k1"));
  Place(s, Placing(MakeOrder("o2", "2026-01-01T10:01:00Z"), "k2"));
  const std::vector<SerialBlock> blocks = {{"small", 7, 8}, {"next", 100, 101}};
  bool allocated = false;
  BOOST_TEST(NumbersOf(s.LabelShipment("b1", Claim("o1", 0, 1, blocks), &allocated)) == Ids({"N0-7"}));
  BOOST_TEST(allocated);
  // Labelled again (a reprint): the same number, nothing taken, no second event.
  BOOST_TEST(NumbersOf(s.LabelShipment("b1", Claim("o1", 0, 1, blocks), &allocated)) == Ids({"N0-7"}));
  BOOST_TEST(!allocated);
  // Two parcels: the first block's last serial, then the next block.
  BOOST_TEST(NumbersOf(s.LabelShipment("b1", Claim("o1", 1, 2, blocks), &allocated)) == Ids({"N0-8", "N1-100"}));
  BOOST_TEST(s.SerialsGiven("b1", "small") == 2u);
  BOOST_TEST(s.SerialsGiven("b1", "next") == 1u);
  BOOST_TEST(s.SerialsGiven("b2", "next") == 0u);
  // Two parcels when one serial is left: refused whole, the serial still there.
  const auto refused = s.LabelShipment("b1", Claim("o2", 0, 2, blocks), &allocated);
  BOOST_TEST(Outcome(refused) == "range_exhausted carrier");
  BOOST_TEST(!allocated);
  BOOST_TEST(s.SerialsGiven("b1", "next") == 1u);
  BOOST_TEST(NumbersOf(s.LabelShipment("b1", Claim("o2", 0, 1, blocks), &allocated)) == Ids({"N1-101"}));
  BOOST_TEST(Outcome(s.LabelShipment("b1", Claim("o2", 1, 1, blocks), &allocated)) == "range_exhausted carrier");
  BOOST_TEST(Outcome(s.LabelShipment("b1", Claim("nope", 0, 1, blocks), &allocated)) == "not_found order_id");

  const std::vector<ParcelLabel> labels = s.OrderLabels("b1", "o1");
  BOOST_REQUIRE(labels.size() == 3u);
  BOOST_TEST(labels[2].shipment == 1);
  BOOST_TEST(labels[2].parcel == 1);
  BOOST_TEST(labels[2].block == "next");
  BOOST_TEST(labels[2].serial == 100u);
  BOOST_TEST(labels[2].carrier == "colissimo");
  BOOST_TEST(!labels[2].created_at.empty());
  // The numbers find their order; the events say what was labelled, once.
  BOOST_TEST(IdsOf(s.OrdersByParcelNumber("b1", "n1-100", 10)) == Ids({"o1"}));
  std::vector<std::string> labelled;
  for (const OrderEvent& e : s.OrderEvents("b1", "o1")) {
    if (e.kind == "labelled") labelled.push_back(e.details.dump());
  }
  BOOST_TEST(labelled ==
             Ids({R"({"parcels":["N0-7"],"shipment":0})", R"({"parcels":["N0-8","N1-100"],"shipment":1})"}));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(concurrent_labels_get_distinct_numbers, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  for (int i = 0; i < 16; ++i) {
    Place(s, Placing(MakeOrder("o" + std::to_string(i), "2026-01-01T10:00:00Z"), "k" + std::to_string(i)));
  }
  const std::vector<SerialBlock> blocks = {{"b", 1, 60}};
  std::mutex mutex;
  std::vector<std::string> numbers;
  std::atomic<int> exhausted{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 64; ++i) {  // 16 orders x 4 shipments, each labelled twice at once: 64 parcels, 60 serials.
    threads.emplace_back([&, i] {
      bool allocated = false;
      const auto r = s.LabelShipment("b1", Claim("o" + std::to_string(i % 16), i / 16, 1, blocks), &allocated);
      const auto again = s.LabelShipment("b1", Claim("o" + std::to_string(i % 16), i / 16, 1, blocks), &allocated);
      const std::lock_guard<std::mutex> lock(mutex);
      if (!r.ok()) {
        ++exhausted;
        return;
      }
      BOOST_TEST(NumbersOf(again) == NumbersOf(r));
      numbers.push_back(r.value()[0].number);
    });
  }
  for (std::thread& thread : threads) thread.join();
  BOOST_TEST(numbers.size() == 60u);
  BOOST_TEST(exhausted == 4);
  BOOST_TEST(std::set<std::string>(numbers.begin(), numbers.end()).size() == 60u);
  BOOST_TEST(s.SerialsGiven("b1", "b") == 60u);
}

// The day's first colissimo manifest of site s1, with o1's parcel.
Manifest FirstManifest() {
  Manifest m;
  m.id = "s1-colissimo-20260101-1";
  m.site = "s1";
  m.carrier = "colissimo";
  m.day = "2026-01-01";
  m.parcels = {{"o1", 0, 0, "N0-1", "o1", "Ann", "FR-1 Tabac", "relay", 450, 1}};
  return m;
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_manifest_lands_with_its_orders_and_takes_each_parcel_once, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  Place(s, Placing(MakeOrder("o1", "2026-01-01T10:00:00Z"), "k1"));
  Place(s, Placing(MakeOrder("o2", "2026-01-01T10:01:00Z"), "k2"));
  bool allocated = false;
  for (const char* id : {"o1", "o2"}) {
    LabelClaim claim = Claim(id, 0, 1, {{"b", 1, 10}});
    claim.site = "s1";
    BOOST_REQUIRE(s.LabelShipment("b1", claim, &allocated).ok());
  }
  LabelClaim elsewhere = Claim("o2", 1, 1, {{"b", 1, 10}});
  elsewhere.site = "s2";
  BOOST_REQUIRE(s.LabelShipment("b1", elsewhere, &allocated).ok());
  std::vector<std::string> numbers;
  for (const ParcelLabel& l : s.LabelsToHandOver("b1", "s1", "colissimo", 10)) numbers.push_back(l.number);
  BOOST_TEST(numbers == Ids({"N0-1", "N0-2"}));  // In the order they were made; s2's is s2's.
  BOOST_TEST(s.LabelsToHandOver("b1", "s1", "dpd", 10).empty());

  const Manifest m = FirstManifest();
  OrderCommit commit;
  commit.orders = {Becoming(s, "o1", OrderStatus::kShipped)};
  commit.manifest = m;
  BOOST_REQUIRE(s.CommitOrders("b1", commit).ok());
  BOOST_TEST((s.GetManifest("b1", m.id) == std::optional<Manifest>(m)));
  BOOST_TEST(!s.GetManifest("b2", m.id));
  BOOST_TEST(s.ManifestsOf("b1", "s1", "2026-01-01").size() == 1u);
  BOOST_TEST(s.ManifestsOf("b1", "s1", "2026-01-02").empty());
  numbers.clear();
  for (const ParcelLabel& l : s.LabelsToHandOver("b1", "s1", "colissimo", 10)) numbers.push_back(l.number);
  BOOST_TEST(numbers == Ids({"N0-2"}));

  // The same parcel on a second manifest, or the same id again: refused whole (the order keeps its version).
  Manifest again = m;
  again.id = "s1-colissimo-20260101-2";
  OrderCommit twice;
  twice.orders = {Becoming(s, "o2", OrderStatus::kShipped)};
  twice.manifest = again;
  BOOST_TEST(Outcome(s.CommitOrders("b1", twice)) == "conflict parcels");
  twice.manifest->parcels = {{"o2", 0, 0, "N0-2", "o2", "Bob", "FR-1 Tabac", "relay", 450, 1}};
  twice.manifest->id = m.id;
  BOOST_TEST(Outcome(s.CommitOrders("b1", twice)) == "conflict id");
  BOOST_TEST((s.GetOrder("b1", "o2")->status == OrderStatus::kPlaced));
  twice.manifest->id = again.id;
  BOOST_TEST(s.CommitOrders("b1", twice).ok());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_pickup_request_lands_with_its_manifest_and_is_sent_once_per_lease, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  Place(s, Placing(MakeOrder("o1", "2026-01-01T10:00:00Z"), "k1"));
  Place(s, Placing(MakeOrder("o2", "2026-01-01T10:01:00Z"), "k2"));
  const Manifest m = FirstManifest();
  PickupRequest asked;
  asked.manifest_id = m.id;
  asked.carrier = "colissimo";
  asked.account = "C1";
  asked.channel = "email";
  asked.next_attempt_ms = 1000;
  // Refused with its manifest (the parcel is listed twice): no request either.
  OrderCommit refused;
  refused.orders = {Becoming(s, "o1", OrderStatus::kShipped)};
  refused.manifest = m;
  refused.manifest->parcels.push_back(m.parcels[0]);
  refused.pickup = asked;
  BOOST_TEST(Outcome(s.CommitOrders("b1", refused)) == "conflict parcels");
  BOOST_TEST(!s.PickupRequestOf("b1", m.id));
  BOOST_TEST(s.ClaimPickupRequests(5000, 60000, 10).empty());

  OrderCommit commit;
  commit.orders = {Becoming(s, "o1", OrderStatus::kShipped)};
  commit.manifest = m;
  commit.pickup = asked;
  BOOST_REQUIRE(s.CommitOrders("b1", commit).ok());
  const std::optional<PickupRequest> stored = s.PickupRequestOf("b1", m.id);
  BOOST_REQUIRE(stored);
  BOOST_TEST(stored->status == "pending");
  BOOST_TEST(stored->channel == "email");
  BOOST_TEST(stored->carrier == "colissimo");
  BOOST_TEST(!s.PickupRequestOf("b2", m.id));
  BOOST_TEST(!s.RequestPickupAgain("b1", m.id, 2000));  // Pending already.

  BOOST_TEST(s.ClaimPickupRequests(999, 60000, 10).empty());  // Not due yet.
  const std::vector<PickupRequest> due = s.ClaimPickupRequests(1000, 60000, 10);
  BOOST_REQUIRE(due.size() == 1u);
  BOOST_TEST(due[0].brand == "b1");
  BOOST_TEST(s.ClaimPickupRequests(2000, 60000, 10).empty());  // Leased.
  s.FinishPickupRequest(due[0].id, false, "smtp: connection refused", 3000, "");
  BOOST_TEST(s.PickupRequestOf("b1", m.id)->last_error == "smtp: connection refused");
  BOOST_TEST(s.PickupRequestOf("b1", m.id)->attempts == 1);
  BOOST_REQUIRE(s.ClaimPickupRequests(3000, 60000, 10).size() == 1u);
  s.FinishPickupRequest(due[0].id, true, "", 0, "PU-77");
  const PickupRequest sent = *s.PickupRequestOf("b1", m.id);
  BOOST_TEST(sent.status == "sent");
  BOOST_TEST(sent.reference == "PU-77");
  BOOST_TEST(sent.attempts == 2);
  BOOST_TEST(!sent.sent_at.empty());
  BOOST_TEST(s.ClaimPickupRequests(1'000'000, 60000, 10).empty());

  // Asked again: pending at once, counted afresh; given up after a failure without retry.
  BOOST_TEST(s.RequestPickupAgain("b1", m.id, 5000));
  BOOST_TEST(s.PickupRequestOf("b1", m.id)->attempts == 0);
  BOOST_REQUIRE(s.ClaimPickupRequests(5000, 60000, 10).size() == 1u);
  s.FinishPickupRequest(due[0].id, false, "the carrier answered 400", 0, "");
  BOOST_TEST(s.PickupRequestOf("b1", m.id)->status == "failed");
  BOOST_TEST(!s.RequestPickupAgain("b1", "nope", 6000));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_return_is_written_once_per_version_with_its_restock_and_one_refund, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  Place(s, Placing(MakeOrder("o1", "2026-01-01T10:00:00Z"), "k1"));
  ReturnRequest r;
  r.id = "RAAAA000001";
  r.order_id = "o1";
  r.customer_id = "c1";
  r.reason = "too_small";
  r.lines = {{0, "a", 1, 1200, 0, 0}};
  OrderCommit create;
  create.returns = {r};
  BOOST_REQUIRE(s.CommitOrders("b1", create).ok());
  BOOST_TEST(Outcome(s.CommitOrders("b1", create)) == "conflict id");  // The same number twice.
  std::optional<ReturnRequest> stored = s.GetReturn("b1", r.id);
  BOOST_REQUIRE(stored);
  BOOST_TEST(stored->version == 1);
  BOOST_TEST(stored->lines == r.lines);
  BOOST_TEST(!stored->created_at.empty());
  BOOST_TEST(!s.GetReturn("b2", r.id));
  // In the order they were made, whatever their numbers (made in the same second, priced in that order).
  ReturnRequest second = r;
  second.id = "RAAAA000000";
  OrderCommit another;
  another.returns = {second};
  BOOST_REQUIRE(s.CommitOrders("b1", another).ok());
  const std::vector<ReturnRequest> both = s.OrderReturns("b1", "o1");
  BOOST_REQUIRE(both.size() == 2u);
  BOOST_TEST(both[0].id == r.id);
  BOOST_TEST(both[1].id == second.id);
  BOOST_TEST(s.OrderReturns("b1", "o2").empty());

  // Received and restocked in one commit; the same receipt over the old version restocks nothing.
  ReturnRequest received = *stored;
  received.status = "received";
  received.received_site = "s1";
  OrderCommit receipt;
  receipt.returns = {received};
  receipt.movements = {{MovementKind::kReturnToStock, "a", "s1", 1, "", r.id}};
  BOOST_REQUIRE(s.PostMovements("b1", {Move(MovementKind::kReceipt, "a", "s1", 5)}).ok());
  const std::string before = Figures(s, "a", "s1");
  BOOST_REQUIRE(s.CommitOrders("b1", receipt).ok());
  BOOST_TEST(Outcome(s.CommitOrders("b1", receipt)) == "conflict");
  BOOST_TEST(before == "5/0/0");
  BOOST_TEST(Figures(s, "a", "s1") == "6/0/0");
  stored = s.GetReturn("b1", r.id);
  BOOST_TEST(stored->version == 2);
  BOOST_TEST(stored->status == "received");

  // One refund per return, claimed once per lease, finished once.
  RefundPayment pay;
  pay.return_id = r.id;
  pay.order_id = "o1";
  pay.amount_cents = 1200;
  pay.next_attempt_ms = 1000;
  OrderCommit validate;
  validate.returns = {*stored};
  validate.refund_payment = pay;
  BOOST_REQUIRE(s.CommitOrders("b1", validate).ok());
  validate.returns = {*s.GetReturn("b1", r.id)};
  BOOST_TEST(Outcome(s.CommitOrders("b1", validate)) == "conflict refund_payment");
  BOOST_TEST(s.GetReturn("b1", r.id)->version == 3);  // The refused commit wrote nothing.
  BOOST_TEST(s.ClaimRefundPayments(999, 60000, 10).empty());
  const std::vector<RefundPayment> due = s.ClaimRefundPayments(1000, 60000, 10);
  BOOST_REQUIRE(due.size() == 1u);
  BOOST_TEST(due[0].brand == "b1");
  BOOST_TEST(due[0].amount_cents == 1200);
  BOOST_TEST(s.ClaimRefundPayments(2000, 60000, 10).empty());  // Leased.
  s.FinishRefundPayment(due[0].id, "pending", "timed out", 3000, "");
  BOOST_TEST(s.RefundPaymentOf("b1", r.id)->attempts == 1);
  BOOST_TEST(s.RefundPaymentOf("b1", r.id)->last_error == "timed out");
  BOOST_REQUIRE(s.ClaimRefundPayments(3000, 60000, 10).size() == 1u);
  s.FinishRefundPayment(due[0].id, "succeeded", "", 0, "re_1");
  s.FinishRefundPayment(due[0].id, "failed", "late answer", 0, "");  // Finished already: ignored.
  const RefundPayment paid = *s.RefundPaymentOf("b1", r.id);
  BOOST_TEST(paid.status == "succeeded");
  BOOST_TEST(paid.reference == "re_1");
  BOOST_TEST(paid.attempts == 2);
  BOOST_TEST(!paid.finished_at.empty());
  BOOST_TEST(s.ClaimRefundPayments(1'000'000, 60000, 10).empty());
  BOOST_TEST(!s.RefundPaymentOf("b2", r.id));
  BOOST_TEST(!s.RetryRefundPayment("b1", r.id, 5000));  // Paid: nothing to ask again.
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_failed_refund_is_asked_again_on_the_same_row, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  Place(s, Placing(MakeOrder("o1", "2026-01-01T10:00:00Z"), "k1"));
  ReturnRequest r;
  r.id = "RAAAA000002";
  r.order_id = "o1";
  RefundPayment pay;
  pay.return_id = r.id;
  pay.order_id = "o1";
  pay.amount_cents = 500;
  pay.next_attempt_ms = 1000;
  OrderCommit commit;
  commit.returns = {r};
  commit.refund_payment = pay;
  BOOST_REQUIRE(s.CommitOrders("b1", commit).ok());
  BOOST_TEST(!s.RetryRefundPayment("b1", r.id, 2000));  // Pending: already to be asked.
  const std::vector<RefundPayment> due = s.ClaimRefundPayments(1000, 60000, 10);
  BOOST_REQUIRE(due.size() == 1u);
  s.FinishRefundPayment(due[0].id, "failed", "402 card expired", 0, "");
  BOOST_TEST(s.RefundPaymentOf("b1", r.id)->status == "failed");
  BOOST_TEST(!s.RetryRefundPayment("b2", r.id, 2000));
  BOOST_TEST(s.RetryRefundPayment("b1", r.id, 2000));
  const RefundPayment again = *s.RefundPaymentOf("b1", r.id);
  BOOST_TEST(again.status == "pending");
  BOOST_TEST(again.attempts == 0);
  BOOST_TEST(again.last_error == "");
  BOOST_TEST(again.id == due[0].id);  // The same row: the same Idempotency-Key.
  BOOST_TEST(s.ClaimRefundPayments(2000, 60000, 10).size() == 1u);
}

Invoice Bill(const std::string& order_id, int64_t shipment, int64_t gross_cents) {
  Invoice i;
  i.order_id = order_id;
  i.order_ref = order_id;
  i.shipment = shipment;
  i.lines = {{"a", "A", 1, gross_cents, gross_cents, 2000}};
  i.gross_cents = gross_cents;
  return i;
}

BOOST_AUTO_TEST_CASE_TEMPLATE(invoices_are_numbered_without_a_gap_even_when_a_commit_fails, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  BOOST_REQUIRE(
      s.PostMovements("b1", {Move(MovementKind::kReceipt, "a", "s1", 5), Move(MovementKind::kReceipt, "a", "s2", 5)})
          .ok());
  PlaceFamily(s, "p1", "2026-01-01T10:00:00Z");
  Place(s, Placing(MakeOrder("o2", "2026-01-01T10:01:00Z"), "k2"));
  OrderCommit first;
  first.orders = {Becoming(s, "p1-1", OrderStatus::kShipped)};
  first.invoices = {Bill("p1-1", 0, 1200)};
  BOOST_REQUIRE(s.CommitOrders("b1", first).ok());
  const std::optional<Invoice> one = s.GetInvoice("b1", "F-000001");
  BOOST_REQUIRE(one);
  BOOST_TEST(one->order_id == "p1-1");
  BOOST_TEST(one->gross_cents == 1200);
  BOOST_TEST(!one->issued_at.empty());
  BOOST_TEST(!s.GetInvoice("b2", "F-000001"));

  // A commit refused (the order moved meanwhile) takes no number; the same shipment billed again is left out.
  OrderCommit stale;
  stale.orders = {*s.GetOrder("b1", "o2")};
  stale.orders[0].version -= 1;
  stale.invoices = {Bill("o2", 0, 500)};
  BOOST_TEST(Outcome(s.CommitOrders("b1", stale)) == "conflict");
  OrderCommit replay;
  replay.orders = {Becoming(s, "p1-1", OrderStatus::kCollected)};
  replay.invoices = {Bill("p1-1", 0, 1200)};
  BOOST_REQUIRE(s.CommitOrders("b1", replay).ok());
  OrderCommit next;
  next.orders = {Becoming(s, "p1-2", OrderStatus::kShipped)};
  next.invoices = {Bill("p1-2", 0, 800), Bill("p1-2", 1, 300)};  // A backorder's remainder: its own invoice.
  BOOST_REQUIRE(s.CommitOrders("b1", next).ok());
  BOOST_TEST(s.GetInvoice("b1", "F-000002")->order_id == "p1-2");
  BOOST_TEST(s.GetInvoice("b1", "F-000003")->shipment == 1);
  BOOST_TEST(!s.GetInvoice("b1", "F-000004"));

  // A credit note: its own series, naming the invoice it credits.
  Invoice credit = Bill("p1-2", 0, -800);
  credit.kind = "credit_note";
  credit.series = "AV";
  credit.credits = "F-000002";
  OrderCommit refund;
  refund.orders = {*s.GetOrder("b1", "p1-2")};
  refund.invoices = {credit};
  BOOST_REQUIRE(s.CommitOrders("b1", refund).ok());
  const std::optional<Invoice> av = s.GetInvoice("b1", "AV-000001");
  BOOST_REQUIRE(av);
  BOOST_TEST(av->credits == "F-000002");
  BOOST_TEST(av->kind == "credit_note");

  std::vector<std::string> numbers;
  for (const Invoice& i : s.OrderInvoices("b1", "p1")) numbers.push_back(i.number);
  BOOST_TEST(numbers == Ids({"AV-000001", "F-000001", "F-000002", "F-000003"}));
  BOOST_TEST(s.OrderInvoices("b1", "o2").empty());
  BOOST_TEST(s.OrderInvoices("b1", "p1-1").size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_reopened_database_never_gives_a_serial_again) {
  TempDatabase file;
  {
    SqliteStore s(file.path());
    Seed(s);
    Place(s, Placing(MakeOrder("o1", "2026-01-01T10:00:00Z"), "k1"));
    bool allocated = false;
    BOOST_TEST(NumbersOf(s.LabelShipment("b1", Claim("o1", 0, 2, {{"b", 1, 10}}), &allocated)) ==
               Ids({"N0-1", "N0-2"}));
  }
  SqliteStore s(file.path());
  Place(s, Placing(MakeOrder("o2", "2026-01-01T10:01:00Z"), "k2"));
  bool allocated = false;
  BOOST_TEST(NumbersOf(s.LabelShipment("b1", Claim("o2", 0, 1, {{"b", 1, 10}}), &allocated)) == Ids({"N0-3"}));
  BOOST_TEST(NumbersOf(s.LabelShipment("b1", Claim("o1", 0, 2, {{"b", 1, 10}}), &allocated)) == Ids({"N0-1", "N0-2"}));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(each_due_notification_is_claimed_by_one_sender_per_lease, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  const Order o = Place(s, Placing(MakeOrder("o1", "2026-01-01"), "k1"));
  OrderCommit queue;
  queue.orders = {o};
  for (int i = 0; i < 40; ++i) {
    queue.notifications.push_back(Message("o1", i, "step", "email", 1000 - 10 * i));  // Newer rows due earlier.
  }
  queue.notifications.push_back(Message("o1", 99, "later", "email", 1'000'000'000));
  BOOST_REQUIRE(s.CommitOrders("b1", queue).ok());

  // Oldest due first, whatever order they were queued in.
  const std::vector<Notification> first = s.ClaimNotifications(1000, 60'000, 3);
  BOOST_REQUIRE(first.size() == 3u);
  BOOST_TEST(first[0].shipment == 39);
  BOOST_TEST(first[1].shipment == 38);
  BOOST_TEST(first[2].shipment == 37);

  std::mutex mutex;
  std::vector<int64_t> claimed;
  for (const Notification& n : first) claimed.push_back(n.id);
  std::vector<std::thread> senders;
  for (int i = 0; i < 6; ++i) {
    senders.emplace_back([&] {
      for (int round = 0; round < 40; ++round) {  // Bounded: a store without leases must fail, not hang.
        const std::vector<Notification> mine = s.ClaimNotifications(1000, 60'000, 3);
        if (mine.empty()) return;
        const std::lock_guard<std::mutex> lock(mutex);
        for (const Notification& n : mine) claimed.push_back(n.id);
      }
    });
  }
  for (std::thread& th : senders) th.join();
  const std::set<int64_t> distinct(claimed.begin(), claimed.end());
  BOOST_TEST(claimed.size() == 40u);
  BOOST_TEST(distinct.size() == 40u);
  BOOST_TEST(s.ClaimNotifications(60'999, 60'000, 100).empty());  // Every lease runs to 61,000.
  // A sender that crashed finishes nothing: the lease ends and the messages are due again.
  BOOST_TEST(s.ClaimNotifications(61'000, 60'000, 100).size() == 40u);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_finished_notification_is_sent_retried_or_given_up, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  OrderCommit queue;
  queue.orders = {Place(s, Placing(MakeOrder("o1", "2026-01-01"), "k1"))};
  queue.notifications = {Message("o1", 0, "sent", "email"), Message("o1", 0, "retried", "email"),
                         Message("o1", 0, "given_up", "email")};
  BOOST_REQUIRE(s.CommitOrders("b1", queue).ok());
  const std::vector<Notification> claimed = s.ClaimNotifications(100, 1000, 10);
  BOOST_REQUIRE(claimed.size() == 3u);
  s.FinishNotification(claimed[0].id, true, "", 0);
  s.FinishNotification(claimed[1].id, false, "smtp 451", 5000);
  s.FinishNotification(claimed[2].id, false, "550 no such mailbox", 0);
  const std::vector<Notification> after = s.OrderNotifications("b1", "o1");
  BOOST_REQUIRE(after.size() == 3u);
  BOOST_TEST(after[0].status == "sent");
  BOOST_TEST(after[0].attempts == 1);
  BOOST_TEST(!after[0].sent_at.empty());
  BOOST_TEST(after[1].status == "pending");
  BOOST_TEST(after[1].attempts == 1);
  BOOST_TEST(after[1].last_error == "smtp 451");
  BOOST_TEST(after[1].next_attempt_ms == 5000);
  BOOST_TEST(after[2].status == "failed");
  BOOST_TEST(after[2].last_error == "550 no such mailbox");

  BOOST_TEST(s.ClaimNotifications(4999, 1000, 10).empty());
  const std::vector<Notification> retry = s.ClaimNotifications(5000, 1000, 10);
  BOOST_REQUIRE(retry.size() == 1u);
  BOOST_TEST(retry[0].trigger == "retried");
  s.FinishNotification(retry[0].id, false, "smtp 451 again", 7000);
  s.FinishNotification(retry[0].id, true, "", 0);
  BOOST_TEST(s.OrderNotifications("b1", "o1")[1].attempts == 3);
  BOOST_TEST(s.OrderNotifications("b1", "o1")[1].last_error == "");
  BOOST_TEST(s.ClaimNotifications(1'000'000'000'000, 1000, 10).empty());  // Sent or given up: never again.
}

// Customer service's resend (orders/notification_resend.h) on this store: a new row beside the original.
std::optional<Notification> Resend(Store& s, const std::string& brand, const std::string& order_id, int64_t id,
                                   const Actor& actor) {
  OrderLifecycle lifecycle(&s);
  OrderResult<Notification> again = ResendNotification(lifecycle, s, brand, order_id, id, actor);
  if (!again.ok()) {
    BOOST_TEST(again.error().code == "not_found");
    return std::nullopt;
  }
  return *again;
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_resent_notification_is_a_new_message_due_now, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  BOOST_REQUIRE(
      s.PostMovements("b1", {Move(MovementKind::kReceipt, "a", "s1", 5), Move(MovementKind::kReceipt, "a", "s2", 5)})
          .ok());
  PlaceFamily(s, "p1", "2026-01-01T10:00:00Z");
  const Order other = Place(s, Placing(MakeOrder("o2", "2026-01-01T10:01:00Z"), "k2"));
  OrderCommit ready;
  ready.orders = {Becoming(s, "p1-2", OrderStatus::kReady), other};
  ready.notifications = {Message("p1-2", 1, "ready_for_pickup", "email", 5000), Message("o2", 0, "placed", "email")};
  BOOST_REQUIRE(s.CommitOrders("b1", ready).ok());
  const Notification original = s.OrderNotifications("b1", "p1").at(0);
  const Notification of_other = s.OrderNotifications("b1", "o2").at(0);
  BOOST_REQUIRE(s.ClaimNotifications(5000, 60'000, 10).size() == 2u);
  s.FinishNotification(original.id, false, "mailbox full", 1'000'000'000'000);  // Retried tomorrow.

  // Customer service resends the child's message from the parent's page, now.
  const std::optional<Notification> again = Resend(s, "b1", "p1", original.id, {"staff:t1 Ann", "lost"});
  BOOST_REQUIRE(again);
  BOOST_TEST(again->id != original.id);
  BOOST_TEST(again->order_id == "p1-2");
  BOOST_TEST(again->trigger == "ready_for_pickup#resend1");
  BOOST_TEST(again->channel == "email");
  BOOST_TEST(again->status == "pending");
  BOOST_TEST(again->attempts == 0);
  BOOST_TEST(again->recipient == original.recipient);
  BOOST_TEST(again->body == original.body);
  const std::vector<Notification> due = s.ClaimNotifications(5001, 60'000, 10);  // Due now, not at 5000 + lease.
  BOOST_REQUIRE(due.size() == 1u);
  BOOST_TEST(due[0].id == again->id);
  BOOST_TEST(Resend(s, "b1", "p1", again->id, {"staff:t1 Ann", "lost again"})->trigger == "ready_for_pickup#resend2");
  BOOST_TEST(s.OrderNotifications("b1", "p1").size() == 3u);
  BOOST_TEST(s.OrderNotifications("b1", "p1")[0].last_error == "mailbox full");  // The original is kept as it was.
  BOOST_TEST(s.OrderNotifications("b1", "p1")[0].next_attempt_ms == 1'000'000'000'000);
  std::vector<std::string> kinds;
  for (const OrderEvent& e : s.OrderEvents("b1", "p1")) {
    if (e.kind == "notification_resent") kinds.push_back(e.actor + ": " + e.reason);
  }
  BOOST_TEST(kinds == Ids({"staff:t1 Ann: lost", "staff:t1 Ann: lost again"}));

  BOOST_TEST(!Resend(s, "b1", "p1", of_other.id, {"staff:t1 Ann", ""}));  // Not one of p1's.
  BOOST_TEST(!Resend(s, "b1", "p1", 1'000'000, {"staff:t1 Ann", ""}));
  BOOST_TEST(!Resend(s, "b2", "p1", original.id, {"staff:t1 Ann", ""}));
  BOOST_TEST(s.OrderNotifications("b1", "o2").size() == 1u);

  // Four customer-service agents resend it at once: four copies, four ranks, none lost.
  std::atomic<int> resent{0};  // Counted here: Boost.Test's assertions are for the main thread.
  std::vector<std::thread> agents;
  for (int i = 0; i < 4; ++i) {
    agents.emplace_back([&s, &original, &resent] {
      OrderLifecycle lifecycle(&s);
      resent += ResendNotification(lifecycle, s, "b1", "p1", original.id, {"staff:t1 Ann", "at once"}).ok();
    });
  }
  for (std::thread& agent : agents) agent.join();
  BOOST_TEST(resent.load() == 4);
  std::set<std::string> triggers;
  for (const Notification& n : s.OrderNotifications("b1", "p1")) triggers.insert(n.trigger);
  BOOST_TEST(triggers.size() == 7u);  // The original, #resend1..#resend6.
  BOOST_TEST(triggers.count("ready_for_pickup#resend6") == 1u);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_basket_write_over_an_old_version_is_refused, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  Basket basket;
  basket.id = "bk1";
  basket.customer_id = "c1";
  basket.lines = {{"a", 1, ""}};
  const StoreResult<Basket> created = s.PutBasket("b1", basket);
  BOOST_REQUIRE(created.ok());
  BOOST_TEST(created->version == 1);
  BOOST_TEST(!created->created_at.empty());
  Basket more = *created;
  more.lines.push_back({"b", 2, "home"});
  const StoreResult<Basket> updated = s.PutBasket("b1", more);
  BOOST_REQUIRE(updated.ok());
  BOOST_TEST(updated->version == 2);

  Basket late = *created;  // Read at version 1, written after version 2.
  late.lines = {};
  BOOST_TEST(Outcome(s.PutBasket("b1", late)) == "conflict");
  const std::optional<Basket> stored = s.GetBasket("b1", "bk1");
  BOOST_REQUIRE(stored);
  BOOST_TEST(stored->version == 2);
  BOOST_REQUIRE(stored->lines.size() == 2u);
  BOOST_TEST(stored->lines[1].mode == "home");
  BOOST_TEST(!s.GetBasket("b2", "bk1"));

  // Writers racing from the same read: exactly one wins.
  std::atomic<int> won{0}, conflicts{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < 6; ++i) {
    writers.emplace_back([&, i] {
      Basket mine = *stored;
      mine.preference = "writer " + std::to_string(i);
      const std::string outcome = Outcome(s.PutBasket("b1", mine));
      (outcome == "ok" ? won : conflicts)++;
    });
  }
  for (std::thread& th : writers) th.join();
  BOOST_TEST(won.load() == 1);
  BOOST_TEST(conflicts.load() == 5);
  BOOST_TEST(s.GetBasket("b1", "bk1")->version == 3);
  BOOST_TEST(s.GetBasket("b1", "bk1")->preference.starts_with("writer "));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(customer_accounts_are_versioned_and_found_by_their_keys, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  CustomerAccount helene;
  helene.id = "cus-1";
  helene.contact = {{"name", "Hélène Dupont-Moreau"}, {"email", "Helene@Example.org"}, {"phone", "+33612345678"}};
  helene.addresses = {{{"address", {"3 rue de la Paix"}}, {"postcode", "75002"}, {"city", "Paris"}, {"country", "FR"}}};
  helene.updated_by = "staff:stt_1 Dana";
  const StoreResult<CustomerAccount> made = s.PutCustomer("b1", helene);
  BOOST_REQUIRE(made.ok());
  BOOST_TEST(made->version == 1);
  BOOST_TEST(!made->created_at.empty());
  BOOST_TEST(made->updated_by == "staff:stt_1 Dana");
  BOOST_TEST(Outcome(s.PutCustomer("b1", helene)) == "conflict id");  // The id is taken.
  CustomerAccount other;
  other.id = "cus-2";
  other.contact = {{"name", "Jean Dupuis"}, {"email", "jean@example.org"}};
  other.addresses = {{{"address", {"1 place Bellecour"}}, {"postcode", "69002"}, {"city", "Lyon"}, {"country", "FR"}}};
  BOOST_REQUIRE(s.PutCustomer("b1", other).ok());

  const auto ids = [&](const std::vector<CustomerKeyMatch>& all_of, const std::string& brand = "b1") {
    std::vector<std::string> found;
    for (const CustomerAccount& a : s.FindCustomers(brand, all_of, 10)) found.push_back(a.id);
    return found;
  };
  using Found = std::vector<std::string>;
  BOOST_TEST(ids({{"email:helene@example.org", false}}) == Found{"cus-1"});
  BOOST_TEST(ids({{"phone:612345678", false}}) == Found{"cus-1"});
  BOOST_TEST(ids({{"word:dup", true}}) == (Found{"cus-1", "cus-2"}));  // Both names begin so; by id.
  BOOST_TEST(ids({{"word:dup", true}, {"word:69", true}}) == Found{"cus-2"});
  BOOST_TEST(ids({{"word:helene", true}, {"word:moreau", false}}) == Found{"cus-1"});
  BOOST_TEST(ids({{"word:dup", false}}).empty());  // Not a whole word.
  BOOST_TEST(ids({{"word:dup", true}, {"word:lyon", false}, {"word:paris", false}}).empty());
  BOOST_TEST(ids({{"word:dup", true}}, "b2").empty());
  BOOST_TEST(ids({}).empty());
  BOOST_TEST(s.FindCustomers("b1", {{"word:d", true}}, 1).size() == 1u);

  // A change replaces the keys: the old town no longer finds her, the new one does.
  CustomerAccount moved = *made;
  moved.addresses = {
      {{"address", {"8 quai Saint-Vincent"}}, {"postcode", "69001"}, {"city", "Lyon"}, {"country", "FR"}}};
  const StoreResult<CustomerAccount> changed = s.PutCustomer("b1", moved);
  BOOST_REQUIRE(changed.ok());
  BOOST_TEST(changed->version == 2);
  BOOST_TEST(changed->created_at == made->created_at);
  BOOST_TEST(ids({{"word:paris", false}}).empty());
  BOOST_TEST(ids({{"word:lyon", false}}) == (Found{"cus-1", "cus-2"}));
  BOOST_TEST(Outcome(s.PutCustomer("b1", moved)) == "conflict version");  // Read at version 1, written after 2.
  CustomerAccount nobody = moved;
  nobody.id = "cus-9";
  BOOST_TEST(Outcome(s.PutCustomer("b1", nobody)) == "conflict version");  // No such account at that version.
  const std::optional<CustomerAccount> stored = s.GetCustomer("b1", "cus-1");
  BOOST_REQUIRE(stored);
  BOOST_TEST(stored->version == 2);
  BOOST_TEST(stored->addresses[0]["postcode"] == "69001");
  BOOST_TEST(stored->contact["name"] == "Hélène Dupont-Moreau");
  BOOST_TEST(!s.GetCustomer("b2", "cus-1"));

  // Writers racing from the same read: exactly one wins.
  std::atomic<int> won{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < 4; ++i) {
    writers.emplace_back([&, i] {
      CustomerAccount mine = *stored;
      mine.notes = "writer " + std::to_string(i);
      if (s.PutCustomer("b1", mine).ok()) ++won;
    });
  }
  for (std::thread& th : writers) th.join();
  BOOST_TEST(won.load() == 1);
  BOOST_TEST(s.GetCustomer("b1", "cus-1")->version == 3);

  // The customer's orders: newest first, a parent for its children, another customer's left out.
  BOOST_REQUIRE(
      s.PostMovements("b1", {Move(MovementKind::kReceipt, "a", "s1", 5), Move(MovementKind::kReceipt, "a", "s2", 5)})
          .ok());
  Place(s, Placing(MakeOrder("o1", "2026-01-01T10:00:00Z", {Line("a", 1, "s1")}, "cus-1"), "k1"));
  Place(s, Placing(MakeOrder("o2", "2026-01-02T10:00:00Z", {Line("a", 1, "s1")}, "cus-2"), "k2"));
  Order parent = MakeOrder("o3", "2026-01-03T10:00:00Z", {Line("a", 1, "s1"), Line("a", 1, "s2")}, "cus-1");
  NewOrder family = Placing(parent, "k3");
  for (const std::string& site : std::vector<std::string>{"s1", "s2"}) {
    Order child = MakeOrder("o3-" + site.substr(1), "2026-01-03T10:00:00Z", {Line("a", 1, site)}, "cus-1");
    child.parent_id = "o3";
    child.site = site;
    family.children.push_back(child);
    family.order.children.push_back({child.id, site, OrderStatus::kPlaced, 100, ""});
  }
  Place(s, family);
  BOOST_TEST(IdsOf(s.OrdersOf("b1", "cus-1", 10)) == (Ids{"o3", "o1"}));
  BOOST_TEST(IdsOf(s.OrdersOf("b1", "cus-1", 1)) == Ids{"o3"});
  BOOST_TEST(s.OrdersOf("b2", "cus-1", 10).empty());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_carrier_event_is_kept_once, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  ParcelEvent first{0, "colissimo", "TN1", "DI1", "", "Livré", "2026-01-02T10:00:00Z", "", "", "", ""};
  BOOST_TEST(s.AddParcelEvent("b1", &first));
  BOOST_TEST(first.id > 0);
  BOOST_TEST(!first.received_at.empty());
  ParcelEvent replay = first;  // The same webhook again, its text reworded.
  replay.id = 0;
  replay.received_at.clear();
  replay.text = "Delivered";
  BOOST_TEST(!s.AddParcelEvent("b1", &replay));
  BOOST_TEST(replay.id == first.id);
  BOOST_TEST(replay.received_at == first.received_at);
  ParcelEvent second = replay;
  second.justification = "RDV";
  BOOST_TEST(s.AddParcelEvent("b1", &second));
  BOOST_TEST(second.id != first.id);
  ParcelEvent elsewhere = first;
  BOOST_TEST(s.AddParcelEvent("b2", &elsewhere));  // Another brand's parcel.
  ParcelEvent other{0, "colissimo", "TN2", "PC1", "", "Pris en charge", "2026-01-01T10:00:00Z", "", "", "", ""};
  BOOST_TEST(s.AddParcelEvent("b1", &other));

  s.SetParcelEventOutcome("b1", first.id, "unknown", "", "unknown_code");
  s.SetParcelEventOutcome("b1", second.id, "delivered", "o1", "moved");
  std::vector<int64_t> ids;
  for (const ParcelEvent& e : s.ParcelEvents("b1", "", false, 10)) ids.push_back(e.id);
  BOOST_TEST(ids == std::vector<int64_t>({other.id, second.id, first.id}));  // Newest first.
  BOOST_TEST(s.ParcelEvents("b1", "TN1", false, 10).size() == 2u);
  BOOST_TEST(s.ParcelEvents("b1", "", false, 1).size() == 1u);
  const std::vector<ParcelEvent> unknown = s.ParcelEvents("b1", "", true, 10);
  BOOST_REQUIRE(unknown.size() == 1u);
  BOOST_TEST(unknown[0].id == first.id);
  BOOST_TEST(unknown[0].outcome == "unknown_code");
  BOOST_TEST(unknown[0].text == "Livré");  // Kept as it first came.
  BOOST_TEST(s.ParcelEvents("b1", "TN1", false, 10)[0].order_id == "o1");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(sales_days_are_written_all_together_and_products_found_under_a_category, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  s.PutProduct("b1", {"m-1", "Mug", "kitchen/mugs", "ambient", 300, {10, 10, 10}, 900, ""});
  s.PutProduct("b1", {"m-2", "Big mug", "kitchen/mugs/large", "ambient", 400, {12, 12, 12}, 1200, ""});
  s.PutProduct("b1", {"k-1", "Kitchenware", "kitchen", "ambient", 400, {12, 12, 12}, 1200, ""});
  s.PutProduct("b1", {"x-1", "Kitchen towel", "kitchenette", "ambient", 100, {12, 12, 12}, 300, ""});  // Not under.
  s.PutProduct("b1", {"w-1", "Mug 100%", "kitchen/mugs%", "ambient", 100, {12, 12, 12}, 300, ""});     // Not mugs'.
  s.PutProduct("b2", {"m-9", "Mug", "kitchen/mugs", "ambient", 300, {10, 10, 10}, 900, ""});
  const auto under = [&](const std::string& path, int64_t limit = 50) {
    std::vector<std::string> skus;
    for (const Product& p : s.ProductsUnder("b1", path, limit)) skus.push_back(p.sku);
    return skus;
  };
  BOOST_TEST(under("kitchen") == Ids({"k-1", "m-1", "m-2", "w-1"}));
  BOOST_TEST(under("kitchen/mugs") == Ids({"m-1", "m-2"}));
  BOOST_TEST(under("kitchen/mugs/large") == Ids({"m-2"}));
  BOOST_TEST(under("kitchen", 2) == Ids({"k-1", "m-1"}));
  BOOST_TEST(under("").size() == s.ProductsUnder("b1", "", 1000).size());
  BOOST_TEST(under("").size() >= 6u);
  BOOST_TEST(under("garden").empty());

  // Written together; a day written again replaced; read oldest first, per brand, sku and site.
  BOOST_TEST(s.PutSalesDays("b1", {{"m-1", "s1", "2026-01-02", 3000, true},
                                   {"m-1", "s1", "2026-01-01", 1500, true},
                                   {"m-1", "s2", "2026-01-01", 7000, true},
                                   {"m-1", "s1", "2026-01-03", 0, false}})
                 .value() == 4);
  BOOST_TEST(s.PutSalesDays("b2", {{"m-1", "s1", "2026-01-01", 9000, true}}).value() == 1);
  BOOST_TEST(s.PutSalesDays("b1", {{"m-1", "s1", "2026-01-02", -1000, true}}).value() == 1);
  const std::vector<SalesDay> days = s.SalesDaysOf("b1", "m-1", "s1");
  BOOST_TEST_REQUIRE(days.size() == 3u);
  BOOST_TEST((days[0] == SalesDay{"m-1", "s1", "2026-01-01", 1500, true}));
  BOOST_TEST((days[1] == SalesDay{"m-1", "s1", "2026-01-02", -1000, true}));  // A day of returns, replaced.
  BOOST_TEST((days[2] == SalesDay{"m-1", "s1", "2026-01-03", 0, false}));
  BOOST_TEST(s.SalesDaysOf("b1", "m-1", "s2").size() == 1u);
  BOOST_TEST(s.SalesDaysOf("b1", "m-2", "s1").empty());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_sites_stored_forecasts_are_replaced_all_together, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  BOOST_TEST(!s.StoredForecastsMadeOn("b1", "s1").has_value());
  BOOST_TEST(s.StoredForecastsOf("b1", "s1", "").empty());
  // The rows' own site and made_on are overridden by the arguments'; read by sku, then day.
  BOOST_TEST(s.PutStoredForecasts("b1", "s1", "2026-03-01",
                                  {{"m-2", "", "2026-03-01", 2500, "own_history", ""},
                                   {"m-1", "s9", "2026-03-02", 1250, "category_share", "2020-01-01"},
                                   {"m-1", "", "2026-03-01", 0, "category_share", ""}})
                 .value() == 3);
  BOOST_TEST(
      s.PutStoredForecasts("b1", "s2", "2026-03-01", {{"m-1", "s2", "2026-03-01", 9000, "no_history", ""}}).value() ==
      1);
  BOOST_TEST(
      s.PutStoredForecasts("b2", "s1", "2026-02-28", {{"m-1", "s1", "2026-02-28", 7000, "no_history", ""}}).value() ==
      1);
  std::vector<ForecastDay> held = s.StoredForecastsOf("b1", "s1", "");
  BOOST_TEST_REQUIRE(held.size() == 3u);
  BOOST_TEST((held[0] == ForecastDay{"m-1", "s1", "2026-03-01", 0, "category_share", "2026-03-01"}));
  BOOST_TEST((held[1] == ForecastDay{"m-1", "s1", "2026-03-02", 1250, "category_share", "2026-03-01"}));
  BOOST_TEST((held[2] == ForecastDay{"m-2", "s1", "2026-03-01", 2500, "own_history", "2026-03-01"}));
  BOOST_TEST(s.StoredForecastsOf("b1", "s1", "m-2").size() == 1u);
  BOOST_TEST(s.StoredForecastsOf("b1", "s1", "m-3").empty());
  BOOST_TEST(s.StoredForecastsMadeOn("b1", "s1").value_or("") == "2026-03-01");

  // The next night's set replaces the whole site's: m-2's rows go though the new set does not name them.
  BOOST_TEST(
      s.PutStoredForecasts("b1", "s1", "2026-03-02", {{"m-1", "s1", "2026-03-02", 1500, "own_history", ""}}).value() ==
      1);
  held = s.StoredForecastsOf("b1", "s1", "");
  BOOST_TEST_REQUIRE(held.size() == 1u);
  BOOST_TEST((held[0] == ForecastDay{"m-1", "s1", "2026-03-02", 1500, "own_history", "2026-03-02"}));
  BOOST_TEST(s.StoredForecastsMadeOn("b1", "s1").value_or("") == "2026-03-02");
  // Other sites and brands keep theirs.
  BOOST_TEST(s.StoredForecastsOf("b1", "s2", "").size() == 1u);
  BOOST_TEST(s.StoredForecastsMadeOn("b2", "s1").value_or("") == "2026-02-28");

  // A set with a repeated (sku, day) is refused whole: the previous set stays.
  const StoreResult<int64_t> twice = s.PutStoredForecasts("b1", "s1", "2026-03-03",
                                                          {{"m-1", "s1", "2026-03-03", 1, "own_history", ""},
                                                           {"m-2", "s1", "2026-03-03", 2, "own_history", ""},
                                                           {"m-1", "s1", "2026-03-03", 3, "own_history", ""}});
  BOOST_TEST_REQUIRE(!twice);
  BOOST_TEST((twice.error().kind == StoreError::Kind::kInvalid));
  BOOST_TEST(twice.error().field == "forecasts[2]");
  BOOST_TEST((s.StoredForecastsOf("b1", "s1", "") == held));

  // An empty set clears the site: nothing stored, no made_on.
  BOOST_TEST(s.PutStoredForecasts("b1", "s1", "2026-03-04", {}).value() == 0);
  BOOST_TEST(s.StoredForecastsOf("b1", "s1", "").empty());
  BOOST_TEST(!s.StoredForecastsMadeOn("b1", "s1").has_value());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_carrier_polling_round_is_taken_once_until_the_next_is_due, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  BOOST_TEST(s.ClaimPollRound("b1", "inpost", 1000, 500));         // Never polled: due at once.
  BOOST_TEST(!s.ClaimPollRound("b1", "inpost", 1000, 500));        // Taken.
  BOOST_TEST(!s.ClaimPollRound("b1", "inpost", 1499, 500));        // Not due yet.
  BOOST_TEST(s.ClaimPollRound("b1", "mondial-relay", 1000, 500));  // Each carrier has its rounds...
  BOOST_TEST(s.ClaimPollRound("b2", "inpost", 1000, 500));         // ... and each brand.
  BOOST_TEST(s.ClaimPollRound("b1", "inpost", 1500, 500));  // Due: taken by whoever asks (the last holder or not).
  BOOST_TEST(!s.ClaimPollRound("b1", "inpost", 1999, 500));
  // Nobody asked for a while (every node down): the first to come back takes it, the next due after its interval.
  BOOST_TEST(s.ClaimPollRound("b1", "inpost", 9000, 500));
  BOOST_TEST(!s.ClaimPollRound("b1", "inpost", 9499, 500));
  BOOST_TEST(s.ClaimPollRound("b1", "inpost", 9500, 60'000));  // A new interval counts from the round taken.
  BOOST_TEST(!s.ClaimPollRound("b1", "inpost", 69'499, 500));
  BOOST_TEST(s.ClaimPollRound("b1", "inpost", 69'500, 500));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(nodes_asking_for_a_round_at_once_take_it_exactly_once, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  constexpr int kNodes = 8, kRounds = 10;
  constexpr int64_t kEvery = 1000;
  std::array<std::atomic<int>, kRounds> taken{};
  std::barrier start(kNodes);  // Every node asks for round r at the same time, once all are there.
  std::vector<std::thread> nodes;
  for (int n = 0; n < kNodes; ++n) {
    nodes.emplace_back([&] {
      for (int round = 0; round < kRounds; ++round) {
        start.arrive_and_wait();
        if (s.ClaimPollRound("b1", "inpost", 5000 + round * kEvery, kEvery)) ++taken[round];
      }
    });
  }
  for (std::thread& node : nodes) node.join();
  for (int round = 0; round < kRounds; ++round) BOOST_TEST(taken[round] == 1, "round " << round);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(orders_are_listed_page_by_page, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  // Three orders share an instant: the id breaks the tie.
  const std::vector<std::pair<std::string, std::string>> orders = {
      {"o5", "2026-01-03T00:00:00Z"}, {"o3", "2026-01-02T00:00:00Z"}, {"o1", "2026-01-02T00:00:00Z"},
      {"o2", "2026-01-02T00:00:00Z"}, {"o4", "2026-01-01T00:00:00Z"}, {"o6", "2026-01-04T00:00:00Z"}};
  for (const auto& [id, at] : orders) Place(s, Placing(MakeOrder(id, at), "k-" + id));
  bool replayed = false;
  BOOST_REQUIRE(s.CreateOrder("b2", Placing(MakeOrder("z1", "2026-01-01T00:00:00Z"), "k-z1"), &replayed).ok());

  std::vector<std::string> seen;
  std::vector<size_t> pages;
  std::string cursor;
  do {
    std::string next;
    const std::vector<Order> page = s.ListOrders("b1", 4, cursor, &next);
    for (const Order& o : page) seen.push_back(o.id);
    pages.push_back(page.size());
    if (pages.size() == 1) {
      // An order placed while a client pages appears once, where it belongs.
      Place(s, Placing(MakeOrder("o7", "2026-01-05T00:00:00Z"), "k-o7"));
    }
    BOOST_REQUIRE(pages.size() < 10);
    cursor = next;
  } while (!cursor.empty());
  BOOST_TEST(seen == Ids({"o4", "o1", "o2", "o3", "o5", "o6", "o7"}));
  BOOST_TEST(pages == std::vector<size_t>({4, 3}));  // A full last page says it is the last.
  std::string next = "not cleared";
  BOOST_TEST(s.ListOrders("b1", 7, "", &next).size() == 7u);
  BOOST_TEST(next.empty());
  BOOST_TEST(IdsOf(s.ListOrders("b2", 10, "", &next)) == Ids({"z1"}));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(orders_are_found_by_id_reference_email_phone_and_parcel_number, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  Order first = MakeOrder("o1", "2026-01-01T10:00:00Z");
  first.external_ref = "ERP-42";
  first.contact = {{"email", "Marie.Curie@Example.org"}, {"phone", "+33 6 12 34 56 78"}};
  Place(s, Placing(first, "k1"));
  Order second = MakeOrder("o2", "2026-01-02T10:00:00Z");
  second.contact = {{"email", "marie.curie@example.org"}, {"phone", "06 99 88 77 66"}};
  Place(s, Placing(second, "k2"));
  Place(s, Placing(MakeOrder("o3", "2026-01-03T10:00:00Z"), "k3"));

  BOOST_TEST(IdsOf(s.SearchOrders("b1", "o1", 10)) == Ids({"o1"}));
  BOOST_TEST(IdsOf(s.SearchOrders("b1", "ERP-42", 10)) == Ids({"o1"}));
  BOOST_TEST(IdsOf(s.SearchOrders("b1", "marie.curie@example.org", 10)) == Ids({"o2", "o1"}));  // Newest first.
  BOOST_TEST(IdsOf(s.SearchOrders("b1", "MARIE.CURIE@EXAMPLE.ORG", 10)) == Ids({"o2", "o1"}));
  BOOST_TEST(IdsOf(s.SearchOrders("b1", "Marie.Curie@Example.org", 1)) == Ids({"o2"}));
  for (const char* phone : {"06 12 34 56 78", "0612345678", "+33612345678", "+33 (0)6 12.34.56.78"}) {
    BOOST_TEST_CONTEXT(phone) { BOOST_TEST(IdsOf(s.SearchOrders("b1", phone, 10)) == Ids({"o1"})); }
  }
  BOOST_TEST(IdsOf(s.SearchOrders("b1", "0699887766", 10)) == Ids({"o2"}));
  BOOST_TEST(s.SearchOrders("b1", "12345", 10).empty());  // Too few digits to be a phone.
  BOOST_TEST(s.SearchOrders("b1", "", 10).empty());
  BOOST_TEST(s.SearchOrders("b1", "nobody@example.org", 10).empty());
  BOOST_TEST(s.SearchOrders("b2", "ERP-42", 10).empty());
  BOOST_TEST(s.SearchOrders("b2", "o1", 10).empty());

  OrderCommit shipped;
  shipped.orders = {Becoming(s, "o3", OrderStatus::kShipped)};
  shipped.parcel_numbers = {{"o3", "8n000123"}};
  BOOST_REQUIRE(s.CommitOrders("b1", shipped).ok());
  BOOST_TEST(IdsOf(s.SearchOrders("b1", "8N000123", 10)) == Ids({"o3"}));

  // A family is found by its parent, whose contact the children share.
  BOOST_REQUIRE(
      s.PostMovements("b1", {Move(MovementKind::kReceipt, "a", "s1", 1), Move(MovementKind::kReceipt, "a", "s2", 1)})
          .ok());
  PlaceFamily(s, "p1", "2026-01-04T10:00:00Z");
  BOOST_TEST(IdsOf(s.SearchOrders("b1", "family@example.org", 10)) == Ids({"p1"}));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(refused_pickup_codes_are_counted_per_order_and_per_staff_member, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  for (int i = 0; i < 3; ++i) s.RecordPickupCodeRefusal("b1", "o1", {{"typed", "000000"}}, {"staff:t1 Ann", ""});
  s.RecordPickupCodeRefusal("b1", "o2", {{"typed", "111111"}}, {"staff:t1 Ann", ""});
  s.RecordPickupCodeRefusal("b1", "o1", {{"typed", "222222"}}, {"staff:t2 Bob", ""});
  s.RecordPickupCodeRefusal("b2", "o1", {{"typed", "333333"}}, {"staff:t1 Ann", ""});
  OrderCommit other_events;  // Ann's other events on o1 are no refusals.
  other_events.events = {Event("o1", "step", {"staff:t1 Ann", ""}), Event("o1", "slot_changed", {"staff:t1 Ann", ""})};
  BOOST_REQUIRE(s.CommitOrders("b1", other_events).ok());
  const std::string since = UtcIsoSecondsAgo(60);
  const Store::PickupCodeRefusals ann = s.CountPickupCodeRefusals("b1", "o1", "staff:t1 Ann", since);
  BOOST_TEST(ann.for_order == 4);
  BOOST_TEST(ann.by_actor == 4);
  const Store::PickupCodeRefusals bob = s.CountPickupCodeRefusals("b1", "o2", "staff:t2 Bob", since);
  BOOST_TEST(bob.for_order == 1);
  BOOST_TEST(bob.by_actor == 1);
  const Store::PickupCodeRefusals later =
      s.CountPickupCodeRefusals("b1", "o1", "staff:t1 Ann", UtcIsoSecondsAgo(-3600));
  BOOST_TEST(later.for_order == 0);
  BOOST_TEST(later.by_actor == 0);
  const std::vector<OrderEvent> events = s.OrderEvents("b1", "o1");
  BOOST_REQUIRE(events.size() == 6u);
  BOOST_TEST(events[0].kind == "pickup_code_refused");
  BOOST_TEST(events[3].actor == "staff:t2 Bob");
  BOOST_TEST(events[3].details == json({{"typed", "222222"}}));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(open_orders_are_the_unshipped_shipments_of_a_customer, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  BOOST_REQUIRE(
      s.PostMovements("b1", {Move(MovementKind::kReceipt, "a", "s1", 5), Move(MovementKind::kReceipt, "a", "s2", 5)})
          .ok());
  Place(s, Placing(MakeOrder("o1", "2026-01-01T10:00:00Z"), "k1"));
  Place(s, Placing(MakeOrder("o2", "2026-01-02T10:00:00Z"), "k2"));
  Place(s, Placing(MakeOrder("o3", "2026-01-03T10:00:00Z"), "k3"));
  Place(s, Placing(MakeOrder("o4", "2026-01-04T10:00:00Z", {}, "c2"), "k4"));
  PlaceFamily(s, "p1", "2026-01-05T10:00:00Z");
  OrderCommit moves;
  moves.orders = {Becoming(s, "o2", OrderStatus::kPreparing), Becoming(s, "o3", OrderStatus::kShipped),
                  Becoming(s, "p1-2", OrderStatus::kCancelled)};
  BOOST_REQUIRE(s.CommitOrders("b1", moves).ok());
  BOOST_TEST(IdsOf(s.OpenOrdersOf("b1", "c1", 10)) == Ids({"p1-1", "o2", "o1"}));
  BOOST_TEST(IdsOf(s.OpenOrdersOf("b1", "c2", 10)) == Ids({"o4"}));
  BOOST_TEST(s.OpenOrdersOf("b2", "c1", 10).empty());
  // The limit counts open shipments: the newest order, a parent, takes no place of its own.
  BOOST_TEST(IdsOf(s.OpenOrdersOf("b1", "c1", 2)) == Ids({"p1-1", "o2"}));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(open_orders_at_a_site_are_what_it_may_still_pick, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  BOOST_REQUIRE(
      s.PostMovements("b1", {Move(MovementKind::kReceipt, "a", "s1", 9), Move(MovementKind::kReceipt, "a", "s2", 9)})
          .ok());
  const OrderLine at_s1 = Line("a", 1, "s1"), at_s2 = Line("a", 1, "s2");
  Place(s, Placing(MakeOrder("o3", "2026-01-03T10:00:00Z", {at_s1, at_s2}), "k3"));  // One order, both sites.
  Place(s, Placing(MakeOrder("o1", "2026-01-01T10:00:00Z", {at_s1}), "k1"));
  Place(s, Placing(MakeOrder("o2", "2026-01-02T10:00:00Z", {at_s2}), "k2"));
  Place(s, Placing(MakeOrder("o4", "2026-01-04T10:00:00Z", {at_s1}), "k4"));
  Place(s, Placing(MakeOrder("o5", "2026-01-05T10:00:00Z", {at_s1}), "k5"));
  Place(s, Placing(MakeOrder("o6", "2026-01-06T10:00:00Z", {at_s1}), "k6"));
  PlaceFamily(s, "p1", "2026-01-07T10:00:00Z");
  OrderCommit moves;
  moves.orders = {Becoming(s, "o4", OrderStatus::kCancelled), Becoming(s, "o5", OrderStatus::kPreparing),
                  Becoming(s, "o6", OrderStatus::kReady)};
  BOOST_REQUIRE(s.CommitOrders("b1", moves).ok());
  // Oldest first; gone (cancelled, ready) left out; a parent never, its child at its own site.
  BOOST_TEST(IdsOf(s.OpenOrdersAt("b1", "s1", 10)) == Ids({"o1", "o3", "o5", "p1-1"}));
  BOOST_TEST(IdsOf(s.OpenOrdersAt("b1", "s2", 10)) == Ids({"o2", "o3", "p1-2"}));
  BOOST_TEST(IdsOf(s.OpenOrdersAt("b1", "s1", 2)) == Ids({"o1", "o3"}));
  BOOST_TEST(s.OpenOrdersAt("b1", "s9", 10).empty());
  BOOST_TEST(s.OpenOrdersAt("b2", "s1", 10).empty());
}

namespace {

SlotBooking Booking(const std::string& order_id, const std::string& slot, int64_t capacity = 2) {
  return {order_id, "s1", "drive", "2026-12-07", slot, capacity};
}

std::string Loads(Store& store, const std::string& brand = "b1") {
  std::string out;
  for (const SlotLoad& l : store.SlotLoads(brand, "s1", "drive", "2026-12-01", "2026-12-31")) {
    out += (out.empty() ? "" : " ") + l.date + "/" + l.slot + "=" + std::to_string(l.booked);
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE_TEMPLATE(a_slot_never_takes_more_bookings_than_its_capacity, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  BOOST_REQUIRE(s.PostMovements("b1", {Move(MovementKind::kReceipt, "a", "s1", 9)}).ok());
  NewOrder first = Placing(MakeOrder("o1", "2026-01-01T10:00:00Z", {Line("a", 1, "s1")}), "k1");
  first.slot_bookings = {Booking("o1", "10:00-10:30")};
  Place(s, first);
  NewOrder second = Placing(MakeOrder("o2", "2026-01-01T10:01:00Z", {Line("a", 1, "s1")}), "k2");
  second.slot_bookings = {Booking("o2", "10:00-10:30")};
  Place(s, second);
  BOOST_TEST(Loads(s) == "2026-12-07/10:00-10:30=2");
  // The third is refused whole: no order, no reservation, no booking.
  NewOrder third = Placing(MakeOrder("o3", "2026-01-01T10:02:00Z", {Line("a", 1, "s1")}), "k3");
  third.slot_bookings = {Booking("o3", "10:30-11:00"), Booking("o3", "10:00-10:30")};
  bool replayed = false;
  BOOST_TEST(Outcome(s.CreateOrder("b1", third, &replayed)) == "slot_full slot_bookings[1]");
  BOOST_TEST(!s.GetOrder("b1", "o3"));
  BOOST_TEST(Figures(s, "a", "s1") == "9/2/0");
  BOOST_TEST(Loads(s) == "2026-12-07/10:00-10:30=2");
  // Another brand's slot of the same name is its own.
  BOOST_TEST(Loads(s, "b2").empty());

  // A commit that releases o1's booking and books another slot for it; one that over-books writes nothing.
  OrderCommit moved;
  moved.orders = {Becoming(s, "o1", OrderStatus::kPreparing)};
  moved.slot_releases = {"o1"};
  moved.slot_bookings = {Booking("o1", "11:00-11:30")};
  BOOST_REQUIRE(s.CommitOrders("b1", moved).ok());
  BOOST_TEST(Loads(s) == "2026-12-07/10:00-10:30=1 2026-12-07/11:00-11:30=1");
  OrderCommit over;
  over.orders = {Becoming(s, "o2", OrderStatus::kPreparing)};
  over.slot_releases = {"o2"};
  over.slot_bookings = {Booking("o2", "11:00-11:30", 1)};
  BOOST_TEST(Outcome(s.CommitOrders("b1", over)) == "slot_full slot_bookings[0]");
  BOOST_TEST(OrderStatusText(s.GetOrder("b1", "o2")->status) == "placed");
  BOOST_TEST(Loads(s) == "2026-12-07/10:00-10:30=1 2026-12-07/11:00-11:30=1");
  // Released and booked again in one commit: the slot it held is its own again.
  over.slot_bookings = {Booking("o2", "10:00-10:30", 1)};
  BOOST_REQUIRE(s.CommitOrders("b1", over).ok());
  BOOST_TEST(Loads(s) == "2026-12-07/10:00-10:30=1 2026-12-07/11:00-11:30=1");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(racing_orders_book_exactly_a_slots_capacity, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  BOOST_REQUIRE(s.PostMovements("b1", {Move(MovementKind::kReceipt, "a", "s1", 100)}).ok());
  std::atomic<int> placed{0};
  std::vector<std::thread> shoppers;
  for (int i = 0; i < 16; ++i) {
    shoppers.emplace_back([&, i] {
      const std::string id = "r" + std::to_string(i);
      NewOrder n = Placing(MakeOrder(id, "2026-01-01T10:00:00Z", {Line("a", 1, "s1")}), "k-" + id);
      n.slot_bookings = {Booking(id, "12:00-12:30", 3)};
      bool replayed = false;
      if (s.CreateOrder("b1", n, &replayed).ok()) ++placed;
    });
  }
  for (std::thread& th : shoppers) th.join();
  BOOST_TEST(placed == 3);
  BOOST_TEST(Loads(s) == "2026-12-07/12:00-12:30=3");
  BOOST_TEST(Figures(s, "a", "s1") == "100/3/0");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(site_layouts_are_versions_kept_for_good, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  BOOST_TEST(!s.GetSiteLayout("b1", "s1", 0));
  const StoreResult<SiteLayout> none = s.AddSiteLayout("b1", "nowhere", {{"aisles", 1}});
  BOOST_REQUIRE(!none.ok());
  BOOST_TEST(KindName(none.error().kind) == std::string("not_found"));
  BOOST_TEST(none.error().field == "site");
  const StoreResult<SiteLayout> first = s.AddSiteLayout("b1", "s1", {{"aisles", 4}});
  BOOST_REQUIRE(first.ok());
  BOOST_TEST(first.value().version == 1);
  BOOST_TEST(!first.value().created_at.empty());
  // Another brand's site of the same id has versions of its own.
  BOOST_TEST(s.AddSiteLayout("b2", "s1", {{"aisles", 9}}).value().version == 1);
  BOOST_TEST(s.AddSiteLayout("b1", "s1", {{"aisles", 5}}).value().version == 2);
  BOOST_TEST(s.GetSiteLayout("b1", "s1", 0)->layout == json({{"aisles", 5}}));
  BOOST_TEST(s.GetSiteLayout("b1", "s1", 0)->version == 2);
  BOOST_TEST(s.GetSiteLayout("b1", "s1", 1)->layout == json({{"aisles", 4}}));
  BOOST_TEST(s.GetSiteLayout("b2", "s1", 0)->layout == json({{"aisles", 9}}));
  BOOST_TEST(!s.GetSiteLayout("b1", "s1", 3));
  // Racing uploads each get a version of their own.
  std::vector<std::thread> uploads;
  std::mutex seen_mutex;
  std::set<int64_t> seen;
  for (int i = 0; i < 8; ++i) {
    uploads.emplace_back([&, i] {
      const StoreResult<SiteLayout> r = s.AddSiteLayout("b1", "s2", {{"aisles", i + 1}});
      const std::lock_guard<std::mutex> lock(seen_mutex);
      if (r.ok()) seen.insert(r.value().version);
    });
  }
  for (std::thread& th : uploads) th.join();
  BOOST_TEST(seen.size() == 8u);
  BOOST_TEST(*seen.rbegin() == 8);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_shipment_is_in_one_pick_list_and_a_list_is_written_over_its_version, T, Stores) {
  T t;
  Store& s = t.store;
  Seed(s);
  PickList wave;
  wave.id = "PL-1";
  wave.site = "s1";
  wave.layout_version = 3;
  wave.shipments = {{"o1", 0, "2026-01-05"}, {"o2", 0, ""}};
  PickLine line;
  line.order_id = "o1";
  line.sku = "a";
  line.quantity = 2;
  line.y_m = 4.6;
  wave.lines = {line};
  wave.containers = {{"o1", "bag", "chilled"}};
  const StoreResult<PickList> stored = s.PutPickList("b1", wave);
  BOOST_REQUIRE(stored.ok());
  BOOST_TEST(stored.value().version == 1);
  BOOST_TEST(!stored.value().created_at.empty());
  PickList read = *s.GetPickList("b1", "PL-1");
  BOOST_TEST((read.lines == wave.lines));
  BOOST_TEST((read.containers == wave.containers));
  BOOST_TEST(read.layout_version == 3);
  // A shipment already in a list: refused whole, naming it; nothing of the second list is kept.
  PickList other = wave;
  other.id = "PL-2";
  other.shipments = {{"o3", 0, ""}, {"o2", 0, ""}};
  const StoreResult<PickList> refused = s.PutPickList("b1", other);
  BOOST_REQUIRE(!refused.ok());
  BOOST_TEST(KindName(refused.error().kind) == std::string("conflict"));
  BOOST_TEST(refused.error().field == "shipments[1]");
  BOOST_TEST(!s.GetPickList("b1", "PL-2"));
  BOOST_TEST(!s.PickListOf("b1", "o3", 0));
  BOOST_TEST(s.PickListOf("b1", "o2", 0)->id == "PL-1");
  BOOST_TEST(!s.PickListOf("b1", "o2", 1));
  // Another brand's shipments are its own.
  BOOST_TEST(s.PutPickList("b2", wave).ok());
  // Written over its version; a write over an old one is refused.
  read.status = "picking";
  read.picker = "staff:t1 Ann";
  BOOST_TEST_REQUIRE(s.PutPickList("b1", read).ok());
  const StoreResult<PickList> stale = s.PutPickList("b1", read);
  BOOST_REQUIRE(!stale.ok());
  BOOST_TEST(KindName(stale.error().kind) == std::string("conflict"));
  BOOST_TEST(s.GetPickList("b1", "PL-1")->version == 2);
  // Listed by site and status, oldest first.
  other.shipments = {{"o3", 0, ""}};
  BOOST_TEST_REQUIRE(s.PutPickList("b1", other).ok());
  BOOST_TEST(s.ListPickLists("b1", "s1", "", 10).size() == 2u);
  BOOST_TEST(s.ListPickLists("b1", "s1", "", 10)[0].id == "PL-1");
  BOOST_TEST(s.ListPickLists("b1", "s1", "open", 10).size() == 1u);
  BOOST_TEST(s.ListPickLists("b1", "s1", "picking", 10)[0].picker == "staff:t1 Ann");
  BOOST_TEST(s.ListPickLists("b1", "s1", "", 1).size() == 1u);
  BOOST_TEST(s.ListPickLists("b1", "s2", "", 10).empty());
  // Two pickers claiming at once: one write wins.
  PickList base = *s.GetPickList("b1", "PL-2");
  std::atomic<int> won{0};
  std::vector<std::thread> pickers;
  for (int i = 0; i < 6; ++i) {
    pickers.emplace_back([&, i] {
      PickList claim = base;
      claim.status = "picking";
      claim.picker = "staff:p" + std::to_string(i);
      if (s.PutPickList("b1", claim).ok()) ++won;
    });
  }
  for (std::thread& th : pickers) th.join();
  BOOST_TEST(won == 1);
}
