// The SQL store: server-side baskets and customers' preferences.
#include <algorithm>
#include <exception>
#include <thread>

#include "edge/store/sql_internal.h"
#include "edge/utc_now.h"

namespace relais::edge {

using namespace sql;  // NOLINT: the store's own helpers.

StoreResult<Basket> SqlStore::PutBasket(const std::string& brand, const Basket& basket) {
  return Write([&](Connection& db) -> StoreResult<Basket> {
    Basket stored = basket;
    stored.updated_at = UtcNowIso();
    if (stored.created_at.empty()) stored.created_at = stored.updated_at;
    ++stored.version;
    if (basket.version == 0) {
      Statement s(db,
                  "INSERT INTO baskets (brand_id, id, customer_id, status, version, body, created_at, updated_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
      s.Bind(brand).Bind(stored.id).Bind(stored.customer_id).Bind(stored.status).Bind(stored.version);
      s.Bind(BasketJson(stored).dump()).Bind(stored.created_at).Bind(stored.updated_at).Run();
      return stored;
    }
    Statement s(db,
                "UPDATE baskets SET status = ?, version = ?, body = ?, updated_at = ? "
                "WHERE brand_id = ? AND id = ? AND version = ?");
    s.Bind(stored.status).Bind(stored.version).Bind(BasketJson(stored).dump()).Bind(stored.updated_at);
    s.Bind(brand).Bind(stored.id).Bind(basket.version).Run();
    if (db.Changes() == 0) {
      return StoreError{StoreError::Kind::kConflict, "basket " + basket.id + " changed meanwhile", ""};
    }
    return stored;
  });
}

std::optional<Basket> SqlStore::GetBasket(const std::string& brand, const std::string& id) {
  const ReaderLease db(*this);
  Statement s(db, "SELECT body FROM baskets WHERE brand_id = ? AND id = ?");
  s.Bind(brand).Bind(id);
  if (!s.Step()) return std::nullopt;
  return BasketFromJson(nlohmann::json::parse(s.Text(0)));
}

nlohmann::json SqlStore::CustomerPreferences(const std::string& brand, const std::string& customer_id) {
  const ReaderLease db(*this);
  Statement s(db, "SELECT last_relay FROM customer_preferences WHERE brand_id = ? AND customer_id = ?");
  s.Bind(brand).Bind(customer_id);
  return {{"customer_id", customer_id}, {"last_relay", s.Step() ? nlohmann::json::parse(s.Text(0)) : nlohmann::json()}};
}

}  // namespace relais::edge
