// Closing a big day: a 5,000-parcel manifest made final in the SQLite store, in the one transaction
// orders/hand_over.h commits -- every order rewritten "shipped" with its stock sale (web_sale: on hand and
// reserved down, a ledger row), its event and parcel search key, the manifest and its parcel rows, the pickup
// request, and an invoice per shipment numbered in the brand's series -- against its peer, raw SQLite writing
// the same number of rows of the same sizes in one transaction with the same settings (WAL, synchronous=FULL),
// without checks or JSON. Also the packing list read before it (labels on no manifest, then each order).
// The decision between the two (each shipment's workflow step) is not timed: it is pure and small.
//
//   hand-over-bench [parcels]
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "edge/model/order_json.h"
#include "edge/orders/order_family.h"
#include "edge/store/sqlite_store.h"

namespace relais {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

void Exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::fprintf(stderr, "sqlite: %s\n", error ? error : "?");
    std::exit(1);
  }
}

// The peer: the rows the close writes, as plain inserts and updates in one transaction.
double RawClose(const std::string& path, int parcels, size_t order_bytes, size_t invoice_bytes) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) std::exit(1);
  Exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
  Exec(db,
       "CREATE TABLE orders (id TEXT PRIMARY KEY, body TEXT NOT NULL);"
       "CREATE TABLE ledger (id INTEGER PRIMARY KEY, sku TEXT, site TEXT, q INTEGER);"
       "CREATE TABLE levels (sku TEXT, site TEXT, on_hand INTEGER, reserved INTEGER, PRIMARY KEY (sku, site));"
       "CREATE TABLE events (id INTEGER PRIMARY KEY, order_id TEXT, body TEXT);"
       "CREATE TABLE keys (k TEXT, order_id TEXT, PRIMARY KEY (k, order_id));"
       "CREATE TABLE manifest_parcels (order_id TEXT PRIMARY KEY, manifest TEXT);"
       "CREATE TABLE invoices (number TEXT PRIMARY KEY, body TEXT);"
       "INSERT INTO levels VALUES ('BOOK', 'wh', 100000, 100000);");
  const std::string body(order_bytes, 'x'), invoice(invoice_bytes, 'y');
  Exec(db, "BEGIN IMMEDIATE");
  for (int i = 0; i < parcels; ++i) {
    Exec(db, ("INSERT INTO orders VALUES ('o" + std::to_string(i) + "', '" + body + "')").c_str());
  }
  Exec(db, "COMMIT");
  sqlite3_stmt *order, *ledger, *level, *event, *key, *parcel, *bill;
  sqlite3_prepare_v2(db, "UPDATE orders SET body = ? WHERE id = ?", -1, &order, nullptr);
  sqlite3_prepare_v2(db, "INSERT INTO ledger (sku, site, q) VALUES ('BOOK', 'wh', -1)", -1, &ledger, nullptr);
  sqlite3_prepare_v2(db, "UPDATE levels SET on_hand = on_hand - 1, reserved = reserved - 1 WHERE sku = 'BOOK'", -1,
                     &level, nullptr);
  sqlite3_prepare_v2(db, "INSERT INTO events (order_id, body) VALUES (?, '{\"to\":\"shipped\"}')", -1, &event, nullptr);
  sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO keys VALUES (?, ?)", -1, &key, nullptr);
  sqlite3_prepare_v2(db, "INSERT INTO manifest_parcels VALUES (?, 'm1')", -1, &parcel, nullptr);
  sqlite3_prepare_v2(db, "INSERT INTO invoices VALUES (?, ?)", -1, &bill, nullptr);
  const Clock::time_point start = Clock::now();
  Exec(db, "BEGIN IMMEDIATE");
  for (int i = 0; i < parcels; ++i) {
    const std::string id = "o" + std::to_string(i), number = "F-" + std::to_string(i);
    for (sqlite3_stmt* s : {order, ledger, level, event, key, parcel, bill}) sqlite3_reset(s);
    sqlite3_bind_text(order, 1, body.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(order, 2, id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(event, 1, id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(key, 1, number.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(key, 2, id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(parcel, 1, id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(bill, 1, number.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(bill, 2, invoice.c_str(), -1, SQLITE_STATIC);
    for (sqlite3_stmt* s : {order, ledger, level, event, key, parcel, bill}) {
      if (sqlite3_step(s) != SQLITE_DONE) std::exit(1);
    }
  }
  Exec(db, "COMMIT");
  const double ms = Ms(Clock::now() - start);
  for (sqlite3_stmt* s : {order, ledger, level, event, key, parcel, bill}) sqlite3_finalize(s);
  sqlite3_close(db);
  return ms;
}

void Run(int parcels) {
  char pattern[] = "/tmp/relais-hand-over-bench-XXXXXX";
  const std::string dir = mkdtemp(pattern);
  edge::SqliteStore store(dir + "/edge.db");
  const std::string brand = "b1";
  store.PutBrand({brand, "Brand", "hash", json::object()});
  store.PutSite(brand, {"wh", "warehouse", "Entrepôt", "z1", json::object(), json::object(), 0});
  store.PutProduct(brand, {"BOOK", "Guide", "books", "ambient", 450, {20, 15, 3}, 990, ""});
  if (!store.PostMovements(brand, {{edge::MovementKind::kReceipt, "BOOK", "wh", parcels, "", "bench"}}).ok()) {
    std::exit(1);
  }
  // The day's orders, each labelled: what the packing table holds at closing time.
  const json relay = {{"carrier", "colissimo"}, {"id", "CO-1"}};
  std::vector<std::string> ids;
  for (int i = 0; i < parcels; ++i) {
    edge::NewOrder n;
    n.order.id = "ord_" + std::to_string(100000 + i);
    n.order.customer_id = "c" + std::to_string(i);
    n.order.created_at = "2026-12-04T08:00:00Z";
    n.order.lines = {{"BOOK", 1, "wh", edge::DeliveryMode::kRelay, relay, "", "2026-12-06", 990, "", "", -1}};
    n.order.delivery = json::array(
        {{{"site", "wh"}, {"mode", "relay"}, {"destination", relay}, {"weight_g", 450}, {"cost_cents", 390}}});
    n.order.total_cents = 1380;
    n.order.contact = {{"name", "Client " + std::to_string(i)}, {"email", "c@example.com"}};
    n.idempotency_key = "k" + std::to_string(i);
    n.actor = "bench";
    bool replayed = false;
    if (!store.CreateOrder(brand, n, &replayed).ok()) std::exit(1);
    edge::LabelClaim claim;
    claim.order_id = n.order.id;
    claim.site = "wh";
    claim.carrier = "colissimo";
    claim.account = "C1";
    claim.blocks = {{"colissimo/6M", 1, 99'999'999}};
    claim.number_of = [](size_t, uint64_t serial) { return "6M" + std::to_string(serial); };
    bool allocated = false;
    if (!store.LabelShipment(brand, claim, &allocated).ok()) std::exit(1);
    ids.push_back(n.order.id);
  }

  // The packing list: the labels on no manifest, then each order read.
  Clock::time_point start = Clock::now();
  const std::vector<edge::ParcelLabel> labels = store.LabelsToHandOver(brand, "wh", "colissimo", parcels);
  std::vector<edge::Order> orders;
  for (const edge::ParcelLabel& l : labels) orders.push_back(*store.GetOrder(brand, l.order_id));
  const double read_ms = Ms(Clock::now() - start);

  // The close: what hand_over.h hands the store, in one commit.
  edge::OrderCommit commit;
  edge::Manifest manifest;
  manifest.id = "wh-colissimo-20261204-1";
  manifest.site = "wh";
  manifest.carrier = "colissimo";
  manifest.account = "C1";
  manifest.day = "2026-12-04";
  size_t order_bytes = 0, invoice_bytes = 0;
  for (size_t i = 0; i < orders.size(); ++i) {
    edge::Order o = orders[i];
    for (edge::Movement& m : edge::OrderStepMovements(o, edge::OrderStatus::kShipped)) commit.movements.push_back(m);
    o.status = edge::OrderStatus::kShipped;
    o.progress = json::array({{{"mode", "relay"},
                               {"step", "shipped"},
                               {"history", {"placed", "preparing", "prepared"}},
                               {"parcel", {{"carrier", "colissimo"}, {"tracking_number", labels[i].number}}}}});
    order_bytes = edge::OrderJson(o).dump().size();
    commit.events.push_back({o.id, "step", {{"event", "handed_to_carrier"}}, {"bench", ""}});
    commit.parcel_numbers.emplace_back(o.id, labels[i].number);
    manifest.parcels.push_back({o.id, 0, 0, labels[i].number, o.id, "Client", "FR-CO-1", "relay", 450, 1});
    edge::Invoice invoice;
    invoice.order_id = o.id;
    invoice.order_ref = o.id;
    invoice.seller = {{"name", "Brand SAS"}};
    invoice.customer = o.contact;
    invoice.delivery = {{"mode", "relay"}, {"relay", {{"code", "FR-CO-1"}, {"name", "Tabac"}}}};
    invoice.lines = {{"BOOK", "Guide", 1, 990, 990, 550}, {"", "Livraison en point relais", 1, 390, 390, 2000}};
    invoice.vat = {{2000, 325, 65, 390}, {550, 938, 52, 990}};
    invoice.net_cents = 1263;
    invoice.vat_cents = 117;
    invoice.gross_cents = 1380;
    invoice_bytes = edge::InvoiceJson(invoice).dump().size();
    commit.invoices.push_back(std::move(invoice));
    commit.orders.push_back(std::move(o));
  }
  commit.manifest = manifest;
  edge::PickupRequest pickup;
  pickup.manifest_id = manifest.id;
  pickup.carrier = "colissimo";
  pickup.account = "C1";
  pickup.channel = "email";
  commit.pickup = pickup;
  start = Clock::now();
  const edge::StoreResult<std::vector<edge::Order>> closed = store.CommitOrders(brand, commit);
  const double close_ms = Ms(Clock::now() - start);
  if (!closed.ok() || !store.GetInvoice(brand, edge::InvoiceNumber("F", parcels))) {
    std::fprintf(stderr, "the close was refused: %s\n",
                 closed.ok() ? "no last invoice" : closed.error().message.c_str());
    std::exit(1);
  }
  const double raw_ms = RawClose(dir + "/raw.db", parcels, order_bytes, invoice_bytes);
  std::printf(
      "%d-parcel close in the SQLite store: packing list read %.0f ms; one transaction %.0f ms (%.3f ms a parcel: the "
      "order shipped, its sale, event, search key, manifest row and numbered invoice); peer raw SQLite, the same "
      "rows in one transaction %.0f ms: %.1fx\n",
      parcels, read_ms, close_ms, close_ms / parcels, raw_ms, close_ms / raw_ms);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace relais

int main(int argc, char** argv) {
  const int parcels = argc > 1 ? std::atoi(argv[1]) : 5000;
  if (parcels < 1) {
    std::fprintf(stderr, "usage: hand-over-bench [parcels]\n");
    return 2;
  }
  relais::Run(parcels);
}
