// What orders become: moving forward through the coarse statuses, cancelling (a parent's cancel cascades
// to each child that still can be), and any change a caller decides on one order (its workflow progress,
// its lines after a question's answer, another relay point) -- with what each implies: the stock
// movements of a status reached (OrderStepMovements), the events, and the parent that follows its
// children (order_family.h).
//
// Every rule is here; the store only persists the OrderCommit this computes, refusing it when an order
// moved on since it was read. Then the change is decided again on a fresh read, so that two staff
// members, a carrier's webhook and the shopper acting at once each see the others' work.
#ifndef RELAIS_EDGE_ORDERS_ORDER_LIFECYCLE_H_
#define RELAIS_EDGE_ORDERS_ORDER_LIFECYCLE_H_

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "edge/model/order.h"
#include "edge/orders/order_error.h"
#include "edge/store/store.h"

namespace relais::edge {

class OrderLifecycle {
 public:
  // `store` outlives this.
  explicit OrderLifecycle(Store* store) : store_(store) {}

  // What follows from an order (not a parent) changing, written with the change whoever decided it: called with
  // each such order as read and as it becomes, on every attempt, before the commit is written (invoicing.h adds
  // the invoices of the shipments that leave).
  using Consequences =
      std::function<void(const std::string& brand, const Order& before, const Order& after, OrderCommit* commit)>;
  void set_consequences(Consequences consequences) { consequences_ = std::move(consequences); }

  struct Advanced {
    Order order;  // As stored after.
    // A parent's cancel: what became of each child, [{id, site, cancelled, status, reason?}]; else null.
    nlohmann::json children;
  };
  // Moves order `id` forward to `status` (kForwardStatuses order), or to kCancelled from one of the
  // `cancellable` statuses. An order already at `status` is answered as it is (a replay: nothing written). A parent's
  // status follows its children: moving it forward is derived_status; cancelling it cancels each child that still can
  // be (not_cancellable, with the children's outcome in details, when none could). Errors: not_found, status_backwards,
  // not_cancellable, derived_status, insufficient_stock (a figure the movements cannot take), order_moved (kept moving
  // under every retry).
  OrderResult<Advanced> Advance(const std::string& brand, const std::string& id, OrderStatus status,
                                const std::vector<OrderStatus>& cancellable, const Actor& actor);

  // A change decided by the caller on a fresh read of order `id` (never a parent: its changes are its
  // children's). `decide` edits *order (lines, deliveries, total, progress, questions), adds what it
  // writes beside (movements, events, notifications, parcel numbers) to *commit, and sets *status to the
  // coarse status the order reaches (left empty: none; a forward status moves the order only when it is
  // ahead; kCancelled cancels it). It returns false to write nothing, and may throw its caller's errors. The
  // status move's movements and event and the parent's re-derivation are added here. Decided again on a
  // fresh read when another write came first. The status moves in the name of the actor of the decision's
  // first event (the one who made the change), "system" when it adds none.
  using Decision = std::function<bool(Order* order, OrderCommit* commit, std::optional<OrderStatus>* status)>;
  struct Changed {
    bool written = false;
    Order order;  // As stored after (as read when nothing was written).
  };
  OrderResult<Changed> Change(const std::string& brand, const std::string& id, const Decision& decide);

  // Several orders changed in one transaction (a manifest's hand-overs): `decide` as Change's, on a fresh read
  // of each of `ids` (false leaves that order out); each parent follows its children once; then `finish` adds
  // what is written with them (it may refuse: nothing is written). All or none, decided again from the start
  // when another write came first. Returns the orders as stored (children, then parents).
  using Finish = std::function<std::optional<OrderError>(const std::vector<Order>& changed, OrderCommit* commit)>;
  OrderResult<std::vector<Order>> ChangeAll(const std::string& brand, const std::vector<std::string>& ids,
                                            const Decision& decide, const Finish& finish);

 private:
  // How often a change is decided again when other writes keep coming first.
  static constexpr int kAttempts = 8;

  // Appends to *commit what moving *order (not a parent) to `status` does -- its stock movements and its
  // event -- and moves it.
  static void MoveStatus(Order* order, OrderStatus status, const Actor& actor, OrderCommit* commit);
  // Adds `child`'s parent, following it, to *commit (nothing for an order that is no child).
  OrderResult<bool> AddParent(const std::string& brand, const Order& child, OrderCommit* commit);
  // One attempt of Advance, of Change; nullopt when the store saw another write first.
  OrderResult<std::optional<Advanced>> TryAdvance(const std::string& brand, const std::string& id, OrderStatus status,
                                                  const std::vector<OrderStatus>& cancellable, const Actor& actor);
  OrderResult<std::optional<Changed>> TryChange(const std::string& brand, const std::string& id,
                                                const Decision& decide);
  OrderResult<std::optional<std::vector<Order>>> TryChangeAll(const std::string& brand,
                                                              const std::vector<std::string>& ids,
                                                              const Decision& decide, const Finish& finish);

  // Calls consequences_, when set.
  void AddConsequences(const std::string& brand, const Order& before, const Order& after, OrderCommit* commit) const {
    if (consequences_) consequences_(brand, before, after, commit);
  }

  Store* store_;
  Consequences consequences_;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_ORDER_LIFECYCLE_H_
