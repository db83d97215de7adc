#include "io/snapshot_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace relais {

std::optional<SnapshotFile> SnapshotFile::Read(const std::string& path, std::string* error) {
  const auto fail = [&](const char* reason) {
    *error = "cannot read " + path + ": " + reason;
    return std::nullopt;
  };
  std::unique_ptr<FILE, decltype(&std::fclose)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) return fail(std::strerror(errno));
  struct stat st {};
  if (::fstat(::fileno(file.get()), &st) != 0) return fail(std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return fail("not a regular file");  // A folder "opens" too, and has no size.
  SnapshotFile read;
  read.size_ = static_cast<size_t>(st.st_size);
  read.words_.resize((read.size_ + 7) / 8);
  if (std::fread(read.words_.data(), 1, read.size_, file.get()) != read.size_) {
    return fail(std::ferror(file.get()) ? std::strerror(errno) : "the file shrank while it was read");
  }
  return read;
}

}  // namespace relais
