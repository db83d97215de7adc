#include "edge/orders/shipping_labels.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "edge/documents/label_pdf.h"
#include "edge/documents/label_zpl.h"
#include "edge/model/delivery_mode.h"
#include "edge/model/json_strings.h"
#include "edge/orders/order_progress.h"
#include "wasm/engine/civil_time.h"
#include "wasm/engine/time_zone.h"

namespace relais::edge {

using nlohmann::json;

namespace {

OrderError Refusal(std::string code, std::string message, std::string field = "", json details = json::object()) {
  return {std::move(code), std::move(message), std::move(field), std::move(details)};
}

// A location or home destination ({address: [...], postcode, city, country}) as the label prints it.
LabelAddress AddressOf(const json& place, std::string name, std::string phone) {
  LabelAddress a;
  a.name = std::move(name);
  a.phone = std::move(phone);
  if (!place.is_object()) return a;
  a.lines = StringsOf(place.value("address", json::array()));
  a.postcode = place.value("postcode", "");
  a.city = place.value("city", "");
  a.country = place.value("country", "FR");
  return a;
}

// HH:MM-HH:MM, the first before the second.
bool ReadWindow(const std::string& text, std::string* from, std::string* until) {
  const auto minutes = [](std::string_view t) -> int {
    if (t.size() != 5 || t[2] != ':' || !std::isdigit(static_cast<unsigned char>(t[0])) ||
        !std::isdigit(static_cast<unsigned char>(t[1])) || !std::isdigit(static_cast<unsigned char>(t[3])) ||
        !std::isdigit(static_cast<unsigned char>(t[4]))) {
      return -1;
    }
    const int h = (t[0] - '0') * 10 + (t[1] - '0'), m = (t[3] - '0') * 10 + (t[4] - '0');
    return h < 24 && m < 60 ? h * 60 + m : -1;
  };
  if (text.size() != 11 || text[5] != '-') return false;
  const int a = minutes(std::string_view(text).substr(0, 5)), b = minutes(std::string_view(text).substr(6));
  if (a < 0 || b <= a) return false;
  *from = text.substr(0, 5);
  *until = text.substr(6);
  return true;
}

std::string ReadPickupContact(const json& p, const std::string& at, PickupContact* contact) {
  if (!p.is_object()) return at + " must be an object";
  for (const auto& [key, value] : p.items()) {
    if (key != "email" && key != "url" && key != "token_env" && key != "ready")
      return at + "." + key + " is not a setting";
  }
  if (p.contains("email") == p.contains("url")) return at + " names the carrier's email or its url, one of them";
  if (p.contains("email")) {
    contact->by = "email";
    contact->email = p["email"].get<std::string>();
    if (contact->email.find('@') == std::string::npos ||
        contact->email.find_first_of("<>\r\n ,") != std::string::npos) {
      return at + ".email must be an address like enlevement@carrier.example";
    }
  } else {
    contact->by = "http";
    contact->url = p["url"].get<std::string>();
    if (!contact->url.starts_with("http://") && !contact->url.starts_with("https://")) {
      return at + ".url must be an http:// or https:// URL";
    }
    if (p.contains("token_env")) {
      const char* token = std::getenv(p["token_env"].get<std::string>().c_str());
      contact->token = token ? token : "";
    }
  }
  if (p.contains("ready") && !ReadWindow(p["ready"].get<std::string>(), &contact->ready_from, &contact->ready_until)) {
    return at + ".ready must be HH:MM-HH:MM, the first before the second";
  }
  return "";
}

}  // namespace

namespace {

// What the store needs to give `parcels` numbers from `account`'s ranges, once, to a shipment.
LabelClaim ClaimOf(const CarrierAccount& account, const std::string& order_id, const std::string& site,
                   int64_t shipment, int64_t parcels, const Actor& actor) {
  LabelClaim claim;
  claim.order_id = order_id;
  claim.site = site;
  claim.shipment = shipment;
  claim.parcels = parcels;
  claim.carrier = account.carrier;
  claim.account = account.account;
  for (const ParcelRange& r : account.ranges) claim.blocks.push_back({SerialBlockKey(r), r.first, r.last});
  const CarrierAccount* numbering = &account;
  claim.number_of = [numbering](size_t block, uint64_t serial) {
    return ParcelNumberOf(numbering->ranges[block], serial).value_or("");
  };
  claim.actor = actor;
  return claim;
}

// The numbering scheme of the range a parcel's number came from (its block).
std::string SchemeOf(const CarrierAccount& account, const std::string& block) {
  for (const ParcelRange& r : account.ranges) {
    if (SerialBlockKey(r) == block) return r.scheme;
  }
  return account.ranges.empty() ? "" : account.ranges[0].scheme;
}

}  // namespace

std::string SiteLocalDate(const std::optional<Site>& site, int64_t now) {
  int32_t offset = 0;
  if (site) {
    if (std::optional<TimeZoneRule> zone = FindTimeZone(site->location.value("tz", "Europe/Paris"))) {
      offset = zone->OffsetAt(now);
    }
  }
  return FormatIsoDate(DayOf(now + offset));
}

std::string SerialBlockKey(const ParcelRange& r) {
  return r.scheme + "/" + r.prefix + "/" + r.country + "/" + std::to_string(r.first) + "-" + std::to_string(r.last);
}

std::string ReadShippingConfig(const json& j, const std::string& at, ShippingConfig* config) {
  if (!j.is_object()) return at + " must be an object";
  for (const auto& [key, value] : j.items()) {
    if (key != "home_carrier" && key != "accounts" && key != "printers") return at + "." + key + " is not a setting";
  }
  config->home_carrier = j.value("home_carrier", "");
  const json accounts = j.value("accounts", json::array());
  if (!accounts.is_array()) return at + ".accounts must be an array";
  for (size_t i = 0; i < accounts.size(); ++i) {
    const std::string here = at + ".accounts[" + std::to_string(i) + "]";
    const json& a = accounts[i];
    if (!a.is_object() || !a.contains("carrier") || !a["carrier"].is_string()) return here + ".carrier is required";
    CarrierAccount account;
    try {
      account.carrier = a["carrier"].get<std::string>();
      account.account = a.value("account", "");
      account.name = a.value("name", account.carrier);
      account.modes = StringsOf(a.value("modes", json::array()));
      account.low_at = a.value("low_at", uint64_t{0});
      const json ranges = a.value("ranges", json::array());
      if (!ranges.is_array() || ranges.empty()) return here + ".ranges must list at least one range";
      for (size_t k = 0; k < ranges.size(); ++k) {
        const std::string field = here + ".ranges[" + std::to_string(k) + "]";
        const json& r = ranges[k];
        if (!r.is_object()) return field + " must be an object";
        ParcelRange range{r.value("scheme", ""), r.value("prefix", ""), r.value("country", ""),
                          r.value("first", uint64_t{0}), r.value("last", uint64_t{0})};
        if (const std::string error = ValidateParcelRange(range); !error.empty()) return field + "." + error;
        account.ranges.push_back(range);
      }
      if (a.contains("pickup")) {
        if (const std::string error = ReadPickupContact(a["pickup"], here + ".pickup", &account.pickup);
            !error.empty()) {
          return error;
        }
      }
    } catch (const json::exception&) {
      return here + " has a value of the wrong type";
    }
    config->accounts.push_back(std::move(account));
  }
  const json printers = j.value("printers", json::object());
  if (!printers.is_object()) return at + ".printers must be an object of sites";
  for (const auto& [site, p] : printers.items()) {
    const std::string here = at + ".printers." + site;
    if (!p.is_object() || !p.contains("host") || !p["host"].is_string()) return here + ".host is required";
    LabelPrinter printer;
    printer.host = p["host"].get<std::string>();
    if (p.contains("port") &&
        (!p["port"].is_number_integer() || p["port"].get<int>() < 1 || p["port"].get<int>() > 65535)) {
      return here + ".port must be 1..65535";
    }
    printer.port = p.value("port", 9100);
    config->printers[site] = printer;
  }
  return "";
}

ShippingLabels::ShippingLabels(Store* store, RelaySnapshot* relays, OrderService* orders,
                               const std::vector<Workflow>* workflows, std::map<std::string, ShippingConfig> brands)
    : store_(store), relays_(relays), orders_(orders), workflows_(workflows), brands_(std::move(brands)) {}

OrderResult<ShippingLabels::Labelled> ShippingLabels::Label(const Brand& brand, const BrandSettings& settings,
                                                            const Order& order, const Request& request) {
  if (!order.children.empty()) {
    return Refusal("invalid_field", "order " + order.id + " is split: label the shipments of its child orders", "id");
  }
  if (request.shipment < 0 || request.shipment >= static_cast<int64_t>(order.delivery.size())) {
    return Refusal("not_found", "order " + order.id + " has no shipment " + std::to_string(request.shipment),
                   "shipment");
  }
  const size_t index = static_cast<size_t>(request.shipment);
  const json& delivery = order.delivery[index];
  // Its mode's kind ("route" for a merchant's mode), and where it goes.
  const std::string mode = delivery.value("route", delivery.value("mode", ""));
  const json destination = delivery.value("destination", json::object());
  const std::string site_id = delivery.value("site", "");
  const std::optional<Site> site = store_->GetSite(brand.id, site_id);

  // A parcel that left, or never will, keeps the label it has.
  const std::vector<ShipmentProgress> progress = ReadProgress(order, *workflows_);
  if (index < progress.size()) {
    const OrderStatus reached = ReachedStatus(progress[index]);
    if (order.status == OrderStatus::kCancelled || reached == OrderStatus::kCancelled) {
      return Refusal("shipment_closed", "shipment " + std::to_string(request.shipment) + " is cancelled", "shipment");
    }
    if (PassedStatus(progress[index], OrderStatus::kShipped)) {
      return Refusal("shipment_closed",
                     "shipment " + std::to_string(request.shipment) + " was handed over: it left with its label",
                     "shipment");
    }
  }

  // The account that numbers it.
  const auto config = brands_.find(brand.id);
  const bool to_point = mode == "relay" || mode == "locker";
  const std::string carrier = to_point         ? destination.value("carrier", "")
                              : mode == "home" ? (config == brands_.end() ? "" : config->second.home_carrier)
                                               : "merchant";
  const CarrierAccount* account = AccountFor(brand.id, carrier, mode);
  if (!account) {
    return Refusal("no_parcel_range",
                   carrier.empty() ? "this brand names no home_carrier: configure shipping.home_carrier"
                                   : "no " + carrier + " account with a parcel number range for " + mode +
                                         " shipments: configure one under shipping.accounts",
                   "carrier", {{"carrier", carrier}, {"mode", mode}});
  }

  const std::string today = SiteLocalDate(site, request.now);
  // The relay point as the snapshot has it on the label's day.
  std::optional<LabelRelay> relay;
  if (to_point) {
    const std::shared_ptr<const RelayDataset> dataset = relays_->Current();
    OrderService::RelayParcel parcel;
    parcel.site = site_id;
    parcel.mode = mode == "locker" ? DeliveryMode::kLocker : DeliveryMode::kRelay;
    parcel.point = {{"carrier", carrier}, {"id", destination.value("id", "")}};
    // Open on the arrival still to come; a parcel already late needs the point to exist and take parcels.
    const std::string arrival = delivery.value("latest", "");
    parcel.date = arrival >= today ? arrival : "";
    if (std::optional<OrderError> refused = orders_->RelayRefusal(brand, settings, dataset, parcel, "destination")) {
      // Only a point that cannot take parcels any more stops the label; the parcel's weight and size were
      // checked when the order was placed, and the point checks them again at drop-off.
      const std::string reason = refused->details.value("reason", "");
      if (refused->code != "too_heavy_for_relay" && reason != "too_heavy" && reason != "too_big") return *refused;
    }
    const Snapshot& snapshot = *dataset->snapshot;
    const RelayPoint point = snapshot.Record(*snapshot.Find(carrier, destination.value("id", "")));
    LabelRelay r;
    r.carrier = point.carrier;
    r.id = point.id;
    r.country = point.country;
    r.locker = point.kind == PointKind::kLocker;
    r.address = {point.name, "", point.address, point.postcode, point.city, point.country};
    relay = std::move(r);
  }

  // Numbers: the store gives each parcel its own, once.
  const LabelClaim claim = ClaimOf(*account, order.id, site_id, static_cast<int64_t>(index),
                                   std::clamp<int64_t>(delivery.value("parcels", int64_t{1}), 1, 99), request.actor);
  Labelled labelled;
  StoreResult<std::vector<ParcelLabel>> given = store_->LabelShipment(brand.id, claim, &labelled.allocated);
  if (!given.ok()) return OrderErrorOf(given.error());
  labelled.labels = std::move(given).value();

  // One layout per parcel.
  const json contact = order.contact.is_object() ? order.contact : json::object();
  const std::string recipient = destination.value("name", contact.value("name", ""));
  std::vector<LabelLayout> layouts;
  for (const ParcelLabel& l : labelled.labels) {
    LabelFacts f;
    f.carrier = account->carrier;
    f.carrier_name = account->name;
    f.mode = mode;
    f.parcel_number = l.number;
    f.scheme = SchemeOf(*account, l.block);
    f.order_ref = order.external_ref.empty() ? order.id : order.external_ref;
    f.shipment = request.shipment + 1;  // Printed for people: the first is 1.
    f.parcel_index = l.parcel + 1;
    f.parcel_count = claim.parcels;
    f.weight_g = ParcelWeight(delivery.value("weight_g", int64_t{0}), claim.parcels, l.parcel);
    f.date = today;
    f.sender = AddressOf(site ? site->location : json::object(), site ? site->name : site_id, "");
    f.recipient = AddressOf(mode == "home" ? destination : json::object(), recipient, contact.value("phone", ""));
    f.relay = relay;
    layouts.push_back(LayOutLabel(f));
  }

  std::string zpl;
  if (request.format == Format::kZpl || request.print) {
    for (const LabelLayout& layout : layouts) zpl += LabelZpl(layout, request.dpi);
  }
  if (request.format == Format::kZpl) {
    labelled.document = zpl;
    labelled.content_type = "application/vnd.zebra.zpl; charset=utf-8";
  } else {
    Result<std::string, DocumentError> pdf =
        LabelsPdf(layouts, request.format == Format::kPdfA4 ? LabelPaper::kA4FourUp : LabelPaper::kLabel);
    if (!pdf.ok()) throw std::runtime_error("label PDF: " + pdf.error().message);  // A broken install: 500.
    labelled.document = std::move(pdf).value();
    labelled.content_type = "application/pdf";
  }

  if (request.print) {
    std::vector<std::string> numbers;
    for (const ParcelLabel& l : labelled.labels) numbers.push_back(l.number);
    const auto printer = config->second.printers.find(site_id);
    if (printer == config->second.printers.end()) {
      return Refusal("no_printer", "site " + site_id + " has no label printer: download the label instead", "print",
                     {{"parcel_numbers", numbers}});
    }
    if (const std::string error = SendToPrinter(printer->second, zpl); !error.empty()) {
      return Refusal("printer_unavailable", error + " The label is kept: download it, or print it again.", "print",
                     {{"parcel_numbers", numbers}});
    }
    labelled.printer = printer->second.host + ":" + std::to_string(printer->second.port);
  }
  return labelled;
}

OrderResult<ShippingLabels::Labelled> ShippingLabels::LabelReturn(const std::string& brand, const ReturnParcel& p) {
  const CarrierAccount* account = AccountFor(brand, p.carrier, "return");
  if (!account) {
    return Refusal("no_parcel_range",
                   "no " + p.carrier + " account numbers returns: add one with \"modes\": [\"return\"] and a range",
                   "carrier");
  }
  const std::optional<Site> site = store_->GetSite(brand, p.site);
  // No site hands a return parcel to its carrier (the shopper does): never on a site's manifest (LabelsToHandOver).
  const LabelClaim claim = ClaimOf(*account, p.order_id, "@return", p.shipment, 1, p.actor);
  Labelled labelled;
  StoreResult<std::vector<ParcelLabel>> given = store_->LabelShipment(brand, claim, &labelled.allocated);
  if (!given.ok()) return OrderErrorOf(given.error());
  labelled.labels = std::move(given).value();
  LabelFacts f;
  f.carrier = account->carrier;
  f.carrier_name = account->name.empty() ? account->carrier : account->name;
  f.mode = "return";
  f.parcel_number = labelled.labels.at(0).number;
  f.scheme = SchemeOf(*account, labelled.labels[0].block);
  f.order_ref = p.order_ref;
  f.weight_g = p.weight_g;
  f.date = SiteLocalDate(site, p.now);
  f.sender = p.sender;
  f.recipient = AddressOf(site ? site->location : json::object(), site ? site->name : p.site, "");
  Result<std::string, DocumentError> pdf = LabelsPdf({LayOutLabel(f)}, LabelPaper::kLabel);
  if (!pdf.ok()) throw std::runtime_error("label PDF: " + pdf.error().message);  // A broken install: 500.
  labelled.document = std::move(pdf).value();
  labelled.content_type = "application/pdf";
  return labelled;
}

const CarrierAccount* ShippingLabels::AccountFor(const std::string& brand, const std::string& carrier,
                                                 const std::string& mode) const {
  const auto config = brands_.find(brand);
  if (config == brands_.end()) return nullptr;
  for (const CarrierAccount& a : config->second.accounts) {
    if (a.carrier == carrier && (a.modes.empty() || std::find(a.modes.begin(), a.modes.end(), mode) != a.modes.end()))
      return &a;
  }
  return nullptr;
}

std::vector<ShippingLabels::RangeUse> ShippingLabels::Ranges(const std::string& brand) const {
  std::vector<RangeUse> uses;
  const auto config = brands_.find(brand);
  if (config == brands_.end()) return uses;
  for (const CarrierAccount& a : config->second.accounts) {
    const size_t first = uses.size();
    uint64_t left = 0;
    for (const ParcelRange& r : a.ranges) {
      RangeUse u{a.carrier, a.account, a.name, r.scheme, r.prefix, r.first, r.last};
      u.given = store_->SerialsGiven(brand, SerialBlockKey(r));
      const uint64_t size = r.last >= r.first ? r.last - r.first + 1 : 0;
      u.left = size > u.given ? size - u.given : 0;
      left += u.left;
      uses.push_back(u);
    }
    for (size_t i = first; i < uses.size(); ++i) uses[i].low = left < a.low_at;
  }
  return uses;
}

std::string ShippingLabels::HomeCarrier(const std::string& brand) const {
  const auto config = brands_.find(brand);
  return config == brands_.end() ? "" : config->second.home_carrier;
}

std::string ShippingLabels::CarrierName(const std::string& brand, const std::string& carrier) const {
  if (const auto config = brands_.find(brand); config != brands_.end()) {
    for (const CarrierAccount& a : config->second.accounts) {
      if (a.carrier == carrier && !a.name.empty()) return a.name;
    }
  }
  return carrier;
}

std::optional<CarrierAccount> ShippingLabels::Account(const std::string& brand, const std::string& carrier,
                                                      const std::string& account) const {
  if (const auto config = brands_.find(brand); config != brands_.end()) {
    for (const CarrierAccount& a : config->second.accounts) {
      if (a.carrier == carrier && a.account == account) return a;
    }
  }
  return std::nullopt;
}

}  // namespace relais::edge
