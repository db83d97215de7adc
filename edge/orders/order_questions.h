// Questions to the shopper whose answer changes what happens to the order. Staff ask them on the order
// that holds the line (a child order when several sites serve it); the shopper answers with its tracking
// token on the page, customer service on the phone. An answer is given once: the same answer again is a
// replay, another one is refused.
//
//   substitution  a line is out of stock: accept one of the candidates (taken from the catalogue: the same
//                 category, in stock at the line's site; or named by staff) -- the line becomes that
//                 product, its reservation moves, the price never goes up -- or refuse: the line is
//                 cancelled and its reservation released. Only when the shopper allowed substitutions at
//                 order time; otherwise the line is cancelled at once.
//   choice        pick one of the choices staff wrote (another slot, home delivery for a late remainder...):
//                 recorded for staff, who carry it out.
//   text          a free answer, recorded likewise.
//
// Stored in the order: "questions": [{id, kind, shipment, text: {fr, en}, sku?, quantity?, candidates?,
// choices?, status: open | answered, answer?, asked_at, answered_at?}].
#ifndef RELAIS_EDGE_ORDERS_ORDER_QUESTIONS_H_
#define RELAIS_EDGE_ORDERS_ORDER_QUESTIONS_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "edge/model/catalogue.h"
#include "edge/model/order.h"
#include "edge/model/stock_movement.h"
#include "edge/orders/order_lifecycle.h"

namespace relais::edge {

// Candidates for `line`'s product: up to `limit` products of its category (not itself) with `line.quantity`
// available at the line's site, the closest in price first. `available(sku)` gives that figure.
std::vector<Product> SubstituteCandidates(const Product& product, const std::vector<Product>& same_category,
                                          int64_t quantity, const std::function<int64_t(const std::string&)>& available,
                                          size_t limit);

// The question's text in both languages: `missing` of the `ordered` units (all of them, or a shortage).
nlohmann::json SubstitutionText(const Product& product, int64_t missing, int64_t ordered);

// The order after the shopper's answer to substitution question `question` (which names the line's sku and
// the units asked about, `quantity`): its lines (the line replaced by `sku`'s product at min(its price, the
// old price), or removed when there is none; for a shortage, the line keeps the units found and the
// substitute for the others is a line of its own, last), its total and the stock movements that follow (release the old
// reservation, reserve the new one), each naming the order.
struct AnsweredLines {
  std::vector<OrderLine> lines;
  int64_t total_cents = 0;
  std::vector<Movement> movements;
};
AnsweredLines ApplySubstitution(const Order& order, const nlohmann::json& question, const std::optional<Product>& sku);

// The question `id` among `order`'s, or nullptr.
const nlohmann::json* FindQuestion(const Order& order, const std::string& id);

// A question asked, or answered: the questions as read and what they become, with the lines and stock an
// answer changes.
struct QuestionChange {
  nlohmann::json expected;   // The order's questions as read: order_moved when they changed meanwhile.
  nlohmann::json questions;  // What they become.
  std::optional<std::vector<OrderLine>> lines;  // The lines after an answer (nullopt: unchanged); none left
  int64_t total_cents = 0;                      // cancels the order. The total with those lines.
  std::vector<Movement> movements;              // The stock that follows (insufficient_stock).
  std::string kind;
  nlohmann::json details = nlohmann::json::object();
  Actor actor;
  std::vector<Notification> notifications;
};

// Records `change` on order `id` (not a parent) through `lifecycle`: its questions, lines, total and stock,
// the event and the notifications, one commit; a parent follows.
OrderResult<Order> RecordQuestion(OrderLifecycle& lifecycle, const std::string& brand, const std::string& id,
                                  const QuestionChange& change);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_ORDER_QUESTIONS_H_
