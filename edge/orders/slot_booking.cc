#include "edge/orders/slot_booking.h"

#include <algorithm>
#include <map>

#include "edge/model/site_location.h"
#include "edge/orders/collection_day.h"

namespace relais::edge {

using nlohmann::json;

namespace {

// An integer field of "slots" within [lo, hi]; `fallback` when absent and not required.
bool ReadInt(const json& slots, const char* key, int64_t lo, int64_t hi, bool required, int32_t fallback,
             const std::string& at, int32_t* out, std::string* error) {
  const auto it = slots.find(key);
  if (it == slots.end()) {
    if (required) *error = at + key + " is required";
    *out = fallback;
    return !required;
  }
  if (!it->is_number_integer() || it->get<int64_t>() < lo || it->get<int64_t>() > hi) {
    *error = at + key + " must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
    return false;
  }
  *out = static_cast<int32_t>(it->get<int64_t>());
  return true;
}

std::string SlotKey(const std::string& date, const std::string& slot) { return date + " " + slot; }

}  // namespace

std::string SlotServiceName(DeliveryMode mode) {
  switch (mode) {
    case DeliveryMode::kClickCollect:
    case DeliveryMode::kReserveTransfer:
      return "click_collect";
    case DeliveryMode::kDrive:
      return "drive";
    case DeliveryMode::kPedestrian:
      return "pedestrian";
    default:
      return "";
  }
}

std::vector<ServiceSlot> SlotService::SlotsOf(DayNumber day) const {
  return SlotsOfDay(hours.hours, hours.closures, hours.zone, day, rule);
}

std::optional<SlotService> SlotServiceOf(const Site& site, const std::string& service, std::string* error) {
  error->clear();
  const json capability = site.capabilities.value(service, json::object());
  if (!capability.is_object() || !capability.contains("slots")) return std::nullopt;
  const json& slots = capability["slots"];
  const std::string at = "capabilities." + service + ".slots.";
  if (!slots.is_object()) {
    *error = at.substr(0, at.size() - 1) + " must be an object {minutes, capacity, cutoff_minutes, hours | always}";
    return std::nullopt;
  }
  for (const auto& [key, value] : slots.items()) {
    if (key != "minutes" && key != "capacity" && key != "cutoff_minutes" && key != "hours" && key != "always") {
      *error = at + key + " is not a field of slots (minutes, capacity, cutoff_minutes, hours, always)";
      return std::nullopt;
    }
  }
  SlotService out;
  out.site = site.id;
  out.service = service;
  if (!ReadInt(slots, "minutes", kMinSlotMinutes, kMaxSlotMinutes, true, 0, at, &out.rule.minutes, error) ||
      !ReadInt(slots, "capacity", 1, 10'000, true, 0, at, &out.rule.capacity, error) ||
      !ReadInt(slots, "cutoff_minutes", 0, 14 * 1440, false, 0, at, &out.rule.cutoff_minutes, error)) {
    return std::nullopt;
  }
  // The service's hours read as the site's are (the record's rules), with the site's zone and closures.
  json location = site.location;
  if (slots.contains("hours") || slots.contains("always")) {
    location.erase("hours");
    location.erase("always");
    if (slots.contains("hours")) location["hours"] = slots["hours"];
    if (slots.contains("always")) location["always"] = slots["always"];
  }
  const RecordParse parsed = ParseSiteLocation(location, site.id, site.name, site.kind);
  if (!parsed.point) {
    *error = at + "hours: " + parsed.error;
    return std::nullopt;
  }
  if (parsed.point->hours.kind == ScheduleKind::kUnknown) {
    *error = at + "hours: a service with slots needs hours (its own, or the site's location.hours)";
    return std::nullopt;
  }
  // A service whose hours hold no slot at all would take no order ever: refused rather than kept silent.
  const WeeklySchedule& week = parsed.point->hours;
  bool any_interval = week.kind == ScheduleKind::kAlwaysOpen, any_slot = any_interval;
  for (int day = 0; day < 7 && !any_slot; ++day) {
    for (const TimeInterval& interval : week.Day(day)) {
      any_interval = true;
      any_slot = any_slot || interval.close_min - interval.open_min >= out.rule.minutes;
    }
  }
  if (!any_interval) {
    *error = at + "hours: the service's hours (or the site's) have no opening interval to cut slots from";
    return std::nullopt;
  }
  if (!any_slot) {
    *error = at + "minutes: no interval of the service's hours is " + std::to_string(out.rule.minutes) +
             " minutes long: it would never have a slot";
    return std::nullopt;
  }
  // Booking closes at the cut-off, or earlier when the service needs longer to have the goods ready.
  const int64_t lead_minutes = capability.value("lead_time_hours", int64_t{0}) * 60;
  out.rule.cutoff_minutes = static_cast<int32_t>(std::max<int64_t>(out.rule.cutoff_minutes, lead_minutes));
  out.hours = *parsed.point;
  return out;
}

json SlotsJson(Store& store, const std::string& brand, const SlotService& service, DayNumber first, int days,
               UnixSeconds now) {
  std::map<std::string, int64_t> booked;
  for (const SlotLoad& load :
       store.SlotLoads(brand, service.site, service.service, FormatIsoDate(first), FormatIsoDate(first + days - 1))) {
    booked[SlotKey(load.date, load.slot)] = load.booked;
  }
  json out = json::array();
  for (DayNumber day = first; day < first + days; ++day) {
    const std::string date = FormatIsoDate(day);
    for (const ServiceSlot& slot : service.SlotsOf(day)) {
      const std::string label = SlotLabel(slot);
      const auto held = booked.find(SlotKey(date, label));
      const int64_t taken = held == booked.end() ? 0 : held->second;
      const int64_t free = std::max<int64_t>(0, service.rule.capacity - taken);
      out.push_back({{"date", date},
                     {"slot", label},
                     {"start", FormatHhMm(slot.start_min)},
                     {"capacity", service.rule.capacity},
                     {"booked", taken},
                     {"free", free},
                     {"bookable", free > 0 && now <= slot.cutoff}});
    }
  }
  return out;
}

json NextFreeSlots(Store& store, const std::string& brand, const SlotService& service, DayNumber from, UnixSeconds now,
                   int limit) {
  json out = json::array();
  for (const json& slot : SlotsJson(store, brand, service, std::max(from, DayOf(now) - 1), 15, now)) {
    if (!slot["bookable"].get<bool>()) continue;
    out.push_back({{"date", slot["date"]}, {"slot", slot["slot"]}, {"free", slot["free"]}});
    if (static_cast<int>(out.size()) == limit) break;
  }
  return out;
}

OrderResult<ServiceSlot> CheckSlot(Store& store, const std::string& brand, const SlotService& service,
                                   const std::string& date, const std::string& text, UnixSeconds now,
                                   const std::string& field) {
  const std::optional<DayNumber> day = ParseIsoDate(date);
  if (!day) return OrderError{"invalid_field", "a slot needs its date, YYYY-MM-DD", field};
  const std::optional<SlotTimes> times = ParseSlotTimes(text);
  if (!times) return OrderError{"invalid_field", "slot is \"HH:MM\" or \"HH:MM-HH:MM\"", field};
  const std::optional<ServiceSlot> slot =
      FindSlot(service.hours.hours, service.hours.closures, service.hours.zone, *day, service.rule, *times);
  // The next free slots are read only for a refusal: a booking that holds costs no two-week scan.
  const auto next = [&] { return NextFreeSlots(store, brand, service, *day, now); };
  if (!slot) {
    return OrderError{"slot_unavailable",
                      service.service + " at " + service.site + " has no slot " + text + " on " + date,
                      field,
                      {{"reason", "no_such_slot"}, {"next_free", next()}}};
  }
  if (now > slot->cutoff) {
    return OrderError{"slot_unavailable",
                      "slot " + date + " " + SlotLabel(*slot) + " of " + service.service + " at " + service.site +
                          " closed to orders at its cut-off",
                      field,
                      {{"reason", "cut_off"}, {"next_free", next()}}};
  }
  return *slot;
}

std::optional<OrderError> LineSlotRefusal(Store& store, const std::string& brand, const Site& pickup, DeliveryMode mode,
                                          const std::string& date, const std::string& text, UnixSeconds now,
                                          const std::string& at, std::string* label) {
  label->clear();
  const std::string name = SlotServiceName(mode);
  std::string error;
  const std::optional<SlotService> service = name.empty() ? std::nullopt : SlotServiceOf(pickup, name, &error);
  if (!service) {
    if (text.empty()) return std::nullopt;
    return OrderError{
        "no_slots",
        "site " + pickup.id + " takes " + (name.empty() ? "this mode" : name) + " orders by the day, without slots",
        at + "slot"};
  }
  if (text.empty()) {
    return OrderError{
        "slot_required",
        name + " at " + pickup.id + " is booked by slot: name one of its free slots",
        at + "slot",
        {{"next_free", NextFreeSlots(store, brand, *service, ParseIsoDate(date).value_or(DayOf(now)), now)}}};
  }
  OrderResult<ServiceSlot> slot = CheckSlot(store, brand, *service, date, text, now, at + "slot");
  if (!slot.ok()) return slot.error();
  *label = SlotLabel(*slot);
  return std::nullopt;
}

void StampCollections(Order* order, bool every_date) {
  for (const OrderLine& l : order->lines) {
    if (!IsCollected(l.mode) || l.date.empty() || (l.slot.empty() && !every_date)) continue;
    for (json& d : order->delivery) {
      const std::optional<DeliveryMode> mode = DeliveryKindOf(d);
      if (!mode || !IsCollected(*mode) || d.value("site", "") != l.site ||
          d.value("destination", json::object()).value("site", l.site) != l.destination.value("site", l.site)) {
        continue;
      }
      d["earliest"] = l.date;
      d["latest"] = l.date;
      if (l.slot.empty()) {
        d.erase("slot");
      } else {
        d["slot"] = l.slot;
      }
    }
  }
}

std::optional<OrderError> ChosenSlotRefusal(Store& store, const std::string& brand, const Site& pickup,
                                            DeliveryMode mode, const std::string& date, const std::string& start,
                                            UnixSeconds now, const std::string& field) {
  if (std::optional<OrderError> closed = CollectionDayRefusal(pickup, mode, date, DayOf(now), field)) return closed;
  std::string label;
  if (std::optional<OrderError> refused = LineSlotRefusal(store, brand, pickup, mode, date, start, now, "", &label)) {
    refused->field = field;
    return refused;
  }
  std::string error;
  const SlotService service = *SlotServiceOf(pickup, SlotServiceName(mode), &error);
  for (const SlotLoad& load : store.SlotLoads(brand, pickup.id, service.service, date, date)) {
    if (load.slot == label && load.booked >= service.rule.capacity) {
      return SlotFull(store, brand, service, {"", pickup.id, service.service, date, label, service.rule.capacity}, now,
                      field);
    }
  }
  return std::nullopt;
}

json StrandedBookings(Store& store, const std::string& brand, const Site& after, const std::string& service,
                      DayNumber today) {
  std::string error;
  const std::optional<SlotService> now = SlotServiceOf(after, service, &error);
  json stranded = json::array();
  for (const SlotLoad& load : store.SlotLoads(brand, after.id, service, FormatIsoDate(today), "9999-12-31")) {
    const std::optional<DayNumber> day = ParseIsoDate(load.date);
    const std::optional<SlotTimes> times = ParseSlotTimes(load.slot);
    if (now && day && times &&
        FindSlot(now->hours.hours, now->hours.closures, now->hours.zone, *day, now->rule, *times)) {
      continue;
    }
    stranded.push_back({{"date", load.date}, {"slot", load.slot}, {"booked", load.booked}});
  }
  return stranded;
}

OrderError SlotFull(Store& store, const std::string& brand, const SlotService& service, const SlotBooking& booking,
                    UnixSeconds now, const std::string& field) {
  const DayNumber day = ParseIsoDate(booking.date).value_or(DayOf(now));
  return OrderError{
      "slot_unavailable",
      "slot " + booking.date + " " + booking.slot + " of " + booking.service + " at " + booking.site + " is full",
      field,
      {{"reason", "full"}, {"next_free", NextFreeSlots(store, brand, service, day, now)}}};
}

}  // namespace relais::edge
