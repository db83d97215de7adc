// The closure a relay point announces at an instant -- "closed for holidays from 21 to 31 December" -- as
// one rule for every place that shows it: relais-edge's answers ("closure_notice", edge/http/relay_json.h)
// and the widget's list (through the WebAssembly bindings, relais_api.js's closureNotice), so a shopper
// reads the same notice in the browser as the server gives.
//
// The rule, on the point's own local day (its time zone's date at the instant):
//   - a closure is announced when it is not over (its last day is today or later) and it starts within
//     kClosureNoticeDays days (its first day is at most today + kClosureNoticeDays);
//   - of those, the one that starts first (on a tie, the one that ends last); none otherwise;
//   - it is in force when it has started (its first day is today or earlier).
// A closure further ahead is still in the record's closures (docs/relay-record.md); it is just not news yet.
#ifndef RELAIS_ENGINE_CLOSURE_NOTICE_H_
#define RELAIS_ENGINE_CLOSURE_NOTICE_H_

#include <cstdint>
#include <optional>
#include <span>

#include "wasm/engine/civil_time.h"
#include "wasm/engine/opening_hours.h"
#include "wasm/engine/snapshot.h"

namespace relais {

// How far ahead a coming closure is announced, in days.
constexpr int kClosureNoticeDays = 30;

struct ClosureNotice {
  DayNumber first_day;  // Local dates, inclusive.
  DayNumber last_day;
  bool in_force;
  bool operator==(const ClosureNotice&) const = default;
};

// The notice among `closures` on the local date `today`.
std::optional<ClosureNotice> ClosureNoticeOn(std::span<const ClosurePeriod> closures, DayNumber today);

// The notice of `snapshot`'s point `point` at the instant `at`, judged on the point's wall clock.
std::optional<ClosureNotice> ClosureNoticeAt(const Snapshot& snapshot, uint32_t point, UnixSeconds at);

}  // namespace relais

#endif  // RELAIS_ENGINE_CLOSURE_NOTICE_H_
