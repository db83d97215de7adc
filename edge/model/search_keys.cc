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

bool IsPhoneQuery(const std::string& query) {
  return PhoneTail(query).size() >= 6 && query.find_first_not_of("+0123456789 .-()") == std::string::npos;
}

std::vector<std::string> SearchKeysOf(const Order& o) {
  std::vector<std::string> keys;
  if (!o.external_ref.empty()) keys.push_back("ref:" + o.external_ref);
  if (o.contact.contains("email")) keys.push_back(EmailKey(o.contact["email"]));
  if (o.contact.contains("phone")) keys.push_back(PhoneKey(o.contact["phone"]));
  return keys;
}

std::string ParcelKey(const std::string& tracking_number) { return "parcel:" + Upper(tracking_number); }

std::string EmailKey(const std::string& email) { return "email:" + Lower(email); }

std::string PhoneKey(const std::string& phone) { return "phone:" + PhoneTail(phone); }

std::vector<std::string> SearchKeysOfQuery(const std::string& query) {
  std::vector<std::string> keys = {"ref:" + query, ParcelKey(query)};
  if (query.find('@') != std::string::npos) keys.push_back(EmailKey(query));
  if (IsPhoneQuery(query)) keys.push_back(PhoneKey(query));
  return keys;
}

}  // namespace relais::edge
