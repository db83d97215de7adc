// What the SQL store's files share, and nothing else includes: the refusal carried out of nested writes, and
// the readers of its rows. Private to edge/store/.
#ifndef RELAIS_EDGE_STORE_SQL_INTERNAL_H_
#define RELAIS_EDGE_STORE_SQL_INTERNAL_H_

#include <optional>
#include <stdexcept>
#include <string>

#include "edge/model/order_json.h"
#include "edge/store/sql_connection.h"
#include "edge/store/sql_store.h"

namespace relais::edge::sql {

// A refusal inside a write, carried out of the nested helpers to the method that returns it as a value.
struct Refused {
  StoreError error;
};

inline Site ReadSite(const Statement& s) {
  return {
      s.Text(0), s.Text(1), s.Text(2), s.Text(3), nlohmann::json::parse(s.Text(4)), nlohmann::json::parse(s.Text(5)),
      s.Int(6)};
}

// A products row: sku, name, category, temperature, weight_g, length_cm, width_cm, height_cm, price_cents.
inline Product ReadProduct(const Statement& s) {
  return {s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Int(4), {s.Int(5), s.Int(6), s.Int(7)}, s.Int(8), s.Text(9)};
}

inline LedgerEntry ReadLedgerEntry(const Statement& s) {
  LedgerEntry e;
  e.id = s.Int(0);
  e.sku = s.Text(1);
  e.site = s.Text(2);
  e.kind = ParseMovementKind(s.Text(3)).value_or(MovementKind::kReceipt);
  e.quantity = s.Int(4);
  e.delta = {s.Int(5), s.Int(6), s.Int(7)};
  e.reference = s.Text(8);
  e.recorded_at = s.Text(9);
  return e;
}

inline StockLevel LevelOf(Connection& db, const std::string& brand, const std::string& sku, const std::string& site) {
  Statement s(db,
              "SELECT on_hand, reserved, in_transit FROM stock_levels WHERE brand_id = ? AND sku = ? AND site_id = ?");
  s.Bind(brand).Bind(sku).Bind(site);
  if (!s.Step()) return {};
  return {s.Int(0), s.Int(1), s.Int(2)};
}

// An order read from its row: the document and the version beside it.
inline Order OrderOfRow(const std::string& body, int64_t version) {
  Order o = OrderFromJson(nlohmann::json::parse(body));
  o.version = version;
  return o;
}

// The order an idempotency key created, or nullopt; Refused kKeyReused when the key came with another request.
inline std::optional<Order> FindReplay(Connection& db, const std::string& brand, const std::string& idempotency_key,
                                       const std::string& request_sha256) {
  Statement seen(
      db,
      "SELECT k.request_sha256, o.body, o.version FROM idempotency_keys k JOIN orders o ON o.brand_id = k.brand_id "
      "AND o.id = k.order_id WHERE k.brand_id = ? AND k.idempotency_key = ?");
  seen.Bind(brand).Bind(idempotency_key);
  if (!seen.Step()) return std::nullopt;
  if (seen.Text(0) != request_sha256) {
    throw Refused{{StoreError::Kind::kKeyReused, "this Idempotency-Key was used for another request", ""}};
  }
  return OrderOfRow(seen.Text(1), seen.Int(2));
}

inline bool Exists(Connection& db, const char* sql, const std::string& brand, const std::string& key) {
  Statement s(db, sql);
  s.Bind(brand).Bind(key);
  return s.Step();
}

// The LIKE pattern of `order_id`'s children ("<id>-<n>"); ids hold "_", LIKE's any-character: escaped with "!".
inline std::string ChildPattern(const std::string& order_id) {
  std::string children = order_id;
  for (size_t at = children.find_first_of("_%!"); at != std::string::npos; at = children.find_first_of("_%!", at + 2)) {
    children.insert(at, "!");
  }
  return children + "-%";
}

}  // namespace relais::edge::sql

#endif  // RELAIS_EDGE_STORE_SQL_INTERNAL_H_
