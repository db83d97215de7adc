// The SQL store: customer accounts and the keys they are found by.
#include <stdexcept>
#include <string>
#include <vector>

#include "edge/store/sql_internal.h"
#include "edge/utc_now.h"

namespace relais::edge {

using namespace sql;  // NOLINT: the store's own helpers.

namespace {

// Queries have a condition per word (CustomerQuery makes at most 6); more is a bug above.
constexpr size_t kMaxConditions = 8;

// FindCustomers' query for `conditions` conditions, each a range of keys (the keys' primary index). Made once:
// connections cache a statement by its text's address.
const char* FindCustomersSql(size_t conditions) {
  static const std::vector<std::string> kSql = [] {
    std::vector<std::string> sql;
    for (size_t n = 1; n <= kMaxConditions; ++n) {
      std::string query = "SELECT c.body FROM customers c WHERE c.brand_id = ?";
      for (size_t i = 0; i < n; ++i) {
        query +=
            " AND EXISTS (SELECT 1 FROM customer_keys k WHERE k.brand_id = c.brand_id AND k.customer_id = c.id AND "
            "k.search_key >= ? AND k.search_key < ?)";
      }
      sql.push_back(query + " ORDER BY c.id LIMIT ?");
    }
    return sql;
  }();
  if (conditions == 0 || conditions > kMaxConditions) {
    throw std::invalid_argument("a customer query has 1 to " + std::to_string(kMaxConditions) + " conditions");
  }
  return kSql[conditions - 1].c_str();
}

}  // namespace

StoreResult<CustomerAccount> SqlStore::PutCustomer(const std::string& brand, const CustomerAccount& account) {
  return Write([&](Connection& db) -> StoreResult<CustomerAccount> {
    CustomerAccount stored = account;
    stored.updated_at = UtcNowIso();
    ++stored.version;
    if (account.version == 0) {
      Statement taken(db, "SELECT 1 FROM customers WHERE brand_id = ? AND id = ?");
      taken.Bind(brand).Bind(account.id);
      if (taken.Step()) return StoreError{StoreError::Kind::kConflict, "customer " + account.id + " exists", "id"};
      stored.created_at = stored.updated_at;
      Statement s(db,
                  "INSERT INTO customers (brand_id, id, version, body, created_at, updated_at) "
                  "VALUES (?, ?, ?, ?, ?, ?)");
      s.Bind(brand).Bind(stored.id).Bind(stored.version).Bind(CustomerAccountJson(stored).dump());
      s.Bind(stored.created_at).Bind(stored.updated_at).Run();
    } else {
      Statement created(db, "SELECT created_at FROM customers WHERE brand_id = ? AND id = ? AND version = ?");
      created.Bind(brand).Bind(account.id).Bind(account.version);
      if (!created.Step()) {
        return StoreError{StoreError::Kind::kConflict, "customer " + account.id + " changed meanwhile", "version"};
      }
      stored.created_at = created.Text(0);
      Statement s(db,
                  "UPDATE customers SET version = ?, body = ?, updated_at = ? "
                  "WHERE brand_id = ? AND id = ? AND version = ?");
      s.Bind(stored.version).Bind(CustomerAccountJson(stored).dump()).Bind(stored.updated_at);
      s.Bind(brand).Bind(stored.id).Bind(account.version).Run();
      Statement gone(db, "DELETE FROM customer_keys WHERE brand_id = ? AND customer_id = ?");
      gone.Bind(brand).Bind(stored.id).Run();
    }
    for (const std::string& key : SearchKeysOf(stored)) {
      Statement s(db, "INSERT INTO customer_keys (brand_id, search_key, customer_id) VALUES (?, ?, ?)");
      s.Bind(brand).Bind(key).Bind(stored.id).Run();
    }
    return stored;
  });
}

std::optional<CustomerAccount> SqlStore::GetCustomer(const std::string& brand, const std::string& id) {
  const ReaderLease db(*this);
  Statement s(db, "SELECT body FROM customers WHERE brand_id = ? AND id = ?");
  s.Bind(brand).Bind(id);
  if (!s.Step()) return std::nullopt;
  return CustomerAccountFromJson(nlohmann::json::parse(s.Text(0)));
}

std::vector<CustomerAccount> SqlStore::FindCustomers(const std::string& brand,
                                                     const std::vector<CustomerKeyMatch>& all_of, int64_t limit) {
  std::vector<CustomerAccount> found;
  if (all_of.empty()) return found;
  const ReaderLease db(*this);
  Statement s(db, FindCustomersSql(all_of.size()));
  s.Bind(brand);
  // A key alone is the range [key, key + "\x01"): keys hold no byte below it.
  for (const CustomerKeyMatch& m : all_of) s.Bind(m.key).Bind(m.prefix ? KeyAfterPrefix(m.key) : m.key + '\x01');
  s.Bind(limit);
  while (s.Step()) found.push_back(CustomerAccountFromJson(nlohmann::json::parse(s.Text(0))));
  return found;
}

std::vector<Order> SqlStore::OrdersOf(const std::string& brand, const std::string& customer_id, int64_t limit) {
  const ReaderLease db(*this);
  // Through orders_by_customer; a child names its parent (order_json.cc).
  Statement s(db,
              "SELECT body, version FROM orders WHERE brand_id = ? AND customer_id = ? AND "
              "json_extract(body, '$.parent_id') IS NULL ORDER BY created_at DESC, id DESC LIMIT ?",
              "SELECT body, version FROM orders WHERE brand_id = ? AND customer_id = ? AND "
              "(body::jsonb ->> 'parent_id') IS NULL ORDER BY created_at DESC, id DESC LIMIT ?");
  s.Bind(brand).Bind(customer_id).Bind(limit);
  std::vector<Order> orders;
  while (s.Step()) orders.push_back(OrderOfRow(s.Text(0), s.Int(1)));
  return orders;
}

}  // namespace relais::edge
