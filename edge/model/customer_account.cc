#include "edge/model/customer_account.h"

#include <algorithm>
#include <string_view>

#include "edge/model/search_keys.h"

namespace relais::edge {

namespace {

// What a letter of Latin-1's upper half (U+00C0..U+00FF) is without its accent, lowercased; "" for the
// signs that are no letter (×, ÷).
std::string_view Unaccented(unsigned code) {
  static constexpr std::string_view kFolded[64] = {
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",   // U+00C0..
      "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",  // U+00D0..
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",   // U+00E0..
      "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y",   // U+00F0..
  };
  return code >= 0xC0 && code <= 0xFF ? kFolded[code - 0xC0] : std::string_view();
}

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

std::vector<std::string> FoldedWords(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back(word);
    word.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const auto ch = static_cast<unsigned char>(text[i]);
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
      word.push_back(static_cast<char>(ch));
    } else if (ch >= 'A' && ch <= 'Z') {
      word.push_back(static_cast<char>(ch - 'A' + 'a'));
    } else if ((ch == 0xC3 || ch == 0xC5) && i + 1 < text.size()) {
      // Two-byte UTF-8: Latin-1's letters (C3 80..BF) and the French ligature œ / Œ and Ÿ (C5 92, 93, B8).
      const auto next = static_cast<unsigned char>(text[i + 1]);
      std::string_view folded;
      if (ch == 0xC3) folded = Unaccented(0xC0u + (next & 0x3Fu));
      if (ch == 0xC5) folded = next == 0x92 || next == 0x93 ? "oe" : next == 0xB8 ? "y" : "";
      ++i;
      if (folded.empty()) {
        flush();
      } else {
        word.append(folded);
      }
    } else {
      flush();  // A separator, or a letter of another script: words are what a French agent types.
    }
  }
  flush();
  return words;
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
