#include "edge/orders/collection_day.h"

#include "edge/model/site_location.h"
#include "edge/orders/slot_booking.h"
#include "wasm/engine/opening_hours.h"

namespace relais::edge {

std::optional<OrderError> CollectionDayRefusal(const Site& site, DeliveryMode mode, const std::string& date,
                                               DayNumber today, const std::string& field) {
  const std::optional<DayNumber> day = ParseIsoDate(date);
  if (!day) return OrderError{"invalid_field", "date is YYYY-MM-DD", field};
  if (*day < today) return OrderError{"invalid_field", "date is in the past", field};
  std::string unreadable;
  if (const std::optional<SlotService> service = SlotServiceOf(site, SlotServiceName(mode), &unreadable)) {
    const OpeningHours hours(service->hours.hours, service->hours.closures, service->hours.zone);
    if (!hours.IsOpenOnLocalDate(*day)) {
      return OrderError{"site_closed", site.id + "'s " + service->service + " is closed on " + date, field};
    }
    return std::nullopt;
  }
  const RecordParse where = ParseSiteLocation(site.location, site.id, site.name, site.kind);
  if (where.point) {
    const OpeningHours hours(where.point->hours, where.point->closures, where.point->zone);
    if (hours.known() && !hours.IsOpenOnLocalDate(*day)) {
      return OrderError{"site_closed", "site " + site.id + " is closed on " + date, field};
    }
  }
  return std::nullopt;
}

}  // namespace relais::edge
