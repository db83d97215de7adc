#include "io/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace relais {

namespace {

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

std::string SyncDirectory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return Errno("cannot open " + dir);
  const int status = ::fsync(fd);
  ::close(fd);
  return status == 0 ? "" : Errno("cannot fsync " + dir);
}

}  // namespace

std::string WriteFileAtomically(const std::string& path, std::span<const uint8_t> bytes) {
  // The process id keeps two writers of the same path (two runs by mistake) off each other's temporary file.
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return Errno("cannot create " + tmp);
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string error = Errno("cannot write " + tmp);
      ::close(fd);
      ::unlink(tmp.c_str());
      return error;
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const std::string error = Errno("cannot flush " + tmp);
    ::unlink(tmp.c_str());
    return error;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string error = Errno("cannot rename " + tmp);
    ::unlink(tmp.c_str());
    return error;
  }
  const std::filesystem::path folder = std::filesystem::path(path).parent_path();
  return SyncDirectory(folder.empty() ? "." : folder.string());
}

}  // namespace relais
