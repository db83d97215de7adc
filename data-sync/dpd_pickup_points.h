// Adapter: DPD's pickup-point API (pickup.dpd.cz getAll?country=<ISO numeric>, the list DPD publishes for
// every country of its network) to canonical relay points.
//
// Layout, as the API answers (tests/fixtures/carriers/dpd/SOURCE.md has the recorded samples):
//   {"status": "ok", "code": 200, "count": N, "hash": "...", "data": {"items": [...]}}, or the items array
//   alone (what stored dumps keep). A status other than "ok" is an error quoting it; a count that is not the
//   number of items is a truncated answer, refused whole.
//   Per item: id ("NL10008"), company (cut at 35 characters by DPD), street, house_number ("95 A", may be
//   ""), postcode, city, country_id (ISO 3166 numeric: 528, 56, 380...), latitude, longitude (numbers),
//   pickup_network_type ("pickup_point" -> shop, "dpd_box" -> locker), flags as 0/1 integers:
//   pickup_allowed (0: parcels cannot be collected there -> kept, inactive), return_allowed (returns),
//   cardpayment_allowed (card), cod_allowed (cod); the dropoff_* flags (two of them new in 2026) are read by
//   nobody. hours: seven {day 1..7 Monday first, dayName (in Czech), openMorning, closeMorning,
//   openAfternoon, closeAfternoon} with "HH:MM" or "" for no slot; a single period of the day is in the
//   Morning fields whatever its time. No hours array: unknown hours.
// The address line is "number street" in France and Monaco, "street number" elsewhere, as each country
// writes it.
// Rules (carrier_week.h): lockers open around the clock publish 00:00-23:59 or 00:01-23:59 every day
// (round_the_clock); some days list 08:30-18:00 then 13:00-18:00 (overlapping_slots), or 10:00-23:59 then
// 00:00-01:00 (after_midnight). Adapter rule: pickup_not_allowed.
#ifndef RELAIS_DATA_SYNC_DPD_PICKUP_POINTS_H_
#define RELAIS_DATA_SYNC_DPD_PICKUP_POINTS_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "data-sync/adapted_point.h"

namespace relais {

AdaptedPoint ParseDpdPickupPoint(const nlohmann::json& point);

// Every point of a document, in order; `error` is set (and nothing returned) when the text is not such a
// document.
std::vector<AdaptedPoint> ReadDpdPickupPoints(std::string_view json_text, std::string* error);

}  // namespace relais

#endif  // RELAIS_DATA_SYNC_DPD_PICKUP_POINTS_H_
