#define BOOST_TEST_MODULE io_files
// io/: the aligned reader and the atomic writer, on real files in a fresh temporary folder.
#include "io/snapshot_file.h"

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "io/atomic_file.h"

using namespace relais;
namespace fs = std::filesystem;

namespace {

struct Folder {
  Folder() {
    std::string name = (fs::temp_directory_path() / "relais-io-XXXXXX").string();
    BOOST_REQUIRE(::mkdtemp(name.data()));
    path = name;
  }
  ~Folder() { fs::remove_all(path); }
  fs::path path;
};

std::vector<uint8_t> Bytes(size_t size) {
  std::vector<uint8_t> bytes(size);
  for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<uint8_t>(i * 131 + 7);
  return bytes;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_file_comes_back_whole_and_aligned) {
  Folder folder;
  for (const size_t size : {size_t{0}, size_t{1}, size_t{7}, size_t{8}, size_t{9}, size_t{1} << 20}) {
    const std::string path = (folder.path / "points.relais").string();
    const std::vector<uint8_t> bytes = Bytes(size);
    BOOST_REQUIRE(WriteFileAtomically(path, bytes).empty());
    std::string error;
    const std::optional<SnapshotFile> file = SnapshotFile::Read(path, &error);
    BOOST_REQUIRE_MESSAGE(file, error);
    BOOST_TEST(file->bytes().size() == size);
    BOOST_TEST(reinterpret_cast<uintptr_t>(file->bytes().data()) % 8 == 0u);
    BOOST_TEST(std::equal(bytes.begin(), bytes.end(), file->bytes().begin()));
  }
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_an_error_naming_it) {
  Folder folder;
  std::string error;
  BOOST_TEST(!SnapshotFile::Read((folder.path / "nothing.relais").string(), &error));
  BOOST_TEST(error.find("nothing.relais") != std::string::npos);
  BOOST_TEST(!SnapshotFile::Read(folder.path.string(), &error));  // A folder is not a file.
}

BOOST_AUTO_TEST_CASE(a_replacement_leaves_no_temporary_file_and_a_failure_leaves_the_old_file) {
  Folder folder;
  const std::string path = (folder.path / "manifest.json").string();
  BOOST_REQUIRE(WriteFileAtomically(path, Bytes(100)).empty());
  BOOST_REQUIRE(WriteFileAtomically(path, Bytes(50)).empty());
  BOOST_TEST(fs::file_size(path) == 50u);
  BOOST_TEST(std::distance(fs::directory_iterator(folder.path), fs::directory_iterator()) == 1);
  // A folder that does not exist: an error, nothing written anywhere.
  const std::string error = WriteFileAtomically((folder.path / "missing" / "x").string(), Bytes(10));
  BOOST_TEST(error.find("cannot create") == 0u);
  BOOST_TEST(std::distance(fs::directory_iterator(folder.path), fs::directory_iterator()) == 1);
  BOOST_TEST(fs::file_size(path) == 50u);
}
