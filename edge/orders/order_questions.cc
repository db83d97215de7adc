#include "edge/orders/order_questions.h"

#include <algorithm>
#include <cstdlib>

namespace relais::edge {

using nlohmann::json;

std::vector<Product> SubstituteCandidates(const Product& product, const std::vector<Product>& same_category,
                                          int64_t quantity, const std::function<int64_t(const std::string&)>& available,
                                          size_t limit) {
  std::vector<Product> candidates;
  for (const Product& p : same_category) {
    if (p.sku != product.sku && p.category == product.category && available(p.sku) >= quantity) {
      candidates.push_back(p);
    }
  }
  std::stable_sort(candidates.begin(), candidates.end(), [&](const Product& a, const Product& b) {
    return std::llabs(a.price_cents - product.price_cents) < std::llabs(b.price_cents - product.price_cents);
  });
  if (candidates.size() > limit) candidates.resize(limit);
  return candidates;
}

json SubstitutionText(const Product& product, int64_t missing, int64_t ordered) {
  if (missing >= ordered) {
    return {{"fr", "« " + product.name + " » est en rupture de stock : accepter un produit de remplacement ?"},
            {"en", product.name + " is out of stock: accept a substitute?"}};
  }
  const std::string m = std::to_string(missing), o = std::to_string(ordered);
  return {{"fr", "Il manque " + m + " « " + product.name + " » sur les " + o +
                     " commandés : accepter un produit de remplacement pour " + (missing > 1 ? "ceux-là" : "celui-là") +
                     " ?"},
          {"en", m + " of the " + o + " " + product.name + " ordered " + (missing > 1 ? "are" : "is") +
                     " out of stock: accept a substitute for " + (missing > 1 ? "them" : "it") + "?"}};
}

AnsweredLines ApplySubstitution(const Order& order, const json& question, const std::optional<Product>& substitute) {
  AnsweredLines out;
  out.total_cents = order.total_cents;
  const std::string sku = question.at("sku");
  bool done = false;
  std::optional<OrderLine> added;  // A substitute for some units only: a line of its own, after the others.
  for (const OrderLine& line : order.lines) {
    if (done || line.sku != sku) {
      out.lines.push_back(line);
      continue;
    }
    done = true;  // One line per question: the first with that sku.
    // The units asked about: all of the line, or those missing when the rest was found (kept on the line).
    const int64_t missing = std::clamp<int64_t>(question.value("quantity", line.quantity), 1, line.quantity);
    out.total_cents -= line.unit_price_cents * missing;
    out.movements.push_back({MovementKind::kRelease, line.sku, line.site, missing, "", order.id});
    if (missing < line.quantity) {
      OrderLine found = line;
      found.quantity -= missing;
      out.lines.push_back(std::move(found));
    }
    if (!substitute) continue;  // Refused: the units go.
    OrderLine replaced = line;
    replaced.quantity = missing;
    replaced.sku = substitute->sku;
    replaced.unit_price_cents = std::min(line.unit_price_cents, substitute->price_cents);  // Never dearer.
    out.total_cents += replaced.unit_price_cents * replaced.quantity;
    out.movements.push_back({MovementKind::kReservation, replaced.sku, replaced.site, replaced.quantity, "", order.id});
    if (missing < line.quantity) {
      added = std::move(replaced);  // The lines after keep their indices.
    } else {
      out.lines.push_back(std::move(replaced));
    }
  }
  if (added) out.lines.push_back(std::move(*added));
  return out;
}

const json* FindQuestion(const Order& order, const std::string& id) {
  for (const json& q : order.questions) {
    if (q.value("id", "") == id) return &q;
  }
  return nullptr;
}

OrderResult<Order> RecordQuestion(OrderLifecycle& lifecycle, const std::string& brand, const std::string& id,
                                  const QuestionChange& change) {
  std::optional<OrderError> moved;
  OrderResult<OrderLifecycle::Changed> changed =
      lifecycle.Change(brand, id, [&](Order* order, OrderCommit* commit, std::optional<OrderStatus>* status) {
        if (order->questions != change.expected) {
          moved = OrderError{"order_moved", "order " + id + " changed meanwhile: read it again", ""};
          return false;
        }
        order->questions = change.questions;
        if (change.lines) {
          order->lines = *change.lines;
          order->total_cents = change.total_cents;
          if (change.lines->empty()) *status = OrderStatus::kCancelled;  // Nothing left to deliver.
        }
        commit->movements = change.movements;
        commit->movements_field = "answer";
        commit->events.push_back({id, change.kind, change.details, change.actor});
        commit->notifications = change.notifications;
        return true;
      });
  if (!changed.ok()) return changed.error();
  if (moved) return *moved;
  return changed->order;
}

}  // namespace relais::edge
