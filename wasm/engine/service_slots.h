// Time slots of a collection service -- a drive, a click & collect counter, a pedestrian pick-up point: the
// service's own hours (which may differ from the shop's) cut into slots of one length, each bookable until
// a cut-off before it starts, by at most `capacity` orders. The browser shows them and the server books
// them by this one rule; how many a slot already holds is the server's to count.
//
// Slots are cut from the start of each interval of a day's hours; a slot that would not end inside its
// interval is not offered (a 09:00-12:30 morning in hours gives 09:00, 10:00 and 11:00). An interval running
// past midnight (20:00-02:00) gives its slots after midnight to the next date (01:00-02:00 is Tuesday's when
// Monday runs late), as opening hours do (opening_hours.h): none on a closed date, nor from a closed
// evening. A service open 24/7 is cut from midnight; one without known hours has none.
#ifndef RELAIS_ENGINE_SERVICE_SLOTS_H_
#define RELAIS_ENGINE_SERVICE_SLOTS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wasm/engine/civil_time.h"
#include "wasm/engine/opening_hours.h"
#include "wasm/engine/time_zone.h"

namespace relais {

struct SlotRule {
  int32_t minutes = 60;        // Length of a slot (kMinSlotMinutes..kMaxSlotMinutes).
  int32_t capacity = 1;        // Orders one slot takes (>= 1).
  int32_t cutoff_minutes = 0;  // Booking closes this long before the slot starts.
};
inline constexpr int32_t kMinSlotMinutes = 5, kMaxSlotMinutes = 720;

struct ServiceSlot {
  DayNumber day = 0;       // Local date.
  int32_t start_min = 0;   // Local wall clock, minutes from the day's midnight.
  int32_t end_min = 0;     // May pass 1440 (an interval running past midnight).
  UnixSeconds start = 0;   // The instant it starts.
  UnixSeconds cutoff = 0;  // The last instant it may be booked (start - cut-off).
  bool operator==(const ServiceSlot&) const = default;
};

// "HH:MM-HH:MM", as orders record and the API writes a slot (an end past midnight wraps: "23:00-00:00").
std::string SlotLabel(const ServiceSlot& slot);

// "HH:MM" or "HH:MM-HH:MM" read as a slot's start minute (and end minute, or -1 when only the start came);
// nullopt when it is neither.
struct SlotTimes {
  int32_t start_min = 0;
  int32_t end_min = -1;
};
std::optional<SlotTimes> ParseSlotTimes(std::string_view text);

// The slots of local date `day` under the service's hours, in time order.
std::vector<ServiceSlot> SlotsOfDay(const WeeklySchedule& hours, std::span<const ClosurePeriod> closures,
                                    TimeZoneRule zone, DayNumber day, const SlotRule& rule);

// The slot of `day` starting at `start_min` (and ending at `end_min` unless it is -1), nullopt when the
// service has none there.
std::optional<ServiceSlot> FindSlot(const WeeklySchedule& hours, std::span<const ClosurePeriod> closures,
                                    TimeZoneRule zone, DayNumber day, const SlotRule& rule, SlotTimes times);

}  // namespace relais

#endif  // RELAIS_ENGINE_SERVICE_SLOTS_H_
