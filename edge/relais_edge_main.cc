// relais-edge: the order, stock and customer server.
//
//   relais-edge --config edge.json
//
// Applies the database's migrations, then serves until SIGTERM or SIGINT: it stops accepting, finishes the
// requests in flight, closes the database and exits 0. Exit 2: bad configuration; 1: cannot start.
// A republished relay snapshot is picked up by polling (snapshot_poll_ms) or at once on SIGHUP.
#include <curl/curl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <thread>

#include "edge/background_loop.h"
#include "edge/carrier_poller.h"
#include "edge/config.h"
#include "edge/http/http_api.h"
#include "edge/notifier.h"
#include "edge/orders/forecast_refresh.h"
#include "edge/pickup_sender.h"
#include "edge/refund_sender.h"
#include "edge/relay_snapshot.h"
#include "edge/store/open_store.h"
#include "edge/utc_now.h"
#include "wasm/engine/place_index.h"

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
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);               // A client that hangs up is the socket's error, not the process's end.
  curl_global_init(CURL_GLOBAL_DEFAULT);  // Once, before any thread: libcurl's own rule.

  try {
    const std::unique_ptr<SqlStore> opened = OpenStore(config.database);
    SqlStore& store = *opened;
    RelaySnapshot relays(config.snapshot);
    if (!relays.Current()) {
      std::cerr << nlohmann::json{{"level", "warning"}, {"message", relays.error() + ": relay orders refused"}}.dump()
                << "\n";
    }
    const auto log_reload = [](RelaySnapshot::Reload result, const std::string& error) {
      std::cerr << (result == RelaySnapshot::Reload::kLoaded
                        ? nlohmann::json{{"level", "info"}, {"message", "relay snapshot reloaded"}}
                        : nlohmann::json{{"level", "error"},
                                         {"message", "relay snapshot refused, the previous one serves on: " + error}})
                       .dump()
                << "\n";
    };
    if (config.snapshot_poll_ms > 0) relays.Watch(std::chrono::milliseconds(config.snapshot_poll_ms), log_reload);
    std::optional<relais::PlaceIndex> places;
    if (!config.places.empty()) {
      std::ifstream in(config.places, std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      std::string error = in ? "" : "cannot read";
      if (in) places = relais::PlaceIndex::FromLaPosteCsv(text.str(), &error);
      if (!places) {
        std::cerr << "relais-edge: places " << config.places << ": " << error << "\n";
        return 2;
      }
    }
    HttpApi api(config, &store, &relays, places ? &*places : nullptr);
    // The shoppers' e-mails and SMS leave from a thread of their own; a queued one wakes it.
    std::map<std::string, NotificationConfig> notifications;
    for (const BrandConfig& b : config.brands) notifications[b.id] = b.notifications;
    Notifier notifier(&store, notifications);
    api.set_on_notifications_queued([&notifier] { notifier.Wake(); });
    // The carriers' pickup requests likewise, queued with each manifest.
    std::map<std::string, PickupBrand> pickups;
    for (const BrandConfig& b : config.brands) pickups[b.id] = PickupBrand{b.name, b.notifications, b.shipping};
    PickupSender pickup_sender(&store, pickups);
    api.set_on_pickup_queued([&pickup_sender] { pickup_sender.Wake(); });
    // Refunds staff validated, paid through each brand's payment provider.
    std::map<std::string, RefundBrand> refunds;
    for (const BrandConfig& b : config.brands) refunds[b.id] = RefundBrand{b.returns, b.notifications};
    RefundSender refund_sender(
        &store, refunds, [&api](const std::string& brand, const std::string& id, bool ok, const std::string& detail) {
          api.returns().RefundSettled(brand, id, ok, detail);
        });
    api.set_on_refund_queued([&refund_sender] { refund_sender.Wake(); });
    // Carriers asked on a timer about the parcels on their way; answers go the webhook's way.
    std::map<std::string, std::vector<CarrierPolling>> polling;
    for (const BrandConfig& b : config.brands) {
      if (!b.carrier_polling.empty()) polling[b.id] = b.carrier_polling;
    }
    CarrierPoller poller(
        &store, polling, &config.workflows,
        [&api](const std::string& brand, const std::string& carrier, const std::string& number,
               std::vector<ParcelEvent> events) { api.TakeCarrierEvents(brand, carrier, number, std::move(events)); });
    // Each site's forecasts for the next weeks, stored once a day for staff to read at once: a pass at start
    // (a server down at the hour catches up), then every hour; a pass finds nothing to do once the day's are
    // stored.
    std::vector<std::string> brand_ids;
    for (const BrandConfig& b : config.brands) brand_ids.push_back(b.id);
    ForecastRefresh refresh(&store, brand_ids, {config.forecast_days, config.forecast_refresh_hour_utc});
    BackgroundLoop refresh_loop("forecast refresh", [&refresh] {
      for (const RefreshedSite& r : refresh.RefreshDue(UnixSecondsNow())) {
        nlohmann::json line = {
            {"level", r.error.code.empty() ? "info" : "error"},
            {"message", r.error.code.empty() ? "forecasts stored" : "forecasts not stored: " + r.error.message},
            {"brand", r.brand},
            {"site", r.site},
            {"made_on", r.made_on},
            {"rows", r.rows}};
        std::cerr << line.dump() << "\n";
      }
    });
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
      while (sigwait(&signals, &received) == 0 && received == SIGHUP) {
        log_reload(relays.ReloadIfChanged(true), relays.error());
      }
      signalled = true;
      std::cerr << "{\"level\": \"info\", \"message\": \"signal " << received << ": draining\"}\n";
      api.Stop();
    });
    notifier.Start();
    pickup_sender.Start();
    refund_sender.Start();
    poller.Start();
    if (config.forecast_refresh_hour_utc >= 0) refresh_loop.Start(std::chrono::hours(1));
    const bool served = api.Serve();
    if (!signalled) kill(getpid(), SIGTERM);  // Serving failed on its own: release the waiter (every thread blocks it).
    waiter.join();
    refresh_loop.Stop();
    poller.Stop();
    pickup_sender.Stop();
    refund_sender.Stop();
    notifier.Stop();
    std::cerr << "{\"level\": \"info\", \"message\": \"stopped\"}\n";
    return served ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "relais-edge: " << e.what() << "\n";
    return 1;
  }
}
