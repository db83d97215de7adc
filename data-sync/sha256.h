// SHA-256 of a file, as lowercase hex: the manifest's hash of each published file. The hash itself is the
// engine's (wasm/engine/sha256.h); this is only the reading loop around it.
#ifndef RELAIS_DATA_SYNC_SHA256_H_
#define RELAIS_DATA_SYNC_SHA256_H_

#include <optional>
#include <string>

namespace relais {

std::optional<std::string> Sha256HexOfFile(const std::string& path);  // nullopt if unreadable.

}  // namespace relais

#endif  // RELAIS_DATA_SYNC_SHA256_H_
