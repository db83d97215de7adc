// Instants as ISO 8601 text (the RFC 3339 profile): how the server's API, carriers' tracking events and the
// command line spell a moment, and the one set of rules for reading one.
//
// Accepted: "YYYY-MM-DDTHH:MM[:SS[.fraction]](Z|+HH:MM|-HH:MM)"
//   - 'T' or a space between the date and the time (RFC 3339 allows the space);
//   - a real calendar date, hours 00..23, minutes and seconds 00..59 (no leap second);
//   - seconds optional; a fraction of 1 to 9 digits only after seconds, dropped (hours are judged by the
//     minute; carriers' timestamps carry milliseconds);
//   - "Z" (upper case) or a numeric offset with a colon, at most 18:00 either way (real zones stay within
//     14:00; 18:00 is the bound of java.time and of most parsers that write what we read).
// Refused: no zone designator (a local time is not an instant), "+0100", "z", anything else.
#ifndef RELAIS_ENGINE_INSTANT_H_
#define RELAIS_ENGINE_INSTANT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "wasm/engine/civil_time.h"

namespace relais {

// The instant `text` names, in seconds since 1970-01-01T00:00:00Z; nullopt unless it follows the rules above.
std::optional<UnixSeconds> ParseInstant(std::string_view text);

// "2026-11-26T09:00:00+01:00": instant `t` on the wall clock of a zone `offset_s` seconds east of UTC,
// with that offset (UTC is "+00:00"). ParseInstant reads it back to `t`.
std::string FormatInstant(UnixSeconds t, int32_t offset_s);

}  // namespace relais

#endif  // RELAIS_ENGINE_INSTANT_H_
