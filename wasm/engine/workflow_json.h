// Workflows in their config file (edge/workflows.json holds the defaults; a merchant's file replaces the
// modes it names):
//   { "workflows": [ { "mode": "relay", "cancellable_until": "placed", "cancelled": "cancelled",
//       "steps": [ { "id": "placed", "label": { "fr": "Commande reçue", "en": "Order received" },
//                    "visible": true, "needs_shopper": false, "end": false }, ... ],
//       "transitions": [ { "from": "placed", "event": "preparation_started", "to": "preparing" }, ... ] } ] }
// "visible" defaults to true, "needs_shopper" and "end" to false, "cancelled" to "cancelled".
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
