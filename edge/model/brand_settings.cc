#include "edge/model/brand_settings.h"

#include <algorithm>

#include "edge/api_error.h"
#include "edge/json_fields.h"
#include "wasm/engine/sales_forecast_json.h"

namespace relais::edge {

namespace {

constexpr int64_t kHeaviestRelayParcelG = 1'000'000;  // A tonne: beyond it the figure is a typo.
constexpr size_t kMaxCarriers = 64;
constexpr size_t kMaxZones = 1000;
constexpr size_t kMaxExtensions = 64;  // Sites that extend one site.

// The relay record's carrier slug, [a-z0-9-]{1,32}.
bool IsCarrierSlug(const std::string& s) {
  return !s.empty() && s.size() <= 32 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

ForecastSettings ReadForecastSettings(const nlohmann::json& j, const std::string& at) {
  if (!j.is_object()) throw BadField(at, "forecast is an object: {holidays, own_holidays, launch_share}");
  RejectUnknownFields(j, {"holidays", "own_holidays", "launch_share"}, at + ".");
  ForecastSettings f;
  if (j.contains("holidays")) {
    if (j["holidays"] != "fr" && j["holidays"] != "none") {
      throw BadField(at + ".holidays", "holidays is \"fr\" (the French retail holidays) or \"none\"");
    }
    f.french_holidays = j["holidays"] == "fr";
  }
  if (j.contains("own_holidays")) {
    HolidaysRead read = ReadHolidaysJson(j["own_holidays"], at + ".own_holidays");
    if (!read.error.empty()) throw BadField(read.field, read.field.substr(at.size() + 1) + ": " + read.error);
    f.holidays = std::move(read.holidays);
  }
  if (j.contains("launch_share")) f.launch_share = RequiredNumber(j, "launch_share", 0, 1, at + ".");
  return f;
}

}  // namespace

BrandSettings ReadBrandSettings(const nlohmann::json& j, const std::string& prefix) {
  if (!j.is_object())
    throw BadField(prefix.empty() ? "settings" : prefix.substr(0, prefix.size() - 1), "settings are an object");
  RejectUnknownFields(
      j, {"relay_enabled", "carriers", "max_weight_g", "zones", "shipment_penalty_cents", "extended_sites", "forecast"},
      prefix);
  BrandSettings s;
  if (j.contains("relay_enabled")) {
    if (!j["relay_enabled"].is_boolean()) throw BadField(prefix + "relay_enabled", "relay_enabled is true or false");
    s.relay_enabled = j["relay_enabled"];
  }
  if (j.contains("carriers")) {
    const nlohmann::json& carriers = j["carriers"];
    if (!carriers.is_array() || carriers.size() > kMaxCarriers) {
      throw BadField(prefix + "carriers", "carriers is an array of at most 64 carrier slugs");
    }
    for (size_t i = 0; i < carriers.size(); ++i) {
      if (!carriers[i].is_string() || !IsCarrierSlug(carriers[i])) {
        throw BadField(prefix + "carriers[" + std::to_string(i) + "]",
                       "a carrier is its relay-record slug, [a-z0-9-]{1,32} (mondial-relay, inpost...)");
      }
      s.carriers.push_back(carriers[i]);
    }
    std::sort(s.carriers.begin(), s.carriers.end());
    s.carriers.erase(std::unique(s.carriers.begin(), s.carriers.end()), s.carriers.end());
  }
  s.max_weight_g = OptionalInt(j, "max_weight_g", 0, kHeaviestRelayParcelG, prefix).value_or(0);
  s.shipment_penalty_cents = OptionalInt(j, "shipment_penalty_cents", 0, 100'000, prefix).value_or(0);
  if (j.contains("zones")) {
    const nlohmann::json& zones = j["zones"];
    if (!zones.is_object() || zones.size() > kMaxZones) {
      throw BadField(prefix + "zones", "zones is an object: zone id -> {\"name\": ...}");
    }
    for (const auto& [id, zone] : zones.items()) {
      const std::string at = prefix + "zones." + id;
      if (!IsValidId(id)) throw BadField(at, "a zone id is 1-64 of [A-Za-z0-9._-]");
      if (!zone.is_object()) throw BadField(at, "a zone is an object: {\"name\": ...}");
      RejectUnknownFields(zone, {"name"}, at + ".");
      s.zones[id] = {OptionalText(zone, "name", 200, at + ".").value_or(id)};
    }
  }
  if (j.contains("extended_sites")) {
    const nlohmann::json& extended = j["extended_sites"];
    if (!extended.is_object() || extended.size() > kMaxZones) {
      throw BadField(prefix + "extended_sites", "extended_sites is an object: site id -> [site ids that extend it]");
    }
    for (const auto& [site, members] : extended.items()) {
      const std::string at = prefix + "extended_sites." + site;
      if (!IsValidId(site)) throw BadField(at, "a site id is 1-64 of [A-Za-z0-9._-]");
      if (!members.is_array() || members.size() > kMaxExtensions) {
        throw BadField(at, "an extended site is an array of at most 64 site ids");
      }
      std::vector<std::string>& ids = s.extended_sites[site];
      for (size_t i = 0; i < members.size(); ++i) {
        if (!members[i].is_string() || !IsValidId(members[i].get<std::string>()) || members[i] == site) {
          throw BadField(at + "[" + std::to_string(i) + "]", "another site's id, 1-64 of [A-Za-z0-9._-]");
        }
        ids.push_back(members[i]);
      }
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    }
  }
  if (j.contains("forecast")) s.forecast = ReadForecastSettings(j["forecast"], prefix + "forecast");
  return s;
}

nlohmann::json BrandSettingsJson(const BrandSettings& s) {
  nlohmann::json zones = nlohmann::json::object();
  for (const auto& [id, zone] : s.zones) zones[id] = {{"name", zone.name}};
  return {{"relay_enabled", s.relay_enabled},
          {"carriers", s.carriers},
          {"max_weight_g", s.max_weight_g},
          {"zones", zones},
          {"shipment_penalty_cents", s.shipment_penalty_cents},
          {"extended_sites", s.extended_sites},
          {"forecast",
           {{"holidays", s.forecast.french_holidays ? "fr" : "none"},
            {"own_holidays", HolidaysJson(s.forecast.holidays)},
            {"launch_share", s.forecast.launch_share}}}};
}

}  // namespace relais::edge
