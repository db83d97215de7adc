// How an order is found besides its id: the keys a store indexes it by, and the keys a query may match.
// One spelling for every store (SQLite, the in-memory one, PostgreSQL next), so that the same search finds
// the same orders whatever keeps them.
//   ref:<external reference>   email:<lowercased>   phone:<last 9 digits>   parcel:<uppercased number>
#ifndef RELAIS_EDGE_MODEL_SEARCH_KEYS_H_
#define RELAIS_EDGE_MODEL_SEARCH_KEYS_H_

#include <string>
#include <vector>

#include "edge/model/order.h"

namespace relais::edge {

// The keys `order` is found by when it is written (parcel numbers come later, with its hand-over).
std::vector<std::string> SearchKeysOf(const Order& order);

// The key of a parcel's tracking number, in any case.
std::string ParcelKey(const std::string& tracking_number);

// The keys of an e-mail address (in any case) and of a phone number (in any of its forms: its last 9 digits), for
// orders and customer accounts alike (customer_account.h).
std::string EmailKey(const std::string& email);
std::string PhoneKey(const std::string& phone);
// Whether a typed query is a phone number: 6 digits or more, and nothing but digits and separators.
bool IsPhoneQuery(const std::string& query);

// `text` lowercased, accents off (Hélène, HELENE and helene are one word), split on anything but ASCII letters and
// digits: how customer accounts' words and products' names are compared.
std::vector<std::string> FoldedWords(const std::string& text);
// The folded words of `text` joined by single spaces.
std::string FoldedText(const std::string& text);

// Whether a product named `name` is what an agent typing `text` looks for: the folded text is the beginning of one
// of the name's folded words, or of a run of them ("cafe" and "Café moul" find "Café moulu"). None for an empty
// text.
bool ProductNameMatches(const std::string& name, const std::string& text);
// A LIKE pattern (on the name lowercased) that the names ProductNameMatches takes match -- and some others: a store
// narrows its rows with it, then keeps those ProductNameMatches takes. Its only wildcards are % and _. (A ligature
// typed apart, "oe" for "œ", is the one spelling it lets slip.)
std::string ProductNamePattern(const std::string& text);

// The keys a customer-service query may match: a reference, a parcel number, an e-mail (with "@"), a
// phone number (6 digits or more, and nothing but digits and separators) in any of its forms.
std::vector<std::string> SearchKeysOfQuery(const std::string& query);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_MODEL_SEARCH_KEYS_H_
