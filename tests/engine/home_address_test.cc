// Home addresses compared as one place however they are typed (home_address.h).
#define BOOST_TEST_MODULE home_address
#include "wasm/engine/home_address.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

namespace relais {
namespace {

std::string Key(std::vector<std::string> lines, const char* postcode, const char* city, const char* country = "FR") {
  return HomeAddressKey({lines, postcode, city, country});
}

BOOST_AUTO_TEST_CASE(one_address_however_it_is_typed) {
  const std::vector<std::string> lines = {"5 boulevard Voltaire"};
  BOOST_TEST(NormalizedHomeAddress({lines, "75011", "PARIS", "FR"}) == "5 boulevard voltaire|75011|paris|FR");
  const std::string key = Key({"5 boulevard Voltaire"}, "75011", "PARIS");
  BOOST_TEST(key.size() == 32u);
  BOOST_TEST(Key({"5, Bd. VOLTAIRE"}, "75 011", "Paris", "fr") == key);
  BOOST_TEST(Key({"  5  bd  Voltaire "}, "75011", "Paris Cedex 11", "") == key);
  BOOST_TEST(Key({"12 r\xC3\xA9sidence des Pins", "Bât. B"}, "13001", "Marseille") ==
             Key({"12 RESIDENCE DES PINS", "BAT B"}, "13001", "MARSEILLE"));
  BOOST_TEST(Key({"3 pl. Ste-Anne"}, "35000", "Rennes") == Key({"3 place Sainte Anne"}, "35000", "RENNES"));
}

BOOST_AUTO_TEST_CASE(other_homes_are_other_keys) {
  const std::string key = Key({"5 boulevard Voltaire"}, "75011", "PARIS");
  BOOST_TEST(Key({"5 bis boulevard Voltaire"}, "75011", "PARIS") != key);
  BOOST_TEST(Key({"7 boulevard Voltaire"}, "75011", "PARIS") != key);
  BOOST_TEST(Key({"5 boulevard Voltaire"}, "92130", "ISSY LES MOULINEAUX") != key);
  BOOST_TEST(Key({"5 boulevard Voltaire"}, "75011", "PARIS", "BE") != key);
  BOOST_TEST(Key({}, "75011", "PARIS").empty());  // No street: no home to compare.
  BOOST_TEST(Key({" , "}, "75011", "PARIS").empty());
}

}  // namespace
}  // namespace relais
