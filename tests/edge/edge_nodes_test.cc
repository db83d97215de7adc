#define BOOST_TEST_MODULE edge_nodes
// Three relais-edge processes on one PostgreSQL database, as a merchant runs them behind one address: any
// node answers any request, and every guarantee of one node holds across them -- 64 shoppers spread over the
// nodes for the last 10 units make exactly 10 orders; one Idempotency-Key sent to two nodes at once makes one
// order; a node killed (SIGKILL) in the middle of a write load loses no acknowledged order and leaks no
// reservation while the others keep serving; each notification is sent once while nodes stop and start.
#include <libpq-fe.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "tests/edge/edge_process.h"
#include "tests/edge/smtp_sink.h"

using namespace relais::testing;
using nlohmann::json;

namespace {

const char* kJson = "application/json";

// A page cursor ("<created_at> <id>") as a query parameter.
std::string SpacesEncoded(std::string text) {
  for (size_t at; (at = text.find(' ')) != std::string::npos;) text.replace(at, 1, "%20");
  return text;
}

std::string MakeDir() {
  char pattern[] = "/tmp/relais-edge-nodes-XXXXXX";
  return mkdtemp(pattern);
}

// The nodes: each its own folder and configuration, all on one database; node i can be stopped, killed and
// started again.
struct Cluster {
  explicit Cluster(int nodes) : dir(MakeDir()), smtp(dir + "/mail.jsonl") {
    json extra = {{"database", database}, {"threads", 16}};
    extra["brands"] = json::parse(R"([
        {"id": "demo", "name": "Boutique Démo", "api_key_env": "TEST_DEMO_KEY",
         "settings": {"zones": {"paris": {"name": "Paris"}}},
         "notifications": {"email": {"from": "boutique@shop.example", "from_name": "Boutique Démo"},
                           "retry_initial_ms": 50, "max_attempts": 4}},
        {"id": "other", "name": "Other", "api_key_env": "TEST_OTHER_KEY"}])");
    extra["brands"][0]["notifications"]["email"]["smtp_url"] = "smtp://127.0.0.1:" + std::to_string(smtp.port());
    for (int i = 0; i < nodes; ++i) folders.push_back(std::make_unique<EdgeFolder>(extra));
    for (int i = 0; i < nodes; ++i) Start(i);
    http = node[0]->Client();
    Call("PUT", "/v1/sites/wh-1",
         {{"kind", "warehouse"},
          {"name", "Entrepôt Nord"},
          {"zone", "paris"},
          {"location",
           {{"address", {"ZI Nord"}},
            {"postcode", "93200"},
            {"city", "SAINT-DENIS"},
            {"country", "FR"},
            {"lat", 48.93},
            {"lon", 2.36},
            {"tz", "Europe/Paris"}}},
          {"capabilities", {{"click_collect", {{"cost_cents", 0}, {"lead_time_hours", 2}}}}}});
    Call("PUT", "/v1/sites/drive-1",
         {{"kind", "drive"},
          {"name", "Drive Nord"},
          {"zone", "paris"},
          {"location",
           {{"address", {"2 avenue du Stade"}},
            {"postcode", "93200"},
            {"city", "SAINT-DENIS"},
            {"country", "FR"},
            {"lat", 48.93},
            {"lon", 2.36},
            {"tz", "Europe/Paris"}}},
          {"capabilities", {{"drive", {{"cost_cents", 0}, {"lead_time_hours", 2}}}}}});
  }
  ~Cluster() {
    node.clear();  // Stopped before the folders go.
    std::filesystem::remove_all(dir);
  }

  void Start(int i) {
    if (static_cast<int>(node.size()) <= i) node.resize(i + 1);
    node[i] = std::make_unique<EdgeProcess>(*folders[i]);
  }
  json Call(const std::string& method, const std::string& path, const json& body = nullptr, int expected = 0) {
    return CallJson(*http, method, path, body, expected);
  }
  void Product(const std::string& sku, int64_t units, const std::string& site = "wh-1") {
    Call("PUT", "/v1/products/" + sku,
         {{"name", sku},
          {"category", "c"},
          {"temperature", "ambient"},
          {"weight_g", 100},
          {"dims_cm", {10, 10, 10}},
          {"price_cents", 100}});
    Call("POST", "/v1/stock/movements", {{"kind", "receipt"}, {"sku", sku}, {"site", site}, {"quantity", units}});
  }
  json Level(const std::string& sku) {
    const json stock = Call("GET", "/v1/stock/" + sku + "?site=wh-1");
    return stock["sites"].empty() ? json::object() : stock["sites"][0];
  }
  // Every order of the brand, page by page.
  std::vector<json> Orders() {
    std::vector<json> all;
    std::string cursor;
    do {
      const json page = Call("GET", "/v1/orders?limit=100" + (cursor.empty() ? "" : "&after=" + SpacesEncoded(cursor)));
      for (const json& o : page["orders"]) all.push_back(o);
      cursor = page["next"].is_null() ? "" : page["next"].get<std::string>();
    } while (!cursor.empty());
    return all;
  }

  std::string database = TestPostgres::Shared().NewDatabase();
  std::string dir;
  SmtpSink smtp;
  std::vector<std::unique_ptr<EdgeFolder>> folders;
  std::vector<std::unique_ptr<EdgeProcess>> node;
  std::unique_ptr<httplib::Client> http;
};

json CollectOrder(const std::string& customer, const std::string& sku, int64_t quantity) {
  return {{"customer_id", customer},
          {"lines", {{{"sku", sku}, {"quantity", quantity}, {"site", "wh-1"}, {"mode", "click_collect"}}}}};
}

// Runs `sql` as the test server's superuser; the first value of its answer ("" when none).
std::string AdminQuery(const std::string& sql) {
  PGconn* conn = PQconnectdb(TestPostgres::Shared().AdminUri().c_str());
  BOOST_REQUIRE_MESSAGE(PQstatus(conn) == CONNECTION_OK, PQerrorMessage(conn));
  PGresult* result = PQexec(conn, sql.c_str());
  const ExecStatusType status = PQresultStatus(result);
  BOOST_REQUIRE_MESSAGE(status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK, PQresultErrorMessage(result));
  const std::string value = PQntuples(result) > 0 ? PQgetvalue(result, 0, 0) : "";
  PQclear(result);
  PQfinish(conn);
  return value;
}

httplib::Result PostOrder(int port, const json& order, const std::string& key) {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(30, 0);
  httplib::Headers h = Merchant();
  h.emplace("Idempotency-Key", key);
  return client.Post("/v1/orders", h, order.dump(), kJson);
}

}  // namespace

BOOST_AUTO_TEST_CASE(sixty_four_shoppers_over_three_nodes_race_for_the_last_ten_units) {
  Cluster cluster(3);
  cluster.Product("LAST", 10);
  cluster.Product("PLENTY", 1000);
  std::atomic<int> created = 0, created_with_plenty = 0, refused = 0;
  std::mutex failures_mutex;
  std::string failures;
  std::vector<std::thread> shoppers;
  for (int s = 0; s < 64; ++s) {
    shoppers.emplace_back([&, s] {
      json order = CollectOrder("c" + std::to_string(s), "LAST", 1);
      // Odd shoppers also take a plentiful product: a refused order must leave nothing of itself reserved.
      if (s % 2 == 1) order["lines"].push_back(CollectOrder("", "PLENTY", 3)["lines"][0]);
      const httplib::Result r = PostOrder(cluster.node[s % 3]->port(), order, "race-" + std::to_string(s));
      if (r && r->status == 201) {
        ++created;
        if (s % 2 == 1) ++created_with_plenty;
      } else if (r && r->status == 409 && ErrorCode(r) == "insufficient_stock") {
        ++refused;
      } else {
        const std::lock_guard<std::mutex> lock(failures_mutex);
        failures += (r ? std::to_string(r->status) + " " + r->body : httplib::to_string(r.error())) + "; ";
      }
    });
  }
  for (std::thread& t : shoppers) t.join();
  BOOST_TEST(failures.empty(), failures);
  BOOST_TEST(created == 10);
  BOOST_TEST(refused == 54);
  BOOST_TEST(cluster.Level("LAST")["reserved"] == 10);
  BOOST_TEST(cluster.Level("LAST")["available"] == 0);
  BOOST_TEST(cluster.Level("PLENTY")["reserved"] == 3 * created_with_plenty);
  BOOST_TEST(cluster.Orders().size() == 10u);
  // Each node counts the writes it ran again after a collision; how many depends on the timing.
  uint64_t retries = 0;
  for (const auto& node : cluster.node) {
    const std::string text = node->Client()->Get("/metrics", Merchant(kMetricsToken))->body;
    const size_t at = text.find("\nrelais_store_write_retries_total ");
    BOOST_REQUIRE_MESSAGE(at != std::string::npos, text);
    retries += std::stoull(text.substr(at + 34));
  }
  BOOST_TEST_MESSAGE("write transactions run again across the nodes: " << retries);
}

BOOST_AUTO_TEST_CASE(one_idempotency_key_sent_to_two_nodes_at_once_makes_one_order) {
  Cluster cluster(3);
  cluster.Product("BOOK", 1000);
  for (int round = 0; round < 20; ++round) {
    const std::string key = "twice-" + std::to_string(round);
    const json order = CollectOrder("c" + std::to_string(round), "BOOK", 2);
    std::pair<int, json> answers[2];
    std::atomic<int> ready = 0;
    std::vector<std::thread> senders;
    for (int n = 0; n < 2; ++n) {
      senders.emplace_back([&, n] {
        ++ready;
        while (ready < 2) {
        }
        const httplib::Result r = PostOrder(cluster.node[(round + n) % 3]->port(), order, key);
        answers[n] = r ? std::pair<int, json>{r->status, json::parse(r->body)} : std::pair<int, json>{0, nullptr};
      });
    }
    for (std::thread& t : senders) t.join();
    // One made it (201), the other got the same order back (200, replayed).
    const std::multiset<int> statuses = {answers[0].first, answers[1].first};
    BOOST_TEST((statuses == std::multiset<int>{200, 201}), answers[0].second << " / " << answers[1].second);
    BOOST_TEST(answers[0].second["id"] == answers[1].second["id"]);
  }
  BOOST_TEST(cluster.Orders().size() == 20u);
  BOOST_TEST(cluster.Level("BOOK")["reserved"] == 40);  // Reserved once per order.
}

// The database out of reach (its connections cut, new ones refused, as while it restarts): a write answers 503
// store_unavailable with Retry-After, /readyz says not ready, and once the database is back the same order with
// its key is placed once, on a new connection, without restarting the node.
BOOST_AUTO_TEST_CASE(a_database_out_of_reach_answers_503_and_the_node_recovers_by_itself) {
  Cluster cluster(1);
  cluster.Product("BOOK", 10);
  const std::string name = cluster.database.substr(cluster.database.rfind('/') + 1);
  AdminQuery("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
  AdminQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
  // pg_terminate_backend only signals: wait for the backends to be gone.
  for (int i = 0; i < 200 && AdminQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '" + name + "'") != "0";
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  const json order = CollectOrder("c1", "BOOK", 1);
  const httplib::Result away = PostOrder(cluster.node[0]->port(), order, "outage-1");
  BOOST_REQUIRE(away);
  BOOST_TEST(away->status == 503, away->body);
  BOOST_TEST(ErrorCode(away) == "store_unavailable");
  BOOST_TEST(away->get_header_value("Retry-After") == "2");
  BOOST_TEST(cluster.node[0]->Client()->Get("/readyz")->status == 503);

  AdminQuery("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
  const httplib::Result back = PostOrder(cluster.node[0]->port(), order, "outage-1");
  BOOST_REQUIRE(back);
  BOOST_TEST(back->status == 201, back->body);
  BOOST_TEST(cluster.node[0]->Client()->Get("/readyz")->status == 200);
  BOOST_TEST(cluster.Orders().size() == 1u);
  BOOST_TEST(cluster.Level("BOOK")["reserved"] == 1);
  const std::string text = cluster.node[0]->Client()->Get("/metrics", Merchant(kMetricsToken))->body;
  BOOST_TEST(text.find("relais_store_unavailable_total 1\n") != std::string::npos, text);
}

BOOST_AUTO_TEST_CASE(a_node_killed_during_a_write_load_loses_no_acknowledged_order_and_leaks_no_reservation) {
  Cluster cluster(3);
  cluster.Product("BOOK", 100000);
  // Shoppers place orders without pause, each on a node of its own; an order whose node died unanswered is
  // sent again with its key to the next node, as a load balancer or the shop's retry does.
  std::atomic<bool> stop = false, killed = false;
  std::atomic<int> after_kill = 0;
  std::mutex mutex;
  std::map<std::string, std::string> acknowledged;  // Idempotency-Key -> order id.
  std::string failures;
  std::vector<std::thread> shoppers;
  for (int s = 0; s < 12; ++s) {
    shoppers.emplace_back([&, s] {
      for (int k = 0; !stop; ++k) {
        const std::string key = "load-" + std::to_string(s) + "-" + std::to_string(k);
        const json order = CollectOrder("c" + std::to_string(s), "BOOK", 1 + k % 3);
        for (int attempt = 0, n = s % 3;; ++attempt, n = (n + 1) % 3) {
          if (killed && n == 2) continue;  // Its address is gone from the balancer.
          const httplib::Result r = PostOrder(cluster.node[n]->port(), order, key);
          if (r && (r->status == 201 || r->status == 200)) {
            const std::lock_guard<std::mutex> lock(mutex);
            acknowledged[key] = Body(r)["id"];
            if (killed) ++after_kill;
            break;
          }
          if (r || attempt == 5) {  // An answer that is not a success, or no node left: a failure.
            const std::lock_guard<std::mutex> lock(mutex);
            failures += (r ? std::to_string(r->status) + " " + r->body : "no node answered " + key) + "; ";
            break;
          }
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const pid_t victim = cluster.node[2]->pid();
  cluster.node[2]->Kill();
  killed = true;
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  stop = true;
  for (std::thread& t : shoppers) t.join();
  BOOST_TEST(failures.empty(), failures);
  BOOST_TEST(victim > 0);
  BOOST_TEST(after_kill > 0);  // The other nodes kept serving.
  BOOST_TEST_MESSAGE(acknowledged.size() << " orders acknowledged, " << after_kill << " after the kill");
  // Every acknowledged order is there, once; the orders stored are exactly the acknowledged ones (a write
  // cut by the kill was either not made, or replayed to its shopper by the next node), and the reservation
  // adds up to their lines: nothing leaked.
  std::set<std::string> stored;
  int64_t units = 0;
  for (const json& o : cluster.Orders()) {
    stored.insert(o["id"].get<std::string>());
    for (const json& line : o["lines"]) units += line["quantity"].get<int64_t>();
  }
  std::set<std::string> acked;
  for (const auto& [key, id] : acknowledged) acked.insert(id);
  BOOST_TEST(acked.size() == acknowledged.size());
  BOOST_TEST((stored == acked));
  BOOST_TEST(cluster.Level("BOOK")["reserved"] == units);
  BOOST_TEST(cluster.Level("BOOK")["on_hand"] == 100000);
}

BOOST_AUTO_TEST_CASE(each_notification_is_sent_once_while_nodes_stop_and_start) {
  Cluster cluster(3);
  cluster.Product("BOOK", 1000, "drive-1");
  // 30 drive orders become ready through the three nodes in turn; each readiness queues one e-mail, which
  // whichever node's sender claims it sends. Meanwhile the nodes stop (drained: SIGTERM) and start again, one
  // after the other.
  std::vector<std::string> ids;
  std::atomic<int> unclean_stops = 0;
  std::thread churn([&] {
    for (int round = 0; round < 3; ++round) {
      for (int i = 1; i < 3; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
        if (cluster.node[i]->Stop() != 0) ++unclean_stops;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        cluster.Start(i);
      }
    }
  });
  for (int k = 0; k < 30; ++k) {
    const json line = {{"sku", "BOOK"}, {"quantity", 1}, {"site", "drive-1"}, {"mode", "drive"}};
    const json created =
        cluster.Call("POST", "/v1/orders",
                     {{"customer_id", "c" + std::to_string(k)},
                      {"contact", {{"name", "Ada"}, {"email", "ada" + std::to_string(k) + "@example.com"}}},
                      {"lines", {line}}});
    const std::string id = created["id"];
    cluster.Call("POST", "/v1/orders/" + id + "/events", {{"event", "preparation_started"}});
    cluster.Call("POST", "/v1/orders/" + id + "/events", {{"event", "preparation_done"}});
    ids.push_back(id);
  }
  churn.join();
  BOOST_TEST(unclean_stops == 0);
  BOOST_REQUIRE(Eventually([&] { return cluster.smtp.Messages().size() >= ids.size(); }));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // Time for a second sending, were there one.
  std::map<std::string, int> per_recipient;
  for (const json& m : cluster.smtp.Messages()) ++per_recipient[m["rcpt_tos"][0].get<std::string>()];
  BOOST_TEST(per_recipient.size() == ids.size());
  for (const auto& [to, count] : per_recipient) BOOST_TEST(count == 1, to << " got " << count);
  for (const std::string& id : ids) {
    const json sent = cluster.Call("GET", "/v1/orders/" + id + "/notifications")["notifications"];
    BOOST_REQUIRE(sent.size() == 1u);
    BOOST_TEST(sent[0]["status"] == "sent");
  }
}
