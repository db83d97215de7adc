// relais-edge started for a test as a real process on loopback, with its own SQLite file -- or its own
// database on the test process's PostgreSQL server when RELAIS_TEST_DATABASE is "postgresql" (ctest runs every
// suite both ways): the tests talk to it over HTTP only, as a merchant's systems and shoppers' browsers do.
#ifndef RELAIS_TESTS_EDGE_EDGE_PROCESS_H_
#define RELAIS_TESTS_EDGE_EDGE_PROCESS_H_

#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/test_postgres.h"

namespace relais::testing {

// True when this run's relais-edge stores on PostgreSQL (RELAIS_TEST_DATABASE=postgresql).
inline bool OnPostgres() {
  const char* database = std::getenv("RELAIS_TEST_DATABASE");
  return database && std::string(database) == "postgresql";
}

inline const char* kMerchantKey = "merchant-key-demo-0123456789";
inline const char* kOtherMerchantKey = "merchant-key-other-0123456789";
inline const char* kMetricsToken = "metrics-token-0123456789";

// A scratch folder with edge.json: two brands (demo with zones paris and lyon), a CORS allow-list, a 4 KB body limit,
// plus `extra` fields.
class EdgeFolder {
 public:
  explicit EdgeFolder(const nlohmann::json& extra = nlohmann::json::object()) {
    char pattern[] = "/tmp/relais-edge-test-XXXXXX";
    path_ = mkdtemp(pattern);
    nlohmann::json config = nlohmann::json::parse(R"({ "listen": "127.0.0.1", "port": 0,
      "threads": 8, "max_body_bytes": 4096, "cors_origins": ["https://shop.example"],
      "metrics_token_env": "TEST_METRICS_TOKEN",
      "brands": [ { "id": "demo", "name": "Demo", "api_key_env": "TEST_DEMO_KEY",
                    "settings": { "zones": { "paris": { "name": "Paris" }, "lyon": { "name": "Lyon" } } } },
                  { "id": "other", "name": "Other", "api_key_env": "TEST_OTHER_KEY" } ] })");
    config["database"] = OnPostgres() ? TestPostgres::Shared().NewDatabase() : (path_ / "edge.db").string();
    config.update(extra);
    std::ofstream(path_ / "edge.json") << config.dump(2);
    setenv("TEST_DEMO_KEY", kMerchantKey, 1);
    setenv("TEST_OTHER_KEY", kOtherMerchantKey, 1);
    setenv("TEST_METRICS_TOKEN", kMetricsToken, 1);
  }
  ~EdgeFolder() { std::filesystem::remove_all(path_); }
  std::string config() const { return (path_ / "edge.json").string(); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// The server process: started in the constructor (its first stdout line gives the port), SIGTERM in Stop().
class EdgeProcess {
 public:
  explicit EdgeProcess(const EdgeFolder& folder) {
    int out[2];
    BOOST_REQUIRE(pipe(out) == 0);
    pid_ = fork();
    BOOST_REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      const std::string log = folder.file("edge.log");
      freopen(log.c_str(), "a", stderr);
      close(out[0]);
      execl(EdgeBinary(), EdgeBinary(), "--config", folder.config().c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out[1]);
    FILE* in = fdopen(out[0], "r");
    char line[256] = {};
    BOOST_REQUIRE_MESSAGE(std::fgets(line, sizeof line, in), "relais-edge printed nothing; see its log");
    std::fclose(in);
    const nlohmann::json first = nlohmann::json::parse(line);
    const std::string listening = first.at("listening");
    port_ = std::stoi(listening.substr(listening.rfind(':') + 1));
    schema_version_ = first.at("schema_version");
  }
  ~EdgeProcess() {
    if (pid_ > 0) Stop();
  }
  EdgeProcess(const EdgeProcess&) = delete;
  EdgeProcess& operator=(const EdgeProcess&) = delete;

  // SIGTERM, then the exit status (0 for a clean drain).
  int Stop() {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = 0;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  // SIGKILL: no draining, no cleanup -- a crash or a power cut as the database sees it.
  void Kill() {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = 0;
  }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  int schema_version() const { return schema_version_; }

  std::unique_ptr<httplib::Client> Client() const {
    auto client = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client->set_read_timeout(30, 0);
    return client;
  }

  static const char* EdgeBinary() {
    const char* path = std::getenv("RELAIS_EDGE_BIN");
    BOOST_REQUIRE_MESSAGE(path, "RELAIS_EDGE_BIN must name the relais-edge binary");
    return path;
  }

 private:
  pid_t pid_ = 0;
  int port_ = 0;
  int schema_version_ = 0;
};

inline httplib::Headers Merchant(const char* key = kMerchantKey) {
  return {{"Authorization", std::string("Bearer ") + key}};
}

inline nlohmann::json Body(const httplib::Result& r) {
  BOOST_REQUIRE_MESSAGE(r, "no answer: " << httplib::to_string(r.error()));
  return nlohmann::json::parse(r->body.empty() ? "null" : r->body);
}

// `method` `path` with `token` and an Idempotency-Key of its own; the answer's JSON, after checking its
// status: `expected`, or any 2xx when 0.
inline nlohmann::json CallJson(httplib::Client& http, const std::string& method, const std::string& path,
                               const nlohmann::json& body = nullptr, int expected = 0,
                               const std::string& token = kMerchantKey) {
  static int requests = 0;
  const httplib::Headers h = {{"Authorization", "Bearer " + token},
                              {"Idempotency-Key", "call-" + std::to_string(++requests)}};
  const httplib::Result r = method == "GET"   ? http.Get(path, h)
                            : method == "PUT" ? http.Put(path, h, body.dump(), "application/json")
                                              : http.Post(path, h, body.dump(), "application/json");
  BOOST_REQUIRE_MESSAGE(r, method << " " << path << ": no answer");
  const bool ok = expected ? r->status == expected : r->status >= 200 && r->status < 300;
  BOOST_REQUIRE_MESSAGE(ok, method << " " << path << " answered " << r->status << ": " << r->body);
  return nlohmann::json::parse(r->body);
}

// The error code of a JSON error answer ("" when the answer is not one).
inline std::string ErrorCode(const httplib::Result& r) {
  const nlohmann::json body = Body(r);
  return body.is_object() && body.contains("error") ? body["error"].value("code", "") : "";
}

// The field a JSON error answer names ("" when the answer is not one).
inline std::string ErrorField(const httplib::Result& r) {
  const nlohmann::json body = Body(r);
  return body.is_object() && body.contains("error") ? body["error"].value("field", "") : "";
}

}  // namespace relais::testing

#endif  // RELAIS_TESTS_EDGE_EDGE_PROCESS_H_
