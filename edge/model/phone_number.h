// A shopper's phone number as SMS providers take it: E.164 (+ country code, subscriber number, at most 15
// digits, no spaces). Shoppers type "06 11 22 33 44", "+33 (0)6 11 22 33 44" or "0033 6 11 22 33 44";
// providers refuse or misroute all but the first's international form, so numbers are normalised when an
// order is placed, and again before an SMS goes (for orders stored before).
#ifndef RELAIS_EDGE_MODEL_PHONE_NUMBER_H_
#define RELAIS_EDGE_MODEL_PHONE_NUMBER_H_

#include <optional>
#include <string>
#include <string_view>

namespace relais::edge {

// `typed` in E.164 ("+33611223344"), nullopt when it cannot be read as one. Spaces, dots, dashes and
// parentheses are separators; "(0)" after a country code is the trunk prefix, dropped; "00" opens an
// international number. A number without either is read in the French plan (the carriers' and shops'
// market): ten digits starting with 0 -- overseas departments get their own country code (0690 12 34 56,
// Guadeloupe, is +590690123456). Anything else (letters, a national number of another length, fewer than 8
// or more than 15 digits, a country code starting with 0) is nullopt: the caller refuses it, naming the field.
std::optional<std::string> E164PhoneNumber(std::string_view typed);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_MODEL_PHONE_NUMBER_H_
