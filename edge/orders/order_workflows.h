// The workflows edge runs orders by: every mode's defaults (edge/orders/workflows.json, compiled in) with the
// merchant's file over them -- a mode the file names replaces the default's, so a merchant adds, hides or
// renames steps without code, or adds a mode of its own (a workflow whose mode is new names its "route": the
// engine's route kind it is planned, priced and checked as -- a brand's courier fleet is a home route with its
// own offers and steps; its shipments after a transfer run its one workflow). Each engine mode has two: its own, and
// the one of its shipments that first come by a transfer from another site (after_transfer: the goods leave the source,
// travel, arrive, and only then is the shopper told they are ready); a merchant's file replaces each on its own. Each
// step's order_status must be one of the coarse statuses (kOrderStatuses): what reaching it does to the order's stock.
#ifndef RELAIS_EDGE_ORDERS_ORDER_WORKFLOWS_H_
#define RELAIS_EDGE_ORDERS_ORDER_WORKFLOWS_H_

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "wasm/engine/split_plan.h"
#include "wasm/engine/workflow.h"

namespace relais::edge {

// The compiled-in defaults' text (edge/orders/workflows.json).
std::string_view DefaultWorkflowsText();

// The defaults with the workflows of `merchant_text` ("" : none) over them, into *workflows. Returns "" or
// what is wrong (the file's field, a mode no order has, an unknown order_status); *workflows is then
// unchanged.
std::string LoadOrderWorkflows(std::string_view merchant_text, std::vector<Workflow>* workflows);

// The modes the merchant added (workflows with a route), in the order they came, each once.
std::vector<MerchantMode> MerchantModesOf(const std::vector<Workflow>& workflows);

// The workflow of `mode` in `workflows` (its after-transfer one when `after_transfer`), or null.
const Workflow* WorkflowFor(const std::vector<Workflow>& workflows, std::string_view mode, bool after_transfer = false);

// True when an order's shipment (an entry of Order::delivery: {site, mode, destination, via}) first goes by
// a transfer: collected at another site than the one it leaves from, or delivered by a `via` site. A
// reserve_transfer is not: its mode is a transfer already.
bool ArrivesByTransfer(const nlohmann::json& delivery);

// The workflow a shipment runs by (its mode's, after a transfer when it arrives by one); the home workflow
// for a mode with none (an order written before its mode's workflow existed).
const Workflow& ShipmentWorkflow(const std::vector<Workflow>& workflows, const nlohmann::json& delivery);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_ORDER_WORKFLOWS_H_
