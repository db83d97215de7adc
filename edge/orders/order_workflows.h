// The workflows edge runs orders by: every mode's defaults (edge/orders/workflows.json, compiled in) with the
// merchant's file over them -- a mode the file names replaces the default's, so a merchant adds, hides or
// renames steps without code. Each step's order_status must be one of the coarse statuses (kOrderStatuses):
// what reaching it does to the order's stock.
#ifndef RELAIS_EDGE_ORDERS_ORDER_WORKFLOWS_H_
#define RELAIS_EDGE_ORDERS_ORDER_WORKFLOWS_H_

#include <string>
#include <string_view>
#include <vector>

#include "wasm/engine/workflow.h"

namespace relais::edge {

// The compiled-in defaults' text (edge/orders/workflows.json).
std::string_view DefaultWorkflowsText();

// The defaults with the workflows of `merchant_text` ("" : none) over them, into *workflows. Returns "" or
// what is wrong (the file's field, a mode no order has, an unknown order_status); *workflows is then
// unchanged.
std::string LoadOrderWorkflows(std::string_view merchant_text, std::vector<Workflow>* workflows);

// The workflow of `mode` in `workflows`, or null.
const Workflow* WorkflowFor(const std::vector<Workflow>& workflows, std::string_view mode);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_ORDER_WORKFLOWS_H_
