#include "edge/model/search_keys.h"

#include <cctype>
#include <string_view>

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

}  // namespace

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

std::string FoldedText(const std::string& text) {
  std::string folded;
  for (const std::string& w : FoldedWords(text)) folded += (folded.empty() ? "" : " ") + w;
  return folded;
}

bool ProductNameMatches(const std::string& name, const std::string& text) {
  const std::string wanted = FoldedText(text);
  return !wanted.empty() && (" " + FoldedText(name)).find(" " + wanted) != std::string::npos;
}

std::string ProductNamePattern(const std::string& text) {
  // Each letter that has accented forms matches any one character, the accented ones included (LIKE's "_" is a
  // character, not a byte, in both databases), and a space any separator; the rows it lets through are checked by
  // ProductNameMatches.
  std::string pattern = "%";
  for (char ch : FoldedText(text)) {
    pattern += ch == ' ' ? '%' : std::string_view("aceinouy").find(ch) != std::string_view::npos ? '_' : ch;
  }
  return pattern + "%";
}

}  // namespace relais::edge
