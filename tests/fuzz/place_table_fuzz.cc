// libFuzzer target: PlaceTable::Open on arbitrary bytes must refuse or accept without reading out of
// bounds, and an accepted table must answer every query. The checksum is recomputed over the input first,
// so that mutations reach the structural checks behind it.
#include <cstdint>
#include <cstring>
#include <vector>

#include "wasm/engine/file_checksum.h"
#include "wasm/engine/place_table.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<uint32_t> aligned((size + 3) / 4);
  std::memcpy(aligned.data(), data, size);
  uint8_t* bytes = reinterpret_cast<uint8_t*>(aligned.data());
  if (size >= 24) {
    const uint64_t checksum = relais::Xxh64({bytes + 24, size - 24});
    for (int b = 0; b < 8; ++b) bytes[16 + b] = static_cast<uint8_t>(checksum >> (8 * b));
  }
  const relais::PlaceTableOpen open = relais::PlaceTable::Open({bytes, size});
  if (!open.table) return 0;
  const relais::PlaceTable& t = *open.table;
  for (uint32_t i = 0; i < t.size(); ++i) {
    t.WithPostcode(t.postcode(i));
    t.PostcodeCentre(t.postcode(i));
    t.TownsStartingWith(t.town(i), 3);
  }
  t.TownsStartingWith("sa", 10);
  return 0;
}
