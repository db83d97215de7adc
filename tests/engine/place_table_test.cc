#define BOOST_TEST_MODULE place_table
// The place table's bytes: built, opened, queried; and refused, with a reason, when truncated, corrupted,
// misaligned or hostile (a checksum made to match offsets that point outside the table).
#include "wasm/engine/place_table.h"

#include <boost/test/unit_test.hpp>
#include <cstring>

#include "wasm/engine/file_checksum.h"

using namespace relais;

namespace {

std::vector<uint8_t> Sample() {
  return BuildPlaceTable({{"75001", "PARIS 01", 48.8592, 2.3417},
                          {"42000", "ST ETIENNE", 45.4301, 4.3791},
                          {"01400", "L ABERGEMENT CLEMENCIAT", 46.1534, 4.9261},
                          {"01400", "L ABERGEMENT DE VAREY", 46.0092, 5.4280}});
}

constexpr size_t kHeader = 24;  // "RLPT", version, count, strings size, then the XXH64 at 16.

// Recomputes the checksum, as a forger would.
void Reseal(std::vector<uint8_t>* bytes) {
  const uint64_t checksum = Xxh64(std::span<const uint8_t>(*bytes).subspan(kHeader));
  for (int b = 0; b < 8; ++b) (*bytes)[16 + b] = static_cast<uint8_t>(checksum >> (8 * b));
}

std::string Refusal(const std::vector<uint8_t>& bytes) {
  const PlaceTableOpen open = PlaceTable::Open(bytes);
  return open.table ? "" : open.error;
}

}  // namespace

BOOST_AUTO_TEST_CASE(built_then_queried) {
  const std::vector<uint8_t> bytes = Sample();
  const PlaceTableOpen open = PlaceTable::Open(bytes);
  BOOST_REQUIRE_MESSAGE(open.table, open.error);
  const PlaceTable& t = *open.table;
  BOOST_TEST(t.size() == 4u);
  const auto [first, last] = t.WithPostcode("01400");
  BOOST_TEST(last - first == 2u);
  BOOST_TEST(t.town(first) == "L ABERGEMENT CLEMENCIAT");  // The order given, within a postcode.
  BOOST_TEST(t.lat(first) == 46.1534);
  const auto centre = t.PostcodeCentre("01400");
  BOOST_REQUIRE(centre);
  BOOST_TEST(std::abs(centre->first - (46.1534 + 46.0092) / 2) < 1e-9);
  BOOST_TEST(!t.PostcodeCentre("01401"));
  const std::vector<uint32_t> found = t.TownsStartingWith("l'abergement", 5);
  BOOST_REQUIRE(found.size() == 2u);
  BOOST_TEST(t.town(found[0]) == "L ABERGEMENT DE VAREY");  // Shorter first.
  BOOST_TEST(t.postcode(t.TownsStartingWith("Paris", 1)[0]) == "75001");
  BOOST_TEST(t.TownsStartingWith("x", 5).empty());
  BOOST_TEST(Refusal(BuildPlaceTable({})) == "");  // An empty table is a table.
}

BOOST_AUTO_TEST_CASE(places_share_their_strings) {
  const std::vector<uint8_t> bytes = Sample();
  const PlaceTable t = *PlaceTable::Open(bytes).table;
  const auto [first, last] = t.WithPostcode("01400");
  BOOST_REQUIRE(last - first == 2u);
  BOOST_TEST(static_cast<const void*>(t.postcode(first).data()) ==
             static_cast<const void*>(t.postcode(first + 1).data()));
  // 4 towns and 3 postcodes, each stored once with its length byte (padded to 4).
  size_t text = 0;
  for (std::string_view s :
       {"75001", "42000", "01400", "PARIS 01", "ST ETIENNE", "L ABERGEMENT CLEMENCIAT", "L ABERGEMENT DE VAREY"}) {
    text += 1 + s.size();
  }
  BOOST_TEST(bytes.size() == kHeader + 20 * 4 + (text + 3) / 4 * 4);
}

BOOST_AUTO_TEST_CASE(a_place_given_twice_is_stored_once) {
  const std::vector<uint8_t> bytes = BuildPlaceTable({{"42000", "ST ETIENNE", 45.4301, 4.3791},
                                                      {"42100", "ST ETIENNE", 45.4301, 4.3791},
                                                      {"42000", "ST ETIENNE", 45.4301, 4.3791},
                                                      {"42000", "ST ETIENNE", 45.4401, 4.3791}});
  const PlaceTable t = *PlaceTable::Open(bytes).table;
  BOOST_TEST(t.size() == 3u);  // Another postcode or other coordinates: another place.
  BOOST_TEST(t.WithPostcode("42000").second - t.WithPostcode("42000").first == 2u);
}

BOOST_AUTO_TEST_CASE(a_search_box_takes_postcode_digits_or_a_town_name) {
  const std::vector<uint8_t> bytes = Sample();
  const PlaceTable t = *PlaceTable::Open(bytes).table;
  const auto towns = [&](std::string_view text, size_t limit = 10) {
    std::string out;
    for (uint32_t i : t.Search(text, limit)) out += std::string(t.postcode(i)) + " " + std::string(t.town(i)) + ";";
    return out;
  };
  BOOST_TEST(towns("01") == "01400 L ABERGEMENT CLEMENCIAT;01400 L ABERGEMENT DE VAREY;");
  BOOST_TEST(towns(" 01 400 ", 1) == "01400 L ABERGEMENT CLEMENCIAT;");
  BOOST_TEST(towns("75001") == "75001 PARIS 01;");
  BOOST_TEST(towns("7") == "");       // One digit names a hundred thousand places: wait for the next.
  BOOST_TEST(towns("75001x") == "");  // Not a postcode, not a town.
  BOOST_TEST(towns("99") == "");
  BOOST_TEST(towns("Saint-Étienne") == "42000 ST ETIENNE;");
  BOOST_TEST(towns("  l'abergement de") == "01400 L ABERGEMENT DE VAREY;");
  BOOST_TEST(towns("   ") == "");
}

BOOST_AUTO_TEST_CASE(damaged_tables_are_refused_with_a_reason) {
  const std::vector<uint8_t> good = Sample();
  std::vector<uint8_t> bytes = good;
  bytes[good.size() / 2] ^= 0x20;
  BOOST_TEST(Refusal(bytes) == "place table checksum mismatch");
  bytes.assign(good.begin(), good.end() - 4);
  BOOST_TEST(Refusal(bytes).find("truncated") != std::string::npos);
  bytes = good;
  bytes[0] = 'X';
  BOOST_TEST(Refusal(bytes) == "not a place table");
  BOOST_TEST(Refusal({}) == "not a place table");
  bytes = good;
  bytes[4] = 9;
  BOOST_TEST(Refusal(bytes).find("version 9") != std::string::npos);
  // A forged checksum over an offset pointing past the strings, or a name order past the places.
  bytes = good;
  const uint32_t n = 4;
  std::memset(bytes.data() + kHeader + 8 * n, 0xff, 4);
  Reseal(&bytes);
  BOOST_TEST(Refusal(bytes).find("string out of bounds") != std::string::npos);
  bytes = good;
  bytes[kHeader + 16 * n] = 200;
  Reseal(&bytes);
  BOOST_TEST(Refusal(bytes) == "place table name order out of bounds");
  bytes = good;
  std::memset(bytes.data() + kHeader, 0x7f, 4);  // A latitude beyond the pole.
  Reseal(&bytes);
  BOOST_TEST(Refusal(bytes).find("coordinates out of range") != std::string::npos);
  // Bytes not on a 4-byte boundary are refused rather than read unaligned.
  std::vector<uint8_t> shifted(good.size() + 1);
  std::memcpy(shifted.data() + 1, good.data(), good.size());
  BOOST_TEST(PlaceTable::Open({shifted.data() + 1, good.size()}).error == "place table bytes must be 4-byte aligned");
}
