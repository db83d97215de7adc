#include "wasm/engine/instant.h"

#include <cstdio>
#include <cstdlib>

namespace relais {

namespace {

constexpr int kMaxOffsetMinutes = 18 * 60;
constexpr size_t kMaxFractionDigits = 9;  // Nanoseconds.

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<UnixSeconds> ParseInstant(std::string_view text) {
  // The zone designator, from the end.
  int64_t offset_s = 0;
  if (!text.empty() && text.back() == 'Z') {
    text.remove_suffix(1);
  } else if (text.size() > 6 && (text[text.size() - 6] == '+' || text[text.size() - 6] == '-')) {
    const std::optional<int> minutes = ParseHhMm(text.substr(text.size() - 5));
    if (!minutes || *minutes > kMaxOffsetMinutes) return std::nullopt;
    offset_s = (text[text.size() - 6] == '-' ? -1 : 1) * int64_t{*minutes} * 60;
    text.remove_suffix(6);
  } else {
    return std::nullopt;
  }
  // A fraction follows seconds only ("YYYY-MM-DDTHH:MM:SS" is 19 characters) and is dropped.
  if (text.size() > 19 && text[19] == '.') {
    const std::string_view fraction = text.substr(20);
    if (fraction.empty() || fraction.size() > kMaxFractionDigits) return std::nullopt;
    for (const char c : fraction) {
      if (!IsDigit(c)) return std::nullopt;
    }
    text = text.substr(0, 19);
  }
  const std::optional<int64_t> local = ParseLocalDateTime(text);
  if (!local) return std::nullopt;
  return *local - offset_s;
}

std::string FormatInstant(UnixSeconds t, int32_t offset_s) {
  const UnixSeconds local = t + offset_s;
  const int64_t second_of_day = FloorMod(local, kSecondsPerDay);
  const int32_t offset_min = std::abs(offset_s) / 60;
  char time[32];
  std::snprintf(time, sizeof time, "T%02d:%02d:%02d%c%02d:%02d", static_cast<int>(second_of_day / 3600),
                static_cast<int>(second_of_day / 60 % 60), static_cast<int>(second_of_day % 60),
                offset_s < 0 ? '-' : '+', offset_min / 60, offset_min % 60);
  return FormatIsoDate(DayOf(local)) + time;
}

}  // namespace relais
