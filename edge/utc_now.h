// The current time as ISO 8601 UTC to the second ("2026-11-25T14:07:11Z"): ledger rows, logs, migrations.
#ifndef RELAIS_EDGE_UTC_NOW_H_
#define RELAIS_EDGE_UTC_NOW_H_

#include <chrono>
#include <cstdint>
#include <ctime>
#include <string>

namespace relais::edge {

// `seconds_ago` seconds before now, in the same form (a window's start: "since").
inline std::string UtcIsoSecondsAgo(int64_t seconds_ago) {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()) - seconds_ago;
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

inline std::string UtcNowIso() { return UtcIsoSecondsAgo(0); }

// Seconds since the Unix epoch: what the engine's opening hours and plans take as "now".
inline int64_t UnixSecondsNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Milliseconds since the Unix epoch: retry and polling schedules.
inline int64_t UnixMillisNow() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace relais::edge

#endif  // RELAIS_EDGE_UTC_NOW_H_
