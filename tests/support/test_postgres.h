// A PostgreSQL server of the test process's own, for the tests of what runs on PostgreSQL. initdb puts it in a
// fresh temporary folder, pg_ctl starts it on a free loopback port, and it is stopped and its folder removed
// when the process ends. It shares nothing with another test process or with a PostgreSQL the machine may run,
// so tests can run in parallel (ctest -j), and a machine needs only the packages (bash scripts/setup), not a
// configured database.
//
// The server: 127.0.0.1 only (listen_addresses), unix sockets in the temporary folder (never in
// /var/run/postgresql, which belongs to the machine's own PostgreSQL), trust authentication as the superuser
// "relais", the C locale (byte order, as SQLite compares text), and settings sized for a 2-core CI machine
// (shared_buffers=32MB, max_connections=200). fsync stays on: the durability tests kill processes and expect
// what was committed to survive, and timings should look like a real server's.
//
// Running as root (CI does, and so does this dev machine): initdb and postgres refuse to run as root. Then every
// PostgreSQL program runs as the `postgres` system user that Debian's package creates (runuser -u postgres), and
// the folder belongs to that user. The test process itself only connects over TCP, like any client.
//
// The server must not outlive the test process, even when its static destructors never run (a crash, SIGKILL,
// a ctest timeout, Ctrl-C). PostgreSQL has no "exit when your parent does" setting, and pg_ctl detaches the
// server from the process that starts it. So a watchdog process is started with each server. It is detached
// too: it gets its own session and is reparented away from the test process, so that whoever kills the test's
// process tree does not kill it. It waits for the test process's end of a pipe to close, which happens however
// the process ends, then stops the server (pg_ctl stop -m immediate) and removes the folder. A normal exit does
// the same: the destructor closes the pipe and waits for the watchdog to finish.
//
// A limit of the watchdog: a child that the test process forks *without* exec'ing also holds that end of the
// pipe (processes that exec, such as relais-edge, do not, because the pipe is close-on-exec). The cleanup then
// waits for that child to end too, and so does the destructor.
//
// NewDatabase() may be called from several threads; the other methods only read.
#ifndef RELAIS_TESTS_SUPPORT_TEST_POSTGRES_H_
#define RELAIS_TESTS_SUPPORT_TEST_POSTGRES_H_

#include <sys/types.h>

#include <atomic>
#include <string>
#include <vector>

namespace relais::testing {

class TestPostgres {
 public:
  // The process's server, started at the first call. Throws std::runtime_error naming what failed. When no
  // PostgreSQL is installed, the message says to run `bash scripts/setup`. A failed start is tried again at the
  // next call.
  static TestPostgres& Shared();

  // A server of its own, started here, for a test that must stop or break it; every other test uses Shared().
  // Throws as Shared() does. The destructor stops the server and removes its folder.
  TestPostgres();
  ~TestPostgres();
  TestPostgres(const TestPostgres&) = delete;
  TestPostgres& operator=(const TestPostgres&) = delete;

  // A new empty database (CREATE DATABASE with a fresh name at each call), as its libpq URI,
  // "postgresql://relais@127.0.0.1:<port>/<name>". Throws std::runtime_error with the server's message.
  std::string NewDatabase();

  // The URI of the "postgres" database, which every server has, for administration: creating or dropping
  // databases, looking at the server. The database is named explicitly because, without one, libpq would take
  // PGDATABASE from the environment, or else the user's name.
  std::string AdminUri() const;

  int port() const { return port_; }
  // Where initdb, pg_ctl and postgres are (/usr/lib/postgresql/<major>/bin on Debian, which is not on PATH).
  // pgbench is there too, and Debian also puts a wrapper for it in /usr/bin.
  const std::string& bin_dir() const { return bin_dir_; }
  // The temporary folder: data/ (the cluster), postgres.log (the server's log), commands.log (what initdb and
  // pg_ctl printed), and the unix sockets.
  const std::string& folder() const { return folder_; }

 private:
  void Start();
  // `as_server_user`: what PostgreSQL's programs are run with (runuser as root, else nothing).
  void StartWatchdog(const std::vector<std::string>& as_server_user);
  // Makes the watchdog stop the server and remove the folder, and waits until it has. Does nothing in a process
  // forked from the one that started the server: the server belongs to the parent.
  void StopWatchdog();

  std::string bin_dir_;
  std::string folder_;
  int port_ = 0;
  pid_t owner_ = 0;          // The process that started the server.
  int watchdog_alive_ = -1;  // Our end of the pipe the watchdog waits on; closing it starts the cleanup.
  int watchdog_done_ = -1;   // Reads EOF once the watchdog has finished the cleanup and exited.
  std::atomic<int> databases_{0};
};

}  // namespace relais::testing

#endif  // RELAIS_TESTS_SUPPORT_TEST_POSTGRES_H_
