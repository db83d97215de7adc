#include "edge/orders/order_progress.h"

#include <algorithm>

#include "edge/orders/order_family.h"
#include "edge/orders/order_workflows.h"

namespace relais::edge {

namespace {

using nlohmann::json;

// The step an order at `state` normally goes to next, or null at an end.
const WorkflowTransition* NormalWay(const Workflow& w, const WorkflowState& state) {
  for (const WorkflowTransition& t : w.transitions) {
    if (t.from == state.step) return &t;
  }
  return nullptr;
}

// The coarse status `step` means (the workflow file's order_status, checked forward by LoadWorkflows),
// nullopt for a step that means none.
std::optional<OrderStatus> StepStatus(const Workflow& w, const std::string& step) {
  const std::optional<size_t> s = w.Step(step);
  if (!s) return std::nullopt;
  const std::optional<OrderStatus> status = ParseOrderStatus(w.steps[*s].order_status);
  return status == OrderStatus::kCancelled ? std::nullopt : status;
}

// Walks *state along the normal way while it is behind `target` and the next step does not pass it.
void CatchUp(const Workflow& w, OrderStatus target, ShipmentProgress* shipment) {
  while (ReachedStatus(*shipment) < target) {
    const WorkflowTransition* next = NormalWay(w, shipment->state);
    if (!next) return;
    if (const std::optional<OrderStatus> step = StepStatus(w, next->to); step && *step > target) return;
    shipment->state.history.push_back(shipment->state.step);
    shipment->state.step = next->to;
  }
}

}  // namespace

std::vector<ShipmentProgress> ReadProgress(const Order& order, const std::vector<Workflow>& workflows) {
  std::vector<ShipmentProgress> progress;
  const json stored = order.progress.is_array() ? order.progress : json::array();
  for (size_t i = 0; i < order.delivery.size(); ++i) {
    ShipmentProgress shipment;
    shipment.workflow = &ShipmentWorkflow(workflows, order.delivery[i]);
    const Workflow& w = *shipment.workflow;
    shipment.state = StartWorkflow(w);
    if (i < stored.size() && stored[i].is_object()) {
      const json& s = stored[i];
      shipment.parcel = s.value("parcel", json());
      shipment.eta = s.value("eta", "");
      // A step this workflow has (customer service may have changed the mode: the same step carries on).
      if (const std::string step = s.value("step", ""); w.Step(step)) {
        shipment.state.step = step;
        shipment.state.history.clear();
        for (const json& h : s.value("history", json::array())) {
          if (h.is_string() && w.Step(h.get<std::string>())) shipment.state.history.push_back(h);
        }
      }
    }
    if (order.status == OrderStatus::kCancelled) {
      if (shipment.state.step != w.cancelled && !w.steps[*w.Step(shipment.state.step)].end) {
        shipment.state.history.push_back(shipment.state.step);
        shipment.state.step = w.cancelled;
      }
    } else {
      CatchUp(w, order.status, &shipment);
    }
    progress.push_back(std::move(shipment));
  }
  return progress;
}

json ProgressJson(const std::vector<ShipmentProgress>& progress) {
  json out = json::array();
  for (const ShipmentProgress& p : progress) {
    json entry = {{"mode", p.workflow->mode}, {"step", p.state.step}, {"history", p.state.history}};
    if (!p.parcel.is_null()) entry["parcel"] = p.parcel;
    if (!p.eta.empty()) entry["eta"] = p.eta;
    out.push_back(std::move(entry));
  }
  return out;
}

OrderStatus ReachedStatus(const ShipmentProgress& shipment) {
  const Workflow& w = *shipment.workflow;
  OrderStatus reached = OrderStatus::kPlaced;
  const auto consider = [&](const std::string& step) {
    if (const std::optional<OrderStatus> status = StepStatus(w, step)) reached = std::max(reached, *status);
  };
  for (const std::string& step : shipment.state.history) consider(step);
  consider(shipment.state.step);
  return reached;
}

bool PassedStatus(const ShipmentProgress& shipment, OrderStatus status) {
  const Workflow& w = *shipment.workflow;
  if (StepStatus(w, shipment.state.step) == status) return true;
  return std::any_of(shipment.state.history.begin(), shipment.state.history.end(),
                     [&](const std::string& step) { return StepStatus(w, step) == status; });
}

OrderStatus ImpliedStatus(const std::vector<ShipmentProgress>& progress) {
  std::vector<OrderStatus> reached;
  for (const ShipmentProgress& p : progress) {
    reached.push_back(p.state.step == p.workflow->cancelled ? OrderStatus::kCancelled : ReachedStatus(p));
  }
  return LeastAdvancedStatus(reached, OrderStatus::kPlaced);
}

WorkflowMove ApplyCarrierEvent(const Workflow& w, std::string_view event, WorkflowState* state) {
  WorkflowMove move = ApplyWorkflowEvent(w, event, false, state);
  if (move.moved || move.repeated) return move;
  WorkflowState ahead = *state;
  while (const WorkflowTransition* next = NormalWay(w, ahead)) {
    ahead.history.push_back(ahead.step);
    ahead.step = next->to;
    WorkflowState trial = ahead;
    if (ApplyWorkflowEvent(w, event, false, &trial).moved) {
      *state = std::move(trial);
      return {true, false, ""};
    }
  }
  return move;
}

}  // namespace relais::edge
