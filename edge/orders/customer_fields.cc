#include "edge/orders/customer_fields.h"

#include "edge/api_error.h"
#include "edge/json_fields.h"
#include "edge/model/phone_number.h"

namespace relais::edge {

using nlohmann::json;

json ReadHomeAddress(const json& d, const std::string& at) {
  RejectUnknownFields(d, {"name", "address", "postcode", "city", "country"}, at);
  if (!d.contains("address") || !d["address"].is_array() || d["address"].empty() || d["address"].size() > 4) {
    throw BadField(at + "address", at + "address must be 1 to 4 lines");
  }
  json lines = json::array();
  for (size_t i = 0; i < d["address"].size(); ++i) {
    lines.push_back(
        RequiredText(json{{"line", d["address"][i]}}, "line", 200, at + "address[" + std::to_string(i) + "]."));
  }
  // A country as ISO 3166-1 spells it (two letters, "fr" read as FR); a French postcode (Monaco's too) is 5 digits,
  // which carriers refuse otherwise -- better said to the shopper or the agent now than by a label that fails.
  std::string country = RequiredText(d, "country", 2, at);
  for (char& ch : country) ch = ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 'a' + 'A') : ch;
  if (country.size() != 2 || country.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos) {
    throw BadField(at + "country", "country is a two-letter ISO 3166 code: FR, BE, DE...");
  }
  std::string postcode = RequiredText(d, "postcode", 16, at);
  if (country == "FR" || country == "MC") {
    std::erase(postcode, ' ');  // "75 011", as some type it.
    if (postcode.size() != 5 || postcode.find_first_not_of("0123456789") != std::string::npos) {
      throw BadField(at + "postcode", "a French postcode is 5 digits (75011)");
    }
  }
  json out = {
      {"address", lines}, {"postcode", postcode}, {"city", RequiredText(d, "city", 100, at)}, {"country", country}};
  if (d.contains("name")) out["name"] = RequiredText(d, "name", 200, at);
  return out;
}

json ReadContact(const json& c, const std::string& at) {
  if (!c.is_object()) throw BadField(at.substr(0, at.size() - 1), "contact is an object: name, email, phone, lang");
  RejectUnknownFields(c, {"name", "email", "phone", "lang"}, at);
  json out = json::object();
  if (c.contains("lang")) out["lang"] = RequiredEnum(c, "lang", {"fr", "en"}, at);  // The messages' language.
  if (const std::optional<std::string> name = OptionalText(c, "name", 200, at)) out["name"] = *name;
  if (const std::optional<std::string> email = OptionalText(c, "email", 254, at)) {
    const size_t sign = email->find('@');
    if (sign == 0 || sign == std::string::npos || email->find('@', sign + 1) != std::string::npos ||
        email->find('.', sign) == std::string::npos || email->back() == '.' || email->find(' ') != std::string::npos) {
      throw BadField(at + "email", "email must be an address like name@example.com");
    }
    out["email"] = *email;
  }
  if (const std::optional<std::string> phone = OptionalText(c, "phone", 40, at)) {
    // Kept as SMS providers take it (E.164): "06 11 22 33 44" is +33611223344.
    const std::optional<std::string> e164 = E164PhoneNumber(*phone);
    if (!e164) {
      throw BadField(at + "phone",
                     "phone must be an international number (+33 6 12 34 56 78, +32 470 12 34 56) or a French one "
                     "(06 12 34 56 78)");
    }
    out["phone"] = *e164;
  }
  if (!out.contains("email") && !out.contains("phone")) {
    throw BadField(at + "email", "a contact needs an email or a phone");
  }
  return out;
}

}  // namespace relais::edge
