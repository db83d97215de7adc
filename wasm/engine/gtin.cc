#include "wasm/engine/gtin.h"

namespace relais {

bool IsValidGtin(std::string_view digits) {
  const size_t n = digits.size();
  if (n != 8 && n != 12 && n != 13 && n != 14) return false;
  int sum = 0;
  for (size_t i = 0; i < n; ++i) {
    const char c = digits[n - 1 - i];
    if (c < '0' || c > '9') return false;
    if (i > 0) sum += (c - '0') * (i % 2 == 1 ? 3 : 1);
  }
  return (10 - sum % 10) % 10 == digits[n - 1] - '0';
}

std::optional<std::string> Gtin14(std::string_view digits) {
  if (!IsValidGtin(digits)) return std::nullopt;
  return std::string(14 - digits.size(), '0') + std::string(digits);
}

}  // namespace relais
