// Field conventions several carriers share, read in one place: countries given as alpha-2 or alpha-3,
// coordinates with a decimal comma, dates as ISO or French DD/MM/YYYY, and the time zone a point gets
// when its carrier publishes none.
#ifndef RELAIS_DATA_SYNC_CARRIER_FIELDS_H_
#define RELAIS_DATA_SYNC_CARRIER_FIELDS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wasm/engine/civil_time.h"
#include "wasm/engine/relay_point.h"

namespace relais {

// "FRA" -> "FR" for the countries we know; anything else comes back unchanged (the contract then judges it).
std::string CountryAlpha2(std::string_view country);

// 528 -> "NL" for the countries we know (ISO 3166-1 numeric); "" otherwise.
std::string CountryOfNumeric(int numeric);

// The IANA zone of a point from its country (ISO alpha-2) and postcode; "" when unknown.
std::string_view DefaultZone(std::string_view country, std::string_view postcode);

// Sets point->tz and point->zone from its country and postcode (carriers' files give no zone). Returns
// "" or why it could not.
std::string SetDefaultZone(RelayPoint* point);

// Decimal degrees, with a point or a comma, optional sign and zero padding ("050,6365000", "-1.5586",
// "+003,07"); nullopt when anything else is in the text.
std::optional<double> ParseDegrees(std::string_view text);

// A date as "YYYY-MM-DD", an ISO date-time whose date part is kept ("2026-08-03T00:00:00.000+02:00": the
// carrier's local date), or "DD/MM/YYYY"; nullopt otherwise.
std::optional<DayNumber> ParseCarrierDate(std::string_view text);

struct TimeRange {
  int open_min;
  int close_min;  // May be before open_min: the range runs past midnight (a close of 00:00 ends the day).
};

// "08:30-12:00" -> {510, 720}; nullopt when unreadable.
std::optional<TimeRange> ParseTimeRange(std::string_view text);

// `text` without leading and trailing blanks.
std::string_view TrimBlanks(std::string_view text);

}  // namespace relais

#endif  // RELAIS_DATA_SYNC_CARRIER_FIELDS_H_
