// What orders and baskets read about the customer: the home delivery address and the contact (e-mail,
// phone), strictly (json_fields.h): a 400 naming the field for anything wrong.
#ifndef RELAIS_EDGE_ORDERS_CUSTOMER_FIELDS_H_
#define RELAIS_EDGE_ORDERS_CUSTOMER_FIELDS_H_

#include <nlohmann/json.hpp>
#include <string>

namespace relais::edge {

// {name?, address: 1-4 lines, postcode, city, country}, under the field prefix `at` ("lines[0].destination."): the
// country two letters (ISO 3166-1, uppercased), a French or Monegasque postcode 5 digits (spaces taken out).
nlohmann::json ReadHomeAddress(const nlohmann::json& address, const std::string& at);

// {name?, email?, phone?, lang?} with an email or a phone: the phone kept in E.164 (phone_number.h);
// lang (fr, en) is the language the shopper's notifications are written in.
nlohmann::json ReadContact(const nlohmann::json& contact, const std::string& at);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_CUSTOMER_FIELDS_H_
