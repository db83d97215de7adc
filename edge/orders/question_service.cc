#include "edge/orders/question_service.h"

#include <algorithm>
#include <utility>

#include "edge/model/brand_settings.h"
#include "edge/orders/order_questions.h"
#include "edge/secrets.h"
#include "edge/utc_now.h"

namespace relais::edge {

namespace {

using nlohmann::json;

OrderError Invalid(const std::string& field, const std::string& message) { return {"invalid_field", message, field}; }

}  // namespace

OrderResult<QuestionService::Asked> QuestionService::Ask(const std::string& brand, const Order& found,
                                                         const QuestionAsked& asked, const Actor& actor) {
  if (!found.children.empty()) {
    return OrderError{"ask_the_child_order",
                      "order " + found.id + " is served by several sites: ask on the child order that holds the line",
                      ""};
  }
  if (found.status == OrderStatus::kCancelled || found.status >= OrderStatus::kShipped) {
    return OrderError{"too_late",
                      "order " + found.id + " is " + OrderStatusText(found.status) + ": nothing left to ask about", ""};
  }
  json question = {{"id", "q_" + RandomHex(6)}, {"kind", asked.kind},      {"shipment", asked.shipment},
                   {"status", "open"},          {"asked_at", UtcNowIso()}, {"asked_by", actor.who}};
  bool cancel_now = false;  // A missing product the shopper would not have replaced.
  if (asked.kind == "substitution") {
    const OrderLine* line = nullptr;
    for (const OrderLine& l : found.lines) line = !line && l.sku == asked.sku ? &l : line;
    if (!line) return Invalid("sku", "order " + found.id + " has no line of " + asked.sku);
    for (const json& q : found.questions) {
      if (q.value("sku", "") == asked.sku && q.value("status", "") == "open") {
        return OrderError{"already_asked", "a question about " + asked.sku + " awaits the shopper's answer", "sku"};
      }
    }
    const std::optional<Product> product = store_->GetProduct(brand, asked.sku);
    if (!product) return OrderError{"not_found", "no product " + asked.sku, "sku"};
    // A shortage: some units found, the rest asked about (and replaced or let go) on their own.
    const int64_t missing = asked.quantity > 0 ? std::min(asked.quantity, line->quantity) : line->quantity;
    question["sku"] = asked.sku;
    question["quantity"] = missing;
    if (missing < line->quantity) question["ordered"] = line->quantity;
    question["text"] = SubstitutionText(*product, missing, line->quantity);
    const auto available = [&](const std::string& candidate) {
      const std::vector<SiteStock> stock = store_->StockOf(brand, candidate, line->site);
      return stock.empty() ? int64_t{0} : stock[0].level.available();
    };
    std::vector<Product> candidates;
    if (asked.candidates) {  // Staff's own picks: they must exist and be there.
      for (size_t i = 0; i < asked.candidates->size(); ++i) {
        const std::string at = "candidates[" + std::to_string(i) + "]";
        const std::string& sku = (*asked.candidates)[i];
        const std::optional<Product> p = store_->GetProduct(brand, sku);
        if (!p) return OrderError{"not_found", "no product " + sku, at};
        if (available(p->sku) < missing) {
          return OrderError{"insufficient_stock", p->sku + " is not in stock at " + line->site, at};
        }
        candidates.push_back(*p);
      }
    } else {
      candidates = SubstituteCandidates(*product, store_->ProductsIn(brand, product->category, kCategoryLooked),
                                        missing, available, kCandidatesOffered);
    }
    json offered = json::array();
    for (const Product& p : candidates) {
      offered.push_back({{"sku", p.sku}, {"name", p.name}, {"price_cents", p.price_cents}});
    }
    question["candidates"] = offered;
    cancel_now = !found.substitutions_allowed || candidates.empty();
  } else {
    question["text"] = asked.text;
    if (asked.kind == "choice") {
      question["choices"] = asked.choices;
      if (std::any_of(asked.actions.begin(), asked.actions.end(), [](const json& a) { return !a.is_null(); })) {
        question["actions"] = asked.actions;
      }
    }
  }
  size_t open = 0;
  for (const json& q : found.questions) open += q.value("status", "") == "open";
  if (open >= kMaxOpen) return OrderError{"too_many_questions", "answer the open questions first", ""};
  QuestionChange change;
  change.expected = found.questions;
  change.questions = found.questions;
  change.actor = actor;
  if (cancel_now) {
    // Nothing to offer, or the shopper wants no substitutes: the line is cancelled now, and said so.
    question["status"] = "answered";
    question["answer"] = {
        {"accept", false},
        {"reason", found.substitutions_allowed ? "no substitute in stock" : "the shopper allowed no substitutions"}};
    question["answered_at"] = question["asked_at"];
    question["answered_by"] = "system";
    const AnsweredLines after = ApplySubstitution(found, question, std::nullopt);
    change.lines = after.lines;
    change.total_cents = after.total_cents;
    change.movements = after.movements;
    change.kind = "line_cancelled";
    change.details = {{"question", question["id"]}, {"sku", question["sku"]}, {"reason", question["answer"]["reason"]}};
  } else {
    change.kind = "question";
    change.details = {{"question", question["id"]}, {"kind", asked.kind}};
    change.notifications =
        tracking_->QuestionNotifications(brand, found, question["id"], asked.shipment, question["text"].value("fr", ""),
                                         question["text"].value("en", ""));
  }
  change.questions.push_back(question);
  OrderResult<Order> order = RecordQuestion(*lifecycle_, brand, found.id, change);
  if (!order.ok()) return order.error();
  tracking_->NotifyQueued(change.notifications);
  return Asked{std::move(question), std::move(*order), cancel_now};
}

OrderResult<QuestionService::Answered> QuestionService::Answer(const std::string& brand, const std::string& order_id,
                                                               const std::string& question_id,
                                                               const QuestionAnswer& answer, const Actor& actor) {
  for (int attempt = 1;; ++attempt) {
    OrderResult<Answered> tried = TryAnswer(brand, order_id, question_id, answer, actor);
    if (tried.ok() || tried.error().code != "order_moved" || attempt == kAttempts) return tried;
  }
}

OrderResult<QuestionService::Answered> QuestionService::TryAnswer(const std::string& brand, const std::string& order_id,
                                                                  const std::string& question_id,
                                                                  const QuestionAnswer& given, const Actor& actor) {
  const std::optional<Order> top = store_->GetOrder(brand, order_id);
  if (!top) return OrderError{"not_found", "order " + order_id + " not found", ""};
  std::optional<Order> holder;
  for (Order& part : tracking_->ShipmentOrders(brand, *top)) {
    if (!holder && FindQuestion(part, question_id)) holder = std::move(part);
  }
  if (!holder) return OrderError{"not_found", "question " + question_id + " not found", ""};
  const json question = *FindQuestion(*holder, question_id);
  const std::string kind = question["kind"];
  if (question["status"] == "answered") {
    // Idempotent: the same answer again is a replay; any other one, valid or not, comes too late.
    json before = question["answer"];
    before.erase("label");
    before.erase("reason");
    json now = json::object();
    if (kind == "substitution") {
      if (given.accept) now["accept"] = *given.accept;
      if (given.accept.value_or(false) && given.sku) now["sku"] = *given.sku;
    } else if (kind == "choice") {
      if (given.choice) now["choice"] = *given.choice;
    } else if (given.text) {
      now["text"] = *given.text;
    }
    if (before != now) {
      return OrderError{"already_answered", "this question was answered already", "", {{"answer", question["answer"]}}};
    }
    const bool line_cancelled = kind == "substitution" && !question["answer"].value("accept", false);
    return Answered{question, *holder, line_cancelled, true};
  }
  json answer;
  std::optional<Product> substitute;
  if (kind == "substitution") {
    if (!given.accept) return Invalid("accept", "accept is true (with the sku chosen) or false");
    answer = {{"accept", *given.accept}};
    if (*given.accept) {
      if (!given.sku) return Invalid("sku", "sku is required: the substitute chosen");
      bool offered = false;
      for (const json& candidate : question.value("candidates", json::array())) {
        offered = offered || candidate.value("sku", "") == *given.sku;
      }
      if (!offered) return Invalid("sku", *given.sku + " is not one of the substitutes offered");
      substitute = store_->GetProduct(brand, *given.sku);
      if (!substitute) return OrderError{"not_found", "product " + *given.sku + " not found", "sku"};
      answer["sku"] = *given.sku;
    }
  } else if (kind == "choice") {
    const int64_t last = static_cast<int64_t>(question["choices"].size()) - 1;
    if (!given.choice || *given.choice < 0 || *given.choice > last) {
      return Invalid("choice", "choice must be a whole number in [0, " + std::to_string(last) + "]");
    }
    answer = {{"choice", *given.choice}, {"label", question["choices"][*given.choice]}};
  } else {
    if (!given.text) return Invalid("text", "text is required");
    answer = {{"text", *given.text}};
  }
  if (kind == "substitution" &&
      (holder->status == OrderStatus::kCancelled || holder->status >= OrderStatus::kShipped)) {
    return OrderError{
        "too_late",
        "order " + holder->id + " is " + OrderStatusText(holder->status) + ": its lines can no longer change", ""};
  }
  json answered = question;
  answered["status"] = "answered";
  answered["answer"] = answer;
  answered["answered_at"] = UtcNowIso();
  answered["answered_by"] = actor.who;
  QuestionChange change;
  change.expected = holder->questions;
  change.questions = json::array();
  for (const json& q : holder->questions) change.questions.push_back(q["id"] == question_id ? answered : q);
  change.actor = actor;
  change.kind = "answer";
  change.details = {{"question", question_id}, {"kind", kind}, {"answer", answer}};
  // A choice that does something: customer service's action, checked as theirs are, and the answer with it.
  json action;
  if (kind == "choice") {
    const json actions = question.value("actions", json::array());
    const size_t picked = static_cast<size_t>(*given.choice);
    if (actions.is_array() && picked < actions.size()) action = actions[picked];
  }
  if (action.is_object()) {
    const std::optional<Brand> owner = store_->GetBrand(brand);
    if (!owner) return OrderError{"not_found", "brand " + brand + " not found", ""};
    OrderAmendment amendment;
    amendment.action = action.value("action", "");
    amendment.actor = {actor.who, "answer to question " + question_id + ": " + answer["label"].get<std::string>()};
    amendment.date = action.value("date", "");
    amendment.slot = action.value("slot", "");
    amendment.relay = action.value("relay", json::object());
    amendment.address = action.value("address", json::object());
    amendment.answer = OrderAmendment::FromAnswer{change.expected, change.questions, change.details};
    OrderResult<OrderAmendments::Amended> amended = amendments_->Apply(
        *owner, ReadBrandSettings(owner->settings), *holder, amendment, [](const Order&) { return true; });
    if (!amended.ok()) return amended.error();  // order_moved: Answer reads again.
    return Answered{std::move(answered), std::move(amended->order), false, false};
  }
  bool line_cancelled = false;
  if (kind == "substitution") {
    const AnsweredLines after = ApplySubstitution(*holder, question, substitute);
    change.lines = after.lines;
    change.total_cents = after.total_cents;
    change.movements = after.movements;
    line_cancelled = !substitute;
  }
  OrderResult<Order> order = RecordQuestion(*lifecycle_, brand, holder->id, change);
  if (!order.ok()) return order.error();  // order_moved: Answer reads again.
  return Answered{std::move(answered), std::move(*order), line_cancelled, false};
}

}  // namespace relais::edge
