// Asking the shopper and taking its answer (order_questions.h says what each kind of question does): the
// rules of when a question may be asked, which substitutes are offered, what an answer changes, and the
// retries when the order moved meanwhile. Callers read the request's shapes and check who may act.
#ifndef RELAIS_EDGE_ORDERS_QUESTION_SERVICE_H_
#define RELAIS_EDGE_ORDERS_QUESTION_SERVICE_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "edge/model/order.h"
#include "edge/orders/order_amendments.h"
#include "edge/orders/order_error.h"
#include "edge/orders/order_lifecycle.h"
#include "edge/orders/tracking_service.h"
#include "edge/store/store.h"

namespace relais::edge {

// A question as staff ask it, its fields read (shapes) by the caller.
struct QuestionAsked {
  std::string kind;  // substitution, choice, text.
  int64_t shipment = 0;
  std::string sku;       // substitution: the line's product.
  int64_t quantity = 0;  // substitution: the units missing, fewer than the line's when some were found (0: all).
  std::optional<std::vector<std::string>> candidates;  // substitution: staff's own picks (else the catalogue's).
  nlohmann::json text = nlohmann::json::object();      // choice, text: {fr, en}, both filled.
  std::vector<std::string> choices;                    // choice: 2 to 5.
  // choice: per choice, what answering it does (null: nothing but the answer) -- an action of customer
  // service's (order_amendments.h) with its fields: {action: change_slot, date} | {action: ship_home,
  // address} | {action: change_relay, relay}. Applied when the shopper picks it, through the same checks.
  std::vector<nlohmann::json> actions;
};

// An answer as given, its fields read by the caller; which are required depends on the question.
struct QuestionAnswer {
  std::optional<bool> accept;       // substitution: required.
  std::optional<std::string> sku;   // substitution accepted: one of the candidates offered.
  std::optional<int64_t> choice;    // choice: the index of one of its choices.
  std::optional<std::string> text;  // text.
};

class QuestionService {
 public:
  // Every pointer outlives this. `tracking` finds a parent's shipments and writes the shopper's messages.
  // `amendments` applies a choice's action.
  QuestionService(Store* store, OrderLifecycle* lifecycle, const TrackingService* tracking, OrderAmendments* amendments)
      : store_(store), lifecycle_(lifecycle), tracking_(tracking), amendments_(amendments) {}

  struct Asked {
    nlohmann::json question;
    Order order;                  // As stored after.
    bool line_cancelled = false;  // A substitution with nothing to offer, or not allowed: cancelled at once.
  };
  // Asks `question` on `order` (as the caller read it and may see it) in the name of `actor`; the shopper
  // is told. Errors: ask_the_child_order, too_late, invalid_field (sku, candidates[i]), not_found
  // (a candidate), insufficient_stock (a candidate), already_asked, too_many_questions, order_moved.
  OrderResult<Asked> Ask(const std::string& brand, const Order& order, const QuestionAsked& question,
                         const Actor& actor);

  struct Answered {
    nlohmann::json question;  // As answered.
    Order order;              // The order that holds it, as stored after.
    bool line_cancelled = false;
    bool repeated = false;  // The same answer again: nothing changed.
  };
  // Answers question `question_id` of order `order_id` (a parent finds it in its children). Errors:
  // not_found, invalid_field (accept, sku, choice, text), already_answered (details: the answer given),
  // too_late, insufficient_stock, order_moved (kept moving under every retry); a choice whose action is
  // refused answers the action's refusal (too_late, site_closed, relay_unavailable, mode_unavailable...)
  // and leaves the question open, for another choice.
  OrderResult<Answered> Answer(const std::string& brand, const std::string& order_id, const std::string& question_id,
                               const QuestionAnswer& answer, const Actor& actor);

 private:
  static constexpr int kAttempts = 5;     // Re-reads when the order changed meanwhile.
  static constexpr size_t kMaxOpen = 20;  // Per order: a runaway script cannot flood the shopper.
  static constexpr size_t kCandidatesOffered = 3;
  static constexpr int64_t kCategoryLooked = 50;

  // One attempt of Answer, on a fresh read (order_moved when another write came first).
  OrderResult<Answered> TryAnswer(const std::string& brand, const std::string& order_id, const std::string& question_id,
                                  const QuestionAnswer& answer, const Actor& actor);

  Store* store_;
  OrderLifecycle* lifecycle_;
  const TrackingService* tracking_;
  OrderAmendments* amendments_;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_QUESTION_SERVICE_H_
