// A shopper's tracking token: "<brand>.<order id>.<HMAC-SHA256(secret, brand/order id) in hex>". It opens
// one order -- read and cancel -- and nothing else; it is unguessable without the server's secret and needs
// no storage, so a retried order creation (same Idempotency-Key) can hand out the same token again.
#ifndef RELAIS_EDGE_ORDERS_TRACKING_TOKEN_H_
#define RELAIS_EDGE_ORDERS_TRACKING_TOKEN_H_

#include <cstdint>
#include <optional>
#include <string>

namespace relais::edge {

std::string MakeTrackingToken(const std::string& secret, const std::string& brand, const std::string& order_id);

struct TrackingClaim {
  std::string brand;
  std::string order_id;
};

// The order a token opens, or nullopt when it was not made with `secret` (compared in constant time).
std::optional<TrackingClaim> VerifyTrackingToken(const std::string& secret, const std::string& token);

// The code the shopper shows (as text or QR code) to collect shipment `shipment` of order `order_id` at a
// site: six digits from an HMAC, so staff can check it and nobody can make one up.
std::string MakePickupCode(const std::string& secret, const std::string& order_id, int64_t shipment);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_TRACKING_TOKEN_H_
