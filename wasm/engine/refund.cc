#include "wasm/engine/refund.h"

#include <algorithm>
#include <numeric>

namespace relais {

namespace {

// Products of cents and units stay far below 2^63 for any real order (a line of 10^6 units at 10^7 cents is
// 10^13), but quantities come from requests: the validation below bounds them.
constexpr int64_t kMaxCents = int64_t{1} << 40;  // About 11 billion euros.
constexpr int64_t kMaxUnits = int64_t{1} << 20;

int64_t At(const std::vector<int64_t>& v, size_t i) { return i < v.size() ? v[i] : 0; }

int64_t GoodsAmount(const RefundOrder& order) {
  int64_t a = 0;
  for (const RefundLine& l : order.lines) a += l.unit_cents * l.quantity;
  return a;
}

// A benefit the order earned: one whose threshold the goods paid reached.
bool Earned(const PurchaseBenefit& b, int64_t paid_goods) { return paid_goods >= b.threshold_cents; }

struct Cumulative {
  int64_t goods = 0;
  int64_t shipping = 0;
  int64_t taken_back = 0;
  std::vector<size_t> lost;  // Earned benefits the goods kept no longer reach.
};

// What everything returned so far (`units`) is owed, the benefits it loses taken back.
Cumulative Owed(const RefundOrder& order, const std::vector<int64_t>& units, bool defective) {
  Cumulative c;
  c.goods = GoodsValue(order, units);
  const int64_t paid_goods = GoodsAmount(order) - order.discount_cents;
  for (size_t b = 0; b < order.benefits.size(); ++b) {
    const PurchaseBenefit& benefit = order.benefits[b];
    if (!Earned(benefit, paid_goods) || paid_goods - c.goods >= benefit.threshold_cents) continue;
    c.lost.push_back(b);
    if (benefit.used) c.taken_back += benefit.value_cents;
  }
  // Whole: every unit bought is back, and at least one came back (no return completes an order of no units;
  // otherwise the delivery would count as owed before anything was returned, and no quote would show it).
  bool whole = true;
  int64_t back = 0;
  for (size_t i = 0; i < order.lines.size(); ++i) {
    whole = whole && At(units, i) == order.lines[i].quantity;
    back += At(units, i);
  }
  whole = whole && back > 0;
  if ((order.policy.shipping_when_whole_order && whole) || (order.policy.shipping_when_defective && defective)) {
    c.shipping = order.shipping_cents;
  }
  return c;
}

}  // namespace

std::string ValidateRefund(const RefundOrder& order, const RefundRequest& request) {
  int64_t amount = 0;
  for (size_t i = 0; i < order.lines.size(); ++i) {
    const RefundLine& l = order.lines[i];
    const std::string at = "lines[" + std::to_string(i) + "]";
    if (l.unit_cents < 0 || l.unit_cents > kMaxCents) return at + ".unit_cents: out of range";
    if (l.quantity < 0 || l.quantity > kMaxUnits) return at + ".quantity: out of range";
    amount += l.unit_cents * l.quantity;
    if (amount > kMaxCents) return at + ": the order's goods are out of range";
  }
  if (order.discount_cents < 0 || order.discount_cents > amount) {
    return "discount_cents: between 0 and the goods' amount (" + std::to_string(amount) + ")";
  }
  if (order.shipping_cents < 0 || order.shipping_cents > kMaxCents) return "shipping_cents: out of range";
  for (size_t b = 0; b < order.benefits.size(); ++b) {
    const PurchaseBenefit& benefit = order.benefits[b];
    const std::string at = "benefits[" + std::to_string(b) + "]";
    if (benefit.value_cents < 0 || benefit.value_cents > kMaxCents) return at + ".value_cents: out of range";
    if (benefit.threshold_cents < 0 || benefit.threshold_cents > kMaxCents) {
      return at + ".threshold_cents: out of range";
    }
  }
  if (request.returned_before.size() > order.lines.size()) return "returned_before: more entries than lines";
  if (request.returning.size() > order.lines.size()) return "returning: more entries than lines";
  for (size_t i = 0; i < order.lines.size(); ++i) {
    const int64_t before = At(request.returned_before, i), now = At(request.returning, i);
    const int64_t bought = order.lines[i].quantity;
    if (before < 0 || before > bought) {
      return "returned_before[" + std::to_string(i) + "]: between 0 and the " + std::to_string(bought) + " bought";
    }
    if (now < 0 || now > bought - before) {
      return "returning[" + std::to_string(i) + "]: " + std::to_string(now) + " units, " + std::to_string(bought) +
             " bought and " + std::to_string(before) + " returned before";
    }
  }
  if (request.refunded_before_cents < 0 || request.refunded_before_cents > kMaxCents) {
    return "refunded_before_cents: out of range";
  }
  return "";
}

std::vector<int64_t> DiscountShares(const RefundOrder& order) {
  const size_t n = order.lines.size();
  std::vector<int64_t> share(n, 0);
  const int64_t amount = GoodsAmount(order);
  if (amount == 0 || order.discount_cents == 0) return share;
  // Hamilton's method: the floors of the exact shares, then one cent to each of the largest remainders.
  std::vector<int64_t> remainder(n, 0);
  int64_t given = 0;
  for (size_t i = 0; i < n; ++i) {
    // discount <= amount <= 2^40 and a line amount <= 2^40: the product fits in 128 bits, not always in 64.
    const __int128 exact =
        static_cast<__int128>(order.discount_cents) * (order.lines[i].unit_cents * order.lines[i].quantity);
    share[i] = static_cast<int64_t>(exact / amount);
    remainder[i] = static_cast<int64_t>(exact % amount);
    given += share[i];
  }
  std::vector<size_t> by_remainder(n);
  std::iota(by_remainder.begin(), by_remainder.end(), size_t{0});
  std::stable_sort(by_remainder.begin(), by_remainder.end(),
                   [&](size_t a, size_t b) { return remainder[a] > remainder[b]; });
  for (size_t k = 0; given < order.discount_cents; ++k, ++given) ++share[by_remainder[k]];
  return share;
}

// Line i's first k units, after its discount share: floor(net * k / quantity).
static int64_t LineValue(const RefundLine& line, int64_t share, int64_t k) {
  if (line.quantity == 0 || k == 0) return 0;
  const int64_t net = line.unit_cents * line.quantity - share;
  return static_cast<int64_t>(static_cast<__int128>(net) * k / line.quantity);
}

int64_t GoodsValue(const RefundOrder& order, const std::vector<int64_t>& units) {
  const std::vector<int64_t> share = DiscountShares(order);
  int64_t value = 0;
  for (size_t i = 0; i < order.lines.size(); ++i) value += LineValue(order.lines[i], share[i], At(units, i));
  return value;
}

RefundQuote QuoteRefund(const RefundOrder& order, const RefundRequest& request) {
  RefundQuote q;
  std::vector<int64_t> after(order.lines.size(), 0);
  for (size_t i = 0; i < after.size(); ++i) after[i] = At(request.returned_before, i) + At(request.returning, i);
  const Cumulative before = Owed(order, request.returned_before, request.defective_before);
  const Cumulative now = Owed(order, after, request.defective_before || request.defective);

  const std::vector<int64_t> share = DiscountShares(order);
  q.line_cents.assign(order.lines.size(), 0);
  for (size_t i = 0; i < order.lines.size(); ++i) {
    q.line_cents[i] = LineValue(order.lines[i], share[i], after[i]) -
                      LineValue(order.lines[i], share[i], At(request.returned_before, i));
    q.goods_cents += q.line_cents[i];
  }
  q.shipping_cents = now.shipping - before.shipping;
  for (size_t b : now.lost) {
    if (std::find(before.lost.begin(), before.lost.end(), b) != before.lost.end()) continue;
    if (order.benefits[b].used) {
      q.taken_back.push_back(b);
      q.taken_back_cents += order.benefits[b].value_cents;
    } else {
      q.cancelled.push_back(b);
    }
  }
  const int64_t owed_now = now.goods + now.shipping - now.taken_back;
  q.refund_cents = std::max<int64_t>(0, owed_now - request.refunded_before_cents);
  q.owed_cents = std::max<int64_t>(0, request.refunded_before_cents - owed_now);
  return q;
}

GradedRefund GradeRefund(const RefundQuote& quote, const RefundRequest& request, const std::vector<int64_t>& unsellable,
                         const Compensation& rule) {
  GradedRefund g;
  int64_t unsellable_value = 0;
  for (size_t i = 0; i < quote.line_cents.size(); ++i) {
    const int64_t returning = At(request.returning, i);
    const int64_t u = std::min(At(unsellable, i), returning);
    if (u <= 0) continue;
    unsellable_value += quote.line_cents[i] * u / returning;
  }
  unsellable_value = std::min(unsellable_value, quote.refund_cents);
  g.money_cents = quote.refund_cents;
  switch (rule.kind) {
    case Compensation::Kind::kFull:
      break;
    case Compensation::Kind::kPercent: {
      const int64_t percent = std::clamp<int64_t>(rule.percent, 0, 100);
      g.kept_cents = unsellable_value - unsellable_value * percent / 100;
      g.money_cents -= g.kept_cents;
      break;
    }
    case Compensation::Kind::kVoucher:
      g.voucher_cents = unsellable_value;
      g.money_cents -= unsellable_value;
      break;
  }
  return g;
}

}  // namespace relais
