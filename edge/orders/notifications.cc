#include "edge/orders/notifications.h"

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "edge/model/phone_number.h"
#include "wasm/engine/civil_time.h"

namespace relais::edge {

namespace {

using nlohmann::json;

// The built-in texts: French and English.
const json& DefaultTemplates() {
  static const json kTemplates = {
      {"fr",
       {{"subject", "{brand} – commande {order} : {step}"},
        {"email",
         "Bonjour {name},\n\nVotre commande {order} : {step}.\n{where}\n{code}\nSuivre votre commande : "
         "{link}\n\n{brand}\n"},
        {"sms", "{brand} : commande {order} – {step}. {where} {code} Suivi : {link}"}}},
      {"en",
       {{"subject", "{brand} – order {order}: {step}"},
        {"email",
         "Hello {name},\n\nYour order {order}: {step}.\n{where}\n{code}\nFollow your order: {link}\n\n{brand}\n"},
        {"sms", "{brand}: order {order} – {step}. {where} {code} Track: {link}"}}}};
  return kTemplates;
}

std::string Env(const json& j, const char* key) {
  if (!j.contains(key)) return "";
  const char* value = std::getenv(j[key].get<std::string>().c_str());
  return value ? value : "";
}

std::string Fill(const std::string& pattern, const NotificationFacts& f, const std::string& code_line) {
  const std::pair<std::string_view, const std::string*> values[] = {
      {"{brand}", &f.brand_name}, {"{name}", &f.name},    {"{order}", &f.order_id}, {"{step}", &f.step_label},
      {"{where}", &f.where},      {"{code}", &code_line}, {"{link}", &f.link}};
  // One pass over the template: a value is copied as it is, so a name such as "{link}" stays a name.
  std::string text;
  for (size_t at = 0; at < pattern.size();) {
    bool replaced = false;
    for (const auto& [key, value] : values) {
      if (pattern.compare(at, key.size(), key) == 0) {
        text += *value;
        at += key.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) text += pattern[at++];
  }
  // A missing value leaves double spaces and dangling line ends ("Suivi : " without a link): tidied.
  for (size_t at = text.find("  "); at != std::string::npos; at = text.find("  ", at)) text.erase(at, 1);
  for (size_t at = text.find(" ,"); at != std::string::npos; at = text.find(" ,", at)) text.erase(at, 1);
  // Trailing spaces go line by line.
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = std::min(text.find('\n', start), text.size());
    std::string line = text.substr(start, end - start);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line;
    if (end < text.size()) out += '\n';
    start = end + 1;
  }
  return out;
}

std::string Template(const NotificationConfig& config, const std::string& lang, const char* field) {
  const json& custom = config.templates.value(lang, json::object());
  if (custom.contains(field)) return custom[field];
  return DefaultTemplates().at(lang == "en" ? "en" : "fr").at(field);
}

}  // namespace

int64_t RetryAtMs(const NotificationConfig& config, int64_t attempts, int64_t now_ms) {
  constexpr int64_t kMaxRetryMs = 3'600'000;
  if (attempts + 1 >= config.max_attempts) return 0;
  return now_ms + std::min(kMaxRetryMs, config.retry_initial_ms << std::min<int64_t>(attempts, 20));
}

std::string ReadNotificationConfig(const json& j, const std::string& at, NotificationConfig* config) {
  if (!j.is_object()) return at + ": an object";
  for (const auto& item : j.items()) {
    static const char* kKnown[] = {"email", "sms", "tracking_url", "retry_initial_ms", "max_attempts", "templates"};
    if (std::find(std::begin(kKnown), std::end(kKnown), item.key()) == std::end(kKnown)) {
      return at + "." + item.key() + ": unknown field";
    }
  }
  try {
    if (j.contains("email")) {
      const json& e = j["email"];
      config->smtp_url = e.at("smtp_url").get<std::string>();
      if (!config->smtp_url.starts_with("smtp://") && !config->smtp_url.starts_with("smtps://")) {
        return at + ".email.smtp_url: smtp://host:port or smtps://host:port";
      }
      config->from = e.at("from").get<std::string>();
      if (config->from.find('@') == std::string::npos || config->from.find_first_of("<>\r\n ") != std::string::npos) {
        return at + ".email.from: an address like shop@example.com";
      }
      config->from_name = e.value("from_name", "");
      config->smtp_username = Env(e, "username_env");
      config->smtp_password = Env(e, "password_env");
      config->starttls = e.value("starttls", false);
    }
    if (j.contains("sms")) {
      const json& s = j["sms"];
      config->sms_url = s.at("url").get<std::string>();
      if (!config->sms_url.starts_with("http://") && !config->sms_url.starts_with("https://")) {
        return at + ".sms.url: an http:// or https:// URL";
      }
      config->sms_token = Env(s, "token_env");
      config->sms_sender = s.value("sender", "");
    }
    config->tracking_url = j.value("tracking_url", "");
    config->retry_initial_ms = j.value("retry_initial_ms", config->retry_initial_ms);
    config->max_attempts = j.value("max_attempts", config->max_attempts);
    if (config->retry_initial_ms < 1 || config->max_attempts < 1) {
      return at + ": retry_initial_ms and max_attempts are 1 or more";
    }
    config->templates = j.value("templates", json::object());
    for (const auto& [lang, texts] : config->templates.items()) {
      if (lang != "fr" && lang != "en") return at + ".templates." + lang + ": fr or en";
      for (const auto& [field, text] : texts.items()) {
        if ((field != "subject" && field != "email" && field != "sms") || !text.is_string()) {
          return at + ".templates." + lang + "." + field + ": subject, email or sms, as text";
        }
      }
    }
  } catch (const json::exception& e) {
    return at + ": " + e.what();
  }
  return "";
}

std::string DayText(const std::string& iso_date, const std::string& lang) {
  static constexpr const char* kDaysFr[] = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"};
  static constexpr const char* kDaysEn[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                            "Friday", "Saturday", "Sunday"};
  static constexpr const char* kMonthsFr[] = {"janvier", "février", "mars",      "avril",   "mai",      "juin",
                                              "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
  static constexpr const char* kMonthsEn[] = {"January", "February", "March",     "April",   "May",      "June",
                                              "July",    "August",   "September", "October", "November", "December"};
  const std::optional<DayNumber> day = ParseIsoDate(iso_date);
  if (!day) return iso_date;
  const CivilDate date = CivilFromDays(*day);
  const int weekday = WeekdayFromDays(*day);
  const bool en = lang == "en";
  return std::string(en ? kDaysEn[weekday] : kDaysFr[weekday]) + " " + std::to_string(date.day) + " " +
         (en ? kMonthsEn : kMonthsFr)[date.month - 1] + " " + std::to_string(date.year);
}

std::vector<Notification> ComposeNotifications(const NotificationConfig& config, const std::string& brand,
                                               const Order& order, int64_t shipment, const std::string& trigger,
                                               const NotificationFacts& facts) {
  std::vector<Notification> out;
  const std::string lang = facts.lang == "en" ? "en" : "fr";
  const std::string code_line =
      facts.code.empty() ? "" : (lang == "en" ? "Pick-up code: " : "Code de retrait : ") + facts.code;
  Notification base;
  base.brand = brand;
  base.order_id = order.id;
  base.shipment = shipment;
  base.trigger = trigger;
  const std::string email = order.contact.value("email", "");
  if (!config.smtp_url.empty() && !email.empty()) {
    Notification n = base;
    n.channel = "email";
    n.recipient = email;
    n.subject = Fill(Template(config, lang, "subject"), facts, code_line);
    n.body = Fill(Template(config, lang, "email"), facts, code_line);
    out.push_back(std::move(n));
  }
  // Stored in E.164 since orders read it so; an order stored before gets it now (else no SMS: a provider
  // would misroute it).
  const std::optional<std::string> phone = E164PhoneNumber(order.contact.value("phone", ""));
  if (!config.sms_url.empty() && phone) {
    Notification n = base;
    n.channel = "sms";
    n.recipient = *phone;
    n.body = Fill(Template(config, lang, "sms"), facts, code_line);
    out.push_back(std::move(n));
  }
  return out;
}

}  // namespace relais::edge
