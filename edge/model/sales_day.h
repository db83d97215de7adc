// One day of one product's sales at one site, as a merchant imported it (POST /v1/sales/history): the
// history before relais kept the ledger, or beside it. The forecast (orders/sales_forecasts.h) reads these
// days and the ledger's.
#ifndef RELAIS_EDGE_MODEL_SALES_DAY_H_
#define RELAIS_EDGE_MODEL_SALES_DAY_H_

#include <cstdint>
#include <string>

namespace relais::edge {

struct SalesDay {
  std::string sku;
  std::string site;
  std::string day;         // "YYYY-MM-DD", the site's calendar day.
  int64_t sold_milli = 0;  // Units sold, returns netted, in thousandths (products sold by weight).
  bool in_stock = true;    // False: a stock-out day, whose sales say nothing of demand.
  bool operator==(const SalesDay&) const = default;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_MODEL_SALES_DAY_H_
