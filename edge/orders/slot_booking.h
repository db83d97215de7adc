// Collection slots as the server books them: a site's service (click & collect, drive, pedestrian pick-up)
// whose capability carries "slots" takes orders for a time, not just a day --
//
//   "drive": { "cost_cents": 0, "lead_time_hours": 2,
//              "slots": { "minutes": 30, "capacity": 6, "cutoff_minutes": 120,
//                         "hours": { "mon": [["10:00","12:30"], ["14:00","19:00"]], ... } } }
//
// `hours` are the service's own (the record's format, docs/relay-record.md; or "always": true), the site's
// when absent; the site's closures and time zone apply to both. Booking a slot closes `cutoff_minutes`
// before it starts, or earlier when the service's lead_time_hours need longer (the rule's cutoff_minutes is
// the longer of the two). A service whose hours hold no slot is refused when the site is put. The slots themselves are
// the engine's rule (wasm/engine/service_slots.h), the same the browser shows; what a slot already holds is counted by
// the store, inside the order's transaction (store.h's SlotBooking).
//
// A line collected at such a service must name its slot (date + "HH:MM" or "HH:MM-HH:MM"); a slot that is
// full or whose cut-off has passed is refused (slot_unavailable, 409) with the next free ones.
#ifndef RELAIS_EDGE_ORDERS_SLOT_BOOKING_H_
#define RELAIS_EDGE_ORDERS_SLOT_BOOKING_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "edge/model/catalogue.h"
#include "edge/model/delivery_mode.h"
#include "edge/orders/order_error.h"
#include "edge/store/store.h"
#include "wasm/engine/relay_point.h"
#include "wasm/engine/service_slots.h"

namespace relais::edge {

// The service a collected mode books slots of: click_collect (and reserve_transfer, collected at the
// counter), drive, pedestrian; "" for modes that are not collected.
std::string SlotServiceName(DeliveryMode mode);

struct SlotService {
  std::string site;
  std::string service;
  SlotRule rule;
  RelayPoint hours;  // Its hours, closures and zone.

  std::vector<ServiceSlot> SlotsOf(DayNumber day) const;
};

// The slot service of `service` at `site`: nullopt when the site takes no slots for it (*error empty), or
// when its "slots" cannot be read (*error says what, naming the field under "capabilities.<service>.slots").
std::optional<SlotService> SlotServiceOf(const Site& site, const std::string& service, std::string* error);

// The slots of the `days` local dates from `first` with their figures at instant `now`:
// [{date, slot, start, capacity, booked, free, bookable}] (bookable: free and before the cut-off).
nlohmann::json SlotsJson(Store& store, const std::string& brand, const SlotService& service, DayNumber first, int days,
                         UnixSeconds now);

// Up to `limit` bookable slots from local date `from` on (two weeks ahead at most), as SlotsJson's.
nlohmann::json NextFreeSlots(Store& store, const std::string& brand, const SlotService& service, DayNumber from,
                             UnixSeconds now, int limit = 5);

// The slot `text` ("HH:MM" or "HH:MM-HH:MM") of `date` at the service, bookable at `now` as far as its hours
// and cut-off tell (its capacity is the store's to check): the slot, or why not, naming `field` --
// invalid_field (not a time or a date), slot_unavailable (no such slot, or its cut-off passed: with
// next_free).
OrderResult<ServiceSlot> CheckSlot(Store& store, const std::string& brand, const SlotService& service,
                                   const std::string& date, const std::string& text, UnixSeconds now,
                                   const std::string& field);

// The slot `text` of `line` (its date and mode) collected at `pickup`, checked as CheckSlot does: *label set
// to the slot's "HH:MM-HH:MM". A service with slots needs one (`text` "" : slot_required); a service
// without refuses one (no_slots). nullopt when the line may be booked; `at` prefixes the fields named.
std::optional<OrderError> LineSlotRefusal(Store& store, const std::string& brand, const Site& pickup, DeliveryMode mode,
                                          const std::string& date, const std::string& text, UnixSeconds now,
                                          const std::string& at, std::string* label);

// Each delivery entry of `order` collected by lines with a slot (or, with `every_date`, with a date) takes
// their day as its arrival (earliest, latest) and their slot ("slot", removed when they have none): what the
// tracking page and the notifications say.
void StampCollections(Order* order, bool every_date);

// A slot a shopper chose before ordering (a basket's choices.<mode>_slot: date and start) at `pickup`: the
// day the service is open, the slot one of its own, before its cut-off and not full now -- what the order
// will check again. nullopt when it may be booked; else the refusal naming `field`.
std::optional<OrderError> ChosenSlotRefusal(Store& store, const std::string& brand, const Site& pickup,
                                            DeliveryMode mode, const std::string& date, const std::string& start,
                                            UnixSeconds now, const std::string& field);

// The bookings from local date `today` on of `service` at `after`'s site whose slot `after`
// no longer has -- a new length, new hours, slots removed -- as [{date, slot, booked}]: what a change of the
// site's slots would strand (the orders holding them would name slots that do not exist, and the new slots
// would count none of them).
nlohmann::json StrandedBookings(Store& store, const std::string& brand, const Site& after, const std::string& service,
                                DayNumber today);

// A store's kSlotFull refusal of `booking` as the API's answer: slot_unavailable naming `field`, with the
// next free slots.
OrderError SlotFull(Store& store, const std::string& brand, const SlotService& service, const SlotBooking& booking,
                    UnixSeconds now, const std::string& field);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_SLOT_BOOKING_H_
