#define BOOST_TEST_MODULE edge_children
// An order served by three sites, through relais-edge's HTTP API: three child orders, each with its own
// lines, reservations, staff and status, as if the shopper had ordered at each site; the parent's status
// and total follow them; a transfer between two stores moves stock on both sides (out, in transit, in);
// cancelling the parent cancels what still can be and says why the rest goes on.
#include <boost/test/unit_test.hpp>

#include "tests/edge/edge_process.h"

using namespace relais::testing;
using nlohmann::json;

namespace {

const char* kJson = "application/json";

json Site(const std::string& kind, const json& capabilities) {
  return {{"kind", kind},
          {"name", kind},
          {"zone", "paris"},
          {"location", {{"country", "FR"}, {"lat", 48.86}, {"lon", 2.35}, {"tz", "Europe/Paris"}}},
          {"capabilities", capabilities}};
}

struct Fixture {
  // Children may be cancelled up to "preparing": one that has shipped may not.
  EdgeFolder folder{json{{"last_cancellable_status", "preparing"}}};
  EdgeProcess edge{folder};
  std::unique_ptr<httplib::Client> http = edge.Client();
  std::string staff_a, staff_b;
  int requests = 0;

  Fixture() {
    const json collect = {{"cost_cents", 0}, {"lead_time_hours", 2}};
    const json transfer = {{"cost_cents", 150}, {"lead_time_hours", 24}, {"transit_days", 1}};
    Put("/v1/sites/wh", Site("warehouse", {{"home", {{"cost_cents", 590}, {"lead_time_hours", 48}}}}));
    Put("/v1/sites/store-a", Site("store", {{"click_collect", collect}, {"transfer", transfer}}));
    Put("/v1/sites/store-b", Site("store", {{"click_collect", collect}}));
    Put("/v1/products/BOOK", {{"name", "Guide"},
                              {"category", "books"},
                              {"temperature", "ambient"},
                              {"weight_g", 400},
                              {"price_cents", 1000}});
    for (const char* site : {"wh", "store-a", "store-b"}) {
      Post("/v1/stock/movements", {{"kind", "receipt"}, {"sku", "BOOK"}, {"site", site}, {"quantity", 10}});
    }
    staff_a = Post("/v1/staff-tokens", {{"site", "store-a"}, {"name", "Ana"}})["token"];
    staff_b = Post("/v1/staff-tokens", {{"site", "store-b"}, {"name", "Bea"}})["token"];
  }

  void Put(const std::string& path, const json& body) {
    const httplib::Result r = http->Put(path, Merchant(), body.dump(), kJson);
    BOOST_REQUIRE_MESSAGE(r && r->status == 200, path << ": " << (r ? r->body : "no answer"));
  }
  json Post(const std::string& path, const json& body, const std::string& token = kMerchantKey, int expected = 0) {
    httplib::Headers h = {{"Authorization", "Bearer " + token}, {"Idempotency-Key", "k" + std::to_string(++requests)}};
    const httplib::Result r = http->Post(path, h, body.dump(), kJson);
    BOOST_REQUIRE_MESSAGE(r, path << ": no answer");
    if (expected) {
      BOOST_REQUIRE_MESSAGE(r->status == expected, path << " answered " << r->status << ": " << r->body);
    } else {
      BOOST_REQUIRE_MESSAGE(r->status / 100 == 2, path << " answered " << r->status << ": " << r->body);
    }
    return json::parse(r->body);
  }
  json Get(const std::string& path, const std::string& token = kMerchantKey) {
    const httplib::Result r = http->Get(path, {{"Authorization", "Bearer " + token}});
    BOOST_REQUIRE_MESSAGE(r && r->status == 200, path << ": " << (r ? r->body : "no answer"));
    return json::parse(r->body);
  }
  json Stock(const std::string& site) { return Get("/v1/stock/BOOK?site=" + site)["sites"][0]; }
  json Step(const std::string& id, const std::string& status, const std::string& token = kMerchantKey) {
    return Post("/v1/orders/" + id + "/status", {{"status", status}}, token);
  }
};

// Bought at store-b: a book shipped home from the warehouse, two reserved at store-a and sent to store-b
// for collection, one collected from store-b's own shelf.
json ThreeSiteOrder() {
  return {{"customer_id", "c-1"},
          {"purchase_site", "store-b"},
          {"lines",
           {{{"sku", "BOOK"},
             {"quantity", 1},
             {"site", "wh"},
             {"mode", "home"},
             {"destination",
              {{"address", {"5 rue Oberkampf"}}, {"postcode", "75011"}, {"city", "PARIS"}, {"country", "FR"}}}},
            {{"sku", "BOOK"},
             {"quantity", 2},
             {"site", "store-a"},
             {"mode", "click_collect"},
             {"destination", {{"site", "store-b"}}}},
            {{"sku", "BOOK"}, {"quantity", 1}, {"site", "store-b"}, {"mode", "click_collect"}}}}};
}

std::vector<std::string> Ids(const json& orders) {
  std::vector<std::string> ids;
  for (const json& o : orders) ids.push_back(o["id"]);
  return ids;
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(three_sites_three_children_that_move_on_their_own, Fixture) {
  const json parent = Post("/v1/orders", ThreeSiteOrder());
  const std::string id = parent["id"];
  BOOST_REQUIRE(parent["children"].size() == 3u);
  const std::string wh = parent["children"][0]["id"], a = parent["children"][1]["id"], b = parent["children"][2]["id"];
  BOOST_TEST(parent["children"][0]["site"] == "wh");
  BOOST_TEST(parent["children"][1]["site"] == "store-a");
  BOOST_TEST(parent["children"][2]["site"] == "store-b");
  int64_t children_total = 0;
  for (const json& c : parent["children"]) children_total += c["total_cents"].get<int64_t>();
  BOOST_TEST(parent["total_cents"] == children_total);
  BOOST_TEST(parent["total_cents"] == 4 * 1000 + 590 + 150);  // Four books, the home parcel, the transfer.

  // Each child is an order of its own site: its lines, its delivery, its total, a link to the parent.
  const json child_a = Get("/v1/orders/" + a);
  BOOST_TEST(child_a["parent_id"] == id);
  BOOST_TEST(child_a["site"] == "store-a");
  BOOST_REQUIRE(child_a["lines"].size() == 1u);
  BOOST_TEST(child_a["lines"][0]["quantity"] == 2);
  BOOST_TEST(child_a["total_cents"] == 2 * 1000 + 150);
  // Reserved where the goods are, for the child that will move them.
  BOOST_TEST(Stock("wh")["reserved"] == 1);
  BOOST_TEST(Stock("store-a")["reserved"] == 2);
  BOOST_TEST(Stock("store-b")["reserved"] == 1);
  const json history = Get("/v1/stock/BOOK/history?site=store-a&limit=1")["ledger"];
  BOOST_TEST(history[0]["reference"] == a);

  // store-a's staff see their child, not the parent nor the other sites' parts.
  BOOST_TEST(Ids(Get("/v1/orders", staff_a)["orders"]) == std::vector<std::string>({a}));
  BOOST_TEST(http->Get("/v1/orders/" + id, {{"Authorization", "Bearer " + staff_a}})->status == 404);
  // store-b, where it was bought, sees the warehouse's child but does not ship it: stock leaves a site by that
  // site's hands (roles.h). It does hand over what is collected at store-b (below).
  const httplib::Headers as_b = {{"Authorization", "Bearer " + staff_b}};
  BOOST_TEST(http->Get("/v1/orders/" + wh, as_b)->status == 200);
  BOOST_TEST(ErrorCode(http->Post("/v1/orders/" + wh + "/status", as_b, R"({"status": "preparing"})", kJson)) ==
             "forbidden");
  BOOST_TEST(ErrorCode(http->Post("/v1/orders/" + wh + "/events", as_b, R"({"event": "preparation_started"})",
                                  kJson)) == "forbidden");
  BOOST_TEST(Get("/v1/orders/" + wh)["status"] == "placed");
  // Availability: store-a's staff read their own stock, and of the others only whether a unit is there.
  const json seen = Get("/v1/availability?skus=BOOK&site=store-a", staff_a)["stock"]["BOOK"];
  BOOST_TEST(seen == json({{"store-a", 8}, {"store-b", 1}, {"wh", 1}}), seen.dump());
  BOOST_TEST(Get("/v1/availability?skus=BOOK&site=store-a")["stock"]["BOOK"]["wh"] == 9);  // The merchant: exact.
  BOOST_TEST(http->Get("/v1/availability?skus=BOOK&site=store-b", {{"Authorization", "Bearer " + staff_a}})->status ==
             403);
  // The parent's status follows its children: it cannot be moved itself.
  BOOST_TEST(ErrorCode(http->Post("/v1/orders/" + id + "/status", Merchant(), R"({"status": "preparing"})", kJson)) ==
             "derived_status");

  // store-a prepares and sends the two books to store-b: out of store-a, in transit at store-b. Each side
  // moves its own part of the transfer: store-b's staff do not prepare store-a's goods.
  BOOST_TEST(ErrorCode(http->Post("/v1/orders/" + a + "/status", as_b, R"({"status": "preparing"})", kJson)) ==
             "forbidden");
  BOOST_TEST(ErrorCode(http->Post("/v1/orders/" + a + "/events", as_b, R"({"event": "preparation_started"})", kJson)) ==
             "forbidden");
  Step(a, "preparing", staff_a);
  Step(a, "shipped", staff_a);
  const json stock_a = Stock("store-a"), stock_b = Stock("store-b");
  BOOST_TEST(stock_a["on_hand"] == 8);
  BOOST_TEST(stock_a["reserved"] == 0);
  BOOST_TEST(stock_b["in_transit"] == 2);
  BOOST_TEST(Get("/v1/orders/" + id)["status"] == "placed");  // The least advanced child: still placed.
  Step(wh, "preparing");
  Step(b, "preparing", staff_b);
  BOOST_TEST(Get("/v1/orders/" + id)["status"] == "preparing");

  // The shopper cancels: the warehouse's and store-b's parts still can be, store-a's has left.
  const json cancelled = Post("/v1/orders/" + id + "/cancel", json::object());
  BOOST_REQUIRE(cancelled["cancellation"].size() == 3u);
  BOOST_TEST(cancelled["cancellation"][0]["cancelled"] == true);
  BOOST_TEST(cancelled["cancellation"][1]["cancelled"] == false);
  BOOST_TEST(cancelled["cancellation"][1]["reason"] == "too late: store-a's part is already shipped");
  BOOST_TEST(cancelled["cancellation"][2]["cancelled"] == true);
  BOOST_TEST(cancelled["status"] == "shipped");  // What goes on: store-a's part.
  BOOST_TEST(cancelled["total_cents"] == 2 * 1000 + 150);
  BOOST_TEST(Stock("wh")["reserved"] == 0);
  BOOST_TEST(Stock("store-b")["reserved"] == 0);

  // The books reach store-b and the shopper collects them there: received, then sold at store-b.
  // Staff hand a collection over on the code the shopper shows, on this route too; the back office too, or
  // says why not.
  BOOST_TEST(ErrorCode(http->Post("/v1/orders/" + a + "/status", Merchant(), R"({"status": "collected"})", kJson)) ==
             "invalid_field");
  BOOST_TEST(ErrorCode(http->Post("/v1/orders/" + a + "/status", as_b, R"({"status": "collected"})", kJson)) ==
             "invalid_field");
  BOOST_TEST(ErrorCode(http->Post("/v1/orders/" + a + "/status", as_b, R"({"status": "collected", "code": "000000"})",
                                  kJson)) == "wrong_pickup_code");
  BOOST_TEST(Get("/v1/orders/" + a)["status"] == "shipped");
  const auto code_shown = [&] {
    const json timeline = Get("/v1/orders/" + id + "/timeline", parent["tracking_token"]);
    for (const json& s : timeline["shipments"]) {
      if (s["order"] == a) return s.value("pickup_code", "");
    }
    return std::string();
  };
  // On their way, not at the counter yet: no code until store-b receives them (the transfer's workflow);
  // receiving them is store-b's, not store-a's.
  BOOST_TEST(code_shown().empty());
  BOOST_TEST(ErrorCode(http->Post("/v1/orders/" + a + "/events", {{"Authorization", "Bearer " + staff_a}},
                                  R"({"event": "transfer_received"})", kJson)) == "forbidden");
  BOOST_TEST(Post("/v1/orders/" + a + "/events", {{"event", "transfer_received"}}, staff_b)["shipment"]["step"] ==
             "ready_for_pickup");
  const std::string code = code_shown();
  BOOST_REQUIRE(!code.empty());
  Post("/v1/orders/" + a + "/status", {{"status", "collected"}, {"code", code}}, staff_b);
  const json after = Stock("store-b");
  BOOST_TEST(after["in_transit"] == 0);
  BOOST_TEST(after["on_hand"] == 10);  // Two in from store-a, two out to the shopper.
  BOOST_TEST(after["reserved"] == 0);
  BOOST_TEST(Get("/v1/orders/" + id)["status"] == "collected");
  // Nothing is left to cancel.
  const httplib::Result late = http->Post("/v1/orders/" + id + "/cancel", Merchant(), "{}", kJson);
  BOOST_TEST(late->status == 409);
  BOOST_TEST(json::parse(late->body)["error"]["children"].size() == 3u);
}

BOOST_FIXTURE_TEST_CASE(an_order_its_purchase_site_serves_alone_has_no_children, Fixture) {
  json order = ThreeSiteOrder();
  order["lines"] = json::array({order["lines"][2]});
  const json placed = Post("/v1/orders", order);
  BOOST_TEST(!placed.contains("children"));
  BOOST_TEST(Step(placed["id"], "preparing", staff_b)["status"] == "preparing");
  // Served by another site than the one it was bought at: one child, for that site's staff.
  order["lines"] = json::array({ThreeSiteOrder()["lines"][0]});
  const json elsewhere = Post("/v1/orders", order);
  BOOST_REQUIRE(elsewhere["children"].size() == 1u);
  BOOST_TEST(elsewhere["children"][0]["site"] == "wh");
  // Customer service acts on the order the caller knows: with one child, the action lands on that child.
  order["lines"] = json::array({ThreeSiteOrder()["lines"][1]});
  const json transferred = Post("/v1/orders", order);
  BOOST_REQUIRE(transferred["children"].size() == 1u);
  const std::string day = "2099-06-03";
  const json moved = Post("/v1/orders/" + transferred["id"].get<std::string>() + "/actions",
                          {{"action", "change_slot"}, {"reason", "the caller collects later"}, {"date", day}});
  BOOST_TEST(moved["id"] == transferred["children"][0]["id"]);
  BOOST_TEST(moved["lines"][0]["date"] == day);
}
