// The SQL store: stock movements applied by MovementDelta, levels and the ledger.
#include <algorithm>
#include <exception>
#include <thread>

#include "edge/store/sql_internal.h"
#include "edge/utc_now.h"

namespace relais::edge {

using namespace sql;  // NOLINT: the store's own helpers.

StoreResult<std::vector<LedgerEntry>> SqlStore::PostMovements(const std::string& brand,
                                                              const std::vector<Movement>& movements) {
  try {
    return Write([&](Connection& db) { return ApplyMovements(db, brand, movements, "movements"); });
  } catch (const Refused& r) {  // The transaction rolled back: nothing was applied.
    return r.error;
  }
}

std::vector<LedgerEntry> SqlStore::ApplyMovements(Connection& db, const std::string& brand,
                                                  const std::vector<Movement>& movements,
                                                  const std::string& field_prefix) {
  const std::string now = UtcNowIso();
  std::vector<LedgerEntry> entries;
  // One ledger row and one level update; the level row is created at its first movement.
  const auto record = [&](const std::string& sku, const std::string& site, MovementKind kind, int64_t quantity,
                          const StockDelta& d, const std::string& reference) {
    Statement level(db,
                    "INSERT INTO stock_levels (brand_id, sku, site_id, on_hand, reserved, in_transit) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (brand_id, sku, site_id) DO UPDATE SET "
                    "on_hand = stock_levels.on_hand + excluded.on_hand, "
                    "reserved = stock_levels.reserved + excluded.reserved, "
                    "in_transit = stock_levels.in_transit + excluded.in_transit");
    level.Bind(brand).Bind(sku).Bind(site).Bind(d.on_hand).Bind(d.reserved).Bind(d.in_transit).Run();
    Statement row(db,
                  "INSERT INTO stock_ledger (brand_id, sku, site_id, kind, quantity, on_hand_delta, reserved_delta, "
                  "in_transit_delta, reference, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    row.Bind(brand).Bind(sku).Bind(site).Bind(std::string(MovementKindName(kind))).Bind(quantity);
    row.Bind(d.on_hand).Bind(d.reserved).Bind(d.in_transit).Bind(reference).Bind(now);
    if (!row.Step()) throw std::runtime_error("a ledger row without its id");
    entries.push_back({row.Int(0), sku, site, kind, quantity, d, reference, now});
  };
  for (size_t i = 0; i < movements.size(); ++i) {
    const Movement& m = movements[i];
    const std::string at =
        movements.size() > 1 || field_prefix == "lines" ? field_prefix + "[" + std::to_string(i) + "]." : "";
    if (!Exists(db, "SELECT 1 FROM products WHERE brand_id = ? AND sku = ?", brand, m.sku)) {
      throw Refused{{StoreError::Kind::kNotFound, "no product with sku " + m.sku, at + "sku"}};
    }
    if (!Exists(db, "SELECT 1 FROM sites WHERE brand_id = ? AND id = ?", brand, m.site)) {
      throw Refused{{StoreError::Kind::kNotFound, "no site " + m.site, at + "site"}};
    }
    if (m.kind == MovementKind::kTransferOut &&
        (m.to_site == m.site || !Exists(db, "SELECT 1 FROM sites WHERE brand_id = ? AND id = ?", brand, m.to_site))) {
      throw Refused{{m.to_site == m.site ? StoreError::Kind::kInvalid : StoreError::Kind::kNotFound,
                     "transfer_out needs another existing site in to_site", at + "to_site"}};
    }
    std::string refusal;
    const std::optional<StockDelta> delta =
        MovementDelta(m.kind, m.quantity, LevelOf(db, brand, m.sku, m.site), &refusal);
    if (!delta) {
      throw Refused{
          {StoreError::Kind::kInsufficientStock, refusal + " (" + m.sku + " at " + m.site + ")", at + "quantity"}};
    }
    record(m.sku, m.site, m.kind, m.quantity, *delta, m.reference);
    if (m.kind == MovementKind::kTransferOut) {
      record(m.sku, m.to_site, MovementKind::kInTransit, m.quantity, {0, 0, m.quantity},
             m.reference.empty() ? "from " + m.site : m.reference);
    }
  }
  return entries;
}

std::vector<SiteStock> SqlStore::StockOf(const std::string& brand, const std::string& sku, const std::string& site) {
  const ReaderLease db(*this);
  Statement s(db,
              "SELECT l.site_id, s.zone, l.on_hand, l.reserved, l.in_transit FROM stock_levels l "
              "JOIN sites s ON s.brand_id = l.brand_id AND s.id = l.site_id "
              "WHERE l.brand_id = ? AND l.sku = ? AND (? = '' OR l.site_id = ?) ORDER BY l.site_id");
  s.Bind(brand).Bind(sku).Bind(site).Bind(site);
  std::vector<SiteStock> out;
  while (s.Step()) out.push_back({s.Text(0), s.Text(1), {s.Int(2), s.Int(3), s.Int(4)}});
  return out;
}

std::vector<LedgerEntry> SqlStore::History(const std::string& brand, const std::string& sku, const std::string& site,
                                           int64_t limit, int64_t before_id) {
  const ReaderLease db(*this);
  Statement s(db,
              "SELECT id, sku, site_id, kind, quantity, on_hand_delta, reserved_delta, in_transit_delta, reference, "
              "recorded_at FROM stock_ledger WHERE brand_id = ? AND sku = ? AND site_id = ? AND (? = 0 OR id < ?) "
              "ORDER BY id DESC LIMIT ?");
  s.Bind(brand).Bind(sku).Bind(site).Bind(before_id).Bind(before_id).Bind(limit);
  std::vector<LedgerEntry> out;
  while (s.Step()) out.push_back(ReadLedgerEntry(s));
  return out;
}

}  // namespace relais::edge
