#include "edge/pickup_channel.h"

#include <cstdio>

#include "edge/documents/manifest_document.h"
#include "edge/http_call.h"

namespace relais::edge {

using nlohmann::json;

namespace {

constexpr long kTimeoutS = 20;

std::string Kilograms(int64_t grams) {
  char out[32];
  std::snprintf(out, sizeof out, "%lld.%03lld", static_cast<long long>(grams / 1000),
                static_cast<long long>(grams % 1000));
  return out;
}

int64_t TotalWeight(const Manifest& m) {
  int64_t grams = 0;
  for (const ManifestParcel& p : m.parcels) grams += p.weight_g;
  return grams;
}

std::string AddressLine(const std::optional<Site>& site) {
  if (!site) return "";
  std::string line = site->name;
  for (const json& l : site->location.value("address", json::array())) {
    if (l.is_string()) line += ", " + l.get<std::string>();
  }
  return line + ", " + site->location.value("postcode", "") + " " + site->location.value("city", "");
}

class EmailPickup : public PickupChannel {
 public:
  explicit EmailPickup(NotificationConfig mail) : mail_(std::move(mail)) {}
  PickupAnswer Ask(const PickupFacts& facts) override {
    if (mail_.smtp_url.empty()) return {"the brand has no SMTP server (notifications.email) to send it through", ""};
    Result<MailDraft, DocumentError> draft = PickupMail(facts);
    if (!draft.ok()) return {"manifest PDF: " + draft.error().message, ""};
    return {SendMail(mail_, facts.contact.email, MailMessage(draft.value(), mail_)), ""};
  }

 private:
  NotificationConfig mail_;
};

class HttpPickup : public PickupChannel {
 public:
  PickupAnswer Ask(const PickupFacts& facts) override {
    HttpRequest request;
    request.url = facts.contact.url;
    request.headers = {"Content-Type: application/json", "Idempotency-Key: " + facts.brand + "-" + facts.manifest.id};
    request.bearer_token = facts.contact.token;
    request.post = true;
    request.body = PickupRequestJson(facts).dump();
    request.timeout_s = kTimeoutS;
    request.max_answer_bytes = 4000;
    const HttpReply reply = Call(request);
    if (!reply.error.empty()) return {"pickup api: " + reply.error, ""};
    if (reply.status < 200 || reply.status >= 300) {
      return {"pickup api answered " + std::to_string(reply.status) + " " + reply.body.substr(0, 500), ""};
    }
    const json answer = json::parse(reply.body, nullptr, false);
    std::string reference;
    if (answer.is_object()) {
      for (const char* key : {"reference", "confirmation_number", "id"}) {
        if (!answer.contains(key)) continue;
        const json& v = answer[key];
        reference = v.is_string() ? v.get<std::string>() : v.is_number_integer() ? v.dump() : "";
        if (!reference.empty()) break;
      }
    }
    return {"", reference.substr(0, 200)};
  }
};

}  // namespace

std::unique_ptr<PickupChannel> PickupChannelFor(const PickupContact& contact, const NotificationConfig& mail) {
  if (contact.by == "email") return std::make_unique<EmailPickup>(mail);
  if (contact.by == "http") return std::make_unique<HttpPickup>();
  return nullptr;
}

json PickupRequestJson(const PickupFacts& f) {
  json address = {{"name", ""}, {"lines", json::array()}, {"postcode", ""}, {"city", ""}, {"country", "FR"}};
  std::string zone = "Europe/Paris";
  if (f.site) {
    address["name"] = f.site->name;
    for (const json& l : f.site->location.value("address", json::array())) {
      if (l.is_string()) address["lines"].push_back(l);
    }
    address["postcode"] = f.site->location.value("postcode", "");
    address["city"] = f.site->location.value("city", "");
    address["country"] = f.site->location.value("country", "FR");
    zone = f.site->location.value("tz", zone);
  }
  json numbers = json::array();
  for (const ManifestParcel& p : f.manifest.parcels) numbers.push_back(p.number);
  return {{"manifest", f.manifest.id},
          {"carrier", f.manifest.carrier},
          {"account", f.manifest.account},
          {"date", f.manifest.day},
          {"ready_from", f.contact.ready_from},
          {"ready_until", f.contact.ready_until},
          {"time_zone", zone},
          {"address", address},
          {"parcels", f.manifest.parcels.size()},
          {"weight_kg", json::parse(Kilograms(TotalWeight(f.manifest)))},
          {"numbers", numbers}};
}

Result<MailDraft, DocumentError> PickupMail(const PickupFacts& f) {
  const ManifestHeader header = ManifestHeaderOf(f.brand_name, f.carrier_name, f.site);
  Result<std::string, DocumentError> pdf = ManifestPdf(f.manifest, header);
  if (!pdf.ok()) return pdf.error();
  const std::string parcels = std::to_string(f.manifest.parcels.size());
  const std::string weight = Kilograms(TotalWeight(f.manifest));
  const std::string where = AddressLine(f.site);
  const std::string window = f.contact.ready_from + "-" + f.contact.ready_until;
  MailDraft mail;
  mail.to = f.contact.email;
  mail.subject = "Demande d'enlèvement " + f.manifest.account + " " + f.manifest.day + " - " +
                 (f.site ? f.site->name : f.manifest.site) + " (" + parcels + " colis)";
  mail.body =
      "Bonjour,\n\n"
      "Merci de venir enlever nos colis :\n"
      "  Compte : " +
      f.manifest.account + " (" + f.carrier_name +
      ")\n"
      "  Date : " +
      f.manifest.day + ", " + window +
      "\n"
      "  Adresse : " +
      where +
      "\n"
      "  Colis : " +
      parcels + ", " + weight +
      " kg\n"
      "  Bordereau : " +
      f.manifest.id +
      " (PDF et CSV joints)\n\n"
      "Cordialement,\n" +
      f.brand_name +
      "\n\n"
      "--\n"
      "Pickup request: account " +
      f.manifest.account + ", " + f.manifest.day + " " + window + ", " + parcels +
      (f.manifest.parcels.size() == 1 ? " parcel (" : " parcels (") + weight + " kg) at " + where + ". Manifest " +
      f.manifest.id + " attached.\n";
  mail.key = "pickup-" + f.brand + "-" + f.manifest.id;
  mail.attachments = {{f.manifest.id + ".pdf", "application/pdf", std::move(pdf).value()},
                      {f.manifest.id + ".csv", "text/csv; charset=utf-8", ManifestCsv(f.manifest)}};
  return mail;
}

}  // namespace relais::edge
