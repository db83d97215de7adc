// relais-edge: the order, stock and customer server.
//
//   relais-edge --config edge.json
//
// Applies the database's migrations, then serves until SIGTERM or SIGINT: it stops accepting, finishes the
// requests in flight, closes the database and exits 0. Exit 2: bad configuration; 1: cannot start.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <iostream>
#include <thread>

#include "edge/config.h"
#include "edge/http_api.h"
#include "edge/relay_snapshot.h"
#include "edge/sqlite_store.h"

int main(int argc, char** argv) {
  using namespace relais::edge;
  std::string config_path;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--config") == 0 && i + 1 < argc) config_path = argv[++i];
  }
  if (config_path.empty()) {
    std::cerr << "usage: relais-edge --config edge.json\n";
    return 2;
  }
  EdgeConfig config;
  if (const std::string error = LoadEdgeConfig(config_path, &config); !error.empty()) {
    std::cerr << "relais-edge: " << error << "\n";
    return 2;
  }
  // SIGTERM and SIGINT are taken by one waiting thread, never by a worker in the middle of a request.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);  // A client that hangs up is the socket's error, not the process's end.

  try {
    SqliteStore store(config.database);
    RelaySnapshot relays(config.snapshot);
    if (!relays.loaded()) {
      std::cerr << nlohmann::json{{"level", "warning"}, {"message", relays.error() + ": relay orders refused"}}.dump()
                << "\n";
    }
    HttpApi api(config, &store, &relays);
    const int port = api.Bind();
    if (port < 0) {
      std::cerr << "relais-edge: cannot listen on " << config.listen << ":" << config.port << "\n";
      return 1;
    }
    // The first line on stdout says where it listens (port 0 picks a free one: tests read it here).
    std::cout << "{\"listening\": \"" << config.listen << ":" << port
              << "\", \"schema_version\": " << store.SchemaVersion() << "}" << std::endl;
    std::atomic<bool> signalled = false;
    std::thread waiter([&] {
      int received = 0;
      sigwait(&signals, &received);
      signalled = true;
      std::cerr << "{\"level\": \"info\", \"message\": \"signal " << received << ": draining\"}\n";
      api.Stop();
    });
    const bool served = api.Serve();
    if (!signalled) kill(getpid(), SIGTERM);  // Serving failed on its own: release the waiter (every thread blocks it).
    waiter.join();
    std::cerr << "{\"level\": \"info\", \"message\": \"stopped\"}\n";
    return served ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "relais-edge: " << e.what() << "\n";
    return 1;
  }
}
