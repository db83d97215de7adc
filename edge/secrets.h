// Secrets and unguessable identifiers: OpenSSL's CSPRNG and HMAC, spelled in the engine's lowercase hex
// (wasm/engine/lower_hex.h), and comparisons that take the same time whatever the bytes.
#ifndef RELAIS_EDGE_SECRETS_H_
#define RELAIS_EDGE_SECRETS_H_

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "wasm/engine/lower_hex.h"

namespace relais::edge {

// 2 * bytes random hex digits. Throws if the generator cannot be seeded (never serve predictable ids).
inline std::string RandomHex(size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1) throw std::runtime_error("RAND_bytes failed");
  return LowerHex(raw);
}

// HMAC-SHA256 of `message` with `key`, in hex: tracking tokens, carriers' webhook signatures.
inline std::string HmacSha256Hex(std::string_view key, std::string_view message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
       message.size(), mac, &size);
  return LowerHex({mac, size});
}

// a == b in constant time: a token check must not leak how many leading bytes matched.
inline bool SameSecret(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace relais::edge

#endif  // RELAIS_EDGE_SECRETS_H_
