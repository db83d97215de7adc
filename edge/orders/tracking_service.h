// Shipments through their workflows (order_progress.h): an event that staff, a merchant or the shopper
// sends, a carrier's scan, a cancellation -- each decided on a fresh read of the order that holds the
// shipment, with what it implies: the step, the coarse status, the parcel number the order is found by,
// and the messages a step that notifies sends the shopper (notifications.h), queued with the step.
//
// The pick-up code staff type at the counter is checked here too: a wrong code hands nothing over and is
// recorded, and enough wrong codes lock the hand-overs of the order, or of the staff member, for a while.
//
// Callers read and check the request's shapes and who may act; this decides what the event means and
// answers with an OrderError: invalid_field, event_refused, wrong_pickup_code, pickup_code_locked,
// not_cancellable, not_found, order_moved.
#ifndef RELAIS_EDGE_ORDERS_TRACKING_SERVICE_H_
#define RELAIS_EDGE_ORDERS_TRACKING_SERVICE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "edge/model/order.h"
#include "edge/orders/notifications.h"
#include "edge/orders/order_error.h"
#include "edge/orders/order_lifecycle.h"
#include "edge/orders/order_progress.h"
#include "edge/relay_snapshot.h"
#include "edge/store/store.h"
#include "wasm/engine/workflow.h"

namespace relais::edge {

// What a brand tells its shoppers, and under which name.
struct BrandMessaging {
  std::string name;
  NotificationConfig notifications;
};

// The tracking page's link for `order_id` (the order the shopper knows) with its token, "" when the brand
// has no page.
std::string TrackingLink(const NotificationConfig& config, const std::string& tracking_secret, const std::string& brand,
                         const std::string& order_id, const std::string& lang);

// A parcel handed to a carrier.
struct ParcelRef {
  std::string carrier;
  std::string tracking_number;
};

// An event on one shipment, its fields read (shapes) by the caller.
struct ShipmentEvent {
  std::string event;                // A workflow event, or "delayed" (a new arrival date, no step).
  std::optional<int64_t> shipment;  // Which of the order's shipments; required when it has several.
  std::optional<std::string> eta;   // YYYY-MM-DD: required of "delayed".
  std::optional<ParcelRef> parcel;  // Required of "handed_to_carrier".
  std::optional<std::string> code;  // The pick-up code staff typed: checked before anything moves.
  bool by_shopper = false;          // The shopper's own events only (workflow.h: by_shopper).
  bool by_staff = false;            // A site's staff: a collection is handed over on the shopper's code.
  // by_staff: their site. A shipment that comes by a transfer is moved by the source's staff until the goods
  // leave, by the receiving site's from then on (forbidden otherwise).
  std::string staff_site;
  Actor actor;  // Its reason stands for the code when a merchant hands a collection over without it.
  // Facts recorded with the step's event besides the standard ones (a pick list's containers).
  nlohmann::json details = nlohmann::json::object();
};

// What became of a carrier's event (TrackingService::TakeCarrierEvents).
struct CarrierEventOutcome {
  std::string code;
  std::string milestone;  // carrier_events.h's name.
  bool replayed = false;  // Kept before: changes nothing.
  // moved, noted, repeated, refused: <why>, no_step, unknown_code, outside_window, no_order.
  std::string outcome;
  std::string order;  // The order that carries the parcel, "" when none.
  std::string step;   // The shipment's step after, "" when no order.
};

class TrackingService {
 public:
  // Counts what happens ("parcel_events", "parcel_events_unknown", "parcel_events_outside_window").
  using Counter = std::function<void(const std::string& name, uint64_t n)>;
  // Every pointer outlives this; `workflows` and `merchant_cancellable` are read when used (they may be
  // filled after construction). `brands`: who sends messages (a brand missing sends none).
  // `notifications_queued` is called after a write that queued messages (the notifier's wake-up).
  TrackingService(Store* store, OrderLifecycle* lifecycle, RelaySnapshot* relays,
                  const std::vector<Workflow>* workflows, const std::vector<OrderStatus>* merchant_cancellable,
                  std::map<std::string, BrandMessaging> brands, Counter count);

  void set_tracking_secret(std::string secret) { tracking_secret_ = std::move(secret); }
  void set_on_notifications_queued(std::function<void()> hook) { on_notifications_queued_ = std::move(hook); }
  // Wakes the notifier when `queued` (written) holds a message.
  void NotifyQueued(const std::vector<Notification>& queued) const {
    if (!queued.empty() && on_notifications_queued_) on_notifications_queued_();
  }

  // The messages of `trigger` about shipment `shipment` of `order`: the brand's name, the shopper's
  // language and name, the order's number and tracking link, then what `fill` adds. None unless the brand
  // sends e-mail or SMS.
  using FactsFiller = std::function<void(NotificationFacts* facts)>;
  std::vector<Notification> Compose(const std::string& brand, const Order& order, int64_t shipment,
                                    const std::string& trigger, const FactsFiller& fill) const;

  // The orders that hold `order`'s shipments: its children, or itself.
  std::vector<Order> ShipmentOrders(const std::string& brand, const Order& order) const;

  // Whether `event` is a shopper's event (by_shopper, e.g. "arrived") in one of `order`'s workflows.
  bool ShopperMaySend(const Order& order, const std::string& event) const;

  // The pick-up code of shipment `index` of `order` as the shopper is shown it: from "ready" until the
  // shipment ends, for a collection at a site; nullopt otherwise (a relay point's carrier has its own).
  std::optional<std::string> PickupCodeShown(const Order& order, size_t index, const ShipmentProgress& p) const;

  struct Applied {
    bool recorded = false;  // Something was written (a step, a delay, a problem noted).
    WorkflowMove move;
    Order order;                // As stored after.
    ShipmentProgress progress;  // The shipment's, after.
    size_t shipment = 0;
  };
  // Applies `event` to its shipment of order `id` (not a parent: a parent's shipments are its children's).
  // The same event again is a replay (recorded false, move.repeated). Handing a collection at a site over
  // to the shopper takes the shopper's pick-up code: always from staff; a merchant (the back office) may
  // give a reason instead, recorded with the step. Errors: not_found, invalid_field (shipment, eta,
  // parcel.tracking_number, code), event_refused, questions_open (a step that waits_for_answers while the
  // shopper has not answered, unless a merchant gives a reason; details: questions), wrong_pickup_code
  // (details: attempts_left),
  // pickup_code_locked (details: retry_after_s), order_moved.
  OrderResult<Applied> Apply(const std::string& brand, const std::string& id, const ShipmentEvent& event);

  // A parcel handed to its carrier with the day's manifest (hand_over.h).
  struct HandedParcel {
    std::string order_id;
    int64_t shipment = 0;
    std::string carrier;
    std::string number;  // The first parcel's number tracks the shipment; every number finds the order.
  };
  // Hands each listed shipment to its carrier ("handed_to_carrier", with its parcel) in one transaction,
  // with what `finish` adds (the manifest, from the shipments that moved: one that cannot take the step any
  // more -- cancelled meanwhile, handed over by hand -- is left out). The steps notify the shopper as Apply's.
  // Errors: finish's, not_found, order_moved.
  OrderResult<std::vector<Order>> HandOver(
      const std::string& brand, const std::vector<HandedParcel>& parcels, const Actor& actor,
      const std::function<std::optional<OrderError>(const std::vector<HandedParcel>& moved, OrderCommit* commit)>&
          finish);

  // Checks a hand-over of `order` on the coarse status route, as Apply does: `code` must be one of its
  // collections' pick-up codes; a merchant (not `by_staff`) may give the actor's reason instead. nullopt
  // when it may go on (or `order` has no collection at a site). Apply's code errors.
  std::optional<OrderError> CheckHandOverCode(const std::string& brand, const Order& order,
                                              const std::optional<std::string>& code, bool by_staff,
                                              const Actor& actor);

  // Refuses staff of `staff_site` moving `order` to `status` on a side of a transfer that is not theirs: up
  // to the goods leaving (shipped) is the source's, collected or delivered the receiving site's. nullopt
  // for an order whose shipments come by no transfer.
  std::optional<OrderError> TransferSideRefusal(const Order& order, const std::string& staff_site,
                                                OrderStatus status) const;
  // On the coarse status route: questions_open when `order` would move to `status` (ready or beyond, not a
  // cancel) while a question to the shopper is open -- the steps after preparation wait for the answers. A
  // merchant (not `by_staff`) may move on anyway by giving the actor's reason (the shopper cannot be reached).
  std::optional<OrderError> WaitsForAnswers(const Order& order, OrderStatus status, bool by_staff,
                                            const Actor& actor) const;

  // Cancels order `id`: `by_shopper`, while every running shipment's workflow allows it; otherwise up to
  // the merchant's last cancellable status. A parent's cancel cascades (OrderLifecycle::Advance).
  OrderResult<OrderLifecycle::Advanced> Cancel(const std::string& brand, const std::string& id, bool by_shopper,
                                               const Actor& actor);

  // A carrier's events for parcel `number` (a webhook's, or a poll's): each kept once in the parcel-tracing
  // table, mapped to a milestone (carrier_events.h) and applied to the shipment that carries the parcel,
  // forward only. An event dated outside [now - 30 days, now + 1 day] is kept but moves nothing.
  std::vector<CarrierEventOutcome> TakeCarrierEvents(const std::string& brand, const std::string& carrier,
                                                     const std::string& number, std::vector<ParcelEvent> events);

  // What a question asked on `order` tells the shopper: a link to answer it on the tracking page.
  std::vector<Notification> QuestionNotifications(const std::string& brand, const Order& order,
                                                  const std::string& question_id, int64_t shipment,
                                                  const std::string& text_fr, const std::string& text_en) const;

  // What staff must not read in notification `n`, found from order `order_id`: its pick-up code and the
  // shopper's tracking tokens.
  std::vector<std::string> NotificationSecrets(const std::string& brand, const std::string& order_id,
                                               const Notification& n) const;

 private:
  // Lets `decide` change shipment `index` of order `id` on each fresh read (false: nothing to record; it
  // may set *refused) and records it with the status it implies and the messages the step sends.
  using ProgressDecision = std::function<bool(const Order& order, ShipmentProgress* shipment, WorkflowMove* move,
                                              ProgressChange* change, std::optional<OrderError>* refused)>;
  OrderResult<Applied> ChangeProgress(const std::string& brand, const std::string& id, size_t index,
                                      const ProgressDecision& decide);
  // What reaching `p`'s step tells the shopper of shipment `index` of `order`: none unless the brand sends
  // e-mail or SMS.
  std::vector<Notification> NotificationsFor(const std::string& brand, const Order& order, size_t index,
                                             const ShipmentProgress& p) const;
  // What a new promised date (`eta`, YYYY-MM-DD) for shipment `index` of `order` tells the shopper: the
  // date, where, the tracking link. None unless the brand sends e-mail or SMS.
  std::vector<Notification> DateNotifications(const std::string& brand, const Order& order, size_t index,
                                              const std::string& eta) const;
  // The pick-up point or site of shipment `index` of `order`, one line ("" : none), in `lang`.
  std::string WhereLine(const std::string& brand, const Order& order, size_t index, const std::string& lang) const;
  // Refuses a pick-up `code` typed by `actor` for order `order_id` that is none of `expected` (recorded
  // with `details`), or any code while the hand-overs are locked.
  std::optional<OrderError> CheckPickupCode(const std::string& brand, const std::string& order_id,
                                            const std::vector<std::string>& expected, const std::string& code,
                                            const nlohmann::json& details, const Actor& actor);

  Store* store_;
  OrderLifecycle* lifecycle_;
  RelaySnapshot* relays_;
  const std::vector<Workflow>* workflows_;
  const std::vector<OrderStatus>* merchant_cancellable_;
  std::map<std::string, BrandMessaging> brands_;
  Counter count_;
  std::string tracking_secret_;
  std::function<void()> on_notifications_queued_;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_TRACKING_SERVICE_H_
