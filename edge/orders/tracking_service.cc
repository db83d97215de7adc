#include "edge/orders/tracking_service.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "edge/orders/order_workflows.h"
#include "edge/orders/tracking_token.h"
#include "edge/secrets.h"
#include "edge/utc_now.h"
#include "wasm/engine/carrier_events.h"
#include "wasm/engine/civil_time.h"
#include "wasm/engine/instant.h"

namespace relais::edge {

namespace {

using nlohmann::json;

// The site whose staff move a shipment that comes by a transfer (ArrivesByTransfer): the source's until
// the goods leave it, the receiving site's (the collect site, or the `via` site that ships) once they left.
std::string TransferTurn(const json& delivery, bool goods_left) {
  if (!goods_left) return delivery.value("site", "");
  return delivery.value("via", delivery.value("destination", json::object()).value("site", ""));
}

// A carrier's event dated outside [now - 30 days, now + 1 day] is kept but moves nothing: a clock gone wrong
// or a replay of an old capture must not walk today's shipments. A day ahead covers time zones and skew.
constexpr int64_t kEventPastSeconds = 30 * 86400, kEventFutureSeconds = 86400;

// Refused pick-up codes lock an order's hand-overs after kCodeRefusalsPerOrder refusals, and a staff
// member's after kCodeRefusalsPerActor across orders, for kCodeLockSeconds: a six-digit code then takes
// years to guess, not minutes.
constexpr int64_t kCodeRefusalsPerOrder = 5, kCodeRefusalsPerActor = 20, kCodeLockSeconds = 15 * 60;

bool SameParcel(const json& parcel, const std::string& carrier, const std::string& number) {
  if (!parcel.is_object() || parcel.value("carrier", "") != carrier) return false;
  const std::string stored = parcel.value("tracking_number", "");
  if (stored.size() != number.size()) return false;
  for (size_t i = 0; i < stored.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(stored[i])) != std::toupper(static_cast<unsigned char>(number[i]))) {
      return false;
    }
  }
  return true;
}

// "name, 1 rue X, 75001 PARIS": a place as a message names it.
std::string AddressLine(const std::string& name, const std::vector<std::string>& address, const std::string& postcode,
                        const std::string& city) {
  std::string line = name;
  for (const std::string& l : address) line += ", " + l;
  const std::string town = postcode + " " + city;
  if (town != " ") line += ", " + town;
  return line;
}

// Whether shipment `index` of `order` is collected at one of the brand's sites (click & collect, drive,
// a reservation...), where staff hand it over on the shopper's code; a relay point's carrier has its own.
bool IsCollectionAtSite(const Order& order, size_t index) {
  if (index >= order.delivery.size()) return false;
  const json& destination = order.delivery[index].value("destination", json::object());
  return destination.contains("site") && !(destination.contains("carrier") && destination.contains("id"));
}

// The ids of the open questions about shipment `shipment` of `order`.
json OpenQuestions(const Order& order, int64_t shipment) {
  json open = json::array();
  for (const json& q : order.questions) {
    if (q.value("status", "") == "open" && q.value("shipment", int64_t{0}) == shipment) open.push_back(q["id"]);
  }
  return open;
}

// Why a hand-over without the shopper's code is refused, to whom.
std::string HandOverWithoutCode(bool by_staff) {
  return by_staff ? "type the pick-up code the shopper shows: the hand-over needs it"
                  : "give the shopper's pick-up code, or a reason for handing over without it";
}

const WorkflowStep& CurrentStep(const ShipmentProgress& p) {
  return p.workflow->steps[*p.workflow->Step(p.state.step)];
}

}  // namespace

std::string TrackingLink(const NotificationConfig& config, const std::string& tracking_secret, const std::string& brand,
                         const std::string& order_id, const std::string& lang) {
  const std::string& url = config.tracking_url;
  if (url.empty()) return "";
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "order=" + order_id +
         "&token=" + MakeTrackingToken(tracking_secret, brand, order_id) + "&lang=" + lang;
}

TrackingService::TrackingService(Store* store, OrderLifecycle* lifecycle, RelaySnapshot* relays,
                                 const std::vector<Workflow>* workflows,
                                 const std::vector<OrderStatus>* merchant_cancellable,
                                 std::map<std::string, BrandMessaging> brands, Counter count)
    : store_(store),
      lifecycle_(lifecycle),
      relays_(relays),
      workflows_(workflows),
      merchant_cancellable_(merchant_cancellable),
      brands_(std::move(brands)),
      count_(std::move(count)) {}

std::vector<Order> TrackingService::ShipmentOrders(const std::string& brand, const Order& order) const {
  if (order.children.empty()) return {order};
  std::vector<Order> children;
  for (const ChildSummary& summary : order.children) {
    if (std::optional<Order> child = store_->GetOrder(brand, summary.id)) children.push_back(std::move(*child));
  }
  return children;
}

bool TrackingService::ShopperMaySend(const Order& order, const std::string& event) const {
  for (const json& delivery : order.delivery) {
    for (const WorkflowTransition& t : ShipmentWorkflow(*workflows_, delivery).transitions) {
      if (t.event == event && t.by_shopper) return true;
    }
  }
  return false;
}

std::optional<std::string> TrackingService::PickupCodeShown(const Order& order, size_t index,
                                                            const ShipmentProgress& p) const {
  if (!IsCollectionAtSite(order, index)) return std::nullopt;
  // From the step that says the goods are at the counter (order_status "ready") to the hand-over; not
  // while they are still on their way from another site.
  if (CurrentStep(p).end || !PassedStatus(p, OrderStatus::kReady)) return std::nullopt;
  return MakePickupCode(tracking_secret_, order.id, static_cast<int64_t>(index));
}

std::string TrackingService::WhereLine(const std::string& brand, const Order& order, size_t index,
                                       const std::string& lang) const {
  const json& destination = order.delivery[index].value("destination", json::object());
  if (destination.contains("carrier") && destination.contains("id")) {
    const std::shared_ptr<const RelayDataset> relays = relays_->Current();
    if (!relays) return "";
    const Snapshot& snapshot = *relays->snapshot;
    const std::optional<uint32_t> point = snapshot.Find(destination.value("carrier", ""), destination.value("id", ""));
    if (!point) return "";
    const RelayPoint record = snapshot.Record(*point);
    return (lang == "en" ? "Pick-up point: " : "Point de retrait : ") +
           AddressLine(record.name, record.address, record.postcode, record.city) + ".";
  }
  if (!destination.contains("site")) return "";
  const std::optional<Site> site = store_->GetSite(brand, destination.value("site", ""));
  if (!site) return "";
  std::vector<std::string> address;
  for (const json& l : site->location.value("address", json::array())) {
    if (l.is_string()) address.push_back(l.get<std::string>());
  }
  return (lang == "en" ? "Collect at: " : "Retrait : ") +
         AddressLine(site->name, address, site->location.value("postcode", ""), site->location.value("city", "")) + ".";
}

std::vector<Notification> TrackingService::Compose(const std::string& brand, const Order& order, int64_t shipment,
                                                   const std::string& trigger, const FactsFiller& fill) const {
  const auto found = brands_.find(brand);
  if (found == brands_.end()) return {};
  const BrandMessaging& messaging = found->second;
  if (messaging.notifications.smtp_url.empty() && messaging.notifications.sms_url.empty()) return {};
  NotificationFacts facts;
  facts.brand_name = messaging.name;
  facts.lang = order.contact.value("lang", "fr");
  facts.name = order.contact.value("name", "");
  facts.order_id = order.parent_id.empty() ? order.id : order.parent_id;  // The number the shopper knows.
  facts.link = TrackingLink(messaging.notifications, tracking_secret_, brand, facts.order_id, facts.lang);
  fill(&facts);
  return ComposeNotifications(messaging.notifications, brand, order, shipment, trigger, facts);
}

std::vector<Notification> TrackingService::NotificationsFor(const std::string& brand, const Order& order, size_t index,
                                                            const ShipmentProgress& p) const {
  const WorkflowStep& step = CurrentStep(p);
  return Compose(brand, order, static_cast<int64_t>(index), step.id, [&](NotificationFacts* facts) {
    facts->step_label = facts->lang == "en" ? step.label_en : step.label_fr;
    if (facts->step_label.empty()) facts->step_label = step.id;
    facts->where = WhereLine(brand, order, index, facts->lang);
    facts->code = PickupCodeShown(order, index, p).value_or("");  // The code goes to the shopper.
  });
}

std::vector<Notification> TrackingService::DateNotifications(const std::string& brand, const Order& order, size_t index,
                                                             const std::string& eta) const {
  // One message per date: the same delay replayed sends nothing more, a second delay sends again.
  return Compose(brand, order, static_cast<int64_t>(index), "eta:" + eta, [&](NotificationFacts* facts) {
    facts->step_label =
        (facts->lang == "en" ? "new expected date: " : "nouvelle date prévue : ") + DayText(eta, facts->lang);
    facts->where = WhereLine(brand, order, index, facts->lang);
  });
}

std::vector<Notification> TrackingService::QuestionNotifications(const std::string& brand, const Order& order,
                                                                 const std::string& question_id, int64_t shipment,
                                                                 const std::string& text_fr,
                                                                 const std::string& text_en) const {
  return Compose(brand, order, shipment, "question:" + question_id, [&](NotificationFacts* facts) {
    facts->step_label = facts->lang == "en" ? "a question awaits your answer" : "une question attend votre réponse";
    facts->where = facts->lang == "en" ? text_en : text_fr;
  });
}

std::vector<std::string> TrackingService::NotificationSecrets(const std::string& brand, const std::string& order_id,
                                                              const Notification& n) const {
  return {MakePickupCode(tracking_secret_, n.order_id, n.shipment),
          MakeTrackingToken(tracking_secret_, brand, order_id), MakeTrackingToken(tracking_secret_, brand, n.order_id)};
}

OrderResult<TrackingService::Applied> TrackingService::ChangeProgress(const std::string& brand, const std::string& id,
                                                                      size_t index, const ProgressDecision& decide) {
  // Decided on each fresh read the lifecycle makes: another event that came first is seen, not undone.
  Applied applied;
  applied.shipment = index;
  std::optional<OrderError> refused;
  bool notified = false;
  OrderResult<OrderLifecycle::Changed> changed =
      lifecycle_->Change(brand, id, [&](Order* order, OrderCommit* commit, std::optional<OrderStatus>* status) {
        refused.reset();
        applied.move = WorkflowMove{};
        std::vector<ShipmentProgress> progress = ReadProgress(*order, *workflows_);
        if (index >= progress.size()) {
          refused = OrderError{"invalid_field",
                               "order " + id + " has " + std::to_string(progress.size()) + " shipment(s)", "shipment"};
          return false;
        }
        ProgressChange change;
        const bool record = decide(*order, &progress[index], &applied.move, &change, &refused);
        applied.progress = progress[index];
        if (!record || refused) return false;
        if (applied.move.moved && CurrentStep(progress[index]).notify) {
          commit->notifications = NotificationsFor(brand, *order, index, progress[index]);
        }
        if (!change.moved_eta.empty()) {
          for (Notification& n : DateNotifications(brand, *order, index, change.moved_eta)) {
            commit->notifications.push_back(std::move(n));
          }
        }
        notified = !commit->notifications.empty();
        order->progress = ProgressJson(progress);
        *status = ImpliedStatus(progress);
        commit->events.push_back({order->id, change.kind, change.details, change.actor});
        for (const std::string& number : change.parcel_numbers) commit->parcel_numbers.emplace_back(order->id, number);
        return true;
      });
  if (!changed.ok()) return changed.error();
  if (refused) return *refused;
  applied.order = std::move(changed->order);
  applied.recorded = changed->written;
  if (notified && applied.recorded && on_notifications_queued_) on_notifications_queued_();
  return applied;
}

std::optional<OrderError> TrackingService::CheckPickupCode(const std::string& brand, const std::string& order_id,
                                                           const std::vector<std::string>& expected,
                                                           const std::string& code, const nlohmann::json& details,
                                                           const Actor& actor) {
  const Store::PickupCodeRefusals refused =
      store_->CountPickupCodeRefusals(brand, order_id, actor.who, UtcIsoSecondsAgo(kCodeLockSeconds));
  if (refused.for_order >= kCodeRefusalsPerOrder || refused.by_actor >= kCodeRefusalsPerActor) {
    return OrderError{
        "pickup_code_locked",
        "too many wrong pick-up codes: try again in " + std::to_string(kCodeLockSeconds / 60) + " minutes",
        "code",
        {{"retry_after_s", kCodeLockSeconds}}};
  }
  bool right = false;
  for (const std::string& e : expected) right = SameSecret(code, e) || right;  // Each compared in constant time.
  if (right) return std::nullopt;
  store_->RecordPickupCodeRefusal(brand, order_id, details, actor);
  const int64_t left =
      std::min(kCodeRefusalsPerOrder - refused.for_order, kCodeRefusalsPerActor - refused.by_actor) - 1;
  return OrderError{"wrong_pickup_code", "this is not the shipment's pick-up code", "code", {{"attempts_left", left}}};
}

std::optional<OrderError> TrackingService::CheckHandOverCode(const std::string& brand, const Order& order,
                                                             const std::optional<std::string>& code, bool by_staff,
                                                             const Actor& actor) {
  std::vector<std::string> expected;
  for (size_t i = 0; i < order.delivery.size(); ++i) {
    if (IsCollectionAtSite(order, i)) {
      expected.push_back(MakePickupCode(tracking_secret_, order.id, static_cast<int64_t>(i)));
    }
  }
  if (expected.empty()) return std::nullopt;
  if (!code) {
    if (!by_staff && !actor.reason.empty()) return std::nullopt;  // The back office, and why: recorded.
    return OrderError{"invalid_field", HandOverWithoutCode(by_staff), "code"};
  }
  return CheckPickupCode(brand, order.id, expected, *code, {{"route", "status"}}, actor);
}

std::optional<OrderError> TrackingService::TransferSideRefusal(const Order& order, const std::string& staff_site,
                                                               OrderStatus status) const {
  for (const json& delivery : order.delivery) {
    if (!ArrivesByTransfer(delivery)) continue;
    const std::string side = TransferTurn(delivery, status > OrderStatus::kShipped);
    if (staff_site != side) {
      return OrderError{"forbidden",
                        "site " + side + "'s staff move this order to " + OrderStatusText(status) +
                            " (a transfer: the source until the goods leave, the receiving site after)",
                        "status"};
    }
  }
  return std::nullopt;
}

std::optional<OrderError> TrackingService::WaitsForAnswers(const Order& order, OrderStatus status, bool by_staff,
                                                           const Actor& actor) const {
  if (status == OrderStatus::kCancelled || status < OrderStatus::kReady) return std::nullopt;
  if (!by_staff && !actor.reason.empty()) return std::nullopt;  // The back office moves on, and says why.
  json open = json::array();
  for (size_t i = 0; i < std::max<size_t>(order.delivery.size(), 1); ++i) {
    for (const json& id : OpenQuestions(order, static_cast<int64_t>(i))) open.push_back(id);
  }
  if (open.empty()) return std::nullopt;
  return OrderError{"questions_open",
                    "the shopper has not answered yet: order " + order.id + " waits for the answers before " +
                        OrderStatusText(status),
                    "status",
                    {{"questions", open}}};
}

OrderResult<TrackingService::Applied> TrackingService::Apply(const std::string& brand, const std::string& id,
                                                             const ShipmentEvent& e) {
  if (e.event == "handed_to_carrier" && !e.parcel) {
    return OrderError{"invalid_field", "a hand-over to the carrier gives the parcel's number",
                      "parcel.tracking_number"};
  }
  if (e.event == "delayed" && (!e.eta || e.by_shopper)) {
    return OrderError{"invalid_field",
                      e.by_shopper ? "the shopper does not announce delays" : "a delay gives its new eta", "eta"};
  }
  // A date promised to the shopper is one to come (a day gone would be sent to them as the new date).
  if (const std::optional<DayNumber> eta = e.eta ? ParseIsoDate(*e.eta) : std::nullopt;
      eta && *eta < DayOf(UnixSecondsNow()) - 1) {  // A day of slack: where it is still yesterday in UTC terms.
    return OrderError{"invalid_field", "eta " + *e.eta + " is in the past", "eta"};
  }
  const int64_t index = e.shipment.value_or(0);
  if (e.event != "delayed") {
    // What the event would do, on a read before the write: a replay or a refused event says so before any
    // code is asked for or counted; a hand-over of a collection needs the code the shopper shows. A wrong
    // code hands nothing over, is recorded on the order, and enough of them lock the hand-over for a while.
    const std::optional<Order> held = store_->GetOrder(brand, id);
    if (!held) return OrderError{"not_found", "order " + id + " not found", ""};
    const std::vector<ShipmentProgress> progress = ReadProgress(*held, *workflows_);
    const size_t at = static_cast<size_t>(index);
    if (at < progress.size() && (e.shipment || progress.size() == 1)) {
      const ShipmentProgress& before = progress[at];
      ShipmentProgress after = before;
      const WorkflowMove trial = ApplyWorkflowEvent(*before.workflow, e.event, e.by_shopper, &after.state);
      if (trial.repeated) return Applied{false, trial, *held, before, at};
      if (!trial.moved) {
        // A name no step of this workflow takes is a mistake in the request, not a step refused now.
        const Workflow& w = *before.workflow;
        json known = json::array();
        for (const WorkflowTransition& t : w.transitions) {
          if (std::find(known.begin(), known.end(), t.event) == known.end()) known.push_back(t.event);
        }
        if (e.event != "cancel" && std::find(known.begin(), known.end(), e.event) == known.end()) {
          return OrderError{"invalid_field",
                            "event " + e.event + " is none of the " + w.mode + " workflow's: " + known.dump(),
                            "event",
                            {{"events", known}}};
        }
        return OrderError{"event_refused", trial.refusal, "event"};
      }
      // A shipment that comes by a transfer has two sides: the source's staff move it until the goods leave,
      // the receiving site's staff from then on (each site's stock moves by its own hands).
      if (e.by_staff && !e.staff_site.empty() && at < held->delivery.size() && ArrivesByTransfer(held->delivery[at])) {
        const json& delivery = held->delivery[at];
        const bool left = PassedStatus(before, OrderStatus::kShipped);
        const std::string side = TransferTurn(delivery, left);
        if (e.staff_site != side) {
          const std::string source = delivery.value("site", "");
          return OrderError{"forbidden",
                            "site " + side + "'s staff move this shipment now (" +
                                (left ? "once it left " + source : "until it leaves " + source) + ")",
                            "event"};
        }
      }
      const bool hand_over = IsCollectionAtSite(*held, at) && ReachedStatus(after) == OrderStatus::kCollected &&
                             ReachedStatus(before) != OrderStatus::kCollected;
      if (hand_over && !e.code && (e.by_staff || e.actor.reason.empty())) {
        return OrderError{"invalid_field", HandOverWithoutCode(e.by_staff), "code"};
      }
    }
    if (e.code) {
      const std::vector<std::string> expected = {MakePickupCode(tracking_secret_, id, index)};
      if (std::optional<OrderError> refused =
              CheckPickupCode(brand, id, expected, *e.code, {{"shipment", index}}, e.actor)) {
        return *refused;
      }
    }
  } else if (e.code) {
    return OrderError{"invalid_field", "a delay hands nothing over: it takes no code", "code"};
  }
  return ChangeProgress(
      brand, id, static_cast<size_t>(index),
      [&](const Order& held, ShipmentProgress* p, WorkflowMove* move, ProgressChange* change,
          std::optional<OrderError>* refused) {
        if (!e.shipment && held.delivery.size() > 1) {
          *refused = OrderError{
              "invalid_field",
              "order " + held.id + " has " + std::to_string(held.delivery.size()) + " shipments: say which (0-based)",
              "shipment"};
          return false;
        }
        change->actor = e.actor;
        change->details = e.details;
        change->details.update({{"shipment", index}, {"event", e.event}, {"from", p->state.step}});
        // The date the shopper was promised: a delay's, else the plan's.
        const std::string promised =
            !p->eta.empty()
                ? p->eta
                : (index < static_cast<int64_t>(held.delivery.size()) ? held.delivery[index].value("latest", "") : "");
        if (e.event == "delayed") {  // A new arrival date, no step.
          move->repeated = p->eta == *e.eta;
          if (move->repeated) return false;
          change->kind = "delay";
          change->details["eta"] = *e.eta;
          p->eta = *e.eta;
          if (*e.eta != promised) change->moved_eta = *e.eta;
          return true;
        }
        *move = ApplyWorkflowEvent(*p->workflow, e.event, e.by_shopper, &p->state);
        if (move->repeated) return false;
        if (!move->moved) {
          *refused = OrderError{"event_refused", move->refusal, "event"};
          return false;
        }
        // Read on this very version: an answer may have come. The back office may move on, saying why.
        if (CurrentStep(*p).waits_for_answers && (e.by_staff || e.by_shopper || e.actor.reason.empty())) {
          if (const json open = OpenQuestions(held, index); !open.empty()) {
            *refused = OrderError{"questions_open",
                                  "the shopper has not answered yet: " + p->state.step + " waits for the answers",
                                  "event",
                                  {{"questions", open}}};
            return false;
          }
        }
        change->details["to"] = p->state.step;
        if (e.eta) {
          p->eta = *e.eta;
          change->details["eta"] = *e.eta;
          if (*e.eta != promised) change->moved_eta = *e.eta;
        }
        if (e.parcel) {
          const json parcel = {{"carrier", e.parcel->carrier}, {"tracking_number", e.parcel->tracking_number}};
          p->parcel = parcel;
          change->details["parcel"] = parcel;
          change->parcel_numbers.push_back(e.parcel->tracking_number);
        }
        return true;
      });
}

OrderResult<std::vector<Order>> TrackingService::HandOver(
    const std::string& brand, const std::vector<HandedParcel>& parcels, const Actor& actor,
    const std::function<std::optional<OrderError>(const std::vector<HandedParcel>& moved, OrderCommit* commit)>&
        finish) {
  std::vector<std::string> ids;
  for (const HandedParcel& p : parcels) {
    if (std::find(ids.begin(), ids.end(), p.order_id) == ids.end()) ids.push_back(p.order_id);
  }
  std::vector<HandedParcel> moved;  // Decided again on every attempt.
  bool notified = false;
  const auto decide = [&](Order* order, OrderCommit* commit, std::optional<OrderStatus>* status) {
    std::vector<ShipmentProgress> progress = ReadProgress(*order, *workflows_);
    bool changed = false;
    std::vector<int64_t> done;  // A shipment's first parcel moves it; the others are searched by.
    for (const HandedParcel& p : parcels) {
      if (p.order_id != order->id || p.shipment < 0 || p.shipment >= static_cast<int64_t>(progress.size())) continue;
      const size_t index = static_cast<size_t>(p.shipment);
      if (std::find(done.begin(), done.end(), p.shipment) != done.end()) {
        commit->parcel_numbers.emplace_back(order->id, p.number);
        moved.push_back(p);
        continue;
      }
      ShipmentProgress& shipment = progress[index];
      const std::string from = shipment.state.step;
      const WorkflowMove move = ApplyWorkflowEvent(*shipment.workflow, "handed_to_carrier", false, &shipment.state);
      if (!move.moved) continue;
      const json parcel = {{"carrier", p.carrier}, {"tracking_number", p.number}};
      shipment.parcel = parcel;
      commit->events.push_back({order->id,
                                "step",
                                {{"shipment", p.shipment},
                                 {"event", "handed_to_carrier"},
                                 {"from", from},
                                 {"to", shipment.state.step},
                                 {"parcel", parcel}},
                                actor});
      commit->parcel_numbers.emplace_back(order->id, p.number);
      if (CurrentStep(shipment).notify) {
        for (Notification& n : NotificationsFor(brand, *order, index, shipment)) {
          commit->notifications.push_back(std::move(n));
        }
      }
      done.push_back(p.shipment);
      moved.push_back(p);
      changed = true;
    }
    if (!changed) return false;
    notified = notified || !commit->notifications.empty();
    order->progress = ProgressJson(progress);
    *status = ImpliedStatus(progress);
    return true;
  };
  OrderResult<std::vector<Order>> stored = lifecycle_->ChangeAll(
      brand, ids,
      [&](Order* order, OrderCommit* commit, std::optional<OrderStatus>* status) {
        if (order->id == ids.front()) {  // A fresh attempt: what an earlier one decided is gone.
          moved.clear();
          notified = false;
        }
        return decide(order, commit, status);
      },
      [&](const std::vector<Order>&, OrderCommit* commit) { return finish(moved, commit); });
  if (stored.ok() && notified && on_notifications_queued_) on_notifications_queued_();
  return stored;
}

OrderResult<OrderLifecycle::Advanced> TrackingService::Cancel(const std::string& brand, const std::string& id,
                                                              bool by_shopper, const Actor& actor) {
  std::vector<OrderStatus> cancellable = *merchant_cancellable_;
  if (by_shopper) {
    // The shopper cancels the whole order while every running shipment's workflow still allows it.
    const std::optional<Order> order = store_->GetOrder(brand, id);
    if (!order) return OrderError{"not_found", "order " + id + " not found", ""};
    cancellable.clear();
    OrderStatus reached = OrderStatus::kPlaced;
    for (const Order& part : ShipmentOrders(brand, *order)) {
      for (const ShipmentProgress& p : ReadProgress(part, *workflows_)) {
        WorkflowState trial = p.state;
        const WorkflowMove move = ApplyWorkflowEvent(*p.workflow, "cancel", true, &trial);
        if (!move.moved && !move.repeated) return OrderError{"not_cancellable", move.refusal, ""};
      }
      if (part.status != OrderStatus::kCancelled) reached = std::max(reached, part.status);
    }
    // A part that moves on meanwhile is past these statuses: the lifecycle then refuses to cancel it.
    for (OrderStatus status : kForwardStatuses) {
      if (status <= reached) cancellable.push_back(status);
    }
  }
  return lifecycle_->Advance(brand, id, OrderStatus::kCancelled, cancellable, actor);
}

std::vector<CarrierEventOutcome> TrackingService::TakeCarrierEvents(const std::string& brand,
                                                                    const std::string& carrier,
                                                                    const std::string& number,
                                                                    std::vector<ParcelEvent> events) {
  // The shipment that carries this parcel (its number was given at hand-over).
  std::string carrying;
  size_t index = 0;
  for (const Order& o : store_->OrdersByParcelNumber(brand, number, 5)) {
    for (const Order& part : ShipmentOrders(brand, o)) {
      for (size_t i = 0; i < part.progress.size(); ++i) {
        if (carrying.empty() && SameParcel(part.progress[i].value("parcel", json()), carrier, number)) {
          carrying = part.id;
          index = i;
        }
      }
    }
  }
  std::vector<CarrierEventOutcome> results;
  for (ParcelEvent& event : events) {
    const ParcelMilestone milestone = MilestoneOf({carrier, event.code, event.justification, event.text});
    event.milestone = MilestoneName(milestone);
    event.outcome = "received";
    const bool fresh = store_->AddParcelEvent(brand, &event);
    CarrierEventOutcome result{event.code, event.milestone, !fresh, "", carrying, ""};
    std::string& outcome = result.outcome;
    if (milestone == ParcelMilestone::kUnknown) {
      outcome = "unknown_code";
      if (fresh) count_("parcel_events_unknown", 1);
    }
    const std::optional<UnixSeconds> at = ParseInstant(event.at);
    const UnixSeconds now = UnixSecondsNow();
    if (outcome.empty() && (!at || *at < now - kEventPastSeconds || *at > now + kEventFutureSeconds)) {
      outcome = "outside_window";
      if (fresh) count_("parcel_events_outside_window", 1);
    }
    if (carrying.empty()) {
      if (outcome.empty()) outcome = "no_order";
    } else if (outcome.empty()) {
      const OrderResult<Applied> applied = ChangeProgress(
          brand, carrying, index,
          [&](const Order&, ShipmentProgress* p, WorkflowMove* move, ProgressChange* change,
              std::optional<OrderError>*) {
            change->actor = {"carrier:" + carrier, ""};
            change->details = {{"shipment", index},  {"carrier", carrier},           {"tracking_number", number},
                               {"code", event.code}, {"milestone", event.milestone}, {"from", p->state.step}};
            const std::string step_event(WorkflowEventOf(milestone, p->workflow->mode));
            if (step_event.empty()) {  // Registered, or a problem staff must look at: no step.
              if (milestone != ParcelMilestone::kProblem || !fresh) return false;
              change->kind = "parcel_problem";
              if (!event.text.empty()) change->details["text"] = event.text;
              return true;
            }
            *move = ApplyCarrierEvent(*p->workflow, step_event, &p->state);
            if (!move->moved) return false;
            change->details["event"] = step_event;
            change->details["to"] = p->state.step;
            return true;
          });
      if (!applied.ok()) {
        // The order kept moving under every retry, or vanished: the event stays kept, to be seen by staff.
        outcome = "refused: " + applied.error().message;
      } else {
        outcome = applied->recorded                ? (applied->move.moved ? "moved" : "noted")
                  : applied->move.repeated         ? "repeated"
                  : !applied->move.refusal.empty() ? "refused: " + applied->move.refusal
                                                   : "no_step";
        result.step = applied->progress.state.step;
      }
    }
    store_->SetParcelEventOutcome(brand, event.id, event.milestone, carrying, outcome);
    results.push_back(std::move(result));
  }
  count_("parcel_events", events.size());
  return results;
}

}  // namespace relais::edge
