// What an invoice says, in-process on the memory store (orders/invoicing.h): a shipment's lines and its
// delivery, whose VAT follows the goods it carries -- shared out by value over their rates when they differ,
// the cents left to the largest remainders, so that every amount adds up to what the shopper paid; VAT per
// rate from prices that include it; the rates of nested categories.
#define BOOST_TEST_MODULE invoicing
#include "edge/orders/invoicing.h"

#include <boost/test/unit_test.hpp>

#include "edge/orders/order_workflows.h"
#include "tests/edge/memory_store.h"

using namespace relais;
using namespace relais::edge;
using nlohmann::json;

namespace {

struct Shop {
  MemoryStore store;
  RelaySnapshot relays{"/nonexistent/points.relais"};
  std::vector<Workflow> workflows;
  InvoicingConfig config;
  Shop() {
    BOOST_REQUIRE(LoadOrderWorkflows("", &workflows).empty());
    BOOST_REQUIRE(ReadInvoicingConfig(json::parse(R"({"seller": {"name": "Shop SAS"},
        "vat": {"standard": 20, "categories": {"books": 5.5, "grocery": 5.5, "grocery/wine": 20}}})"),
                                      "invoicing", &config)
                      .empty());
    store.PutProduct("b", {"BOOK", "Guide", "books/travel", "ambient", 400, {20, 15, 3}, 1000, ""});
    store.PutProduct("b", {"WINE", "Bordeaux", "grocery/wine", "ambient", 1200, {30, 10, 10}, 3000, ""});
    store.PutProduct("b", {"RICE", "Riz", "grocery/dry", "ambient", 1000, {20, 10, 5}, 250, ""});
  }
  Invoice Draft(const std::vector<std::pair<std::string, int64_t>>& lines, int64_t delivery_cents) {
    Order o;
    o.id = "o1";
    for (const auto& [sku, cents] : lines) {
      OrderLine l;
      l.sku = sku;
      l.quantity = 1;
      l.site = "wh";
      l.mode = DeliveryMode::kHome;
      l.unit_price_cents = cents;
      o.lines.push_back(l);
    }
    o.delivery = json::array(
        {{{"site", "wh"}, {"mode", "home"}, {"destination", json::object()}, {"cost_cents", delivery_cents}}});
    Invoicing invoicing(&store, &relays, &workflows, {{"b", config}});
    return invoicing.Draft("b", config, o, 0);
  }
};

int64_t Sum(const Invoice& i) {
  int64_t gross = 0;
  for (const InvoiceLine& l : i.lines) gross += l.total_cents;
  return gross;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_longest_category_prefix_gives_the_rate) {
  Shop shop;
  BOOST_TEST(VatRateOf(shop.config, "books/travel") == 550);
  BOOST_TEST(VatRateOf(shop.config, "grocery/wine/red") == 2000);
  BOOST_TEST(VatRateOf(shop.config, "grocery/dry") == 550);
  BOOST_TEST(VatRateOf(shop.config, "bookstands") == 2000);  // A prefix of the word is not the category.
  BOOST_TEST(VatRateOf(shop.config, "") == 2000);
}

BOOST_AUTO_TEST_CASE(delivery_of_goods_at_one_rate_is_taxed_at_that_rate) {
  Shop shop;
  const Invoice i = shop.Draft({{"BOOK", 1000}}, 390);
  BOOST_REQUIRE(i.lines.size() == 2u);
  BOOST_TEST(i.lines[1].label == "Livraison à domicile");
  BOOST_TEST(i.lines[1].vat_rate_bp == 550);
  BOOST_REQUIRE(i.vat.size() == 1u);
  // 1390 gross at 5.5 %: net 1317.54 -> 1318, VAT the rest.
  BOOST_TEST(i.vat[0].net_cents == 1318);
  BOOST_TEST(i.vat[0].vat_cents == 72);
  BOOST_TEST(i.gross_cents == 1390);
}

BOOST_AUTO_TEST_CASE(delivery_of_mixed_goods_is_shared_out_by_value_and_adds_up) {
  Shop shop;
  // 30.00 of wine (20 %), 10.00 of books and 2.50 of rice (5.5 %): 12.50 of 42.50 at 5.5 %.
  const Invoice i = shop.Draft({{"WINE", 3000}, {"BOOK", 1000}, {"RICE", 250}}, 499);
  BOOST_REQUIRE(i.lines.size() == 5u);
  // 499 x 3000 / 4250 = 352.2, 499 x 1250 / 4250 = 146.8: the cent left goes to the larger remainder.
  BOOST_TEST(i.lines[3].vat_rate_bp == 2000);
  BOOST_TEST(i.lines[3].total_cents == 352);
  BOOST_TEST(i.lines[4].vat_rate_bp == 550);
  BOOST_TEST(i.lines[4].total_cents == 147);
  BOOST_TEST(Sum(i) == 3000 + 1000 + 250 + 499);
  BOOST_TEST(i.gross_cents == Sum(i));
  BOOST_REQUIRE(i.vat.size() == 2u);
  BOOST_TEST(i.vat[0].rate_bp == 2000);
  BOOST_TEST(i.vat[0].gross_cents == 3352);
  BOOST_TEST(i.vat[0].net_cents + i.vat[0].vat_cents == 3352);
  BOOST_TEST(i.vat[0].net_cents == 2793);  // 3352 / 1.2 = 2793.33.
  BOOST_TEST(i.vat[1].gross_cents == 1397);
  BOOST_TEST(i.vat[1].net_cents == 1324);  // 1397 / 1.055 = 1324.17.
  BOOST_TEST(i.net_cents + i.vat_cents == i.gross_cents);
}

BOOST_AUTO_TEST_CASE(a_credit_note_counts_down_with_the_same_rounding) {
  Invoice credit;
  credit.kind = "credit_note";
  credit.lines = {{"BOOK", "Guide", -1, 1000, -1000, 550}};
  TotalInvoice(&credit);
  BOOST_REQUIRE(credit.vat.size() == 1u);
  BOOST_TEST(credit.vat[0].net_cents == -948);  // -947.87: away from zero, as the invoice's 947.87 -> 948.
  BOOST_TEST(credit.vat[0].vat_cents == -52);
  BOOST_TEST(credit.gross_cents == -1000);
}

BOOST_AUTO_TEST_CASE(a_bad_configuration_names_its_field) {
  InvoicingConfig config;
  BOOST_TEST(ReadInvoicingConfig(json::parse(R"({"vat": {"standard": 20}})"), "invoicing", &config) ==
             "invoicing.seller.name is required: the seller's legal name");
  BOOST_TEST(ReadInvoicingConfig(json::parse(R"({"seller": {"name": "S"}, "vat": {"categories": {"books": 120}}})"),
                                 "invoicing", &config) == "invoicing.vat.categories.books is a percentage, 0..100");
  BOOST_TEST(ReadInvoicingConfig(json::parse(R"({"seller": {"name": "S"}, "rates": {}})"), "invoicing", &config) ==
             "invoicing.rates is not a setting");
}
