#define BOOST_TEST_MODULE sha256
#include "wasm/engine/sha256.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "wasm/engine/file_checksum.h"
#include "wasm/engine/lower_hex.h"

using namespace relais;

namespace {

std::span<const uint8_t> BytesOf(const std::string& text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

}  // namespace

// FIPS 180-4's examples (NIST's "SHA256.pdf") and sha256sum's answers.
BOOST_AUTO_TEST_CASE(known_digests) {
  BOOST_TEST(Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  BOOST_TEST(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  BOOST_TEST(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  BOOST_TEST(Sha256Hex(std::string(1000000, 'a')) ==
             "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  BOOST_TEST(Sha256Hex("The quick brown fox jumps over the lazy dog") ==
             "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592");
}

BOOST_AUTO_TEST_CASE(pieces_hash_as_the_whole) {
  // Every length around the padding's edges (55, 56, 63, 64 bytes...), cut at every place.
  for (size_t length = 0; length <= 130; ++length) {
    std::string text(length, '\0');
    for (size_t i = 0; i < length; ++i) text[i] = static_cast<char>(i * 37 + length);
    const std::string whole = Sha256Hex(text);
    for (size_t cut = 0; cut <= length; cut += 7) {
      Sha256 hasher;
      hasher.Update(BytesOf(text).first(cut));
      hasher.Update(BytesOf(text).subspan(cut));
      BOOST_TEST_REQUIRE(LowerHex(hasher.Finish()) == whole);
    }
  }
}

BOOST_AUTO_TEST_CASE(lower_hex_spells_each_byte_high_nibble_first) {
  BOOST_TEST(LowerHex({}) == "");
  const std::vector<uint8_t> bytes = {0x00, 0x0f, 0xa0, 0xff, 0x12};
  BOOST_TEST(LowerHex(bytes) == "000fa0ff12");
  // The checksum of files is spelled with it too, as xxhsum prints it (most significant byte first).
  BOOST_TEST(ChecksumHex(0x0123456789abcdefULL) == "0123456789abcdef");
  BOOST_TEST(ChecksumHex(0) == "0000000000000000");
}
