// A tile pack: the published snapshot cut into regional tiles that a browser fetches with HTTP Range
// requests, so that a phone lists the points around the shopper after some 20-50 KB of data, whatever the size
// of the dataset. Any static host or CDN that honours Range serves it; one that ignores Range sends the whole
// pack, whose whole snapshot comes right after the root page and the postcode block, so a reader stops there.
//
// Layout (little-endian):
//   Header (64 bytes)
//     0  char[8]  magic "RELAISt\n"
//     8  u32      format version (kTilePackVersion)
//     12 u32      tile count
//     16 i32      dataset date (days since 1970-01-01)
//     20 u32      point count
//     24 u64      offset of the whole snapshot (uncompressed, byte for byte the published points.relais)
//     32 u64      its size
//     40 u64      its checksum (its header's XXH64): the pack's identity, the same as the snapshot's
//     48 u32      entries of the root page
//     52 u32      tile points: the most points a tile holds (what a reader can say an observer learns)
//     56 u64      checksum of the first request's bytes (file_checksum.h's FileChecksum with its field here: XXH64
//                 of bytes [12, 56) then [64, end of the postcode block's keys)): header, root page, postcodes
//   Root page at offset 64, then the postcode block, then the whole snapshot (8-aligned), then the other pages,
//   the tiles and the postcode pages.
//
//   Postcode block (right after the root page, so inside a reader's first request): where a checkout's
//   postcode is, without the place table (a megabyte) -- each postcode's centre and first town, from
//   `relais-snapshot places`' table when the pack is built with one (else no pages):
//     u32 page count (at most kMaxPostcodePages), u32 page size (bytes, a power of two >= 2048),
//     u64 offset of the first page (the others follow, each of the page size),
//     u64 zero,
//     char[8] x page count: each page's first postcode, zero-padded (pages are in postcode order).
//   A postcode page: u64 XXH64 of the page's bytes after it, u32 record count, then the records sorted by
//   postcode -- i32 lat, i32 lon (micro-degrees), u8 length + postcode, u8 length + town -- zero-padded.
//
//   A page is an array of TileEntry: a tile, or a page one level down (at most kMaxPageEntries each, so a
//   reader that asks for the first kFirstRequestBytes always has the header and the root page).
//   A tile is a snapshot file (snapshot_format.h) of the points of its area, compressed in zlib's format
//   (what browsers' DecompressionStream('deflate') reads); its entry carries the tile snapshot's own
//   checksum, which the reader compares with the tile's header before opening it (and opening verifies the
//   bytes against it). A page's entry carries the XXH64 of the page's bytes.
//
// Tiles come from a kd split of the points by latitude and longitude, at the median of the wider side, down to
// at most `tile_points` points: dense cities get small tiles, the countryside large ones, and every tile
// costs about the same bytes. The box of an entry is the extent of the points below it, so the distance
// from a position to a box bounds the distance to any of its points: a reader has the k nearest points once
// no unread box is nearer than the k-th point found.
#ifndef RELAIS_DATA_SYNC_TILE_PACK_H_
#define RELAIS_DATA_SYNC_TILE_PACK_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace relais {

constexpr char kTilePackMagic[8] = {'R', 'E', 'L', 'A', 'I', 'S', 't', '\n'};
constexpr uint32_t kTilePackVersion = 1;
constexpr uint32_t kTilePackHeaderSize = 64;
constexpr uint32_t kMaxPageEntries = 256;
constexpr uint32_t kPageEntryBit = 0x80000000u;  // In TileEntry::count: the entry is a page.

struct TileEntry {
  int32_t south, west, north, east;  // Micro-degrees: the extent of the points below.
  uint64_t offset;
  uint32_t size;   // Bytes: compressed tile, or page (entries * sizeof(TileEntry)).
  uint32_t count;  // Points below; kPageEntryBit set for a page.
  uint64_t checksum;
};
static_assert(sizeof(TileEntry) == 40);

constexpr uint32_t kMaxPostcodePages = 128;
constexpr uint32_t kPostcodeBlockHeader = 24;
constexpr uint32_t kFirstRequestBytes =
    kTilePackHeaderSize + kMaxPageEntries * sizeof(TileEntry) + kPostcodeBlockHeader + kMaxPostcodePages * 8;

class PlaceTable;

struct TilePackOptions {
  uint32_t tile_points = 128;          // At most this many points in a tile.
  const PlaceTable* places = nullptr;  // Postcodes' centres, when given.
};

struct TilePack {
  std::vector<uint8_t> bytes;  // Set on success.
  std::string error;           // Why `snapshot` could not be packed (it is not a valid snapshot).
  uint32_t tiles = 0;
  uint32_t pages = 0;
  uint32_t largest_tile = 0;  // Compressed bytes of the largest tile.
  uint32_t postcodes = 0;     // Postcodes with a centre.
};

// The pack of a snapshot file (checked before use). Deterministic: the same snapshot gives the same bytes.
TilePack BuildTilePack(std::span<const uint8_t> snapshot, const TilePackOptions& options = {});

// A postcode's centre and first town, as a pack's postcode pages hold it.
struct PackedPostcode {
  std::string postcode, town;
  int32_t lat_e6 = 0, lon_e6 = 0;
};

// What a reader checks of a pack before trusting it, and the tiles it lists: "" or why the pack is invalid.
// `postcodes` (may be null) receives every postcode of its pages.
// Used by tests and `relais-snapshot tiles-info`; browsers read the same layout in web/widget/tile-loader.js.
std::string CheckTilePack(std::span<const uint8_t> pack, std::vector<TileEntry>* tiles,
                          std::vector<PackedPostcode>* postcodes = nullptr);

}  // namespace relais

#endif  // RELAIS_DATA_SYNC_TILE_PACK_H_
