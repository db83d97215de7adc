// zlib's deflate for the tests that send compressed bodies: gzip (window_bits 16 + MAX_WBITS) or zlib
// "deflate" (MAX_WBITS), at the best compression.
#ifndef RELAIS_TESTS_EDGE_DEFLATE_FOR_TESTS_H_
#define RELAIS_TESTS_EDGE_DEFLATE_FOR_TESTS_H_

#include <zlib.h>

#include <string>

namespace relais::testing {

inline std::string Compress(const std::string& data, int window_bits) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, window_bits, 9, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

}  // namespace relais::testing

#endif  // RELAIS_TESTS_EDGE_DEFLATE_FOR_TESTS_H_
