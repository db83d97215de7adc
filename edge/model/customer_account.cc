#include "edge/model/customer_account.h"

#include <algorithm>
#include <string_view>

#include "edge/model/search_keys.h"

namespace relais::edge {

namespace {

bool Has(const std::vector<std::string>& keys, const std::string& key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

void AddWords(const std::string& text, std::vector<std::string>* keys) {
  for (const std::string& w : FoldedWords(text)) {
    if (!Has(*keys, "word:" + w)) keys->push_back("word:" + w);
  }
}

// A name, a postcode and a town are enough to tell customers apart; more words only make more queries to plan.
constexpr size_t kMaxQueryWords = 6;

}  // namespace

nlohmann::json CustomerAccountJson(const CustomerAccount& a) {
  return {{"id", a.id},       {"version", a.version},       {"contact", a.contact},       {"addresses", a.addresses},
          {"notes", a.notes}, {"created_at", a.created_at}, {"updated_at", a.updated_at}, {"updated_by", a.updated_by}};
}

CustomerAccount CustomerAccountFromJson(const nlohmann::json& j) {
  CustomerAccount a;
  a.id = j.value("id", "");
  a.version = j.value("version", int64_t{0});
  a.contact = j.value("contact", nlohmann::json::object());
  a.addresses = j.value("addresses", nlohmann::json::array());
  a.notes = j.value("notes", "");
  a.created_at = j.value("created_at", "");
  a.updated_at = j.value("updated_at", "");
  a.updated_by = j.value("updated_by", "");
  return a;
}

std::string KeyAfterPrefix(std::string prefix) {
  if (!prefix.empty()) prefix.back() = static_cast<char>(prefix.back() + 1);
  return prefix;
}

std::vector<std::string> SearchKeysOf(const CustomerAccount& a) {
  std::vector<std::string> keys = {"id:" + a.id};
  if (a.contact.contains("email")) keys.push_back(EmailKey(a.contact["email"]));
  if (a.contact.contains("phone")) keys.push_back(PhoneKey(a.contact["phone"]));
  if (a.contact.contains("name")) AddWords(a.contact["name"], &keys);
  for (const nlohmann::json& address : a.addresses) {
    if (address.contains("name")) AddWords(address["name"], &keys);
    if (address.contains("postcode")) AddWords(address["postcode"], &keys);
    if (address.contains("city")) AddWords(address["city"], &keys);
  }
  return keys;
}

std::vector<std::vector<CustomerKeyMatch>> CustomerQuery(const std::string& query) {
  if (query.find('@') != std::string::npos) {
    std::string email = query;
    email.erase(0, email.find_first_not_of(' '));
    email.erase(email.find_last_not_of(' ') + 1);
    return {{{EmailKey(email), false}}};
  }
  if (IsPhoneQuery(query)) return {{{PhoneKey(query), false}}};
  std::vector<std::vector<CustomerKeyMatch>> alternatives;
  if (!query.empty() && query.find(' ') == std::string::npos) alternatives.push_back({{"id:" + query, false}});
  std::vector<CustomerKeyMatch> words;
  for (const std::string& w : FoldedWords(query)) {
    if (words.size() == kMaxQueryWords) break;
    const CustomerKeyMatch match{"word:" + w, true};
    if (std::find(words.begin(), words.end(), match) == words.end()) words.push_back(match);
  }
  if (!words.empty()) alternatives.push_back(std::move(words));
  return alternatives;
}

}  // namespace relais::edge
