// Time zones as rules, not as a database: a standard offset plus one of a few daylight-saving rules.
//
// Relay points live in Europe and the French overseas territories, whose zones have kept the same rules
// since 1996 (EU: last Sunday of March to last Sunday of October, 01:00 UTC). A rule is two bytes, so the
// snapshot stores each zone's rule itself: a browser never needs a tz database, and a reader never
// depends on the table of names compiled into it. The table below is checked against the system's tzdata
// by time_zone_test for 2017-2037 (some zones changed offset before: Moscow, Minsk, Istanbul, Tallinn...);
// earlier dates are evaluated with today's rules.
#ifndef RELAIS_ENGINE_TIME_ZONE_H_
#define RELAIS_ENGINE_TIME_ZONE_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "wasm/engine/civil_time.h"

namespace relais {

enum class DstRule : uint8_t {
  kNone = 0,
  kEu = 1,       // +1h from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC.
  kUs = 2,       // +1h from the 2nd Sunday of March 02:00 local to the 1st Sunday of November 02:00 local.
  kMoldova = 3,  // +1h from the last Sunday of March 02:00 local to the last Sunday of October 03:00 local.
};
constexpr int kDstRuleCount = 4;

struct TimeZoneRule {
  int32_t std_offset_s = 0;  // Standard offset east of UTC.
  DstRule dst = DstRule::kNone;

  // UTC offset in seconds in force at instant t.
  int32_t OffsetAt(UnixSeconds t) const;
  // The first instant strictly after t at which the offset changes; nullopt without daylight saving.
  std::optional<UnixSeconds> NextTransition(UnixSeconds t) const;
  int32_t MinOffset() const { return std_offset_s; }
  int32_t MaxOffset() const { return std_offset_s + (dst == DstRule::kNone ? 0 : 3600); }

  // Calls emit(begin, end) with the UTC spans, in order, during which the local wall clock reads a time in
  // [local_begin, local_end) (both in seconds since the local epoch). A span that falls in a spring-forward
  // gap yields nothing; one that falls in a fall-back hour yields both passes.
  template <typename Emit>
  void MapLocalSpan(int64_t local_begin, int64_t local_end, Emit&& emit) const;

  bool operator==(const TimeZoneRule&) const = default;
};

// The rule of a supported IANA zone name ("Europe/Paris"); nullopt for a zone the engine does not know.
std::optional<TimeZoneRule> FindTimeZone(std::string_view iana_name);

// The supported names, for tests and error messages: calls f(name, rule) for each.
template <typename F>
void ForEachTimeZone(F&& f);

// --- implementation details below ---

struct NamedTimeZone {
  std::string_view name;
  int32_t std_offset_s;
  DstRule dst;
};
extern const NamedTimeZone kTimeZones[];
extern const int kTimeZoneCount;

template <typename F>
void ForEachTimeZone(F&& f) {
  for (int i = 0; i < kTimeZoneCount; ++i)
    f(kTimeZones[i].name, TimeZoneRule{kTimeZones[i].std_offset_s, kTimeZones[i].dst});
}

template <typename Emit>
void TimeZoneRule::MapLocalSpan(int64_t local_begin, int64_t local_end, Emit&& emit) const {
  if (local_end <= local_begin) return;
  if (dst == DstRule::kNone) {
    emit(local_begin - std_offset_s, local_end - std_offset_s);
    return;
  }
  // Walk the periods of constant offset that can show a wall-clock time in the span.
  UnixSeconds period_begin = local_begin - MaxOffset();
  const UnixSeconds last = local_end - MinOffset();
  while (period_begin < last) {
    const int32_t offset = OffsetAt(period_begin);
    const UnixSeconds period_end = NextTransition(period_begin).value_or(last);
    const UnixSeconds begin = period_begin > local_begin - offset ? period_begin : local_begin - offset;
    const UnixSeconds end = period_end < local_end - offset ? period_end : local_end - offset;
    if (begin < end) emit(begin, end);
    period_begin = period_end;
  }
}

}  // namespace relais

#endif  // RELAIS_ENGINE_TIME_ZONE_H_
