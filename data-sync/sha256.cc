#include "data-sync/sha256.h"

#include <cstdio>
#include <memory>
#include <vector>

#include "wasm/engine/lower_hex.h"
#include "wasm/engine/sha256.h"

namespace relais {

std::optional<std::string> Sha256HexOfFile(const std::string& path) {
  std::unique_ptr<FILE, decltype(&std::fclose)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) return std::nullopt;
  Sha256 hasher;
  std::vector<uint8_t> buffer(1 << 16);
  size_t read;
  while ((read = std::fread(buffer.data(), 1, buffer.size(), file.get())) > 0) hasher.Update({buffer.data(), read});
  if (std::ferror(file.get())) return std::nullopt;
  return LowerHex(hasher.Finish());
}

}  // namespace relais
