// The SQL store: sites' layouts for picking (one row per version), and pick lists (one document each, with
// the shipments they hold: one pick list per shipment).
#include "edge/store/sql_internal.h"
#include "edge/utc_now.h"

namespace relais::edge {

using namespace sql;  // NOLINT: the store's own helpers.

StoreResult<SiteLayout> SqlStore::AddSiteLayout(const std::string& brand, const std::string& site,
                                                const nlohmann::json& layout) {
  // One transaction: the next version is read and taken in it.
  return Write([&](Connection& db) -> StoreResult<SiteLayout> {
    Statement exists(db, "SELECT 1 FROM sites WHERE brand_id = ? AND id = ?");
    exists.Bind(brand).Bind(site);
    if (!exists.Step()) return StoreError{StoreError::Kind::kNotFound, "no site " + site, "site"};
    Statement last(db, "SELECT COALESCE(MAX(version), 0) FROM site_layouts WHERE brand_id = ? AND site_id = ?");
    last.Bind(brand).Bind(site);
    last.Step();
    SiteLayout stored{site, last.Int(0) + 1, UtcNowIso(), layout};
    Statement insert(
        db, "INSERT INTO site_layouts (brand_id, site_id, version, layout, created_at) VALUES (?, ?, ?, ?, ?)");
    insert.Bind(brand).Bind(site).Bind(stored.version).Bind(layout.dump()).Bind(stored.created_at).Run();
    return stored;
  });
}

std::optional<SiteLayout> SqlStore::GetSiteLayout(const std::string& brand, const std::string& site, int64_t version) {
  const ReaderLease db(*this);
  Statement s(db,
              "SELECT version, layout, created_at FROM site_layouts WHERE brand_id = ? AND site_id = ? "
              "AND (? = 0 OR version = ?) ORDER BY version DESC LIMIT 1");
  s.Bind(brand).Bind(site).Bind(version).Bind(version);
  if (!s.Step()) return std::nullopt;
  return SiteLayout{site, s.Int(0), s.Text(2), nlohmann::json::parse(s.Text(1))};
}

StoreResult<PickList> SqlStore::PutPickList(const std::string& brand, const PickList& list) {
  // A refusal is thrown: the shipments held before it are rolled back with the transaction.
  try {
    return Write([&](Connection& db) {
      PickList stored = list;
      stored.updated_at = UtcNowIso();
      if (stored.created_at.empty()) stored.created_at = stored.updated_at;
      ++stored.version;
      if (list.version == 0) {
        Statement taken(db, "SELECT 1 FROM pick_lists WHERE brand_id = ? AND id = ?");
        taken.Bind(brand).Bind(list.id);
        if (taken.Step()) throw Refused{{StoreError::Kind::kConflict, "pick list " + list.id + " exists", "id"}};
        for (size_t i = 0; i < list.shipments.size(); ++i) {
          const PickShipment& s = list.shipments[i];
          Statement held(
              db, "SELECT pick_list_id FROM pick_list_shipments WHERE brand_id = ? AND order_id = ? AND shipment = ?");
          held.Bind(brand).Bind(s.order_id).Bind(s.shipment);
          if (held.Step()) {
            throw Refused{{StoreError::Kind::kConflict,
                           "order " + s.order_id + "'s shipment " + std::to_string(s.shipment) + " is in pick list " +
                               held.Text(0),
                           "shipments[" + std::to_string(i) + "]"}};
          }
          Statement hold(
              db, "INSERT INTO pick_list_shipments (brand_id, order_id, shipment, pick_list_id) VALUES (?, ?, ?, ?)");
          hold.Bind(brand).Bind(s.order_id).Bind(s.shipment).Bind(list.id).Run();
        }
        Statement seq(db, "SELECT COALESCE(MAX(seq), 0) + 1 FROM pick_lists WHERE brand_id = ?");
        seq.Bind(brand);
        seq.Step();
        Statement insert(db,
                         "INSERT INTO pick_lists (brand_id, id, site_id, status, version, body, seq) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)");
        insert.Bind(brand).Bind(stored.id).Bind(stored.site).Bind(stored.status).Bind(stored.version);
        insert.Bind(PickListJson(stored).dump()).Bind(seq.Int(0)).Run();
      } else {
        Statement update(db,
                         "UPDATE pick_lists SET status = ?, version = ?, body = ? WHERE brand_id = ? AND id = ? "
                         "AND version = ?");
        update.Bind(stored.status).Bind(stored.version).Bind(PickListJson(stored).dump()).Bind(brand).Bind(list.id);
        update.Bind(list.version).Run();
        if (db.Changes() == 0) {
          throw Refused{{StoreError::Kind::kConflict, "pick list " + list.id + " changed meanwhile", "version"}};
        }
      }
      return stored;
    });
  } catch (const Refused& r) {
    return r.error;
  }
}

std::optional<PickList> SqlStore::GetPickList(const std::string& brand, const std::string& id) {
  const ReaderLease db(*this);
  Statement s(db, "SELECT body FROM pick_lists WHERE brand_id = ? AND id = ?");
  s.Bind(brand).Bind(id);
  if (!s.Step()) return std::nullopt;
  return PickListFromJson(nlohmann::json::parse(s.Text(0)));
}

std::vector<PickList> SqlStore::ListPickLists(const std::string& brand, const std::string& site,
                                              const std::string& status, int64_t limit) {
  const ReaderLease db(*this);
  Statement s(db,
              "SELECT body FROM pick_lists WHERE brand_id = ? AND site_id = ? AND (? = '' OR status = ?) "
              "ORDER BY seq LIMIT ?");
  s.Bind(brand).Bind(site).Bind(status).Bind(status).Bind(limit);
  std::vector<PickList> lists;
  while (s.Step()) lists.push_back(PickListFromJson(nlohmann::json::parse(s.Text(0))));
  return lists;
}

std::optional<PickList> SqlStore::PickListOf(const std::string& brand, const std::string& order_id, int64_t shipment) {
  const ReaderLease db(*this);
  Statement s(db,
              "SELECT l.body FROM pick_list_shipments h JOIN pick_lists l ON l.brand_id = h.brand_id "
              "AND l.id = h.pick_list_id WHERE h.brand_id = ? AND h.order_id = ? AND h.shipment = ?");
  s.Bind(brand).Bind(order_id).Bind(shipment);
  if (!s.Step()) return std::nullopt;
  return PickListFromJson(nlohmann::json::parse(s.Text(0)));
}

}  // namespace relais::edge
