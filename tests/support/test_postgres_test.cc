#define BOOST_TEST_MODULE test_postgres
// The tests' own PostgreSQL (tests/support/test_postgres.h): it starts with the settings asked for, its
// databases are separate, and the server and its folder go away with the object, or with the process
// however that ends.
#include "tests/support/test_postgres.h"

#include <libpq-fe.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>

using relais::testing::TestPostgres;
namespace fs = std::filesystem;

namespace {

// A libpq connection; the test stops when it cannot be made.
class Connection {
 public:
  explicit Connection(const std::string& uri) : conn_(PQconnectdb(uri.c_str())) {
    BOOST_REQUIRE_MESSAGE(PQstatus(conn_) == CONNECTION_OK, uri << ": " << PQerrorMessage(conn_));
  }
  ~Connection() { PQfinish(conn_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs `sql` and returns the first value of its first row, or "" when there is none. The test stops on an error.
  std::string Exec(const std::string& sql) {
    PGresult* result = PQexec(conn_, sql.c_str());
    const ExecStatusType status = PQresultStatus(result);
    const std::string error = PQresultErrorMessage(result);
    const std::string value = status == PGRES_TUPLES_OK && PQntuples(result) > 0 ? PQgetvalue(result, 0, 0) : "";
    PQclear(result);
    BOOST_REQUIRE_MESSAGE(status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK, sql << ": " << error);
    return value;
  }

 private:
  PGconn* conn_;
};

std::string UriOfPort(int port) {
  return "postgresql://relais@127.0.0.1:" + std::to_string(port) + "/postgres?connect_timeout=2";
}

// Whether the server on `port` and `folder` are both gone within `seconds`.
bool GoneWithin(int port, const std::string& folder, int seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (PQping(UriOfPort(port).c_str()) != PQPING_NO_RESPONSE || fs::exists(folder)) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

}  // namespace

BOOST_AUTO_TEST_CASE(two_new_databases_are_separate) {
  TestPostgres& server = TestPostgres::Shared();
  const std::string a = server.NewDatabase();
  const std::string b = server.NewDatabase();
  BOOST_TEST(a != b);
  BOOST_TEST(a.starts_with("postgresql://relais@127.0.0.1:" + std::to_string(server.port()) + "/"));
  Connection first(a);
  Connection second(b);
  BOOST_TEST(first.Exec("SELECT current_database()") != second.Exec("SELECT current_database()"));
  first.Exec("CREATE TABLE orders (id text PRIMARY KEY)");
  first.Exec("INSERT INTO orders VALUES ('A-1')");
  second.Exec("CREATE TABLE orders (id text PRIMARY KEY)");  // The same name does not clash.
  BOOST_TEST(first.Exec("SELECT count(*) FROM orders") == "1");
  BOOST_TEST(second.Exec("SELECT count(*) FROM orders") == "0");
}

BOOST_AUTO_TEST_CASE(the_server_has_the_settings_asked_for) {
  TestPostgres& server = TestPostgres::Shared();
  BOOST_TEST(&TestPostgres::Shared() == &server);  // Started once.
  BOOST_TEST(fs::exists(fs::path(server.bin_dir()) / "pg_ctl"));
  Connection admin(server.AdminUri());
  BOOST_TEST(admin.Exec("SHOW fsync") == "on");
  BOOST_TEST(admin.Exec("SHOW listen_addresses") == "127.0.0.1");
  BOOST_TEST(admin.Exec("SHOW unix_socket_directories") == server.folder());
  BOOST_TEST(admin.Exec("SHOW shared_buffers") == "32MB");
  BOOST_TEST(admin.Exec("SHOW max_connections") == "200");
  BOOST_TEST(admin.Exec("SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user") == "true");
}

BOOST_AUTO_TEST_CASE(a_server_goes_away_with_its_object) {
  int port = 0;
  std::string folder;
  {
    TestPostgres own;
    port = own.port();
    folder = own.folder();
    BOOST_TEST(port != TestPostgres::Shared().port());
    BOOST_TEST(PQping(own.AdminUri().c_str()) == PQPING_OK);
  }
  // The destructor returns once the server is stopped and the folder removed.
  BOOST_TEST(PQping(UriOfPort(port).c_str()) == PQPING_NO_RESPONSE);
  BOOST_TEST(!fs::exists(folder));
}

// SIGKILL: no destructor runs, and the watchdog cleans up.
BOOST_AUTO_TEST_CASE(a_server_goes_away_when_its_process_is_killed) {
  int report[2];
  BOOST_REQUIRE(pipe(report) == 0);
  const pid_t child = fork();
  BOOST_REQUIRE(child >= 0);
  if (child == 0) {
    close(report[0]);
    try {
      TestPostgres own;
      dprintf(report[1], "%d %s\n", own.port(), own.folder().c_str());
    } catch (const std::exception& e) {
      dprintf(report[1], "0 %s\n", e.what());
      _exit(1);
    }
    close(report[1]);
    pause();  // Until killed.
    _exit(0);
  }
  close(report[1]);
  FILE* in = fdopen(report[0], "r");
  int port = 0;
  char folder[4096] = {};
  const bool read = std::fscanf(in, "%d %4095[^\n]", &port, folder) == 2;
  std::fclose(in);
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  BOOST_REQUIRE_MESSAGE(read && port > 0, "the child did not start its server: " << folder);
  BOOST_TEST(GoneWithin(port, folder, 30));
}
