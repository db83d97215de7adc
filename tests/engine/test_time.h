// Helpers shared by the engine tests: readable instants.
#ifndef RELAIS_TESTS_ENGINE_TEST_TIME_H_
#define RELAIS_TESTS_ENGINE_TEST_TIME_H_

#include "wasm/engine/civil_time.h"
#include "wasm/engine/time_zone.h"

namespace relais::testing {

// An instant given as a UTC civil time.
inline UnixSeconds Utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) {
  return static_cast<int64_t>(DaysFromCivil(y, mo, d)) * kSecondsPerDay + h * 3600 + mi * 60 + s;
}

// The instant at which the wall clock of `zone` first shows the given local time (the earlier of two in a
// fall-back hour). Local times in a gap are refused by the test that asks.
inline UnixSeconds Local(const TimeZoneRule& zone, int y, int mo, int d, int h = 0, int mi = 0) {
  const int64_t local = Utc(y, mo, d, h, mi);
  for (int32_t offset : {zone.MaxOffset(), zone.MinOffset()}) {
    if (zone.OffsetAt(local - offset) == offset) return local - offset;
  }
  return INT64_MIN;
}

inline TimeZoneRule Zone(const char* name) { return FindTimeZone(name).value(); }

}  // namespace relais::testing

#endif  // RELAIS_TESTS_ENGINE_TEST_TIME_H_
