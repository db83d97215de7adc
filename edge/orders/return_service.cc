#include "edge/orders/return_service.h"

#include <algorithm>
#include <optional>

#include "edge/orders/order_family.h"
#include "edge/orders/order_progress.h"
#include "edge/secrets.h"
#include "edge/utc_now.h"
#include "wasm/engine/carrier_events.h"
#include "wasm/engine/civil_time.h"
#include "wasm/engine/instant.h"
#include "wasm/engine/refund_json.h"

namespace relais::edge {

using nlohmann::json;

namespace {

constexpr int kAttempts = 5;  // A write refused because another came first is read again and retried.

OrderError Error(const std::string& code, const std::string& message, const std::string& field = "",
                 json details = json::object()) {
  return {code, message, field, std::move(details)};
}

// Where line `i` of `order` (the order the shopper knows) is shipped from: the order holding it (a child, or the
// order itself), the line's index there, and its shipment's index.
struct LinePlace {
  const Order* holder = nullptr;
  size_t line = 0;
  std::optional<size_t> shipment;
};

LinePlace PlaceOf(const Order& order, const std::vector<Order>& holders, size_t i) {
  LinePlace place;
  const OrderLine& line = order.lines[i];
  for (const Order& h : holders) {
    if (!order.children.empty() && h.site != line.site) continue;
    place.holder = &h;
    // A child's lines are its parent's of its site, in the same order.
    size_t index = i;
    if (!order.children.empty()) {
      index = 0;
      for (size_t j = 0; j < i; ++j) index += order.lines[j].site == line.site ? 1 : 0;
    }
    place.line = index;
    for (size_t k = 0; k < h.delivery.size(); ++k) {
      const std::vector<size_t> lines = ShipmentLines(h, k);
      if (std::find(lines.begin(), lines.end(), index) != lines.end()) place.shipment = k;
    }
    break;
  }
  return place;
}

// When shipment `k` of `holder` reached the shopper (its last step event, or the order's status event to
// collected or delivered), ISO 8601 UTC; "" when none is recorded.
std::string ReachedAt(const std::vector<OrderEvent>& events, const Order& holder, size_t k) {
  std::string at;
  for (const OrderEvent& e : events) {
    if (e.order_id != holder.id) continue;
    if (!e.details.is_object()) continue;
    const auto shipment = e.details.find("shipment");
    const auto to = e.details.find("to");  // A status, a step, or (a relay changed) a point: only strings here.
    const bool step = e.kind == "step" && shipment != e.details.end() && shipment->is_number_integer() &&
                      shipment->get<int64_t>() == static_cast<int64_t>(k);
    const bool status =
        e.kind == "status" && to != e.details.end() && to->is_string() && (*to == "collected" || *to == "delivered");
    if (step || status) at = std::max(at, e.at);
  }
  return at;
}

int64_t UnixOfIso(const std::string& iso) {
  const std::optional<UnixSeconds> t = ParseInstant(iso);
  return t ? *t : 0;
}

// Units of each order line in `returns` that are not cancelled: what is being returned, or was.
std::vector<int64_t> UnitsReturned(const Order& order, const std::vector<ReturnRequest>& returns) {
  std::vector<int64_t> returned(order.lines.size(), 0);
  for (const ReturnRequest& r : returns) {
    if (r.status == "cancelled") continue;
    for (const ReturnLine& l : r.lines) {
      if (l.line >= 0 && static_cast<size_t>(l.line) < returned.size()) returned[l.line] += l.quantity;
    }
  }
  return returned;
}

// The engine's input for order `order` before a return of `returning`, given the returns made before.
json RefundInput(const Order& order, const ReturnPolicy& policy, const std::vector<ReturnRequest>& before,
                 const std::vector<int64_t>& returning, bool defective) {
  json lines = json::array();
  for (const OrderLine& l : order.lines)
    lines.push_back({{"unit_cents", l.unit_price_cents}, {"quantity", l.quantity}});
  json benefits = json::array();
  for (const OrderBenefit& b : order.benefits) {
    benefits.push_back({{"code", b.code},
                        {"value_cents", b.value_cents},
                        {"threshold_cents", b.threshold_cents},
                        {"used", b.used && !b.cancelled}});
  }
  int64_t shipping = 0;
  for (const json& d : order.delivery) shipping += d.value("cost_cents", int64_t{0});
  const std::vector<int64_t> returned = UnitsReturned(order, before);
  int64_t refunded = 0;
  bool defective_before = false;
  for (const ReturnRequest& r : before) {
    if (r.status == "cancelled") continue;
    refunded += r.quote.value("output", json::object()).value("refund_cents", int64_t{0});
    defective_before = defective_before || r.defective;
  }
  return {{"lines", lines},
          {"discount_cents", DiscountCents(order)},
          {"shipping_cents", shipping},
          {"benefits", benefits},
          {"policy",
           {{"shipping_when_whole_order", policy.refund.shipping_when_whole_order},
            {"shipping_when_defective", policy.refund.shipping_when_defective}}},
          {"returned_before", returned},
          {"returning", returning},
          {"refunded_before_cents", refunded},
          {"defective_before", defective_before},
          {"defective", defective}};
}

const ReturnReason* ReasonOf(const ReturnPolicy& policy, const std::string& code) {
  for (const ReturnReason& r : policy.reasons) {
    if (r.code == code) return &r;
  }
  return nullptr;
}

}  // namespace

std::string NewReturnNumber() {
  static constexpr char kAlphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";  // 31 letters and digits, none confusable.
  const std::string hex = RandomHex(10);
  std::string number = "R";
  for (size_t i = 0; i < 10; ++i) {
    const int byte = std::stoi(hex.substr(2 * i, 2), nullptr, 16);
    number += kAlphabet[byte % (sizeof kAlphabet - 1)];
  }
  return number;
}

ReturnService::ReturnService(Store* store, TrackingService* tracking, RelaySnapshot* relays, ShippingLabels* labels,
                             const std::vector<Workflow>* workflows, std::map<std::string, ReturnPolicy> policies,
                             std::map<std::string, InvoicingConfig> invoicing)
    : store_(store),
      tracking_(tracking),
      relays_(relays),
      labels_(labels),
      workflows_(workflows),
      policies_(std::move(policies)),
      invoicing_(std::move(invoicing)) {}

const ReturnPolicy* ReturnService::PolicyOf(const std::string& brand) const {
  const auto it = policies_.find(brand);
  return it == policies_.end() || !it->second.enabled ? nullptr : &it->second;
}

OrderResult<json> ReturnService::Options(const std::string& brand, const std::string& order_id, int64_t now) const {
  const ReturnPolicy* policy = PolicyOf(brand);
  if (!policy) return Error("returns_off", "this shop takes no returns through relais");
  std::optional<Order> order = store_->GetOrder(brand, order_id);
  if (!order || !order->parent_id.empty()) return Error("not_found", "no order " + order_id, "order_id");
  const std::vector<Order> holders = tracking_->ShipmentOrders(brand, *order);
  const std::vector<OrderEvent> events = store_->OrderEvents(brand, order->id);
  const std::vector<ReturnRequest> returns = store_->OrderReturns(brand, order->id);
  const std::vector<int64_t> returned = UnitsReturned(*order, returns);
  json lines = json::array();
  for (size_t i = 0; i < order->lines.size(); ++i) {
    const OrderLine& l = order->lines[i];
    const std::optional<Product> product = store_->GetProduct(brand, l.sku);
    json line = {{"line", i},
                 {"sku", l.sku},
                 {"name", product ? product->name : l.sku},
                 {"bought", l.quantity},
                 {"returned", returned[i]},
                 {"returnable", 0},
                 {"unit_price_cents", l.unit_price_cents}};
    const LinePlace place = PlaceOf(*order, holders, i);
    std::string why;
    if (ExcludedFromReturns(*policy, l.sku, product ? product->category : "")) {
      why = "this product cannot be returned";
    } else if (!place.holder || !place.shipment) {
      why = "not delivered yet";
    } else {
      const std::vector<ShipmentProgress> progress = ReadProgress(*place.holder, *workflows_);
      const OrderStatus reached =
          *place.shipment < progress.size() ? ReachedStatus(progress[*place.shipment]) : OrderStatus::kPlaced;
      if (reached != OrderStatus::kCollected && reached != OrderStatus::kDelivered) {
        why = "not delivered yet";
      } else {
        const std::string at = ReachedAt(events, *place.holder, *place.shipment);
        const int64_t until = (at.empty() ? now : UnixOfIso(at)) + policy->window_days * 86400;
        line["returnable_until"] = FormatIsoDate(DayOf(until));
        if (now > until) {
          why = "the " + std::to_string(policy->window_days) + "-day return window closed on " +
                FormatIsoDate(DayOf(until));
        } else if (returned[i] >= l.quantity) {
          why = "every unit is being returned already";
        }
      }
    }
    if (why.empty()) {
      line["returnable"] = l.quantity - returned[i];
    } else {
      line["refusal"] = why;
    }
    lines.push_back(line);
  }
  json reasons = json::array();
  for (const ReturnReason& r : policy->reasons) {
    reasons.push_back(
        {{"code", r.code}, {"label", {{"fr", r.label_fr}, {"en", r.label_en}}}, {"defective", r.defective}});
  }
  json stores = json::array();
  if (policy->drop_at_stores) {
    for (const Site& s : store_->ListSites(brand)) {
      if (!TakesReturns(s)) continue;
      stores.push_back({{"site", s.id}, {"name", s.name}, {"location", s.location}});
    }
  }
  const json described = DescribeAll(brand, returns, order->contact.value("lang", "fr"));
  return json{
      {"order_id", order->id},
      {"window_days", policy->window_days},
      {"lines", lines},
      {"reasons", reasons},
      {"drop_off",
       {{"stores", stores}, {"relay_carriers", policy->relay_carriers}, {"home_pickup", policy->home_pickup}}},
      {"second_validation_above_cents", policy->second_validation_above_cents},
      {"unsellable",
       {{"rule", policy->unsellable.kind == Compensation::Kind::kFull      ? "full"
                 : policy->unsellable.kind == Compensation::Kind::kPercent ? "percent"
                                                                           : "voucher"},
        {"percent", policy->unsellable.percent}}},
      {"refund_input", RefundInput(*order, *policy, returns, std::vector<int64_t>(order->lines.size(), 0), false)},
      {"returns", described}};
}

OrderResult<ReturnRequest> ReturnService::Request(const std::string& brand, const std::string& order_id, const Ask& ask,
                                                  const Actor& actor, int64_t now, bool* replayed) {
  *replayed = false;
  const ReturnPolicy* policy = PolicyOf(brand);
  if (!policy) return Error("returns_off", "this shop takes no returns through relais");
  // A retry (a double tap, a lost answer) gets the return its key made, whatever changed since.
  const auto made_with_key = [&]() -> std::optional<ReturnRequest> {
    if (ask.key.empty()) return std::nullopt;
    for (ReturnRequest& r : store_->OrderReturns(brand, order_id)) {
      if (r.request_key == ask.key) return std::move(r);
    }
    return std::nullopt;
  };
  // The same key with another request is refused, as an order's is: it would answer a return the shopper did not
  // ask for.
  const auto same_request = [&](const ReturnRequest& made) {
    std::map<int64_t, int64_t> asked, kept;
    for (const auto& [line, units] : ask.lines) asked[line] += units;
    for (const ReturnLine& l : made.lines) kept[l.line] += l.quantity;
    return asked == kept && made.reason == ask.reason && made.drop_off == ask.drop_off;
  };
  if (std::optional<ReturnRequest> made = made_with_key()) {
    if (!same_request(*made)) {
      return Error("idempotency_key_reused", "this Idempotency-Key made return " + made->id + " of another request");
    }
    *replayed = true;
    return *made;
  }
  const ReturnReason* reason = ReasonOf(*policy, ask.reason);
  if (!reason) return Error("invalid_field", "reason must be one of the shop's reasons", "reason");
  // Where it is brought.
  const std::string kind = ask.drop_off.value("kind", "");
  if (kind == "store") {
    if (!policy->drop_at_stores) return Error("invalid_field", "this shop takes no returns in store", "drop_off.kind");
    const std::optional<Site> site = store_->GetSite(brand, ask.drop_off.value("site", ""));
    if (!site) return Error("not_found", "no site " + ask.drop_off.value("site", ""), "drop_off.site");
    if (!TakesReturns(*site)) {
      return Error("site_takes_no_returns", "site " + site->id + " takes no returns", "drop_off.site");
    }
  } else if (kind == "relay" || kind == "locker") {
    const std::string carrier = ask.drop_off.value("carrier", "");
    if (std::find(policy->relay_carriers.begin(), policy->relay_carriers.end(), carrier) ==
        policy->relay_carriers.end()) {
      return Error("invalid_field", "returns are not taken at " + carrier + " points", "drop_off.carrier");
    }
    // The point as the snapshot says it is now: there, open for business, of the kind asked, taking returns.
    const std::shared_ptr<const RelayDataset> dataset = relays_->Current();
    if (!dataset || !dataset->snapshot) {
      return Error("relay_data_unavailable", "no relay snapshot to check the drop-off point against", "drop_off");
    }
    const Snapshot& snapshot = *dataset->snapshot;
    const std::string point_id = ask.drop_off.value("id", "");
    const std::optional<uint32_t> point = snapshot.Find(carrier, point_id);
    if (!point) return Error("not_found", "no " + carrier + " point " + point_id, "drop_off.id");
    const bool locker = snapshot.kind(*point) == PointKind::kLocker;
    if (!snapshot.active(*point) || locker != (kind == "locker") || !(snapshot.services(*point) & kReturns)) {
      return Error("point_takes_no_returns",
                   carrier + " " + point_id + (snapshot.active(*point) ? "" : " is closed for good and") +
                       " does not take returns" + (locker != (kind == "locker") ? " as a " + kind : ""),
                   "drop_off.id");
    }
  } else if (kind == "home") {
    if (!policy->home_pickup)
      return Error("invalid_field", "this shop does not collect returns at home", "drop_off.kind");
  } else {
    return Error("invalid_field", "drop_off.kind must be store, relay, locker or home", "drop_off.kind");
  }
  if (ask.lines.empty()) return Error("invalid_field", "a return brings back at least one unit", "lines");

  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    const OrderResult<json> options = Options(brand, order_id, now);
    if (!options.ok()) return options.error();
    std::optional<Order> order = store_->GetOrder(brand, order_id);
    if (!order) return Error("not_found", "no order " + order_id, "order_id");
    std::vector<int64_t> returning(order->lines.size(), 0);
    json refused = json::array();
    for (size_t i = 0; i < ask.lines.size(); ++i) {
      const auto [line, units] = ask.lines[i];
      const std::string at = "lines[" + std::to_string(i) + "]";
      if (line < 0 || static_cast<size_t>(line) >= order->lines.size()) {
        return Error("invalid_field", "the order has no line " + std::to_string(line), at + ".line");
      }
      returning[line] += units;
      const json& offered = (*options)["lines"][line];
      if (returning[line] > offered["returnable"].get<int64_t>()) {
        refused.push_back({{"line", line},
                           {"sku", order->lines[line].sku},
                           {"asked", returning[line]},
                           {"returnable", offered["returnable"]},
                           {"reason", offered.value("refusal", "more units than bought and not returned yet")}});
      }
    }
    if (!refused.empty()) {
      return Error("not_returnable",
                   refused[0]["sku"].get<std::string>() + ": " + refused[0]["reason"].get<std::string>(), "lines",
                   {{"lines", refused}});
    }
    const std::vector<ReturnRequest> before = store_->OrderReturns(brand, order->id);
    const json input = RefundInput(*order, *policy, before, returning, reason->defective);
    RefundOrder engine_order;
    RefundRequest engine_request;
    if (std::string e = ParseRefundInput(input, &engine_order, &engine_request); !e.empty()) {
      return Error("invalid_field", e, "lines");
    }
    const RefundQuote quote = QuoteRefund(engine_order, engine_request);
    ReturnRequest r;
    r.id = NewReturnNumber();
    r.order_id = order->id;
    r.customer_id = order->customer_id;
    r.status = policy->workflow.steps.front().id;
    r.reason = reason->code;
    r.defective = reason->defective;
    r.drop_off = ask.drop_off;
    r.request_key = ask.key;
    for (size_t i = 0; i < returning.size(); ++i) {
      if (returning[i] == 0) continue;
      r.lines.push_back({static_cast<int64_t>(i), order->lines[i].sku, returning[i], quote.line_cents[i], 0, 0});
    }
    r.quote = {{"input", input}, {"output", RefundQuoteJson(engine_order, quote)}};
    r.refunded_before_cents = engine_request.refunded_before_cents;
    r.created_at = UtcNowIso();
    OrderCommit commit;
    commit.orders = {*order};  // Over its version: a return racing this one for the same units is read again.
    commit.returns = {r};
    Record(brand, *policy, r, "return_requested",
           {{"lines", ReturnJson(r)["lines"]}, {"refund_cents", quote.refund_cents}, {"drop_off", r.drop_off}}, actor,
           &commit);
    StoreResult<std::vector<Order>> stored = store_->CommitOrders(brand, commit);
    if (!stored.ok() && stored.error().kind == StoreError::Kind::kConflict) {
      // The order moved: perhaps the same request, racing this one, made its return (both wrote over the order's
      // version, so only one did).
      if (std::optional<ReturnRequest> made = made_with_key()) {
        if (!same_request(*made)) {
          return Error("idempotency_key_reused",
                       "this Idempotency-Key made return " + made->id + " of another request");
        }
        *replayed = true;
        return *made;
      }
      continue;
    }
    if (!stored.ok()) return OrderErrorOf(stored.error());
    tracking_->NotifyQueued(commit.notifications);
    return *store_->GetReturn(brand, r.id);
  }
  return Error("order_moved", "the order kept changing: try again");
}

std::optional<OrderError> ReturnService::Move(const ReturnPolicy& policy, ReturnRequest* r, const std::string& event,
                                              bool by_shopper) const {
  WorkflowState state{r->status, r->history};
  const WorkflowMove move = ApplyWorkflowEvent(policy.workflow, event, by_shopper, &state);
  if (!move.moved && !move.repeated) {
    return Error("return_moved", "return " + r->id + " is " + r->status + ": " + move.refusal, "event",
                 {{"status", r->status}});
  }
  r->status = state.step;
  r->history = state.history;
  return std::nullopt;
}

void ReturnService::Record(const std::string& brand, const ReturnPolicy& policy, const ReturnRequest& r,
                           const std::string& kind, json details, const Actor& actor, OrderCommit* commit) const {
  details["return"] = r.id;
  details["status"] = r.status;
  commit->events.push_back({r.order_id, kind, details, actor});
  const std::optional<size_t> step = policy.workflow.Step(r.status);
  if (!step || !policy.workflow.steps[*step].notify) return;
  const std::optional<Order> order = store_->GetOrder(brand, r.order_id);
  if (!order) return;
  // One message per (return, step): its "shipment" is the return's place among the order's (a return is the
  // shopper's own shipment back), its trigger the step.
  const std::vector<ReturnRequest> all = store_->OrderReturns(brand, r.order_id);
  int64_t index = static_cast<int64_t>(all.size());
  for (size_t i = 0; i < all.size(); ++i) index = all[i].id == r.id ? static_cast<int64_t>(i) : index;
  const WorkflowStep& s = policy.workflow.steps[*step];
  for (Notification& n : tracking_->Compose(brand, *order, 1000 + index, "return_" + s.id, [&](NotificationFacts* f) {
         f->step_label =
             (f->lang == "en" ? "Return " + r.id + ": " + s.label_en : "Retour " + r.id + " : " + s.label_fr);
       })) {
    commit->notifications.push_back(std::move(n));
  }
}

OrderResult<ReturnRequest> ReturnService::Change(const std::string& brand, const std::string& id,
                                                 const Decision& decide) {
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    std::optional<ReturnRequest> r = store_->GetReturn(brand, id);
    if (!r) return Error("not_found", "no return " + id, "id");
    OrderCommit commit;
    if (std::optional<OrderError> refused = decide(&*r, &commit)) return *refused;
    if (commit.returns.empty()) return *r;  // Nothing to write (a repeat).
    StoreResult<std::vector<Order>> stored = store_->CommitOrders(brand, commit);
    if (!stored.ok() && stored.error().kind == StoreError::Kind::kConflict &&
        stored.error().field != "refund_payment") {
      continue;
    }
    if (!stored.ok()) return OrderErrorOf(stored.error());
    tracking_->NotifyQueued(commit.notifications);
    return *store_->GetReturn(brand, id);
  }
  return Error("order_moved", "the return kept changing: try again");
}

OrderResult<ReturnRequest> ReturnService::Step(const std::string& brand, const std::string& id,
                                               const std::string& event, const Actor& actor, bool by_shopper) {
  const ReturnPolicy* policy = PolicyOf(brand);
  if (!policy) return Error("returns_off", "this shop takes no returns through relais");
  if (event != "dropped_off" && event != "in_transit" && event != "cancel") {
    return Error("invalid_field", "event must be dropped_off, in_transit or cancel", "event");
  }
  return Change(brand, id, [&](ReturnRequest* r, OrderCommit* commit) -> std::optional<OrderError> {
    const std::string was = r->status;
    // The shopper cancels as a shopper (only while requested); a drop-off they report is a fact like staff's (the
    // route lets them report nothing else).
    if (std::optional<OrderError> refused = Move(*policy, r, event, by_shopper && event == "cancel")) return refused;
    if (r->status == was) return std::nullopt;  // Reported before.
    commit->returns = {*r};
    Record(brand, *policy, *r, event == "cancel" ? "return_cancelled" : "return_step", {{"event", event}}, actor,
           commit);
    return std::nullopt;
  });
}

OrderResult<ReturnRequest> ReturnService::Receive(const std::string& brand, const std::string& id,
                                                  const std::string& site, const Actor& actor, bool* repeated) {
  *repeated = false;
  const ReturnPolicy* policy = PolicyOf(brand);
  if (!policy) return Error("returns_off", "this shop takes no returns through relais");
  const std::optional<Site> at = store_->GetSite(brand, site);
  if (!at) return Error("not_found", "no site " + site, "site");
  if (!TakesReturns(*at)) return Error("site_takes_no_returns", "site " + site + " takes no returns", "site");
  return Change(brand, id, [&](ReturnRequest* r, OrderCommit* commit) -> std::optional<OrderError> {
    if (!r->received_site.empty()) {
      if (r->received_site != site) {
        return Error("return_moved", "return " + r->id + " was received at " + r->received_site, "site",
                     {{"status", r->status}, {"received_site", r->received_site}});
      }
      *repeated = true;  // A second scan, another tab, a retry: the receipt made.
      return std::nullopt;
    }
    if (std::optional<OrderError> refused = Move(*policy, r, "received", false)) return refused;
    r->received_site = site;
    r->received_at = UtcNowIso();
    r->received_by = actor.who;
    commit->returns = {*r};
    Record(brand, *policy, *r, "return_received", {{"site", site}}, actor, commit);
    return std::nullopt;
  });
}

OrderResult<ReturnRequest> ReturnService::GradeReturn(const std::string& brand, const std::string& id,
                                                      const std::vector<Grade>& grades, bool compensation_confirmed,
                                                      const Actor& actor) {
  const ReturnPolicy* policy = PolicyOf(brand);
  if (!policy) return Error("returns_off", "this shop takes no returns through relais");
  return Change(brand, id, [&](ReturnRequest* r, OrderCommit* commit) -> std::optional<OrderError> {
    if (r->status != "received") {
      return Error("return_moved",
                   "return " + r->id + " is " + r->status + (r->status == "graded" ? ": graded already" : ""), "grades",
                   {{"status", r->status}});
    }
    if (grades.size() != r->lines.size()) return Error("invalid_field", "grade every line of the return", "grades");
    std::vector<int64_t> unsellable;
    int64_t unsellable_units = 0;
    for (size_t i = 0; i < grades.size(); ++i) {
      const std::string at = "grades[" + std::to_string(i) + "]";
      auto line =
          std::find_if(r->lines.begin(), r->lines.end(), [&](const ReturnLine& l) { return l.line == grades[i].line; });
      if (line == r->lines.end())
        return Error("invalid_field", "the return has no line " + std::to_string(grades[i].line), at + ".line");
      if (grades[i].resellable < 0 || grades[i].unsellable < 0 ||
          grades[i].resellable + grades[i].unsellable != line->quantity) {
        return Error("invalid_field",
                     "resellable + unsellable must be the " + std::to_string(line->quantity) + " units returned",
                     at + ".resellable");
      }
      line->resellable = grades[i].resellable;
      line->unsellable = grades[i].unsellable;
      unsellable_units += grades[i].unsellable;
    }
    if (unsellable_units > 0 && !compensation_confirmed) {
      return Error("invalid_field", "confirm the compensation the shop's rule gives for unsellable units",
                   "compensation_confirmed");
    }
    // Quoted again now: a return made before this one and cancelled since no longer counts (its units, its refund),
    // so partial returns still add up to one return of the same units.
    std::optional<Order> placed = store_->GetOrder(brand, r->order_id);
    if (!placed) return Error("not_found", "no order " + r->order_id, "id");
    std::vector<ReturnRequest> before;
    for (ReturnRequest& other : store_->OrderReturns(brand, r->order_id)) {
      if (other.id == r->id) break;
      before.push_back(std::move(other));
    }
    std::vector<int64_t> returning(placed->lines.size(), 0);
    for (const ReturnLine& l : r->lines) {
      if (l.line >= 0 && static_cast<size_t>(l.line) < returning.size()) returning[l.line] += l.quantity;
    }
    const json input = RefundInput(*placed, *policy, before, returning, r->defective);
    RefundOrder order;
    RefundRequest request;
    if (std::string e = ParseRefundInput(input, &order, &request); !e.empty()) {
      return Error("invalid_field", "the return's quote cannot be read: " + e, "id");
    }
    const RefundQuote requoted = QuoteRefund(order, request);
    r->quote = {{"input", input}, {"output", RefundQuoteJson(order, requoted)}};
    r->refunded_before_cents = request.refunded_before_cents;
    for (ReturnLine& l : r->lines) l.refund_cents = requoted.line_cents[static_cast<size_t>(l.line)];
    unsellable.assign(order.lines.size(), 0);
    for (const ReturnLine& l : r->lines) unsellable[l.line] = l.unsellable;
    const GradedRefund graded = GradeRefund(requoted, request, unsellable, policy->unsellable);
    r->money_cents = graded.money_cents;
    r->voucher_cents = graded.voucher_cents;
    r->kept_cents = graded.kept_cents;
    r->compensation = unsellable_units == 0                                     ? ""
                      : policy->unsellable.kind == Compensation::Kind::kFull    ? "full"
                      : policy->unsellable.kind == Compensation::Kind::kPercent ? "percent"
                                                                                : "voucher";
    r->compensation_percent = policy->unsellable.percent;
    r->graded_at = UtcNowIso();
    r->graded_by = actor.who;
    r->validation = "awaiting";
    if (std::optional<OrderError> refused = Move(*policy, r, "graded", false)) return refused;
    // Resellable units are sellable again at the receiving site at once, in this very transaction.
    for (const ReturnLine& l : r->lines) {
      if (l.resellable > 0) {
        commit->movements.push_back({MovementKind::kReturnToStock, l.sku, r->received_site, l.resellable, "", r->id});
      }
      if (l.unsellable > 0) {
        commit->movements.push_back(
            {MovementKind::kReturnUnsellable, l.sku, r->received_site, l.unsellable, "", r->id});
      }
    }
    commit->movements_field = "grades";
    commit->returns = {*r};
    json lines = json::array();
    for (const ReturnLine& l : r->lines) {
      lines.push_back({{"sku", l.sku}, {"resellable", l.resellable}, {"unsellable", l.unsellable}});
    }
    Record(brand, *policy, *r, "return_graded",
           {{"lines", lines},
            {"money_cents", r->money_cents},
            {"voucher_cents", r->voucher_cents},
            {"kept_cents", r->kept_cents},
            {"compensation", r->compensation}},
           actor, commit);
    return std::nullopt;
  });
}

OrderResult<ReturnRequest> ReturnService::Validate(const std::string& brand, const std::string& id, const Actor& actor,
                                                   bool* final) {
  *final = false;
  const ReturnPolicy* policy = PolicyOf(brand);
  if (!policy) return Error("returns_off", "this shop takes no returns through relais");
  return Change(brand, id, [&](ReturnRequest* r, OrderCommit* commit) -> std::optional<OrderError> {
    *final = false;
    if (r->validation == "validated") return std::nullopt;  // Validated already: the same answer.
    if (r->status != "graded" || (r->validation != "awaiting" && r->validation != "awaiting_second")) {
      return Error("return_moved", "return " + r->id + " is " + r->status + ": grade it before validating", "id",
                   {{"status", r->status}});
    }
    for (const RefundValidation& v : r->validations) {
      if (v.who == actor.who) {
        return Error("second_validator_needed",
                     "a refund above " + std::to_string(policy->second_validation_above_cents) +
                         " cents needs a second, different staff member",
                     "id", {{"validations", ReturnJson(*r)["refund"]["validations"]}});
      }
    }
    r->validations.push_back({actor.who, UtcNowIso()});
    const int64_t amount = r->money_cents + r->voucher_cents;
    const bool two = policy->second_validation_above_cents > 0 && amount > policy->second_validation_above_cents;
    commit->returns = {*r};
    if (two && r->validations.size() < 2) {
      r->validation = "awaiting_second";
      commit->returns = {*r};
      Record(brand, *policy, *r, "return_validated", {{"final", false}, {"amount_cents", amount}}, actor, commit);
      return std::nullopt;
    }
    r->validation = "validated";
    *final = true;
    std::optional<Order> order = store_->GetOrder(brand, r->order_id);
    if (!order) return Error("not_found", "no order " + r->order_id, "id");
    // The unspent benefits the return cancels, on the order itself (over its version).
    const json output = r->quote.value("output", json::object());
    bool cancelled_any = false;
    for (const json& code : output.value("cancelled", json::array())) {
      for (OrderBenefit& b : order->benefits) {
        if (b.code == code && !b.used && !b.cancelled) b.cancelled = cancelled_any = true;
      }
    }
    if (cancelled_any) commit->orders = {*order};
    commit->invoices = CreditNotes(brand, *order, *r);
    if (r->money_cents > 0 && !policy->payment_url.empty()) {
      RefundPayment pay;
      pay.return_id = r->id;
      pay.order_id = r->order_id;
      pay.amount_cents = r->money_cents;
      pay.next_attempt_ms = UnixMillisNow();
      commit->refund_payment = pay;
    } else {
      // Nothing to pay through relais (a voucher, nothing due, or a provider the merchant's own system calls).
      if (std::optional<OrderError> refused =
              Move(*policy, r, r->money_cents + r->voucher_cents > 0 ? "refunded" : "closed", false)) {
        return refused;
      }
    }
    commit->returns = {*r};
    Record(
        brand, *policy, *r, "return_validated",
        {{"final", true}, {"amount_cents", amount}, {"cancelled_benefits", output.value("cancelled", json::array())}},
        actor, commit);
    return std::nullopt;
  });
}

OrderResult<ReturnService::Labelled> ReturnService::Label(const std::string& brand, const std::string& id,
                                                          const Actor& actor, int64_t now) {
  const ReturnPolicy* policy = PolicyOf(brand);
  if (!policy) return Error("returns_off", "this shop takes no returns through relais");
  const std::optional<ReturnRequest> r = store_->GetReturn(brand, id);
  if (!r) return Error("not_found", "no return " + id, "id");
  const std::string kind = r->drop_off.value("kind", "");
  if (kind == "store") return Error("no_label_needed", "a return brought to a store needs no label", "id");
  if (r->status == "cancelled") return Error("return_moved", "return " + id + " was cancelled", "id");
  const std::optional<Order> order = store_->GetOrder(brand, r->order_id);
  if (!order) return Error("not_found", "no order " + r->order_id, "id");
  // Where it goes: the brand's destination site, else its first site taking returns.
  std::string site = policy->destination_site;
  if (site.empty()) {
    for (const Site& s : store_->ListSites(brand)) {
      if (site.empty() && TakesReturns(s)) site = s.id;
    }
  }
  if (site.empty()) return Error("invalid_field", "no site to send returns to: set returns.drop_off.destination_site");
  // Its shipment number: after every delivery of the order (1000 + its place among the order's returns), so that
  // the store keeps its number like any parcel's.
  const std::vector<ReturnRequest> all = store_->OrderReturns(brand, r->order_id);
  int64_t index = 0;
  for (size_t i = 0; i < all.size(); ++i) index = all[i].id == id ? static_cast<int64_t>(i) : index;
  ShippingLabels::ReturnParcel parcel;
  parcel.order_id = r->order_id;
  parcel.shipment = 1000 + index;
  parcel.carrier = kind == "home" ? labels_->HomeCarrier(brand) : r->drop_off.value("carrier", "");
  if (parcel.carrier.empty()) {
    return Error("no_parcel_range", "this brand names no home_carrier to collect returns: set shipping.home_carrier",
                 "drop_off");
  }
  parcel.order_ref = id;
  parcel.sender.name = order->contact.value("name", "");
  parcel.sender.phone = order->contact.value("phone", "");
  for (const OrderLine& l : order->lines) {  // The shopper's address when the order went home.
    if (l.mode == DeliveryMode::kHome && parcel.sender.lines.empty()) {
      parcel.sender.lines = l.destination.value("address", std::vector<std::string>());
      parcel.sender.postcode = l.destination.value("postcode", "");
      parcel.sender.city = l.destination.value("city", "");
      parcel.sender.country = l.destination.value("country", "FR");
    }
  }
  for (const ReturnLine& l : r->lines) {
    if (const std::optional<Product> p = store_->GetProduct(brand, l.sku)) parcel.weight_g += p->weight_g * l.quantity;
  }
  parcel.site = site;
  parcel.actor = actor;
  parcel.now = now;
  OrderResult<ShippingLabels::Labelled> labelled = labels_->LabelReturn(brand, parcel);
  if (!labelled.ok()) return labelled.error();
  const json given = {{"carrier", labelled->labels.at(0).carrier}, {"tracking_number", labelled->labels[0].number}};
  // The number is the store's for good (a later call prints the same); the return learns it once.
  OrderResult<ReturnRequest> stored =
      Change(brand, id, [&](ReturnRequest* x, OrderCommit* commit) -> std::optional<OrderError> {
        if (x->parcel == given) return std::nullopt;
        x->parcel = given;
        commit->returns = {*x};
        commit->parcel_numbers.emplace_back(x->order_id, given["tracking_number"].get<std::string>());
        Record(brand, *policy, *x, "return_labelled", {{"parcel", given}}, actor, commit);
        return std::nullopt;
      });
  if (!stored.ok()) return stored.error();
  return Labelled{std::move(stored).value(), std::move(labelled->document)};
}

std::optional<std::vector<CarrierEventOutcome>> ReturnService::TakeCarrierEvents(const std::string& brand,
                                                                                 const std::string& carrier,
                                                                                 const std::string& number,
                                                                                 std::vector<ParcelEvent>* events) {
  const ReturnPolicy* policy = PolicyOf(brand);
  if (!policy) return std::nullopt;
  std::string id, order_id;
  for (const Order& o : store_->OrdersByParcelNumber(brand, number, 5)) {
    for (const ReturnRequest& r : store_->OrderReturns(brand, o.id)) {
      if (id.empty() && r.parcel.value("carrier", "") == carrier && r.parcel.value("tracking_number", "") == number) {
        id = r.id;
        order_id = r.order_id;
      }
    }
  }
  if (id.empty()) return std::nullopt;
  std::vector<CarrierEventOutcome> results;
  for (ParcelEvent& event : *events) {
    const ParcelMilestone milestone = MilestoneOf({carrier, event.code, event.justification, event.text});
    event.milestone = MilestoneName(milestone);
    event.outcome = "received";
    const bool fresh = store_->AddParcelEvent(brand, &event);
    CarrierEventOutcome result{event.code, event.milestone, !fresh, "", order_id, ""};
    const Actor actor{"carrier:" + carrier, ""};
    OrderResult<ReturnRequest> moved =
        Change(brand, id, [&](ReturnRequest* r, OrderCommit* commit) -> std::optional<OrderError> {
          result.outcome = "noted";
          if (milestone == ParcelMilestone::kInTransit) {
            const std::string was = r->status;
            if (Move(*policy, r, "in_transit", false)) {
              result.outcome = "no_step";  // Received already, or further: a late scan moves nothing back.
              return std::nullopt;
            }
            if (r->status == was) {
              result.outcome = "repeated";
              return std::nullopt;
            }
            result.outcome = "moved";
            commit->returns = {*r};
            Record(brand, *policy, *r, "return_step",
                   {{"event", "in_transit"}, {"carrier", carrier}, {"tracking_number", number}, {"code", event.code}},
                   actor, commit);
          } else if (milestone == ParcelMilestone::kProblem && fresh) {
            commit->returns = {*r};
            commit->events.push_back({r->order_id,
                                      "return_parcel_problem",
                                      {{"return", r->id}, {"code", event.code}, {"text", event.text}},
                                      actor});
          } else if (milestone == ParcelMilestone::kUnknown) {
            result.outcome = "unknown_code";
          }
          return std::nullopt;
        });
    if (!moved.ok()) result.outcome = "refused: " + moved.error().message;
    if (moved.ok()) result.step = moved->status;
    store_->SetParcelEventOutcome(brand, event.id, event.milestone, order_id, result.outcome);
    results.push_back(std::move(result));
  }
  return results;
}

OrderResult<ReturnRequest> ReturnService::RetryRefund(const std::string& brand, const std::string& id,
                                                      const Actor& actor, int64_t now_ms) {
  const ReturnPolicy* policy = PolicyOf(brand);
  if (!policy) return Error("returns_off", "this shop takes no returns through relais");
  const std::optional<ReturnRequest> r = store_->GetReturn(brand, id);
  if (!r) return Error("not_found", "no return " + id, "id");
  const std::optional<RefundPayment> payment = store_->RefundPaymentOf(brand, id);
  if (!payment || !store_->RetryRefundPayment(brand, id, now_ms)) {
    return Error("return_moved",
                 "return " + id +
                     (payment ? "'s refund is " + payment->status + ": nothing to ask again"
                              : " has no refund to pay through the provider"),
                 "id", {{"status", r->status}});
  }
  return Change(brand, id, [&](ReturnRequest* x, OrderCommit* commit) -> std::optional<OrderError> {
    commit->returns = {*x};
    commit->events.push_back(
        {x->order_id,
         "return_refund_retried",
         {{"return", x->id}, {"amount_cents", payment->amount_cents}, {"was", payment->last_error}},
         actor});
    return std::nullopt;
  });
}

void ReturnService::RefundSettled(const std::string& brand, const std::string& id, bool succeeded,
                                  const std::string& detail) {
  const ReturnPolicy* policy = PolicyOf(brand);
  if (!policy) return;
  static_cast<void>(Change(brand, id, [&](ReturnRequest* r, OrderCommit* commit) -> std::optional<OrderError> {
    if (succeeded) {
      if (r->status != "graded") return std::nullopt;
      if (std::optional<OrderError> refused = Move(*policy, r, "refunded", false)) return refused;
      commit->returns = {*r};
      Record(brand, *policy, *r, "return_refunded", {{"amount_cents", r->money_cents}, {"reference", detail}},
             {"payment provider", ""}, commit);
    } else {
      commit->returns = {*r};  // Rewritten as is: the event is what customer service reads.
      commit->events.push_back(
          {r->order_id, "return_refund_failed", {{"return", r->id}, {"error", detail}}, {"payment provider", ""}});
    }
    return std::nullopt;
  }));
}

std::vector<Invoice> ReturnService::CreditNotes(const std::string& brand, const Order& order,
                                                const ReturnRequest& r) const {
  const auto config = invoicing_.find(brand);
  if (config == invoicing_.end() || !config->second.enabled) return {};
  const std::vector<Invoice> invoices = store_->OrderInvoices(brand, order.id);
  const json output = r.quote.value("output", json::object());
  std::vector<Invoice> notes;
  const auto note_for = [&](const Invoice& billed) -> Invoice& {
    for (Invoice& n : notes) {
      if (n.credits == billed.number) return n;
    }
    Invoice n;
    n.kind = "credit_note";
    n.series = "AV";
    n.order_id = billed.order_id;
    n.order_ref = billed.order_ref;
    n.shipment = billed.shipment;
    n.credits = billed.number;
    n.return_id = r.id;
    n.day = UtcNowIso().substr(0, 10);
    n.seller = billed.seller;
    n.customer = billed.customer;
    n.delivery = billed.delivery;
    notes.push_back(n);
    return notes.back();
  };
  const Invoice* first = nullptr;
  for (const ReturnLine& l : r.lines) {
    const Invoice* billed = nullptr;
    const InvoiceLine* billed_line = nullptr;
    for (const Invoice& inv : invoices) {
      if (inv.kind != "invoice") continue;
      for (const InvoiceLine& il : inv.lines) {
        if (il.sku == l.sku && !billed) {
          billed = &inv;
          billed_line = &il;
        }
      }
    }
    if (!billed) continue;
    first = first ? first : billed;
    Invoice& n = note_for(*billed);
    // What these units are credited at: their share of the refund after the order's discounts; an unsellable
    // unit's retained part and a voucher are the merchant's to account for, apart.
    // Unit x quantity must be the line's total: units that do not share the cents evenly take two lines.
    const int64_t q = std::max<int64_t>(1, l.quantity), unit = l.refund_cents / q, odd = l.refund_cents - unit * q;
    if (odd == 0) {
      n.lines.push_back({l.sku, billed_line->label, -q, -unit, -l.refund_cents, billed_line->vat_rate_bp});
    } else {
      if (q > 1)
        n.lines.push_back({l.sku, billed_line->label, -(q - 1), -unit, -unit * (q - 1), billed_line->vat_rate_bp});
      n.lines.push_back({l.sku, billed_line->label, -1, -(unit + odd), -(unit + odd), billed_line->vat_rate_bp});
    }
  }
  if (!first) return {};
  // Delivery comes back as it was billed: each invoice's delivery lines, at their own rates.
  if (output.value("shipping_cents", int64_t{0}) > 0) {
    for (const Invoice& inv : invoices) {
      if (inv.kind != "invoice") continue;
      for (const InvoiceLine& il : inv.lines) {
        if (il.sku.empty() && il.total_cents > 0) {
          note_for(inv).lines.push_back(
              {"", il.label + " (remboursée)", -1, -il.total_cents, -il.total_cents, il.vat_rate_bp});
        }
      }
    }
  }
  Invoice& n = note_for(*first);  // After the deliveries: adding a note moves the others.
  if (r.kept_cents > 0) {
    n.lines.push_back(
        {"", "Retenue (article non revendable)", 1, r.kept_cents, r.kept_cents, n.lines.front().vat_rate_bp});
  }
  if (const int64_t back = output.value("taken_back_cents", int64_t{0}) - output.value("owed_cents", int64_t{0});
      back > 0) {
    n.lines.push_back({"", "Avantage repris", 1, back, back, 0});
  }
  for (Invoice& note : notes) TotalInvoice(&note);
  return notes;
}

json ReturnService::Describe(const std::string& brand, const ReturnRequest& r, const std::string& lang) const {
  return DescribeAll(brand, {r}, lang).at(0);
}

json ReturnService::DescribeAll(const std::string& brand, const std::vector<ReturnRequest>& returns,
                                const std::string& lang) const {
  json all = json::array();
  if (returns.empty()) return all;
  const ReturnPolicy* policy = PolicyOf(brand);
  // Read once for the whole list: names by sku, stores by id, the order's invoices (credit notes by return).
  std::map<std::string, std::string> names;
  std::map<std::string, std::optional<Site>> sites;
  std::map<std::string, json> notes;
  for (const Invoice& i : store_->OrderInvoices(brand, returns[0].order_id)) {
    if (!i.return_id.empty()) notes[i.return_id].push_back(i.number);
  }
  for (const ReturnRequest& r : returns) all.push_back(DescribeOne(brand, r, lang, policy, names, sites, notes));
  return all;
}

json ReturnService::DescribeOne(const std::string& brand, const ReturnRequest& r, const std::string& lang,
                                const ReturnPolicy* policy, std::map<std::string, std::string>& names,
                                std::map<std::string, std::optional<Site>>& sites,
                                const std::map<std::string, json>& notes) const {
  json out = ReturnJson(r);
  out.erase("request_key");          // The client's own key: nothing to show.
  for (json& line : out["lines"]) {  // What staff and the shopper read, beside the sku.
    const std::string sku = line["sku"].get<std::string>();
    if (!names.contains(sku)) {
      const std::optional<Product> product = store_->GetProduct(brand, sku);
      names[sku] = product ? product->name : sku;
    }
    line["name"] = names[sku];
  }
  if (r.drop_off.value("kind", "") == "store") {
    const std::string id = r.drop_off.value("site", "");
    if (!sites.contains(id)) sites[id] = store_->GetSite(brand, id);
    if (sites[id]) out["drop_off"]["name"] = sites[id]->name;
  }
  if (policy) {
    if (const ReturnReason* reason = ReasonOf(*policy, r.reason)) {
      out["reason_label"] = {{"fr", reason->label_fr}, {"en", reason->label_en}};
    }
    // Above it, a second staff member validates (0: never).
    out["refund"]["second_validation_above_cents"] = policy->second_validation_above_cents;
    const Timeline timeline = RenderTimeline(policy->workflow, {r.status, r.history}, lang);
    json steps = json::array();
    for (const TimelineEntry& e : timeline.entries) {
      steps.push_back({{"step", e.step},
                       {"label", e.label},
                       {"state", e.status == TimelineEntry::kDone      ? "done"
                                 : e.status == TimelineEntry::kCurrent ? "current"
                                                                       : "next"}});
    }
    out["timeline"] = steps;
  }
  if (const std::optional<RefundPayment> pay = store_->RefundPaymentOf(brand, r.id)) {
    out["payment"] = RefundPaymentJson(*pay);
  }
  const auto credit = notes.find(r.id);
  out["credit_notes"] = credit == notes.end() ? json::array() : credit->second;
  return out;
}

}  // namespace relais::edge
