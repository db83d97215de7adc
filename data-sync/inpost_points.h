// Adapter: InPost's points, from either of its two public points APIs, to canonical relay points.
//
// Input: one page of an answer, a bare array of items, or several pages one per line (what the paged
// fetcher stores). The two APIs may be mixed; each item is read by its own layout: an item with `id` and
// no `name` is the location API's, anything else the points API's.
//
// 1. The points API (ShipX, `GET https://api-global-points.easypack24.net/v1/points`, also served by the
//    per-country hosts api-pl-points..., snake_case; recorded answers in tests/fixtures/carriers/inpost).
//    Page: {href, count, page, per_page, total_pages, items[], meta{the same five}}; an error is
//    {status, key?, error}. Per item, what we read (other keys are ignored):
//      name                  the point's id ("KRA265M", "POP-KRA372", "UK00005560").
//      type[]                what the point is: "parcel_locker" a machine; "pop"/"pok" a counter in a shop
//                            (point of pick-up / of service); "parcel_locker_superpop", "pudo_mini",
//                            "refrigerated_locker_machine" qualify those. Several at once are usual:
//                            ["pok","pop","pudo_mini"], ["parcel_locker","parcel_locker_superpop","pok","pop"].
//      status                "Operating", "Overloaded" (full today), "Created" (not live yet, often at 0/0),
//                            "Disabled", "NonOperating"; absent in the location API.
//      location              {longitude, latitude} in degrees (longitude first; numbers).
//      country               ISO alpha-2; absent from the older per-country hosts (then `default_country`).
//      address               {line1, line2}: InPost's own "street number/flat" and "postcode city".
//      address_details       {city, province, post_code, street, building_number, flat_number}, any null;
//                            GB writes free text in building_number ("InPost Locker - West 12 ...").
//      location_description, location_description_1, location_description_2
//                            where to find the point, or (FR/DE/IT) the shop's name; any null.
//      location_247          bool: open around the clock.
//      operating_hours_extended.customer
//                            null (every 24/7 point), or {monday..sunday: [{start, end}, ...]} in minutes
//                            after midnight: several slots a day (07:00-13:30 16:00-20:30), [] for a closed
//                            day, a midnight close written 1440 or 1439, an unused slot {0, 0}.
//      functions[]           what the point does: "parcel_collect", "parcel_send",
//                            "parcel_reverse_return_send", "allegro_courier_reverse_return_send", ...
//      payment_available     bool: a parcel can be paid for at the point (true on lockers whose only means
//                            is the InPost app, see payment_type).
//      payment_type          {"<code>": text}: "0" none, "1" cash, "2" card in the machine, "3" cash and card.
//      easy_access_zone      bool: the locker has the low, reachable compartments.
//      supported_locker_temperatures  null or [4] (a refrigerated locker).
//      unavailability_periods null, [] or [{start_time, end_time}] as UTC instants
//                            ("2026-02-16T23:00:00Z" .. "2026-02-17T22:59:00Z").
//    `opening_hours` (free text in one dialect per country: "PN-PT 08-22 SB 10-22", "MON|07:00-23:59|-;",
//    "L/Ma/Me/J/V 8-14 16:30-20:30") is not read: operating_hours_extended says the same, structured.
//
// 2. The location API (`GET https://api.inpost-group.com/location/v1/points`, camelCase). Page:
//    {count, page, perPage, totalPages, items[]}. Per item: id ("GB_12345", kept as published), type
//    "APM" (a machine) or "PUDO" (a shop), country, coordinates {latitude, longitude}, location247,
//    address {country, administrativeArea, city, postalCode, street, buildingNumber},
//    description/description2/description3 {content, translations}, operatingHours.customer
//    {monday..sunday: [{start: "HH:MM", end: "HH:MM"}]}, guaranteedLockerTemperatures (null or not).
//    Only the envelope and the first keys of an item are shown in InPost's docs; the rest comes from a
//    third party's model, so every key may be missing or null, hours may be minutes as in ShipX, and a
//    `status`, if one appears, is read as in ShipX. `capabilities` (element shape unknown) is not read.
//    No status in an item: active -- a locker out of service shows as active (ShipX says NonOperating). The
//    two APIs name one locker differently (KRA265M, PL_KRA265M): a network is read from one of them, never
//    both, or each locker would be two points.
//
// What we make of it, and why:
//   id        name (ShipX) or id (location API), as published: it is what a label is addressed to.
//   kind      a shop when the type names a counter (pop, pok, PUDO), else a locker when it names a machine
//             (parcel_locker, APM); anything else is rejected. A "superpop" lists both: it is a shop
//             (name "POP-...", a shop's hours, no physical_type) where locker parcels can be collected,
//             so the customer meets a counter with opening hours -- rule shop_with_locker.
//   name      "InPost <id>": InPost publishes no point name, and that is how its app and labels say it.
//   address   the street line (street, building_number, /flat_number; line1 when no street), then each
//             description as published, blanks trimmed, empty and repeated ones skipped.
//   country   the item's country, else the address's (location API), else `default_country`.
//   hours     location_247 true: always open, whatever the days say (the days of a 24/7 point are
//             null in ShipX; when they are filled in and say otherwise, rule location_247_over_hours).
//             Else the days through CarrierWeek (carrier_week.h): 1439 -> midnight_edges, a week of
//             whole days -> round_the_clock; a slot past 1440 or unreadable rejects the point. No days
//             at all (customer null, not 24/7): hours unknown.
//   closures  each unavailability period, from the local date of its start to the local date of its
//             end, in the point's zone (a period that starts mid-day closes that whole date: better no
//             parcel than one sent to a shut point).
//   active    Operating and Overloaded (a full locker still hands parcels out); Created, Disabled and
//             NonOperating are kept inactive; any other value is inactive too -- rule unknown_status,
//             so that a new value shows in the sync report. No status at all: active. A Created item at
//             0/0 (a locker being installed) is skipped, neither point nor bad record: rule not_yet_placed.
//   services  returns when a function ends in "_reverse_return_send" (InPost has no other returns flag,
//             and each of its brands has its own such function); card when payment_type is "2" or "3";
//             cod when payment_available (paying for the parcel at the point); accessible when
//             easy_access_zone; refrigerated when the type has refrigerated_locker_machine or locker
//             temperatures are listed.
#ifndef RELAIS_DATA_SYNC_INPOST_POINTS_H_
#define RELAIS_DATA_SYNC_INPOST_POINTS_H_

#include <string>
#include <string_view>
#include <vector>

#include "data-sync/adapted_point.h"

namespace relais {

// Every item of the text, in order; `error` is set (and nothing returned) when the text is not such a
// document: not JSON, no items, or an error answer.
std::vector<AdaptedPoint> ReadInPostPoints(std::string_view json_text, std::string_view default_country,
                                           std::string* error);

}  // namespace relais

#endif  // RELAIS_DATA_SYNC_INPOST_POINTS_H_
