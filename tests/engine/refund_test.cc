#define BOOST_TEST_MODULE refund
// What a return refunds (wasm/engine/refund.h): worked examples whose figures are computed by hand in the
// comments, the cases shared with the WebAssembly module (tests/fixtures/refund/cases.json), and properties
// over tens of thousands of random orders returned piecemeal: amounts whole and never negative, never more
// back than was paid, any sequence of partial returns worth one return of the same units, and the goods'
// figure equal to an independent brute force that hands the discount out one cent at a time.
#include "wasm/engine/refund.h"

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>

#include "wasm/engine/refund_json.h"

using namespace relais;
using nlohmann::json;

namespace {

RefundOrder Order(std::vector<RefundLine> lines, int64_t discount_cents, int64_t shipping_cents = 0) {
  RefundOrder order;
  order.lines = std::move(lines);
  order.discount_cents = discount_cents;
  order.shipping_cents = shipping_cents;
  return order;
}

RefundRequest Return(std::vector<int64_t> before, std::vector<int64_t> returning, int64_t refunded_before = 0) {
  RefundRequest request;
  request.returned_before = std::move(before);
  request.returning = std::move(returning);
  request.refunded_before_cents = refunded_before;
  return request;
}

// Quotes a request the validation accepts.
RefundQuote Quote(const RefundOrder& order, const RefundRequest& request) {
  const std::string error = ValidateRefund(order, request);
  BOOST_TEST_REQUIRE(error.empty(), error);
  return QuoteRefund(order, request);
}

// Order A of the fixture: 1999 x 1 and 500 x 3 (goods 3499), a 1000 discount.
//   Line 1's exact share: 1000 * 1999 / 3499 = 1999000 / 3499 = 571 r 1071 (3499 * 571 = 1997929).
//   Line 2's exact share: 1000 * 1500 / 3499 = 1500000 / 3499 = 428 r 2428 (3499 * 428 = 1497572).
//   The floors give 999: the last cent goes to the larger remainder, line 2. Shares 571 and 429.
//   Nets 1999 - 571 = 1428 and 1500 - 429 = 1071; line 2's first k units: floor(1071 k / 3) = 357 k.
RefundOrder OrderA(int64_t shipping_cents = 0) { return Order({{1999, 1}, {500, 3}}, 1000, shipping_cents); }

}  // namespace

BOOST_AUTO_TEST_CASE(the_discount_is_shared_by_largest_remainder) {
  const RefundOrder a = OrderA();
  BOOST_TEST(DiscountShares(a) == std::vector<int64_t>({571, 429}), boost::test_tools::per_element());
  BOOST_TEST(GoodsValue(a, {1, 0}) == 1428);
  BOOST_TEST(GoodsValue(a, {0, 1}) == 357);
  BOOST_TEST(GoodsValue(a, {0, 3}) == 1071);
  BOOST_TEST(GoodsValue(a, {1, 3}) == 2499);  // 3499 - 1000.
  const RefundQuote one = Quote(a, Return({}, {0, 1}));
  BOOST_TEST(one.line_cents == std::vector<int64_t>({0, 357}), boost::test_tools::per_element());
  BOOST_TEST(one.refund_cents == 357);

  // Three lines of 100, 100 off: 100 * 100 / 300 = 33 r 100 each; the tie on the last cent goes to the first.
  BOOST_TEST(DiscountShares(Order({{100, 1}, {100, 1}, {100, 1}}, 100)) == std::vector<int64_t>({34, 33, 33}),
             boost::test_tools::per_element());
  // Nothing to share: no discount, or no goods.
  BOOST_TEST(DiscountShares(Order({{100, 2}, {0, 3}}, 0)) == std::vector<int64_t>({0, 0}),
             boost::test_tools::per_element());
  BOOST_TEST(DiscountShares(Order({{0, 2}, {500, 0}}, 0)) == std::vector<int64_t>({0, 0}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_lines_units_share_its_net_333_333_334) {
  // 400 x 3 less 200 (the only line bears all of it): a net of 1000. The first k units are worth
  // floor(1000 k / 3): 333, 666, 1000, so the units refund 333, 333 and 334.
  const RefundOrder order = Order({{400, 3}}, 200);
  BOOST_TEST(Quote(order, Return({}, {1})).refund_cents == 333);
  BOOST_TEST(Quote(order, Return({1}, {1}, 333)).refund_cents == 333);
  BOOST_TEST(Quote(order, Return({2}, {1}, 666)).refund_cents == 334);
  BOOST_TEST(Quote(order, Return({}, {3})).refund_cents == 1000);  // All at once: the same 1000.
  // Two then one: 666, then 1000 - 666 = 334.
  BOOST_TEST(Quote(order, Return({}, {2})).refund_cents == 666);
  BOOST_TEST(Quote(order, Return({2}, {1}, 666)).refund_cents == 334);
}

BOOST_AUTO_TEST_CASE(a_spent_benefit_is_taken_back_when_the_return_breaks_its_threshold) {
  // 3000 x 2 paid 6000 >= 5000: WELCOME10 (1000) was earned, and spent.
  RefundOrder order = Order({{3000, 2}}, 0, 490);
  order.benefits = {{"WELCOME10", 1000, 5000, true}};
  // One unit back: 3000 kept < 5000, the benefit is lost: 3000 - 1000 = 2000.
  const RefundQuote first = Quote(order, Return({}, {1}));
  BOOST_TEST(first.goods_cents == 3000);
  BOOST_TEST(first.taken_back == std::vector<size_t>({0}), boost::test_tools::per_element());
  BOOST_TEST(first.cancelled.empty());
  BOOST_TEST(first.taken_back_cents == 1000);
  BOOST_TEST(first.refund_cents == 2000);
  BOOST_TEST(first.owed_cents == 0);
  // The second unit: (6000 - 1000) - 2000 refunded before = 3000; the benefit is not taken back twice.
  const RefundQuote second = Quote(order, Return({1}, {1}, 2000));
  BOOST_TEST(second.taken_back.empty());
  BOOST_TEST(second.taken_back_cents == 0);
  BOOST_TEST(second.refund_cents == 3000);  // 2000 + 3000 = 6000 - 1000 in all.

  // The threshold is on the goods paid, after discounts. 1000 x 6 with no discount: one unit back keeps
  // 5000 >= 5000, nothing lost. With 600 off, paid 5400 >= 5000 (earned), each unit is worth 5400 / 6 = 900
  // and one back keeps 4500 < 5000: lost, 900 - 1000 < 0, so 0 refunded and 100 owed.
  RefundOrder six = Order({{1000, 6}}, 0);
  six.benefits = {{"WELCOME10", 1000, 5000, true}};
  const RefundQuote kept = Quote(six, Return({}, {1}));
  BOOST_TEST(kept.taken_back.empty());
  BOOST_TEST(kept.refund_cents == 1000);
  six.discount_cents = 600;
  const RefundQuote broken = Quote(six, Return({}, {1}));
  BOOST_TEST(broken.goods_cents == 900);
  BOOST_TEST(broken.taken_back == std::vector<size_t>({0}), boost::test_tools::per_element());
  BOOST_TEST(broken.refund_cents == 0);
  BOOST_TEST(broken.owed_cents == 100);
  // The next unit: 2 x 900 - 1000 = 800 owed in all, 0 refunded before: 800, the 100 taken back first.
  const RefundQuote next = Quote(six, Return({1}, {1}, 0));
  BOOST_TEST(next.goods_cents == 900);
  BOOST_TEST(next.refund_cents == 800);
  BOOST_TEST(next.owed_cents == 0);

  // A benefit whose threshold the order never reached (7000 > 6000) is ignored.
  order.benefits = {{"BIGSPENDER", 1000, 7000, true}};
  const RefundQuote ignored = Quote(order, Return({}, {1}));
  BOOST_TEST(ignored.taken_back.empty());
  BOOST_TEST(ignored.refund_cents == 3000);
}

BOOST_AUTO_TEST_CASE(an_unspent_benefit_is_cancelled_instead) {
  RefundOrder order = Order({{3000, 2}, {1000, 1}}, 0);  // Paid 7000.
  order.benefits = {{"WELCOME10", 1000, 5000, false}};
  // The 1000 line back: 6000 kept >= 5000, the benefit stays.
  const RefundQuote first = Quote(order, Return({}, {0, 1}));
  BOOST_TEST(first.cancelled.empty());
  BOOST_TEST(first.refund_cents == 1000);
  // One 3000 unit: 3000 kept < 5000, cancelled (the caller voids it), nothing taken back: 3000.
  const RefundQuote second = Quote(order, Return({0, 1}, {1, 0}, 1000));
  BOOST_TEST(second.cancelled == std::vector<size_t>({0}), boost::test_tools::per_element());
  BOOST_TEST(second.taken_back.empty());
  BOOST_TEST(second.taken_back_cents == 0);
  BOOST_TEST(second.refund_cents == 3000);
  // The last unit: cancelled once only.
  const RefundQuote third = Quote(order, Return({1, 1}, {1, 0}, 4000));
  BOOST_TEST(third.cancelled.empty());
  BOOST_TEST(third.refund_cents == 3000);
}

BOOST_AUTO_TEST_CASE(shipping_comes_back_with_the_return_that_completes_the_order_once) {
  RefundOrder a = OrderA(490);
  a.policy.shipping_when_whole_order = true;
  // Line 2 whole first: 1071, no delivery (line 1 is still out).
  const RefundQuote first = Quote(a, Return({}, {0, 3}));
  BOOST_TEST(first.shipping_cents == 0);
  BOOST_TEST(first.refund_cents == 1071);
  // Line 1 completes the order: 1428 + 490 = 1918; in all 1071 + 1918 = 2989 = 3499 - 1000 + 490.
  const RefundQuote second = Quote(a, Return({0, 3}, {1, 0}, 1071));
  BOOST_TEST(second.shipping_cents == 490);
  BOOST_TEST(second.refund_cents == 1918);
  // Asked again with everything returned before: nothing more.
  const RefundQuote again = Quote(a, Return({1, 3}, {0, 0}, 2989));
  BOOST_TEST(again.shipping_cents == 0);
  BOOST_TEST(again.refund_cents == 0);
  // Without the policy the order's completion refunds no delivery: 1428.
  a.policy.shipping_when_whole_order = false;
  BOOST_TEST(Quote(a, Return({0, 3}, {1, 0}, 1071)).refund_cents == 1428);
}

BOOST_AUTO_TEST_CASE(shipping_comes_back_with_the_first_defective_unit_once) {
  RefundOrder a = OrderA(490);
  a.policy.shipping_when_defective = true;
  RefundRequest first = Return({}, {0, 1});
  first.defective = true;
  const RefundQuote q1 = Quote(a, first);  // 357 + 490 = 847.
  BOOST_TEST(q1.shipping_cents == 490);
  BOOST_TEST(q1.refund_cents == 847);
  RefundRequest second = Return({0, 1}, {1, 0}, 847);
  second.defective_before = second.defective = true;
  const RefundQuote q2 = Quote(a, second);  // 1428, no delivery again.
  BOOST_TEST(q2.shipping_cents == 0);
  BOOST_TEST(q2.refund_cents == 1428);
  // A sound return under the same policy refunds no delivery: 357.
  BOOST_TEST(Quote(a, Return({}, {0, 1})).refund_cents == 357);

  // Both policies: the defective unit brings the delivery back, the completing return does not again.
  // After the 847: line 1 (1428) and line 2's last two units (1071 - 357 = 714) = 2142 = (2499 + 490) - 847.
  a.policy.shipping_when_whole_order = true;
  RefundRequest rest = Return({0, 1}, {1, 2}, 847);
  rest.defective_before = true;
  const RefundQuote q3 = Quote(a, rest);
  BOOST_TEST(q3.shipping_cents == 0);
  BOOST_TEST(q3.refund_cents == 2142);
}

BOOST_AUTO_TEST_CASE(grading_splits_an_unsellable_units_refund_by_the_rule) {
  // Order A all back at once, no delivery policy: line_cents {1428, 1071}, 2499 refunded.
  const RefundOrder a = OrderA(490);
  const RefundRequest all = Return({}, {1, 3});
  const RefundQuote q = Quote(a, all);
  BOOST_TEST(q.refund_cents == 2499);
  // One of line 2's three units unsellable: 1071 * 1 / 3 = 357 of it follows the rule.
  const GradedRefund full = GradeRefund(q, all, {0, 1}, {Compensation::Kind::kFull, 100});
  BOOST_TEST(full.money_cents == 2499);
  BOOST_TEST(full.voucher_cents == 0);
  BOOST_TEST(full.kept_cents == 0);
  // 40% of 357 paid: floor(142.8) = 142; 357 - 142 = 215 kept; 2499 - 215 = 2284 paid back.
  const GradedRefund percent = GradeRefund(q, all, {0, 1}, {Compensation::Kind::kPercent, 40});
  BOOST_TEST(percent.money_cents == 2284);
  BOOST_TEST(percent.kept_cents == 215);
  BOOST_TEST(percent.voucher_cents == 0);
  // As a voucher: 357 in a voucher, 2499 - 357 = 2142 paid back.
  const GradedRefund voucher = GradeRefund(q, all, {0, 1}, {Compensation::Kind::kVoucher, 100});
  BOOST_TEST(voucher.money_cents == 2142);
  BOOST_TEST(voucher.voucher_cents == 357);
  BOOST_TEST(voucher.kept_cents == 0);
  // Everything unsellable at 40%: floor(2499 * 40 / 100) = floor(999.6) = 999 paid, 1500 kept.
  const GradedRefund none = GradeRefund(q, all, {1, 3}, {Compensation::Kind::kPercent, 40});
  BOOST_TEST(none.money_cents == 999);
  BOOST_TEST(none.kept_cents == 1500);
}

BOOST_AUTO_TEST_CASE(refusals_name_the_field) {
  const RefundOrder three = Order({{500, 3}}, 0);
  BOOST_TEST(ValidateRefund(three, Return({2}, {2})) == "returning[0]: 2 units, 3 bought and 2 returned before");
  BOOST_TEST(ValidateRefund(three, Return({}, {4})) == "returning[0]: 4 units, 3 bought and 0 returned before");
  BOOST_TEST(ValidateRefund(three, Return({}, {-1})).find("returning[0]:") == 0u);
  BOOST_TEST(ValidateRefund(three, Return({4}, {0})).find("returned_before[0]:") == 0u);
  BOOST_TEST(ValidateRefund(three, Return({}, {1, 0})) == "returning: more entries than lines");
  BOOST_TEST(ValidateRefund(Order({{500, 3}}, -1), Return({}, {1})) ==
             "discount_cents: between 0 and the goods' amount (1500)");
  BOOST_TEST(ValidateRefund(Order({{500, 3}}, 1501), Return({}, {1})) ==
             "discount_cents: between 0 and the goods' amount (1500)");
  BOOST_TEST(ValidateRefund(Order({{500, 3}}, 1500), Return({}, {1})) == "");  // All of it off: fine.
  BOOST_TEST(ValidateRefund(Order({{-1, 3}}, 0), Return({}, {1})).find("lines[0].unit_cents:") == 0u);
  BOOST_TEST(ValidateRefund(Order({{500, 3}}, 0, -1), Return({}, {1})).find("shipping_cents:") == 0u);
  BOOST_TEST(ValidateRefund(three, Return({}, {1}, -1)).find("refunded_before_cents:") == 0u);
  RefundOrder with_benefit = three;
  with_benefit.benefits = {{"X", -5, 0, true}};
  BOOST_TEST(ValidateRefund(with_benefit, Return({}, {1})).find("benefits[0].value_cents:") == 0u);

  RefundOrder order;
  RefundRequest request;
  const auto parse = [&](const char* text) { return ParseRefundInput(json::parse(text), &order, &request); };
  BOOST_TEST(parse(R"({"lines": [{"unit_cents": 12.5, "quantity": 1}]})").find("lines[0].unit_cents") == 0u);
  BOOST_TEST(parse(R"({"lines": [{"unit_cents": "12", "quantity": 1}]})").find("lines[0].unit_cents") == 0u);
  BOOST_TEST(parse(R"({"lines": [{"quantity": 1}]})").find("lines[0].unit_cents") == 0u);
  BOOST_TEST(parse(R"({"lines": [{"unit_cents": 100, "quantity": 1.5}]})").find("lines[0].quantity") == 0u);
  BOOST_TEST(parse(R"({"lines": [{"unit_cents": 100, "quantity": 1}], "discount_cents": -1})") ==
             "discount_cents: between 0 and the goods' amount (100)");
  BOOST_TEST(parse(R"({"lines": [{"unit_cents": 100, "quantity": 1}], "discount_cents": 101})") ==
             "discount_cents: between 0 and the goods' amount (100)");
  BOOST_TEST(parse(R"({"lines": [{"unit_cents": 500, "quantity": 3}], "returned_before": [2], "returning": [2]})") ==
             "returning[0]: 2 units, 3 bought and 2 returned before");
  BOOST_TEST(parse(R"({"lines": [{"unit_cents": 100, "quantity": 1}], "returning": [0.5]})") ==
             "returning[0]: an integer");
  BOOST_TEST(parse(R"({"lines": [{"unit_cents": 100, "quantity": 1}], "benefits": [{"used": 1}]})") ==
             "benefits[0].used: true or false");
  BOOST_TEST(parse(R"({"lines": [{"unit_cents": 100, "quantity": 1}], "policy": {"shipping_when_defective": 1}})") ==
             "policy.shipping_when_defective: true or false");
  BOOST_TEST(parse("[]") == "the input is a JSON object");
  BOOST_TEST(QuoteRefundText("not json") == R"({"error":"the input is not JSON"})");
  BOOST_TEST(QuoteRefundText(R"({"lines": [{"unit_cents": 12.5, "quantity": 1}]})") ==
             R"({"error":"lines[0].unit_cents: an integer"})");
}

// The cases tests/wasm/refund.test.mjs asks the WebAssembly module: the same text, byte for byte.
BOOST_AUTO_TEST_CASE(the_shared_cases_quote_their_hand_computed_text) {
  std::ifstream in("tests/fixtures/refund/cases.json");
  BOOST_REQUIRE(in);
  const json fixture = json::parse(in);
  BOOST_TEST_REQUIRE(fixture["cases"].size() >= 10u);
  for (const json& c : fixture["cases"]) {
    BOOST_TEST(QuoteRefundText(c["input"].dump()) == c["quote"].dump(), c["why"].get<std::string>());
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Properties over random orders.

namespace {

// An independent brute force of the goods' figure, sharing nothing with refund.cc but the rules as
// refund.h states them, and using no division at all.
//
// The discount is handed out one cent at a time to the line whose share lies furthest below its exact rational
// share d * a_i / A (ties to the earlier line). Comparing d a_i / A - s_i across lines is comparing
// d a_i - s_i A (the same denominator A). This greedy first brings every line to the floor of its exact share
// (a line at least a cent short always outranks one less than a cent short), then hands the fewer than n cents
// left to the largest fractional parts, one each: the largest remainder, ties to the earlier line.
//
// From zero, that is d steps: 2.5 billion over the random orders below, 13 s. So `from_zero` false first
// brings each line to the floor of its exact share at once -- the largest s with s A <= d a_i, by bisection --
// and hands out the cents left one at a time; the test runs both on the orders of small discounts and requires
// them to agree.
std::vector<int64_t> BruteShares(const RefundOrder& order, bool from_zero, uint64_t* cents_handed) {
  const size_t n = order.lines.size();
  int64_t amount = 0;
  for (const RefundLine& l : order.lines) amount += l.unit_cents * l.quantity;
  std::vector<int64_t> share(n, 0), below(n, 0);  // below[i] = d a_i - s_i A.
  int64_t given = 0;
  for (size_t i = 0; i < n; ++i) {
    const int64_t a = order.lines[i].unit_cents * order.lines[i].quantity;
    below[i] = order.discount_cents * a;
    if (from_zero) continue;
    int64_t low = 0, high = a;  // d <= A: the exact share is at most a.
    while (low < high) {
      const int64_t mid = low + (high - low + 1) / 2;
      if (mid * amount <= below[i]) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    share[i] = low;
    below[i] -= low * amount;
    given += low;
  }
  for (int64_t cent = given; cent < order.discount_cents; ++cent) {
    size_t furthest = 0;
    for (size_t i = 1; i < n; ++i) {
      if (below[i] > below[furthest]) furthest = i;
    }
    ++share[furthest];
    below[furthest] -= amount;
    ++*cents_handed;
  }
  return share;
}

// Each unit of each line, in the order units come back: unit k (1-based) of a line of q units with net n is
// worth m_k - m_(k-1), where m_k is the largest m with m q <= n k (found by bisection on exact products, so
// the q units add up to n and the first k to floor(n k / q)).
std::vector<std::vector<int64_t>> BruteUnits(const RefundOrder& order, const std::vector<int64_t>& share) {
  std::vector<std::vector<int64_t>> units(order.lines.size());
  for (size_t i = 0; i < order.lines.size(); ++i) {
    const int64_t q = order.lines[i].quantity, net = order.lines[i].unit_cents * q - share[i];
    int64_t previous = 0;
    for (int64_t k = 1; k <= q; ++k) {
      int64_t low = 0, high = net;  // low q <= net k always; find the largest such m in [low, high].
      while (low < high) {
        const int64_t mid = low + (high - low + 1) / 2;
        if (mid * q <= net * k) {
          low = mid;
        } else {
          high = mid - 1;
        }
      }
      units[i].push_back(low - previous);
      previous = low;
    }
  }
  return units;
}

struct Counts {
  uint64_t orders = 0, lines = 0, units = 0, sequences = 0, returns = 0, empty_returns = 0, brute_compared = 0,
           discount_cents_handed = 0, with_benefits = 0, spent_taken_back = 0, owed_seen = 0, cancelled = 0,
           shipping_whole = 0, shipping_defective = 0, graded = 0, exact_equalities = 0, greedy_from_zero = 0;
};

RefundOrder RandomOrder(std::mt19937_64& rng) {
  const auto pick = [&](int64_t low, int64_t high) { return std::uniform_int_distribution<int64_t>(low, high)(rng); };
  RefundOrder order;
  const int64_t n = pick(1, 8);
  int64_t amount = 0;
  for (int64_t i = 0; i < n; ++i) {
    // A quarter of the prices small, so that shares and units often tie and split unevenly.
    const int64_t unit = pick(0, 3) == 0 ? pick(0, 20) : pick(0, 50'000);
    order.lines.push_back({unit, pick(0, 6)});
    amount += order.lines.back().unit_cents * order.lines.back().quantity;
  }
  // The whole range of discounts, with its two ends often.
  const int64_t end = pick(0, 9);
  order.discount_cents = end == 0 ? 0 : end == 1 ? amount : pick(0, amount);
  order.shipping_cents = pick(0, 1) ? pick(0, 1'500) : 0;
  const int64_t paid = amount - order.discount_cents;
  for (int64_t b = pick(0, 2); b > 0; --b) {
    PurchaseBenefit benefit;
    benefit.code = "B" + std::to_string(b);
    benefit.value_cents = pick(0, 3) == 0 ? pick(0, paid + 2'000) : pick(0, 2'000);  // Sometimes above a return.
    benefit.threshold_cents = pick(0, paid + paid / 4 + 1);                          // Some never reached.
    benefit.used = pick(0, 1) == 1;
    order.benefits.push_back(benefit);
  }
  order.policy.shipping_when_whole_order = pick(0, 1) == 1;
  order.policy.shipping_when_defective = pick(0, 2) == 0;
  return order;
}

// The signed figure of everything returned so far priced at once: refund - owed of one return of `units`.
int64_t OneReturn(const RefundOrder& order, const std::vector<int64_t>& units, bool defective, Counts* counts) {
  RefundRequest request;
  request.returning = units;
  request.defective = defective;
  BOOST_TEST_REQUIRE(ValidateRefund(order, request) == "");
  const RefundQuote q = QuoteRefund(order, request);
  BOOST_TEST_REQUIRE((q.refund_cents >= 0 && q.owed_cents >= 0 && (q.refund_cents == 0 || q.owed_cents == 0)));
  ++counts->exact_equalities;
  return q.refund_cents - q.owed_cents;
}

void CheckGrades(std::mt19937_64& rng, const RefundQuote& q, const RefundRequest& request, Counts* counts) {
  const auto pick = [&](int64_t low, int64_t high) { return std::uniform_int_distribution<int64_t>(low, high)(rng); };
  std::vector<int64_t> unsellable;
  int64_t expected_value = 0;  // What the rule applies to: sum of floor(line_cents u / returning), capped.
  for (size_t i = 0; i < q.line_cents.size(); ++i) {
    const int64_t returning = i < request.returning.size() ? request.returning[i] : 0;
    unsellable.push_back(pick(0, 5) == 0 ? pick(0, returning + 2) : pick(0, returning));  // Sometimes too many.
    const int64_t u = std::min(unsellable.back(), returning);
    if (u > 0) expected_value += q.line_cents[i] * u / returning;
  }
  expected_value = std::min(expected_value, q.refund_cents);
  Compensation rule;
  rule.kind = static_cast<Compensation::Kind>(pick(0, 2));
  rule.percent = pick(0, 100);
  const GradedRefund g = GradeRefund(q, request, unsellable, rule);
  BOOST_TEST_REQUIRE(g.money_cents >= 0);
  BOOST_TEST_REQUIRE(g.voucher_cents >= 0);
  BOOST_TEST_REQUIRE(g.kept_cents >= 0);
  BOOST_TEST_REQUIRE(g.money_cents + g.voucher_cents + g.kept_cents == q.refund_cents);
  switch (rule.kind) {
    case Compensation::Kind::kFull:
      BOOST_TEST_REQUIRE(g.money_cents == q.refund_cents);
      break;
    case Compensation::Kind::kPercent:
      BOOST_TEST_REQUIRE(g.voucher_cents == 0);
      // The kept part is what the percentage does not pay of the unsellable value, paid rounded down.
      BOOST_TEST_REQUIRE((g.kept_cents * 100 <= expected_value * (100 - rule.percent) + 99 &&
                          g.kept_cents * 100 >= expected_value * (100 - rule.percent)));
      break;
    case Compensation::Kind::kVoucher:
      BOOST_TEST_REQUIRE(g.kept_cents == 0);
      BOOST_TEST_REQUIRE(g.voucher_cents == expected_value);
      break;
  }
  ++counts->graded;
}

// Returns the order piecemeal, in random steps, until every unit is back; checks every quote on the way.
void ReturnPiecemeal(std::mt19937_64& rng, const RefundOrder& order, Counts* counts) {
  const auto pick = [&](int64_t low, int64_t high) { return std::uniform_int_distribution<int64_t>(low, high)(rng); };
  const size_t n = order.lines.size();
  int64_t amount = 0, units_bought = 0;
  for (const RefundLine& l : order.lines) {
    amount += l.unit_cents * l.quantity;
    units_bought += l.quantity;
  }
  const int64_t paid = amount - order.discount_cents + order.shipping_cents;

  // The brute force's figures, per unit.
  const std::vector<int64_t> shares = BruteShares(order, false, &counts->discount_cents_handed);
  if (order.discount_cents <= 20'000) {
    BOOST_TEST_REQUIRE(BruteShares(order, true, &counts->discount_cents_handed) == shares,
                       boost::test_tools::per_element());
    ++counts->greedy_from_zero;
  }
  const std::vector<int64_t> library_shares = DiscountShares(order);
  int64_t shares_sum = 0;
  for (int64_t s : library_shares) shares_sum += s;
  BOOST_TEST_REQUIRE(shares_sum == order.discount_cents);
  BOOST_TEST_REQUIRE(library_shares == shares, boost::test_tools::per_element());
  const std::vector<std::vector<int64_t>> unit_values = BruteUnits(order, shares);

  std::vector<int64_t> before(n, 0);
  int64_t refunded = 0, owed = 0, shipping_refunded = 0, taken_back_total = 0;
  bool defective_before = false;
  std::vector<int> lost(order.benefits.size(), 0);
  while (true) {
    std::vector<int64_t> returning(n, 0);
    int64_t left = 0, now = 0;
    for (size_t i = 0; i < n; ++i) left += order.lines[i].quantity - before[i];
    const bool empty_step = pick(0, 19) == 0;  // Sometimes a return of nothing, harmless.
    if (!empty_step) {
      for (size_t i = 0; i < n; ++i) {
        const int64_t remaining = order.lines[i].quantity - before[i];
        returning[i] = pick(0, 2) == 0 ? remaining : pick(0, remaining) / 2;
        now += returning[i];
      }
      if (now == 0 && left > 0) {  // At least one unit, from a line with some left.
        size_t i = static_cast<size_t>(pick(0, static_cast<int64_t>(n) - 1));
        while (order.lines[i].quantity == before[i]) i = (i + 1) % n;
        returning[i] = 1;
        now = 1;
      }
    } else {
      ++counts->empty_returns;
    }
    RefundRequest request;
    request.returned_before = before;
    request.returning = returning;
    request.refunded_before_cents = refunded;
    request.defective_before = defective_before;
    request.defective = now > 0 && pick(0, 4) == 0;  // A defective unit only in a return that brings some.
    BOOST_TEST_REQUIRE(ValidateRefund(order, request) == "");
    const RefundQuote q = QuoteRefund(order, request);
    ++counts->returns;

    // Whole amounts, never negative; the goods' figure is its lines'.
    int64_t lines_sum = 0;
    BOOST_TEST_REQUIRE(q.line_cents.size() == n);
    for (int64_t c : q.line_cents) {
      BOOST_TEST_REQUIRE(c >= 0);
      lines_sum += c;
    }
    BOOST_TEST_REQUIRE(q.goods_cents == lines_sum);
    BOOST_TEST_REQUIRE(q.shipping_cents >= 0);
    BOOST_TEST_REQUIRE(q.taken_back_cents >= 0);
    BOOST_TEST_REQUIRE(q.refund_cents >= 0);
    BOOST_TEST_REQUIRE(q.owed_cents >= 0);
    BOOST_TEST_REQUIRE((q.refund_cents == 0 || q.owed_cents == 0));

    // The brute force, unit by unit.
    for (size_t i = 0; i < n; ++i) {
      int64_t expected = 0;
      for (int64_t k = before[i]; k < before[i] + returning[i]; ++k) expected += unit_values[i][k];
      BOOST_TEST_REQUIRE(q.line_cents[i] == expected, "line " << i);
    }
    ++counts->brute_compared;

    // The benefits: each lost once, spent ones taken back at their value, unspent ones cancelled.
    int64_t taken = 0;
    for (size_t b : q.taken_back) {
      BOOST_TEST_REQUIRE(order.benefits[b].used);
      BOOST_TEST_REQUIRE(++lost[b] == 1);
      taken += order.benefits[b].value_cents;
    }
    for (size_t b : q.cancelled) {
      BOOST_TEST_REQUIRE(!order.benefits[b].used);
      BOOST_TEST_REQUIRE(++lost[b] == 1);
      ++counts->cancelled;
    }
    BOOST_TEST_REQUIRE(q.taken_back_cents == taken);
    taken_back_total += taken;

    // The ledger: this refund is its goods, delivery and benefits taken back, less what was owed before,
    // plus what it could not take back.
    BOOST_TEST_REQUIRE(q.refund_cents - q.owed_cents + owed == q.goods_cents + q.shipping_cents - q.taken_back_cents);

    refunded += q.refund_cents;
    owed = q.owed_cents;
    if (owed > 0) ++counts->owed_seen;
    shipping_refunded += q.shipping_cents;
    defective_before = defective_before || request.defective;
    for (size_t i = 0; i < n; ++i) before[i] += returning[i];

    // Never more back than was paid; the sequence so far is worth one return of the same units.
    BOOST_TEST_REQUIRE(refunded <= paid);
    BOOST_TEST_REQUIRE(shipping_refunded <= order.shipping_cents);
    const int64_t at_once = OneReturn(order, before, defective_before, counts);
    BOOST_TEST_REQUIRE(refunded - owed == at_once);
    if (taken_back_total == 0) BOOST_TEST_REQUIRE((owed == 0 && refunded == at_once));

    if (left - now == 0 && !empty_step) break;
  }

  // Everything back: goods - discount, the delivery when the policy gives it, less the spent benefits lost.
  int64_t units_back = 0;
  for (size_t i = 0; i < n; ++i) units_back += before[i];
  BOOST_TEST_REQUIRE(units_back == units_bought);
  const bool shipping_due = (order.policy.shipping_when_whole_order && units_bought > 0) ||
                            (order.policy.shipping_when_defective && defective_before);
  BOOST_TEST_REQUIRE(shipping_refunded == (shipping_due ? order.shipping_cents : 0));
  int64_t spent_lost = 0;
  for (size_t b = 0; b < order.benefits.size(); ++b) {
    const PurchaseBenefit& benefit = order.benefits[b];
    const bool earned = amount - order.discount_cents >= benefit.threshold_cents;
    // Everything back keeps 0 goods: every earned benefit with a threshold above 0 is lost, once.
    BOOST_TEST_REQUIRE(lost[b] == (earned && benefit.threshold_cents > 0 ? 1 : 0));
    if (lost[b] && benefit.used) spent_lost += benefit.value_cents;
  }
  BOOST_TEST_REQUIRE(taken_back_total == spent_lost);
  const int64_t whole = amount - order.discount_cents + (shipping_due ? order.shipping_cents : 0);
  BOOST_TEST_REQUIRE(refunded - owed == whole - spent_lost);
  if (spent_lost == 0) BOOST_TEST_REQUIRE(refunded == whole);
  if (spent_lost > 0) ++counts->spent_taken_back;
  if (shipping_refunded > 0 && order.policy.shipping_when_defective && defective_before) {
    ++counts->shipping_defective;
  } else if (shipping_refunded > 0) {
    ++counts->shipping_whole;
  }
  ++counts->sequences;
}

}  // namespace

BOOST_AUTO_TEST_CASE(random_orders_returned_piecemeal) {
  const uint64_t seed = 20'260'425;
  std::mt19937_64 rng(seed);
  Counts counts;
  for (int o = 0; o < 20'000; ++o) {
    const RefundOrder order = RandomOrder(rng);
    ++counts.orders;
    counts.lines += order.lines.size();
    for (const RefundLine& l : order.lines) counts.units += static_cast<uint64_t>(l.quantity);
    if (!order.benefits.empty()) ++counts.with_benefits;
    ReturnPiecemeal(rng, order, &counts);
    // The same order again, in another random sequence, each quote graded under a random rule.
    std::vector<int64_t> before(order.lines.size(), 0);
    int64_t refunded = 0;
    bool defective = false;
    for (bool done = false; !done;) {
      RefundRequest request;
      request.returned_before = before;
      request.refunded_before_cents = refunded;
      request.defective_before = defective;
      done = true;
      for (size_t i = 0; i < order.lines.size(); ++i) {
        const int64_t remaining = order.lines[i].quantity - before[i];
        request.returning.push_back(std::uniform_int_distribution<int64_t>(0, remaining)(rng));
        before[i] += request.returning.back();
        done = done && before[i] == order.lines[i].quantity;
      }
      request.defective = std::uniform_int_distribution<int>(0, 3)(rng) == 0;
      const RefundQuote q = QuoteRefund(order, request);
      CheckGrades(rng, q, request, &counts);
      refunded += q.refund_cents;
      defective = defective || request.defective;
    }
  }
  std::cout << "refund properties, seed " << seed << ": " << counts.orders << " random orders (" << counts.lines
            << " lines, " << counts.units << " units, " << counts.with_benefits << " with benefits) returned in "
            << counts.sequences << " piecemeal sequences of " << counts.returns << " returns (" << counts.empty_returns
            << " empty); " << counts.brute_compared << " quotes equal to the brute force ("
            << counts.discount_cents_handed << " discount cents handed out one at a time, from zero for "
            << counts.greedy_from_zero << " orders); " << counts.exact_equalities
            << " partial sums equal to one return of the same units; " << counts.spent_taken_back
            << " sequences took spent benefits back, " << counts.owed_seen << " returns left some owed, "
            << counts.cancelled << " benefits cancelled; delivery refunded in " << counts.shipping_whole
            << " sequences on completion and " << counts.shipping_defective << " for a defective unit; "
            << counts.graded << " graded refunds add up" << std::endl;
  BOOST_TEST(counts.spent_taken_back > 100u);
  BOOST_TEST(counts.owed_seen > 100u);
  BOOST_TEST(counts.cancelled > 100u);
  BOOST_TEST(counts.shipping_whole > 100u);
  BOOST_TEST(counts.shipping_defective > 100u);
}

// Big figures: the products of the rules exceed 64 bits in DiscountShares (discount x line amount) and the
// brute force's exact products stay below them; the shares still add up to the discount.
BOOST_AUTO_TEST_CASE(discount_shares_add_up_on_large_orders) {
  const uint64_t seed = 77;
  std::mt19937_64 rng(seed);
  const auto pick = [&](int64_t low, int64_t high) { return std::uniform_int_distribution<int64_t>(low, high)(rng); };
  int checked = 0;
  for (int o = 0; o < 20'000; ++o) {
    RefundOrder order;
    int64_t amount = 0;
    for (int64_t i = pick(1, 8); i > 0; --i) {
      order.lines.push_back({pick(0, int64_t{1} << 30), pick(0, 64)});
      amount += order.lines.back().unit_cents * order.lines.back().quantity;
    }
    if (amount > (int64_t{1} << 40)) continue;
    order.discount_cents = pick(0, amount);
    BOOST_TEST_REQUIRE(ValidateRefund(order, {}) == "");
    const std::vector<int64_t> shares = DiscountShares(order);
    int64_t sum = 0;
    for (size_t i = 0; i < shares.size(); ++i) {
      const __int128 a = order.lines[i].unit_cents * order.lines[i].quantity;
      // Within a cent of the exact share: |s_i A - d a_i| < A.
      const __int128 gap = static_cast<__int128>(shares[i]) * amount - a * order.discount_cents;
      BOOST_TEST_REQUIRE((amount == 0 || (gap > -static_cast<__int128>(amount) && gap < amount)));
      BOOST_TEST_REQUIRE((shares[i] >= 0 && shares[i] <= a));
      sum += shares[i];
    }
    BOOST_TEST_REQUIRE(sum == order.discount_cents);
    std::vector<int64_t> all;
    for (const RefundLine& l : order.lines) all.push_back(l.quantity);
    BOOST_TEST_REQUIRE(GoodsValue(order, all) == amount - order.discount_cents);
    ++checked;
  }
  std::cout << "discount shares, seed " << seed << ": " << checked << " large orders add up to their discount"
            << std::endl;
  BOOST_TEST(checked > 10'000);
}
