#define BOOST_TEST_MODULE tile_pack
// The tile pack (data-sync/tile_pack.h): every point in exactly one tile, inside its entry's box, tiles no
// larger than asked, pages nested when the tiles outnumber a page, the same bytes for the same snapshot, and
// a damaged header, page or tile refused by the checker (what browsers check the same way).
#include "data-sync/tile_pack.h"

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstring>

#include "tests/engine/test_snapshot.h"
#include "wasm/engine/place_table.h"

using relais::testing::SyntheticPoints;
using relais::testing::TestSnapshot;

namespace relais {
namespace {

TilePack PackOf(const TestSnapshot& snapshot, uint32_t tile_points) {
  TilePackOptions options;
  options.tile_points = tile_points;
  TilePack pack = BuildTilePack(snapshot->bytes(), options);
  BOOST_REQUIRE_MESSAGE(pack.error.empty(), pack.error);
  return pack;
}

BOOST_AUTO_TEST_CASE(every_point_lies_in_exactly_one_tile_inside_its_box) {
  const TestSnapshot snapshot(SyntheticPoints(5000, 3), 20790);
  const TilePack pack = PackOf(snapshot, 64);
  std::vector<TileEntry> tiles;
  BOOST_REQUIRE_EQUAL(CheckTilePack(pack.bytes, &tiles), "");
  BOOST_CHECK_EQUAL(tiles.size(), pack.tiles);
  BOOST_CHECK_EQUAL(pack.pages, 1u);  // 5000 points by 64: 128 tiles, one page.
  for (const TileEntry& e : tiles) {
    BOOST_CHECK_LE(e.count, 64u);
    BOOST_CHECK_LE(e.south, e.north);
    BOOST_CHECK_LE(e.west, e.east);
  }
  uint32_t total = 0;
  for (const TileEntry& e : tiles) total += e.count;
  BOOST_CHECK_EQUAL(total, snapshot->size());
}

BOOST_AUTO_TEST_CASE(the_same_snapshot_gives_the_same_pack) {
  const TestSnapshot snapshot(SyntheticPoints(3000, 9), 20790);
  BOOST_CHECK(PackOf(snapshot, 128).bytes == PackOf(snapshot, 128).bytes);
}

BOOST_AUTO_TEST_CASE(pages_nest_when_tiles_outnumber_a_page) {
  const TestSnapshot snapshot(SyntheticPoints(20000, 5), 20790);
  const TilePack pack = PackOf(snapshot, 16);
  BOOST_CHECK_GT(pack.tiles, kMaxPageEntries);
  BOOST_CHECK_GT(pack.pages, 1u);
  std::vector<TileEntry> tiles;
  BOOST_CHECK_EQUAL(CheckTilePack(pack.bytes, &tiles), "");
  BOOST_CHECK_EQUAL(tiles.size(), pack.tiles);
}

BOOST_AUTO_TEST_CASE(a_small_snapshot_is_one_tile) {
  const TestSnapshot snapshot(SyntheticPoints(40, 1), 20790);
  const TilePack pack = PackOf(snapshot, 128);
  BOOST_CHECK_EQUAL(pack.tiles, 1u);
  std::vector<TileEntry> tiles;
  BOOST_CHECK_EQUAL(CheckTilePack(pack.bytes, &tiles), "");
}

BOOST_AUTO_TEST_CASE(an_empty_snapshot_is_a_pack_without_tiles) {
  const TestSnapshot snapshot({}, 20790);
  const TilePack pack = PackOf(snapshot, 128);
  BOOST_CHECK_EQUAL(pack.tiles, 0u);
  std::vector<TileEntry> tiles;
  BOOST_CHECK_EQUAL(CheckTilePack(pack.bytes, &tiles), "");
  BOOST_CHECK(tiles.empty());
}

BOOST_AUTO_TEST_CASE(damage_anywhere_is_refused) {
  const TestSnapshot snapshot(SyntheticPoints(3000, 4), 20790);
  const TilePack pack = PackOf(snapshot, 64);
  std::vector<TileEntry> tiles;
  BOOST_REQUIRE_EQUAL(CheckTilePack(pack.bytes, &tiles), "");
  uint64_t snapshot_end;
  std::memcpy(&snapshot_end, pack.bytes.data() + 24, 8);
  uint64_t snapshot_size;
  std::memcpy(&snapshot_size, pack.bytes.data() + 32, 8);
  snapshot_end += snapshot_size;
  // The magic, a root entry, the whole snapshot, then every 997th byte of the pages and tiles.
  std::vector<size_t> spots = {0, kTilePackHeaderSize + 20, static_cast<size_t>(snapshot_end - snapshot_size / 2)};
  for (size_t at = snapshot_end + 8; at < pack.bytes.size(); at += 997) spots.push_back(at);
  for (size_t at : spots) {
    std::vector<uint8_t> damaged = pack.bytes;
    damaged[at] ^= 0x41;
    std::vector<TileEntry> found;
    BOOST_CHECK_MESSAGE(!CheckTilePack(damaged, &found).empty(), "byte " << at << " of " << damaged.size());
  }
  std::vector<uint8_t> cut(pack.bytes.begin(), pack.bytes.end() - 10);
  BOOST_CHECK(!CheckTilePack(cut, &tiles).empty());
  BOOST_CHECK(!BuildTilePack(cut).error.empty());  // Not a snapshot at all.
}

BOOST_AUTO_TEST_CASE(postcode_pages_hold_every_postcode_centre_in_order) {
  const TestSnapshot snapshot(SyntheticPoints(500, 2), 20790);
  std::vector<Place> places;
  for (int i = 0; i < 3000; ++i) {  // 1500 postcodes of two communes each: more than one page.
    const std::string code = std::to_string(10000 + 7 * (i / 2));
    places.push_back({code, "TOWN " + std::to_string(i), 43.0 + 0.001 * i, 1.0 + 0.002 * (i % 2)});
  }
  const std::vector<uint8_t> table_bytes = BuildPlaceTable(places);
  const PlaceTableOpen table = PlaceTable::Open(table_bytes);
  BOOST_REQUIRE(table.table);
  TilePackOptions options;
  options.places = &*table.table;
  const TilePack pack = BuildTilePack(snapshot->bytes(), options);
  BOOST_REQUIRE(pack.error.empty());
  BOOST_CHECK_EQUAL(pack.postcodes, 1500u);
  std::vector<TileEntry> tiles;
  std::vector<PackedPostcode> codes;
  BOOST_REQUIRE_EQUAL(CheckTilePack(pack.bytes, &tiles, &codes), "");
  BOOST_REQUIRE_EQUAL(codes.size(), 1500u);
  for (size_t n = 0; n < codes.size(); ++n) {
    const auto centre = table.table->PostcodeCentre(codes[n].postcode);
    BOOST_REQUIRE(centre);
    BOOST_CHECK_EQUAL(codes[n].lat_e6, std::lround(centre->first * 1e6));
    BOOST_CHECK_EQUAL(codes[n].lon_e6, std::lround(centre->second * 1e6));
    if (n > 0) BOOST_CHECK_LT(codes[n - 1].postcode, codes[n].postcode);
  }
  // A damaged postcode page (the last bytes of the pack) is refused.
  std::vector<uint8_t> damaged = pack.bytes;
  damaged[damaged.size() - 3000] ^= 0x20;
  BOOST_CHECK(!CheckTilePack(damaged, &tiles, &codes).empty());
}

}  // namespace
}  // namespace relais
