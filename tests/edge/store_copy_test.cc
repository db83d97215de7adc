// relais-store-copy (edge/store/store_copy.h) through its command line. A shop served by a real relais-edge on
// SQLite -- orders reserving stock, moved through their workflow, returned, labelled, cancelled -- is copied to a
// fresh PostgreSQL database, and relais-edge on PostgreSQL then answers every read as the SQLite one did, takes
// new orders (the identity sequences were moved past the copied ids), replays an Idempotency-Key given before the
// move and continues the parcel numbers; a second copy into it is refused and changes nothing; the way back to
// SQLite gives the same answers again. Then the contract's edges: usage, a missing source, a failure halfway
// (the target stays empty), NULLs, tables that differ.
#define BOOST_TEST_MODULE store_copy
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "edge/store/open_store.h"
#include "edge/store/postgres_connection.h"
#include "edge/store/sql_connection.h"
#include "edge/store/sqlite_store.h"
#include "tests/edge/edge_process.h"
#include "tests/engine/test_points.h"
#include "tests/support/test_postgres.h"
#include "wasm/engine/snapshot_builder.h"

using namespace relais;
using namespace relais::testing;
using nlohmann::json;

namespace {

const char* kJson = "application/json";

std::string MakeDir() {
  char pattern[] = "/tmp/relais-store-copy-XXXXXX";
  return mkdtemp(pattern);
}

// A folder of the test's own, removed at the end.
struct Dir {
  std::string path = MakeDir();
  ~Dir() { std::filesystem::remove_all(path); }
};

// What a run of relais-store-copy printed, and its exit status.
struct Outcome {
  int status = -1;
  std::string out;
  std::string err;
};

Outcome RunCopy(const std::vector<std::string>& args) {
  const char* binary = std::getenv("RELAIS_STORE_COPY_BIN");
  BOOST_REQUIRE_MESSAGE(binary, "RELAIS_STORE_COPY_BIN must name the relais-store-copy binary");
  const Dir scratch;
  const std::string err_file = scratch.path + "/stderr";
  std::string command = std::string("'") + binary + "'";
  for (const std::string& a : args) command += " '" + a + "'";
  command += " 2>'" + err_file + "'";
  Outcome outcome;
  FILE* pipe = popen(command.c_str(), "r");
  BOOST_REQUIRE(pipe);
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) outcome.out.append(buffer, n);
  const int status = pclose(pipe);
  outcome.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::stringstream err;
  err << std::ifstream(err_file).rdbuf();
  outcome.err = err.str();
  return outcome;
}

// One Colissimo point, CO-1, for the relay orders.
void WriteSnapshot(const std::string& path) {
  SnapshotBuilder builder;
  RelayPoint shop = ParisShop("colissimo", "CO-1", 48.8584, 2.3470);
  shop.name = "Tabac du Châtelet";
  BOOST_REQUIRE(builder.Add(std::move(shop)).empty());
  const std::vector<uint8_t> bytes = builder.Build(DaysFromCivil(2026, 11, 25));
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// The shop's configuration, on `database`: relay orders, home labels numbered from Colissimo's range, returns
// dropped at a store.
json ShopConfig(const std::string& dir, const std::string& database) {
  json config = json::parse(R"({"brands": [
      {"id": "demo", "name": "Demo", "api_key_env": "TEST_DEMO_KEY",
       "settings": {"relay_enabled": true, "zones": {"paris": {"name": "Paris"}}},
       "shipping": {"home_carrier": "colissimo", "accounts": [
         {"carrier": "colissimo", "account": "C-HOME", "name": "Colissimo", "modes": ["home"],
          "ranges": [{"scheme": "colissimo", "prefix": "6A", "first": 1, "last": 999999}]}]},
       "returns": {"window_days": 30, "reasons": [{"code": "changed_mind", "label": {"fr": "Changé d'avis"}}],
                   "drop_off": {"stores": true}}},
      {"id": "other", "name": "Other", "api_key_env": "TEST_OTHER_KEY"}]})");
  config["snapshot"] = dir + "/points.relais";
  config["database"] = database;
  return config;
}

json RelayOrder(int quantity) {
  return {{"customer_id", "c1"},
          {"contact", {{"name", "Hélène Dupré"}, {"email", "helene@example.test"}}},
          {"lines",
           {{{"sku", "BOOK"},
             {"quantity", quantity},
             {"site", "wh"},
             {"mode", "relay"},
             {"destination", {{"carrier", "colissimo"}, {"id", "CO-1"}}},
             {"date", "2099-01-02"}}}}};
}

json HomeOrder(const std::string& customer) {
  return {{"customer_id", customer},
          {"contact", {{"name", "Hélène Dupré"}, {"phone", "+33 6 12 34 56 78"}}},
          {"lines",
           {{{"sku", "MUG"},
             {"quantity", 1},
             {"site", "wh"},
             {"mode", "home"},
             {"destination",
              {{"address", {"3 allée des Tilleuls"}}, {"postcode", "69003"}, {"city", "LYON"}, {"country", "FR"}}},
             {"date", "2099-01-02"}}}}};
}

// relais-edge on one database of the shop, and what a merchant's systems ask it.
class Shop {
 public:
  Shop(const std::string& dir, const std::string& database)
      : folder_(ShopConfig(dir, database)), edge_(std::make_unique<EdgeProcess>(folder_)), http_(edge_->Client()) {}

  json Call(const std::string& method, const std::string& path, const json& body = nullptr, int expected = 0,
            const std::string& token = kMerchantKey) {
    return CallJson(*http_, method, path, body, expected, token);
  }
  // POST /v1/orders with an Idempotency-Key of the caller's.
  httplib::Result Place(const json& order, const std::string& key) {
    httplib::Headers h = Merchant();
    h.emplace("Idempotency-Key", key);
    return http_->Post("/v1/orders", h, order.dump(), kJson);
  }
  // Shipment 0's label as PDF; its parcel number.
  std::string Label(const std::string& order) {
    const httplib::Result r =
        http_->Post("/v1/orders/" + order + "/shipments/0/label", Merchant(), R"({"format": "pdf"})", kJson);
    BOOST_REQUIRE(r);
    BOOST_REQUIRE_MESSAGE(r->status == 200, r->body);
    return r->get_header_value("X-Parcel-Numbers");
  }
  int Stop() { return edge_->Stop(); }

 private:
  EdgeFolder folder_;
  std::unique_ptr<EdgeProcess> edge_;
  std::unique_ptr<httplib::Client> http_;
};

// Everything the shop answers about `orders` and its stock, by request.
json Observe(Shop& shop, const std::vector<std::string>& orders, const std::string& shopper_token,
             const std::string& returned_order) {
  json seen;
  for (const std::string& id : orders) {
    seen["GET /v1/orders/" + id] = shop.Call("GET", "/v1/orders/" + id);
    seen["GET /v1/orders/" + id + "/events"] = shop.Call("GET", "/v1/orders/" + id + "/events");
    seen["GET /v1/orders/" + id + "/timeline"] = shop.Call("GET", "/v1/orders/" + id + "/timeline");
  }
  for (const char* path : {"/v1/orders?limit=100", "/v1/stock/BOOK", "/v1/stock/MUG",
                           "/v1/stock/BOOK/history?site=wh&limit=100", "/v1/stock/MUG/history?site=wh&limit=100",
                           "/v1/manifests/pending?site=wh&carrier=colissimo", "/v1/customers/c1/preferences"}) {
    seen[std::string("GET ") + path] = shop.Call("GET", path);
  }
  // The shopper's own view, through a tracking token the server signed before the move.
  seen["shopper GET /v1/orders/" + returned_order] =
      shop.Call("GET", "/v1/orders/" + returned_order, nullptr, 200, shopper_token);
  seen["shopper GET /v1/orders/" + returned_order + "/returns"] =
      shop.Call("GET", "/v1/orders/" + returned_order + "/returns", nullptr, 200, shopper_token);
  return seen;
}

// Checks that `after` answers every request of `before` the same, naming the requests that differ.
void CheckSameAnswers(const json& before, const json& after) {
  for (const auto& [request, answer] : before.items()) {
    BOOST_TEST_CONTEXT(request) {
      BOOST_REQUIRE(after.contains(request));
      BOOST_TEST(after[request] == answer, "differs: " << json::diff(answer, after[request]).dump());
    }
  }
}

int64_t HighestLedgerId(const json& history) {
  int64_t highest = 0;
  for (const json& e : history["ledger"]) highest = std::max(highest, e["id"].get<int64_t>());
  return highest;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_shop_moves_from_sqlite_to_postgresql_and_serves_on) {
  const Dir dir;
  WriteSnapshot(dir.path + "/points.relais");
  const std::string sqlite = dir.path + "/shop.db";

  // 1. The shop on SQLite.
  std::vector<std::string> orders;
  std::string relay_order, shopper_token;
  std::vector<std::string> numbers;
  json before;
  {
    Shop shop(dir.path, sqlite);
    const json location = {{"address", {"ZI Nord"}}, {"postcode", "93200"}, {"city", "SAINT-DENIS"}, {"country", "FR"},
                           {"lat", 48.93},           {"lon", 2.36},         {"tz", "Europe/Paris"}};
    const json offer = {{"cost_cents", 390}, {"lead_time_hours", 48}};
    shop.Call("PUT", "/v1/sites/wh",
              {{"kind", "warehouse"},
               {"name", "Entrepôt Nord"},
               {"zone", "paris"},
               {"location", location},
               {"capabilities", {{"relay", offer}, {"home", offer}}}});
    shop.Call("PUT", "/v1/sites/rivoli",
              {{"kind", "store"},
               {"name", "Boutique Rivoli"},
               {"zone", "paris"},
               {"location", location},
               {"capabilities", {{"returns", {{"enabled", true}}}}}});
    shop.Call("PUT", "/v1/products/BOOK",
              {{"name", "Guide"},
               {"category", "books"},
               {"temperature", "ambient"},
               {"weight_g", 450},
               {"price_cents", 1999}});
    shop.Call(
        "PUT", "/v1/products/MUG",
        {{"name", "Mug"}, {"category", "home"}, {"temperature", "ambient"}, {"weight_g", 300}, {"price_cents", 500}});
    shop.Call("POST", "/v1/stock/movements", {{"kind", "receipt"}, {"sku", "BOOK"}, {"site", "wh"}, {"quantity", 50}});
    shop.Call("POST", "/v1/stock/movements", {{"kind", "receipt"}, {"sku", "MUG"}, {"site", "wh"}, {"quantity", 20}});

    // A relay order reserving 2 books, taken all the way to its shopper, then two returns of one book each.
    const httplib::Result placed = shop.Place(RelayOrder(2), "before-move-1");
    BOOST_REQUIRE_MESSAGE(placed->status == 201, placed->body);
    relay_order = Body(placed)["id"];
    shopper_token = Body(placed)["tracking_token"];
    BOOST_TEST(shop.Call("GET", "/v1/stock/BOOK")["sites"][0]["reserved"] == 2);
    for (const char* event : {"preparation_started", "preparation_done"}) {
      shop.Call("POST", "/v1/orders/" + relay_order + "/events", {{"event", event}});
    }
    shop.Call(
        "POST", "/v1/orders/" + relay_order + "/events",
        {{"event", "handed_to_carrier"}, {"parcel", {{"carrier", "colissimo"}, {"tracking_number", "6M20524752032"}}}});
    for (const char* event : {"ready_for_pickup", "picked_up"}) {
      shop.Call("POST", "/v1/orders/" + relay_order + "/events", {{"event", event}});
    }
    for (int i = 0; i < 2; ++i) {
      shop.Call("POST", "/v1/orders/" + relay_order + "/returns",
                {{"lines", {{{"line", 0}, {"quantity", 1}}}},
                 {"reason", "changed_mind"},
                 {"drop_off", {{"kind", "store"}, {"site", "rivoli"}}}},
                201, shopper_token);
    }
    orders.push_back(relay_order);
    // Three home orders with their labels (parcel numbers from the range), and a fourth one cancelled.
    for (const char* customer : {"c2", "c3", "c4"}) {
      const std::string id = shop.Call("POST", "/v1/orders", HomeOrder(customer), 201)["id"];
      numbers.push_back(shop.Label(id));
      orders.push_back(id);
    }
    const std::string cancelled = shop.Call("POST", "/v1/orders", HomeOrder("c5"), 201)["id"];
    shop.Call("POST", "/v1/orders/" + cancelled + "/cancel", json::object());
    orders.push_back(cancelled);

    before = Observe(shop, orders, shopper_token, relay_order);
    BOOST_TEST(before["GET /v1/orders?limit=100"]["orders"].size() == 5u);
    BOOST_TEST(before["shopper GET /v1/orders/" + relay_order + "/returns"]["returns"].size() == 2u);
    BOOST_TEST(shop.Stop() == 0);
  }

  // 2. The copy, into a fresh PostgreSQL database.
  const std::string postgres = TestPostgres::Shared().NewDatabase();
  const Outcome copied = RunCopy({"--from", sqlite, "--to", postgres});
  BOOST_TEST_REQUIRE(copied.status == 0, copied.err);
  BOOST_TEST(copied.err.empty(), copied.err);
  BOOST_TEST(copied.out.find("\norders: 5 rows\n") != std::string::npos, copied.out);
  BOOST_TEST(copied.out.find("\nreturns: 2 rows\n") != std::string::npos, copied.out);
  BOOST_TEST(copied.out.find("\nparcel_labels: 3 rows\n") != std::string::npos, copied.out);
  BOOST_TEST(copied.out.find("\ncopied ") != std::string::npos, copied.out);

  // 3. The shop on PostgreSQL: the same answers, and it goes on.
  json after_new;
  std::vector<std::string> all = orders;
  {
    Shop shop(dir.path, postgres);
    CheckSameAnswers(before, Observe(shop, orders, shopper_token, relay_order));

    // A new order: new ids for its events and ledger rows (a collision would fail it with a 500).
    const int64_t highest_before = HighestLedgerId(before["GET /v1/stock/BOOK/history?site=wh&limit=100"]);
    const httplib::Result placed = shop.Place(RelayOrder(1), "after-move-1");
    BOOST_TEST_REQUIRE(placed->status == 201, placed->body);
    const std::string fresh = Body(placed)["id"];
    BOOST_TEST(fresh != relay_order);
    BOOST_TEST(!shop.Call("GET", "/v1/orders/" + fresh + "/events")["events"].empty());
    const json history = shop.Call("GET", "/v1/stock/BOOK/history?site=wh&limit=100");
    BOOST_TEST(HighestLedgerId(history) > highest_before);
    BOOST_TEST(history["ledger"].size() == before["GET /v1/stock/BOOK/history?site=wh&limit=100"]["ledger"].size() + 1);
    const int64_t reserved = before["GET /v1/stock/BOOK"]["sites"][0]["reserved"];
    BOOST_TEST(shop.Call("GET", "/v1/stock/BOOK")["sites"][0]["reserved"] == reserved + 1);

    // An Idempotency-Key given before the move replays its order, reserving nothing again.
    const httplib::Result replayed = shop.Place(RelayOrder(2), "before-move-1");
    BOOST_TEST(replayed->status == 200, replayed->body);
    BOOST_TEST(Body(replayed)["id"] == relay_order);
    BOOST_TEST(Body(replayed)["replayed"] == true);
    BOOST_TEST(shop.Call("GET", "/v1/stock/BOOK")["sites"][0]["reserved"] == reserved + 1);

    // The parcel numbers go on from where SQLite left them.
    const std::string home = shop.Call("POST", "/v1/orders", HomeOrder("c6"), 201)["id"];
    const std::string number = shop.Label(home);
    BOOST_TEST(std::set<std::string>(numbers.begin(), numbers.end()).size() == 3u);
    BOOST_TEST(!std::set<std::string>(numbers.begin(), numbers.end()).contains(number));
    all.push_back(fresh);
    all.push_back(home);
    after_new = Observe(shop, all, shopper_token, relay_order);
    // Labels waiting for their hand-over in the order they were printed, not in their keys' order (order ids are
    // random): PostgreSQL's seq followed SQLite's rowid. The new one comes last.
    const std::string pending = "GET /v1/manifests/pending?site=wh&carrier=colissimo";
    json waiting = before[pending]["not_ready"];
    BOOST_TEST_REQUIRE(waiting.size() == 3u);
    for (size_t i = 0; i < 3; ++i) BOOST_TEST(waiting[i]["number"] == numbers[i]);
    BOOST_TEST_REQUIRE(after_new[pending]["not_ready"].size() == 4u);
    BOOST_TEST(after_new[pending]["not_ready"][3]["number"] == number);
    waiting.push_back(after_new[pending]["not_ready"][3]);
    BOOST_TEST(after_new[pending]["not_ready"] == waiting);

    // 4. A second copy into it is refused, naming a table, and changes nothing.
    const Outcome again = RunCopy({"--from", sqlite, "--to", postgres});
    BOOST_TEST(again.status == 2);
    BOOST_TEST(again.out.empty(), again.out);
    BOOST_TEST(again.err.find("refusing to copy into a database that holds data: table ") != std::string::npos,
               again.err);
    BOOST_TEST(again.err.find(" has ") != std::string::npos, again.err);  // ... has N rows.
    CheckSameAnswers(after_new, Observe(shop, all, shopper_token, relay_order));
    BOOST_TEST(shop.Stop() == 0);
  }

  // And back: PostgreSQL to a new SQLite file serves the same answers again.
  const std::string back = dir.path + "/back.db";
  const Outcome returned = RunCopy({"--from", postgres, "--to", back});
  BOOST_TEST_REQUIRE(returned.status == 0, returned.err);
  Shop shop(dir.path, back);
  CheckSameAnswers(after_new, Observe(shop, all, shopper_token, relay_order));
}

BOOST_AUTO_TEST_CASE(usage_and_a_missing_source) {
  const Outcome help = RunCopy({"--help"});
  BOOST_TEST(help.status == 0);
  BOOST_TEST(help.out.starts_with("usage: relais-store-copy --from <database> --to <database>"), help.out);
  BOOST_TEST(RunCopy({}).status == 2);
  BOOST_TEST(RunCopy({"--from", "a.db"}).status == 2);
  BOOST_TEST(RunCopy({"--from", "a.db", "--to", "b.db", "--force"}).status == 2);

  // A mistyped source is refused, not opened as a new empty database and copied as an empty shop.
  const Dir dir;
  const Outcome missing = RunCopy({"--from", dir.path + "/typo.db", "--to", dir.path + "/target.db"});
  BOOST_TEST(missing.status == 2);
  BOOST_TEST(missing.err.find("no SQLite database at " + dir.path + "/typo.db") != std::string::npos, missing.err);
  BOOST_TEST(!std::filesystem::exists(dir.path + "/typo.db"));
  BOOST_TEST(!std::filesystem::exists(dir.path + "/target.db"));

  // Neither libpq's key=value form nor a mistyped scheme becomes a SQLite file of that name.
  const std::string keywords = dir.path + "/host=127.0.0.1 dbname=shop";
  const Outcome libpq_form = RunCopy({"--from", dir.path + "/typo.db", "--to", keywords});
  BOOST_TEST(libpq_form.status == 2);
  BOOST_TEST(libpq_form.err.find("--to libpq's key=value form is not read: write postgresql://") != std::string::npos,
             libpq_form.err);
  BOOST_TEST(!std::filesystem::exists(keywords));
  const Outcome scheme = RunCopy({"--from", "postgressql://relais@127.0.0.1/shop", "--to", dir.path + "/t.db"});
  BOOST_TEST(scheme.status == 2);
  BOOST_TEST(scheme.err.find("--from postgressql:// is not a database relais knows") != std::string::npos, scheme.err);
}

// A SQLite source at the latest schema holding one brand, plus tables of the test's own.
std::string SourceWith(const std::string& dir, const std::string& extra_sql) {
  const std::string path = dir + "/source.db";
  edge::OpenStore(path).reset();
  edge::SqliteConnection db(path, false);
  db.Exec(
      "INSERT INTO brands (id, name, api_key_sha256, settings, config_settings) VALUES ('demo', 'Demo', 'h', '{}', "
      "'{}');" +
      extra_sql);
  return path;
}

// A new PostgreSQL database at the latest schema, plus tables of the test's own.
std::string TargetWith(const std::string& extra_sql) {
  const std::string uri = TestPostgres::Shared().NewDatabase();
  edge::OpenStore(uri).reset();
  if (!extra_sql.empty()) edge::sql::PostgresConnection(uri).Exec(extra_sql);
  return uri;
}

int64_t Count(edge::sql::Connection& db, const char* sql) {
  edge::sql::Statement s(db, sql);
  s.Step();
  return s.Int(0);
}

BOOST_AUTO_TEST_CASE(a_failure_halfway_leaves_the_target_empty_and_nulls_stay_null) {
  // zz_check comes last (tables without foreign keys go by name): brands and the rest are written before the
  // target's CHECK refuses its row.
  const Dir dir;
  const std::string source = SourceWith(dir.path,
                                        "CREATE TABLE zz_check (a TEXT NOT NULL); INSERT INTO zz_check VALUES ('bad');"
                                        "CREATE TABLE zz_nullable (id INTEGER PRIMARY KEY, note TEXT, n INTEGER);"
                                        "INSERT INTO zz_nullable VALUES (1, NULL, NULL), (2, 'x', 7);");
  const std::string target = TargetWith(
      "CREATE TABLE zz_check (a TEXT NOT NULL CHECK (a <> 'bad'));"
      "CREATE TABLE zz_nullable (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, note TEXT, n BIGINT);");
  const Outcome failed = RunCopy({"--from", source, "--to", target});
  BOOST_TEST(failed.status == 1);
  BOOST_TEST(failed.err.find("zz_check") != std::string::npos, failed.err);
  edge::sql::PostgresConnection db(target);
  BOOST_TEST(Count(db, "SELECT COUNT(*) FROM brands") == 0);
  BOOST_TEST(Count(db, "SELECT COUNT(*) FROM zz_nullable") == 0);

  // Fixed at the source, the copy runs again from the start.
  edge::SqliteConnection(source, false).Exec("UPDATE zz_check SET a = 'good'");
  const Outcome copied = RunCopy({"--from", source, "--to", target});
  BOOST_TEST_REQUIRE(copied.status == 0, copied.err);
  BOOST_TEST(copied.out.find("brands: 1 row\n") != std::string::npos, copied.out);
  BOOST_TEST(Count(db, "SELECT COUNT(*) FROM brands") == 1);
  BOOST_TEST(Count(db, "SELECT COUNT(*) FROM zz_nullable WHERE id = 1 AND note IS NULL AND n IS NULL") == 1);
  BOOST_TEST(Count(db, "SELECT COUNT(*) FROM zz_nullable WHERE id = 2 AND note = 'x' AND n = 7") == 1);
  // The identity's sequence was moved past the copied ids.
  BOOST_TEST(Count(db, "INSERT INTO zz_nullable (note) VALUES ('new') RETURNING id") == 3);
}

// A database of another program, even one whose table has a name relais uses: refused before a migration adds
// anything to it.
BOOST_AUTO_TEST_CASE(another_programs_database_is_refused_and_left_as_it_was) {
  const Dir dir;
  const std::string source = SourceWith(dir.path, "");
  for (const char* tables : {"CREATE TABLE invoices_legacy (n INTEGER); INSERT INTO invoices_legacy VALUES (1), (2);",
                             "CREATE TABLE orders (x INTEGER);"}) {
    const std::string target = TestPostgres::Shared().NewDatabase();
    edge::sql::PostgresConnection db(target);
    db.Exec(tables);
    const Outcome refused = RunCopy({"--from", source, "--to", target});
    BOOST_TEST(refused.status == 2);
    BOOST_TEST(refused.err.find("the target holds tables relais did not make (") != std::string::npos, refused.err);
    BOOST_TEST(Count(db, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'") == 1);
  }
}

BOOST_AUTO_TEST_CASE(tables_that_differ_are_refused_before_anything_is_written) {
  const Dir dir;
  const Outcome extra_table =
      RunCopy({"--from", SourceWith(dir.path, "CREATE TABLE zz_only (a TEXT NOT NULL);"), "--to", TargetWith("")});
  BOOST_TEST(extra_table.status == 2);
  BOOST_TEST(extra_table.err.find("the target has no table zz_only") != std::string::npos, extra_table.err);

  std::filesystem::remove(dir.path + "/source.db");
  const std::string target = TargetWith("CREATE TABLE zz_kinds (a TEXT NOT NULL);");
  const Outcome other_kind =
      RunCopy({"--from", SourceWith(dir.path, "CREATE TABLE zz_kinds (a INTEGER NOT NULL);"), "--to", target});
  BOOST_TEST(other_kind.status == 2);
  BOOST_TEST(other_kind.err.find("zz_kinds.a is an integer in the source, but not in the target") != std::string::npos,
             other_kind.err);
  edge::sql::PostgresConnection db(target);
  BOOST_TEST(Count(db, "SELECT COUNT(*) FROM brands") == 0);
}
