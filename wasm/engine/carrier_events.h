// What a carrier's tracking event means for an order: each carrier's codes (Mondial Relay's STAT numbers and
// event texts, Relais Colis' CodeEVT/CodeJUS pairs, La Poste's event codes, InPost's statuses) mapped to a
// few parcel milestones, and a milestone to the workflow event it sends (workflow.h). Engine code: the server
// maps webhooks and polled events with it, and the tracking page explains an event with the same table.
//
// An event no rule knows is kUnknown: the caller stores it and reports it, never drops it.
#ifndef RELAIS_ENGINE_CARRIER_EVENTS_H_
#define RELAIS_ENGINE_CARRIER_EVENTS_H_

#include <string>
#include <string_view>

namespace relais {

enum class ParcelMilestone {
  kUnknown,         // No rule for this code: keep the raw event, report it.
  kRegistered,      // The label exists; the parcel is not with the carrier yet.
  kInTransit,       // With the carrier (collected, sorted, on its way).
  kOutForDelivery,  // On the van to the shopper's door today (home parcels: a step of their own).
  kReadyForPickup,  // At the relay point or in the locker, waiting for the shopper.
  kDelivered,       // Picked up by the shopper, or delivered at home.
  kProblem,         // Refused, damaged, address problem, notice left, pick-up time over: staff must look.
  kReturned,        // On its way back to the sender.
};

std::string_view MilestoneName(ParcelMilestone milestone);

// One event as the carrier sent it. Which fields matter depends on the carrier:
//   mondial-relay: code = STAT number ("80".."83"), text = the event's label (readiness and returns are
//                  only told in the text);
//   relais-colis:  code = CodeEVT ("DEP"), justification = CodeJUS ("REL");
//   la-poste / colissimo: code = event code ("AG1");
//   inpost:        code = status ("ready_to_pickup").
struct CarrierEvent {
  std::string carrier;
  std::string code;
  std::string justification;
  std::string text;
};

ParcelMilestone MilestoneOf(const CarrierEvent& event);

// The workflow event a milestone sends to an order delivered by `mode` ("home", "relay", "locker"), or ""
// when it moves no step (registered, problem, unknown). "delivered" is "picked_up" at a relay or locker.
std::string_view WorkflowEventOf(ParcelMilestone milestone, std::string_view mode);

}  // namespace relais

#endif  // RELAIS_ENGINE_CARRIER_EVENTS_H_
