#define BOOST_TEST_MODULE sales_history_csv
// Past sales as a merchant exports them: columns in any order, quotes, a byte-order mark and CRLF, stock-out
// days; each bad row named by its line while the others are read; a header without a required column refused.
#include "wasm/engine/sales_history_csv.h"

#include <boost/test/unit_test.hpp>

using namespace relais;

BOOST_AUTO_TEST_CASE(rows_are_read_in_the_headers_order_with_quotes_and_crlf) {
  const auto csv = ParseSalesHistoryCsv(
      "\xEF\xBB\xBFsku,date,quantity,site,category,in_stock\r\n"
      "\"MUG, large\",2025-03-01,4,wh-1,kitchen/mugs,1\r\n"
      "\r\n"
      "TEA,2025-03-02,-1,wh-1,,0\r\n"
      "COF,2025-03-02,0.75,\"st \"\"Rivoli\"\"\",grocery,1\r\n");
  BOOST_TEST(csv.errors.empty());
  BOOST_REQUIRE(csv.rows.size() == 3u);
  BOOST_TEST(csv.rows[0].sku == "MUG, large");
  BOOST_TEST(csv.rows[0].day == DaysFromCivil(2025, 3, 1));
  BOOST_TEST(csv.rows[0].quantity == 4);
  BOOST_TEST(csv.rows[0].category == "kitchen/mugs");
  BOOST_TEST(csv.rows[1].quantity == -1);  // A day of returns.
  BOOST_TEST(!csv.rows[1].in_stock);
  BOOST_TEST(csv.rows[1].line == 4);
  BOOST_TEST(csv.rows[2].quantity == 0.75, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(csv.rows[2].site == "st \"Rivoli\"");
  // Written back, a row reads the same.
  const auto again = ParseSalesHistoryCsv(SalesHistoryCsvHeader() + "\n" + SalesHistoryCsvLine(csv.rows[0]) + "\n" +
                                          SalesHistoryCsvLine(csv.rows[2]) + "\n");
  BOOST_REQUIRE(again.rows.size() == 2u);
  BOOST_TEST(again.rows[0].sku == "MUG, large");
  BOOST_TEST(again.rows[1].site == "st \"Rivoli\"");
  BOOST_TEST(again.rows[1].quantity == 0.75, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(each_bad_row_is_named_by_its_line_and_the_others_are_read) {
  const auto csv = ParseSalesHistoryCsv(
      "date,sku,site,quantity\n"
      "2025-02-29,A,s,1\n"    // Not a leap year.
      "2025-03-01,A,s,1e3\n"  // No exponents.
      "2025-03-01,A,,1\n"
      "2025-03-01,\"A,s,1\n"  // A quote left open.
      "2025-03-01,A,s,2\n");
  BOOST_REQUIRE(csv.errors.size() == 4u);
  BOOST_TEST(csv.errors[0].line == 2);
  BOOST_TEST(csv.errors[0].message == "date \"2025-02-29\" is not a YYYY-MM-DD calendar date");
  BOOST_TEST(csv.errors[1].message == "quantity \"1e3\" is not a number");
  BOOST_TEST(csv.errors[2].message == "site is empty or longer than 200 characters");
  BOOST_TEST(csv.errors[3].message == "a quote is not closed");
  BOOST_REQUIRE(csv.rows.size() == 1u);
  BOOST_TEST(csv.rows[0].line == 6);
}

BOOST_AUTO_TEST_CASE(a_stock_out_day_that_sold_is_refused) {
  // Out of stock all day and 2 sold: one of the two is wrong, and either would mislead the forecast.
  const auto csv = ParseSalesHistoryCsv("date,sku,site,quantity,in_stock\n2025-03-01,A,s,2,0\n2025-03-02,A,s,0,0\n");
  BOOST_REQUIRE(csv.errors.size() == 1u);
  BOOST_TEST(csv.errors[0].line == 2);
  BOOST_TEST(csv.errors[0].message.starts_with("in_stock is 0 (out of stock all day) but quantity sold is 2"));
  BOOST_TEST(csv.rows.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_header_without_a_required_column_reads_nothing) {
  const auto csv = ParseSalesHistoryCsv("day,sku,site,quantity\n2025-03-01,A,s,1\n");
  BOOST_TEST(csv.rows.empty());
  BOOST_REQUIRE(csv.errors.size() == 1u);
  BOOST_TEST(csv.errors[0].line == 1);
  BOOST_TEST(csv.errors[0].message.find("no \"date\" column") != std::string::npos);
  BOOST_TEST(ParseSalesHistoryCsv("").errors.size() == 1u);
}
