// SHA-256 (FIPS 180-4) of bytes in memory: the manifest's hashes of published files, the stored hashes of
// merchants' API keys and staff tokens, an order request's identity for idempotent replays.
//
// Pure C++ so that the data pipeline, the server and the browser hash alike; no I/O (hashing a file is the
// caller's loop over Sha256::Update, e.g. data-sync/sha256.h). Not a keyed hash: HMACs stay with OpenSSL in
// edge/secrets.h.
#ifndef RELAIS_ENGINE_SHA256_H_
#define RELAIS_ENGINE_SHA256_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace relais {

using Sha256Digest = std::array<uint8_t, 32>;

// A hash of bytes that arrive in pieces: feed them in order, then Finish once.
class Sha256 {
 public:
  Sha256();

  void Update(std::span<const uint8_t> bytes);
  // The digest of everything given so far. The hasher must not be used afterwards.
  Sha256Digest Finish();

 private:
  void Compress(const uint8_t* block);

  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> block_;
  size_t block_size_ = 0;  // Bytes waiting in block_.
  uint64_t length_ = 0;    // Bytes given so far.
};

// The SHA-256 of `bytes` as 64 lowercase hex digits (sha256sum's spelling).
std::string Sha256Hex(std::span<const uint8_t> bytes);
// The same for text, hashed as its bytes.
std::string Sha256Hex(std::string_view text);

}  // namespace relais

#endif  // RELAIS_ENGINE_SHA256_H_
