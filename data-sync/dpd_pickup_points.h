// Adapter: DPD's pickup-point JSON to canonical relay points.
//
// Layout (per point): id, company, street, houseNo, zipCode, city, country (ISO alpha-2 or alpha-3),
// pickup_network_type ("pickup_point" -> shop, "dpd_box" -> locker), latitude, longitude,
// hours: [{day, openMorning, closeMorning, openAfternoon, closeAfternoon}] with day 1..7 (Monday first) or
// the English day name, times "HH:MM" or "HHMM", empty or null for no slot. The document is an array of
// points or an object holding one under "pickupPoints".
#ifndef RELAIS_DATA_SYNC_DPD_PICKUP_POINTS_H_
#define RELAIS_DATA_SYNC_DPD_PICKUP_POINTS_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "data-sync/adapted_point.h"

namespace relais {

AdaptedPoint ParseDpdPickupPoint(const nlohmann::json& point);

// Every point of a document, in order; `error` is set when the text is not such a document.
std::vector<AdaptedPoint> ReadDpdPickupPoints(std::string_view json_text, std::string* error);

}  // namespace relais

#endif  // RELAIS_DATA_SYNC_DPD_PICKUP_POINTS_H_
