// libFuzzer target: any bytes given to Snapshot::Open (without the checksum, so mutations reach the
// structure checks) are refused or give a snapshot that every accessor and query reads in bounds.
#include <cstdint>
#include <cstring>
#include <vector>

#include "wasm/engine/clusters.h"
#include "wasm/engine/point_search.h"
#include "wasm/engine/snapshot.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<uint64_t> aligned((size + 7) / 8);
  if (size) std::memcpy(aligned.data(), data, size);
  const relais::SnapshotOpen open =
      relais::Snapshot::Open({reinterpret_cast<const uint8_t*>(aligned.data()), size}, /*verify_checksum=*/false);
  if (!open.snapshot) return 0;
  const relais::Snapshot& s = *open.snapshot;
  for (uint32_t i = 0; i < s.size(); ++i) {
    (void)s.Record(i);
    (void)s.hours(i).NextOpening(1790000000);
  }
  relais::PointSearch search(s);
  std::vector<relais::NearestHit> hits;
  relais::NearestQuery q;
  q.lat = 48.85;
  q.lon = 2.35;
  q.filter.open_at = 1790000000;
  search.Nearest(q, &hits);
  std::vector<uint32_t> box;
  search.InBox({40, -5, 52, 10}, {}, 100, &box);
  std::vector<relais::ClusterItem> items;
  relais::QueryClusters(s, {40, -5, 52, 10}, 6, 1000, &items);
  relais::QueryClusters(s, {-90, -180, 90, 180}, 17, 1000, &items);
  if (s.size() > 0) (void)s.Find(s.carrier(0), s.text(0, relais::TextField::kId));
  return 0;
}
