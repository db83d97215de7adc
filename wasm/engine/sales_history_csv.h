// A merchant's past sales as CSV: what POST /v1/sales/history and `relais-forecast` read.
//
//   date,sku,site,quantity[,in_stock][,category]
//   2025-03-01,MUG-01,wh-1,4
//
// A header line names the columns, in any order; date, sku, site and quantity are required, in_stock (1 or 0:
// the day was a stock-out all day, so it sold nothing: a 0 with a sale is refused) and category (a path,
// "kitchen/mugs": relais-forecast's; the server reads a product's category from its catalogue) optional. Quantities are
// units sold that day, returns netted: negative is allowed, and decimals for products sold by weight. Fields may be
// quoted ("a,b",
// "" for a quote). Several rows of one day, sku and site add up. A bad row is named by its line and left out;
// the others are read: the caller decides whether a file with refused rows is imported.
#ifndef RELAIS_ENGINE_SALES_HISTORY_CSV_H_
#define RELAIS_ENGINE_SALES_HISTORY_CSV_H_

#include <string>
#include <string_view>
#include <vector>

#include "wasm/engine/civil_time.h"

namespace relais {

struct SalesRow {
  DayNumber day = 0;
  std::string sku;
  std::string site;
  double quantity = 0;
  bool in_stock = true;
  std::string category;  // "" when the file has no category column (or the cell is empty).
  int line = 0;          // 1-based, for messages.
};

struct SalesRowError {
  int line = 0;
  std::string message;  // "quantity \"x\" is not a number"
};

struct SalesHistoryCsv {
  std::vector<SalesRow> rows;
  std::vector<SalesRowError> errors;  // A bad header is one error on line 1, and no rows.
};

SalesHistoryCsv ParseSalesHistoryCsv(std::string_view text);

// The line of CSV `row` is, with the optional columns (header: SalesHistoryCsvHeader()).
std::string SalesHistoryCsvLine(const SalesRow& row);
std::string SalesHistoryCsvHeader();

}  // namespace relais

#endif  // RELAIS_ENGINE_SALES_HISTORY_CSV_H_
