#include "edge/orders/order_lifecycle.h"

#include <algorithm>
#include <map>

#include "edge/orders/order_family.h"

namespace relais::edge {

using nlohmann::json;

namespace {

// A cancelled order frees the slots it booked (slot_booking.h): another shopper may take them.
void ReleaseCancelledSlots(OrderCommit* commit) {
  for (const Order& o : commit->orders) {
    if (o.status == OrderStatus::kCancelled) commit->slot_releases.push_back(o.id);
  }
}

OrderError NoOrder(const std::string& id) { return {"not_found", "order " + id + " not found", ""}; }

OrderError KeptMoving(const std::string& id) {
  return {"order_moved", "order " + id + " changed meanwhile: read it again", ""};
}

}  // namespace

void OrderLifecycle::MoveStatus(Order* order, OrderStatus status, const Actor& actor, OrderCommit* commit) {
  for (Movement& m : OrderStepMovements(*order, status)) commit->movements.push_back(std::move(m));
  commit->events.push_back({order->id, status == OrderStatus::kCancelled ? "cancelled" : "status",
                            json{{"from", OrderStatusName(order->status)}, {"to", OrderStatusName(status)}}, actor});
  order->status = status;
}

OrderResult<bool> OrderLifecycle::AddParent(const std::string& brand, const Order& child, OrderCommit* commit) {
  if (child.parent_id.empty()) return false;
  std::optional<Order> parent = store_->GetOrder(brand, child.parent_id);
  if (!parent) return NoOrder(child.parent_id);
  FollowChild(&*parent, child);
  commit->orders.push_back(std::move(*parent));
  return true;
}

OrderResult<OrderLifecycle::Advanced> OrderLifecycle::Advance(const std::string& brand, const std::string& id,
                                                              OrderStatus status,
                                                              const std::vector<OrderStatus>& cancellable,
                                                              const Actor& actor) {
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    OrderResult<std::optional<Advanced>> tried = TryAdvance(brand, id, status, cancellable, actor);
    if (!tried.ok()) return tried.error();
    if (*tried) return std::move(**tried);
  }
  return KeptMoving(id);
}

OrderResult<std::optional<OrderLifecycle::Advanced>> OrderLifecycle::TryAdvance(
    const std::string& brand, const std::string& id, OrderStatus status, const std::vector<OrderStatus>& cancellable,
    const Actor& actor) {
  std::optional<Order> order = store_->GetOrder(brand, id);
  if (!order) return NoOrder(id);
  const auto may_cancel = [&](const Order& o) {
    return std::find(cancellable.begin(), cancellable.end(), o.status) != cancellable.end();
  };
  OrderCommit commit;
  Advanced advanced;
  // The same move again (a retry after a lost answer, a second press): the order as it is, nothing
  // released or sold twice. A parent all of whose parts are cancelled is cancelled already likewise.
  if (status == order->status) {
    advanced.order = std::move(*order);
    return std::optional<Advanced>(std::move(advanced));
  }
  if (!order->children.empty()) {  // A parent: it follows its children.
    if (status != OrderStatus::kCancelled) {
      return OrderError{"derived_status",
                        "order " + id + " is served by " + std::to_string(order->children.size()) +
                            " sites: its status follows its child orders; move those forward",
                        ""};
    }
    bool any = false;
    advanced.children = json::array();
    for (ChildSummary& summary : order->children) {
      std::optional<Order> child = store_->GetOrder(brand, summary.id);
      if (!child) return NoOrder(summary.id);
      json result = {{"id", child->id}, {"site", child->site}};
      const std::string was = OrderStatusText(child->status);
      if (child->status == OrderStatus::kCancelled) {
        result.update({{"cancelled", true}, {"status", "cancelled"}, {"reason", "already cancelled"}});
      } else if (!may_cancel(*child)) {
        result.update({{"cancelled", false},
                       {"status", was},
                       {"reason", "too late: " + child->site + "'s part is already " + was}});
      } else {
        for (Movement& m : OrderStepMovements(*child, OrderStatus::kCancelled)) {
          commit.movements.push_back(std::move(m));
        }
        commit.events.push_back({child->id, "cancelled", {{"from", was}, {"with_parent", id}}, actor});
        child->status = OrderStatus::kCancelled;
        summary = SummarizeChild(*child);
        commit.orders.push_back(*child);
        result.update({{"cancelled", true}, {"status", "cancelled"}});
        any = true;
      }
      advanced.children.push_back(result);
    }
    if (!any && order->status != OrderStatus::kCancelled) {
      return OrderError{
          "not_cancellable",
          "order " + id + " is " + OrderStatusText(order->status) + ": no part of it can be cancelled now", "",
          json{{"children", advanced.children}}};
    }
    if (any) {
      commit.events.push_back(
          {id, "cancelled", {{"from", OrderStatusName(order->status)}, {"children", advanced.children}}, actor});
    }
    DeriveParent(&*order);
    commit.orders.push_back(*order);
  } else {
    if (status == OrderStatus::kCancelled) {
      if (!may_cancel(*order)) {
        return OrderError{"not_cancellable",
                          "order " + id + " is " + OrderStatusText(order->status) + ": too late to cancel", ""};
      }
    } else if (!IsAhead(status, order->status)) {
      return OrderError{
          "status_backwards",
          "order " + id + " is " + OrderStatusText(order->status) + ": it cannot become " + OrderStatusText(status),
          ""};
    }
    const Order before = *order;
    MoveStatus(&*order, status, actor, &commit);
    commit.orders.push_back(*order);
    AddConsequences(brand, before, *order, &commit);
    if (OrderResult<bool> parent = AddParent(brand, *order, &commit); !parent.ok()) return parent.error();
  }
  ReleaseCancelledSlots(&commit);
  StoreResult<std::vector<Order>> stored = store_->CommitOrders(brand, commit);
  if (!stored.ok()) {
    if (stored.error().kind == StoreError::Kind::kConflict) return std::optional<Advanced>();
    return OrderErrorOf(stored.error());
  }
  // The order is the commit's last for a parent (after its children), its first otherwise.
  advanced.order = order->children.empty() ? stored->front() : stored->back();
  return std::optional<Advanced>(std::move(advanced));
}

OrderResult<OrderLifecycle::Changed> OrderLifecycle::Change(const std::string& brand, const std::string& id,
                                                            const Decision& decide) {
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    OrderResult<std::optional<Changed>> tried = TryChange(brand, id, decide);
    if (!tried.ok()) return tried.error();
    if (*tried) return std::move(**tried);
  }
  return KeptMoving(id);
}

OrderResult<std::optional<OrderLifecycle::Changed>> OrderLifecycle::TryChange(const std::string& brand,
                                                                              const std::string& id,
                                                                              const Decision& decide) {
  std::optional<Order> order = store_->GetOrder(brand, id);
  if (!order) return NoOrder(id);
  Order changed = *order;
  OrderCommit commit;
  std::optional<OrderStatus> status;
  if (!decide(&changed, &commit, &status)) return std::optional<Changed>(Changed{false, *order});
  const Actor actor = commit.events.empty() ? Actor{"system", ""} : commit.events.front().actor;
  if (status == OrderStatus::kCancelled && changed.status != OrderStatus::kCancelled) {
    MoveStatus(&changed, *status, actor, &commit);
  } else if (status && IsAhead(*status, changed.status)) {
    MoveStatus(&changed, *status, actor, &commit);
  }
  commit.orders.insert(commit.orders.begin(), changed);
  AddConsequences(brand, *order, changed, &commit);
  if (OrderResult<bool> parent = AddParent(brand, changed, &commit); !parent.ok()) return parent.error();
  ReleaseCancelledSlots(&commit);
  StoreResult<std::vector<Order>> stored = store_->CommitOrders(brand, commit);
  if (!stored.ok()) {
    if (stored.error().kind == StoreError::Kind::kConflict) return std::optional<Changed>();
    return OrderErrorOf(stored.error());
  }
  return std::optional<Changed>(Changed{true, stored->front()});
}

OrderResult<std::vector<Order>> OrderLifecycle::ChangeAll(const std::string& brand, const std::vector<std::string>& ids,
                                                          const Decision& decide, const Finish& finish) {
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    OrderResult<std::optional<std::vector<Order>>> tried = TryChangeAll(brand, ids, decide, finish);
    if (!tried.ok()) return tried.error();
    if (*tried) return std::move(**tried);
  }
  return KeptMoving(ids.empty() ? "" : ids.front());
}

OrderResult<std::optional<std::vector<Order>>> OrderLifecycle::TryChangeAll(const std::string& brand,
                                                                            const std::vector<std::string>& ids,
                                                                            const Decision& decide,
                                                                            const Finish& finish) {
  OrderCommit commit;
  std::vector<Order> changed_orders;
  std::map<std::string, Order> parents;  // Read once, following each of their changed children.
  std::vector<std::string> parent_order;
  for (const std::string& id : ids) {
    std::optional<Order> order = store_->GetOrder(brand, id);
    if (!order) return NoOrder(id);
    Order changed = *order;
    std::optional<OrderStatus> status;
    const size_t first_event = commit.events.size();
    if (!decide(&changed, &commit, &status)) continue;
    const Actor actor = commit.events.size() > first_event ? commit.events[first_event].actor : Actor{"system", ""};
    if (status && (*status == OrderStatus::kCancelled ? changed.status != OrderStatus::kCancelled
                                                      : IsAhead(*status, changed.status))) {
      MoveStatus(&changed, *status, actor, &commit);
    }
    AddConsequences(brand, *order, changed, &commit);
    if (!changed.parent_id.empty()) {
      auto parent = parents.find(changed.parent_id);
      if (parent == parents.end()) {
        std::optional<Order> read = store_->GetOrder(brand, changed.parent_id);
        if (!read) return NoOrder(changed.parent_id);
        parent = parents.emplace(changed.parent_id, std::move(*read)).first;
        parent_order.push_back(changed.parent_id);
      }
      FollowChild(&parent->second, changed);
    }
    changed_orders.push_back(changed);
  }
  commit.orders = changed_orders;
  for (const std::string& id : parent_order) commit.orders.push_back(parents.at(id));
  ReleaseCancelledSlots(&commit);
  if (std::optional<OrderError> refused = finish(changed_orders, &commit)) return *refused;
  StoreResult<std::vector<Order>> stored = store_->CommitOrders(brand, commit);
  if (!stored.ok()) {
    if (stored.error().kind == StoreError::Kind::kConflict) return std::optional<std::vector<Order>>();
    return OrderErrorOf(stored.error());
  }
  return std::optional<std::vector<Order>>(std::move(stored).value());
}

}  // namespace relais::edge
