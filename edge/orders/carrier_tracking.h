// Carriers' tracking answers read into parcel events (store.h's ParcelEvent): relais' neutral format -- the
// body of the carriers' webhook, and what an adapter service in front of a carrier sends --
//   {"tracking_number": "...", "events": [{"code": "AG1", "justification": "", "text": "...", "at": "ISO 8601"}]}
// and InPost's ShipX tracking answer (GET /v1/tracking/{number}: "tracking_details": [{"status", "datetime"}],
// newest first). Events come out oldest first, whatever order the carrier sent them in.
#ifndef RELAIS_EDGE_ORDERS_CARRIER_TRACKING_H_
#define RELAIS_EDGE_ORDERS_CARRIER_TRACKING_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "edge/model/notification.h"

namespace relais::edge {

inline constexpr size_t kMaxTrackingEvents = 100;

struct TrackingAnswer {
  std::string tracking_number;
  std::vector<ParcelEvent> events;  // carrier, tracking_number, code, justification, text and at set.
};

struct CarrierPolling {
  std::string carrier;
  std::string url;  // With {number}.
  std::string format = "relais";
  std::string token;  // Sent as a Bearer token ("" : none).
  int64_t every_ms = 900'000;
};

// Reads a brand's "carrier_polling" entry (carrier_poller.h) (`at`: its name for errors). Returns "" or what is wrong.
std::string ReadCarrierPolling(const nlohmann::json& j, const std::string& at, std::vector<CarrierPolling>* out);

// Reads `body` in `format` ("relais" or "inpost") for `carrier`. Throws ApiError (400) naming the field.
TrackingAnswer ReadTrackingAnswer(const nlohmann::json& body, const std::string& carrier, const std::string& format);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_CARRIER_TRACKING_H_
