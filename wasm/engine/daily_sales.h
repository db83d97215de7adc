// What one product sold at one site, day by day: the history a forecast learns from.
//
// Flat arrays from the first day (kdbush's way: the layout is the index): day `first_day + i` sold
// `sold[i]` units, returns netted, and `in_stock[i]` says whether the site could sell it that day. A day out
// of stock says nothing about demand (the shoppers who wanted it went elsewhere), so forecasts and their
// scores read only the days in stock.
#ifndef RELAIS_ENGINE_DAILY_SALES_H_
#define RELAIS_ENGINE_DAILY_SALES_H_

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "wasm/engine/civil_time.h"

namespace relais {

struct DailySales {
  DayNumber first_day = 0;        // The product's first day at the site (its launch, or the oldest record).
  std::vector<float> sold;        // Units sold per day, returns netted (may be negative on a day of returns).
  std::vector<uint8_t> in_stock;  // 1 when the site could sell that day, 0 for a stock-out.

  DayNumber end_day() const { return first_day + static_cast<DayNumber>(sold.size()); }  // One past the last.
  bool Covers(DayNumber day) const { return day >= first_day && day < end_day(); }
  // What `day` sold when the site could sell; nothing for a stock-out or a day outside the history.
  std::optional<float> Observed(DayNumber day) const;
  // Days in [from, to) with stock, and what they sold.
  int ObservedDays(DayNumber from, DayNumber to) const;
  double ObservedSum(DayNumber from, DayNumber to) const;

  // Adds a day's sales (the history grows to reach it; days in between are in stock with no sale).
  void Add(DayNumber day, float quantity);
  // Marks `day` out of stock (the history grows to reach it).
  void MarkOutOfStock(DayNumber day);
  // Extends the history with sale-less days in stock up to `end` (exclusive).
  void ExtendTo(DayNumber end);
};

// A category's history at a site: each day, what its products in stock sold, the day in stock when at least
// one of them was. `members` may point to histories starting on different days.
DailySales SumOfSales(std::span<const DailySales* const> members);

}  // namespace relais

#endif  // RELAIS_ENGINE_DAILY_SALES_H_
