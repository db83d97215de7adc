// Where each shipment of an order is in its mode's workflow, as the order stores it next to its deliveries
// (one entry per delivery entry, same index):
//   "progress": [ { "mode": "relay", "step": "shipped", "history": ["placed", "preparing", "prepared"],
//                   "parcel": {"carrier": "mondial-relay", "tracking_number": "12345678"},
//                   "eta": "2026-12-03" } ]
// An order written before workflows existed, or moved by the coarse status route (POST .../status), has no
// entry or one that lags: it reads as its workflow walked along the normal way up to the order's status,
// so the timeline never contradicts the status, and a cancelled order's shipments read as cancelled.
#ifndef RELAIS_EDGE_ORDERS_ORDER_PROGRESS_H_
#define RELAIS_EDGE_ORDERS_ORDER_PROGRESS_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "edge/model/notification.h"
#include "edge/model/order.h"
#include "wasm/engine/workflow.h"

namespace relais::edge {

struct ShipmentProgress {
  const Workflow* workflow = nullptr;  // Its delivery's mode's.
  WorkflowState state;
  nlohmann::json parcel;  // {carrier, tracking_number} once handed to a carrier, else null.
  std::string eta;        // A new arrival date staff gave (a delay), "" : the plan's.
};

// The progress of `order` (not a parent: a parent's shipments are its children's), one per delivery
// entry, each by its ShipmentWorkflow (order_workflows.h).
std::vector<ShipmentProgress> ReadProgress(const Order& order, const std::vector<Workflow>& workflows);

// What the order stores.
nlohmann::json ProgressJson(const std::vector<ShipmentProgress>& progress);

// The coarse status a shipment has reached: the most advanced order_status among its steps so far,
// kPlaced when none has one.
OrderStatus ReachedStatus(const ShipmentProgress& shipment);

// True when the shipment is at, or went through, a step whose order_status is `status`. (A shipment that
// comes by a transfer reaches "shipped" when it leaves the source, and "ready" only when it is at the store:
// ReachedStatus >= ready says nothing about the store.)
bool PassedStatus(const ShipmentProgress& shipment, OrderStatus status);

// The order's status its shipments make: the least advanced status reached by those not cancelled
// (kCancelled when all are, kPlaced when there is none).
OrderStatus ImpliedStatus(const std::vector<ShipmentProgress>& progress);

// Applies a carrier's `event` to *shipment: when the current step does not take it but a step ahead on
// the normal way does (a scan the staff never recorded, e.g. "ready at the relay" while the order still
// says "prepared"), the shipment walks there first -- the carrier's scan is the fact. Otherwise as
// ApplyWorkflowEvent.
WorkflowMove ApplyCarrierEvent(const Workflow& workflow, std::string_view event, WorkflowState* state);

// A workflow event recorded on an order: its event and what it says; the progress and the status it implies
// come from the shipments (ProgressJson, ImpliedStatus).
struct ProgressChange {
  std::string kind = "step";
  nlohmann::json details = nlohmann::json::object();
  Actor actor;
  std::vector<std::string> parcel_numbers;  // Tracking numbers given now: the order is found by them.
  std::vector<Notification> notifications;  // What the step tells the shopper: queued once, with the step.
  // The date promised to the shopper moved to this one (a delay, or a step given a new eta): the shopper
  // is told. "" : it did not.
  std::string moved_eta;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_ORDER_PROGRESS_H_
