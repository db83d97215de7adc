#include "wasm/engine/civil_time.h"

namespace relais {

namespace {

bool ReadDigits(std::string_view text, size_t pos, size_t count, int* value) {
  if (pos + count > text.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    v = v * 10 + (text[i] - '0');
  }
  *value = v;
  return true;
}

void AppendTwoDigits(std::string* out, int v) {
  out->push_back(static_cast<char>('0' + v / 10));
  out->push_back(static_cast<char>('0' + v % 10));
}

}  // namespace

int DaysInMonth(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

DayNumber LastWeekdayOfMonth(int year, int month, int weekday) {
  const DayNumber last = DaysFromCivil(year, month, DaysInMonth(year, month));
  return last - static_cast<DayNumber>(FloorMod(WeekdayFromDays(last) - weekday, 7));
}

DayNumber NthWeekdayOfMonth(int year, int month, int weekday, int n) {
  const DayNumber first = DaysFromCivil(year, month, 1);
  return first + static_cast<DayNumber>(FloorMod(weekday - WeekdayFromDays(first), 7)) + 7 * (n - 1);
}

std::optional<DayNumber> ParseIsoDate(std::string_view text) {
  int year, month, day;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (!ReadDigits(text, 0, 4, &year) || !ReadDigits(text, 5, 2, &month) || !ReadDigits(text, 8, 2, &day)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) return std::nullopt;
  return DaysFromCivil(year, month, day);
}

std::string FormatIsoDate(DayNumber day) {
  const CivilDate c = CivilFromDays(day);
  std::string out = std::to_string(c.year);
  while (out.size() < 4) out.insert(out.begin(), '0');
  out.push_back('-');
  AppendTwoDigits(&out, c.month);
  out.push_back('-');
  AppendTwoDigits(&out, c.day);
  return out;
}

std::optional<int> ParseHhMm(std::string_view text) {
  int hours, minutes;
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  if (!ReadDigits(text, 0, 2, &hours) || !ReadDigits(text, 3, 2, &minutes)) return std::nullopt;
  if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) return std::nullopt;
  return hours * 60 + minutes;
}

std::string FormatHhMm(int minutes) {
  std::string out;
  AppendTwoDigits(&out, minutes / 60);
  out.push_back(':');
  AppendTwoDigits(&out, minutes % 60);
  return out;
}

std::optional<int64_t> ParseLocalDateTime(std::string_view text) {
  if (text.size() != 16 && text.size() != 19) return std::nullopt;
  if (text[10] != 'T' && text[10] != ' ') return std::nullopt;
  const std::optional<DayNumber> day = ParseIsoDate(text.substr(0, 10));
  const std::optional<int> minutes = ParseHhMm(text.substr(11, 5));
  if (!day || !minutes || *minutes >= kMinutesPerDay) return std::nullopt;
  int seconds = 0;
  if (text.size() == 19 && (text[16] != ':' || !ReadDigits(text, 17, 2, &seconds) || seconds > 59)) {
    return std::nullopt;
  }
  return static_cast<int64_t>(*day) * kSecondsPerDay + *minutes * 60 + seconds;
}

}  // namespace relais
