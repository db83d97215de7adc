// The order domain (edge/orders/) on its own: no HTTP, no SQLite -- an in-memory Store (memory_store.h)
// under OrderService and OrderLifecycle. What the floors above the store decide is tested here once; the
// HTTP suites test the same paths through the API.
#define BOOST_TEST_MODULE order_lifecycle
#include "edge/orders/order_lifecycle.h"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "edge/http/order_errors.h"
#include "edge/orders/order_questions.h"
#include "edge/orders/order_service.h"
#include "tests/edge/memory_store.h"

namespace relais::edge {
namespace {

using nlohmann::json;

const std::string kBrand = "shop";

// A brand with a store and a warehouse that both hand orders over at their counter, two products with
// stock at each, and the order service above it all.
struct Family {
  MemoryStore store;
  RelaySnapshot relays{"/nonexistent/points.relais"};  // No relay line here: no snapshot needed.
  std::map<std::string, uint64_t> counted;
  OrderService orders{&store, &relays, nullptr, [](const Snapshot&, uint32_t, double) { return json(); },
                      [this](const std::string& name, uint64_t n) { counted[name] += n; }};
  OrderLifecycle lifecycle{&store};
  Brand brand{kBrand, "Shop", "hash", json::object()};

  Family() {
    store.PutBrand(brand);
    for (const char* id : {"store", "wh"}) {
      Site site;
      site.id = id;
      site.kind = std::string(id) == "wh" ? "warehouse" : "store";
      site.name = id;
      site.capabilities = {{"click_collect", {{"enabled", true}}}};
      store.PutSite(kBrand, site);
    }
    for (const char* sku : {"BOOK", "TENT"}) {
      Product product;
      product.sku = sku;
      product.name = sku;
      product.weight_g = 500;
      product.price_cents = std::string(sku) == "BOOK" ? 1200 : 8900;
      store.PutProduct(kBrand, product);
      for (const char* site : {"store", "wh"}) {
        BOOST_REQUIRE(store.PostMovements(kBrand, {{MovementKind::kReceipt, sku, site, 10, "", "count"}}).ok());
      }
    }
  }

  // An order of `quantity` BOOK collected at the store and `quantity` TENT collected at the warehouse: a
  // parent with one child per site.
  Order PlaceTwoSites(const std::string& key, int64_t quantity = 1) {
    OrderRequest request;
    request.customer_id = "c1";
    request.lines = {{"BOOK", quantity, "store", DeliveryMode::kClickCollect, json::object(), "", "", "", ""},
                     {"TENT", quantity, "wh", DeliveryMode::kClickCollect, json::object(), "", "", "", ""}};
    OrderResult<OrderService::Placed> placed = orders.Place(brand, BrandSettings{}, request, key, "hash-" + key);
    BOOST_REQUIRE_MESSAGE(placed.ok(), (placed.ok() ? "" : placed.error().code + ": " + placed.error().message));
    return placed->order;
  }

  StockLevel Level(const std::string& sku, const std::string& site) {
    for (const SiteStock& s : store.StockOf(kBrand, sku, site)) return s.level;
    return {};
  }

  Order Get(const std::string& id) { return *store.GetOrder(kBrand, id); }
};

const std::vector<OrderStatus> kCancellable = {OrderStatus::kPlaced, OrderStatus::kPreparing};
const Actor kStaff{"staff:stt_1 Ana", ""};

BOOST_FIXTURE_TEST_CASE(placing_prices_reserves_and_splits_by_site, Family) {
  const Order order = PlaceTwoSites("k1", 2);
  BOOST_TEST(order.total_cents == 2 * 1200 + 2 * 8900);
  BOOST_TEST(order.children.size() == 2u);
  BOOST_TEST(Level("BOOK", "store").reserved == 2);
  BOOST_TEST(Level("TENT", "wh").reserved == 2);
  BOOST_TEST(counted["orders_created"] == 1u);
  // The same key and request: the same order, reserved once.
  OrderRequest again;
  again.customer_id = "c1";
  again.lines = {{"BOOK", 2, "store", DeliveryMode::kClickCollect, json::object(), "", "", "", ""}};
  const OrderResult<OrderService::Placed> replay = orders.Place(brand, BrandSettings{}, again, "k1", "hash-k1");
  BOOST_REQUIRE(replay.ok());
  BOOST_TEST(replay->replayed);
  BOOST_TEST(replay->order.id == order.id);
  BOOST_TEST(Level("BOOK", "store").reserved == 2);
  // The same key with another request is refused; an unknown product names its line.
  BOOST_TEST(orders.Place(brand, BrandSettings{}, again, "k1", "other").error().code == "idempotency_key_reused");
  again.lines[0].sku = "NOPE";
  const OrderResult<OrderService::Placed> unknown = orders.Place(brand, BrandSettings{}, again, "k2", "hash-k2");
  BOOST_TEST(unknown.error().code == "not_found");
  BOOST_TEST(unknown.error().field == "lines[0].sku");
  // More than the stock: nothing reserved, the line named.
  again.lines[0] = {"TENT", 9, "wh", DeliveryMode::kClickCollect, json::object(), "", "", "", ""};
  const OrderResult<OrderService::Placed> short_of = orders.Place(brand, BrandSettings{}, again, "k3", "hash-k3");
  BOOST_TEST(short_of.error().code == "insufficient_stock");
  BOOST_TEST(short_of.error().field == "lines[0].quantity");
  BOOST_TEST(Level("TENT", "wh").reserved == 2);
}

BOOST_FIXTURE_TEST_CASE(a_parent_follows_its_children_and_cannot_be_moved_itself, Family) {
  const Order parent = PlaceTwoSites("k1");
  const std::string book_child = parent.children[0].id, tent_child = parent.children[1].id;
  BOOST_TEST(lifecycle.Advance(kBrand, parent.id, OrderStatus::kPreparing, kCancellable, kStaff).error().code ==
             "derived_status");
  BOOST_REQUIRE(lifecycle.Advance(kBrand, book_child, OrderStatus::kReady, kCancellable, kStaff).ok());
  BOOST_TEST(OrderStatusText(Get(parent.id).status) == "placed");  // The least advanced child.
  BOOST_REQUIRE(lifecycle.Advance(kBrand, tent_child, OrderStatus::kPreparing, kCancellable, kStaff).ok());
  BOOST_TEST(OrderStatusText(Get(parent.id).status) == "preparing");
  BOOST_TEST(OrderStatusText(Get(parent.id).children[0].status) == "ready");
  // Backwards is refused and changes nothing.
  BOOST_TEST(lifecycle.Advance(kBrand, book_child, OrderStatus::kPreparing, kCancellable, kStaff).error().code ==
             "status_backwards");
  // Collected: the reservation is sold at the store.
  BOOST_REQUIRE(lifecycle.Advance(kBrand, book_child, OrderStatus::kCollected, kCancellable, kStaff).ok());
  BOOST_TEST(Level("BOOK", "store").reserved == 0);
  BOOST_TEST(Level("BOOK", "store").on_hand == 9);
  const std::vector<OrderEvent> events = store.OrderEvents(kBrand, parent.id);
  BOOST_TEST(events.back().kind == "status");
  BOOST_TEST(events.back().actor == kStaff.who);
}

BOOST_FIXTURE_TEST_CASE(cancelling_a_parent_cancels_each_child_that_still_can_be, Family) {
  const Order parent = PlaceTwoSites("k1");
  const std::string book_child = parent.children[0].id, tent_child = parent.children[1].id;
  BOOST_REQUIRE(lifecycle.Advance(kBrand, book_child, OrderStatus::kReady, kCancellable, kStaff).ok());
  const OrderResult<OrderLifecycle::Advanced> cancelled =
      lifecycle.Advance(kBrand, parent.id, OrderStatus::kCancelled, kCancellable, kStaff);
  BOOST_REQUIRE(cancelled.ok());
  BOOST_TEST(cancelled->children.size() == 2u);
  BOOST_TEST(cancelled->children[0]["cancelled"] == false);  // Ready at the store: too late.
  BOOST_TEST(cancelled->children[1]["cancelled"] == true);
  BOOST_TEST(OrderStatusText(Get(tent_child).status) == "cancelled");
  BOOST_TEST(Level("TENT", "wh").reserved == 0);                    // Released.
  BOOST_TEST(Level("BOOK", "store").reserved == 1);                 // Still held for the shopper.
  BOOST_TEST(OrderStatusText(cancelled->order.status) == "ready");  // What is left of the order.
  // Nothing left that can be cancelled: refused, with each child's outcome.
  const OrderResult<OrderLifecycle::Advanced> again =
      lifecycle.Advance(kBrand, parent.id, OrderStatus::kCancelled, kCancellable, kStaff);
  BOOST_TEST(again.error().code == "not_cancellable");
  BOOST_TEST(again.error().details["children"].size() == 2u);
}

BOOST_FIXTURE_TEST_CASE(a_change_is_decided_again_when_another_write_came_first, Family) {
  const Order parent = PlaceTwoSites("k1");
  const std::string child = parent.children[1].id;
  int decisions = 0;
  const OrderResult<OrderLifecycle::Changed> changed =
      lifecycle.Change(kBrand, child, [&](Order* order, OrderCommit* commit, std::optional<OrderStatus>* status) {
        if (++decisions == 1) {  // Meanwhile, staff move the same order on.
          BOOST_REQUIRE(lifecycle.Advance(kBrand, child, OrderStatus::kPreparing, kCancellable, kStaff).ok());
        }
        order->progress = json::array({{{"mode", "click_collect"}, {"step", "prepared"}}});
        commit->events.push_back({order->id, "step", {{"seen", OrderStatusName(order->status)}}, kStaff});
        *status = OrderStatus::kReady;
        return true;
      });
  BOOST_REQUIRE(changed.ok());
  BOOST_TEST(decisions == 2);  // The first decision's write was refused: its read was stale.
  BOOST_TEST(OrderStatusText(changed->order.status) == "ready");
  const std::vector<OrderEvent> events = store.OrderEvents(kBrand, child);
  BOOST_REQUIRE(events.size() >= 3u);
  BOOST_TEST(events[events.size() - 2].details["seen"] == "preparing");  // Decided on the fresh read.
  BOOST_TEST(OrderStatusText(Get(parent.id).children[1].status) == "ready");
}

BOOST_FIXTURE_TEST_CASE(an_answer_that_removes_the_last_line_cancels_the_order, Family) {
  OrderRequest request;
  request.customer_id = "c2";
  request.purchase_site = "store";
  request.lines = {{"BOOK", 3, "store", DeliveryMode::kClickCollect, json::object(), "", "", "", ""}};
  const Order order = orders.Place(brand, BrandSettings{}, request, "q1", "hash-q1")->order;
  QuestionChange asked;
  asked.expected = order.questions;
  asked.questions = json::array({{{"id", "q_1"}, {"status", "open"}}});
  asked.kind = "question";
  asked.actor = kStaff;
  BOOST_REQUIRE(RecordQuestion(lifecycle, kBrand, order.id, asked).ok());
  // An answer decided on an old read of the questions is refused.
  BOOST_TEST(RecordQuestion(lifecycle, kBrand, order.id, asked).error().code == "order_moved");
  QuestionChange answer;
  answer.expected = asked.questions;
  answer.questions = json::array({{{"id", "q_1"}, {"status", "answered"}}});
  answer.lines = std::vector<OrderLine>();
  answer.movements = {{MovementKind::kRelease, "BOOK", "store", 3, "", order.id}};
  answer.kind = "answer";
  answer.actor = {"shopper", ""};
  const OrderResult<Order> answered = RecordQuestion(lifecycle, kBrand, order.id, answer);
  BOOST_REQUIRE(answered.ok());
  BOOST_TEST(OrderStatusText(answered->status) == "cancelled");
  BOOST_TEST(Level("BOOK", "store").reserved == 0);
  BOOST_TEST(store.OrderEvents(kBrand, order.id).back().actor == "shopper");
}

BOOST_FIXTURE_TEST_CASE(a_relay_order_without_a_snapshot_is_refused_as_unavailable_not_as_a_conflict, Family) {
  Site store_site = *store.GetSite(kBrand, "store");
  store_site.capabilities["relay"] = {{"enabled", true}, {"cost_cents", 390}};
  store.PutSite(kBrand, store_site);
  OrderRequest request;
  request.customer_id = "c3";
  request.lines = {{"BOOK",
                    1,
                    "store",
                    DeliveryMode::kRelay,
                    {{"carrier", "mondial-relay"}, {"id", "012345"}},
                    "",
                    "2026-12-10",
                    "",
                    ""}};
  const OrderResult<OrderService::Placed> placed = orders.Place(brand, BrandSettings{}, request, "r1", "hash-r1");
  BOOST_REQUIRE(!placed.ok());
  BOOST_TEST(placed.error().code == "relay_data_unavailable");
  BOOST_TEST(placed.error().field == "lines[0].destination");
  BOOST_TEST(HttpStatusOf(placed.error().code) == 503);  // Try again later: nothing is wrong with the order.
  BOOST_TEST(Level("BOOK", "store").reserved == 0);
}

}  // namespace
}  // namespace relais::edge
