// Adapter: InPost's points API (ShipX /v1/points) to canonical relay points.
//
// Layout: a page {"items": [...], "page", "total_pages", ...}, an array of items, or several pages one per
// line (what a paged download stores). Per item: name (the point's id), type[] ("parcel_locker" -> locker,
// "pop" -> shop), status ("Operating" and "Overloaded" -> active, anything else inactive), location
// {latitude, longitude}, location_247 (open 24/7), operating_hours_extended.customer.{monday..sunday}:
// [{start, end}] in minutes after midnight, address_details {street, building_number, flat_number,
// post_code, city}, location_description (shown as a second address line), functions[]
// ("parcel_reverse_return_send" -> returns), payment_available (card), easy_access_zone (accessible),
// country (ISO alpha-2; absent in Poland's API, hence `default_country`).
#ifndef RELAIS_DATA_SYNC_INPOST_POINTS_H_
#define RELAIS_DATA_SYNC_INPOST_POINTS_H_

#include <string>
#include <string_view>
#include <vector>

#include "data-sync/adapted_point.h"

namespace relais {

// Every item of the document, in order; `error` is set when the text is not such a document.
std::vector<AdaptedPoint> ReadInPostPoints(std::string_view json_text, std::string_view default_country,
                                           std::string* error);

}  // namespace relais

#endif  // RELAIS_DATA_SYNC_INPOST_POINTS_H_
