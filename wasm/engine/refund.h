// What a return gives back, to the cent: the same code in the shopper's browser (the figure shown before the
// return is confirmed) and on the server (the figure refunded).
//
// The rules, for an order of lines bought at unit prices, order-level immediate discounts, a delivery cost and
// the benefits the purchase earned (a voucher, loyalty points valued in cents):
// - Each line bears a share of the order's discounts prorated on the line amounts, rounded to the cent by the
//   largest remainder (the shares add up to the discount exactly; ties go to the earlier line). Within a line the
//   net is spread over its units by rounding down cumulatively: the first k units of a line of q units with net n
//   refund floor(n * k / q), so all q refund n exactly and the odd cents go to the last units (333, 333, 334).
// - A benefit earned because the goods paid reached its threshold is lost when the goods kept fall below it: if
//   it was spent, its value is taken back from the refund; unspent, it is cancelled instead (the caller voids it)
//   and nothing is taken back.
// - The delivery cost comes back when the policy says so: with the return that completes the whole order, or
//   with the first return of a defective unit.
//
// Returns are priced cumulatively: the amount owed for everything returned so far is worked out from the units
// returned so far, and a return refunds what that amount adds to what was refunded before. So any sequence of
// partial returns refunds exactly what one return of the same units would -- except when taking a spent benefit
// back would make a return's refund negative: the refund is then 0 and what could not be taken back is `owed`
// (never charged to the shopper; later returns take it back first). Amounts are integer cents; nothing here
// ever refunds more than the order's total paid.
#ifndef RELAIS_ENGINE_REFUND_H_
#define RELAIS_ENGINE_REFUND_H_

#include <cstdint>
#include <string>
#include <vector>

namespace relais {

struct RefundLine {
  int64_t unit_cents = 0;  // The unit price paid, before order-level discounts (>= 0).
  int64_t quantity = 0;    // Units bought (>= 0).
};

// A benefit the purchase earned because the goods paid (after discounts) reached `threshold_cents`.
struct PurchaseBenefit {
  std::string code;
  int64_t value_cents = 0;      // What taking it back costs the shopper (>= 0).
  int64_t threshold_cents = 0;  // >= 0; a benefit whose threshold the order never reached is ignored.
  bool used = false;            // Spent: taken back from the refund. Unspent: cancelled instead.
};

struct RefundPolicy {
  bool shipping_when_whole_order = false;  // Delivery refunded once every unit has come back.
  bool shipping_when_defective = false;    // Delivery refunded with the first defective unit returned.
};

struct RefundOrder {
  std::vector<RefundLine> lines;
  int64_t discount_cents = 0;  // Order-level immediate discounts on the goods (0 .. the goods' amount).
  int64_t shipping_cents = 0;  // What delivery cost the shopper (>= 0).
  std::vector<PurchaseBenefit> benefits;
  RefundPolicy policy;
};

// One return, knowing the returns refunded before it.
struct RefundRequest {
  std::vector<int64_t> returned_before;  // Per line: units earlier returns refunded ({} : none).
  std::vector<int64_t> returning;        // Per line: units this return brings back.
  int64_t refunded_before_cents = 0;     // What earlier returns refunded (their `refund_cents` summed).
  bool defective_before = false;         // An earlier return had a defective unit.
  bool defective = false;                // This return has one.
};

struct RefundQuote {
  std::vector<int64_t> line_cents;  // Per line: what this return's units of it are worth, after discounts.
  int64_t goods_cents = 0;          // Their sum.
  int64_t shipping_cents = 0;       // Delivery refunded by this return.
  // Spent benefits this return takes back (their value), and unspent ones it cancels: indices into benefits.
  std::vector<size_t> taken_back, cancelled;
  int64_t taken_back_cents = 0;
  int64_t refund_cents = 0;  // What this return refunds: >= 0.
  int64_t owed_cents = 0;    // Benefits' value not taken back yet (a refund cannot be negative).
};

// "" when the order and request make sense, else what is wrong, naming the field ("returning[1]: 3 units, 2
// bought and 0 returned before"...).
std::string ValidateRefund(const RefundOrder& order, const RefundRequest& request);

// Each line's share of the order's discount (largest remainder on the line amounts).
std::vector<int64_t> DiscountShares(const RefundOrder& order);

// What the goods of `units` (per line) are worth after discounts: sum of floor(net_i * units_i / quantity_i).
int64_t GoodsValue(const RefundOrder& order, const std::vector<int64_t>& units);

// The quote for `request` (valid: ValidateRefund returned "").
RefundQuote QuoteRefund(const RefundOrder& order, const RefundRequest& request);

// How staff graded what came back, and what the brand gives for a unit it cannot resell.
struct Compensation {
  enum class Kind { kFull, kPercent, kVoucher };
  Kind kind = Kind::kFull;
  int64_t percent = 100;  // kPercent: the share of the unit's refund paid (0..100).
};
struct GradedRefund {
  int64_t money_cents = 0;    // Paid back through the payment provider.
  int64_t voucher_cents = 0;  // Given as a voucher instead (kVoucher).
  int64_t kept_cents = 0;     // Kept by the merchant (kPercent's rest).
};

// The quote once graded: `unsellable[i]` of this return's units of line i (<= returning[i]) could not be resold.
// Their share of the line's refund (line_cents * unsellable / returning, rounded down) follows `rule`; the rest,
// the delivery and the benefits taken back stay as quoted. money + voucher + kept == quote.refund_cents, always (the
// unsellable units' value is capped at the refund).
GradedRefund GradeRefund(const RefundQuote& quote, const RefundRequest& request, const std::vector<int64_t>& unsellable,
                         const Compensation& rule);

}  // namespace relais

#endif  // RELAIS_ENGINE_REFUND_H_
