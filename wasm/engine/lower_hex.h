// Bytes as lowercase hexadecimal: the one encoder behind every hash and random identifier the project
// prints (SHA-256 digests of manifests, API keys and order requests; HMACs; XXH64 checksums; random ids).
#ifndef RELAIS_ENGINE_LOWER_HEX_H_
#define RELAIS_ENGINE_LOWER_HEX_H_

#include <cstdint>
#include <span>
#include <string>

namespace relais {

// 2 * bytes.size() digits from "0123456789abcdef", the high nibble of each byte first.
std::string LowerHex(std::span<const uint8_t> bytes);

}  // namespace relais

#endif  // RELAIS_ENGINE_LOWER_HEX_H_
