#include "wasm/engine/file_checksum.h"

#include <algorithm>
#include <limits>
#include <utility>

// The header-only build of xxHash: its functions are inlined here, so the engine needs no shared library
// (and WebAssembly gets the same code as native builds).
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "wasm/engine/lower_hex.h"

namespace relais {

struct FileChecksummer::State {
  XXH64_state_t xxh;
};

FileChecksummer::FileChecksummer(size_t field) : field_(field), state_(std::make_unique<State>()) {
  XXH64_reset(&state_->xxh, 0);
}

FileChecksummer::~FileChecksummer() = default;

void FileChecksummer::Update(const uint8_t* data, size_t size) {
  const uint64_t begin = position_, end = position_ + size;
  position_ = end;
  // The hashed ranges, in file order: [12, field) and [field + 8, end of file).
  const std::pair<uint64_t, uint64_t> ranges[] = {{12, field_}, {field_ + 8, std::numeric_limits<uint64_t>::max()}};
  for (const auto& [from, to] : ranges) {
    const uint64_t a = std::max(begin, from), b = std::min(end, to);
    if (a < b) XXH64_update(&state_->xxh, data + (a - begin), static_cast<size_t>(b - a));
  }
}

uint64_t FileChecksummer::Digest() const { return XXH64_digest(&state_->xxh); }

uint64_t FileChecksum(std::span<const uint8_t> file, size_t field) {
  FileChecksummer checksummer(field);
  checksummer.Update(file.data(), file.size());
  return checksummer.Digest();
}

uint64_t Xxh64(std::span<const uint8_t> bytes) { return XXH64(bytes.data(), bytes.size(), 0); }

std::string ChecksumHex(uint64_t checksum) {
  uint8_t big_endian[8];
  for (int i = 0; i < 8; ++i) big_endian[i] = static_cast<uint8_t>(checksum >> (56 - 8 * i));
  return LowerHex(big_endian);
}

}  // namespace relais
