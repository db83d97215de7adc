#define BOOST_TEST_MODULE edge_relays
// Relay points on the server through relais-edge's HTTP API: the nearest search by position, postcode and
// town with the engine's filters, one point's page (open now, next opening on its own wall clock, closure
// notice), clear errors; and the snapshot republished under a load of searches -- every answer whole from one
// dataset, never an error, a refused file leaving the previous dataset serving, SIGHUP reloading at once.
#include <signal.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "tests/edge/edge_process.h"
#include "tests/engine/test_points.h"
#include "wasm/engine/snapshot_builder.h"

using namespace relais;
using namespace relais::testing;
using nlohmann::json;

namespace {

// Points near Paris Châtelet: two Mondial Relay shops (one closed for Christmas), an InPost locker, a shop
// 2.5 km away, and a Chronopost shop too small for big parcels. `generation` prefixes every name, so that an
// answer mixing two datasets shows.
std::vector<uint8_t> ParisSnapshot(const std::string& generation, int day_offset = 0) {
  SnapshotBuilder builder;
  RelayPoint holidays = ParisShop("mondial-relay", "MR-HOLIDAYS", 48.8584, 2.3470);
  holidays.closures = {{DaysFromCivil(2026, 12, 21), DaysFromCivil(2026, 12, 31)}};
  RelayPoint locker = ParisShop("inpost", "IP-LOCKER", 48.8590, 2.3480);
  locker.kind = PointKind::kLocker;
  locker.hours = WeeklySchedule::AlwaysOpen();
  RelayPoint small = ParisShop("chronopost", "CP-SMALL", 48.8570, 2.3460);
  small.max_weight_g = 5000;
  small.services = Service::kAccessible;
  for (RelayPoint p : {holidays, ParisShop("mondial-relay", "MR-OPEN", 48.8600, 2.3490), locker, small,
                       ParisShop("mondial-relay", "MR-FAR", 48.8800, 2.3700)}) {
    p.name = generation + " " + p.id;
    BOOST_REQUIRE(builder.Add(std::move(p)).empty());
  }
  return builder.Build(DaysFromCivil(2026, 11, 25) + day_offset);
}

// Writes bytes to `path` as relais-sync publishes: a temporary file renamed over the old one.
void Publish(const std::string& path, const std::vector<uint8_t>& bytes) {
  const std::string temporary = path + ".tmp";
  std::ofstream(temporary, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  std::filesystem::rename(temporary, path);
}

constexpr const char* kPlacesCsv =
    "Code_commune_INSEE;Nom_commune;Code_postal;Ligne_5;Libell\xC3\xA9_d_acheminement;coordonnees_gps\n"
    "75101;PARIS 01;75001;;PARIS;48.8586,2.3465\n"
    "42218;ST ETIENNE;42000;;ST ETIENNE;45.4301,4.3791\n";

struct Fixture {
  explicit Fixture(json extra = json::object()) : folder(WithSnapshot(std::move(extra), dir)) {
    Publish(snapshot(), ParisSnapshot("A"));
    edge = std::make_unique<EdgeProcess>(folder);
    http = edge->Client();
  }
  static json WithSnapshot(json extra, std::string& dir) {
    char pattern[] = "/tmp/relais-edge-relays-XXXXXX";
    dir = mkdtemp(pattern);
    extra["snapshot"] = dir + "/points.relais";  // Outside the folder: written before the server starts.
    return extra;
  }
  ~Fixture() { std::filesystem::remove_all(dir); }
  std::string snapshot() const { return dir + "/points.relais"; }

  json Get(const std::string& path, int expected = 200) {
    const httplib::Result r = http->Get(path, Merchant());
    BOOST_REQUIRE_MESSAGE(r, path << ": no answer");
    BOOST_REQUIRE_MESSAGE(r->status == expected, path << " answered " << r->status << ": " << r->body);
    return json::parse(r->body);
  }
  std::vector<std::string> Ids(const std::string& path) {
    std::vector<std::string> ids;
    const json body = Get(path);
    for (const json& p : body["points"]) ids.push_back(p["id"]);
    return ids;
  }

  std::string dir;
  EdgeFolder folder;
  std::unique_ptr<EdgeProcess> edge;
  std::unique_ptr<httplib::Client> http;
};

using Ids = std::vector<std::string>;
const std::string kNear = "/v1/relays/nearest?lat=48.8584&lon=2.3470";

}  // namespace

BOOST_AUTO_TEST_CASE(nearest_by_position_with_the_engines_filters) {
  Fixture f;
  const json all = f.Get(kNear + "&at=2026-11-26T10:00:00Z");
  BOOST_TEST(all["dataset"]["date"] == "2026-11-25");
  BOOST_TEST(all["dataset"]["points"] == 5);
  BOOST_TEST(all["at"] == "2026-11-26T10:00:00+00:00");
  BOOST_REQUIRE(all["points"].size() == 5u);
  const json& first = all["points"][0];
  BOOST_TEST(first["id"] == "MR-HOLIDAYS");
  BOOST_TEST(first["distance_m"] == 0);
  BOOST_TEST(first["name"] == "A MR-HOLIDAYS");  // The canonical record...
  BOOST_TEST(first["hours"]["mon"][0][0] == "09:00");
  BOOST_TEST(first["tz"] == "Europe/Paris");
  BOOST_TEST(first["open_now"] == true);  // ... and its state at `at`: 11:00 in Paris on a Thursday.
  BOOST_TEST(first["next_closing"] == "2026-11-26T19:00:00+01:00");
  BOOST_TEST(first["closure_notice"] == json({{"from", "2026-12-21"}, {"to", "2026-12-31"}, {"in_force", false}}));
  for (size_t i = 1; i < all["points"].size(); ++i) {
    BOOST_TEST(all["points"][i]["distance_m"].get<double>() >= all["points"][i - 1]["distance_m"].get<double>());
  }

  BOOST_TEST(f.Ids(kNear + "&limit=2") == Ids({"MR-HOLIDAYS", "IP-LOCKER"}));
  BOOST_TEST(f.Ids(kNear + "&max_distance_m=500").size() == 4u);  // Not MR-FAR.
  BOOST_TEST(f.Ids(kNear + "&kinds=locker") == Ids({"IP-LOCKER"}));
  BOOST_TEST(f.Ids(kNear + "&carriers=chronopost,inpost") == Ids({"IP-LOCKER", "CP-SMALL"}));
  BOOST_TEST(f.Ids(kNear + "&services=accessible") == Ids({"CP-SMALL"}));
  BOOST_TEST(f.Ids(kNear + "&weight_g=8000&limit=3") == Ids({"MR-HOLIDAYS", "IP-LOCKER", "MR-OPEN"}));
  // Arrival on Christmas Eve: the shop on holiday is left out; on a Sunday only the 24/7 locker opens.
  BOOST_TEST(f.Ids(kNear + "&open_on=2026-12-24&limit=2") == Ids({"IP-LOCKER", "CP-SMALL"}));
  BOOST_TEST(f.Ids(kNear + "&open_on=2026-11-29") == Ids({"IP-LOCKER"}));
  // Open now, at 20:30 Paris time: only the locker.
  BOOST_TEST(f.Ids(kNear + "&open_now=true&at=2026-11-26T19:30:00Z") == Ids({"IP-LOCKER"}));
  BOOST_TEST(f.Ids(kNear + "&open_at=2026-11-26T20:30:00%2B01:00") == Ids({"IP-LOCKER"}));
}

BOOST_AUTO_TEST_CASE(one_points_page_says_when_it_opens_on_its_own_clock) {
  Fixture f;
  // Saturday 20:00 in Paris: closed until Monday 09:00, a closure coming in December.
  const json page = f.Get("/v1/relays/mondial-relay/MR-HOLIDAYS?at=2026-11-28T19:00:00Z&lat=48.8600&lon=2.3490");
  const json& p = page["point"];
  BOOST_TEST(p["open_now"] == false);
  BOOST_TEST(p["next_opening"] == "2026-11-30T09:00:00+01:00");
  BOOST_TEST(p["next_closing"] == "2026-11-30T19:00:00+01:00");
  BOOST_TEST(p["status"] == "active");
  BOOST_TEST(p["distance_m"].get<double>() > 150);
  BOOST_TEST(p["distance_m"].get<double>() < 300);
  // During the holidays the notice is in force and the next opening is after them (Jan 1st 2027 is a Friday).
  const json christmas = f.Get("/v1/relays/mondial-relay/MR-HOLIDAYS?at=2026-12-24T10:00:00Z")["point"];
  BOOST_TEST(christmas["open_now"] == false);
  BOOST_TEST(christmas["closure_notice"]["in_force"] == true);
  BOOST_TEST(christmas["next_opening"] == "2027-01-01T09:00:00+01:00");
  // Summer time: the offset follows the zone's rules.
  BOOST_TEST(f.Get("/v1/relays/mondial-relay/MR-OPEN?at=2027-07-01T05:00:00Z")["point"]["next_opening"] ==
             "2027-07-01T09:00:00+02:00");
  BOOST_TEST(ErrorCode(f.http->Get("/v1/relays/mondial-relay/NOPE", Merchant())) == "not_found");
  BOOST_TEST(f.http->Get("/v1/relays/mondial-relay/NOPE", Merchant())->status == 404);
}

BOOST_AUTO_TEST_CASE(without_a_places_file_postcode_searches_say_so) {
  Fixture f;
  const httplib::Result r = f.http->Get("/v1/relays/nearest?postcode=75001", Merchant());
  BOOST_REQUIRE(r);
  BOOST_TEST(r->status == 503);
  BOOST_TEST(ErrorCode(r) == "place_search_unavailable");
  BOOST_TEST(f.Ids(kNear + "&limit=1") == Ids({"MR-HOLIDAYS"}));  // By position it still answers.
}

BOOST_AUTO_TEST_CASE(postcode_and_town_searches_with_a_places_file) {
  char pattern[] = "/tmp/relais-places-XXXXXX";
  const std::string dir = mkdtemp(pattern);
  std::ofstream(dir + "/places.csv") << kPlacesCsv;
  Fixture f(json{{"places", dir + "/places.csv"}});
  const json by_postcode = f.Get("/v1/relays/nearest?postcode=75001&limit=1");
  BOOST_TEST(by_postcode["origin"]["postcode"] == "75001");
  BOOST_TEST(by_postcode["origin"]["towns"] == json::array({"PARIS 01"}));
  BOOST_TEST(by_postcode["origin"]["lat"] == 48.8586);
  BOOST_TEST(by_postcode["points"][0]["id"] == "MR-HOLIDAYS");
  const json by_town = f.Get("/v1/relays/nearest?town=Saint-%C3%89tienne&limit=1");
  BOOST_TEST(by_town["origin"]["postcode"] == "42000");
  BOOST_TEST(by_town["points"][0]["distance_m"].get<double>() > 390'000);  // Paris is far from there.
  // The README's own example, and La Poste's spelling typed back (the file says "ST ETIENNE").
  for (const char* town : {"Saint-Etienne", "ST%20ETIENNE", "St-Etienne%20Cedex%201"}) {
    BOOST_TEST(f.Get(std::string("/v1/relays/nearest?town=") + town + "&limit=1")["origin"]["postcode"] == "42000",
               town);
  }
  BOOST_TEST(ErrorCode(f.http->Get("/v1/relays/nearest?postcode=99999", Merchant())) == "unknown_place");
  BOOST_TEST(ErrorCode(f.http->Get("/v1/relays/nearest?town=Nowhere", Merchant())) == "unknown_place");
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(bad_queries_get_a_clear_400_naming_the_field) {
  Fixture f;
  const std::map<std::string, std::string> field_of = {
      {"/v1/relays/nearest", "lat"},
      {"/v1/relays/nearest?lat=48.8", "lat"},
      {"/v1/relays/nearest?lat=91&lon=2", "lat"},
      {"/v1/relays/nearest?lat=abc&lon=2", "lat"},
      {kNear + "&limit=0", "limit"},
      {kNear + "&limit=51", "limit"},
      {kNear + "&kinds=castle", "kinds"},
      {kNear + "&services=spa", "services"},
      {kNear + "&dims_cm=60x40", "dims_cm"},
      {kNear + "&open_on=2026-02-30", "open_on"},
      {kNear + "&known_hours=maybe", "known_hours"},
      {kNear + "&at=tomorrow", "at"},
      {kNear + "&max_distance_m=-1", "max_distance_m"},
  };
  for (const auto& [path, field] : field_of) {
    const httplib::Result r = f.http->Get(path, Merchant());
    BOOST_REQUIRE(r);
    BOOST_TEST(r->status == 400, path);
    const json body = json::parse(r->body);
    BOOST_TEST(body["error"]["field"] == field, path << ": " << r->body);
  }
  // The brand's own limits: its carriers, its maximum relay weight, relays switched off.
  const json settings = {{"relay_enabled", true}, {"carriers", {"mondial-relay"}}, {"max_weight_g", 10000}};
  BOOST_REQUIRE(f.http->Put("/v1/brand/settings", Merchant(), settings.dump(), "application/json")->status == 200);
  BOOST_TEST(f.Ids(kNear + "&limit=3") == Ids({"MR-HOLIDAYS", "MR-OPEN", "MR-FAR"}));
  BOOST_TEST(f.http->Get(kNear + "&carriers=inpost", Merchant())->status == 400);
  BOOST_TEST(f.http->Get(kNear + "&weight_g=12000", Merchant())->status == 400);
  BOOST_REQUIRE(f.http->Put("/v1/brand/settings", Merchant(), json{{"relay_enabled", false}}.dump(), "application/json")
                    ->status == 200);
  BOOST_TEST(ErrorCode(f.http->Get(kNear, Merchant())) == "relays_disabled");
}

BOOST_AUTO_TEST_CASE(a_snapshot_republished_under_load_never_mixes_datasets) {
  Fixture f(json{{"snapshot_poll_ms", 10}, {"threads", 8}});
  const std::vector<uint8_t> a = ParisSnapshot("A"), b = ParisSnapshot("B", 1);
  std::atomic<bool> done = false;
  std::atomic<int> answers = 0, errors = 0, mixed = 0;
  std::mutex seen_mutex;
  std::map<std::string, int> seen;  // Dataset date -> answers.
  std::vector<std::thread> searchers;
  for (int t = 0; t < 4; ++t) {
    searchers.emplace_back([&] {
      auto http = f.edge->Client();
      while (!done) {
        const httplib::Result r = http->Get(kNear + "&limit=5", Merchant());
        if (!r || r->status != 200) {
          ++errors;
          continue;
        }
        const json body = json::parse(r->body);
        const std::string date = body["dataset"]["date"];
        const std::string generation = date == "2026-11-25" ? "A" : "B";
        for (const json& p : body["points"]) {
          if (p["name"].get<std::string>().rfind(generation + " ", 0) != 0) ++mixed;
        }
        if (body["points"].size() != 5u) ++mixed;
        ++answers;
        const std::lock_guard<std::mutex> lock(seen_mutex);
        ++seen[date];
      }
    });
  }
  // Republish, alternating, a refused file among them: the previous dataset must go on serving.
  for (int i = 0; i < 40; ++i) {
    if (i == 20) {
      std::vector<uint8_t> corrupt = b;
      corrupt[corrupt.size() / 2] ^= 0x5a;
      Publish(f.snapshot(), corrupt);
    } else {
      Publish(f.snapshot(), i % 2 ? b : a);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(40));
  }
  done = true;
  for (std::thread& t : searchers) t.join();
  BOOST_TEST(errors == 0);
  BOOST_TEST(mixed == 0);
  BOOST_TEST(answers > 100);
  BOOST_TEST(seen["2026-11-25"] > 0);  // Both datasets served: the reloads happened.
  BOOST_TEST(seen["2026-11-26"] > 0);
  BOOST_TEST(seen.size() == 2u);
  std::ifstream log(f.folder.file("edge.log"));
  const std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  BOOST_TEST(text.find("relay snapshot refused, the previous one serves on") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(sighup_reloads_at_once_without_polling) {
  Fixture f(json{{"snapshot_poll_ms", 0}});
  BOOST_TEST(f.Get(kNear)["dataset"]["date"] == "2026-11-25");
  Publish(f.snapshot(), ParisSnapshot("B", 1));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  BOOST_TEST(f.Get(kNear)["dataset"]["date"] == "2026-11-25");  // Not polling: still the old one.
  BOOST_REQUIRE(kill(f.edge->pid(), SIGHUP) == 0);
  bool reloaded = false;
  for (int i = 0; i < 100 && !reloaded; ++i) {
    reloaded = f.Get(kNear)["dataset"]["date"] == "2026-11-26";
    if (!reloaded) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  BOOST_TEST(reloaded);
  BOOST_TEST(f.edge->Stop() == 0);  // SIGHUP did not stop it; SIGTERM still drains.
}
