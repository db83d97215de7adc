#include "edge/tracking_token.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace relais::edge {

namespace {

std::string Mac(const std::string& secret, const std::string& brand, const std::string& order_id) {
  const std::string message = brand + "/" + order_id;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &size);
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex += kDigits[mac[i] >> 4];
    hex += kDigits[mac[i] & 15];
  }
  return hex;
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
  const std::string given = token.substr(mac_dot + 1);
  if (given.size() != expected.size()) return std::nullopt;
  unsigned char diff = 0;
  for (size_t i = 0; i < given.size(); ++i) diff |= static_cast<unsigned char>(given[i] ^ expected[i]);
  if (diff != 0) return std::nullopt;
  return claim;
}

}  // namespace relais::edge
