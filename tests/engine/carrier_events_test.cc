#define BOOST_TEST_MODULE carrier_events
// Carrier tracking codes to parcel milestones (the table of docs/carriers.md), and milestones to
// the default workflows' events: a relay parcel's real sequence of codes brings its order to "collected",
// replays and late events change nothing, and an unknown code is kept apart, never taken for another.
#include "wasm/engine/carrier_events.h"

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <sstream>

#include "wasm/engine/workflow.h"
#include "wasm/engine/workflow_json.h"

using namespace relais;

namespace {

std::string_view Of(std::string carrier, std::string code, std::string justification = "", std::string text = "") {
  return MilestoneName(MilestoneOf({std::move(carrier), std::move(code), std::move(justification), std::move(text)}));
}

}  // namespace

BOOST_AUTO_TEST_CASE(each_carriers_codes_map_to_the_milestones_of_the_table) {
  // Mondial Relay: STAT 80-83 are normal answers; readiness and returns are told in the text.
  BOOST_TEST(Of("mondial-relay", "80") == "registered");
  BOOST_TEST(Of("mondial-relay", "81") == "in_transit");
  BOOST_TEST(Of("mondial-relay", "81", "", "Colis disponible au Point Relais") == "ready_for_pickup");
  BOOST_TEST(Of("mondial-relay", "82") == "delivered");
  BOOST_TEST(Of("mondial-relay", "83") == "problem");
  BOOST_TEST(Of("mondial-relay", "81", "", "Retour vers l'expéditeur") == "returned");
  // Relais Colis: CodeEVT/CodeJUS pairs, the specific pair before the wildcard.
  BOOST_TEST(Of("relais-colis", "APF", "XYZ") == "registered");
  BOOST_TEST(Of("relais-colis", "APF", "RDF") == "returned");
  BOOST_TEST(Of("relais-colis", "APF", "P5") == "returned");
  BOOST_TEST(Of("relais-colis", "RST", "TRI") == "in_transit");
  BOOST_TEST(Of("relais-colis", "RST", "REC") == "ready_for_pickup");
  BOOST_TEST(Of("relais-colis", "AAR", "AV") == "in_transit");
  BOOST_TEST(Of("relais-colis", "DEP", "REL") == "ready_for_pickup");
  BOOST_TEST(Of("relais-colis", "SOL", "LIC") == "delivered");
  BOOST_TEST(Of("relais-colis", "SOR", "LIV") == "delivered");
  BOOST_TEST(Of("relais-colis", "REN", "LIV") == "delivered");
  BOOST_TEST(Of("relais-colis", "SOR", "R25") == "problem");
  BOOST_TEST(Of("relais-colis", "SOR", "R47") == "problem");
  BOOST_TEST(Of("relais-colis", "SOR", "R99") == "unknown");
  // La Poste / Colissimo.
  BOOST_TEST(Of("la-poste", "DR1") == "registered");
  BOOST_TEST(Of("colissimo", "ET3") == "in_transit");
  BOOST_TEST(Of("la-poste", "MD2") == "out_for_delivery");  // "Mis en distribution": on today's round.
  BOOST_TEST(Of("la-poste", "AG1") == "ready_for_pickup");
  BOOST_TEST(Of("la-poste", "DI1") == "delivered");
  BOOST_TEST(Of("colissimo", "ND1") == "problem");
  BOOST_TEST(Of("la-poste", "DI2") == "returned");
  BOOST_TEST(Of("la-poste", "ZZ9") == "unknown");
  // InPost statuses.
  BOOST_TEST(Of("inpost", "confirmed") == "registered");
  BOOST_TEST(Of("inpost", "taken_by_courier") == "in_transit");
  BOOST_TEST(Of("inpost", "out_for_delivery") == "out_for_delivery");
  BOOST_TEST(Of("inpost", "ready_to_pickup") == "ready_for_pickup");
  BOOST_TEST(Of("inpost", "delivered") == "delivered");
  BOOST_TEST(Of("inpost", "pickup_time_expired") == "problem");
  BOOST_TEST(Of("inpost", "returned_to_sender") == "returned");
  // A carrier no rule knows.
  BOOST_TEST(Of("dhl", "OK") == "unknown");
}

BOOST_AUTO_TEST_CASE(a_relay_parcels_codes_bring_its_order_to_collected_whatever_the_replays) {
  std::ifstream in("edge/orders/workflows.json");
  std::stringstream text;
  text << in.rdbuf();
  std::vector<Workflow> workflows;
  BOOST_REQUIRE(ParseWorkflows(text.str(), &workflows).empty());
  const Workflow& relay =
      *std::find_if(workflows.begin(), workflows.end(), [](const Workflow& w) { return w.mode == "relay"; });
  WorkflowState order = StartWorkflow(relay);
  ApplyWorkflowEvent(relay, "preparation_started", false, &order);
  ApplyWorkflowEvent(relay, "preparation_done", false, &order);
  // Relais Colis' day: registered, sorted twice, at the relay, a replayed "sorted" webhook, collected.
  const std::vector<std::pair<std::string, std::string>> codes = {
      {"APF", "ABC"}, {"RST", "TRI"}, {"RST", "TRI"}, {"DEP", "REL"}, {"RST", "TRI"}, {"SOL", "LIV"}, {"DEP", "REL"}};
  std::vector<std::string> steps;
  for (const auto& [evt, jus] : codes) {
    const std::string_view event = WorkflowEventOf(MilestoneOf({"relais-colis", evt, jus, ""}), "relay");
    if (event.empty()) continue;  // Registered: no step for it.
    const WorkflowMove move = ApplyWorkflowEvent(relay, event, false, &order);
    BOOST_TEST(move.refusal == "");  // Late and repeated events are harmless, not errors.
    if (move.moved) steps.push_back(order.step);
  }
  BOOST_TEST(steps == (std::vector<std::string>{"shipped", "ready_for_pickup", "collected"}));
  BOOST_TEST(WorkflowEventOf(ParcelMilestone::kDelivered, "home") == "delivered");
  // Out for delivery: a step of its own at home; to a relay point or a locker, still on its way.
  BOOST_TEST(WorkflowEventOf(ParcelMilestone::kOutForDelivery, "home") == "out_for_delivery");
  BOOST_TEST(WorkflowEventOf(ParcelMilestone::kOutForDelivery, "locker") == "handed_to_carrier");
  BOOST_TEST(WorkflowEventOf(ParcelMilestone::kReadyForPickup, "home") == "");
  BOOST_TEST(WorkflowEventOf(ParcelMilestone::kProblem, "relay") == "");
}
