#include "wasm/engine/split_json.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace relais {

namespace {

using nlohmann::json;

// Strict field readers that never throw (the WebAssembly build has no exceptions): each returns false and
// sets *error naming the field.
class Reader {
 public:
  explicit Reader(std::string* error) : error_(error) {}

  bool Fail(const std::string& field, const std::string& what) {
    if (error_->empty()) *error_ = field + ": " + what;
    return false;
  }
  bool Int(const json& o, const char* key, const std::string& at, int64_t lo, int64_t hi, int64_t* out,
           bool required = false) {
    const auto it = o.find(key);
    if (it == o.end()) return !required || Fail(at + key, "required");
    if (!it->is_number_integer()) return Fail(at + key, "must be an integer");
    const int64_t v = it->get<int64_t>();
    if (v < lo || v > hi) return Fail(at + key, "must be " + std::to_string(lo) + ".." + std::to_string(hi));
    *out = v;
    return true;
  }
  template <typename T>
  bool Small(const json& o, const char* key, const std::string& at, int64_t lo, int64_t hi, T* out) {
    int64_t v = *out;
    if (!Int(o, key, at, lo, hi, &v)) return false;
    *out = static_cast<T>(v);
    return true;
  }
  bool Number(const json& o, const char* key, const std::string& at, double lo, double hi, double* out) {
    const auto it = o.find(key);
    if (it == o.end()) return Fail(at + key, "required");
    if (!it->is_number() || !std::isfinite(it->get<double>())) return Fail(at + key, "must be a number");
    *out = it->get<double>();
    if (*out < lo || *out > hi) return Fail(at + key, "out of range");
    return true;
  }
  bool Text(const json& o, const char* key, const std::string& at, std::string* out, bool required = false) {
    const auto it = o.find(key);
    if (it == o.end()) return !required || Fail(at + key, "required");
    if (!it->is_string() || it->get_ref<const std::string&>().size() > 200) return Fail(at + key, "must be text");
    *out = it->get<std::string>();
    return true;
  }
  bool Bool(const json& o, const char* key, const std::string& at, bool* out) {
    const auto it = o.find(key);
    if (it == o.end()) return true;
    if (!it->is_boolean()) return Fail(at + key, "must be true or false");
    *out = it->get<bool>();
    return true;
  }
  bool Days(const json& o, const char* key, const std::string& at, DayMask* out) {
    const auto it = o.find(key);
    if (it == o.end()) return true;
    if (!it->is_string()) return Fail(at + key, "must be a string of 0 and 1, one per day from today");
    const std::string& s = it->get_ref<const std::string&>();
    DayMask mask = 0;
    for (size_t d = 0; d < s.size(); ++d) {
      if (s[d] != '0' && s[d] != '1') return Fail(at + key, "must be a string of 0 and 1");
      if (s[d] == '1' && d < kSplitHorizonDays) mask |= DayMask{1} << d;
    }
    *out = mask;
    return true;
  }
  bool Dims(const json& o, const char* key, const std::string& at, std::array<uint16_t, 3>* out) {
    const auto it = o.find(key);
    if (it == o.end()) return true;
    if (!it->is_array() || it->size() != 3) return Fail(at + key, "must be [length, width, height] in cm");
    for (size_t d = 0; d < 3; ++d) {
      const json& v = (*it)[d];
      if (!v.is_number_integer() || v.get<int64_t>() < 0 || v.get<int64_t>() > 10000) {
        return Fail(at + key, "must be 3 whole centimetres");
      }
      (*out)[d] = static_cast<uint16_t>(v.get<int64_t>());
    }
    return true;
  }

 private:
  std::string* error_;
};

bool ReadOffer(Reader& r, const json& o, const std::string& at, ModeOffer* offer) {
  if (!o.is_object()) return r.Fail(at.substr(0, at.size() - 1), "must be an object");
  offer->enabled = true;
  return r.Bool(o, "enabled", at, &offer->enabled) && r.Int(o, "cost_cents", at, 0, 100'000'000, &offer->cost_cents) &&
         r.Int(o, "per_kg_cents", at, 0, 1'000'000, &offer->per_kg_cents) &&
         r.Int(o, "per_km_cents", at, 0, 1'000'000, &offer->per_km_cents) &&
         r.Small(o, "lead_time_hours", at, 0, 24 * 90, &offer->lead_time_hours) &&
         r.Small(o, "transit_days", at, 0, 60, &offer->transit_days) &&
         r.Small(o, "window_days", at, 0, 60, &offer->window_days) && r.Bool(o, "cold_chain", at, &offer->cold_chain);
}

bool ReadPoint(Reader& r, const json& o, const std::string& at, const Snapshot* snapshot, DayNumber today,
               SplitPoint* point) {
  if (!o.is_object()) return r.Fail(at.substr(0, at.size() - 1), "must be an object");
  if (!r.Text(o, "carrier", at, &point->carrier, true) || !r.Text(o, "id", at, &point->id, true)) return false;
  if (!o.contains("lat") && snapshot) {  // Known by its key: the snapshot has the rest.
    const std::optional<uint32_t> i = snapshot->Find(point->carrier, point->id);
    if (!i) return r.Fail(at + "id", "no such point in the snapshot");
    *point = SplitPointOf(*snapshot, *i, today);
    return true;
  }
  int64_t max_weight = 0;
  return r.Number(o, "lat", at, -90, 90, &point->lat) && r.Number(o, "lon", at, -180, 180, &point->lon) &&
         r.Int(o, "max_weight_g", at, 0, 10'000'000, &max_weight) &&
         (point->max_weight_g = static_cast<uint32_t>(max_weight), true) &&
         r.Dims(o, "max_dims_cm", at, &point->max_dims_cm) && r.Days(o, "open_days", at, &point->open_days);
}

int SiteIndex(const SplitInput& in, const std::string& id) {
  for (size_t s = 0; s < in.sites.size(); ++s) {
    if (in.sites[s].id == id) return static_cast<int>(s);
  }
  return -1;
}

// The site named by o[key] ("" or absent: *out unchanged).
bool ReadSiteField(Reader& r, const json& o, const char* key, const std::string& at, const SplitInput& in, int* out) {
  std::string id;
  if (!r.Text(o, key, at, &id)) return false;
  if (id.empty()) return true;
  *out = SiteIndex(in, id);
  return *out >= 0 || r.Fail(at + key, "no site " + id);
}

// choices.<mode>_slot: {"date": "YYYY-MM-DD", "start": "HH:MM"}, the slot booked at that mode's site.
bool ReadSlot(Reader& r, const json& choices, const char* key, std::optional<CollectSlot>* out) {
  const auto it = choices.find(key);
  if (it == choices.end() || it->is_null()) return true;
  const std::string at = std::string("choices.") + key + ".";
  if (!it->is_object()) return r.Fail(at.substr(0, at.size() - 1), "{date, start}");
  std::string date, start;
  if (!r.Text(*it, "date", at, &date, true) || !r.Text(*it, "start", at, &start, true)) return false;
  const std::optional<DayNumber> day = ParseIsoDate(date);
  if (!day) return r.Fail(at + "date", "must be YYYY-MM-DD");
  const std::optional<int> minute = ParseHhMm(start);
  if (!minute || *minute >= 1440) return r.Fail(at + "start", "must be HH:MM");
  *out = CollectSlot{*day, *minute};
  return true;
}

// The shopper's side of an input, replacing what *in had: "choices" (allowed modes and destinations) and
// "preference".
bool ReadChoices(Reader& r, const json& j, const Snapshot* snapshot, SplitInput* in) {
  const SplitInput defaults;
  in->allowed_modes = defaults.allowed_modes;
  in->allowed_merchant_modes = defaults.allowed_merchant_modes;
  in->home.reset();
  in->relay.reset();
  in->locker.reset();
  in->collect_site = in->purchase_site;
  in->drive_site = in->pedestrian_site = -1;
  std::string preference = "cheapest";
  if (!r.Text(j, "preference", "", &preference)) return false;
  if (preference != "cheapest" && preference != "fastest") return r.Fail("preference", "cheapest or fastest");
  in->fastest_first = preference == "fastest";
  const auto found = j.find("choices");
  if (found == j.end()) return true;
  const json& choices = *found;
  if (!choices.is_object()) return r.Fail("choices", "an object");
  if (const auto it = choices.find("modes"); it != choices.end()) {
    if (!it->is_array()) return r.Fail("choices.modes", "an array of modes");
    in->allowed_modes = 0;
    in->allowed_merchant_modes = 0;
    for (const json& m : *it) {
      SplitMode kind = SplitMode::kHome;
      int merchant = -1;
      if (!m.is_string() || !ParseModeName(*in, m.get<std::string>(), &kind, &merchant)) {
        return r.Fail("choices.modes", "unknown mode " + m.dump());
      }
      if (merchant >= 0) {
        in->allowed_merchant_modes |= 1u << merchant;
      } else {
        in->allowed_modes |= 1u << static_cast<int>(kind);
      }
    }
  }
  if (const auto it = choices.find("home"); it != choices.end()) {
    double lat = 0, lon = 0;
    if (!it->is_object()) return r.Fail("choices.home", "{lat, lon}");
    if (!r.Number(*it, "lat", "choices.home.", -90, 90, &lat) ||
        !r.Number(*it, "lon", "choices.home.", -180, 180, &lon)) {
      return false;
    }
    in->home = {{lat, lon}};
    // Which home (home_address.h): without it the basket joins no shipment already going home.
    if (!r.Text(*it, "address_key", "choices.home.", &in->home_address_key, false)) return false;
  }
  for (const char* key : {"relay", "locker"}) {
    if (const auto it = choices.find(key); it != choices.end()) {
      SplitPoint point;
      if (!ReadPoint(r, *it, std::string("choices.") + key + ".", snapshot, in->today, &point)) return false;
      (std::string_view(key) == "relay" ? in->relay : in->locker) = point;
    }
  }
  if (choices.contains("collect_site")) in->collect_site = -1;  // "" : no collection.
  in->collect_slot.reset();
  in->drive_slot.reset();
  in->pedestrian_slot.reset();
  return ReadSiteField(r, choices, "collect_site", "choices.", *in, &in->collect_site) &&
         ReadSiteField(r, choices, "drive_site", "choices.", *in, &in->drive_site) &&
         ReadSiteField(r, choices, "pedestrian_site", "choices.", *in, &in->pedestrian_site) &&
         ReadSlot(r, choices, "collect_slot", &in->collect_slot) &&
         ReadSlot(r, choices, "drive_slot", &in->drive_slot) &&
         ReadSlot(r, choices, "pedestrian_slot", &in->pedestrian_slot);
}

// "open_shipments": [{id, site, via?, mode, destination: {site} | {carrier, id} | {home: true, address_key?},
// weight_g, latest}]: the shopper's open shipments the basket may join.
bool ReadOpenShipments(Reader& r, const json& j, SplitInput* in) {
  const auto found = j.find("open_shipments");
  if (found == j.end()) return true;
  if (!found->is_array() || found->size() > 100) return r.Fail("open_shipments", "an array of at most 100");
  for (size_t e = 0; e < found->size(); ++e) {
    const json& o = (*found)[e];
    const std::string at = "open_shipments[" + std::to_string(e) + "].";
    if (!o.is_object()) return r.Fail(at.substr(0, at.size() - 1), "an object");
    OpenShipment open;
    std::string mode, latest;
    if (!r.Text(o, "id", at, &open.id, true) || !r.Text(o, "mode", at, &mode, true) ||
        !ReadSiteField(r, o, "site", at, *in, &open.route.source) ||
        !ReadSiteField(r, o, "via", at, *in, &open.route.via) ||
        !r.Int(o, "weight_g", at, 0, 100'000'000, &open.weight_g, true) || !r.Text(o, "latest", at, &latest, true)) {
      return false;
    }
    if (!o.contains("site")) return r.Fail(at + "site", "required");
    SplitMode kind = SplitMode::kHome;
    if (!ParseModeName(*in, mode, &kind, &open.route.merchant_mode)) return r.Fail(at + "mode", "unknown mode " + mode);
    open.route.mode = kind;
    const std::optional<SplitMode> m = kind;
    const std::optional<DayNumber> day = ParseIsoDate(latest);
    if (!day) return r.Fail(at + "latest", "must be YYYY-MM-DD");
    open.promised_latest = *day;
    const json destination = o.value("destination", json::object());
    if (!destination.is_object()) return r.Fail(at + "destination", "an object");
    if (*m == SplitMode::kRelay || *m == SplitMode::kLocker) {
      if (!r.Text(destination, "carrier", at + "destination.", &open.point_carrier, true) ||
          !r.Text(destination, "id", at + "destination.", &open.point_id, true)) {
        return false;
      }
    } else if (*m == SplitMode::kHome) {
      if (!r.Text(destination, "address_key", at + "destination.", &open.home_address_key, false)) return false;
    } else {
      if (!ReadSiteField(r, destination, "site", at + "destination.", *in, &open.route.destination_site)) return false;
      if (open.route.destination_site < 0) return r.Fail(at + "destination.site", "required");
    }
    in->open_shipments.push_back(std::move(open));
  }
  return true;
}

json DayJson(DayNumber day) { return FormatIsoDate(day); }

int64_t Cents(int64_t millicents) { return (millicents + 999) / 1000; }

}  // namespace

std::string ParseSplitInput(std::string_view text, const Snapshot* snapshot, SplitInput* in) {
  *in = SplitInput();
  std::string error;
  Reader r(&error);
  const json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return "the split input is not a JSON object";
  std::string today;
  if (!r.Text(j, "today", "", &today, true)) return error;
  const std::optional<DayNumber> day = ParseIsoDate(today);
  if (!day) return "today: must be YYYY-MM-DD";
  in->today = *day;
  if (!r.Small(j, "now_hour", "", 0, 23, &in->now_hour)) return error;
  if (!r.Int(j, "shipment_penalty_cents", "", 0, 100'000'00, &in->shipment_penalty_cents)) return error;

  // Modes the merchant added, each on a route kind: sites offer them and lines impose them by name.
  const json merchant_modes = j.value("merchant_modes", json::array());
  if (!merchant_modes.is_array() || merchant_modes.size() > kMaxMerchantModes) {
    return "merchant_modes: an array of at most " + std::to_string(kMaxMerchantModes) + " {name, route}";
  }
  for (size_t m = 0; m < merchant_modes.size(); ++m) {
    const std::string at = "merchant_modes[" + std::to_string(m) + "].";
    MerchantMode mode;
    std::string route;
    if (!merchant_modes[m].is_object() || !r.Text(merchant_modes[m], "name", at, &mode.name, true) ||
        !r.Text(merchant_modes[m], "route", at, &route, true)) {
      return error.empty() ? at + ": {name, route}" : error;
    }
    const std::optional<SplitMode> kind = ParseSplitMode(route);
    if (!kind || *kind == SplitMode::kReserve)
      return at + "route: home, relay, locker, click_collect, drive or pedestrian";
    SplitMode ignored;
    int ignored_index;
    if (mode.name.empty() || ParseModeName(*in, mode.name, &ignored, &ignored_index)) {
      return at + "name: " + mode.name + " is taken";
    }
    mode.kind = *kind;
    in->merchant_modes.push_back(std::move(mode));
  }

  const json sites = j.value("sites", json::array());
  if (!sites.is_array() || sites.empty()) return "sites: a non-empty array";
  for (size_t s = 0; s < sites.size(); ++s) {
    const std::string at = "sites[" + std::to_string(s) + "].";
    const json& o = sites[s];
    if (!o.is_object()) return at + ": must be an object";
    SplitSite site;
    if (!r.Text(o, "id", at, &site.id, true) || !r.Text(o, "zone", at, &site.zone) ||
        !r.Bool(o, "extended", at, &site.extended) || !r.Number(o, "lat", at, -90, 90, &site.lat) ||
        !r.Number(o, "lon", at, -180, 180, &site.lon) ||
        !r.Int(o, "preparation_cents", at, 0, 100'000'00, &site.preparation_cents) ||
        !r.Days(o, "open_days", at, &site.open_days)) {
      return error;
    }
    if (SiteIndex(*in, site.id) >= 0) return at + "id: " + site.id + " twice";
    const json modes = o.value("modes", json::object());
    if (!modes.is_object()) return at + "modes: an object of offers by mode";
    for (const auto& [name, offer] : modes.items()) {
      SplitMode mode = SplitMode::kHome;
      int merchant = -1;
      if (!ParseModeName(*in, name, &mode, &merchant)) return at + "modes." + name + ": unknown mode";
      if (merchant >= 0) site.merchant_offers.resize(in->merchant_modes.size());
      ModeOffer* read = merchant >= 0 ? &site.merchant_offers[merchant] : &site.modes[static_cast<int>(mode)];
      if (!ReadOffer(r, offer, at + "modes." + name + ".", read)) return error;
    }
    if (o.contains("transfer") && !ReadOffer(r, o["transfer"], at + "transfer.", &site.transfer)) return error;
    in->sites.push_back(std::move(site));
  }
  if (!ReadSiteField(r, j, "purchase_site", "", *in, &in->purchase_site)) return error;

  const json basket = j.value("basket", json::array());
  if (!basket.is_array() || basket.empty()) return "basket: a non-empty array of lines";
  const json stock = j.value("stock", json::object());
  if (!stock.is_object()) return "stock: an object, sku -> {site id: units}";
  for (size_t l = 0; l < basket.size(); ++l) {
    const std::string at = "basket[" + std::to_string(l) + "].";
    const json& o = basket[l];
    if (!o.is_object()) return at + ": must be an object";
    SplitLine line;
    std::string temperature = "ambient", mode;
    if (!r.Text(o, "sku", at, &line.sku, true) || !r.Int(o, "quantity", at, 1, 1'000'000, &line.quantity, true) ||
        !r.Int(o, "weight_g", at, 0, 10'000'000, &line.unit_weight_g) ||
        !r.Dims(o, "dims_cm", at, &line.unit_dims_cm) || !r.Text(o, "temperature", at, &temperature) ||
        !r.Text(o, "mode", at, &mode)) {
      return error;
    }
    const std::optional<Temperature> parsed = ParseTemperature(temperature);
    if (!parsed) return at + "temperature: ambient, chilled or frozen";
    line.temperature = *parsed;
    if (!mode.empty()) {
      SplitMode kind = SplitMode::kHome;
      if (!ParseModeName(*in, mode, &kind, &line.merchant_mode)) return at + "mode: unknown mode " + mode;
      line.mode = kind;
    }
    line.stock.assign(in->sites.size(), 0);
    if (const auto it = stock.find(line.sku); it != stock.end()) {
      if (!it->is_object()) return "stock." + line.sku + ": an object, site id -> units";
      for (const auto& [site, units] : it->items()) {
        const int s = SiteIndex(*in, site);
        if (s < 0) return "stock." + line.sku + "." + site + ": no such site";
        if (!units.is_number_integer() || units.get<int64_t>() < 0) {
          return "stock." + line.sku + "." + site + ": units are a whole number";
        }
        line.stock[s] = units.get<int64_t>();
      }
    }
    in->lines.push_back(std::move(line));
  }

  if (!ReadChoices(r, j, snapshot, in)) return error;
  return ReadOpenShipments(r, j, in) ? "" : error;
}

std::string UpdateSplitInput(std::string_view text, const Snapshot* snapshot, SplitInput* in) {
  return UpdateSplitInputFromJson(json::parse(text.begin(), text.end(), nullptr, false), snapshot, in);
}

namespace {

// The basket line of `sku`, or null: what an update names.
SplitLine* LineOf(SplitInput* in, const std::string& sku) {
  const auto line = std::find_if(in->lines.begin(), in->lines.end(), [&](const SplitLine& l) { return l.sku == sku; });
  return line == in->lines.end() ? nullptr : &*line;
}

}  // namespace

std::string UpdateSplitInputFromJson(const json& j, const Snapshot* snapshot, SplitInput* in) {
  std::string error;
  Reader r(&error);
  if (j.is_discarded() || !j.is_object()) return "the update is not a JSON object";
  SplitInput updated = *in;  // Nothing changes unless all of it is right.
  if (const auto it = j.find("quantities"); it != j.end()) {
    if (!it->is_object()) return "quantities: an object, sku -> units (0 drops the line)";
    for (const auto& item : it->items()) {
      const std::string& sku = item.key();
      const json& units = item.value();
      SplitLine* line = LineOf(&updated, sku);
      if (!line) return "quantities." + sku + ": not in the basket";
      if (!units.is_number_integer() || units.get<int64_t>() < 0 || units.get<int64_t>() > 1'000'000) {
        return "quantities." + sku + ": must be 0..1000000";
      }
      line->quantity = units.get<int64_t>();
    }
    std::erase_if(updated.lines, [](const SplitLine& l) { return l.quantity == 0; });
  }
  if (const auto it = j.find("line_modes"); it != j.end()) {
    if (!it->is_object()) return "line_modes: an object, sku -> mode (\"\" or null: any mode)";
    for (const auto& item : it->items()) {
      SplitLine* line = LineOf(&updated, item.key());
      if (!line) return "line_modes." + item.key() + ": not in the basket";
      if (item.value().is_null() || item.value() == "") {
        line->mode.reset();
        line->merchant_mode = -1;
        continue;
      }
      SplitMode kind = SplitMode::kHome;
      if (!item.value().is_string() ||
          !ParseModeName(updated, item.value().get<std::string>(), &kind, &line->merchant_mode)) {
        return "line_modes." + item.key() + ": unknown mode";
      }
      line->mode = kind;
    }
  }
  if (!ReadChoices(r, j, snapshot, &updated)) return error;
  *in = std::move(updated);
  return "";
}

namespace {

json OfferJson(const ModeOffer& o) {
  json j = {{"cost_cents", o.cost_cents},     {"per_kg_cents", o.per_kg_cents},
            {"per_km_cents", o.per_km_cents}, {"lead_time_hours", o.lead_time_hours},
            {"transit_days", o.transit_days}, {"window_days", o.window_days},
            {"cold_chain", o.cold_chain}};
  if (!o.enabled) j["enabled"] = false;
  return j;
}

json DaysJson(DayMask mask) {
  std::string days(kSplitHorizonDays, '0');
  for (int d = 0; d < kSplitHorizonDays; ++d) days[d] = (mask >> d & 1) ? '1' : '0';
  return days;
}

json PointJsonOf(const SplitPoint& p) {
  return {{"carrier", p.carrier},
          {"id", p.id},
          {"lat", p.lat},
          {"lon", p.lon},
          {"max_weight_g", p.max_weight_g},
          {"max_dims_cm", p.max_dims_cm},
          {"open_days", DaysJson(p.open_days)}};
}

}  // namespace

std::string SplitInputJson(const SplitInput& in) { return SplitInputToJson(in).dump(); }

std::string SplitPlanJson(const SplitInput& in, const SplitPlan& plan) { return SplitPlanToJson(in, plan).dump(); }

std::string ReadModeOffer(const json& j, const std::string& at, ModeOffer* offer) {
  std::string error;
  Reader r(&error);
  return ReadOffer(r, j, at, offer) ? "" : error;
}

json SplitInputToJson(const SplitInput& in) {
  json sites = json::array();
  for (const SplitSite& s : in.sites) {
    json modes = json::object();
    for (int m = 0; m < kSplitModeCount; ++m) {
      const ModeOffer& o = s.modes[m];
      if (o.enabled) modes[std::string(SplitModeName(static_cast<SplitMode>(m)))] = OfferJson(o);
    }
    for (size_t m = 0; m < s.merchant_offers.size() && m < in.merchant_modes.size(); ++m) {
      if (s.merchant_offers[m].enabled) modes[in.merchant_modes[m].name] = OfferJson(s.merchant_offers[m]);
    }
    json site = {{"id", s.id},
                 {"zone", s.zone},
                 {"extended", s.extended},
                 {"lat", s.lat},
                 {"lon", s.lon},
                 {"preparation_cents", s.preparation_cents},
                 {"modes", modes},
                 {"transfer", OfferJson(s.transfer)},
                 {"open_days", DaysJson(s.open_days)}};
    sites.push_back(site);
  }
  json basket = json::array();
  json stock = json::object();
  for (const SplitLine& l : in.lines) {
    json line = {{"sku", l.sku},
                 {"quantity", l.quantity},
                 {"weight_g", l.unit_weight_g},
                 {"dims_cm", l.unit_dims_cm},
                 {"temperature", std::string(TemperatureName(l.temperature))}};
    if (l.mode) line["mode"] = ModeNameOf(in, *l.mode, l.merchant_mode);
    basket.push_back(line);
    json units = json::object();
    for (size_t s = 0; s < l.stock.size() && s < in.sites.size(); ++s) {
      if (l.stock[s]) units[in.sites[s].id] = l.stock[s];
    }
    stock[l.sku] = units;
  }
  json modes = json::array();
  for (int m = 0; m < kSplitModeCount; ++m) {
    if (in.allowed_modes >> m & 1) modes.push_back(std::string(SplitModeName(static_cast<SplitMode>(m))));
  }
  json merchant_modes = json::array();
  for (size_t m = 0; m < in.merchant_modes.size(); ++m) {
    if (in.allowed_merchant_modes >> m & 1) modes.push_back(in.merchant_modes[m].name);
    merchant_modes.push_back(
        {{"name", in.merchant_modes[m].name}, {"route", SplitModeName(in.merchant_modes[m].kind)}});
  }
  json choices = {{"modes", modes}};
  if (in.home) {
    choices["home"] = {{"lat", in.home->first}, {"lon", in.home->second}};
    if (!in.home_address_key.empty()) choices["home"]["address_key"] = in.home_address_key;
  }
  if (in.relay) choices["relay"] = PointJsonOf(*in.relay);
  if (in.locker) choices["locker"] = PointJsonOf(*in.locker);
  const auto site_id = [&](int i) { return i >= 0 ? in.sites[i].id : std::string(); };
  choices["collect_site"] = site_id(in.collect_site);
  if (in.drive_site >= 0) choices["drive_site"] = site_id(in.drive_site);
  if (in.pedestrian_site >= 0) choices["pedestrian_site"] = site_id(in.pedestrian_site);
  for (const auto& [key, slot] : {std::pair{"collect_slot", &in.collect_slot}, std::pair{"drive_slot", &in.drive_slot},
                                  std::pair{"pedestrian_slot", &in.pedestrian_slot}}) {
    if (*slot) choices[key] = {{"date", FormatIsoDate((*slot)->day)}, {"start", FormatHhMm((*slot)->start_min)}};
  }
  json j = {{"today", FormatIsoDate(in.today)},
            {"now_hour", in.now_hour},
            {"sites", sites},
            {"basket", basket},
            {"stock", stock},
            {"choices", choices},
            {"preference", in.fastest_first ? "fastest" : "cheapest"},
            {"shipment_penalty_cents", in.shipment_penalty_cents}};
  if (in.purchase_site >= 0) j["purchase_site"] = site_id(in.purchase_site);
  if (!in.merchant_modes.empty()) j["merchant_modes"] = merchant_modes;
  if (!in.open_shipments.empty()) {
    json open_shipments = json::array();
    for (const OpenShipment& o : in.open_shipments) {
      json destination = json{{"home", true}};
      if (o.route.mode == SplitMode::kHome && !o.home_address_key.empty()) {
        destination["address_key"] = o.home_address_key;
      } else if (o.route.mode == SplitMode::kRelay || o.route.mode == SplitMode::kLocker) {
        destination = {{"carrier", o.point_carrier}, {"id", o.point_id}};
      } else if (o.route.destination_site >= 0) {
        destination = {{"site", site_id(o.route.destination_site)}};
      }
      json open = {{"id", o.id},
                   {"site", site_id(o.route.source)},
                   {"mode", ModeNameOf(in, o.route.mode, o.route.merchant_mode)},
                   {"destination", destination},
                   {"weight_g", o.weight_g},
                   {"latest", FormatIsoDate(o.promised_latest)}};
      if (o.route.via >= 0) open["via"] = site_id(o.route.via);
      open_shipments.push_back(open);
    }
    j["open_shipments"] = open_shipments;
  }
  return j;
}

json SplitPlanToJson(const SplitInput& in, const SplitPlan& plan) {
  if (!plan.error.empty()) return json{{"error", plan.error}};
  json shipments = json::array();
  int64_t total_cents = 0;
  for (const Shipment& s : plan.shipments) {
    json lines = json::array();
    for (const ShipmentLine& l : s.lines) lines.push_back({{"sku", in.lines[l.line].sku}, {"quantity", l.quantity}});
    json destination;
    if (s.mode == SplitMode::kHome) {
      destination = {{"home", true}};
    } else if (s.mode == SplitMode::kRelay || s.mode == SplitMode::kLocker) {
      const SplitPoint& p = s.mode == SplitMode::kRelay ? *in.relay : *in.locker;
      destination = {{"carrier", p.carrier}, {"id", p.id}};
    } else {
      destination = {{"site", in.sites[s.destination_site].id}};
    }
    json shipment = {{"site", in.sites[s.source].id},
                     {"mode", ModeNameOf(in, s.mode, s.merchant_mode)},
                     {"destination", destination},
                     {"lines", lines},
                     {"weight_g", s.weight_g},
                     {"parcels", s.parcels},
                     {"cost_cents", Cents(s.cost_millicents)},
                     {"earliest", DayJson(s.earliest)},
                     {"latest", DayJson(s.latest)}};
    if (s.via >= 0) shipment["via"] = in.sites[s.via].id;
    if (s.merchant_mode >= 0) shipment["route"] = std::string(SplitModeName(s.mode));  // The kind it is planned as.
    if (s.joins >= 0) shipment["joins"] = in.open_shipments[s.joins].id;
    total_cents += Cents(s.cost_millicents);
    shipments.push_back(shipment);
  }
  json unserved = json::array();
  for (const UnservedLine& u : plan.unserved) {
    json alternatives = json::array();
    for (const auto& [mode, site] : u.alternatives) {
      alternatives.push_back({{"mode", std::string(SplitModeName(mode))}, {"site", in.sites[site].id}});
    }
    unserved.push_back({{"sku", in.lines[u.line].sku},
                        {"quantity", u.quantity},
                        {"reason", u.reason},
                        {"alternatives", alternatives}});
  }
  json totals = {{"cost_cents", total_cents},
                 {"objective_cents", Cents(plan.objective_millicents)},
                 {"shipments", plan.shipments.size()}};
  if (!plan.shipments.empty()) totals["latest_arrival"] = DayJson(plan.latest_arrival);
  return json{{"shipments", shipments}, {"unserved", unserved}, {"totals", totals}, {"exact", plan.exact}};
}

}  // namespace relais
