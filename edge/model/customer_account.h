// A customer's account as the shop's agents keep it: who the customer is, how to reach them, where they
// have things delivered, and what the agents noted. Its id is the orders' customer_id, so the account and
// the orders a customer placed on the web or on the phone are one history.
//
// How an account is found: by its id, its e-mail, its phone number in any spelling, and by words -- of its
// name, its addresses' postcodes and towns -- each typed in full or by its beginning, every word of the query
// required ("dup 750" finds Mme Dupont of 75011). One spelling of keys for every store, as for orders
// (search_keys.h):
//   id:<id>   email:<lowercased>   phone:<last 9 digits>   word:<folded word>
// where a folded word is lowercased, its accents taken off (Hélène, HELENE and helene are one word) and
// anything but letters and digits a separator, so that a key is plain ASCII and a prefix is a range of keys.
#ifndef RELAIS_EDGE_MODEL_CUSTOMER_ACCOUNT_H_
#define RELAIS_EDGE_MODEL_CUSTOMER_ACCOUNT_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace relais::edge {

struct CustomerAccount {
  std::string id;
  int64_t version = 0;  // 0: not stored yet. Bumped by every write: a write names the version it read.
  // {name, email?, phone?, lang?} as orders keep it (customer_fields.h: ReadContact), the phone in E.164.
  nlohmann::json contact = nlohmann::json::object();
  // [{label?, name?, address: [lines], postcode, city, country}], the first the one used unless said otherwise.
  nlohmann::json addresses = nlohmann::json::array();
  std::string notes;       // What agents want the next agent to know.
  std::string created_at;  // ISO 8601 UTC, stamped by the store.
  std::string updated_at;
  std::string updated_by;  // Who wrote this version: "merchant", or "staff:<token id> <name>".
  bool operator==(const CustomerAccount&) const = default;
};

nlohmann::json CustomerAccountJson(const CustomerAccount& account);
CustomerAccount CustomerAccountFromJson(const nlohmann::json& j);  // Reads what CustomerAccountJson wrote.

// The keys an account is found by when it is written (each once).
std::vector<std::string> SearchKeysOf(const CustomerAccount& account);

// One condition of a customer query: a key the account has (`prefix` false), or a key starting with `key`.
struct CustomerKeyMatch {
  std::string key;
  bool prefix = false;
  bool operator==(const CustomerKeyMatch&) const = default;
};

// What a typed query asks: an e-mail (with "@"), a phone number (6 digits or more, and nothing but digits and
// separators) or an id alone; otherwise every folded word of it (the first 6), each by prefix. The accounts a query
// finds have every condition of one of the alternatives returned (none when the query holds no word).
std::vector<std::vector<CustomerKeyMatch>> CustomerQuery(const std::string& query);

// The first key after every key starting with `prefix` (a folded prefix: plain ASCII below 0x7f): a prefix
// match is the range [prefix, KeyAfterPrefix(prefix)).
std::string KeyAfterPrefix(std::string prefix);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_MODEL_CUSTOMER_ACCOUNT_H_
