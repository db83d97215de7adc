// Shipping documents in the SQL store: parcel numbers (store.h: LabelShipment: a block's count and the
// parcels' numbers, in the writer's transaction, so that a serial is given once whatever happens after), the
// day's manifests, and invoices (numbered in the transaction that writes them, so that a failure takes no
// number).
#include "edge/model/invoice.h"
#include "edge/model/manifest_json.h"
#include "edge/model/search_keys.h"
#include "edge/store/sql_internal.h"
#include "edge/utc_now.h"

namespace relais::edge {

using namespace sql;  // NOLINT: the store's own helpers.

namespace {

ParcelLabel ReadLabel(const Statement& s) {
  ParcelLabel l;
  l.order_id = s.Text(0);
  l.shipment = s.Int(1);
  l.parcel = s.Int(2);
  l.carrier = s.Text(3);
  l.account = s.Text(4);
  l.block = s.Text(5);
  l.serial = static_cast<uint64_t>(s.Int(6));
  l.number = s.Text(7);
  l.created_at = s.Text(8);
  l.site = s.Text(9);
  return l;
}

// Statements are cached by their literal's address (sql_connection.h): these are whole literals.
#define RELAIS_LABEL_COLUMNS                                                                             \
  "SELECT order_id, shipment, parcel, carrier, account, block_key, serial, number, created_at, site_id " \
  "FROM parcel_labels "

}  // namespace

StoreResult<std::vector<ParcelLabel>> SqlStore::LabelShipment(const std::string& brand, const LabelClaim& claim,
                                                              bool* allocated) {
  *allocated = false;
  try {
    return Write([&](Connection& db) {
      Statement order(db, "SELECT 1 FROM orders WHERE brand_id = ? AND id = ?");
      order.Bind(brand).Bind(claim.order_id);
      if (!order.Step()) throw Refused{{StoreError::Kind::kNotFound, "no order " + claim.order_id, "order_id"}};
      std::vector<ParcelLabel> labels;
      std::vector<std::string> numbers;
      const std::string now = UtcNowIso();
      for (int64_t parcel = 0; parcel < claim.parcels; ++parcel) {
        Statement existing(db,
                           RELAIS_LABEL_COLUMNS "WHERE brand_id = ? AND order_id = ? AND shipment = ? AND parcel = ?");
        existing.Bind(brand).Bind(claim.order_id).Bind(claim.shipment).Bind(parcel);
        if (existing.Step()) {
          labels.push_back(ReadLabel(existing));
          continue;
        }
        // The first block with a serial left.
        size_t block = 0;
        uint64_t given = 0;
        for (; block < claim.blocks.size(); ++block) {
          const SerialBlock& b = claim.blocks[block];
          Statement count(db, "SELECT given FROM serial_blocks WHERE brand_id = ? AND block_key = ?");
          count.Bind(brand).Bind(b.key);
          given = count.Step() ? static_cast<uint64_t>(count.Int(0)) : 0;
          if (b.last >= b.first && given <= b.last - b.first) break;
        }
        if (block == claim.blocks.size()) {
          throw Refused{{StoreError::Kind::kRangeExhausted,
                         "every parcel number of " + claim.carrier + " account " + claim.account + " was given",
                         "carrier"}};
        }
        const SerialBlock& b = claim.blocks[block];
        ParcelLabel label;
        label.order_id = claim.order_id;
        label.site = claim.site;
        label.shipment = claim.shipment;
        label.parcel = parcel;
        label.carrier = claim.carrier;
        label.account = claim.account;
        label.block = b.key;
        label.serial = b.first + given;
        label.number = claim.number_of(block, label.serial);
        label.created_at = now;
        Statement take(db,
                       "INSERT INTO serial_blocks (brand_id, block_key, given) VALUES (?, ?, 1) "
                       "ON CONFLICT (brand_id, block_key) DO UPDATE SET given = serial_blocks.given + 1");
        take.Bind(brand).Bind(b.key).Run();
        Statement insert(db,
                         "INSERT INTO parcel_labels (brand_id, order_id, site_id, shipment, parcel, carrier, account, "
                         "block_key, serial, number, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insert.Bind(brand)
            .Bind(label.order_id)
            .Bind(label.site)
            .Bind(label.shipment)
            .Bind(label.parcel)
            .Bind(label.carrier);
        insert.Bind(label.account).Bind(label.block).Bind(static_cast<int64_t>(label.serial)).Bind(label.number);
        insert.Bind(now).Run();
        Statement key(db,
                      "INSERT INTO order_keys (brand_id, search_key, order_id, created_at) VALUES (?, ?, ?, ?) "
                      "ON CONFLICT DO NOTHING");
        key.Bind(brand).Bind(ParcelKey(label.number)).Bind(label.order_id).Bind(now).Run();
        numbers.push_back(label.number);
        labels.push_back(std::move(label));
      }
      if (!numbers.empty()) {
        AppendEvent(db, brand, claim.order_id, "labelled", {{"shipment", claim.shipment}, {"parcels", numbers}},
                    claim.actor);
      }
      *allocated = !numbers.empty();
      return labels;
    });
  } catch (const Refused& r) {  // Rolled back: no serial was taken.
    return r.error;
  }
}

std::vector<ParcelLabel> SqlStore::OrderLabels(const std::string& brand, const std::string& order_id) {
  const ReaderLease db(*this);
  Statement s(db, RELAIS_LABEL_COLUMNS "WHERE brand_id = ? AND order_id = ? ORDER BY shipment, parcel");
  s.Bind(brand).Bind(order_id);
  std::vector<ParcelLabel> labels;
  while (s.Step()) labels.push_back(ReadLabel(s));
  return labels;
}

std::vector<ParcelLabel> SqlStore::LabelsToHandOver(const std::string& brand, const std::string& site,
                                                    const std::string& carrier, int64_t limit) {
  const ReaderLease db(*this);
  // In the order they were made: SQLite's row ids, PostgreSQL's seq column.
#define RELAIS_LABELS_TO_HAND_OVER(order)                                                                           \
  RELAIS_LABEL_COLUMNS                                                                                              \
  "l WHERE brand_id = ? AND site_id = ? AND carrier = ? AND NOT EXISTS (SELECT 1 FROM manifest_parcels m "          \
  "WHERE m.brand_id = l.brand_id AND m.order_id = l.order_id AND m.shipment = l.shipment AND m.parcel = l.parcel) " \
  "ORDER BY " order " LIMIT ?"
  Statement s(db, RELAIS_LABELS_TO_HAND_OVER("l.rowid"), RELAIS_LABELS_TO_HAND_OVER("l.seq"));
#undef RELAIS_LABELS_TO_HAND_OVER
  s.Bind(brand).Bind(site).Bind(carrier).Bind(limit);
  std::vector<ParcelLabel> labels;
  while (s.Step()) labels.push_back(ReadLabel(s));
  return labels;
}

std::optional<Manifest> SqlStore::GetManifest(const std::string& brand, const std::string& id) {
  const ReaderLease db(*this);
  Statement s(db, "SELECT body FROM manifests WHERE brand_id = ? AND id = ?");
  s.Bind(brand).Bind(id);
  if (!s.Step()) return std::nullopt;
  return ManifestOfJson(nlohmann::json::parse(s.Text(0)));
}

std::vector<Manifest> SqlStore::ManifestsOf(const std::string& brand, const std::string& site, const std::string& day) {
  const ReaderLease db(*this);
  Statement s(db, "SELECT body FROM manifests WHERE brand_id = ? AND site_id = ? AND day = ? ORDER BY id");
  s.Bind(brand).Bind(site).Bind(day);
  std::vector<Manifest> manifests;
  while (s.Step()) manifests.push_back(ManifestOfJson(nlohmann::json::parse(s.Text(0))));
  return manifests;
}

void SqlStore::InsertManifest(Connection& db, const std::string& brand, const Manifest& m) {
  Statement taken(db, "SELECT 1 FROM manifests WHERE brand_id = ? AND id = ?");
  taken.Bind(brand).Bind(m.id);
  if (taken.Step()) throw Refused{{StoreError::Kind::kConflict, "manifest " + m.id + " exists already", "id"}};
  Statement insert(db, "INSERT INTO manifests (brand_id, id, site_id, day, body) VALUES (?, ?, ?, ?, ?)");
  insert.Bind(brand).Bind(m.id).Bind(m.site).Bind(m.day).Bind(ManifestJson(m).dump()).Run();
  for (const ManifestParcel& p : m.parcels) {
    Statement on(db,
                 "INSERT INTO manifest_parcels (brand_id, order_id, shipment, parcel, manifest_id) VALUES "
                 "(?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
    on.Bind(brand).Bind(p.order_id).Bind(p.shipment).Bind(p.parcel).Bind(m.id).Run();
    if (db.Changes() == 0) {
      throw Refused{{StoreError::Kind::kConflict, "parcel " + p.number + " is on another manifest", "parcels"}};
    }
  }
}

uint64_t SqlStore::SerialsGiven(const std::string& brand, const std::string& key) {
  const ReaderLease db(*this);
  Statement s(db, "SELECT given FROM serial_blocks WHERE brand_id = ? AND block_key = ?");
  s.Bind(brand).Bind(key);
  return s.Step() ? static_cast<uint64_t>(s.Int(0)) : 0;
}

void SqlStore::IssueInvoice(Connection& db, const std::string& brand, Invoice invoice) {
  if (invoice.kind == "invoice") {
    Statement billed(
        db, "SELECT 1 FROM invoices WHERE brand_id = ? AND order_id = ? AND shipment = ? AND kind = 'invoice'");
    billed.Bind(brand).Bind(invoice.order_id).Bind(invoice.shipment);
    if (billed.Step()) return;
  }
  Statement next(db,
                 "INSERT INTO invoice_series (brand_id, series, last) VALUES (?, ?, 1) "
                 "ON CONFLICT (brand_id, series) DO UPDATE SET last = invoice_series.last + 1 RETURNING last");
  next.Bind(brand).Bind(invoice.series);
  if (!next.Step()) throw std::runtime_error("the invoice series did not count");
  const int64_t seq = next.Int(0);
  invoice.number = InvoiceNumber(invoice.series, seq);
  invoice.issued_at = UtcNowIso();
  Statement insert(db,
                   "INSERT INTO invoices (brand_id, number, kind, series, seq, order_id, shipment, body) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  insert.Bind(brand).Bind(invoice.number).Bind(invoice.kind).Bind(invoice.series).Bind(seq).Bind(invoice.order_id);
  insert.Bind(invoice.shipment).Bind(InvoiceJson(invoice).dump()).Run();
}

std::optional<Invoice> SqlStore::GetInvoice(const std::string& brand, const std::string& number) {
  const ReaderLease db(*this);
  Statement s(db, "SELECT body FROM invoices WHERE brand_id = ? AND number = ?");
  s.Bind(brand).Bind(number);
  if (!s.Step()) return std::nullopt;
  return InvoiceOfJson(nlohmann::json::parse(s.Text(0)));
}

std::vector<Invoice> SqlStore::OrderInvoices(const std::string& brand, const std::string& order_id) {
  const ReaderLease db(*this);
  Statement s(db,
              "SELECT body FROM invoices WHERE brand_id = ? AND (order_id = ? OR order_id LIKE ? ESCAPE '!') "
              "ORDER BY series, seq");
  s.Bind(brand).Bind(order_id).Bind(ChildPattern(order_id));
  std::vector<Invoice> invoices;
  while (s.Step()) invoices.push_back(InvoiceOfJson(nlohmann::json::parse(s.Text(0))));
  return invoices;
}

}  // namespace relais::edge
