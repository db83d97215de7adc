// Unpredictable identifiers and secrets from OpenSSL's CSPRNG, as lowercase hex.
#ifndef RELAIS_EDGE_RANDOM_HEX_H_
#define RELAIS_EDGE_RANDOM_HEX_H_

#include <openssl/rand.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace relais::edge {

// 2 * bytes hex digits. Throws if the generator cannot be seeded (never serve predictable ids).
inline std::string RandomHex(size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1) throw std::runtime_error("RAND_bytes failed");
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : raw) {
    hex += kDigits[c >> 4];
    hex += kDigits[c & 15];
  }
  return hex;
}

}  // namespace relais::edge

#endif  // RELAIS_EDGE_RANDOM_HEX_H_
