// Writing a file so that readers only ever see a whole one, before or after, even across a crash or a
// power cut: the bytes go to a temporary name in the same folder, are fsynced, renamed over `path`, and the
// folder is fsynced so that the rename itself is durable.
//
// The one writer for every native caller that replaces a file others read: relais-sync's publication
// (data-sync/publisher.h) and relais-snapshot's outputs.
#ifndef RELAIS_IO_ATOMIC_FILE_H_
#define RELAIS_IO_ATOMIC_FILE_H_

#include <cstdint>
#include <span>
#include <string>

namespace relais {

// Writes `bytes` to `path` atomically and durably. Returns "" or the error; on an error `path` is as it was
// and no temporary file is left.
std::string WriteFileAtomically(const std::string& path, std::span<const uint8_t> bytes);

}  // namespace relais

#endif  // RELAIS_IO_ATOMIC_FILE_H_
