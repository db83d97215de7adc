#define BOOST_TEST_MODULE gtin
// GTIN check digits against barcodes read from photographs of real products (ZXing's blackbox test images:
// core/src/test/resources/blackbox/ean13-1 and upca-1, their expected texts), and every single-digit error and
// neighbour swap of them.
#include "wasm/engine/gtin.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

using namespace relais;

namespace {

const std::vector<std::string> kRead = {"8413000065504", "8480010092271", "9788430532674", "5201815331227",
                                        "5603667020517", "5000213101025", "036602301467",  "070097025088"};

}  // namespace

BOOST_AUTO_TEST_CASE(real_barcodes_are_valid) {
  for (const std::string& g : kRead) BOOST_TEST(IsValidGtin(g), g);
  // The UPC-A and the EAN-13 of one product: the same GTIN-14.
  BOOST_TEST(*Gtin14("036602301467") == "00036602301467");
  BOOST_TEST(*Gtin14("0036602301467") == "00036602301467");
  BOOST_TEST(*Gtin14("8413000065504") == "08413000065504");
}

BOOST_AUTO_TEST_CASE(every_wrong_digit_and_most_swaps_are_caught) {
  int swaps = 0, swaps_caught = 0;
  for (const std::string& g : kRead) {
    for (size_t i = 0; i < g.size(); ++i) {
      for (char d = '0'; d <= '9'; ++d) {
        if (d == g[i]) continue;
        std::string wrong = g;
        wrong[i] = d;
        BOOST_TEST(!IsValidGtin(wrong), wrong);
      }
      if (i + 1 < g.size() && g[i] != g[i + 1]) {
        std::string swapped = g;
        std::swap(swapped[i], swapped[i + 1]);
        ++swaps;
        swaps_caught += !IsValidGtin(swapped);
      }
    }
  }
  // A swap of neighbours differing by 5 keeps the sum mod 10: the only ones missed.
  BOOST_TEST(swaps_caught >= swaps * 8 / 10);
}

BOOST_AUTO_TEST_CASE(other_lengths_and_characters_are_refused) {
  for (const char* bad : {"", "1234567", "841300006550", "84130000655045", "841300006550A", " 8413000065504",
                          "01234565x", "123456789012345"}) {
    BOOST_TEST(!IsValidGtin(bad), bad);
    BOOST_TEST(!Gtin14(bad).has_value());
  }
}
