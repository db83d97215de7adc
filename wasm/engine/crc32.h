// CRC-32 (IEEE 802.3, the zlib/gzip polynomial), so a snapshot's checksum can be checked with any tool.
#ifndef RELAIS_ENGINE_CRC32_H_
#define RELAIS_ENGINE_CRC32_H_

#include <cstddef>
#include <cstdint>

namespace relais {

// Extends `crc` (0 to start) over `size` bytes.
uint32_t Crc32(uint32_t crc, const uint8_t* data, size_t size);

}  // namespace relais

#endif  // RELAIS_ENGINE_CRC32_H_
