#include "edge/orders/customer_accounts.h"

#include <algorithm>

#include "edge/secrets.h"

namespace relais::edge {

namespace {

bool Listed(const std::vector<CustomerAccount>& accounts, const std::string& id) {
  return std::any_of(accounts.begin(), accounts.end(), [&](const CustomerAccount& a) { return a.id == id; });
}

}  // namespace

CustomerAccount CustomerAccounts::AccountOfOrder(const Order& order) {
  CustomerAccount account;
  account.id = order.customer_id;
  account.contact = order.contact;
  // Its home address, the place a caller is most likely to give again.
  for (const OrderLine& line : order.lines) {
    if (line.mode == DeliveryMode::kHome && line.destination.contains("postcode")) {
      account.addresses.push_back(line.destination);
      break;
    }
  }
  account.created_at = order.created_at;
  account.updated_at = order.created_at;
  return account;
}

OrderResult<CustomerAccount> CustomerAccounts::Create(const std::string& brand, CustomerAccount account,
                                                      bool duplicate_ok, const Actor& actor) {
  if (account.id.empty()) account.id = "cus_" + RandomHex(6);
  if (store_->GetCustomer(brand, account.id)) {
    return OrderError{
        "customer_exists", "customer " + account.id + " has an account already", "id", {{"customer_id", account.id}}};
  }
  if (!duplicate_ok) {
    for (const char* field : {"email", "phone"}) {
      if (!account.contact.contains(field)) continue;
      const std::string value = account.contact[field];
      // Two: the first found may be this very customer (an id known from orders, given its account now).
      for (const CustomerAccount& known : Search(brand, value, 2)) {
        if (known.id == account.id) continue;
        return OrderError{"customer_exists",
                          std::string("customer ") + known.id + " has this " + field +
                              ": open that account, or say they are two people (allow_duplicate)",
                          std::string("contact.") + field,
                          {{"customer_id", known.id}}};
      }
    }
  }
  account.version = 0;
  account.updated_by = actor.who;
  StoreResult<CustomerAccount> stored = store_->PutCustomer(brand, account);
  if (!stored.ok()) {
    return OrderError{"customer_exists", stored.error().message, "id", {{"customer_id", account.id}}};
  }
  return stored.value();
}

OrderResult<CustomerAccount> CustomerAccounts::Update(const std::string& brand, CustomerAccount account,
                                                      const Actor& actor) {
  account.updated_by = actor.who;
  StoreResult<CustomerAccount> stored = store_->PutCustomer(brand, account);
  if (!stored.ok()) {
    return OrderError{"customer_moved", stored.error().message + ": read it again", "version"};
  }
  return stored.value();
}

std::optional<CustomerAccount> CustomerAccounts::Get(const std::string& brand, const std::string& id) {
  if (std::optional<CustomerAccount> account = store_->GetCustomer(brand, id)) return account;
  const std::vector<Order> orders = store_->OrdersOf(brand, id, 1);
  if (orders.empty()) return std::nullopt;
  return AccountOfOrder(orders.front());
}

std::vector<CustomerAccount> CustomerAccounts::Search(const std::string& brand, const std::string& query,
                                                      int64_t limit) {
  std::vector<CustomerAccount> found;
  const std::vector<std::vector<CustomerKeyMatch>> asked = CustomerQuery(query);
  for (const std::vector<CustomerKeyMatch>& alternative : asked) {
    for (CustomerAccount& a : store_->FindCustomers(brand, alternative, limit)) {
      if (static_cast<int64_t>(found.size()) < limit && !Listed(found, a.id)) found.push_back(std::move(a));
    }
  }
  const bool by_contact = asked.size() == 1 && asked[0].size() == 1 &&
                          (asked[0][0].key.starts_with("email:") || asked[0][0].key.starts_with("phone:"));
  if (by_contact) {
    // Orders keep the same e-mail and phone keys (search_keys.h): a web customer is found as an agent's.
    for (const Order& o : store_->SearchOrders(brand, query, limit)) {
      if (static_cast<int64_t>(found.size()) >= limit) break;
      if (Listed(found, o.customer_id) || store_->GetCustomer(brand, o.customer_id)) continue;
      const std::vector<Order> newest = store_->OrdersOf(brand, o.customer_id, 1);
      if (!newest.empty()) found.push_back(AccountOfOrder(newest.front()));
    }
  }
  return found;
}

}  // namespace relais::edge
