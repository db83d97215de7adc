// Shipping labels over HTTP against a real relais-edge: a relay shipment's label as PDF (its barcode decoded
// by zbarimg from pdftoppm's rendering, its text read by pdftotext) and as ZPL (read back command by command);
// the same number on every reprint; printing to a label printer listening on loopback; the refusals (no
// range, an exhausted range, a point gone from the snapshot, a parcel already handed over, a printer that
// does not answer); 64 labels at once get 64 distinct valid numbers, and a killed server never gives one
// again.
#define BOOST_TEST_MODULE edge_labels
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <mutex>
#include <set>
#include <thread>

#include "tests/edge/edge_process.h"
#include "tests/edge/smtp_sink.h"
#include "tests/edge/zpl_reader.h"
#include "tests/engine/test_points.h"
#include "wasm/engine/parcel_number.h"
#include "wasm/engine/snapshot_builder.h"

using namespace relais;
using namespace relais::testing;
using nlohmann::json;

namespace {

const char* kJson = "application/json";

std::string Run(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  BOOST_REQUIRE(pipe);
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  pclose(pipe);
  return out;
}

// A label printer on loopback: accepts connections and keeps what each sent until it closed.
class FakePrinter {
 public:
  FakePrinter() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    BOOST_REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    BOOST_REQUIRE(listen(fd_, 8) == 0);
    socklen_t size = sizeof a;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &size);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] {
      for (int c; (c = accept(fd_, nullptr, nullptr)) >= 0;) {
        std::string job;
        char buffer[8192];
        for (ssize_t n; (n = read(c, buffer, sizeof buffer)) > 0;) job.append(buffer, static_cast<size_t>(n));
        close(c);
        const std::lock_guard<std::mutex> lock(mutex_);
        jobs_.push_back(job);
      }
    });
  }
  ~FakePrinter() { Close(); }
  // Stops answering: a printer switched off.
  void Close() {
    if (fd_ < 0) return;
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    fd_ = -1;
    thread_.join();
  }
  int port() const { return port_; }
  std::vector<std::string> jobs() {
    const std::lock_guard<std::mutex> lock(mutex_);
    return jobs_;
  }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> jobs_;
};

// Points near Châtelet: a Colissimo shop and an InPost locker (no account numbers InPost parcels here).
enum class Shop { kOpen, kClosedForGood, kGone };
void WriteSnapshot(const std::string& path, Shop state) {
  SnapshotBuilder builder;
  if (state != Shop::kGone) {
    RelayPoint shop = ParisShop("colissimo", "CO-1", 48.8584, 2.3470);
    shop.name = "Tabac du Châtelet";
    shop.address = {"2 place du Châtelet"};
    shop.active = state == Shop::kOpen;
    BOOST_REQUIRE(builder.Add(std::move(shop)).empty());
  }
  RelayPoint other = ParisShop("colissimo", "CO-2", 48.8600, 2.3490);
  other.name = "Presse Rivoli";
  BOOST_REQUIRE(builder.Add(std::move(other)).empty());
  RelayPoint locker = ParisShop("inpost", "IP-1", 48.8590, 2.3480);
  locker.kind = PointKind::kLocker;
  locker.hours = WeeklySchedule::AlwaysOpen();
  BOOST_REQUIRE(builder.Add(std::move(locker)).empty());
  const std::vector<uint8_t> bytes = builder.Build(DaysFromCivil(2026, 11, 25));
  std::ofstream(path + ".tmp", std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  std::filesystem::rename(path + ".tmp", path);
}

json LabelConfig(const std::string& dir, int printer_port, uint64_t merchant_last) {
  WriteSnapshot(dir + "/points.relais", Shop::kOpen);
  json config = json::parse(R"({"snapshot_poll_ms": 100, "brands": [
      {"id": "demo", "name": "Demo", "api_key_env": "TEST_DEMO_KEY",
       "settings": {"relay_enabled": true, "zones": {"paris": {"name": "Paris"}}},
       "shipping": {"home_carrier": "colissimo", "accounts": [
         {"carrier": "colissimo", "account": "C-RELAY", "name": "Colissimo", "modes": ["relay"], "low_at": 5,
          "ranges": [{"scheme": "colissimo", "prefix": "6M", "first": 1000, "last": 1079}]},
         {"carrier": "colissimo", "account": "C-HOME", "name": "Colissimo", "modes": ["home"],
          "ranges": [{"scheme": "colissimo", "prefix": "6A", "first": 1, "last": 999999}]},
         {"carrier": "merchant", "account": "own", "name": "Demo",
          "ranges": [{"scheme": "sscc-18", "prefix": "03012345", "first": 1}]}]}},
      {"id": "other", "name": "Other", "api_key_env": "TEST_OTHER_KEY"}]})");
  json& shipping = config["brands"][0]["shipping"];
  shipping["accounts"][2]["ranges"][0]["last"] = merchant_last;
  shipping["printers"] = {{"wh", {{"host", "127.0.0.1"}, {"port", printer_port}}}};
  config["snapshot"] = dir + "/points.relais";
  return config;
}

struct Fixture {
  // `tweak` edits the configuration before the server starts.
  explicit Fixture(uint64_t merchant_last = 2, const std::function<void(json&)>& tweak = nullptr)
      : dir(MakeDir()), folder(Tweaked(LabelConfig(dir, printer.port(), merchant_last), tweak)) {
    Start();
    const json location = {{"address", {"ZI Nord"}}, {"postcode", "93200"}, {"city", "SAINT-DENIS"}, {"country", "FR"},
                           {"lat", 48.93},           {"lon", 2.36},         {"tz", "Europe/Paris"}};
    const json offer = {{"cost_cents", 390}, {"lead_time_hours", 48}};
    Call("PUT", "/v1/sites/wh",
         {{"kind", "warehouse"},
          {"name", "Entrepôt Nord"},
          {"zone", "paris"},
          {"location", location},
          {"capabilities", {{"relay", offer}, {"locker", offer}, {"home", offer}}}});
    Call("PUT", "/v1/sites/drive-1",
         {{"kind", "drive"},
          {"name", "Drive Nord"},
          {"zone", "paris"},
          {"location", location},
          {"capabilities", {{"drive", {{"cost_cents", 0}, {"lead_time_hours", 2}}}}}});
    Call("PUT", "/v1/products/BOOK",
         {{"name", "Guide"},
          {"category", "books"},
          {"temperature", "ambient"},
          {"weight_g", 450},
          {"price_cents", 990}});
    for (const char* site : {"wh", "drive-1"}) {
      Call("POST", "/v1/stock/movements", {{"kind", "receipt"}, {"sku", "BOOK"}, {"site", site}, {"quantity", 500}});
    }
  }
  ~Fixture() {
    edge.reset();
    std::filesystem::remove_all(dir);
  }
  static json Tweaked(json config, const std::function<void(json&)>& tweak) {
    if (tweak) tweak(config);
    return config;
  }
  static std::string MakeDir() {
    char pattern[] = "/tmp/relais-edge-labels-XXXXXX";
    return mkdtemp(pattern);
  }
  void Start() {
    edge = std::make_unique<EdgeProcess>(folder);
    http = edge->Client();
  }

  json Call(const std::string& method, const std::string& path, const json& body = nullptr, int expected = 0) {
    return CallJson(*http, method, path, body, expected);
  }
  // An order of one line to `destination` by `mode`, from `site`.
  std::string Order(const std::string& mode, const json& destination, const std::string& site = "wh") {
    json line = {{"sku", "BOOK"}, {"quantity", 1}, {"site", site}, {"mode", mode}, {"date", "2099-01-02"}};
    if (!destination.is_null()) line["destination"] = destination;
    return Call("POST", "/v1/orders",
                {{"customer_id", "c1"},
                 {"contact", {{"name", "Hélène Dupré"}, {"phone", "+33 6 12 34 56 78"}}},
                 {"lines", {line}}},
                201)["id"];
  }
  // An order of `quantity` guides to the colissimo point CO-1: the placed order, its tracking token included.
  json PlaceRelay(int quantity) {
    return Call("POST", "/v1/orders",
                {{"customer_id", "c1"},
                 {"contact", {{"name", "Hélène Dupré"}, {"phone", "+33 6 12 34 56 78"}}},
                 {"lines",
                  {{{"sku", "BOOK"},
                    {"quantity", quantity},
                    {"site", "wh"},
                    {"mode", "relay"},
                    {"destination", {{"carrier", "colissimo"}, {"id", "CO-1"}}},
                    {"date", "2099-01-02"}}}}},
                201);
  }
  httplib::Result Label(const std::string& order, const json& body = {{"format", "pdf"}}, int shipment = 0) {
    httplib::Client client("127.0.0.1", edge->port());
    return client.Post("/v1/orders/" + order + "/shipments/" + std::to_string(shipment) + "/label", Merchant(),
                       body.dump(), kJson);
  }

  std::string dir;
  FakePrinter printer;
  EdgeFolder folder;
  std::unique_ptr<EdgeProcess> edge;
  std::unique_ptr<httplib::Client> http;
};

const json kRelay = {{"carrier", "colissimo"}, {"id", "CO-1"}};

// What zbarimg reads on the PDF's pages rendered at 300 dpi, one line per barcode.
std::string Scan(const std::string& dir, const std::string& pdf) {
  std::ofstream(dir + "/label.pdf", std::ios::binary) << pdf;
  std::filesystem::remove_all(dir + "/pages");
  std::filesystem::create_directory(dir + "/pages");
  Run("pdftoppm -r 300 -png " + dir + "/label.pdf " + dir + "/pages/p");
  return Run("zbarimg --raw -q --nodbus " + dir + "/pages/*.png");
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_relay_label_scans_as_its_number_and_a_reprint_keeps_it, Fixture) {
  const std::string id = Order("relay", kRelay);
  const httplib::Result pdf = Label(id);
  BOOST_REQUIRE(pdf);
  BOOST_REQUIRE_MESSAGE(pdf->status == 200, pdf->body);
  BOOST_TEST(pdf->get_header_value("Content-Type") == "application/pdf");
  const std::string number = pdf->get_header_value("X-Parcel-Numbers");
  // The range's first serial, with Colissimo's key: a number the engine's own check accepts.
  BOOST_TEST(number.substr(0, 7) == "6M00000");
  BOOST_TEST(number.size() == 13u);
  BOOST_TEST(CheckParcelNumber("colissimo", number).format == "colissimo");
  BOOST_TEST(CheckParcelNumber("colissimo", number).valid);
  BOOST_TEST(Scan(dir, pdf->body) == number + "\n");
  std::ofstream(dir + "/label.pdf", std::ios::binary) << pdf->body;
  const std::string text = Run("pdftotext -layout " + dir + "/label.pdf -");
  for (const char* expected :
       {"POINT RELAIS", "FR-CO-1", "Tabac du Châtelet", "2 place du Châtelet", "75001 PARIS", "Hélène Dupré",
        "Tél. +33", "Entrepôt Nord", "93200 SAINT-DENIS", "Colis 1/1", "Poids 0,45 kg", "Expédition 1"}) {
    BOOST_TEST(text.find(expected) != std::string::npos, expected);
  }

  // A reprint, in any format: the same number, no second "labelled" event.
  BOOST_TEST(Label(id, {{"format", "pdf-a4"}})->get_header_value("X-Parcel-Numbers") == number);
  const httplib::Result zpl = Label(id, {{"format", "zpl"}, {"dpi", 300}});
  BOOST_REQUIRE(zpl);
  BOOST_TEST(zpl->get_header_value("X-Parcel-Numbers") == number);
  const ZplLabel read = ReadZpl(zpl->body);
  BOOST_TEST(read.errors.empty(), (read.errors.empty() ? "" : read.errors[0]));
  std::vector<std::string> barcodes;
  for (const ZplField& f : read.fields) {
    if (f.kind == ZplField::Kind::kBarcode) barcodes.push_back(f.data);
  }
  BOOST_TEST(barcodes == std::vector<std::string>{number}, boost::test_tools::per_element());
  int labelled = 0;
  const json events = Call("GET", "/v1/orders/" + id + "/events");  // Kept alive through the loop.
  for (const json& e : events["events"]) labelled += e["kind"] == "labelled";
  BOOST_TEST(labelled == 1);
  // Staff see it on the shipment, ready for the hand-over.
  const json timeline = Call("GET", "/v1/orders/" + id + "/timeline");
  BOOST_TEST(timeline["shipments"][0]["labels"] ==
             json::parse(R"([{"carrier": "colissimo", "number": ")" + number + R"("}])"));
  // Customer service finds the order by the label's number.
  BOOST_TEST(Call("GET", "/v1/orders/search?q=" + number)["orders"][0]["id"] == id);
}

BOOST_FIXTURE_TEST_CASE(home_and_collection_labels_come_from_their_own_accounts, Fixture) {
  const std::string home = Order(
      "home", {{"address", {"3 allée des Tilleuls"}}, {"postcode", "69003"}, {"city", "LYON"}, {"country", "FR"}});
  const httplib::Result label = Label(home);
  BOOST_REQUIRE(label);
  BOOST_REQUIRE_MESSAGE(label->status == 200, label->body);
  const std::string number = label->get_header_value("X-Parcel-Numbers");
  BOOST_TEST(number.substr(0, 2) == "6A");
  BOOST_TEST(Scan(dir, label->body) == number + "\n");
  std::ofstream(dir + "/label.pdf", std::ios::binary) << label->body;
  const std::string text = Run("pdftotext -layout " + dir + "/label.pdf -");
  BOOST_TEST(text.find("DOMICILE") != std::string::npos);
  BOOST_TEST(text.find("69003 LYON") != std::string::npos);
  BOOST_TEST(text.find("Point relais") == std::string::npos);

  // A drive order: the brand's own SSCC, printed as GS1-128 (zbarimg reads the element string, AI included).
  const std::string drive = Order("drive", nullptr, "drive-1");
  const httplib::Result sscc = Label(drive);
  BOOST_REQUIRE(sscc);
  BOOST_REQUIRE_MESSAGE(sscc->status == 200, sscc->body);
  const std::string serial = sscc->get_header_value("X-Parcel-Numbers");
  BOOST_TEST(serial.size() == 20u);
  BOOST_TEST(CheckParcelNumber("", serial).valid);
  BOOST_TEST(Scan(dir, sscc->body) == serial + "\n");
}

BOOST_FIXTURE_TEST_CASE(printing_sends_the_zpl_to_the_sites_printer, Fixture) {
  const std::string id = Order("relay", kRelay);
  const json printed = Call("POST", "/v1/orders/" + id + "/shipments/0/print", {{"dpi", 203}}, 200);
  const std::string number = printed["parcel_numbers"][0];
  BOOST_TEST(printed["printer"] == "127.0.0.1:" + std::to_string(printer.port()));
  for (int i = 0; i < 50 && printer.jobs().empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  BOOST_REQUIRE(printer.jobs().size() == 1u);
  const ZplLabel read = ReadZpl(printer.jobs()[0]);
  BOOST_TEST(read.errors.empty());
  BOOST_TEST(read.print_width == 799);  // 100 mm at 203 dpi.
  bool found = false;
  for (const ZplField& f : read.fields) found |= f.kind == ZplField::Kind::kBarcode && f.data == number;
  BOOST_TEST(found);

  // The printer is off: a clear 502, the number kept, the label still downloadable.
  printer.Close();
  const httplib::Result refused = http->Post("/v1/orders/" + id + "/shipments/0/print", Merchant(), "{}", kJson);
  BOOST_REQUIRE(refused);
  BOOST_TEST(refused->status == 502);
  BOOST_TEST(ErrorCode(refused) == "printer_unavailable");
  BOOST_TEST(Body(refused)["error"]["parcel_numbers"][0] == number);
  BOOST_TEST(Label(id)->get_header_value("X-Parcel-Numbers") == number);
  // A site without a printer.
  const std::string drive = Order("drive", nullptr, "drive-1");
  BOOST_TEST(ErrorCode(http->Post("/v1/orders/" + drive + "/shipments/0/print", Merchant(), "{}", kJson)) ==
             "no_printer");
}

BOOST_FIXTURE_TEST_CASE(refusals_are_clear_and_write_nothing, Fixture) {
  const std::string id = Order("relay", kRelay);
  const json pdf = {{"format", "pdf"}};
  BOOST_TEST(Label(id, pdf, 1)->status == 404);  // Its only shipment is shipment 0.
  BOOST_TEST(ErrorCode(Label(id, pdf, 1)) == "not_found");
  BOOST_TEST(ErrorCode(Label("nope")) == "not_found");
  const json png = {{"format", "png"}}, dpi = {{"format", "zpl"}, {"dpi", 600}}, colour = {{"colour", "red"}};
  BOOST_TEST(ErrorCode(Label(id, png)) == "invalid_field");
  const json bad_dpi = Body(Label(id, dpi));
  BOOST_TEST(bad_dpi["error"]["field"] == "dpi");
  const json bad_field = Body(Label(id, colour));
  BOOST_TEST(bad_field["error"]["field"] == "colour");
  // Another brand does not see the order.
  BOOST_TEST(http->Post("/v1/orders/" + id + "/shipments/0/label", Merchant(kOtherMerchantKey), "{}", kJson)->status ==
             404);

  // A locker of a carrier the brand has no account with.
  const json inpost = {{"carrier", "inpost"}, {"id", "IP-1"}};
  const std::string locker = Order("locker", inpost);
  const httplib::Result no_range = Label(locker);
  BOOST_TEST(no_range->status == 409);
  BOOST_TEST(ErrorCode(no_range) == "no_parcel_range");
  BOOST_TEST(Body(no_range)["error"]["field"] == "carrier");

  // The merchant's range has two numbers: the third drive order is refused, and nothing was written for it.
  for (int i = 0; i < 2; ++i) {
    const std::string drive = Order("drive", nullptr, "drive-1");
    const httplib::Result r = Label(drive);
    BOOST_TEST(r->status == 200);
  }
  const std::string third = Order("drive", nullptr, "drive-1");
  const httplib::Result exhausted = Label(third);
  BOOST_TEST(exhausted->status == 409);
  BOOST_TEST(ErrorCode(exhausted) == "parcel_range_exhausted");
  const json events = Call("GET", "/v1/orders/" + third + "/events");
  for (const json& e : events["events"]) BOOST_TEST(e["kind"] != "labelled");
  bool low = false;
  const json ranges = Call("GET", "/v1/parcel-ranges");
  for (const json& r : ranges["ranges"]) {
    if (r["carrier"] == "merchant") {
      BOOST_TEST(r["given"] == 2);
      BOOST_TEST(r["left"] == 0);
      low = r["low"];
    }
  }
  BOOST_TEST(!low);  // low_at 0: the merchant asked for no warning.

  // Handed over: the parcel left with its label.
  for (const char* event : {"preparation_started", "preparation_done"}) {
    Call("POST", "/v1/orders/" + id + "/events", {{"event", event}});
  }
  const std::string number = Label(id)->get_header_value("X-Parcel-Numbers");
  Call("POST", "/v1/orders/" + id + "/events",
       {{"event", "handed_to_carrier"}, {"parcel", {{"carrier", "colissimo"}, {"tracking_number", number}}}});
  const httplib::Result closed = Label(id);
  BOOST_TEST(closed->status == 409);
  BOOST_TEST(ErrorCode(closed) == "shipment_closed");

  // The point closed for good in the day's snapshot: the order path's 409, with the nearest points that fit.
  const std::string before = Order("relay", kRelay);
  const auto refusal = [&] {
    for (int i = 0; i < 100; ++i) {  // The server polls the snapshot's file every 100 ms.
      const httplib::Result r = Label(before);
      if (r->status != 200) return Body(r);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return json();
  };
  WriteSnapshot(dir + "/points.relais", Shop::kClosedForGood);
  const json closed_for_good = refusal();
  BOOST_TEST(closed_for_good["error"]["code"] == "relay_unavailable");
  BOOST_TEST(closed_for_good["error"]["reason"] == "inactive");
  BOOST_TEST(closed_for_good["error"]["alternatives"][0]["id"] == "CO-2");
  // Gone from the file altogether: refused too (the snapshot no longer says where it was: no alternatives).
  WriteSnapshot(dir + "/points.relais", Shop::kGone);
  json gone = json::object();
  for (int i = 0; i < 100 && gone.value("error", json::object()).value("reason", "") != "unknown_point"; ++i) {
    gone = Body(Label(before));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  BOOST_TEST(gone["error"]["code"] == "relay_unavailable");
  BOOST_TEST(gone["error"]["reason"] == "unknown_point");
}

BOOST_FIXTURE_TEST_CASE(sixty_four_labels_at_once_get_distinct_numbers_and_a_crash_gives_none_again, Fixture) {
  std::vector<std::string> orders;
  for (int i = 0; i < 64; ++i) orders.push_back(Order("relay", kRelay));
  std::vector<std::string> numbers(64);
  std::vector<std::thread> threads;
  for (int i = 0; i < 64; ++i) {
    threads.emplace_back([&, i] {
      httplib::Client client("127.0.0.1", edge->port());
      client.set_read_timeout(60, 0);
      const httplib::Result r =
          client.Post("/v1/orders/" + orders[i] + "/shipments/0/label", Merchant(), R"({"format": "zpl"})", kJson);
      if (r && r->status == 200) numbers[i] = r->get_header_value("X-Parcel-Numbers");
    });
  }
  for (std::thread& t : threads) t.join();
  std::set<std::string> distinct;
  for (const std::string& n : numbers) {
    BOOST_TEST(CheckParcelNumber("colissimo", n).valid, n);
    BOOST_TEST(n.size() == 13u, n);
    distinct.insert(n);
  }
  BOOST_TEST(distinct.size() == 64u);
  // 80 numbers in the range, 64 given: fewer than low_at (5) left is not reached yet; /metrics counts them.
  const httplib::Result metrics = http->Get("/metrics", {{"Authorization", std::string("Bearer ") + kMetricsToken}});
  BOOST_TEST(metrics->body.find("relais_parcel_numbers_total 64") != std::string::npos);
  BOOST_TEST(
      metrics->body.find(R"(relais_parcel_numbers_left{brand="demo",carrier="colissimo",account="C-RELAY"} 16)") !=
      std::string::npos);

  // A power cut, then a restart on the same database: the next number is a new one.
  edge->Kill();
  Start();
  const std::string after = Label(Order("relay", kRelay))->get_header_value("X-Parcel-Numbers");
  BOOST_TEST(!distinct.count(after));
  BOOST_TEST(CheckParcelNumber("colissimo", after).valid);
  // Fifteen left of 80: still not low; take 11 more and the range runs low.
  for (int i = 0; i < 11; ++i) Label(Order("relay", kRelay));
  bool low = false;
  const json ranges = Call("GET", "/v1/parcel-ranges");
  for (const json& r : ranges["ranges"]) {
    if (r["account"] == "C-RELAY") {
      BOOST_TEST(r["given"] == 76);
      BOOST_TEST(r["left"] == 4);
      low = r["low"];
    }
  }
  BOOST_TEST(low);
}

BOOST_FIXTURE_TEST_CASE(closing_the_day_hands_every_prepared_parcel_over_on_one_manifest, Fixture) {
  // Three relay parcels labelled; two prepared. A fourth prepared but not labelled is not the carrier's yet.
  std::vector<std::string> ids, numbers;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(Order("relay", kRelay));
    numbers.push_back(Label(ids.back())->get_header_value("X-Parcel-Numbers"));
  }
  const std::string unlabelled = Order("relay", kRelay);
  for (const std::string& id : {ids[0], ids[1], unlabelled}) {
    for (const char* event : {"preparation_started", "preparation_done"}) {
      Call("POST", "/v1/orders/" + id + "/events", {{"event", event}});
    }
  }
  const json pending = Call("GET", "/v1/manifests/pending?site=wh&carrier=colissimo");
  BOOST_REQUIRE(pending["parcels"].size() == 2u);
  BOOST_TEST(pending["parcels"][0]["number"] == numbers[0]);  // In the order they were labelled.
  BOOST_TEST(pending["parcels"][1]["number"] == numbers[1]);
  BOOST_TEST(pending["parcels"][0]["recipient"] == "Hélène Dupré");
  BOOST_TEST(pending["parcels"][0]["destination"] == "FR-CO-1 Tabac du Châtelet, 75001 PARIS");
  BOOST_TEST(pending["totals"] == json::parse(R"({"parcels": 2, "weight_g": 900})"));
  BOOST_REQUIRE(pending["not_ready"].size() == 1u);
  BOOST_TEST(pending["not_ready"][0]["number"] == numbers[2]);

  // Staff confirm a list: a number not on it (not prepared) is refused, nothing is handed over.
  const httplib::Result unconfirmed =
      http->Post("/v1/manifests", Merchant(),
                 json({{"site", "wh"}, {"carrier", "colissimo"}, {"numbers", {numbers[0], numbers[2]}}}).dump(), kJson);
  BOOST_TEST(unconfirmed->status == 400);
  BOOST_TEST(Body(unconfirmed)["error"]["field"] == "numbers");
  BOOST_TEST(Call("GET", "/v1/orders/" + ids[0])["status"] != "shipped");
  const json manifest = Call("POST", "/v1/manifests",
                             {{"site", "wh"}, {"carrier", "colissimo"}, {"numbers", {numbers[0], numbers[1]}}}, 201);
  const std::string id = manifest["id"];
  BOOST_TEST(id.starts_with("wh-colissimo-"));
  BOOST_TEST(id.ends_with("-1"));
  BOOST_TEST(manifest["parcels"].size() == 2u);
  BOOST_TEST(manifest["closed_by"] == "merchant");
  // Both shipments left with their label's number, in the same transaction as the manifest.
  for (int i = 0; i < 2; ++i) {
    const json order = Call("GET", "/v1/orders/" + ids[i]);
    BOOST_TEST(order["status"] == "shipped");
    const json timeline = Call("GET", "/v1/orders/" + ids[i] + "/timeline");
    BOOST_TEST(timeline["shipments"][0]["parcel"] == json({{"carrier", "colissimo"}, {"tracking_number", numbers[i]}}));
  }
  // On a closed manifest: no new label, no second manifest for it.
  BOOST_TEST(ErrorCode(Label(ids[0])) == "shipment_closed");
  const httplib::Result again =
      http->Post("/v1/manifests", Merchant(), R"({"site": "wh", "carrier": "colissimo"})", kJson);
  BOOST_TEST(again->status == 409);
  BOOST_TEST(ErrorCode(again) == "nothing_to_hand_over");

  // The late parcel goes on the day's next manifest.
  for (const char* event : {"preparation_started", "preparation_done"}) {
    Call("POST", "/v1/orders/" + ids[2] + "/events", {{"event", event}});
  }
  const json next = Call("POST", "/v1/manifests", {{"site", "wh"}, {"carrier", "colissimo"}}, 201);
  BOOST_TEST(std::string(next["id"]).ends_with("-2"));
  BOOST_REQUIRE(next["parcels"].size() == 1u);
  BOOST_TEST(next["parcels"][0]["number"] == numbers[2]);

  // The documents: the PDF's barcode is the manifest's number, its text lists the parcels; the CSV one line each.
  const httplib::Result pdf = http->Get("/v1/manifests/" + id + "/document", Merchant());
  BOOST_REQUIRE(pdf->status == 200);
  BOOST_TEST(pdf->get_header_value("Content-Type") == "application/pdf");
  BOOST_TEST(Scan(dir, pdf->body) == id + "\n");
  std::ofstream(dir + "/manifest.pdf", std::ios::binary) << pdf->body;
  const std::string text = Run("pdftotext -layout " + dir + "/manifest.pdf -");
  for (const std::string& expected : {numbers[0], numbers[1], std::string("Entrepôt Nord"), std::string("0,900")}) {
    BOOST_TEST(text.find(expected) != std::string::npos, expected);
  }
  const httplib::Result csv = http->Get("/v1/manifests/" + id + "/document?format=csv", Merchant());
  BOOST_TEST(csv->get_header_value("Content-Type") == "text/csv; charset=utf-8");
  BOOST_TEST(csv->body.starts_with("manifest,number,order_ref,recipient,destination,mode,weight_g,parcel,parcels\r\n"));
  BOOST_TEST(csv->body.find(id + "," + numbers[1] + "," + ids[1] +
                            ",Hélène Dupré,\"FR-CO-1 Tabac du Châtelet, 75001 "
                            "PARIS\",relay,450,1,1\r\n") != std::string::npos);
  BOOST_TEST(Call("GET", "/v1/manifests/" + id) == manifest);
  const json day = Call("GET", "/v1/manifests?site=wh&day=" + std::string(manifest["day"]));
  BOOST_REQUIRE(day["manifests"].size() == 2u);
  BOOST_TEST(day["manifests"][0]["id"] == id);
  BOOST_TEST(day["manifests"][1]["id"] == next["id"]);
  BOOST_TEST(http->Get("/v1/manifests/nope", Merchant())->status == 404);
  BOOST_TEST(http->Get("/v1/manifests/" + id, Merchant(kOtherMerchantKey))->status == 404);
}

namespace {

// A carrier's pickup API on loopback: answers 503 to the first `failures` requests, then {"reference": "PU-<n>"};
// keeps each request's body and headers.
class PickupApi {
 public:
  explicit PickupApi(int failures) : failures_(failures) {
    server_.Post("/pickups", [this](const httplib::Request& req, httplib::Response& res) {
      const std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back({{"body", json::parse(req.body)},
                           {"authorization", req.get_header_value("Authorization")},
                           {"idempotency_key", req.get_header_value("Idempotency-Key")}});
      if (failures_-- > 0) {
        res.status = 503;
        return;
      }
      res.set_content(json({{"reference", "PU-" + std::to_string(requests_.size())}}).dump(), "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~PickupApi() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  std::vector<json> requests() {
    const std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  std::mutex mutex_;
  int failures_;
  std::vector<json> requests_;
  int port_ = 0;
};

// The carrier's mail server and pickup API, up before the server that is configured with their ports.
struct PickupServers {
  PickupServers() : mail_dir(Fixture::MakeDir()), smtp(mail_dir + "/mail.jsonl"), api(1) {}
  ~PickupServers() { std::filesystem::remove_all(mail_dir); }
  std::string mail_dir;
  SmtpSink smtp;
  PickupApi api;
};

// Relay parcels (colissimo C-RELAY) ask by e-mail, home parcels (C-HOME) by the API; the brand's SMTP server
// is the sink, its retries 200 ms apart.
struct PickupFixture : PickupServers, Fixture {
  PickupFixture()
      : Fixture(2, [this](json& config) {
          setenv("TEST_PICKUP_TOKEN", "pickup-token-42", 1);
          json& brand = config["brands"][0];
          brand["notifications"] = {
              {"email", {{"smtp_url", "smtp://127.0.0.1:" + std::to_string(smtp.port())}, {"from", "shop@demo.test"}}},
              {"retry_initial_ms", 200},
              {"max_attempts", 3}};
          brand["shipping"]["accounts"][0]["pickup"] = {{"email", "enlevement@carrier.test"}, {"ready", "15:00-17:30"}};
          brand["shipping"]["accounts"][1]["pickup"] = {
              {"url", "http://127.0.0.1:" + std::to_string(api.port()) + "/pickups"},
              {"token_env", "TEST_PICKUP_TOKEN"}};
        }) {}
};

// Prepares an order's only shipment.
void Prepare(Fixture& f, const std::string& id) {
  for (const char* event : {"preparation_started", "preparation_done"}) {
    f.Call("POST", "/v1/orders/" + id + "/events", {{"event", event}});
  }
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(closing_the_day_asks_the_carrier_to_come_by_email_or_by_its_api, PickupFixture) {
  // By e-mail: the manifest attached as PDF (its barcode is its id) and CSV.
  std::vector<std::string> numbers;
  for (int i = 0; i < 2; ++i) {
    const std::string id = Order("relay", kRelay);
    numbers.push_back(Label(id)->get_header_value("X-Parcel-Numbers"));
    Prepare(*this, id);
  }
  const json manifest = Call("POST", "/v1/manifests", {{"site", "wh"}, {"carrier", "colissimo"}}, 201);
  const std::string id = manifest["id"];
  BOOST_TEST(manifest["pickup"]["channel"] == "email");
  BOOST_REQUIRE(Eventually([&] { return Call("GET", "/v1/manifests/" + id)["pickup"]["status"] == "sent"; }));
  const std::vector<json> mails = smtp.Messages();
  BOOST_REQUIRE(mails.size() == 1u);
  const json& mail = mails[0];
  BOOST_TEST(mail["rcpt_tos"] == json::array({"enlevement@carrier.test"}));
  BOOST_TEST(std::string(mail["subject"]).find("Demande d'enlèvement C-RELAY") == 0);
  const std::string body = mail["body"];
  for (const std::string& expected :
       {std::string("15:00-17:30"), std::string("Entrepôt Nord, ZI Nord, 93200 SAINT-DENIS"),
        std::string("Colis : 2, 0.900 kg"), id}) {
    BOOST_TEST(body.find(expected) != std::string::npos, expected);
  }
  BOOST_REQUIRE(mail["attachments"].size() == 2u);
  BOOST_TEST(mail["attachments"][0]["filename"] == id + ".pdf");
  BOOST_TEST(mail["attachments"][0]["content_type"] == "application/pdf");
  const auto attachment = [&](size_t i) {
    std::ifstream in(mail["attachments"][i]["path"].get<std::string>(), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  };
  BOOST_TEST(Scan(dir, attachment(0)) == id + "\n");
  BOOST_TEST(mail["attachments"][1]["filename"] == id + ".csv");
  const std::string csv = attachment(1);
  for (const std::string& n : numbers) BOOST_TEST(csv.find(id + "," + n + ",") != std::string::npos, n);

  // By the API: refused once (503), retried, its reference kept; the same idempotency key each time.
  const std::string home =
      Order("home", {{"address", {"3 rue des Lilas"}}, {"postcode", "75011"}, {"city", "PARIS"}, {"country", "FR"}});
  const std::string home_number = Label(home)->get_header_value("X-Parcel-Numbers");
  Prepare(*this, home);
  const json second = Call("POST", "/v1/manifests", {{"site", "wh"}, {"carrier", "colissimo"}}, 201);
  const std::string second_id = second["id"];
  BOOST_TEST(second["pickup"]["channel"] == "http");
  BOOST_REQUIRE(Eventually([&] { return Call("GET", "/v1/manifests/" + second_id)["pickup"]["status"] == "sent"; }));
  const json asked = Call("GET", "/v1/manifests/" + second_id)["pickup"];
  BOOST_TEST(asked["attempts"] == 2);
  BOOST_TEST(asked["reference"] == "PU-2");
  const std::vector<json> requests = api.requests();
  BOOST_REQUIRE(requests.size() == 2u);
  BOOST_TEST(requests[0]["idempotency_key"] == "demo-" + second_id);
  BOOST_TEST(requests[1]["idempotency_key"] == "demo-" + second_id);
  BOOST_TEST(requests[1]["authorization"] == "Bearer pickup-token-42");
  const json& sent = requests[1]["body"];
  BOOST_TEST(sent["manifest"] == second_id);
  BOOST_TEST(sent["account"] == "C-HOME");
  BOOST_TEST(sent["parcels"] == 1);
  BOOST_TEST(sent["numbers"] == json::array({home_number}));
  BOOST_TEST(sent["address"]["postcode"] == "93200");
  BOOST_TEST(sent["ready_from"] == "14:00");
  BOOST_TEST(sent["date"] == second["day"]);

  // Asked again on demand (the carrier did not come); one pending is not doubled.
  BOOST_TEST(Call("POST", "/v1/manifests/" + second_id + "/pickup", nullptr, 202)["pickup"]["attempts"] == 0);
  BOOST_REQUIRE(Eventually([&] { return api.requests().size() == 3u; }));
  BOOST_REQUIRE(Eventually([&] { return Call("GET", "/v1/manifests/" + second_id)["pickup"]["status"] == "sent"; }));
  BOOST_TEST(Call("GET", "/v1/manifests/" + second_id)["pickup"]["reference"] == "PU-3");
}

BOOST_AUTO_TEST_CASE(a_pickup_by_email_without_an_smtp_server_is_refused_at_start) {
  const std::string dir = Fixture::MakeDir();
  json config = LabelConfig(dir, 9100, 2);
  config["brands"][0]["shipping"]["accounts"][0]["pickup"] = {{"email", "enlevement@carrier.test"}};
  config["database"] = dir + "/edge.db";
  std::ofstream(dir + "/edge.json") << config.dump();
  setenv("TEST_DEMO_KEY", kMerchantKey, 1);
  setenv("TEST_OTHER_KEY", kOtherMerchantKey, 1);
  const std::string said =
      Run(std::string(std::getenv("RELAIS_EDGE_BIN")) + " --config " + dir + "/edge.json 2>&1; echo \"exit $?\"");
  BOOST_TEST(said.find("shipping.accounts[0].pickup asks by e-mail, but notifications.email names no SMTP server") !=
                 std::string::npos,
             said);
  BOOST_TEST(said.find("exit 2") != std::string::npos, said);
  std::filesystem::remove_all(dir);
}

BOOST_FIXTURE_TEST_CASE(an_account_without_pickup_is_not_asked, Fixture) {
  const std::string order = Order("relay", kRelay);
  Label(order);
  Prepare(*this, order);
  const json manifest = Call("POST", "/v1/manifests", {{"site", "wh"}, {"carrier", "colissimo"}}, 201);
  BOOST_TEST(manifest["pickup"].is_null());
  const httplib::Result again =
      http->Post("/v1/manifests/" + std::string(manifest["id"]) + "/pickup", Merchant(), "", kJson);
  BOOST_TEST(again->status == 409);
  BOOST_TEST(ErrorCode(again) == "no_pickup_request");
}

namespace {

// The brand is invoiced by relais: books at 5.5 %, the rest (delivery) at 20 %.
struct InvoicedFixture : Fixture {
  InvoicedFixture()
      : Fixture(2, [](json& config) {
          config["brands"][0]["invoicing"] = json::parse(R"({
            "seller": {"name": "Demo SAS", "address": ["1 rue de Rivoli", "75001 PARIS"], "vat_number": "FR12345678901"},
            "vat": {"standard": 20, "categories": {"books": 5.5}}})");
        }) {}
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(each_shipment_that_leaves_is_invoiced_once_with_its_relay_and_vat, InvoicedFixture) {
  std::vector<std::string> ids;
  for (int i = 0; i < 2; ++i) {
    ids.push_back(Order("relay", kRelay));
    Label(ids.back());
    Prepare(*this, ids.back());
  }
  // Prepared is not billed: nothing has left.
  BOOST_TEST(Call("GET", "/v1/orders/" + ids[0] + "/invoices")["invoices"].empty());
  const json manifest = Call("POST", "/v1/manifests", {{"site", "wh"}, {"carrier", "colissimo"}}, 201);
  BOOST_REQUIRE(manifest["parcels"].size() == 2u);
  // One invoice each, numbered in the order they left, in the hand-over's own commit.
  std::vector<std::string> numbers;
  for (const std::string& id : ids) {
    const json invoices = Call("GET", "/v1/orders/" + id + "/invoices")["invoices"];
    BOOST_REQUIRE(invoices.size() == 1u);
    numbers.push_back(invoices[0]["number"]);
  }
  BOOST_TEST((numbers == std::vector<std::string>{"F-000001", "F-000002"}));
  const json invoice = Call("GET", "/v1/invoices/F-000001");
  BOOST_TEST(invoice["order_id"] == ids[0]);
  BOOST_TEST(invoice["delivery"]["relay"]["code"] == "FR-CO-1");
  BOOST_TEST(invoice["delivery"]["relay"]["name"] == "Tabac du Châtelet");
  BOOST_TEST(invoice["customer"]["name"] == "Hélène Dupré");
  BOOST_TEST(invoice["seller"]["name"] == "Demo SAS");
  BOOST_REQUIRE(invoice["lines"].size() == 2u);
  BOOST_TEST(invoice["lines"][0] == json::parse(R"({"sku": "BOOK", "label": "Guide", "quantity": 1, "unit_cents": 990,
                                                   "total_cents": 990, "vat_rate_bp": 550})"));
  BOOST_TEST(invoice["lines"][1]["label"] == "Livraison en point relais");
  BOOST_TEST(invoice["lines"][1]["total_cents"] == 390);
  BOOST_TEST(invoice["lines"][1]["vat_rate_bp"] == 550);  // Delivery follows the goods it carries.
  BOOST_TEST(invoice["day"] == manifest["day"]);          // The site's date, as the manifest's.
  // Prices include VAT: per rate, net = gross / (1 + rate) to the cent, VAT the rest.
  BOOST_TEST(invoice["vat"] ==
             json::parse(R"([{"rate_bp": 550, "net_cents": 1308, "vat_cents": 72, "gross_cents": 1380}])"));
  BOOST_TEST(invoice["totals"] == json::parse(R"({"net_cents": 1308, "vat_cents": 72, "gross_cents": 1380})"));
  BOOST_TEST(Call("GET", "/v1/orders/" + ids[0])["total_cents"] == 1380);  // What the shopper paid.

  // The PDF says the same.
  const httplib::Result pdf = http->Get("/v1/invoices/F-000001/document", Merchant());
  BOOST_REQUIRE(pdf->status == 200);
  BOOST_TEST(pdf->get_header_value("Content-Type") == "application/pdf");
  std::ofstream(dir + "/invoice.pdf", std::ios::binary) << pdf->body;
  const std::string text = Run("pdftotext -layout " + dir + "/invoice.pdf -");
  for (const char* expected : {"FACTURE N° F-000001", "FR-CO-1 Tabac du Châtelet", "Demo SAS", "FR12345678901", "Guide",
                               "TVA 5,5 %", "13,80 €", "Hélène Dupré"}) {
    BOOST_TEST(text.find(expected) != std::string::npos, expected);
  }

  // A step replayed bills nothing more; the carrier's later scans neither.
  const json parcel = Call("GET", "/v1/orders/" + ids[0] + "/timeline")["shipments"][0]["parcel"];
  Call("POST", "/v1/orders/" + ids[0] + "/events", {{"event", "handed_to_carrier"}, {"parcel", parcel}});
  BOOST_TEST(Call("GET", "/v1/orders/" + ids[0] + "/invoices")["invoices"].size() == 1u);
  BOOST_TEST(http->Get("/v1/invoices/F-000003", Merchant())->status == 404);
  BOOST_TEST(http->Get("/v1/invoices/F-000001", Merchant(kOtherMerchantKey))->status == 404);
}

BOOST_FIXTURE_TEST_CASE(the_shopper_downloads_its_own_invoices_only, InvoicedFixture) {
  const json placed = Call(
      "POST", "/v1/orders",
      {{"customer_id", "c1"},
       {"contact", {{"name", "Ana"}, {"phone", "+33 6 11 22 33 44"}}},
       {"lines", {{{"sku", "BOOK"}, {"quantity", 2}, {"site", "drive-1"}, {"mode", "drive"}, {"date", "2099-01-02"}}}}},
      201);
  const std::string id = placed["id"], token = placed["tracking_token"];
  const std::string other = Order("relay", kRelay);
  Label(other);
  Prepare(*this, other);
  Call("POST", "/v1/manifests", {{"site", "wh"}, {"carrier", "colissimo"}}, 201);
  // A collection is billed when it is collected (it never goes through a carrier).
  for (const char* event : {"preparation_started", "preparation_done"}) {
    Call("POST", "/v1/orders/" + id + "/events", {{"event", event}});
  }
  BOOST_TEST(Call("GET", "/v1/orders/" + id + "/invoices")["invoices"].empty());
  Call("POST", "/v1/orders/" + id + "/status", {{"status", "collected"}, {"reason", "identity card checked"}});
  const httplib::Headers shopper = {{"Authorization", "Bearer " + token}};
  const httplib::Result list = http->Get("/v1/orders/" + id + "/invoices", shopper);
  BOOST_REQUIRE(list->status == 200);
  const json invoices = json::parse(list->body)["invoices"];
  BOOST_REQUIRE(invoices.size() == 1u);
  const std::string number = invoices[0]["number"];
  BOOST_TEST(number == "F-000002");
  BOOST_TEST(invoices[0]["delivery"]["site"] == "drive-1");
  BOOST_TEST(invoices[0]["totals"]["gross_cents"] == 1980);
  BOOST_TEST(http->Get("/v1/orders/" + id + "/invoices/" + number + "/document", shopper)->status == 200);
  // The other order's invoice, through this order's URL or its own: not the shopper's.
  BOOST_TEST(http->Get("/v1/orders/" + id + "/invoices/F-000001/document", shopper)->status == 404);
  BOOST_TEST(http->Get("/v1/orders/" + other + "/invoices", shopper)->status == 404);
  BOOST_TEST(http->Get("/v1/invoices/" + number, shopper)->status == 403);
}

BOOST_FIXTURE_TEST_CASE(a_line_short_at_preparation_leaves_its_remainder_on_a_backorder_invoiced_apart,
                        InvoicedFixture) {
  const std::string id = PlaceRelay(3)["id"];
  Call("POST", "/v1/orders/" + id + "/events", {{"event", "preparation_started"}});
  const std::string path = "/v1/orders/" + id + "/shipments/0/backorder";
  const auto post = [&](const json& body) { return http->Post(path, Merchant(), body.dump(), kJson); };
  const std::string later = Call("GET", "/v1/manifests/pending?site=wh&carrier=colissimo")["day"];
  // Refusals first: nothing is written.
  BOOST_TEST(ErrorField(post({{"lines", {{{"sku", "BOOK"}, {"missing", 4}}}}, {"available_on", later}})) ==
             "lines[0].missing");
  BOOST_TEST(post({{"lines", {{{"sku", "PEN"}, {"missing", 1}}}}, {"available_on", later}})->status == 404);
  BOOST_TEST(ErrorCode(post({{"lines", {{{"sku", "BOOK"}, {"missing", 3}}}}, {"available_on", later}})) ==
             "nothing_left_to_ship");
  BOOST_TEST(ErrorField(post({{"lines", {{{"sku", "BOOK"}, {"missing", 1}}}}, {"available_on", "2020-01-01"}})) ==
             "available_on");
  BOOST_TEST(Call("GET", "/v1/orders/" + id)["delivery"].size() == 1u);

  // Two of three missing: one leaves now, two wait on their own shipment, to the same point, free.
  const json split = Call("POST", path, {{"lines", {{{"sku", "BOOK"}, {"missing", 2}}}}, {"available_on", later}}, 201);
  BOOST_TEST(split["backorder"] == 1);
  BOOST_TEST(split["relay_check"].is_null());  // The point takes it on the new date.
  const json& order = split["order"];
  BOOST_REQUIRE(order["lines"].size() == 2u);
  BOOST_TEST(order["lines"][0]["quantity"] == 1);
  BOOST_TEST(!order["lines"][0].contains("shipment"));
  BOOST_TEST(order["lines"][1]["quantity"] == 2);
  BOOST_TEST(order["lines"][1]["shipment"] == 1);
  BOOST_TEST(order["delivery"][1]["backorder_of"] == 0);
  BOOST_TEST(order["delivery"][1]["destination"] == kRelay);
  BOOST_TEST(order["delivery"][1]["cost_cents"] == 0);
  BOOST_TEST(order["delivery"][1]["weight_g"] == 900);
  BOOST_TEST(order["delivery"][0]["weight_g"] == 450);
  BOOST_TEST(order["total_cents"] == 3 * 990 + 390);  // Paid once.
  // The stock that was not there is written off; the remainder stays reserved for the backorder.
  const json stock = Call("GET", "/v1/stock/BOOK?site=wh")["sites"][0];
  BOOST_TEST(stock["on_hand"] == 498);
  BOOST_TEST(stock["reserved"] == 3);
  const json events = Call("GET", "/v1/orders/" + id + "/events")["events"];
  BOOST_TEST(events.back()["kind"] == "backordered");

  // The first shipment leaves and is invoiced for what it carries (and the delivery).
  Label(id);
  Call("POST", "/v1/orders/" + id + "/events", {{"event", "preparation_done"}, {"shipment", 0}});
  Call("POST", "/v1/manifests", {{"site", "wh"}, {"carrier", "colissimo"}}, 201);
  json invoices = Call("GET", "/v1/orders/" + id + "/invoices")["invoices"];
  BOOST_REQUIRE(invoices.size() == 1u);
  BOOST_TEST(invoices[0]["lines"][0]["quantity"] == 1);
  BOOST_TEST(invoices[0]["totals"]["gross_cents"] == 990 + 390);

  // The stock comes; the backorder is prepared, labelled, handed over and invoiced on its own.
  for (const char* event : {"preparation_started", "preparation_done"}) {
    Call("POST", "/v1/orders/" + id + "/events", {{"event", event}, {"shipment", 1}});
  }
  const httplib::Result label = Label(id, {{"format", "pdf"}}, 1);
  BOOST_REQUIRE(label->status == 200);
  const json second = Call("POST", "/v1/manifests", {{"site", "wh"}, {"carrier", "colissimo"}}, 201);
  BOOST_TEST(second["parcels"][0]["number"] == label->get_header_value("X-Parcel-Numbers"));
  BOOST_TEST(second["parcels"][0]["weight_g"] == 900);
  invoices = Call("GET", "/v1/orders/" + id + "/invoices")["invoices"];
  BOOST_REQUIRE(invoices.size() == 2u);
  BOOST_TEST(invoices[1]["shipment"] == 1);
  BOOST_TEST(invoices[1]["lines"].size() == 1u);  // No second delivery charge.
  BOOST_TEST(invoices[1]["lines"][0]["quantity"] == 2);
  BOOST_TEST(invoices[1]["totals"]["gross_cents"] == 2 * 990);
  BOOST_TEST(invoices[0]["number"] == "F-000001");
  BOOST_TEST(invoices[1]["number"] == "F-000002");
  BOOST_TEST(Call("GET", "/v1/orders/" + id)["status"] == "shipped");
}

BOOST_FIXTURE_TEST_CASE(the_shopper_chooses_where_a_backorder_goes_with_its_tracking_token, InvoicedFixture) {
  const json placed = PlaceRelay(2);
  const std::string id = placed["id"];
  const httplib::Headers shopper = {{"Authorization", "Bearer " + placed["tracking_token"].get<std::string>()}};
  const std::string today = Call("GET", "/v1/manifests/pending?site=wh&carrier=colissimo")["day"];
  Call("POST", "/v1/orders/" + id + "/shipments/0/backorder",
       {{"lines", {{{"sku", "BOOK"}, {"missing", 1}}}}, {"available_on", today}}, 201);
  const auto choose = [&](int shipment, const json& body) {
    return http->Post("/v1/orders/" + id + "/shipments/" + std::to_string(shipment) + "/destination", shopper,
                      body.dump(), kJson);
  };
  // Only the backorder is the shopper's to send elsewhere; a point is re-checked.
  BOOST_TEST(ErrorCode(choose(0, {{"relay", {{"carrier", "colissimo"}, {"id", "CO-2"}}}})) == "not_a_backorder");
  BOOST_TEST(ErrorCode(choose(1, {{"relay", {{"carrier", "colissimo"}, {"id", "NOPE"}}}})) == "relay_unavailable");
  const httplib::Result chosen = choose(1, {{"relay", {{"carrier", "colissimo"}, {"id", "CO-2"}}}});
  BOOST_REQUIRE(chosen->status == 200);
  BOOST_TEST(Body(chosen)["delivery"]["destination"]["id"] == "CO-2");
  const json order = Call("GET", "/v1/orders/" + id);
  BOOST_TEST(order["delivery"][0]["destination"]["id"] == "CO-1");
  BOOST_TEST(order["total_cents"] == 2 * 990 + 390);
  BOOST_TEST(Call("GET", "/v1/orders/" + id + "/events")["events"].back()["actor"] == "shopper");
  // Home, at no extra charge; then prepared: too late to choose.
  const json home = {
      {"address", {{"address", {"3 rue des Lilas"}}, {"postcode", "75011"}, {"city", "PARIS"}, {"country", "FR"}}}};
  BOOST_TEST(choose(1, home)->status == 200);
  BOOST_TEST(Call("GET", "/v1/orders/" + id)["total_cents"] == 2 * 990 + 390);
  for (const char* event : {"preparation_started", "preparation_done"}) {
    Call("POST", "/v1/orders/" + id + "/events", {{"event", event}, {"shipment", 1}});
  }
  BOOST_TEST(Call("GET", "/v1/orders/" + id + "/timeline")["shipments"][1]["can_choose"] == false);
  BOOST_TEST(ErrorCode(choose(1, home)) == "too_late");
}

BOOST_FIXTURE_TEST_CASE(customer_service_sends_a_backorder_elsewhere_and_the_rest_stays, InvoicedFixture) {
  const std::string id = PlaceRelay(2)["id"];
  const std::string today = Call("GET", "/v1/manifests/pending?site=wh&carrier=colissimo")["day"];
  // The point closes for good meanwhile (a label of another order says when the server has the new snapshot).
  const std::string probe = Order("relay", kRelay);
  WriteSnapshot(dir + "/points.relais", Shop::kClosedForGood);
  for (int i = 0; i < 100 && Label(probe)->status == 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  // The split stands; the point's refusal comes beside it, with the points that would fit.
  const json split = Call("POST", "/v1/orders/" + id + "/shipments/0/backorder",
                          {{"lines", {{{"sku", "BOOK"}, {"missing", 1}}}}, {"available_on", today}}, 201);
  BOOST_TEST(split["relay_check"]["code"] == "relay_unavailable");
  BOOST_TEST(split["relay_check"]["reason"] == "inactive");
  BOOST_TEST(split["relay_check"]["alternatives"][0]["id"] == "CO-2");
  // The timeline says so, to the shopper too, who may choose until the backorder is prepared.
  const json backorder = Call("GET", "/v1/orders/" + id + "/timeline")["shipments"][1];
  BOOST_TEST(backorder["backorder_of"] == 0);
  BOOST_TEST(backorder["can_choose"] == true);
  BOOST_TEST(backorder["relay_check"]["reason"] == "inactive");
  // The backorder alone goes to another point; the first shipment keeps its own.
  const json moved = Call("POST", "/v1/orders/" + id + "/actions",
                          {{"action", "change_relay"},
                           {"reason", "the shopper asked on the phone"},
                           {"shipment", 1},
                           {"relay", {{"carrier", "colissimo"}, {"id", "CO-2"}}}});
  BOOST_TEST(moved["delivery"][0]["destination"]["id"] == "CO-1");
  BOOST_TEST(moved["delivery"][1]["destination"]["id"] == "CO-2");
  BOOST_TEST(moved["lines"][0]["destination"]["id"] == "CO-1");
  BOOST_TEST(moved["lines"][1]["destination"]["id"] == "CO-2");
  BOOST_TEST(!Call("GET", "/v1/orders/" + id + "/timeline")["shipments"][1].contains("relay_check"));
  // Home instead, for the backorder only, at the price paid (nothing more for the shopper).
  const json home = Call(
      "POST", "/v1/orders/" + id + "/actions",
      {{"action", "ship_home"},
       {"reason", "the shopper prefers home"},
       {"shipment", 1},
       {"keep_price", true},
       {"address", {{"address", {"3 rue des Lilas"}}, {"postcode", "75011"}, {"city", "PARIS"}, {"country", "FR"}}}});
  BOOST_TEST(home["delivery"][1]["mode"] == "home");
  BOOST_TEST(home["delivery"][0]["mode"] == "relay");
  BOOST_TEST(home["total_cents"] == moved["total_cents"]);
  // An unknown shipment: 404 naming it.
  const httplib::Result none = http->Post("/v1/orders/" + id + "/actions", Merchant(),
                                          json({{"action", "change_relay"},
                                                {"reason", "x"},
                                                {"shipment", 5},
                                                {"relay", {{"carrier", "colissimo"}, {"id", "CO-2"}}}})
                                              .dump(),
                                          kJson);
  BOOST_TEST(none->status == 404);
  BOOST_TEST(ErrorField(none) == "shipment");
}

BOOST_FIXTURE_TEST_CASE(two_closes_at_once_list_each_parcel_once, Fixture) {
  std::set<std::string> numbers;
  for (int i = 0; i < 12; ++i) {
    const std::string id = Order("relay", kRelay);
    numbers.insert(Label(id)->get_header_value("X-Parcel-Numbers"));
    for (const char* event : {"preparation_started", "preparation_done"}) {
      Call("POST", "/v1/orders/" + id + "/events", {{"event", event}});
    }
  }
  std::vector<std::pair<int, std::string>> answers(2);  // Status, body.
  std::vector<std::thread> threads;
  for (size_t i = 0; i < answers.size(); ++i) {
    threads.emplace_back([&, i] {
      httplib::Client client("127.0.0.1", edge->port());
      const httplib::Result r =
          client.Post("/v1/manifests", Merchant(), R"({"site": "wh", "carrier": "colissimo"})", kJson);
      if (r) answers[i] = {r->status, r->body};
    });
  }
  for (std::thread& t : threads) t.join();
  std::multiset<std::string> listed;
  for (const auto& [status, body] : answers) {
    const json answer = json::parse(body);
    if (status == 201) {
      for (const json& p : answer["parcels"]) listed.insert(p["number"].get<std::string>());
    } else {
      BOOST_TEST(status == 409);
      BOOST_TEST(answer["error"]["code"] == "nothing_to_hand_over");
    }
  }
  BOOST_TEST(std::set<std::string>(listed.begin(), listed.end()) == numbers);
  BOOST_TEST(listed.size() == numbers.size());  // None twice.
}
