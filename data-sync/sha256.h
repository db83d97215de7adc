// SHA-256 of a file or of bytes, as lowercase hex (OpenSSL's libcrypto): the manifest's hashes.
#ifndef RELAIS_DATA_SYNC_SHA256_H_
#define RELAIS_DATA_SYNC_SHA256_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace relais {

std::string Sha256Hex(std::span<const uint8_t> bytes);
std::optional<std::string> Sha256HexOfFile(const std::string& path);  // nullopt if unreadable.

}  // namespace relais

#endif  // RELAIS_DATA_SYNC_SHA256_H_
