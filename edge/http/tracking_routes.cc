// The tracking routes of HttpApi: an order's shipments through their workflows (order_progress.h). Staff
// and merchants send workflow events, the shopper reads the timeline and sends its own events (arrival,
// cancellation), carriers send signed webhooks whose codes the engine maps (carrier_events.h), and every
// carrier event is kept in the parcel-tracing table, understood or not.
#include <algorithm>

#include "edge/http/http_answer.h"
#include "edge/http/http_api.h"
#include "edge/http/order_errors.h"
#include "edge/http/relay_json.h"
#include "edge/json_fields.h"
#include "edge/model/order_json.h"
#include "edge/orders/carrier_tracking.h"
#include "edge/orders/notification_resend.h"
#include "edge/orders/order_family.h"
#include "edge/orders/order_progress.h"
#include "edge/orders/order_workflows.h"
#include "edge/orders/pickup_qr.h"
#include "edge/orders/tracking_token.h"
#include "edge/secrets.h"
#include "edge/utc_now.h"
#include "wasm/engine/carrier_events.h"
#include "wasm/engine/civil_time.h"
#include "wasm/engine/instant.h"
#include "wasm/engine/parcel_number.h"

namespace relais::edge {

namespace {

using nlohmann::json;

// "sha256=<hex>" of the body with `secret`, as the carrier signs it.
std::string WebhookSignature(const std::string& secret, const std::string& body) {
  return "sha256=" + HmacSha256Hex(secret, body);
}

const char* EntryStatus(TimelineEntry::Status status) {
  switch (status) {
    case TimelineEntry::kDone:
      return "done";
    case TimelineEntry::kCurrent:
      return "current";
    case TimelineEntry::kNext:
      return "next";
  }
  return "next";
}

// A carrier's event dated outside [now - 30 days, now + 1 day] is kept but moves nothing: a clock gone wrong
// or a replay of an old capture must not walk today's shipments. A day ahead covers time zones and skew.
constexpr int64_t kEventPastSeconds = 30 * 86400, kEventFutureSeconds = 86400;

// Refused pick-up codes lock an order's hand-overs after kCodeRefusalsPerOrder refusals, and a staff
// member's after kCodeRefusalsPerActor across orders, for kCodeLockSeconds: a six-digit code then takes
// years to guess, not minutes.
constexpr int64_t kCodeRefusalsPerOrder = 5, kCodeRefusalsPerActor = 20, kCodeLockSeconds = 15 * 60;

// `text` with each of `secrets` replaced by a mask.
std::string Masked(std::string text, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
      text.replace(at, secret.size(), "[masked]");
    }
  }
  return text;
}

// A notification as customer service reads it: what was sent, without `secrets` (the pick-up code staff
// must check and never read, the shopper's tracking token).
json NotificationJson(Notification n, const std::vector<std::string>& secrets) {
  n.subject = Masked(std::move(n.subject), secrets);
  n.body = Masked(std::move(n.body), secrets);
  json out = {{"id", n.id},           {"order", n.order_id},    {"shipment", n.shipment},
              {"trigger", n.trigger}, {"channel", n.channel},   {"recipient", n.recipient},
              {"status", n.status},   {"attempts", n.attempts}, {"created_at", n.created_at}};
  if (!n.subject.empty()) out["subject"] = n.subject;
  out["body"] = n.body;
  if (!n.last_error.empty()) out["last_error"] = n.last_error;
  if (!n.sent_at.empty()) out["sent_at"] = n.sent_at;
  return out;
}

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

}  // namespace

std::vector<std::string> HttpApi::NotificationSecrets(const std::string& brand, const std::string& order_id,
                                                      const Notification& n) const {
  return {MakePickupCode(tracking_secret_, n.order_id, n.shipment),
          MakeTrackingToken(tracking_secret_, brand, order_id), MakeTrackingToken(tracking_secret_, brand, n.order_id)};
}

bool HttpApi::ShopperMaySend(const Order& order, const std::string& event) {
  for (const json& delivery : order.delivery) {
    const Workflow* w = WorkflowFor(config_.workflows, delivery.value("mode", ""));
    if (!w) continue;
    for (const WorkflowTransition& t : w->transitions) {
      if (t.event == event && t.by_shopper) return true;
    }
  }
  return false;
}

std::vector<Order> HttpApi::ShipmentOrders(const std::string& brand, const Order& order) {
  if (order.children.empty()) return {order};
  std::vector<Order> children;
  for (const ChildSummary& summary : order.children) {
    if (std::optional<Order> child = store_->GetOrder(brand, summary.id)) children.push_back(std::move(*child));
  }
  return children;
}

json HttpApi::ShipmentJson(const std::string& brand, const Order& order, size_t index, const ShipmentProgress& p,
                           const std::string& lang, bool for_shopper) {
  const json& delivery = order.delivery[index];
  const Timeline timeline = RenderTimeline(*p.workflow, p.state, lang);
  json steps = json::array();
  for (const TimelineEntry& e : timeline.entries) {
    steps.push_back({{"step", e.step}, {"label", e.label}, {"status", EntryStatus(e.status)}});
  }
  json shipment = {{"order", order.id},
                   {"shipment", index},
                   {"site", delivery.value("site", "")},
                   {"mode", p.workflow->mode},
                   {"destination", delivery.value("destination", json::object())},
                   {"step", p.state.step},
                   {"steps", steps},
                   {"can_cancel", timeline.can_cancel},
                   {"awaits_shopper", timeline.awaits_shopper},
                   {"shopper_events", timeline.shopper_events}};
  if (!for_shopper) {
    json next = json::array();
    for (const WorkflowTransition& t : p.workflow->transitions) {
      if (t.from == p.state.step) next.push_back(t.event);
    }
    // The hand-over's parcel number: what the carrier's numbers look like, for the page to check as it is
    // typed (POST .../events checks it again). A home parcel's carrier is not known: the site stands for it.
    if (std::find(next.begin(), next.end(), "handed_to_carrier") != next.end()) {
      const json& destination = delivery.value("destination", json::object());
      const std::string carrier = destination.value("carrier", delivery.value("site", ""));
      const ParcelNumberShapes shapes = ShapesOfParcelNumbers(carrier);
      shipment["parcel_number"] = {{"carrier", carrier}, {"text", shapes.text}, {"pattern", shapes.pattern}};
    }
    shipment["next_events"] = next;
  }
  // A cancelled shipment arrives nowhere: no date is promised for it.
  const std::string eta = !p.eta.empty() ? p.eta : delivery.value("latest", "");
  if (!eta.empty() && p.state.step != p.workflow->cancelled) shipment["eta"] = eta;
  if (!p.parcel.is_null()) shipment["parcel"] = p.parcel;
  const json& destination = delivery.value("destination", json::object());
  if (destination.contains("carrier") && destination.contains("id")) {
    // The pick-up point as the shopper needs it now: hours, open now, a closure in force or coming.
    if (const std::shared_ptr<const RelayDataset> relays = relays_->Current()) {
      const Snapshot& snapshot = *relays->snapshot;
      const std::string carrier = destination.value("carrier", ""), id = destination.value("id", "");
      if (const std::optional<uint32_t> point = snapshot.Find(carrier, id)) {
        shipment["point"] = RelayJson(snapshot, *point, UnixSecondsNow());
      }
    }
  } else if (destination.contains("site")) {
    if (const std::optional<Site> site = store_->GetSite(brand, destination.value("site", ""))) {
      shipment["pickup_site"] = {{"id", site->id}, {"name", site->name}, {"location", site->location}};
    }
    // From "ready" to the hand-over: staff check it at the counter (POST .../events with "code").
    if (for_shopper && !p.workflow->steps[*p.workflow->Step(p.state.step)].end &&
        ReachedStatus(p) >= OrderStatus::kReady) {
      const std::string code = MakePickupCode(tracking_secret_, order.id, static_cast<int64_t>(index));
      shipment["pickup_code"] = code;
      // What the counter's scanner reads: the order, the shipment and the code.
      const std::vector<std::string> qr = QrModules("RELAIS:" + order.id + ":" + std::to_string(index) + ":" + code);
      if (!qr.empty()) shipment["pickup_qr"] = qr;
    }
  }
  return shipment;
}

HttpApi::ProgressOutcome HttpApi::ChangeProgress(const std::string& brand, const std::string& order_id, size_t index,
                                                 const ProgressDecision& decide) {
  // Decided on each fresh read the lifecycle makes: another event that came first is seen, not undone.
  ProgressOutcome outcome;
  bool notified = false;
  const OrderLifecycle::Changed changed = ValueOrThrow(
      lifecycle_.Change(brand, order_id, [&](Order* order, OrderCommit* commit, std::optional<OrderStatus>* status) {
        std::vector<ShipmentProgress> progress = ReadProgress(*order, config_.workflows);
        if (index >= progress.size()) {
          throw BadField("shipment", "order " + order_id + " has " + std::to_string(progress.size()) + " shipment(s)");
        }
        outcome = ProgressOutcome{};
        ProgressChange change;
        const bool record = decide(*order, &progress[index], &outcome.move, &change);
        outcome.progress = progress[index];
        if (!record) return false;
        const WorkflowStep& reached =
            progress[index].workflow->steps[*progress[index].workflow->Step(progress[index].state.step)];
        if (outcome.move.moved && reached.notify) {
          commit->notifications = NotificationsFor(brand, *order, index, progress[index]);
        }
        notified = !commit->notifications.empty();
        order->progress = ProgressJson(progress);
        *status = ImpliedStatus(progress);
        commit->events.push_back({order->id, change.kind, change.details, change.actor});
        for (const std::string& number : change.parcel_numbers) commit->parcel_numbers.emplace_back(order->id, number);
        return true;
      }));
  outcome.order = changed.order;
  outcome.recorded = changed.written;
  if (notified && changed.written && on_notifications_queued_) on_notifications_queued_();
  return outcome;
}

std::string HttpApi::TrackingLink(const NotificationConfig& config, const std::string& brand,
                                  const std::string& order_id, const std::string& lang) {
  const std::string& url = config.tracking_url;
  if (url.empty()) return "";
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "order=" + order_id +
         "&token=" + MakeTrackingToken(tracking_secret_, brand, order_id) + "&lang=" + lang;
}

std::vector<Notification> HttpApi::NotificationsFor(const std::string& brand, const Order& order, size_t index,
                                                    const ShipmentProgress& p) {
  const BrandConfig* config = BrandConfigOf(brand);
  if (!config || (config->notifications.smtp_url.empty() && config->notifications.sms_url.empty())) return {};
  NotificationFacts facts;
  facts.brand_name = config->name;
  facts.lang = order.contact.value("lang", "fr");
  facts.name = order.contact.value("name", "");
  facts.order_id = order.parent_id.empty() ? order.id : order.parent_id;  // The number the shopper knows.
  const WorkflowStep& step = p.workflow->steps[*p.workflow->Step(p.state.step)];
  facts.step_label = facts.lang == "en" ? step.label_en : step.label_fr;
  if (facts.step_label.empty()) facts.step_label = step.id;
  const json shipment = ShipmentJson(brand, order, index, p, facts.lang, true);  // The code goes to the shopper.
  const auto address = [](const json& o) {                                       // "name, 1 rue X, 75001 PARIS"
    std::string line = o.value("name", "");
    for (const json& l : o.value("address", json::array())) line += ", " + l.get<std::string>();
    const std::string town = o.value("postcode", "") + " " + o.value("city", "");
    if (town != " ") line += ", " + town;
    return line;
  };
  if (shipment.contains("point")) {
    facts.where = (facts.lang == "en" ? "Pick-up point: " : "Point de retrait : ") + address(shipment["point"]) + ".";
  } else if (shipment.contains("pickup_site")) {
    json site = shipment["pickup_site"]["location"];
    site["name"] = shipment["pickup_site"]["name"];
    facts.where = (facts.lang == "en" ? "Collect at: " : "Retrait : ") + address(site) + ".";
  }
  facts.code = shipment.value("pickup_code", "");
  facts.link = TrackingLink(config->notifications, brand, facts.order_id, facts.lang);
  return ComposeNotifications(config->notifications, brand, order, static_cast<int64_t>(index), step.id, facts);
}

Order HttpApi::CancelOrder(const Call& c, const std::string& id, json* outcome) {
  std::vector<OrderStatus> cancellable = cancellable_;
  if (c.role == kShopperRole) {
    // The shopper cancels the whole order while every running shipment's workflow still allows it.
    const std::optional<Order> order = store_->GetOrder(c.brand->id, id);
    if (!order) throw NotFound("order " + id);
    cancellable.clear();
    OrderStatus reached = OrderStatus::kPlaced;
    for (const Order& part : ShipmentOrders(c.brand->id, *order)) {
      const std::vector<ShipmentProgress> progress = ReadProgress(part, config_.workflows);
      for (const ShipmentProgress& p : progress) {
        WorkflowState trial = p.state;
        const WorkflowMove move = ApplyWorkflowEvent(*p.workflow, "cancel", true, &trial);
        if (!move.moved && !move.repeated) throw Conflict("not_cancellable", move.refusal);
      }
      if (part.status != OrderStatus::kCancelled) reached = std::max(reached, part.status);
    }
    // A part that moves on meanwhile is past these statuses: the lifecycle then refuses to cancel it.
    for (OrderStatus status : kForwardStatuses) {
      if (status <= reached) cancellable.push_back(status);
    }
  }
  OrderLifecycle::Advanced cancelled =
      ValueOrThrow(lifecycle_.Advance(c.brand->id, id, OrderStatus::kCancelled, cancellable, ActorOf(c)));
  if (outcome) *outcome = cancelled.children;
  return cancelled.order;
}

json HttpApi::TakeCarrierEvents(const std::string& brand, const std::string& carrier, const std::string& number,
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
  json results = json::array();
  for (ParcelEvent& event : events) {
    const ParcelMilestone milestone = MilestoneOf({carrier, event.code, event.justification, event.text});
    event.milestone = MilestoneName(milestone);
    event.outcome = "received";
    const bool fresh = store_->AddParcelEvent(brand, &event);
    json result = {{"code", event.code}, {"milestone", event.milestone}, {"replayed", !fresh}};
    const std::string order_id = carrying;
    std::string outcome;
    if (milestone == ParcelMilestone::kUnknown) {
      outcome = "unknown_code";
      if (fresh) metrics_.Count("parcel_events_unknown");
    }
    const std::optional<UnixSeconds> at = ParseInstant(event.at);
    const UnixSeconds now = UnixSecondsNow();
    if (outcome.empty() && (!at || *at < now - kEventPastSeconds || *at > now + kEventFutureSeconds)) {
      outcome = "outside_window";
      if (fresh) metrics_.Count("parcel_events_outside_window");
    }
    if (order_id.empty()) {
      if (outcome.empty()) outcome = "no_order";
    } else if (outcome.empty()) {
      const ProgressOutcome applied = ChangeProgress(
          brand, order_id, index, [&](const Order&, ShipmentProgress* p, WorkflowMove* move, ProgressChange* change) {
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
      outcome = applied.recorded                ? (applied.move.moved ? "moved" : "noted")
                : applied.move.repeated         ? "repeated"
                : !applied.move.refusal.empty() ? "refused: " + applied.move.refusal
                                                : "no_step";
      result["step"] = applied.progress.state.step;
    }
    store_->SetParcelEventOutcome(brand, event.id, event.milestone, order_id, outcome);
    result["outcome"] = outcome;
    if (!order_id.empty()) result["order"] = order_id;
    results.push_back(std::move(result));
  }
  metrics_.Count("parcel_events", events.size());
  return results;
}

void HttpApi::RegisterTrackingRoutes() {
  Route("GET", R"(/v1/orders/([^/]+)/timeline)", "/v1/orders/{id}/timeline", kMerchantRole | kStaffRole | kShopperRole,
        [this](Call& c) {
          const std::optional<Order> order = store_->GetOrder(c.brand->id, c.req.matches[1]);
          if (!order || !MaySee(c, *order)) throw NotFound("order " + std::string(c.req.matches[1]));
          std::string lang = c.req.has_param("lang") ? c.req.get_param_value("lang") : "fr";
          if (lang != "fr" && lang != "en") throw BadField("lang", "lang is fr or en");
          json shipments = json::array(), questions = json::array();
          bool can_cancel = false, running = false;
          for (const Order& part : ShipmentOrders(c.brand->id, *order)) {
            for (json q : part.questions) {
              q["order"] = part.id;
              questions.push_back(std::move(q));
            }
            const std::vector<ShipmentProgress> progress = ReadProgress(part, config_.workflows);
            for (size_t i = 0; i < progress.size(); ++i) {
              json shipment = ShipmentJson(c.brand->id, part, i, progress[i], lang, c.role == kShopperRole);
              const bool ended = progress[i].workflow->steps[*progress[i].workflow->Step(progress[i].state.step)].end;
              if (!ended) {
                can_cancel =
                    running ? can_cancel && shipment["can_cancel"].get<bool>() : shipment["can_cancel"].get<bool>();
                running = true;
              }
              shipments.push_back(std::move(shipment));
            }
          }
          SendJson(c.res, 200,
                   {{"id", order->id},
                    {"status", order->status},
                    {"created_at", order->created_at},
                    {"lang", lang},
                    {"can_cancel", running && can_cancel},
                    {"shipments", shipments},
                    {"questions", questions}});
        });

  Route("POST", R"(/v1/orders/([^/]+)/events)", "/v1/orders/{id}/events", kMerchantRole | kStaffRole | kShopperRole,
        [this](Call& c) {
          const std::optional<Order> order = store_->GetOrder(c.brand->id, c.req.matches[1]);
          if (!order || !MaySee(c, *order)) throw NotFound("order " + std::string(c.req.matches[1]));
          const json body = ParseBody(c.req.body);
          RejectUnknownFields(body, {"event", "order", "shipment", "eta", "parcel", "reason", "code"});
          const std::string event = RequiredText(body, "event", 64);
          const bool by_shopper = c.role == kShopperRole;
          const std::optional<std::string> code = OptionalText(body, "code", 16);
          if (code && by_shopper) throw BadField("code", "the shopper shows the code, staff type it");
          if (by_shopper && event != "cancel" && !ShopperMaySend(*order, event)) {
            throw ApiError(403, "forbidden", "the shopper does not send " + event);
          }
          if (event == "cancel") {  // The whole order, as POST .../cancel.
            json outcome;
            json answer = OrderJson(CancelOrder(c, order->id, &outcome));
            if (!outcome.is_null()) answer["cancellation"] = outcome;
            SendJson(c.res, 200, {{"moved", true}, {"repeated", false}, {"order", answer}});
            return;
          }
          // The (child) order that holds the shipment: a parent's shipments are its children's.
          std::string target = order->id;
          if (!order->children.empty()) {
            target = RequiredId(body, "order");
            bool child = false;
            for (const ChildSummary& summary : order->children) child = child || summary.id == target;
            if (!child) throw BadField("order", "order names one of " + order->id + "'s child orders");
          } else if (body.contains("order") && RequiredId(body, "order") != order->id) {
            throw BadField("order", "order names this order (it has no child orders)");
          }
          if (c.role == kStaffRole) {
            const std::optional<Order> held = target == order->id ? order : store_->GetOrder(c.brand->id, target);
            if (!held || !MaySee(c, *held)) throw NotFound("order " + target);
            if (!MayMove(c, *held)) {
              throw ApiError(403, "forbidden", "staff move the shipments their site prepares or hands over", "order");
            }
          }
          const std::optional<int64_t> index = OptionalInt(body, "shipment", 0, 1000);
          const std::optional<std::string> eta = OptionalText(body, "eta", 10);
          if (eta && !ParseIsoDate(*eta)) throw BadField("eta", "eta must be YYYY-MM-DD");
          json parcel;
          if (body.contains("parcel")) {
            if (by_shopper) throw BadField("parcel", "the shopper does not give parcel numbers");
            const json& p = body["parcel"];
            if (!p.is_object()) throw BadField("parcel", "parcel is {carrier, tracking_number}");
            RejectUnknownFields(p, {"carrier", "tracking_number"}, "parcel.");
            const std::string carrier = RequiredId(p, "carrier", "parcel.");
            const std::string number = RequiredId(p, "tracking_number", "parcel.");
            // A number typed at the counter: it has the shape of one of the carrier's numbers, and its check
            // characters catch most typos before a parcel is tracked under another's number.
            if (!LooksLikeParcelNumber(carrier, number)) {
              throw BadField("parcel.tracking_number", "this is not a " + carrier + " parcel number: it is " +
                                                           ShapesOfParcelNumbers(carrier).text);
            }
            if (const ParcelNumberCheck check = CheckParcelNumber(carrier, number); !check.valid) {
              throw BadField("parcel.tracking_number",
                             "this " + check.format + " number fails its check: a character is mistyped");
            }
            parcel = {{"carrier", carrier}, {"tracking_number", number}};
          }
          if (event == "handed_to_carrier" && parcel.is_null()) {
            throw BadField("parcel.tracking_number", "a hand-over to the carrier gives the parcel's number");
          }
          if (event == "delayed" && (!eta || by_shopper)) {
            throw BadField("eta", by_shopper ? "the shopper does not announce delays" : "a delay gives its new eta");
          }
          const Actor actor = ActorOf(c, OptionalText(body, "reason", 500).value_or(""));
          // The code the shopper shows, when staff typed it: a wrong one hands nothing over, is recorded on
          // the order, and enough of them lock the hand-over for a while.
          if (code) {
            const Store::PickupCodeRefusals refused =
                store_->CountPickupCodeRefusals(c.brand->id, target, actor.who, UtcIsoSecondsAgo(kCodeLockSeconds));
            if (refused.for_order >= kCodeRefusalsPerOrder || refused.by_actor >= kCodeRefusalsPerActor) {
              throw ApiError(
                  429, "pickup_code_locked",
                  "too many wrong pick-up codes: try again in " + std::to_string(kCodeLockSeconds / 60) + " minutes",
                  "code")
                  .WithDetails({{"retry_after_s", kCodeLockSeconds}});
            }
            if (!SameSecret(*code, MakePickupCode(tracking_secret_, target, index.value_or(0)))) {
              store_->RecordPickupCodeRefusal(c.brand->id, target, {{"shipment", index.value_or(0)}}, actor);
              const int64_t left =
                  std::min(kCodeRefusalsPerOrder - refused.for_order, kCodeRefusalsPerActor - refused.by_actor) - 1;
              throw Conflict("wrong_pickup_code", "this is not the shipment's pick-up code", "code")
                  .WithDetails({{"attempts_left", left}});
            }
          }
          const ProgressOutcome outcome = ChangeProgress(
              c.brand->id, target, static_cast<size_t>(index.value_or(0)),
              [&](const Order& held, ShipmentProgress* p, WorkflowMove* move, ProgressChange* change) {
                if (!index && held.delivery.size() > 1) {
                  throw BadField("shipment", "order " + held.id + " has " + std::to_string(held.delivery.size()) +
                                                 " shipments: say which (0-based)");
                }
                change->actor = actor;
                change->details = {{"shipment", index.value_or(0)}, {"event", event}, {"from", p->state.step}};
                if (event == "delayed") {  // A new arrival date, no step.
                  move->repeated = p->eta == *eta;
                  if (move->repeated) return false;
                  change->kind = "delay";
                  change->details["eta"] = *eta;
                  p->eta = *eta;
                  return true;
                }
                *move = ApplyWorkflowEvent(*p->workflow, event, by_shopper, &p->state);
                if (move->repeated) return false;
                if (!move->moved) throw Conflict("event_refused", move->refusal, "event");
                change->details["to"] = p->state.step;
                if (eta) {
                  p->eta = *eta;
                  change->details["eta"] = *eta;
                }
                if (!parcel.is_null()) {
                  p->parcel = parcel;
                  change->details["parcel"] = parcel;
                  change->parcel_numbers.push_back(parcel["tracking_number"]);
                }
                return true;
              });
          if (outcome.recorded) metrics_.Count("order_steps");
          SendJson(c.res, 200,
                   {{"moved", outcome.recorded},
                    {"repeated", outcome.move.repeated},
                    {"status", outcome.order.status},
                    {"shipment",
                     ShipmentJson(c.brand->id, outcome.order, static_cast<size_t>(index.value_or(0)), outcome.progress,
                                  c.req.get_param_value("lang") == "en" ? "en" : "fr", by_shopper)}});
        });

  // A carrier's tracking events for one parcel, signed with the brand's secret for that carrier:
  //   X-Relais-Signature: sha256=<hex HMAC-SHA256(secret, body)>
  //   {"tracking_number": "...", "events": [{"code": "AG1", "justification": "", "text": "...", "at": "..."}]}
  // Each event is kept once (a replay changes nothing), mapped to a milestone and to the shipment's next
  // step; an unknown code is kept and reported (GET /v1/parcel-events?unknown=true), never dropped.
  Route("POST", R"(/v1/webhooks/carriers/([a-z0-9-]{1,32})/([^/]+))", "/v1/webhooks/carriers/{carrier}/{brand}",
        kPublicRole, [this](Call& c) {
          const std::string carrier = c.req.matches[1], brand_id = c.req.matches[2];
          const std::string signature = c.req.get_header_value("X-Relais-Signature");
          const BrandConfig* config = BrandConfigOf(brand_id);
          std::string secret;
          if (config && config->webhook_secrets.count(carrier)) secret = config->webhook_secrets.at(carrier);
          // One answer for every failure: an unknown brand or carrier tells a prober nothing.
          if (secret.empty() || !SameSecret(signature, WebhookSignature(secret, c.req.body))) {
            metrics_.Count("webhooks_refused");
            throw ApiError(401, "bad_signature",
                           "sign the body: X-Relais-Signature: sha256=<hex HMAC-SHA256 with this carrier's secret>");
          }
          const TrackingAnswer answer = ReadTrackingAnswer(ParseBody(c.req.body), carrier, "relais");
          SendJson(c.res, 200,
                   {{"tracking_number", answer.tracking_number},
                    {"events", TakeCarrierEvents(brand_id, carrier, answer.tracking_number, answer.events)}});
        });

  Route("GET", R"(/v1/orders/([^/]+)/notifications)", "/v1/orders/{id}/notifications", kMerchantRole | kStaffRole,
        [this](Call& c) {
          const std::optional<Order> order = store_->GetOrder(c.brand->id, c.req.matches[1]);
          if (!order || !MaySee(c, *order)) throw NotFound("order " + std::string(c.req.matches[1]));
          json notifications = json::array();
          for (const Notification& n : store_->OrderNotifications(c.brand->id, order->id)) {
            notifications.push_back(NotificationJson(n, NotificationSecrets(c.brand->id, order->id, n)));
          }
          SendJson(c.res, 200, {{"order_id", order->id}, {"notifications", notifications}});
        });
  // Customer service sends a message again (the shopper lost it, changed its address meanwhile...).
  Route("POST", R"(/v1/orders/([^/]+)/notifications/(\d{1,18})/resend)", "/v1/orders/{id}/notifications/{nid}/resend",
        kMerchantRole | kStaffRole, [this](Call& c) {
          const std::optional<Order> order = store_->GetOrder(c.brand->id, c.req.matches[1]);
          if (!order || !MaySee(c, *order)) throw NotFound("order " + std::string(c.req.matches[1]));
          const Notification again = ValueOrThrow(ResendNotification(lifecycle_, *store_, c.brand->id, order->id,
                                                                     std::stoll(c.req.matches[2]), ActorOf(c)));
          if (on_notifications_queued_) on_notifications_queued_();
          SendJson(c.res, 201, NotificationJson(again, NotificationSecrets(c.brand->id, order->id, again)));
        });

  Route("GET", "/v1/parcel-events", "/v1/parcel-events", kMerchantRole, [this](Call& c) {
    const std::string number = c.req.get_param_value("tracking_number");
    const std::string unknown = c.req.get_param_value("unknown");
    if (!unknown.empty() && unknown != "true" && unknown != "false")
      throw BadField("unknown", "unknown is true or false");
    json events = json::array();
    for (const ParcelEvent& e :
         store_->ParcelEvents(c.brand->id, number, unknown == "true", QueryInt(c.req, "limit", 100, 1, 1000))) {
      events.push_back({{"carrier", e.carrier},
                        {"tracking_number", e.tracking_number},
                        {"code", e.code},
                        {"justification", e.justification},
                        {"text", e.text},
                        {"at", e.at},
                        {"received_at", e.received_at},
                        {"milestone", e.milestone},
                        {"order", e.order_id},
                        {"outcome", e.outcome}});
    }
    SendJson(c.res, 200, {{"events", events}});
  });
}

}  // namespace relais::edge
