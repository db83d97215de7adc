// The services above the lifecycle (edge/orders/) on their own: no HTTP, no SQLite -- an in-memory Store
// (memory_store.h) under OrderService, TrackingService, QuestionService and OrderAmendments. The HTTP
// suites (edge_tracking_test, edge_api_test) test the same paths through the API.
#define BOOST_TEST_MODULE order_services
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "edge/orders/order_amendments.h"
#include "edge/orders/order_service.h"
#include "edge/orders/order_workflows.h"
#include "edge/orders/question_service.h"
#include "edge/orders/tracking_service.h"
#include "edge/orders/tracking_token.h"
#include "tests/edge/memory_store.h"

namespace relais::edge {
namespace {

using nlohmann::json;

const std::string kBrand = "shop";
const Actor kStaff{"staff:stt_1 Ana", ""};

// A store that hands orders over at its counter, three products of one category in stock there, a brand
// that sends e-mail, and the services above it all.
struct Counter {
  MemoryStore store;
  RelaySnapshot relays{"/nonexistent/points.relais"};  // Collections only: no snapshot needed.
  std::vector<Workflow> workflows;
  std::vector<OrderStatus> merchant_cancellable = {OrderStatus::kPlaced, OrderStatus::kPreparing};
  std::map<std::string, uint64_t> counted;
  int wake_ups = 0;
  OrderService orders{&store, &relays, nullptr, [](const Snapshot&, uint32_t, double) { return json(); },
                      [this](const std::string& name, uint64_t n) { counted[name] += n; }};
  OrderLifecycle lifecycle{&store};
  TrackingService tracking{&store,
                           &lifecycle,
                           &relays,
                           &workflows,
                           &merchant_cancellable,
                           {{kBrand, {"Boutique", Messaging()}}},
                           [this](const std::string& name, uint64_t n) { counted[name] += n; }};
  OrderAmendments amendments{&store, &lifecycle, &orders, &relays, &merchant_cancellable, &workflows};
  QuestionService questions{&store, &lifecycle, &tracking, &amendments};
  Brand brand{kBrand, "Shop", "hash", json::object()};

  static NotificationConfig Messaging() {
    NotificationConfig config;
    config.smtp_url = "smtp://127.0.0.1:2525";
    config.from = "shop@example.com";
    config.tracking_url = "https://shop.example/suivi/";
    return config;
  }

  Counter() {
    BOOST_REQUIRE(LoadOrderWorkflows("", &workflows).empty());
    tracking.set_tracking_secret("a-secret-of-the-tests");
    tracking.set_on_notifications_queued([this] { ++wake_ups; });
    store.PutBrand(brand);
    Site site;
    site.id = "store";
    site.kind = "store";
    site.name = "Boutique Bastille";
    site.location = {{"address", {"4 rue de la Roquette"}}, {"postcode", "75011"}, {"city", "PARIS"}};
    site.capabilities = {{"click_collect", {{"enabled", true}}}};
    store.PutSite(kBrand, site);
    for (const auto& [sku, price] :
         std::vector<std::pair<std::string, int64_t>>{{"MILK", 150}, {"MILK-ORGANIC", 190}, {"MILK-SKIMMED", 140}}) {
      Product product;
      product.sku = sku;
      product.name = sku;
      product.category = "grocery/dairy/milk";
      product.weight_g = 1000;
      product.price_cents = price;
      store.PutProduct(kBrand, product);
      BOOST_REQUIRE(store.PostMovements(kBrand, {{MovementKind::kReceipt, sku, "store", 10, "", "count"}}).ok());
    }
  }

  // Two MILK collected at the store, bought there: one order, no children.
  Order PlaceCollection(const std::string& key, bool substitutions_allowed = true) {
    OrderRequest request;
    request.customer_id = "c1";
    request.purchase_site = "store";
    request.substitutions_allowed = substitutions_allowed;
    request.contact = {{"email", "ana@example.com"}, {"name", "Ana"}, {"lang", "fr"}};
    request.lines = {{"MILK", 2, "store", DeliveryMode::kClickCollect, {{"site", "store"}}, "", "", "", ""}};
    OrderResult<OrderService::Placed> placed = orders.Place(brand, BrandSettings{}, request, key, "hash-" + key);
    BOOST_REQUIRE_MESSAGE(placed.ok(), (placed.ok() ? "" : placed.error().code + ": " + placed.error().message));
    return placed->order;
  }

  OrderResult<TrackingService::Applied> Send(const std::string& id, const std::string& event,
                                             std::optional<std::string> code = std::nullopt,
                                             const Actor& actor = kStaff) {
    ShipmentEvent e;
    e.event = event;
    e.code = std::move(code);
    e.actor = actor;
    return tracking.Apply(kBrand, id, e);
  }

  StockLevel Level(const std::string& sku) {
    for (const SiteStock& s : store.StockOf(kBrand, sku, "store")) return s.level;
    return {};
  }
};

// Every mode a site can transfer to has a workflow after a transfer; a shipment runs it when its goods
// leave another site than the one they reach (a reserve_transfer is a transfer already).
BOOST_AUTO_TEST_CASE(a_shipment_that_comes_by_a_transfer_runs_its_modes_transfer_workflow) {
  std::vector<Workflow> workflows;
  BOOST_REQUIRE(LoadOrderWorkflows("", &workflows).empty());
  for (const char* mode : {"home", "relay", "locker", "click_collect", "drive", "pedestrian"}) {
    const Workflow* w = WorkflowFor(workflows, mode, true);
    BOOST_REQUIRE_MESSAGE(w, mode);
    BOOST_TEST(w->Step("in_transit").has_value(), mode);
    BOOST_TEST(WorkflowFor(workflows, mode, false) != w);
  }
  const json here = {{"site", "s1"}, {"mode", "click_collect"}, {"destination", {{"site", "s1"}}}};
  const json there = {{"site", "wh"}, {"mode", "click_collect"}, {"destination", {{"site", "s1"}}}};
  const json via = {{"site", "wh"}, {"mode", "home"}, {"via", "s1"}, {"destination", {{"postcode", "75011"}}}};
  const json reserve = {{"site", "wh"}, {"mode", "reserve_transfer"}, {"destination", {{"site", "s1"}}}};
  BOOST_TEST(!ArrivesByTransfer(here));
  BOOST_TEST(ArrivesByTransfer(there));
  BOOST_TEST(ArrivesByTransfer(via));
  BOOST_TEST(!ArrivesByTransfer(reserve));
  BOOST_TEST(ShipmentWorkflow(workflows, there).after_transfer);
  BOOST_TEST(!ShipmentWorkflow(workflows, here).after_transfer);
  BOOST_TEST(ShipmentWorkflow(workflows, reserve).mode == "reserve_transfer");
  // A merchant's file replaces each on its own, and names what it cannot replace.
  const std::string mine = R"({"workflows": [{"mode": "reserve_transfer", "after_transfer": true,
      "steps": [{"id": "placed"}, {"id": "cancelled", "end": true}],
      "transitions": [{"from": "placed", "event": "x", "to": "cancelled"}]}]})";
  BOOST_TEST(LoadOrderWorkflows(mine, &workflows).find("reserve_transfer has no workflow after a transfer") !=
             std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(a_step_moves_the_status_and_tells_the_shopper_once, Counter) {
  const Order order = PlaceCollection("k1");
  const OrderResult<TrackingService::Applied> started = Send(order.id, "preparation_started");
  BOOST_REQUIRE(started.ok());
  BOOST_TEST(started->recorded);
  BOOST_TEST(OrderStatusText(started->order.status) == "preparing");
  BOOST_TEST(store.OrderNotifications(kBrand, order.id).empty());  // "En préparation" does not notify.
  BOOST_TEST(!tracking.PickupCodeShown(started->order, 0, started->progress));

  const OrderResult<TrackingService::Applied> ready = Send(order.id, "preparation_done");
  BOOST_REQUIRE(ready.ok());
  BOOST_TEST(OrderStatusText(ready->order.status) == "ready");
  const std::optional<std::string> code = tracking.PickupCodeShown(ready->order, 0, ready->progress);
  BOOST_REQUIRE(code.has_value());
  BOOST_TEST(*code == MakePickupCode("a-secret-of-the-tests", order.id, 0));
  // One e-mail, with where to collect, the code and the link to the tracking page; the notifier woken.
  const std::vector<Notification> sent = store.OrderNotifications(kBrand, order.id);
  BOOST_REQUIRE(sent.size() == 1u);
  BOOST_TEST(sent[0].channel == "email");
  BOOST_TEST(sent[0].recipient == "ana@example.com");
  BOOST_TEST(sent[0].body.find("Boutique Bastille, 4 rue de la Roquette, 75011 PARIS") != std::string::npos);
  BOOST_TEST(sent[0].body.find(*code) != std::string::npos);
  BOOST_TEST(sent[0].body.find("https://shop.example/suivi/?order=" + order.id) != std::string::npos);
  BOOST_TEST(wake_ups == 1);

  // The same event again is a replay: nothing written, nothing sent twice.
  const OrderResult<TrackingService::Applied> again = Send(order.id, "preparation_done");
  BOOST_REQUIRE(again.ok());
  BOOST_TEST(!again->recorded);
  BOOST_TEST(again->move.repeated);
  BOOST_TEST(store.OrderNotifications(kBrand, order.id).size() == 1u);
  // An event already passed is a replay too (never a step back); one the workflow does not know is a
  // mistake in the request, with the events it knows (a known one the step does not take is event_refused:
  // edge_tracking_test).
  BOOST_TEST(Send(order.id, "preparation_started")->move.repeated);
  const OrderResult<TrackingService::Applied> refused = Send(order.id, "preparation_started_");
  BOOST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.error().code == "invalid_field");
  BOOST_TEST(refused.error().field == "event");
  BOOST_TEST(refused.error().details["events"].size() > 2u);
}

BOOST_FIXTURE_TEST_CASE(wrong_pickup_codes_hand_nothing_over_and_lock_the_counter, Counter) {
  const Order order = PlaceCollection("k1");
  BOOST_REQUIRE(Send(order.id, "preparation_started").ok());
  BOOST_REQUIRE(Send(order.id, "preparation_done").ok());
  for (int64_t left = 4; left >= 0; --left) {
    const OrderResult<TrackingService::Applied> wrong = Send(order.id, "picked_up", "000000");
    BOOST_REQUIRE(!wrong.ok());
    BOOST_TEST(wrong.error().code == "wrong_pickup_code");
    BOOST_TEST(wrong.error().field == "code");
    BOOST_TEST(wrong.error().details["attempts_left"] == left);
  }
  // Locked: even the right code waits, and nothing moved meanwhile.
  const std::string right = MakePickupCode("a-secret-of-the-tests", order.id, 0);
  const OrderResult<TrackingService::Applied> locked = Send(order.id, "picked_up", right);
  BOOST_REQUIRE(!locked.ok());
  BOOST_TEST(locked.error().code == "pickup_code_locked");
  BOOST_TEST(locked.error().details["retry_after_s"] == 900);
  BOOST_TEST(OrderStatusText(store.GetOrder(kBrand, order.id)->status) == "ready");
  BOOST_TEST(Level("MILK").reserved == 2);
  // Another order at the same counter, by another staff member: no code hands nothing over, the right
  // code does.
  const Order second = PlaceCollection("k2");
  BOOST_REQUIRE(Send(second.id, "preparation_started").ok());
  BOOST_REQUIRE(Send(second.id, "preparation_done").ok());
  ShipmentEvent without_code;
  without_code.event = "picked_up";
  without_code.by_staff = true;
  without_code.actor = {"staff:stt_2 Bo", "the shopper has no phone"};
  const OrderResult<TrackingService::Applied> no_code = tracking.Apply(kBrand, second.id, without_code);
  BOOST_REQUIRE(!no_code.ok());
  BOOST_TEST(no_code.error().field == "code");
  const OrderResult<TrackingService::Applied> handed =
      Send(second.id, "picked_up", MakePickupCode("a-secret-of-the-tests", second.id, 0), {"staff:stt_2 Bo", ""});
  BOOST_REQUIRE(handed.ok());
  BOOST_TEST(OrderStatusText(handed->order.status) == "collected");
  BOOST_TEST(Level("MILK").reserved == 2);  // The first order's, still held.
  BOOST_TEST(Level("MILK").on_hand == 8);   // The second's, sold.
}

BOOST_FIXTURE_TEST_CASE(the_back_office_hands_over_without_the_code_only_with_a_reason, Counter) {
  const Order order = PlaceCollection("k1");
  BOOST_REQUIRE(Send(order.id, "preparation_started").ok());
  BOOST_REQUIRE(Send(order.id, "preparation_done").ok());
  const OrderResult<TrackingService::Applied> bare = Send(order.id, "picked_up", std::nullopt, {"merchant", ""});
  BOOST_REQUIRE(!bare.ok());
  BOOST_TEST(bare.error().code == "invalid_field");
  BOOST_TEST(bare.error().field == "code");
  const OrderResult<TrackingService::Applied> reasoned =
      Send(order.id, "picked_up", std::nullopt, {"merchant", "identity card checked, phone lost"});
  BOOST_REQUIRE(reasoned.ok());
  BOOST_TEST(OrderStatusText(reasoned->order.status) == "collected");
  bool recorded = false;  // With the step, for whoever asks later why no code was typed.
  for (const OrderEvent& e : store.OrderEvents(kBrand, order.id)) {
    recorded = recorded || (e.kind == "step" && e.reason == "identity card checked, phone lost");
  }
  BOOST_TEST(recorded);
  // The coarse status route asks the same of a hand-over.
  const Order other = PlaceCollection("k2");
  BOOST_TEST(!tracking.CheckHandOverCode(kBrand, other, std::nullopt, false, {"merchant", "phone lost, ID checked"}));
  BOOST_TEST(tracking.CheckHandOverCode(kBrand, other, std::nullopt, false, {"merchant", ""})->field == "code");
  BOOST_TEST(tracking.CheckHandOverCode(kBrand, other, std::nullopt, true, {"staff:stt_1 Ana", "trust me"})->field ==
             "code");
  BOOST_TEST(tracking.CheckHandOverCode(kBrand, other, "123", true, kStaff)->code == "wrong_pickup_code");
  BOOST_TEST(
      !tracking.CheckHandOverCode(kBrand, other, MakePickupCode("a-secret-of-the-tests", other.id, 0), true, kStaff));
  // The same hand-over again is a replay, code or not: nothing counted against the counter.
  BOOST_TEST(Send(order.id, "picked_up", "999999")->move.repeated);
  BOOST_TEST(store.CountPickupCodeRefusals(kBrand, order.id, kStaff.who, "2000-01-01T00:00:00Z").for_order == 0);
}

BOOST_FIXTURE_TEST_CASE(the_shopper_cancels_while_the_workflow_allows_it, Counter) {
  const Order early = PlaceCollection("k1");
  const OrderResult<OrderLifecycle::Advanced> cancelled = tracking.Cancel(kBrand, early.id, true, {"shopper", ""});
  BOOST_REQUIRE(cancelled.ok());
  BOOST_TEST(OrderStatusText(cancelled->order.status) == "cancelled");
  const Order late = PlaceCollection("k2");
  BOOST_REQUIRE(Send(late.id, "preparation_started").ok());
  BOOST_REQUIRE(Send(late.id, "preparation_done").ok());
  const OrderResult<OrderLifecycle::Advanced> refused = tracking.Cancel(kBrand, late.id, true, {"shopper", ""});
  BOOST_REQUIRE(!refused.ok());
  BOOST_TEST(refused.error().code == "not_cancellable");
  BOOST_TEST(Level("MILK").reserved == 2);  // Only the first order's two were released.
  // The merchant may not either: ready is past its last cancellable status.
  BOOST_TEST(tracking.Cancel(kBrand, late.id, false, {"merchant", ""}).error().code == "not_cancellable");
  BOOST_TEST(tracking.Cancel(kBrand, "ord_nope", true, {"shopper", ""}).error().code == "not_found");
}

BOOST_FIXTURE_TEST_CASE(a_substitution_offered_then_accepted_moves_the_line_and_its_stock, Counter) {
  const Order order = PlaceCollection("k1");
  QuestionAsked asked;
  asked.kind = "substitution";
  asked.sku = "MILK";
  const OrderResult<QuestionService::Asked> question = questions.Ask(kBrand, order, asked, kStaff);
  BOOST_REQUIRE_MESSAGE(question.ok(), (question.ok() ? "" : question.error().message));
  BOOST_TEST(!question->line_cancelled);
  const json& candidates = question->question["candidates"];
  BOOST_REQUIRE(candidates.size() == 2u);
  BOOST_TEST(candidates[0]["sku"] == "MILK-SKIMMED");                   // The closest in price first.
  BOOST_TEST(store.OrderNotifications(kBrand, order.id).size() == 1u);  // The shopper is asked.
  // Asked twice about one line: refused.
  BOOST_TEST(questions.Ask(kBrand, question->order, asked, kStaff).error().code == "already_asked");

  const std::string id = question->question["id"];
  QuestionAnswer answer;
  answer.accept = true;
  answer.sku = "MILK";  // Not offered.
  const OrderResult<QuestionService::Answered> wrong = questions.Answer(kBrand, order.id, id, answer, {"shopper", ""});
  BOOST_TEST(wrong.error().code == "invalid_field");
  BOOST_TEST(wrong.error().field == "sku");
  answer.sku = "MILK-ORGANIC";
  const OrderResult<QuestionService::Answered> taken = questions.Answer(kBrand, order.id, id, answer, {"shopper", ""});
  BOOST_REQUIRE_MESSAGE(taken.ok(), (taken.ok() ? "" : taken.error().message));
  BOOST_TEST(taken->order.lines[0].sku == "MILK-ORGANIC");
  BOOST_TEST(taken->order.total_cents == 2 * 150);  // Never dearer than what the shopper bought.
  BOOST_TEST(Level("MILK").reserved == 0);
  BOOST_TEST(Level("MILK-ORGANIC").reserved == 2);
  // The same answer again is a replay; another one comes too late.
  const OrderResult<QuestionService::Answered> replay = questions.Answer(kBrand, order.id, id, answer, {"shopper", ""});
  BOOST_REQUIRE(replay.ok());
  BOOST_TEST(replay->repeated);
  answer.accept = false;
  const OrderResult<QuestionService::Answered> late = questions.Answer(kBrand, order.id, id, answer, {"shopper", ""});
  BOOST_TEST(late.error().code == "already_answered");
  BOOST_TEST(late.error().details["answer"]["sku"] == "MILK-ORGANIC");
  answer.accept = true;
  answer.sku = "MILK";  // Not even offered: still an answer that comes too late, not a wrong field.
  BOOST_TEST(questions.Answer(kBrand, order.id, id, answer, {"shopper", ""}).error().code == "already_answered");
  BOOST_TEST(Level("MILK-ORGANIC").reserved == 2);
}

BOOST_FIXTURE_TEST_CASE(a_shopper_who_allows_no_substitutes_loses_the_line_at_once, Counter) {
  const Order order = PlaceCollection("k1", false);
  QuestionAsked asked;
  asked.kind = "substitution";
  asked.sku = "MILK";
  const OrderResult<QuestionService::Asked> question = questions.Ask(kBrand, order, asked, kStaff);
  BOOST_REQUIRE(question.ok());
  BOOST_TEST(question->line_cancelled);
  BOOST_TEST(question->question["answer"]["reason"] == "the shopper allowed no substitutions");
  BOOST_TEST(OrderStatusText(question->order.status) == "cancelled");  // It was the only line.
  BOOST_TEST(Level("MILK").reserved == 0);
  // A question about a product the order does not hold names the field.
  asked.sku = "MILK-ORGANIC";
  const OrderResult<QuestionService::Asked> none = questions.Ask(kBrand, PlaceCollection("k2"), asked, kStaff);
  BOOST_TEST(none.error().code == "invalid_field");
  BOOST_TEST(none.error().field == "sku");
}

BOOST_FIXTURE_TEST_CASE(customer_service_moves_a_collection_day_until_the_goods_are_collected, Counter) {
  const Order order = PlaceCollection("k1");
  const auto amend = [&](const std::string& action, const std::string& date) {
    OrderAmendment amendment;
    amendment.action = action;
    amendment.actor = {"merchant", "the shopper called"};
    amendment.date = date;
    return amendments.Apply(brand, BrandSettings{}, *store.GetOrder(kBrand, order.id), amendment,
                            [](const Order&) { return true; });
  };
  const OrderResult<OrderAmendments::Amended> moved = amend("change_slot", "2999-01-04");
  BOOST_REQUIRE_MESSAGE(moved.ok(), (moved.ok() ? "" : moved.error().message));
  BOOST_TEST(moved->order.lines[0].date == "2999-01-04");
  BOOST_TEST(store.OrderEvents(kBrand, order.id).back().kind == "slot_changed");
  BOOST_TEST(store.OrderEvents(kBrand, order.id).back().reason == "the shopper called");
  BOOST_TEST(amend("change_slot", "2001-01-01").error().field == "date");  // In the past.
  BOOST_TEST(amend("change_relay", "").error().code == "no_relay_lines");  // A collection has no relay point.
  // Ready: the day may still move; handed over, it may not.
  BOOST_REQUIRE(Send(order.id, "preparation_started").ok());
  BOOST_REQUIRE(Send(order.id, "preparation_done").ok());
  BOOST_TEST(amend("change_slot", "2999-01-05").ok());
  BOOST_REQUIRE(Send(order.id, "picked_up", MakePickupCode("a-secret-of-the-tests", order.id, 0)).ok());
  const OrderResult<OrderAmendments::Amended> late = amend("change_slot", "2999-01-06");
  BOOST_REQUIRE(!late.ok());
  BOOST_TEST(late.error().code == "too_late");
  BOOST_TEST(store.GetOrder(kBrand, order.id)->lines[0].date == "2999-01-05");
}

}  // namespace
}  // namespace relais::edge
