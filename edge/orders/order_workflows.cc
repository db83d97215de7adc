#include "edge/orders/order_workflows.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>

#include "edge/model/order.h"
#include "wasm/engine/workflow_json.h"

namespace relais::edge {

namespace {

// A status a step may reach: one on the way forward (a workflow's cancelled step is named as such).
bool IsOrderStatus(std::string_view name) {
  const std::optional<OrderStatus> status = ParseOrderStatus(name);
  return status && *status != OrderStatus::kCancelled;
}

// A name a merchant may give its mode: what URLs, capabilities and JSON keys carry.
bool IsModeName(std::string_view name) {
  return !name.empty() && name.size() <= 32 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

}  // namespace

std::string LoadOrderWorkflows(std::string_view merchant_text, std::vector<Workflow>* workflows) {
  std::vector<Workflow> all;
  if (std::string error = ParseWorkflows(DefaultWorkflowsText(), &all); !error.empty()) {
    return "the built-in workflows: " + error;  // A build problem: edge/orders/workflows.json is tested.
  }
  if (!merchant_text.empty()) {
    std::vector<Workflow> merchant;
    if (std::string error = ParseWorkflows(merchant_text, &merchant); !error.empty()) return error;
    for (size_t i = 0; i < merchant.size(); ++i) {
      const auto same = std::find_if(all.begin(), all.end(), [&](const Workflow& w) {
        return w.mode == merchant[i].mode && w.after_transfer == merchant[i].after_transfer;
      });
      const std::string at = "workflows[" + std::to_string(i) + "].";
      if (ParseDeliveryMode(merchant[i].mode)) {
        if (!merchant[i].route.empty()) {
          return at + "route: " + merchant[i].mode +
                 " is one of the engine's modes: only a mode of your own takes a route";
        }
      } else {
        // A mode the merchant adds: planned, priced and checked as its route kind, with its own steps. Its
        // workflow after a transfer may leave the route to its own workflow's.
        if (!IsModeName(merchant[i].mode)) {
          return at + "mode: \"" + merchant[i].mode + "\" is not a mode name (1-32 of a-z, 0-9 and _)";
        }
        if (merchant[i].route.empty()) {  // Named by its other workflow, before (moved into all) or after it.
          for (const std::vector<Workflow>* list : {&all, &merchant}) {
            for (const Workflow& w : *list) {
              if (&w != &merchant[i] && w.mode == merchant[i].mode && !w.route.empty()) merchant[i].route = w.route;
            }
          }
        }
        const std::optional<SplitMode> kind = ParseSplitMode(merchant[i].route);
        if (merchant[i].route.empty()) {
          return at + "route: " + merchant[i].mode +
                 " is not one of the engine's modes: a mode of your own names its route (home, relay, locker, "
                 "click_collect, drive or pedestrian)";
        }
        if (!kind || *kind == SplitMode::kReserve) {
          return at + "route: " + merchant[i].route +
                 " is not a route (home, relay, locker, click_collect, drive, pedestrian)";
        }
        const auto other = std::find_if(all.begin(), all.end(), [&](const Workflow& w) {
          return w.mode == merchant[i].mode && w.route != merchant[i].route;
        });
        if (other != all.end()) return at + "route: " + merchant[i].mode + " is " + other->route + " already";
        if (same == all.end()) {
          all.push_back(std::move(merchant[i]));
          continue;
        }
      }
      if (same == all.end()) {
        return at + "mode: " + merchant[i].mode + " has no workflow after a transfer (a mode a site transfers to)";
      }
      *same = std::move(merchant[i]);
    }
  }
  for (const Workflow& w : all) {
    for (const WorkflowStep& s : w.steps) {
      if (!s.order_status.empty() && !IsOrderStatus(s.order_status)) {
        return "workflow " + w.mode + ", step " + s.id + ": order_status " + s.order_status +
               " is not an order status (placed, preparing, ready, shipped, collected, delivered)";
      }
    }
  }
  *workflows = std::move(all);
  return "";
}

std::vector<MerchantMode> MerchantModesOf(const std::vector<Workflow>& workflows) {
  std::vector<MerchantMode> modes;
  for (const Workflow& w : workflows) {
    const std::optional<SplitMode> kind = ParseSplitMode(w.route);
    if (!kind || std::any_of(modes.begin(), modes.end(), [&](const MerchantMode& m) { return m.name == w.mode; })) {
      continue;
    }
    modes.push_back({w.mode, *kind});
  }
  return modes;
}

const Workflow* WorkflowFor(const std::vector<Workflow>& workflows, std::string_view mode, bool after_transfer) {
  for (const Workflow& w : workflows) {
    if (w.mode == mode && w.after_transfer == after_transfer) return &w;
  }
  return nullptr;
}

bool ArrivesByTransfer(const nlohmann::json& delivery) {
  if (!delivery.is_object()) return false;
  const std::optional<DeliveryMode> mode = DeliveryKindOf(delivery);
  if (!mode || *mode == DeliveryMode::kReserveTransfer) return false;
  if (!delivery.value("via", "").empty()) return true;
  const nlohmann::json& destination = delivery.value("destination", nlohmann::json::object());
  return IsCollected(*mode) && destination.is_object() && destination.contains("site") &&
         destination["site"] != delivery.value("site", "");
}

const Workflow& ShipmentWorkflow(const std::vector<Workflow>& workflows, const nlohmann::json& delivery) {
  const std::string mode = delivery.is_object() ? delivery.value("mode", "home") : "home";
  if (const Workflow* w = WorkflowFor(workflows, mode, ArrivesByTransfer(delivery))) return *w;
  if (const Workflow* w = WorkflowFor(workflows, mode)) return *w;
  return *WorkflowFor(workflows, "home");  // Always there: the defaults have it.
}

}  // namespace relais::edge
