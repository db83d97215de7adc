#include "edge/model/search_keys.h"

#include <cctype>

namespace relais::edge {

namespace {

// The last 9 digits of a phone number: the same for +33 6 12 34 56 78 and 06 12 34 56 78.
std::string PhoneTail(const std::string& text) {
  std::string digits;
  for (char ch : text) {
    if (ch >= '0' && ch <= '9') digits.push_back(ch);
  }
  return digits.size() > 9 ? digits.substr(digits.size() - 9) : digits;
}

std::string Lower(std::string text) {
  for (char& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return text;
}

std::string Upper(std::string text) {
  for (char& ch : text) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return text;
}

}  // namespace

std::vector<std::string> SearchKeysOf(const Order& o) {
  std::vector<std::string> keys;
  if (!o.external_ref.empty()) keys.push_back("ref:" + o.external_ref);
  if (o.contact.contains("email")) keys.push_back("email:" + Lower(o.contact["email"]));
  if (o.contact.contains("phone")) keys.push_back("phone:" + PhoneTail(o.contact["phone"]));
  return keys;
}

std::string ParcelKey(const std::string& tracking_number) { return "parcel:" + Upper(tracking_number); }

std::vector<std::string> SearchKeysOfQuery(const std::string& query) {
  std::vector<std::string> keys = {"ref:" + query, ParcelKey(query)};
  if (query.find('@') != std::string::npos) keys.push_back("email:" + Lower(query));
  if (PhoneTail(query).size() >= 6 && query.find_first_not_of("+0123456789 .-()") == std::string::npos) {
    keys.push_back("phone:" + PhoneTail(query));
  }
  return keys;
}

}  // namespace relais::edge
