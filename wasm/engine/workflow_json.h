// Workflows in their config file (edge/orders/workflows.json holds the defaults; a merchant's file replaces the
// modes it names, each way: a mode's workflow, and its workflow after a transfer):
//   { "workflows": [ { "mode": "relay", "after_transfer": false, "cancellable_until": "placed",
//       "cancelled": "cancelled",
//       "steps": [ { "id": "placed", "label": { "fr": "Commande reçue", "en": "Order received" },
//                    "visible": true, "needs_shopper": false, "end": false, "notify": false,
//                    "order_status": "" }, ... ],
//       "transitions": [ { "from": "placed", "event": "preparation_started", "to": "preparing",
//                          "by_shopper": false }, ... ] } ] }
// "visible" defaults to true, "after_transfer", "needs_shopper", "end", "notify" and "by_shopper" to false,
// "order_status" to "" (the server checks its value), "cancelled" to "cancelled".
#ifndef RELAIS_ENGINE_WORKFLOW_JSON_H_
#define RELAIS_ENGINE_WORKFLOW_JSON_H_

#include <string>
#include <string_view>
#include <vector>

#include "wasm/engine/workflow.h"

namespace relais {

// Reads the workflows of `text` into *workflows and checks each (ValidateWorkflow). Returns "" or what is
// wrong, naming the workflow and the field; *workflows is then unchanged.
std::string ParseWorkflows(std::string_view text, std::vector<Workflow>* workflows);

}  // namespace relais

#endif  // RELAIS_ENGINE_WORKFLOW_JSON_H_
