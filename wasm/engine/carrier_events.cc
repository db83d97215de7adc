#include "wasm/engine/carrier_events.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <string>

namespace relais {

namespace {

using M = ParcelMilestone;

// "Colis disponible au Point Relais" -> "colis disponible au point relais" (ASCII letters only: the texts'
// accented letters are not the ones rules look for).
std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool OneOf(std::string_view code, std::initializer_list<std::string_view> codes) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

M MondialRelay(const CarrierEvent& e) {
  // Readiness and returns come as texts under the in-transit status.
  const std::string text = Lower(e.text);
  if (text.find("retour") != std::string::npos) return M::kReturned;
  if (text.find("disponible") != std::string::npos) return M::kReadyForPickup;
  if (e.code == "80") return M::kRegistered;
  if (e.code == "81") return M::kInTransit;
  if (e.code == "82") return M::kDelivered;
  if (e.code == "83") return M::kProblem;
  return M::kUnknown;
}

M RelaisColis(const CarrierEvent& e) {
  const std::string_view evt = e.code, jus = e.justification;
  if (evt == "APF") return OneOf(jus, {"RDF", "P5"}) ? M::kReturned : M::kRegistered;
  if (evt == "RST") return jus == "REC" ? M::kReadyForPickup : M::kInTransit;
  if (evt == "AAR" && jus == "AV") return M::kInTransit;
  if (evt == "DEP" && jus == "REL") return M::kReadyForPickup;
  if (evt == "SOL") return M::kDelivered;
  if (OneOf(evt, {"SOR", "REN"}) && jus == "LIV") return M::kDelivered;
  if (evt == "SOR" && OneOf(jus, {"R18", "R25", "R3", "R31", "R44", "R45", "R47"})) return M::kProblem;
  return M::kUnknown;
}

M LaPoste(const CarrierEvent& e) {
  const std::string_view c = e.code;
  if (c == "DR1") return M::kRegistered;
  if (OneOf(c, {"PC1", "PC2", "ET1", "ET2", "ET3", "ET4"})) return M::kInTransit;
  if (c == "MD2") return M::kOutForDelivery;  // "Mis en distribution": on the postman's round today.
  if (c == "AG1") return M::kReadyForPickup;
  if (c == "DI1") return M::kDelivered;
  if (OneOf(c, {"PB1", "ND1", "DO3"})) return M::kProblem;
  if (OneOf(c, {"RE1", "DI2"})) return M::kReturned;
  return M::kUnknown;
}

M InPost(const CarrierEvent& e) {
  const std::string_view s = e.code;
  if (OneOf(s, {"created", "confirmed"})) return M::kRegistered;
  if (OneOf(s, {"collected_from_sender", "taken_by_courier", "adopted_at_source_branch", "sent_from_source_branch",
                "adopted_at_sorting_center", "sent_from_sorting_center", "adopted_at_target_branch"})) {
    return M::kInTransit;
  }
  if (s == "out_for_delivery") return M::kOutForDelivery;
  if (s == "ready_to_pickup") return M::kReadyForPickup;
  if (s == "delivered") return M::kDelivered;
  if (OneOf(s, {"avizo", "pickup_time_expired", "undelivered"})) return M::kProblem;
  if (s == "returned_to_sender") return M::kReturned;
  return M::kUnknown;
}

}  // namespace

std::string_view MilestoneName(ParcelMilestone milestone) {
  switch (milestone) {
    case M::kRegistered:
      return "registered";
    case M::kInTransit:
      return "in_transit";
    case M::kOutForDelivery:
      return "out_for_delivery";
    case M::kReadyForPickup:
      return "ready_for_pickup";
    case M::kDelivered:
      return "delivered";
    case M::kProblem:
      return "problem";
    case M::kReturned:
      return "returned";
    case M::kUnknown:
      break;
  }
  return "unknown";
}

ParcelMilestone MilestoneOf(const CarrierEvent& e) {
  if (e.carrier == "mondial-relay") return MondialRelay(e);
  if (e.carrier == "relais-colis") return RelaisColis(e);
  if (e.carrier == "la-poste" || e.carrier == "colissimo") return LaPoste(e);
  if (e.carrier == "inpost") return InPost(e);
  return M::kUnknown;
}

std::string_view WorkflowEventOf(ParcelMilestone milestone, std::string_view mode) {
  switch (milestone) {
    case M::kInTransit:
      return "handed_to_carrier";
    case M::kOutForDelivery:  // To a relay point or a locker, still only on its way.
      return mode == "home" ? "out_for_delivery" : "handed_to_carrier";
    case M::kReadyForPickup:
      return mode == "home" ? "" : "ready_for_pickup";
    case M::kDelivered:
      return mode == "home" ? "delivered" : "picked_up";
    case M::kReturned:
      return "returned_to_sender";
    case M::kRegistered:
    case M::kProblem:
    case M::kUnknown:
      break;
  }
  return "";
}

}  // namespace relais
