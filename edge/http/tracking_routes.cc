// The tracking routes of HttpApi: an order's shipments through their workflows. Staff and merchants send
// workflow events, the shopper reads the timeline and sends its own events (arrival, cancellation),
// carriers send signed webhooks. The routes read the request and check who may act; the tracking service
// (orders/tracking_service.h) decides what each event means, and every carrier event is kept in the
// parcel-tracing table, understood or not.
#include <algorithm>

#include "edge/http/http_answer.h"
#include "edge/http/http_api.h"
#include "edge/http/order_errors.h"
#include "edge/http/relay_json.h"
#include "edge/json_fields.h"
#include "edge/model/order_json.h"
#include "edge/orders/carrier_tracking.h"
#include "edge/orders/notification_resend.h"
#include "edge/orders/order_progress.h"
#include "edge/orders/pickup_qr.h"
#include "edge/secrets.h"
#include "edge/utc_now.h"
#include "wasm/engine/civil_time.h"
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

}  // namespace

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
  // A merchant's mode says its own name (its workflow's label), in the page's language.
  if (const std::string& label =
          lang == "en" && !p.workflow->label_en.empty() ? p.workflow->label_en : p.workflow->label_fr;
      !label.empty()) {
    shipment["mode_label"] = label;
  }
  if (!for_shopper) {
    json next = json::array();
    for (const WorkflowTransition& t : p.workflow->transitions) {
      if (t.from == p.state.step) next.push_back(t.event);
    }
    // The hand-over's parcel number: what the carrier's numbers look like, for the page to check as it is
    // typed (POST .../events checks it again). A home parcel's carrier is the brand's home_carrier; without
    // one, the site stands for it.
    if (std::find(next.begin(), next.end(), "handed_to_carrier") != next.end()) {
      const json& destination = delivery.value("destination", json::object());
      std::string carrier = destination.value("carrier", delivery.value("site", ""));
      if (!destination.contains("carrier") && p.workflow->mode == "home" && !labels_.HomeCarrier(brand).empty()) {
        carrier = labels_.HomeCarrier(brand);
      }
      const ParcelNumberShapes shapes = ShapesOfParcelNumbers(carrier);
      shipment["parcel_number"] = {{"carrier", carrier}, {"text", shapes.text}, {"pattern", shapes.pattern}};
    }
    shipment["next_events"] = next;
    // The numbers its labels carry (POST .../shipments/{n}/label): what staff type at the hand-over.
    json labels = json::array();
    for (const ParcelLabel& l : store_->OrderLabels(brand, order.id)) {
      if (l.shipment == static_cast<int64_t>(index)) labels.push_back({{"carrier", l.carrier}, {"number", l.number}});
    }
    if (!labels.empty()) shipment["labels"] = labels;
  }
  // A cancelled shipment arrives nowhere: no date is promised for it.
  const std::string eta = !p.eta.empty() ? p.eta : delivery.value("latest", "");
  if (!eta.empty() && p.state.step != p.workflow->cancelled) shipment["eta"] = eta;
  if (delivery.contains("slot") && p.state.step != p.workflow->cancelled) shipment["slot"] = delivery["slot"];
  // A backorder: the shipment whose lines were short, and when the stock is expected.
  if (delivery.contains("backorder_of")) {
    shipment["backorder_of"] = delivery["backorder_of"];
    shipment["available_on"] = delivery.value("available_on", "");
    // Where it goes may still be chosen (POST .../destination) until it is prepared; its point's refusal at
    // its new date, when the split found one.
    const OrderStatus reached = ReachedStatus(p);
    shipment["can_choose"] = order.status != OrderStatus::kCancelled && reached != OrderStatus::kCancelled &&
                             reached <= OrderStatus::kPreparing;
    if (delivery.contains("relay_check")) shipment["relay_check"] = delivery["relay_check"];
  }
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
    if (for_shopper) {
      if (const std::optional<std::string> code = tracking_.PickupCodeShown(order, index, p)) {
        shipment["pickup_code"] = *code;
        // What the counter's scanner reads: the order, the shipment and the code.
        const std::vector<std::string> qr = QrModules("RELAIS:" + order.id + ":" + std::to_string(index) + ":" + *code);
        if (!qr.empty()) shipment["pickup_qr"] = qr;
      }
    }
  }
  return shipment;
}

Order HttpApi::CancelOrder(const Call& c, const std::string& id, json* outcome) {
  OrderLifecycle::Advanced cancelled =
      ValueOrThrow(tracking_.Cancel(c.brand->id, id, c.role == kShopperRole, ActorOf(c)));
  if (outcome) *outcome = cancelled.children;
  return cancelled.order;
}

json HttpApi::TakeCarrierEvents(const std::string& brand, const std::string& carrier, const std::string& number,
                                std::vector<ParcelEvent> events) {
  json results = json::array();
  // A return parcel's events move its return; any other parcel's, the order shipment that carries it.
  std::optional<std::vector<CarrierEventOutcome>> outcomes =
      returns_.TakeCarrierEvents(brand, carrier, number, &events);
  if (!outcomes) outcomes = tracking_.TakeCarrierEvents(brand, carrier, number, std::move(events));
  for (const CarrierEventOutcome& e : *outcomes) {
    json result = {{"code", e.code}, {"milestone", e.milestone}, {"replayed", e.replayed}, {"outcome", e.outcome}};
    if (!e.step.empty()) result["step"] = e.step;
    if (!e.order.empty()) result["order"] = e.order;
    results.push_back(std::move(result));
  }
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
          for (const Order& part : tracking_.ShipmentOrders(c.brand->id, *order)) {
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
                    {"questions", questions},
                    // Whether the brand takes returns through relais: the page asks GET .../returns only then.
                    {"returns", returns_.PolicyOf(c.brand->id) != nullptr}});
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
          if (by_shopper && event != "cancel" && !tracking_.ShopperMaySend(*order, event)) {
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
          ShipmentEvent shipment_event;
          shipment_event.event = event;
          shipment_event.shipment = index;
          shipment_event.eta = eta;
          shipment_event.code = code;
          shipment_event.by_shopper = by_shopper;
          shipment_event.by_staff = c.role == kStaffRole;
          if (shipment_event.by_staff) shipment_event.staff_site = c.staff_site;
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
            shipment_event.parcel = ParcelRef{carrier, number};
          }
          shipment_event.actor = ActorOf(c, OptionalText(body, "reason", 500).value_or(""));
          const TrackingService::Applied outcome = ValueOrThrow(tracking_.Apply(c.brand->id, target, shipment_event));
          if (outcome.recorded) metrics_.Count("order_steps");
          SendJson(c.res, 200,
                   {{"moved", outcome.recorded},
                    {"repeated", outcome.move.repeated},
                    {"status", outcome.order.status},
                    {"shipment", ShipmentJson(c.brand->id, outcome.order, outcome.shipment, outcome.progress,
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
            notifications.push_back(NotificationJson(n, tracking_.NotificationSecrets(c.brand->id, order->id, n)));
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
          SendJson(c.res, 201, NotificationJson(again, tracking_.NotificationSecrets(c.brand->id, order->id, again)));
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
