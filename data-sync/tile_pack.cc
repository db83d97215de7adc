#include "data-sync/tile_pack.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <numeric>
#include <utility>

#include "wasm/engine/file_checksum.h"
#include "wasm/engine/place_table.h"
#include "wasm/engine/snapshot.h"
#include "wasm/engine/snapshot_builder.h"

namespace relais {
namespace {

template <typename T>
void Put(std::vector<uint8_t>& out, size_t at, T value) {
  std::memcpy(out.data() + at, &value, sizeof(T));
}

template <typename T>
T Get(std::span<const uint8_t> in, size_t at) {
  T value;
  std::memcpy(&value, in.data() + at, sizeof(T));
  return value;
}

void PadTo8(std::vector<uint8_t>& out) { out.resize((out.size() + 7) & ~size_t{7}, 0); }

// The kd split of point slots: a node is a range of `slots`; leaves hold at most tile_points points.
struct Node {
  uint32_t begin, end;
  int32_t left = -1, right = -1;  // Children, or -1 for a leaf.
};

class Partition {
 public:
  Partition(const Snapshot& snapshot, uint32_t tile_points) : snapshot_(snapshot), tile_points_(tile_points) {
    slots_.resize(snapshot.size());
    std::iota(slots_.begin(), slots_.end(), 0u);
    Split(0, snapshot.size());
  }

  const std::vector<Node>& nodes() const { return nodes_; }
  std::span<const uint32_t> slots(const Node& n) const { return {slots_.data() + n.begin, n.end - n.begin}; }

 private:
  int32_t Split(uint32_t begin, uint32_t end) {
    const int32_t id = static_cast<int32_t>(nodes_.size());
    nodes_.push_back({begin, end});
    if (end - begin <= tile_points_) return id;
    double south = 90, north = -90, west = 180, east = -180;
    for (uint32_t s = begin; s < end; ++s) {
      south = std::min(south, snapshot_.lat(slots_[s]));
      north = std::max(north, snapshot_.lat(slots_[s]));
      west = std::min(west, snapshot_.lon(slots_[s]));
      east = std::max(east, snapshot_.lon(slots_[s]));
    }
    // The wider side on the ground: a degree of longitude shrinks with the cosine of the latitude.
    const double mid = (south + north) / 2 * M_PI / 180;
    const bool by_lat = (north - south) >= (east - west) * std::cos(mid);
    const uint32_t middle = begin + (end - begin) / 2;
    // Ties broken by slot: the same snapshot always gives the same tiles.
    auto key = [&](uint32_t slot) { return std::make_pair(by_lat ? snapshot_.lat(slot) : snapshot_.lon(slot), slot); };
    std::nth_element(slots_.begin() + begin, slots_.begin() + middle, slots_.begin() + end,
                     [&](uint32_t a, uint32_t b) { return key(a) < key(b); });
    const int32_t left = Split(begin, middle);
    const int32_t right = Split(middle, end);
    nodes_[id].left = left;
    nodes_[id].right = right;
    return id;
  }

  const Snapshot& snapshot_;
  uint32_t tile_points_;
  std::vector<uint32_t> slots_;
  std::vector<Node> nodes_;
};

std::vector<uint8_t> Deflate(std::span<const uint8_t> bytes) {
  uLongf size = compressBound(bytes.size());
  std::vector<uint8_t> out(size);
  compress2(out.data(), &size, bytes.data(), bytes.size(), Z_BEST_COMPRESSION);
  out.resize(size);
  return out;
}

std::vector<uint8_t> Inflate(std::span<const uint8_t> bytes, std::string* error) {
  z_stream z{};
  if (inflateInit(&z) != Z_OK) {
    *error = "zlib";
    return {};
  }
  std::vector<uint8_t> out;
  uint8_t buffer[1 << 16];
  z.next_in = const_cast<uint8_t*>(bytes.data());
  z.avail_in = static_cast<uInt>(bytes.size());
  int status = Z_OK;
  while (status == Z_OK) {
    z.next_out = buffer;
    z.avail_out = sizeof(buffer);
    status = inflate(&z, Z_NO_FLUSH);
    out.insert(out.end(), buffer, buffer + (sizeof(buffer) - z.avail_out));
  }
  inflateEnd(&z);
  if (status != Z_STREAM_END || z.avail_in != 0) *error = "a tile is not valid zlib data";
  return out;
}

// The postcode pages of `places` (data-sync/tile_pack.h): the smallest page size from 2048 bytes up that
// holds every postcode in at most kMaxPostcodePages pages.
struct PostcodePages {
  uint32_t page_size = 0;
  std::vector<std::vector<uint8_t>> pages;
  std::vector<std::array<char, 8>> first_keys;
  uint32_t postcodes = 0;
};

PostcodePages BuildPostcodePages(const PlaceTable& places) {
  std::vector<std::vector<uint8_t>> records;
  std::vector<std::string> keys;
  for (uint32_t i = 0; i < places.size();) {
    const std::string_view code = places.postcode(i);
    const auto [first, last] = places.WithPostcode(code);
    const auto centre = places.PostcodeCentre(code);
    i = std::max(last, i + 1);
    if (!centre || code.empty() || code.size() > 8) continue;  // A key must fit the directory's 8 bytes.
    const std::string_view town = places.town(first).substr(0, 255);
    const int32_t lat = static_cast<int32_t>(std::lround(centre->first * 1e6));
    const int32_t lon = static_cast<int32_t>(std::lround(centre->second * 1e6));
    std::vector<uint8_t> r(10 + code.size() + town.size());
    std::memcpy(r.data(), &lat, 4);
    std::memcpy(r.data() + 4, &lon, 4);
    r[8] = static_cast<uint8_t>(code.size());
    std::memcpy(r.data() + 9, code.data(), code.size());
    r[9 + code.size()] = static_cast<uint8_t>(town.size());
    std::memcpy(r.data() + 10 + code.size(), town.data(), town.size());
    records.push_back(std::move(r));
    keys.emplace_back(code);
  }
  PostcodePages out;
  if (records.empty()) return out;
  for (uint32_t size = 2048;; size *= 2) {
    out.pages.clear();
    out.first_keys.clear();
    for (size_t r = 0; r < records.size();) {
      std::vector<uint8_t> page(12, 0);
      uint32_t count = 0;
      std::array<char, 8> key{};
      std::memcpy(key.data(), keys[r].data(), keys[r].size());
      while (r < records.size() && page.size() + records[r].size() <= size) {
        page.insert(page.end(), records[r].begin(), records[r].end());
        ++count;
        ++r;
      }
      page.resize(size, 0);
      std::memcpy(page.data() + 8, &count, 4);
      const uint64_t checksum = Xxh64({page.data() + 8, page.size() - 8});
      std::memcpy(page.data(), &checksum, 8);
      out.pages.push_back(std::move(page));
      out.first_keys.push_back(key);
    }
    if (out.pages.size() <= kMaxPostcodePages) {
      out.page_size = size;
      out.postcodes = static_cast<uint32_t>(records.size());
      return out;
    }
  }
}

class PackWriter {
 public:
  PackWriter(const Snapshot& snapshot, const Partition& partition, uint32_t tile_points, PostcodePages postcodes)
      : snapshot_(snapshot), partition_(partition), tile_points_(tile_points), postcodes_(std::move(postcodes)) {}

  TilePack Write() {
    TilePack pack;
    // The root page's entries first (their pages and tiles are written after the whole snapshot).
    // No point, no tile: an empty root page.
    const std::vector<int32_t> root = snapshot_.size() ? PageMembers(0) : std::vector<int32_t>{};
    const size_t block = kTilePackHeaderSize + root.size() * sizeof(TileEntry);
    const uint32_t page_count = static_cast<uint32_t>(postcodes_.pages.size());
    out_.resize(block + kPostcodeBlockHeader + page_count * 8, 0);
    PadTo8(out_);
    const uint64_t snapshot_offset = out_.size();
    out_.insert(out_.end(), snapshot_.bytes().begin(), snapshot_.bytes().end());
    PadTo8(out_);
    std::vector<TileEntry> entries;
    for (int32_t member : root) entries.push_back(Emit(member));
    if (!entries.empty()) {  // An empty vector's data() may be null, which memcpy must not be given.
      std::memcpy(out_.data() + kTilePackHeaderSize, entries.data(), entries.size() * sizeof(TileEntry));
    }
    // The postcode pages last, and the block that finds them right after the root page.
    PadTo8(out_);
    Put<uint32_t>(out_, block, page_count);
    Put<uint32_t>(out_, block + 4, postcodes_.page_size);
    Put<uint64_t>(out_, block + 8, page_count ? out_.size() : 0);
    for (uint32_t p = 0; p < page_count; ++p) {
      std::memcpy(out_.data() + block + kPostcodeBlockHeader + 8 * p, postcodes_.first_keys[p].data(), 8);
    }
    for (const std::vector<uint8_t>& page : postcodes_.pages) out_.insert(out_.end(), page.begin(), page.end());
    std::memcpy(out_.data(), kTilePackMagic, 8);
    Put<uint32_t>(out_, 8, kTilePackVersion);
    Put<uint32_t>(out_, 12, tiles_);
    Put<int32_t>(out_, 16, snapshot_.dataset_day());
    Put<uint32_t>(out_, 20, snapshot_.size());
    Put<uint64_t>(out_, 24, snapshot_offset);
    Put<uint64_t>(out_, 32, snapshot_.bytes().size());
    Put<uint64_t>(out_, 40, snapshot_.checksum());
    Put<uint32_t>(out_, 48, static_cast<uint32_t>(entries.size()));
    Put<uint32_t>(out_, 52, tile_points_);
    // Last: the checksum of everything a reader's first request holds (header, root page, postcode block).
    const size_t first_end = block + kPostcodeBlockHeader + size_t{page_count} * 8;
    Put<uint64_t>(out_, 56, FileChecksum({out_.data(), first_end}, 56));
    pack.bytes = std::move(out_);
    pack.tiles = tiles_;
    pack.pages = pages_ + 1;
    pack.largest_tile = largest_;
    pack.postcodes = postcodes_.postcodes;
    return pack;
  }

 private:
  // The members of the page rooted at `node`: the deepest cut of its subtree that fits a page -- all its
  // tiles when they fit, else up to 256 subtrees that become pages one level down. A reader's first request
  // holds the whole root page, so it is made as wide as allowed and the pages below stay small.
  std::vector<int32_t> PageMembers(int32_t node) const {
    std::vector<int32_t> level{node};
    for (;;) {
      std::vector<int32_t> next;
      for (int32_t n : level) {
        const Node& x = partition_.nodes()[n];
        if (x.left < 0) {
          next.push_back(n);
        } else {
          next.push_back(x.left);
          next.push_back(x.right);
        }
      }
      if (next.size() == level.size() || next.size() > kMaxPageEntries) return level;
      level = std::move(next);
    }
  }

  TileEntry Box(const Node& node) const {
    TileEntry e{INT32_MAX, INT32_MAX, INT32_MIN, INT32_MIN, 0, 0, node.end - node.begin, 0};
    for (uint32_t slot : partition_.slots(node)) {
      const int32_t lat = static_cast<int32_t>(std::lround(snapshot_.lat(slot) * snapshot_format::kCoordScale));
      const int32_t lon = static_cast<int32_t>(std::lround(snapshot_.lon(slot) * snapshot_format::kCoordScale));
      e.south = std::min(e.south, lat);
      e.north = std::max(e.north, lat);
      e.west = std::min(e.west, lon);
      e.east = std::max(e.east, lon);
    }
    return e;
  }

  // Writes the tile or the page of `node` at the end of the pack and returns its entry.
  TileEntry Emit(int32_t id) {
    const Node& node = partition_.nodes()[id];
    TileEntry entry = Box(node);
    if (node.left < 0) {
      SnapshotBuilder builder;
      builder.Reserve(node.end - node.begin);
      for (uint32_t slot : partition_.slots(node)) builder.Add(snapshot_.Record(slot));
      const std::vector<uint8_t> tile = builder.Build(snapshot_.dataset_day());
      const std::vector<uint8_t> deflated = Deflate(tile);
      std::memcpy(&entry.checksum, tile.data() + snapshot_format::kChecksumOffset, 8);
      entry.offset = out_.size();
      entry.size = static_cast<uint32_t>(deflated.size());
      out_.insert(out_.end(), deflated.begin(), deflated.end());
      ++tiles_;
      largest_ = std::max(largest_, entry.size);
      return entry;
    }
    std::vector<TileEntry> entries;
    for (int32_t member : PageMembers(id)) entries.push_back(Emit(member));
    PadTo8(out_);
    entry.offset = out_.size();
    entry.size = static_cast<uint32_t>(entries.size() * sizeof(TileEntry));
    entry.count |= kPageEntryBit;
    const auto* raw = reinterpret_cast<const uint8_t*>(entries.data());
    out_.insert(out_.end(), raw, raw + entry.size);
    entry.checksum = Xxh64({raw, entry.size});
    ++pages_;
    return entry;
  }

  const Snapshot& snapshot_;
  const Partition& partition_;
  std::vector<uint8_t> out_;
  uint32_t tile_points_;
  PostcodePages postcodes_;
  uint32_t tiles_ = 0, pages_ = 0, largest_ = 0;
};

std::string CheckPage(std::span<const uint8_t> pack, std::span<const uint8_t> page, uint64_t checksum, int depth,
                      std::vector<TileEntry>* tiles) {
  if (depth > 8) return "pages nest too deep";
  if (page.size() % sizeof(TileEntry) != 0 || page.size() / sizeof(TileEntry) > kMaxPageEntries)
    return "a page has a bad size";
  if (Xxh64(page) != checksum) return "a page does not match its checksum";
  for (size_t at = 0; at < page.size(); at += sizeof(TileEntry)) {
    TileEntry e;
    std::memcpy(&e, page.data() + at, sizeof e);
    if (e.offset > pack.size() || e.size > pack.size() - e.offset) return "an entry points past the end of the pack";
    if (e.south > e.north || e.west > e.east) return "an entry has an empty box";
    std::span<const uint8_t> bytes = pack.subspan(e.offset, e.size);
    if (e.count & kPageEntryBit) {
      if (std::string error = CheckPage(pack, bytes, e.checksum, depth + 1, tiles); !error.empty()) return error;
      continue;
    }
    std::string error;
    const std::vector<uint8_t> tile = Inflate(bytes, &error);
    if (!error.empty()) return error;
    SnapshotOpen open = Snapshot::Open(tile);
    if (!open.snapshot) return "a tile is not a valid snapshot: " + open.error;
    if (open.snapshot->checksum() != e.checksum) return "a tile is not the one its entry names";
    if (open.snapshot->size() != e.count) return "a tile does not hold the points its entry counts";
    // Readers bound the distance to a tile's points by its box: a point outside it would be missed.
    for (uint32_t i = 0; i < open.snapshot->size(); ++i) {
      const int64_t lat = std::lround(open.snapshot->lat(i) * snapshot_format::kCoordScale);
      const int64_t lon = std::lround(open.snapshot->lon(i) * snapshot_format::kCoordScale);
      if (lat < e.south || lat > e.north || lon < e.west || lon > e.east) return "a tile holds a point outside its box";
    }
    tiles->push_back(e);
  }
  return "";
}

}  // namespace

TilePack BuildTilePack(std::span<const uint8_t> snapshot_bytes, const TilePackOptions& options) {
  TilePack pack;
  SnapshotOpen open = Snapshot::Open(snapshot_bytes);
  if (!open.snapshot) {
    pack.error = open.error;
    return pack;
  }
  const uint32_t tile_points = std::max<uint32_t>(1, options.tile_points);
  Partition partition(*open.snapshot, tile_points);
  return PackWriter(*open.snapshot, partition, tile_points,
                    options.places ? BuildPostcodePages(*options.places) : PostcodePages{})
      .Write();
}

namespace {

// The postcode block after a root page of `root_entries`, and its pages.
std::string CheckPostcodes(std::span<const uint8_t> pack, uint32_t root_entries, std::vector<PackedPostcode>* out) {
  const size_t block = kTilePackHeaderSize + size_t{root_entries} * sizeof(TileEntry);
  if (block + kPostcodeBlockHeader > pack.size()) return "the postcode block lies past the end of the pack";
  const uint32_t pages = Get<uint32_t>(pack, block), page_size = Get<uint32_t>(pack, block + 4);
  const uint64_t offset = Get<uint64_t>(pack, block + 8);
  if (pages == 0) return "";
  if (pages > kMaxPostcodePages || page_size < 2048 || (page_size & (page_size - 1)) != 0)
    return "the postcode block is malformed";
  if (block + kPostcodeBlockHeader + size_t{pages} * 8 > pack.size() || offset > pack.size() ||
      uint64_t{pages} * page_size > pack.size() - offset)
    return "the postcode pages lie past the end of the pack";
  const std::span<const uint8_t> keys = pack.subspan(block + kPostcodeBlockHeader, size_t{pages} * 8);
  std::string previous;
  for (uint32_t p = 0; p < pages; ++p) {
    const std::span<const uint8_t> page = pack.subspan(offset + uint64_t{p} * page_size, page_size);
    if (Xxh64(page.subspan(8)) != Get<uint64_t>(page, 0)) return "a postcode page does not match its checksum";
    const uint32_t count = Get<uint32_t>(page, 8);
    size_t at = 12;
    for (uint32_t r = 0; r < count; ++r) {
      if (at + 10 > page.size()) return "a postcode page is cut";
      PackedPostcode code;
      code.lat_e6 = Get<int32_t>(page, at);
      code.lon_e6 = Get<int32_t>(page, at + 4);
      const size_t code_size = page[at + 8];
      if (at + 9 + code_size + 1 > page.size()) return "a postcode page is cut";
      code.postcode.assign(reinterpret_cast<const char*>(page.data() + at + 9), code_size);
      const size_t town_size = page[at + 9 + code_size];
      if (at + 10 + code_size + town_size > page.size()) return "a postcode page is cut";
      code.town.assign(reinterpret_cast<const char*>(page.data() + at + 10 + code_size), town_size);
      at += 10 + code_size + town_size;
      if (code.postcode <= previous) return "postcodes out of order";
      if (r == 0 && std::string(reinterpret_cast<const char*>(keys.data() + 8 * p), code_size) != code.postcode)
        return "a postcode page's first key is not the directory's";
      previous = code.postcode;
      if (out) out->push_back(std::move(code));
    }
  }
  return "";
}

}  // namespace

std::string CheckTilePack(std::span<const uint8_t> pack, std::vector<TileEntry>* tiles,
                          std::vector<PackedPostcode>* postcodes) {
  tiles->clear();
  if (pack.size() < kTilePackHeaderSize || std::memcmp(pack.data(), kTilePackMagic, 8) != 0)
    return "not a tile pack (bad magic)";
  if (Get<uint32_t>(pack, 8) != kTilePackVersion) return "unsupported tile pack version";
  const uint64_t snapshot_offset = Get<uint64_t>(pack, 24), snapshot_size = Get<uint64_t>(pack, 32);
  if (snapshot_offset > pack.size() || snapshot_size > pack.size() - snapshot_offset)
    return "the whole snapshot lies past the end of the pack";
  SnapshotOpen whole = Snapshot::Open(pack.subspan(snapshot_offset, snapshot_size));
  if (!whole.snapshot) return "the whole snapshot is invalid: " + whole.error;
  if (whole.snapshot->checksum() != Get<uint64_t>(pack, 40))
    return "the whole snapshot is not the one the header names";
  const uint32_t root_entries = Get<uint32_t>(pack, 48);
  if (root_entries > kMaxPageEntries) return "the root page is too large";
  const size_t root_size = size_t{root_entries} * sizeof(TileEntry);
  const size_t block = kTilePackHeaderSize + root_size;
  if (block + kPostcodeBlockHeader > pack.size()) return "the root page lies past the end of the pack";
  const size_t first_end = block + kPostcodeBlockHeader + size_t{Get<uint32_t>(pack, block)} * 8;
  if (Get<uint32_t>(pack, block) > kMaxPostcodePages || first_end > pack.size())
    return "the postcode block lies past the end of the pack";
  if (FileChecksum(pack.subspan(0, first_end), 56) != Get<uint64_t>(pack, 56))
    return "the header and root page do not match their checksum";
  const std::span<const uint8_t> root = pack.subspan(kTilePackHeaderSize, root_size);
  if (std::string error = CheckPage(pack, root, Xxh64(root), 0, tiles); !error.empty()) return error;
  if (tiles->size() != Get<uint32_t>(pack, 12)) return "the header's tile count is wrong";
  if (std::string error = CheckPostcodes(pack, root_entries, postcodes); !error.empty()) return error;
  uint64_t points = 0;
  for (const TileEntry& t : *tiles) points += t.count;
  if (points != Get<uint32_t>(pack, 20) || points != whole.snapshot->size())
    return "the tiles do not hold every point exactly once";
  return "";
}

}  // namespace relais
