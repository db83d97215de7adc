#include "edge/http/order_errors.h"

#include <map>

namespace relais::edge {

int HttpStatusOf(const std::string& code) {
  static const std::map<std::string, int> kStatuses = {
      {"not_found", 404},
      {"invalid_field", 400},
      {"idempotency_key_reused", 422},
      {"forbidden", 403},
      {"pickup_code_locked", 429},      // Too many wrong codes: the answer says when to retry.
      {"printer_unavailable", 502},     // The site's label printer did not take the label.
      {"relay_data_unavailable", 503},  // No snapshot to check relay points against: try again
                                        // later.
  };
  const auto found = kStatuses.find(code);
  return found == kStatuses.end() ? 409 : found->second;  // The order's state or the stock refuses it.
}

}  // namespace relais::edge
