// The PostgreSQL driver (edge/store/postgres_connection.h) and schema (edge/store/postgres_schema.h) against
// the tests' own server (tests/support/test_postgres.h), each case on a fresh database: SQLite's `?`
// parameters, values both ways, errors and their SQLSTATE, serializable transactions that collide, and the
// migrations giving the same tables and columns as SQLite's.
#define BOOST_TEST_MODULE postgres_connection
#include "edge/store/postgres_connection.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdint>
#include <future>
#include <limits>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "edge/store/postgres_schema.h"
#include "edge/store/postgres_store.h"
#include "tests/support/test_postgres.h"

using relais::edge::sql::Connection;
using relais::edge::sql::DatabaseError;
using relais::edge::sql::PostgresConnection;
using relais::edge::sql::PostgresMigrations;
using relais::edge::sql::RetryTransaction;
using relais::edge::sql::Statement;
using relais::testing::TestPostgres;

namespace {

std::string NewDatabase() { return TestPostgres::Shared().NewDatabase(); }

int64_t IntOf(Connection& db, const char* sql) {
  Statement s(db, sql);
  BOOST_REQUIRE(s.Step());
  return s.Int(0);
}

// What `body` threw, as "retry", "error <SQLSTATE>" or "" when it returned.
template <typename Body>
std::string OutcomeOf(Body body) {
  try {
    body();
    return "";
  } catch (const RetryTransaction&) {
    return "retry";
  } catch (const relais::edge::StoreUnavailable&) {
    return "unavailable";
  } catch (const DatabaseError& e) {
    return "error " + e.sqlstate;
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(question_marks_are_parameters_except_in_quotes_and_comments) {
  PostgresConnection db(NewDatabase());
  Statement s(db, "SELECT ? AS \"why?\", '?' || ?, 'it''s ?' /* ? */, ? -- ?\n");
  s.Bind("a").Bind("b").Bind(int64_t{3});
  BOOST_REQUIRE(s.Step());
  BOOST_TEST(s.Text(0) == "a");
  BOOST_TEST(s.Text(1) == "?b");
  BOOST_TEST(s.Text(2) == "it's ?");
  BOOST_TEST(s.Int(3) == 3);
  BOOST_TEST(!s.Step());
  BOOST_TEST(!s.Step());  // Stays done.
}

BOOST_AUTO_TEST_CASE(a_statement_runs_again_with_new_values_and_new_types) {
  PostgresConnection db(NewDatabase());
  static const char* const kTypeOf = "SELECT pg_typeof(?)::text, ?::text";
  const auto run = [&](auto value) {
    Statement s(db, kTypeOf);
    s.Bind(value).Bind(value);
    BOOST_REQUIRE(s.Step());
    return s.Text(0) + " " + s.Text(1);
  };
  BOOST_TEST(run(int64_t{7}) == "bigint 7");
  BOOST_TEST(run(std::string("x")) == "text x");  // Prepared again, for a text.
  BOOST_TEST(run(int64_t{8}) == "bigint 8");      // The first one, again.
  BOOST_TEST(&db.Prepare(kTypeOf) == &db.Prepare(kTypeOf));
}

BOOST_AUTO_TEST_CASE(values_come_back_as_they_went) {
  PostgresConnection db(NewDatabase());
  db.Exec("CREATE TABLE t (n BIGINT, s TEXT)");
  const std::vector<std::pair<int64_t, std::string>> rows = {
      {std::numeric_limits<int64_t>::max(), "plain"},
      {std::numeric_limits<int64_t>::min(), ""},
      {0, "quotes ' and \" and \\ and ?"},
      {-1, "UTF-8: Zoë, Łódź, 東京, 🚚"},
      {42, std::string(100000, 'x')},
  };
  for (const auto& [n, s] : rows) {
    Statement insert(db, "INSERT INTO t (n, s) VALUES (?, ?)");
    insert.Bind(n).Bind(s).Run();
  }
  Statement read(db, "SELECT n, s, n::text AS written FROM t ORDER BY n");
  std::map<int64_t, std::string> seen;
  while (read.Step()) {
    seen[read.Int(0)] = read.Text(1);
    BOOST_TEST(read.Text(2) == std::to_string(read.Int(0)));
  }
  BOOST_TEST(seen == (std::map<int64_t, std::string>(rows.begin(), rows.end())));
  // A NUL would be cut short by libpq: refused rather than stored truncated.
  Statement nul(db, "INSERT INTO t (n, s) VALUES (?, ?)");
  BOOST_CHECK_THROW(nul.Bind(int64_t{1}).Bind(std::string("a\0b", 3)), DatabaseError);
}

BOOST_AUTO_TEST_CASE(null_reads_empty_and_zero_and_booleans_read_one_and_zero) {
  PostgresConnection db(NewDatabase());
  Statement s(db,
              "SELECT NULL::text, NULL::bigint, true, false, 1 = 1, COUNT(*), AVG(x), SUM(x) FROM (VALUES (2), "
              "(3)) v (x)");
  BOOST_REQUIRE(s.Step());
  BOOST_TEST(s.Text(0) == "");
  BOOST_TEST(s.Int(1) == 0);
  BOOST_TEST(s.Int(2) == 1);
  BOOST_TEST(s.Int(3) == 0);
  BOOST_TEST(s.Int(4) == 1);
  BOOST_TEST(s.Int(5) == 2);
  BOOST_TEST(s.Int(6) == 2);  // 2.5, truncated as SQLite does.
  BOOST_TEST(s.Int(7) == 5);  // numeric
  BOOST_CHECK_THROW(s.Text(8), DatabaseError);
  Statement text(db, "SELECT 'twelve'");
  BOOST_REQUIRE(text.Step());
  BOOST_CHECK_THROW(text.Int(0), DatabaseError);
}

BOOST_AUTO_TEST_CASE(changes_count_the_rows_of_the_last_write) {
  PostgresConnection db(NewDatabase());
  db.Exec("CREATE TABLE t (k TEXT PRIMARY KEY, n BIGINT NOT NULL); INSERT INTO t VALUES ('a', 1), ('b', 2), ('c', 3)");
  {
    Statement s(db, "UPDATE t SET n = n + 1 WHERE n >= ?");
    s.Bind(int64_t{2}).Run();
  }
  BOOST_TEST(db.Changes() == 2);
  BOOST_TEST(IntOf(db, "SELECT COUNT(*) FROM t") == 3);
  BOOST_TEST(db.Changes() == 2);  // A SELECT leaves it.
  {
    Statement s(db, "INSERT INTO t VALUES (?, 0) ON CONFLICT DO NOTHING");
    s.Bind("a").Run();
  }
  BOOST_TEST(db.Changes() == 0);
  {
    Statement s(db, "DELETE FROM t WHERE k <> ? RETURNING k");
    s.Bind("a");
    int returned = 0;
    while (s.Step()) ++returned;
    BOOST_TEST(returned == 2);
  }
  BOOST_TEST(db.Changes() == 2);
}

BOOST_AUTO_TEST_CASE(rows_are_read_while_other_statements_run) {
  PostgresConnection db(NewDatabase());
  db.Exec("CREATE TABLE t (n BIGINT); INSERT INTO t VALUES (1), (2), (3)");
  Statement read(db, "SELECT n FROM t ORDER BY n");
  int64_t sum = 0;
  while (read.Step()) {
    sum += read.Int(0);
    Statement write(db, "INSERT INTO t VALUES (?)");
    write.Bind(read.Int(0) * 10).Run();
  }
  BOOST_TEST(sum == 6);
  BOOST_TEST(IntOf(db, "SELECT SUM(n) FROM t") == 66);
}

BOOST_AUTO_TEST_CASE(errors_name_their_sqlstate_and_statement) {
  PostgresConnection db(NewDatabase());
  db.Exec("CREATE TABLE t (k TEXT PRIMARY KEY)");
  static const char* const kInsert = "INSERT INTO t (k) VALUES (?)";
  Statement(db, kInsert).Bind("a").Run();
  try {
    Statement(db, kInsert).Bind("a").Run();
    BOOST_FAIL("a duplicate key was accepted");
  } catch (const DatabaseError& e) {
    BOOST_TEST(e.sqlstate == "23505");
    const std::string what = e.what();
    BOOST_TEST(what.find("SQLSTATE 23505") != std::string::npos, what);
    BOOST_TEST(what.find("in: INSERT INTO t (k) VALUES (?)") != std::string::npos, what);
  }
  BOOST_TEST(OutcomeOf([&] { db.Exec("SELEKT 1"); }) == "error 42601");
  BOOST_TEST(OutcomeOf([&] { Statement(db, "SELECT ? + 1").Step(); }) == "error ");  // Nothing bound.
  BOOST_TEST(db.Healthy());
}

BOOST_AUTO_TEST_CASE(a_failed_transaction_is_not_committed) {
  PostgresConnection db(NewDatabase());
  db.Exec("CREATE TABLE t (n BIGINT)");
  db.Begin();
  db.Exec("INSERT INTO t VALUES (1)");
  BOOST_CHECK_THROW(db.Exec("SELECT 1 / 0"), DatabaseError);
  BOOST_TEST(!db.Healthy());
  // PostgreSQL answers this COMMIT with ROLLBACK: an error, not a silent loss.
  BOOST_CHECK_THROW(db.Commit(), DatabaseError);
  BOOST_TEST(db.Healthy());
  BOOST_TEST(IntOf(db, "SELECT COUNT(*) FROM t") == 0);
  db.Begin();
  db.Exec("INSERT INTO t VALUES (2)");
  db.Rollback();
  db.Rollback();  // Outside a transaction: nothing, and no exception.
  BOOST_TEST(IntOf(db, "SELECT COUNT(*) FROM t") == 0);
}

// Two nodes read a counter and write it plus one: run one after the other, it would go up by two; at the same
// time, one of them is given up (RetryTransaction) and, run again, sees the other's write.
BOOST_AUTO_TEST_CASE(colliding_serializable_transactions_are_retried) {
  const std::string uri = NewDatabase();
  PostgresConnection a(uri);
  PostgresConnection b(uri);
  a.Exec("CREATE TABLE counter (id TEXT PRIMARY KEY, n BIGINT NOT NULL); INSERT INTO counter VALUES ('c', 0)");
  static const char* const kRead = "SELECT n FROM counter WHERE id = ?";
  static const char* const kWrite = "UPDATE counter SET n = ? WHERE id = ?";
  const auto read = [](Connection& db) {
    Statement s(db, kRead);
    s.Bind("c");
    BOOST_REQUIRE(s.Step());
    return s.Int(0);
  };
  const auto write = [](Connection& db, int64_t n) {
    Statement s(db, kWrite);
    s.Bind(n).Bind("c").Run();
  };
  a.Begin();
  b.Begin();
  const int64_t a_read = read(a);
  const int64_t b_read = read(b);
  write(a, a_read + 1);
  // b's write waits for a's row lock: on its own thread, while a commits.
  std::future<std::string> b_outcome = std::async(std::launch::async, [&] {
    return OutcomeOf([&] {
      write(b, b_read + 1);
      b.Commit();
    });
  });
  a.Commit();
  BOOST_TEST(b_outcome.get() == "retry");
  b.Rollback();
  BOOST_TEST(b.Healthy());
  b.Begin();
  write(b, read(b) + 1);
  b.Commit();
  BOOST_TEST(IntOf(a, "SELECT n FROM counter") == 2);
}

// Write skew: each reads both rows and writes a different one. No row lock is shared, and a serial order
// would have made the second see the first's write: PostgreSQL gives up the second, here at its COMMIT.
BOOST_AUTO_TEST_CASE(a_serialization_failure_at_commit_is_retried) {
  const std::string uri = NewDatabase();
  PostgresConnection a(uri);
  PostgresConnection b(uri);
  a.Exec(
      "CREATE TABLE duty (doctor TEXT PRIMARY KEY, on_call BIGINT NOT NULL); "
      "INSERT INTO duty VALUES ('x', 1), ('y', 1)");
  static const char* const kOnCall = "SELECT SUM(on_call) FROM duty";
  static const char* const kLeave = "UPDATE duty SET on_call = 0 WHERE doctor = ?";
  a.Begin();
  b.Begin();
  BOOST_TEST(IntOf(a, kOnCall) == 2);
  BOOST_TEST(IntOf(b, kOnCall) == 2);
  Statement(a, kLeave).Bind("x").Run();
  Statement(b, kLeave).Bind("y").Run();
  a.Commit();
  BOOST_TEST(OutcomeOf([&] { b.Commit(); }) == "retry");
  b.Rollback();
  BOOST_TEST(IntOf(b, kOnCall) == 1);
}

// The store's own loop: a stock movement that finds its row changed by a transaction that committed while it
// waited is given up by PostgreSQL, run again by the store on the new figures, and counted (/metrics).
BOOST_AUTO_TEST_CASE(a_store_write_colliding_with_another_runs_again_and_is_counted) {
  using relais::edge::MovementKind;
  const std::string uri = NewDatabase();
  relais::edge::PostgresStore store(uri);
  store.PutBrand({"b1", "Brand One", "key-hash-1", nlohmann::json::object()});
  store.PutSite("b1", {"s1", "store", "Site s1", "z1", nlohmann::json::object(), nlohmann::json::object(), 0});
  store.PutProduct("b1", {"a", "Product a", "grocery/dairy", "chilled", 500, {10, 10, 10}, 250, ""});
  BOOST_REQUIRE(store.PostMovements("b1", {{MovementKind::kReceipt, "a", "s1", 10, "", ""}}).ok());
  BOOST_TEST(store.WriteRetries() == 0u);

  PostgresConnection other(uri);
  other.Begin();
  other.Exec("UPDATE stock_levels SET on_hand = on_hand + 5 WHERE brand_id = 'b1' AND sku = 'a'");
  std::future<bool> movement = std::async(std::launch::async, [&] {
    return store.PostMovements("b1", {{MovementKind::kReservation, "a", "s1", 3, "", "order o1"}}).ok();
  });
  // Once the store's transaction waits for the row `other` holds, `other` commits.
  PostgresConnection watcher(uri);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (
      IntOf(watcher,
            "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()") ==
          0 &&
      std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  other.Commit();
  BOOST_TEST(movement.get());
  BOOST_TEST(store.WriteRetries() == 1u);
  // Neither write lost: 15 on hand (other's 5 kept), 3 reserved.
  BOOST_TEST(IntOf(watcher, "SELECT on_hand * 100 + reserved FROM stock_levels WHERE sku = 'a'") == 1503);
}

// A database whose collation is linguistic (here ICU's en-US, a common default) would page orders wrongly:
// the store refuses it at start, saying why and what to do, before writing anything in it.
BOOST_AUTO_TEST_CASE(a_database_that_does_not_sort_text_as_bytes_is_refused) {
  const std::string admin_uri = TestPostgres::Shared().AdminUri();
  PostgresConnection admin(admin_uri);
  admin.Exec("CREATE DATABASE icu_sorted TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C'");
  const std::string uri = admin_uri.substr(0, admin_uri.rfind('/')) + "/icu_sorted";
  try {
    relais::edge::PostgresStore store(uri);
    BOOST_FAIL("a store opened on an en-US database");
  } catch (const std::runtime_error& e) {
    BOOST_TEST(std::string(e.what()).starts_with("database icu_sorted sorts text by an ICU locale, not byte by byte"),
               e.what());
    BOOST_TEST(std::string(e.what()).find("--locale=C.UTF-8") != std::string::npos);
  }
  PostgresConnection db(uri);
  BOOST_TEST(IntOf(db, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'") == 0);
}

// A table of another program in the way of a migration: the store does not start, and leaves the database as
// it found it -- not half migrated -- since every step runs in one transaction.
BOOST_AUTO_TEST_CASE(a_migration_that_fails_leaves_the_database_as_it_was) {
  const std::string uri = NewDatabase();
  PostgresConnection db(uri);
  db.Exec("CREATE TABLE orders (x INTEGER)");
  try {
    relais::edge::PostgresStore store(uri);
    BOOST_FAIL("a store opened over another program's orders table");
  } catch (const std::runtime_error& e) {
    BOOST_TEST(std::string(e.what()).find("relation \"orders\" already exists") != std::string::npos, e.what());
  }
  BOOST_TEST(IntOf(db, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'") == 1);
}

// As after a server restart: every connection of the pool was closed by the server while idle. The next
// reads and writes open new ones, and no caller sees an error; a server out of reach is StoreUnavailable.
BOOST_AUTO_TEST_CASE(connections_the_server_closed_while_idle_are_replaced) {
  const std::string uri = NewDatabase();
  relais::edge::PostgresStore store(uri);
  store.PutBrand({"b1", "Brand One", "key-hash-1", nlohmann::json::object()});
  BOOST_REQUIRE(store.GetBrand("b1"));
  PostgresConnection admin(TestPostgres::Shared().AdminUri());
  const std::string name = uri.substr(uri.rfind('/') + 1);
  Statement cut(admin, "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = ?");
  cut.Bind(name);
  BOOST_REQUIRE(cut.Step());
  BOOST_REQUIRE(cut.Int(0) >= 1);
  for (int i = 0; i < 200; ++i) {  // pg_terminate_backend only signals.
    Statement left(admin, "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = ?");
    left.Bind(name);
    left.Step();
    if (left.Int(0) == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  // A backend leaves pg_stat_activity just before its process ends and its socket closes.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  BOOST_TEST(store.GetBrand("b1").has_value());
  store.PutSite("b1", {"s1", "store", "Site s1", "z1", nlohmann::json::object(), nlohmann::json::object(), 0});
  BOOST_TEST(store.GetSite("b1", "s1").has_value());

  BOOST_CHECK_THROW(relais::edge::PostgresStore("postgresql://relais@127.0.0.1:1/none?connect_timeout=2"),
                    relais::edge::StoreUnavailable);
}

BOOST_AUTO_TEST_CASE(a_connection_the_server_closed_is_not_healthy) {
  const std::string uri = NewDatabase();
  PostgresConnection victim(uri);
  PostgresConnection admin(uri);
  const int64_t pid = IntOf(victim, "SELECT pg_backend_pid()");
  Statement kill(admin, "SELECT pg_terminate_backend(?::integer, 5000)");
  kill.Bind(pid).Run();
  BOOST_TEST(OutcomeOf([&] { victim.Exec("SELECT 1"); }) == "unavailable");
  BOOST_TEST(!victim.Healthy());
}

BOOST_AUTO_TEST_CASE(a_refused_connection_says_why_without_the_password) {
  try {
    PostgresConnection db("postgresql://relais:s3cret@127.0.0.1:1/nowhere?connect_timeout=2");
    BOOST_FAIL("connected to port 1");
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    BOOST_TEST(what.find("cannot connect to postgresql://relais:***@127.0.0.1:1/nowhere") != std::string::npos, what);
    BOOST_TEST(what.find("s3cret") == std::string::npos, what);
  }
  try {
    PostgresConnection db("host=127.0.0.1 port=1 password=s3cret connect_timeout=2");
    BOOST_FAIL("connected to port 1");
  } catch (const std::runtime_error& e) {
    BOOST_TEST(std::string(e.what()).find("s3cret") == std::string::npos, e.what());
  }
}

// Each migration in its own transaction, as the store runs them, on an empty database; then the tables and
// columns are SQLite's (sqlite_store.cc: kMigrations) plus `seq` of parcel_labels and returns, and the
// explicitly created indexes have SQLite's names.
BOOST_AUTO_TEST_CASE(the_migrations_make_sqlites_tables) {
  PostgresConnection db(NewDatabase());
  BOOST_TEST(PostgresMigrations().size() == 24u);
  for (const char* migration : PostgresMigrations()) {
    db.Begin();
    db.Exec(migration);
    db.Commit();
  }
  std::map<std::string, std::string> columns;  // table -> "column type, ..."
  Statement s(db,
              "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
              "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position");
  while (s.Step()) {
    std::string& list = columns[s.Text(0)];
    list += (list.empty() ? "" : ", ") + s.Text(1) + (s.Text(2) == "bigint" ? " int" : " text");
    if (s.Text(3) != "NO") list += " null";
  }
  const std::map<std::string, std::string> expected = {
      {"baskets",
       "brand_id text, id text, customer_id text, status text, version int, body text, created_at text, "
       "updated_at text"},
      {"brands", "id text, name text, api_key_sha256 text, settings text, config_settings text"},
      {"customer_preferences", "brand_id text, customer_id text, last_relay text, updated_at text"},
      {"idempotency_keys", "brand_id text, idempotency_key text, request_sha256 text, order_id text, created_at text"},
      {"invoice_series", "brand_id text, series text, last int"},
      {"invoices",
       "brand_id text, number text, kind text, series text, seq int, order_id text, shipment int, body text"},
      {"manifest_parcels", "brand_id text, order_id text, shipment int, parcel int, manifest_id text"},
      {"manifests", "brand_id text, id text, site_id text, day text, body text"},
      {"notifications",
       "id int, brand_id text, order_id text, shipment int, trigger_step text, channel text, recipient text, "
       "subject text, body text, status text, attempts int, next_attempt_ms int, last_error text, created_at text, "
       "sent_at text"},
      {"order_events",
       "id int, brand_id text, order_id text, at text, actor text, kind text, reason text, details text"},
      {"order_keys", "brand_id text, search_key text, order_id text, created_at text"},
      {"orders",
       "brand_id text, id text, customer_id text, status text, total_cents int, body text, created_at text, "
       "updated_at text, version int"},
      {"customers", "brand_id text, id text, version int, body text, created_at text, updated_at text"},
      {"customer_keys", "brand_id text, search_key text, customer_id text"},
      {"parcel_events",
       "id int, brand_id text, carrier text, tracking_number text, code text, justification text, event_text text, "
       "event_at text, received_at text, milestone text, order_id text, outcome text"},
      {"parcel_labels",
       "brand_id text, order_id text, site_id text, shipment int, parcel int, carrier text, account text, "
       "block_key text, serial int, number text, created_at text, seq int"},
      {"pick_list_shipments", "brand_id text, order_id text, shipment int, pick_list_id text"},
      {"pick_lists", "brand_id text, id text, site_id text, status text, version int, body text, seq int"},
      {"sales_days", "brand_id text, sku text, site_id text, day text, sold_milli int, in_stock int"},
      {"forecast_days",
       "brand_id text, site_id text, sku text, day text, forecast_milli int, method text, made_on text"},
      {"pickup_requests",
       "id int, brand_id text, manifest_id text, carrier text, account text, channel text, status text, attempts "
       "int, next_attempt_ms int, last_error text, reference text, created_at text, sent_at text"},
      {"poll_rounds", "brand_id text, carrier text, next_ms int"},
      {"products",
       "brand_id text, sku text, name text, category text, temperature text, weight_g int, length_cm int, width_cm "
       "int, height_cm int, price_cents int, gtin text"},
      {"refund_payments",
       "id int, brand_id text, return_id text, order_id text, amount_cents int, currency text, status text, "
       "attempts int, next_attempt_ms int, last_error text, reference text, created_at text, finished_at text"},
      {"returns",
       "brand_id text, id text, order_id text, version int, status text, body text, created_at text, updated_at "
       "text, seq int"},
      {"serial_blocks", "brand_id text, block_key text, given int"},
      {"server_secrets", "name text, value text"},
      {"site_layouts", "brand_id text, site_id text, version int, layout text, created_at text"},
      {"sites",
       "brand_id text, id text, kind text, name text, zone text, location text, capabilities text, "
       "preparation_cents int"},
      {"slot_bookings", "brand_id text, site_id text, service text, date text, slot text, order_id text"},
      {"staff_tokens",
       "brand_id text, id text, site_id text, name text, token_sha256 text, revoked int, created_at text, role text"},
      {"stock_ledger",
       "id int, brand_id text, sku text, site_id text, kind text, quantity int, on_hand_delta int, reserved_delta "
       "int, in_transit_delta int, reference text, recorded_at text"},
      {"stock_levels", "brand_id text, sku text, site_id text, on_hand int, reserved int, in_transit int"},
  };
  BOOST_TEST(columns.size() == expected.size());
  for (const auto& [table, list] : expected) BOOST_TEST(columns[table] == list, table);

  std::vector<std::string> indexes;  // CREATE INDEX's own, not those of PRIMARY KEY and UNIQUE constraints.
  Statement i(db,
              "SELECT c.relname FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_namespace n ON "
              "n.oid = c.relnamespace WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint k "
              "WHERE k.conindid = x.indexrelid) ORDER BY c.relname");
  while (i.Step()) indexes.push_back(i.Text(0));
  const std::vector<std::string> expected_indexes = {
      "invoices_by_order",       "invoices_once",         "manifests_by_day",       "notifications_due",
      "order_events_by_kind",    "order_events_by_order", "orders_by_customer",     "orders_by_status",
      "parcel_events_by_number", "parcel_labels_by_site", "pick_lists_by_site",     "pickup_requests_due",
      "refund_payments_due",     "returns_by_order",      "slot_bookings_by_order", "stock_ledger_by_item"};
  BOOST_TEST(indexes == expected_indexes, boost::test_tools::per_element());

  // Row ids are given by the database, as SQLite's INTEGER PRIMARY KEY.
  db.Exec("INSERT INTO brands (id, name, api_key_sha256, settings) VALUES ('b', 'B', 'k', '{}')");
  for (int64_t expected_id = 1; expected_id <= 2; ++expected_id) {
    Statement ledger(db,
                     "INSERT INTO stock_ledger (brand_id, sku, site_id, kind, quantity, on_hand_delta, reserved_delta, "
                     "in_transit_delta, reference, recorded_at) VALUES (?, 's', 'w', 'receipt', 1, 1, 0, 0, '', '') "
                     "RETURNING id");
    ledger.Bind("b");
    BOOST_REQUIRE(ledger.Step());
    BOOST_TEST(ledger.Int(0) == expected_id);
  }
}

// Nodes started together on an empty database: one applies the migrations, the others wait for it and find
// them applied (the session's advisory lock is taken before any transaction: under SERIALIZABLE, a lock
// taken inside one would leave the waiter reading the version of before).
BOOST_AUTO_TEST_CASE(nodes_starting_together_migrate_once) {
  for (int round = 0; round < 3; ++round) {
    const std::string uri = relais::testing::TestPostgres::Shared().NewDatabase();
    std::vector<std::future<std::string>> nodes;
    for (int n = 0; n < 4; ++n) {
      nodes.push_back(std::async(std::launch::async, [&uri]() -> std::string {
        try {
          relais::edge::PostgresStore store(uri);
          return std::to_string(store.SchemaVersion());
        } catch (const std::exception& e) {
          return e.what();
        }
      }));
    }
    const std::string latest = std::to_string(relais::edge::sql::PostgresMigrations().size());
    for (auto& node : nodes) BOOST_TEST(node.get() == latest);
  }
}
