// The customer accounts sales agents and customer service keep (model/customer_account.h): created without
// making a second account of a customer the shop knows, changed over the version read, and found by what a
// caller says of themselves -- including customers the shop knows only from their orders (a web checkout
// sends a customer_id and a contact, and makes no account).
#ifndef RELAIS_EDGE_ORDERS_CUSTOMER_ACCOUNTS_H_
#define RELAIS_EDGE_ORDERS_CUSTOMER_ACCOUNTS_H_

#include <optional>
#include <string>
#include <vector>

#include "edge/model/customer_account.h"
#include "edge/model/order.h"
#include "edge/orders/order_error.h"
#include "edge/store/store.h"

namespace relais::edge {

class CustomerAccounts {
 public:
  explicit CustomerAccounts(Store* store) : store_(store) {}

  // Stores `account` as new, under its id or a new one ("cus_" and 12 hex digits) when it has none, written by
  // `actor`. customer_exists (field "contact.email" or "contact.phone", details.customer_id) when another
  // account or a customer's orders have that e-mail or phone and `duplicate_ok` is false -- the agent opens that
  // one instead, or says they are two people; customer_exists (field "id") when the id is an account already.
  OrderResult<CustomerAccount> Create(const std::string& brand, CustomerAccount account, bool duplicate_ok,
                                      const Actor& actor);

  // Writes `account` over the version it was read at (0: a customer known from orders only, whose account this
  // makes). customer_moved when another write came first.
  OrderResult<CustomerAccount> Update(const std::string& brand, CustomerAccount account, const Actor& actor);

  // The stored account; else, for a customer with orders and no account, the contact and home address of
  // their newest order at version 0; nullopt when the shop knows neither.
  std::optional<CustomerAccount> Get(const std::string& brand, const std::string& id);

  // What a typed query finds (CustomerQuery), by id, at most `limit`; then, for an e-mail or a phone number,
  // customers known from their orders only (Get's version 0), newest order first.
  std::vector<CustomerAccount> Search(const std::string& brand, const std::string& query, int64_t limit);

 private:
  // The account Get reads from an order when the customer has none.
  static CustomerAccount AccountOfOrder(const Order& order);

  Store* store_;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_CUSTOMER_ACCOUNTS_H_
