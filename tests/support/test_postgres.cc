#include "tests/support/test_postgres.h"

#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace relais::testing {

namespace {

namespace fs = std::filesystem;

// The superuser initdb creates, whom every URI names.
constexpr const char* kUser = "relais";
// Attempts at starting the server, each on a new port: a port found free may be taken before the server binds it.
constexpr int kStartAttempts = 5;

[[noreturn]] void Fail(const std::string& what) { throw std::runtime_error("TestPostgres: " + what); }

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

// For failures before the watchdog, which would remove `folder`, is running.
[[noreturn]] void FailAndRemove(const std::string& folder, const std::string& what) {
  std::error_code ignored;
  fs::remove_all(folder, ignored);
  Fail(what);
}

bool IsExecutable(const fs::path& path) { return ::access(path.c_str(), X_OK) == 0; }

// The folder of initdb and pg_ctl, "" when there is none. pg_config comes first, since on Debian
// postgresql-common wraps it to answer the newest installed server's folder. libpq-dev's own pg_config,
// installed alone, answers /usr/bin, where there is no initdb, so the answer is checked. Otherwise the newest
// /usr/lib/postgresql/<major>/bin.
std::string FindBinDir() {
  if (FILE* pipe = ::popen("pg_config --bindir 2>/dev/null", "r")) {
    char line[4096] = {};
    const bool read = std::fgets(line, sizeof line, pipe) != nullptr;
    ::pclose(pipe);
    std::string dir = read ? line : "";
    while (!dir.empty() && (dir.back() == '\n' || dir.back() == '\r')) dir.pop_back();
    if (!dir.empty() && IsExecutable(fs::path(dir) / "initdb")) return dir;
  }
  std::string best;
  double best_version = -1;
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator("/usr/lib/postgresql", error)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789.") != std::string::npos) continue;
    const double version = std::strtod(name.c_str(), nullptr);  // "15", or "9.6" before PostgreSQL 10.
    if (version > best_version && IsExecutable(entry.path() / "bin" / "initdb")) {
      best_version = version;
      best = (entry.path() / "bin").string();
    }
  }
  return best;
}

std::string FindRunuser() {
  for (const char* path : {"/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser"}) {
    if (IsExecutable(path)) return path;
  }
  return "";
}

// A TCP port that is free on 127.0.0.1 now: the kernel picks it for a socket bound to port 0, which is then
// closed. Another process may take it before the server binds it, so starts are retried.
int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) Fail(Errno("socket"));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    const std::string error = Errno("cannot find a free port on 127.0.0.1");
    ::close(fd);
    Fail(error);
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

// The end of the file at `path`, starting at `offset` and at most its last `max` bytes (starting with a whole
// line), "" when it cannot be read.
std::string Tail(const std::string& path, std::uintmax_t offset = 0, std::uintmax_t max = 3000) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::ostringstream all;
  all << in.rdbuf();
  std::string text = all.str();
  text.erase(0, std::min<std::uintmax_t>(offset, text.size()));
  if (text.size() > max) {
    text.erase(0, text.size() - max);
    const size_t line = text.find('\n');
    if (line != std::string::npos) text.erase(0, line + 1);
  }
  return text;
}

std::uintmax_t SizeOf(const std::string& path) {
  std::error_code error;
  const std::uintmax_t size = fs::file_size(path, error);
  return error ? 0 : size;
}

// argv as execv wants it. The strings must outlive the result.
std::vector<char*> Argv(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  return argv;
}

// Closes every descriptor from 3 up, in a child about to exec. A PostgreSQL server lives as long as the test
// process, so it must not keep the test's sockets or files open. Most of them are not close-on-exec, such as
// the listening sockets of the test's own servers.
void CloseInheritedFds() { ::close_range(3, ~0U, 0); }

// Runs `args` (args[0] a path) to its end and returns its exit status, or -1 when it did not exit. Its input is
// /dev/null and its output is appended to `output`. It runs from "/", so that the postgres user, who cannot
// reach the test's working directory, can run it too. After the fork the child calls only async-signal-safe
// functions, since the test process may have other threads.
int Run(const std::vector<std::string>& args, const std::string& output) {
  const std::vector<char*> argv = Argv(args);
  const pid_t pid = ::fork();
  if (pid < 0) Fail(Errno("fork"));
  if (pid == 0) {
    const int null = ::open("/dev/null", O_RDONLY);
    const int out = ::open(output.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (null < 0 || out < 0 || ::dup2(null, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(out, 2) < 0 || ::chdir("/") != 0) {
      ::_exit(126);
    }
    CloseInheritedFds();
    ::execv(argv[0], argv.data());
    constexpr char kMessage[] = "TestPostgres: exec failed\n";
    [[maybe_unused]] const ssize_t written = ::write(2, kMessage, sizeof kMessage - 1);
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) Fail(Errno("waitpid " + args[0]));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// `value` as a single-quoted postgresql.conf string.
std::string Quoted(const std::string& value) {
  std::string quoted = "'";
  for (const char c : value) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  return quoted + "'";
}

// What the watchdog runs, given the folder and then the command that runs pg_ctl (prefixed with runuser as
// root). `cat` returns once every copy of the test process's end of the pipe is closed. pg_ctl stop fails
// harmlessly when no server was started.
constexpr const char* kWatchdogScript =
    "folder=$1; shift\n"
    "cat >/dev/null\n"
    "\"$@\" stop -D \"$folder/data\" -m immediate -w >/dev/null 2>&1\n"
    "rm -rf \"$folder\"\n";

// Closes `conn` / clears `result` when they go out of scope.
struct ConnDeleter {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};

}  // namespace

TestPostgres& TestPostgres::Shared() {
  // A function's static starts once even with several threads asking, and if the start throws, the next call
  // tries again.
  static TestPostgres server;
  return server;
}

TestPostgres::TestPostgres() : owner_(::getpid()) {
  try {
    Start();
  } catch (...) {
    StopWatchdog();  // The destructor does not run when the constructor throws.
    throw;
  }
}

TestPostgres::~TestPostgres() { StopWatchdog(); }

void TestPostgres::Start() {
  bin_dir_ = FindBinDir();
  if (bin_dir_.empty()) {
    Fail(
        "no PostgreSQL server found (no initdb in `pg_config --bindir` nor in /usr/lib/postgresql/*/bin): "
        "run `bash scripts/setup`");
  }
  const bool root = ::geteuid() == 0;
  std::vector<std::string> as_server_user;  // What the PostgreSQL programs are run with: nothing unless root.
  const passwd* postgres = nullptr;
  if (root) {
    postgres = ::getpwnam("postgres");
    const std::string runuser = FindRunuser();
    if (!postgres || runuser.empty()) {
      Fail("running as root, PostgreSQL's programs must run as the `postgres` system user through runuser, but " +
           std::string(postgres ? "runuser (util-linux) is missing" : "there is no such user") +
           ": run `bash scripts/setup`");
    }
    as_server_user = {runuser, "-u", "postgres", "--"};
  }
  auto server_command = [&](std::vector<std::string> args) {
    args.insert(args.begin(), as_server_user.begin(), as_server_user.end());
    return args;
  };

  std::string pattern = (fs::temp_directory_path() / "relais-pg-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) Fail(Errno("cannot create a folder like " + pattern));
  folder_ = pattern;
  if (root && ::chown(folder_.c_str(), postgres->pw_uid, postgres->pw_gid) != 0) {
    FailAndRemove(folder_, Errno("cannot give " + folder_ + " to the postgres user"));
  }
  StartWatchdog(as_server_user);  // From here on, the folder is the watchdog's to remove.

  const std::string data = folder_ + "/data";
  const std::string commands_log = folder_ + "/commands.log";
  const std::string server_log = folder_ + "/postgres.log";
  const std::string initdb = bin_dir_ + "/initdb";
  // --no-sync only skips initdb's final flush of the new cluster to disk, which a throwaway cluster does not need
  // (it takes 6 s instead of 1.5 s on this project's dev machine). The killed processes of durability tests do
  // not lose the page cache, and the server itself runs with fsync on.
  const int initdb_status = Run(
      server_command({initdb, "-D", data, "-U", kUser, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"}),
      commands_log);
  if (initdb_status != 0) {
    const std::string hint = root ? "\n(As root, initdb runs as the postgres user, who must be able to reach " +
                                        folder_ +
                                        ": if TMPDIR names a private folder, set it to one that is open, such as /tmp.)"
                                  : "";
    Fail(initdb + " failed (status " + std::to_string(initdb_status) + "):\n" + Tail(commands_log) + hint);
  }
  {
    std::ofstream conf(data + "/postgresql.conf", std::ios::app);
    conf << "\n# tests/support/test_postgres.cc\n"
         << "listen_addresses = '127.0.0.1'\n"
         << "unix_socket_directories = " << Quoted(folder_) << "\n"
         << "shared_buffers = 32MB\n"
         << "max_connections = 200\n"
         << "fsync = on\n";
    if (!conf.flush()) Fail("cannot write " + data + "/postgresql.conf");
  }

  const std::string pg_ctl = bin_dir_ + "/pg_ctl";
  for (int attempt = 1;; ++attempt) {
    const int port = FreePort();
    const std::uintmax_t log_start = SizeOf(server_log);
    // -w waits until the server accepts connections, or fails when the server exits first.
    const int status = Run(server_command({pg_ctl, "start", "-D", data, "-l", server_log, "-w", "-t", "60", "-o",
                                           "-p " + std::to_string(port)}),
                           commands_log);
    if (status == 0) {
      port_ = port;
      return;
    }
    const std::string log = Tail(server_log, log_start);
    if (attempt < kStartAttempts && log.find("already in use") != std::string::npos) continue;
    Fail(pg_ctl + " start failed (status " + std::to_string(status) + ", port " + std::to_string(port) +
         "). The end of " + server_log + ":\n" + log + "\nThe end of " + commands_log + ":\n" + Tail(commands_log));
  }
}

// The watchdog (see the header) is /bin/sh running kWatchdogScript, started by a double fork: the middle child
// calls setsid() (no terminal signals such as Ctrl-C's SIGINT), forks the watchdog and exits at once, so the
// watchdog is reparented to init. Its stdin is the read end of the "alive" pipe. Its stdout is the write end of
// the "done" pipe, which closes when it exits. Both pipes are close-on-exec in the test process, so that no
// program the tests start holds them.
void TestPostgres::StartWatchdog(const std::vector<std::string>& as_server_user) {
  int alive[2];
  int done[2];
  if (::pipe2(alive, O_CLOEXEC) != 0) FailAndRemove(folder_, Errno("pipe2"));
  if (::pipe2(done, O_CLOEXEC) != 0) {
    const std::string error = Errno("pipe2");
    ::close(alive[0]);
    ::close(alive[1]);
    FailAndRemove(folder_, error);
  }
  std::vector<std::string> args = {"/bin/sh", "-c", kWatchdogScript, "sh", folder_};
  args.insert(args.end(), as_server_user.begin(), as_server_user.end());
  args.push_back(bin_dir_ + "/pg_ctl");
  const std::vector<char*> argv = Argv(args);

  const pid_t middle = ::fork();
  if (middle == 0) {
    ::setsid();
    const pid_t watchdog = ::fork();
    if (watchdog != 0) ::_exit(watchdog > 0 ? 0 : 1);
    // F_DUPFD copies land at 10 or above without close-on-exec, so they cannot be among fds 0-2 that the dup2s
    // below replace, even if the test process had closed its standard streams. /dev/null may be one of them
    // then, so it goes to 2 first.
    const int in = ::fcntl(alive[0], F_DUPFD, 10);
    const int out = ::fcntl(done[1], F_DUPFD, 10);
    const int null = ::open("/dev/null", O_WRONLY);
    if (in < 0 || out < 0 || null < 0 || ::dup2(null, 2) < 0 || ::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 ||
        ::chdir("/") != 0) {
      ::_exit(126);
    }
    CloseInheritedFds();
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  const std::string fork_error = middle < 0 ? Errno("fork") : "";
  ::close(alive[0]);
  ::close(done[1]);
  int status = 0;
  while (middle > 0 && ::waitpid(middle, &status, 0) < 0 && errno == EINTR) {
  }
  if (middle < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    ::close(alive[1]);
    ::close(done[0]);
    FailAndRemove(folder_, middle < 0 ? fork_error : "cannot start the watchdog process");
  }
  watchdog_alive_ = alive[1];
  watchdog_done_ = done[0];
}

void TestPostgres::StopWatchdog() {
  if (::getpid() != owner_ || watchdog_alive_ < 0) return;
  ::close(watchdog_alive_);
  watchdog_alive_ = -1;
  char byte;
  for (;;) {
    const ssize_t n = ::read(watchdog_done_, &byte, 1);
    if (n == 0 || (n < 0 && errno != EINTR)) break;
  }
  ::close(watchdog_done_);
  watchdog_done_ = -1;
}

std::string TestPostgres::AdminUri() const {
  return "postgresql://" + std::string(kUser) + "@127.0.0.1:" + std::to_string(port_) + "/postgres";
}

std::string TestPostgres::NewDatabase() {
  const std::string name = "test_" + std::to_string(++databases_);
  const std::unique_ptr<PGconn, ConnDeleter> conn(PQconnectdb((AdminUri() + "?connect_timeout=10").c_str()));
  if (PQstatus(conn.get()) != CONNECTION_OK)
    Fail("cannot connect to " + AdminUri() + ": " + PQerrorMessage(conn.get()));
  const std::unique_ptr<PGresult, ResultDeleter> result(PQexec(conn.get(), ("CREATE DATABASE " + name).c_str()));
  if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
    Fail("CREATE DATABASE " + name + ": " + PQresultErrorMessage(result.get()));
  }
  return "postgresql://" + std::string(kUser) + "@127.0.0.1:" + std::to_string(port_) + "/" + name;
}

}  // namespace relais::testing
