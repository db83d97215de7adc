// Asks carriers where the parcels are: every carrier is polled on a timer for the parcels still on their way
// (a parcel number given at hand-over, its shipment not at an end), as every carrier integration must --
// Mondial Relay has no webhooks, and a missed webhook must not leave an order stuck. What a carrier answers
// goes the webhook's way (HttpApi::TakeCarrierEvents): kept once, mapped, applied forward only.
//
// Several nodes on one database each run a poller, and each round of a (brand, carrier) is polled by one of them:
// the node whose turn it is asks the store for the round (Store::ClaimPollRound) and polls only when given it.
// The others look again an interval later, so when the node that polls dies another takes the next round, at
// most one interval late. A round is not waited for: one that lasts longer than its interval overlaps the next.
//
// A brand's configuration ("carrier_polling" in its entry of edge.json):
//   { "inpost": { "url": "https://api-shipx-pl.easypack24.net/v1/tracking/{number}", "format": "inpost",
//                 "token_env": "INPOST_TOKEN", "every_ms": 900000 },
//     "mondial-relay": { "url": "https://tracking-adapter.internal/mondial-relay/{number}" } }
// "format": "relais" (the webhook's neutral body, the default) or "inpost" (ShipX); carrier_tracking.h.
#ifndef RELAIS_EDGE_CARRIER_POLLER_H_
#define RELAIS_EDGE_CARRIER_POLLER_H_

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "edge/background_loop.h"
#include "edge/orders/carrier_tracking.h"
#include "edge/store/store.h"
#include "wasm/engine/workflow.h"

namespace relais::edge {

class CarrierPoller {
 public:
  // Hands a carrier's answer over: (brand, carrier, tracking number, events).
  using Take =
      std::function<void(const std::string&, const std::string&, const std::string&, std::vector<ParcelEvent>)>;
  // `polling`: each brand's carriers to poll, by brand id; `workflows`: to tell a shipment that has ended.
  CarrierPoller(Store* store, std::map<std::string, std::vector<CarrierPolling>> polling,
                const std::vector<Workflow>* workflows, Take take);
  ~CarrierPoller();
  CarrierPoller(const CarrierPoller&) = delete;
  CarrierPoller& operator=(const CarrierPoller&) = delete;

  void Start();
  void Stop();
  // One pass: polls every carrier whose turn it is and whose round the store gives this node. Returns the
  // parcels asked about.
  int PollDue();

 private:
  Store* store_;
  std::map<std::string, std::vector<CarrierPolling>> polling_;
  const std::vector<Workflow>* workflows_;
  Take take_;
  std::map<std::string, int64_t> next_ms_;  // "brand carrier" -> when this node next asks for its round.
  BackgroundLoop loop_{"carrier polling", [this] { PollDue(); }};  // Last: stopped before the rest goes.
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_CARRIER_POLLER_H_
