// A carrier's week of opening hours as it publishes them, turned into the record's schedule by rules
// that say what the carrier means rather than what it wrote (docs/relay-record.md, "Carriers' hours").
//
// Carriers write their hours for forms with a morning and an afternoon box, and for clocks that stop at
// 23:59. Read literally, a locker open around the clock closes for a minute every night and a shop open
// without a break closes at noon for no time at all. The rules, each named as the sync report counts it:
//
//   joined_slots       a slot that starts where the previous one ends extends it (09:00-12:00 12:00-19:00
//                      is 09:00-19:00);
//   overlapping_slots  slots that overlap are their union (08:30-18:00 13:00-18:00 is 08:30-18:00): a day
//                      cannot be open twice at once, and the union is what every reading agrees on;
//   midnight_edges     an opening at 00:01 opens at midnight, a closing at 23:59 closes at midnight: no
//                      point closes for the last minute of the day;
//   after_midnight     a slot that starts at 00:00 listed after a slot that ends at midnight is that
//                      evening going on (10:00-23:59 00:00-01:00 is 10:00-01:00 the next day), not the
//                      early morning;
//   round_the_clock    a week whose seven days are each open from midnight to midnight is open 24/7
//                      ("always"), so that it has no next closing.
// A slot of 00:00-00:00 is no slot (carriers fill the unused box with it); it is not counted.
#ifndef RELAIS_DATA_SYNC_CARRIER_WEEK_H_
#define RELAIS_DATA_SYNC_CARRIER_WEEK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "wasm/engine/opening_hours.h"

namespace relais {

class CarrierWeek {
 public:
  // One slot as published, in minutes from midnight; the carrier's order within a day matters (see
  // after_midnight). A close at or before the open runs past midnight; a close of 00:00 or 24:00 is
  // midnight.
  void AddSlot(int weekday, int open_min, int close_min);

  // The schedule under the rules above, or an error naming the day when a day still cannot be one (more
  // than 4 slots once joined). The names of the rules that changed something are added to `rules` once
  // each.
  std::string Build(WeeklySchedule* hours, std::vector<std::string>* rules) const;

 private:
  struct Slot {
    int open_min;
    int close_min;
  };
  std::vector<Slot> days_[7];
};

// The services the record derives from hours (docs/relay-record.md): late when some day's opening ends after
// 19:00 (or the point never closes), sunday when it opens on Sundays. Carriers publish the hours, not these
// flags; a shopper's "open late" or "open on Sunday" filter needs them.
uint16_t ServicesFromHours(const WeeklySchedule& hours);

// Adds `rule` to `rules` unless it is there already.
void NoteRule(const char* rule, std::vector<std::string>* rules);

}  // namespace relais

#endif  // RELAIS_DATA_SYNC_CARRIER_WEEK_H_
