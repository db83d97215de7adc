// The day's hand-over to a carrier: per site and carrier, the labelled parcels ready to leave (the packing
// table's list), and "close the day" -- the manifest made final, numbered, and every parcel on it handed to
// the carrier in the same transaction. A parcel is on one manifest only; one labelled after the close, or
// not prepared in time, goes on the next.
//
// Ready to leave: labelled (shipping_labels.h), on no manifest, and at a step that takes "handed_to_carrier"
// (prepared). Labelled but not there yet: listed apart (not_ready), for the packing table to chase.
//
// Closing queues the account's pickup request in the same transaction (PickupRequest; pickup_sender.h sends it).
//
// Errors (OrderError): invalid_field (site, carrier), nothing_to_hand_over, order_moved.
#ifndef RELAIS_EDGE_ORDERS_HAND_OVER_H_
#define RELAIS_EDGE_ORDERS_HAND_OVER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "edge/orders/order_error.h"
#include "edge/orders/shipping_labels.h"
#include "edge/orders/tracking_service.h"
#include "edge/relay_snapshot.h"
#include "edge/store/store.h"
#include "wasm/engine/workflow.h"

namespace relais::edge {

class HandOverService {
 public:
  // Every pointer outlives this; `workflows` is read when used.
  HandOverService(Store* store, TrackingService* tracking, RelaySnapshot* relays,
                  const std::vector<Workflow>* workflows, const ShippingLabels* labels);

  struct Packing {
    Manifest manifest;  // What closing now would list (no id, no closed_at yet).
    std::vector<ManifestParcel> not_ready;
  };
  // `site`'s parcels for `carrier` at instant `now` (Unix seconds: the day is the site's local date).
  OrderResult<Packing> Pending(const std::string& brand, const std::string& site, const std::string& carrier,
                               int64_t now);

  // Closes the day: the manifest "<site>-<carrier>-<YYYYMMDD>-<n>" (n: the day's n-th for that carrier)
  // with the parcels ready now -- only those numbered in `only` when given (the list staff confirmed: one
  // prepared meanwhile waits for the next manifest) -- each handed to the carrier with its number, all in one
  // transaction.
  OrderResult<Manifest> Close(const std::string& brand, const std::string& site, const std::string& carrier,
                              const Actor& actor, int64_t now,
                              const std::optional<std::vector<std::string>>& only = std::nullopt);

 private:
  Store* store_;
  TrackingService* tracking_;
  RelaySnapshot* relays_;
  const std::vector<Workflow>* workflows_;
  const ShippingLabels* labels_;  // The carrier accounts: which asks for a pickup, and how.
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_HAND_OVER_H_
