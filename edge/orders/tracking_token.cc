#include "edge/orders/tracking_token.h"

#include "edge/secrets.h"

namespace relais::edge {

namespace {

std::string Mac(const std::string& secret, const std::string& brand, const std::string& order_id) {
  return HmacSha256Hex(secret, brand + "/" + order_id);
}

}  // namespace

std::string MakeTrackingToken(const std::string& secret, const std::string& brand, const std::string& order_id) {
  return brand + "." + order_id + "." + Mac(secret, brand, order_id);
}

std::optional<TrackingClaim> VerifyTrackingToken(const std::string& secret, const std::string& token) {
  const size_t mac_dot = token.rfind('.');
  if (mac_dot == std::string::npos || mac_dot == 0) return std::nullopt;
  const size_t order_dot = token.rfind('.', mac_dot - 1);
  if (order_dot == std::string::npos || order_dot == 0) return std::nullopt;
  TrackingClaim claim{token.substr(0, order_dot), token.substr(order_dot + 1, mac_dot - order_dot - 1)};
  const std::string expected = Mac(secret, claim.brand, claim.order_id);
  if (!SameSecret(token.substr(mac_dot + 1), expected)) return std::nullopt;
  return claim;
}

std::string MakePickupCode(const std::string& secret, const std::string& order_id, int64_t shipment) {
  const std::string mac = HmacSha256Hex(secret, "pickup/" + order_id + "/" + std::to_string(shipment));
  const uint64_t number = std::stoull(mac.substr(0, 12), nullptr, 16) % 1'000'000;
  std::string code = std::to_string(number);
  return std::string(6 - code.size(), '0') + code;
}

}  // namespace relais::edge
