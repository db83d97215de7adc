#include "wasm/engine/daily_sales.h"

#include <algorithm>
#include <limits>

namespace relais {

std::optional<float> DailySales::Observed(DayNumber day) const {
  if (!Covers(day)) return std::nullopt;
  const size_t i = static_cast<size_t>(day - first_day);
  if (!in_stock[i]) return std::nullopt;
  return sold[i];
}

int DailySales::ObservedDays(DayNumber from, DayNumber to) const {
  int days = 0;
  for (DayNumber d = std::max(from, first_day); d < std::min(to, end_day()); ++d) days += in_stock[d - first_day];
  return days;
}

double DailySales::ObservedSum(DayNumber from, DayNumber to) const {
  double sum = 0;
  for (DayNumber d = std::max(from, first_day); d < std::min(to, end_day()); ++d) {
    if (in_stock[d - first_day]) sum += sold[d - first_day];
  }
  return sum;
}

namespace {

// Grows `sales` so that it holds `day`: before the first day (an older record) or after the last.
size_t IndexFor(DailySales& sales, DayNumber day) {
  if (sales.sold.empty()) {
    sales.first_day = day;
    sales.sold.assign(1, 0.0f);
    sales.in_stock.assign(1, 1);
    return 0;
  }
  if (day < sales.first_day) {
    const size_t more = static_cast<size_t>(sales.first_day - day);
    sales.sold.insert(sales.sold.begin(), more, 0.0f);
    sales.in_stock.insert(sales.in_stock.begin(), more, 1);
    sales.first_day = day;
  }
  sales.ExtendTo(day + 1);
  return static_cast<size_t>(day - sales.first_day);
}

}  // namespace

void DailySales::Add(DayNumber day, float quantity) { sold[IndexFor(*this, day)] += quantity; }

void DailySales::MarkOutOfStock(DayNumber day) { in_stock[IndexFor(*this, day)] = 0; }

void DailySales::ExtendTo(DayNumber end) {
  if (sold.empty() || end <= end_day()) return;
  const size_t size = static_cast<size_t>(end - first_day);
  sold.resize(size, 0.0f);
  in_stock.resize(size, 1);
}

DailySales SumOfSales(std::span<const DailySales* const> members) {
  DailySales sum;
  DayNumber first = std::numeric_limits<DayNumber>::max(), end = std::numeric_limits<DayNumber>::min();
  for (const DailySales* m : members) {
    if (m->sold.empty()) continue;
    first = std::min(first, m->first_day);
    end = std::max(end, m->end_day());
  }
  if (first >= end) return sum;
  sum.first_day = first;
  sum.sold.assign(static_cast<size_t>(end - first), 0.0f);
  sum.in_stock.assign(sum.sold.size(), 0);
  for (const DailySales* m : members) {
    for (size_t i = 0; i < m->sold.size(); ++i) {
      if (!m->in_stock[i]) continue;
      const size_t j = static_cast<size_t>(m->first_day - first) + i;
      sum.sold[j] += m->sold[i];
      sum.in_stock[j] = 1;
    }
  }
  return sum;
}

}  // namespace relais
