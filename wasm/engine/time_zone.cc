#include "wasm/engine/time_zone.h"

namespace relais {

namespace {

constexpr int kSunday = 6;
constexpr int32_t kHour = 3600;

// The UTC instants at which daylight saving starts and ends in a given year.
struct DstPeriod {
  UnixSeconds start;
  UnixSeconds end;
};

DstPeriod DstPeriodOf(const TimeZoneRule& zone, int year) {
  const int64_t std = zone.std_offset_s;
  switch (zone.dst) {
    case DstRule::kEu:
      return {LastWeekdayOfMonth(year, 3, kSunday) * kSecondsPerDay + 1 * kHour,
              LastWeekdayOfMonth(year, 10, kSunday) * kSecondsPerDay + 1 * kHour};
    case DstRule::kUs:
      return {NthWeekdayOfMonth(year, 3, kSunday, 2) * kSecondsPerDay + 2 * kHour - std,
              NthWeekdayOfMonth(year, 11, kSunday, 1) * kSecondsPerDay + 2 * kHour - (std + kHour)};
    case DstRule::kMoldova:
      return {LastWeekdayOfMonth(year, 3, kSunday) * kSecondsPerDay + 2 * kHour - std,
              LastWeekdayOfMonth(year, 10, kSunday) * kSecondsPerDay + 3 * kHour - (std + kHour)};
    case DstRule::kNone:
      break;
  }
  return {0, 0};
}

int YearOf(UnixSeconds t) { return CivilFromDays(DayOf(t)).year; }

}  // namespace

int32_t TimeZoneRule::OffsetAt(UnixSeconds t) const {
  if (dst == DstRule::kNone) return std_offset_s;
  // Transitions are in March..November, far from New Year in every zone, so the UTC year is the right one.
  const DstPeriod period = DstPeriodOf(*this, YearOf(t));
  return (t >= period.start && t < period.end) ? std_offset_s + kHour : std_offset_s;
}

std::optional<UnixSeconds> TimeZoneRule::NextTransition(UnixSeconds t) const {
  if (dst == DstRule::kNone) return std::nullopt;
  const int year = YearOf(t);
  const DstPeriod period = DstPeriodOf(*this, year);
  if (t < period.start) return period.start;
  if (t < period.end) return period.end;
  return DstPeriodOf(*this, year + 1).start;
}

// Zones of the EU/EEA, the UK, Switzerland, the Balkans and the French overseas territories. Aliases are
// listed under each name a carrier file may use.
// Constant-initialised: tests and tools read it while their own statics are initialised.
constinit const NamedTimeZone kTimeZones[] = {
    {"UTC", 0, DstRule::kNone},
    {"Etc/UTC", 0, DstRule::kNone},
    // Western European Time (UTC+0) with EU summer time.
    {"Europe/London", 0, DstRule::kEu},
    {"Europe/Dublin", 0, DstRule::kEu},
    {"Europe/Lisbon", 0, DstRule::kEu},
    {"Europe/Jersey", 0, DstRule::kEu},
    {"Europe/Guernsey", 0, DstRule::kEu},
    {"Europe/Isle_of_Man", 0, DstRule::kEu},
    {"Atlantic/Madeira", 0, DstRule::kEu},
    {"Atlantic/Canary", 0, DstRule::kEu},
    {"Atlantic/Faroe", 0, DstRule::kEu},
    {"Atlantic/Azores", -1 * kHour, DstRule::kEu},
    // Central European Time (UTC+1) with EU summer time.
    {"Europe/Paris", kHour, DstRule::kEu},
    {"Europe/Berlin", kHour, DstRule::kEu},
    {"Europe/Brussels", kHour, DstRule::kEu},
    {"Europe/Amsterdam", kHour, DstRule::kEu},
    {"Europe/Luxembourg", kHour, DstRule::kEu},
    {"Europe/Monaco", kHour, DstRule::kEu},
    {"Europe/Andorra", kHour, DstRule::kEu},
    {"Europe/Madrid", kHour, DstRule::kEu},
    {"Africa/Ceuta", kHour, DstRule::kEu},
    {"Europe/Gibraltar", kHour, DstRule::kEu},
    {"Europe/Rome", kHour, DstRule::kEu},
    {"Europe/Vatican", kHour, DstRule::kEu},
    {"Europe/San_Marino", kHour, DstRule::kEu},
    {"Europe/Malta", kHour, DstRule::kEu},
    {"Europe/Zurich", kHour, DstRule::kEu},
    {"Europe/Busingen", kHour, DstRule::kEu},
    {"Europe/Vaduz", kHour, DstRule::kEu},
    {"Europe/Vienna", kHour, DstRule::kEu},
    {"Europe/Prague", kHour, DstRule::kEu},
    {"Europe/Bratislava", kHour, DstRule::kEu},
    {"Europe/Budapest", kHour, DstRule::kEu},
    {"Europe/Warsaw", kHour, DstRule::kEu},
    {"Europe/Ljubljana", kHour, DstRule::kEu},
    {"Europe/Zagreb", kHour, DstRule::kEu},
    {"Europe/Sarajevo", kHour, DstRule::kEu},
    {"Europe/Belgrade", kHour, DstRule::kEu},
    {"Europe/Podgorica", kHour, DstRule::kEu},
    {"Europe/Skopje", kHour, DstRule::kEu},
    {"Europe/Tirane", kHour, DstRule::kEu},
    {"Europe/Copenhagen", kHour, DstRule::kEu},
    {"Europe/Stockholm", kHour, DstRule::kEu},
    {"Europe/Oslo", kHour, DstRule::kEu},
    {"Arctic/Longyearbyen", kHour, DstRule::kEu},
    // Eastern European Time (UTC+2) with EU summer time.
    {"Europe/Helsinki", 2 * kHour, DstRule::kEu},
    {"Europe/Mariehamn", 2 * kHour, DstRule::kEu},
    {"Europe/Tallinn", 2 * kHour, DstRule::kEu},
    {"Europe/Riga", 2 * kHour, DstRule::kEu},
    {"Europe/Vilnius", 2 * kHour, DstRule::kEu},
    {"Europe/Athens", 2 * kHour, DstRule::kEu},
    {"Europe/Sofia", 2 * kHour, DstRule::kEu},
    {"Europe/Bucharest", 2 * kHour, DstRule::kEu},
    {"Asia/Nicosia", 2 * kHour, DstRule::kEu},
    {"Europe/Kyiv", 2 * kHour, DstRule::kEu},
    {"Europe/Kiev", 2 * kHour, DstRule::kEu},
    {"Europe/Chisinau", 2 * kHour, DstRule::kMoldova},
    // No daylight saving.
    {"Atlantic/Reykjavik", 0, DstRule::kNone},
    {"Europe/Kaliningrad", 2 * kHour, DstRule::kNone},
    {"Europe/Istanbul", 3 * kHour, DstRule::kNone},
    {"Europe/Minsk", 3 * kHour, DstRule::kNone},
    {"Europe/Moscow", 3 * kHour, DstRule::kNone},
    // French overseas territories.
    {"America/Guadeloupe", -4 * kHour, DstRule::kNone},
    {"America/Martinique", -4 * kHour, DstRule::kNone},
    {"America/St_Barthelemy", -4 * kHour, DstRule::kNone},
    {"America/Marigot", -4 * kHour, DstRule::kNone},
    {"America/Cayenne", -3 * kHour, DstRule::kNone},
    {"America/Miquelon", -3 * kHour, DstRule::kUs},
    {"Indian/Reunion", 4 * kHour, DstRule::kNone},
    {"Indian/Mayotte", 3 * kHour, DstRule::kNone},
    {"Pacific/Noumea", 11 * kHour, DstRule::kNone},
    {"Pacific/Wallis", 12 * kHour, DstRule::kNone},
    {"Pacific/Tahiti", -10 * kHour, DstRule::kNone},
};
const int kTimeZoneCount = sizeof(kTimeZones) / sizeof(kTimeZones[0]);

std::optional<TimeZoneRule> FindTimeZone(std::string_view iana_name) {
  for (const NamedTimeZone& zone : kTimeZones) {
    if (iana_name == zone.name) return TimeZoneRule{zone.std_offset_s, zone.dst};
  }
  return std::nullopt;
}

}  // namespace relais
