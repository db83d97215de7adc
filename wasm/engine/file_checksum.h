// The checksum of relais' files (snapshots, deltas, place tables): XXH64 (xxHash, Debian's
// libxxhash-dev), a 64-bit hash that WebAssembly computes at about 15 GB/s from the CPU's cache and at the
// memory's speed otherwise (5.6 GB/s on the 2-core bench machine, four times the slicing-by-8 CRC-32 the
// formats used until their version 2). It is not a signature: it catches truncation, bit rot and a broken
// transfer, while the loaders' bounds checks are what keep a hostile file harmless.
//
// Snapshots and deltas start with an 8-byte magic, a u32 that version 1 used for a CRC-32 (now zero) and
// the u32 format version, and keep their XXH64 at a fixed, 8-aligned header offset `field`. The checksum
// covers the file from its version field on, the checksum field itself excepted: bytes [12, field)
// followed by [field + 8, file size).
#ifndef RELAIS_ENGINE_FILE_CHECKSUM_H_
#define RELAIS_ENGINE_FILE_CHECKSUM_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace relais {

// The checksum of a file that arrives in pieces -- a download, or a copy made piece by piece so that each
// piece is hashed while it is still in cache (a 116 MB snapshot loads in 36-41 ms that way in WebAssembly,
// 51-53 ms when copied, then hashed: bench/run.mjs).
// Feed every byte once, in order, from the file's first byte.
class FileChecksummer {
 public:
  explicit FileChecksummer(size_t field);
  ~FileChecksummer();
  FileChecksummer(const FileChecksummer&) = delete;
  FileChecksummer& operator=(const FileChecksummer&) = delete;

  // The next `size` bytes of the file.
  void Update(const uint8_t* data, size_t size);
  // The checksum of the bytes given so far.
  uint64_t Digest() const;

 private:
  struct State;
  size_t field_;
  uint64_t position_ = 0;
  std::unique_ptr<State> state_;
};

// The checksum of a whole file in memory; file.size() >= field + 8.
uint64_t FileChecksum(std::span<const uint8_t> file, size_t field);

// XXH64 (seed 0) of some bytes: the place table's checksum of everything after its header.
uint64_t Xxh64(std::span<const uint8_t> bytes);

// A checksum as 16 lower-case hex digits, as xxhsum prints it: the file's identity in answers and reports.
std::string ChecksumHex(uint64_t checksum);

}  // namespace relais

#endif  // RELAIS_ENGINE_FILE_CHECKSUM_H_
