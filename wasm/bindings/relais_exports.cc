// The engine's browser interface: plain C exports over WebAssembly memory, wrapped by relais_api.js.
//
// The only file that knows about Emscripten. A handle owns one snapshot's bytes (copied into wasm memory
// by the caller through relais_alloc), its Snapshot view, a PointSearch and the buffers that answers are
// written to. No exception crosses this boundary: errors are a zero handle plus relais_last_error().
#include <emscripten/emscripten.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "wasm/engine/closure_notice.h"
#include "wasm/engine/clusters.h"
#include "wasm/engine/file_checksum.h"
#include "wasm/engine/place_table.h"
#include "wasm/engine/point_search.h"
#include "wasm/engine/snapshot.h"
#ifndef RELAIS_PICKER
#include "wasm/engine/snapshot_delta.h"
#endif
#include "wasm/engine/split_point.h"

namespace relais {
namespace {

// Query block shared with JS: 8 doubles then 20 u32. relais_api.js writes it through typed arrays at fixed
// offsets (QUERY_BYTES and _setQuery there); the static_asserts below pin those offsets, so a field moved on
// one side fails the build here instead of silently misreading queries. Change both sides together.
struct QueryBlock {
  double lat, lon, max_distance_m, open_at, open_from, open_until, reserved[2];  // NaN: unset.
  uint32_t k, kinds, services, active_only, weight_g, dims_cm[3];
  int32_t open_on;          // INT32_MIN: unset.
  uint32_t carrier_filter;  // 0: any carrier; 1: only those in carriers[].
  uint32_t carriers[8];
  uint32_t unknown_hours_pass;  // PointFilter::unknown_hours_pass.
  uint32_t reserved2;
};
// relais_api.js: QUERY_BYTES = 144; f64[i] = byte 8 * i; u32[i] = byte 64 + 4 * i; open_on is the i32 at 96.
static_assert(std::is_standard_layout_v<QueryBlock>);
static_assert(sizeof(QueryBlock) == 144);
static_assert(offsetof(QueryBlock, lat) == 0);                   // f64[0]
static_assert(offsetof(QueryBlock, lon) == 8);                   // f64[1]
static_assert(offsetof(QueryBlock, max_distance_m) == 16);       // f64[2]
static_assert(offsetof(QueryBlock, open_at) == 24);              // f64[3]
static_assert(offsetof(QueryBlock, open_from) == 32);            // f64[4]
static_assert(offsetof(QueryBlock, open_until) == 40);           // f64[5]
static_assert(offsetof(QueryBlock, k) == 64);                    // u32[0]
static_assert(offsetof(QueryBlock, kinds) == 68);                // u32[1]
static_assert(offsetof(QueryBlock, services) == 72);             // u32[2]
static_assert(offsetof(QueryBlock, active_only) == 76);          // u32[3]
static_assert(offsetof(QueryBlock, weight_g) == 80);             // u32[4]
static_assert(offsetof(QueryBlock, dims_cm) == 84);              // u32[5..7]
static_assert(offsetof(QueryBlock, open_on) == 96);              // i32 at 96 (u32[8])
static_assert(offsetof(QueryBlock, carrier_filter) == 100);      // u32[9]
static_assert(offsetof(QueryBlock, carriers) == 104);            // u32[10..17]
static_assert(offsetof(QueryBlock, unknown_hours_pass) == 136);  // u32[18]

struct Handle {
  uint8_t* bytes = nullptr;
  std::optional<Snapshot> snapshot;
  std::optional<PointSearch> search;
  QueryBlock query{};
  std::vector<NearestHit> hits;
  std::vector<uint32_t> indices;
  std::vector<double> distances;
  std::vector<double> rows;  // relais_result_rows: lat, lon, attribute word of each result.
  uint16_t schedule[1 + 7 + 7 * 4 * 2];
  std::vector<int32_t> closures;
  std::vector<relais::ClusterItem> cluster_items;
  std::vector<double> cluster_rows;
};

// A place table (postcodes and towns, for the search box): its bytes and the last search's places.
struct Places {
  uint8_t* bytes = nullptr;
  std::optional<PlaceTable> table;
  std::vector<uint32_t> found;
  double centre[2] = {0, 0};
};

std::string g_last_error;

PointFilter FilterOf(const QueryBlock& q) {
  PointFilter f;
  f.kinds = q.kinds;
  if (q.carrier_filter) {
    for (int w = 0; w < 4; ++w) f.carriers[w] = uint64_t{q.carriers[2 * w]} | uint64_t{q.carriers[2 * w + 1]} << 32;
  }
  f.required_services = static_cast<uint16_t>(q.services);
  f.active_only = q.active_only != 0;
  f.weight_g = q.weight_g;
  for (int d = 0; d < 3; ++d) f.dims_cm[d] = static_cast<uint16_t>(std::min<uint32_t>(q.dims_cm[d], 65535));
  f.unknown_hours_pass = q.unknown_hours_pass != 0;
  if (std::isfinite(q.open_at)) f.open_at = static_cast<UnixSeconds>(std::floor(q.open_at));
  if (q.open_on != INT32_MIN) f.open_on = q.open_on;
  if (std::isfinite(q.open_from)) {
    f.open_from = static_cast<UnixSeconds>(std::floor(q.open_from));
    f.open_until = std::isfinite(q.open_until) ? static_cast<UnixSeconds>(std::ceil(q.open_until)) : *f.open_from + 1;
  }
  return f;
}

bool Valid(Handle* h, uint32_t i) { return h && h->snapshot && i < h->snapshot->size(); }

// A handle owning `bytes` on the opened snapshot, or 0 with g_last_error set and `bytes` freed.
Handle* Adopt(uint8_t* bytes, const SnapshotOpen& open) {
  if (!open.snapshot) {
    g_last_error = open.error;
    std::free(bytes);
    return nullptr;
  }
  Handle* h = new Handle;
  h->bytes = bytes;
  h->snapshot.emplace(*open.snapshot);
  h->search.emplace(*h->snapshot);
  return h;
}

}  // namespace
}  // namespace relais

using relais::Handle;

extern "C" {

EMSCRIPTEN_KEEPALIVE uint8_t* relais_alloc(uint32_t size) {
  // 8-byte alignment, as Snapshot::Open requires (malloc gives 8 or 16 in Emscripten).
  return static_cast<uint8_t*>(std::malloc(size ? size : 1));
}

EMSCRIPTEN_KEEPALIVE const char* relais_last_error() { return relais::g_last_error.c_str(); }

// Takes ownership of `bytes` (from relais_alloc) and opens them with bounds checks only (the checksum is
// relais_open_checksummed's). Returns a handle, or 0 with relais_last_error() set.
EMSCRIPTEN_KEEPALIVE Handle* relais_open(uint8_t* bytes, uint32_t size) {
  return relais::Adopt(bytes, relais::Snapshot::Open({bytes, size}, /*verify_checksum=*/false));
}

// A snapshot's checksum computed piece by piece while its bytes are copied or downloaded into memory.
EMSCRIPTEN_KEEPALIVE relais::FileChecksummer* relais_checksum_begin() {
  return new relais::FileChecksummer(relais::snapshot_format::kChecksumOffset);
}

EMSCRIPTEN_KEEPALIVE void relais_checksum_update(relais::FileChecksummer* c, const uint8_t* bytes, uint32_t size) {
  c->Update(bytes, size);
}

EMSCRIPTEN_KEEPALIVE void relais_checksum_free(relais::FileChecksummer* c) { delete c; }

// XXH64 of `size` bytes, written to out[0] (low half) and out[1]: how a tile pack's pages are checked
// (data-sync/tile_pack.h).
EMSCRIPTEN_KEEPALIVE void relais_xxh64(const uint8_t* bytes, uint32_t size, uint32_t* out) {
  const uint64_t h = relais::Xxh64({bytes, size});
  out[0] = static_cast<uint32_t>(h);
  out[1] = static_cast<uint32_t>(h >> 32);
}

// relais_open with the checksum verified against `c` (fed every byte, in order; always freed here).
EMSCRIPTEN_KEEPALIVE Handle* relais_open_checksummed(uint8_t* bytes, uint32_t size, relais::FileChecksummer* c) {
  const uint64_t computed = c->Digest();
  delete c;
  return relais::Adopt(bytes, relais::Snapshot::OpenWithChecksum({bytes, size}, computed));
}

// The picker's engine (relais-picker.wasm) leaves deltas out: the builder is a third of the code.
#ifndef RELAIS_PICKER
// Applies a delta (bytes from relais_alloc, always freed here) to h's snapshot. Returns a handle on the new
// snapshot -- h stays open and unchanged -- or 0 with relais_last_error() set.
EMSCRIPTEN_KEEPALIVE Handle* relais_apply_delta(Handle* h, uint8_t* delta, uint32_t size) {
  relais::DeltaApplied applied = relais::ApplySnapshotDelta(*h->snapshot, {delta, size});
  std::free(delta);
  if (!applied.error.empty()) {
    relais::g_last_error = applied.error;
    return nullptr;
  }
  uint8_t* bytes = relais_alloc(static_cast<uint32_t>(applied.bytes.size()));
  std::memcpy(bytes, applied.bytes.data(), applied.bytes.size());
  return relais_open(bytes, static_cast<uint32_t>(applied.bytes.size()));  // Checked: its checksum is the target's.
}
#endif

// The snapshot's own bytes (for a cache), and their size.
EMSCRIPTEN_KEEPALIVE const uint8_t* relais_bytes(Handle* h) { return h->bytes; }
EMSCRIPTEN_KEEPALIVE uint32_t relais_byte_size(Handle* h) { return static_cast<uint32_t>(h->snapshot->bytes().size()); }

EMSCRIPTEN_KEEPALIVE void relais_close(Handle* h) {
  if (!h) return;
  h->search.reset();
  h->snapshot.reset();
  std::free(h->bytes);
  delete h;
}

EMSCRIPTEN_KEEPALIVE uint32_t relais_size(Handle* h) { return h->snapshot->size(); }
EMSCRIPTEN_KEEPALIVE int32_t relais_dataset_day(Handle* h) { return h->snapshot->dataset_day(); }
EMSCRIPTEN_KEEPALIVE relais::QueryBlock* relais_query(Handle* h) { return &h->query; }
EMSCRIPTEN_KEEPALIVE uint32_t* relais_result_indices(Handle* h) { return h->indices.data(); }
EMSCRIPTEN_KEEPALIVE double* relais_result_distances(Handle* h) { return h->distances.data(); }
// What a page's point object holds at once for each of the first `count` results: 3 doubles a point (lat, lon,
// the attribute word of relais_point_attributes), in one call rather than three per point.
EMSCRIPTEN_KEEPALIVE double* relais_result_rows(Handle* h, uint32_t count) {
  h->rows.clear();
  for (uint32_t n = 0; n < count && n < h->indices.size(); ++n) {
    const uint32_t i = h->indices[n];
    h->rows.insert(h->rows.end(),
                   {h->snapshot->lat(i), h->snapshot->lon(i), static_cast<double>(h->snapshot->attributes()[i])});
  }
  return h->rows.data();
}

// Runs the nearest query in relais_query(h); results in relais_result_indices/distances. Returns the count.
EMSCRIPTEN_KEEPALIVE uint32_t relais_nearest(Handle* h) {
  relais::NearestQuery q;
  q.lat = h->query.lat;
  q.lon = h->query.lon;
  q.k = h->query.k;
  q.max_distance_m = std::isnan(h->query.max_distance_m) ? INFINITY : h->query.max_distance_m;
  q.filter = relais::FilterOf(h->query);
  h->search->Nearest(q, &h->hits);
  h->indices.resize(h->hits.size());
  h->distances.resize(h->hits.size());
  for (size_t i = 0; i < h->hits.size(); ++i) {
    h->indices[i] = h->hits[i].point;
    h->distances[i] = h->hits[i].distance_m;
  }
  return static_cast<uint32_t>(h->hits.size());
}

// Points in the box with the filter of relais_query(h); results in relais_result_indices.
EMSCRIPTEN_KEEPALIVE uint32_t relais_in_box(Handle* h, double south, double west, double north, double east,
                                            uint32_t limit) {
  h->search->InBox({south, west, north, east}, relais::FilterOf(h->query), limit, &h->indices);
  return static_cast<uint32_t>(h->indices.size());
}

// Map items in the box at `zoom`: rows of 5 doubles (lat, lon, count, node, expansion zoom) at
// relais_cluster_rows(h). Returns the count of items.
EMSCRIPTEN_KEEPALIVE uint32_t relais_clusters(Handle* h, double south, double west, double north, double east,
                                              double zoom, uint32_t limit) {
  relais::QueryClusters(*h->snapshot, {south, west, north, east}, zoom, limit, &h->cluster_items);
  h->cluster_rows.clear();
  for (const relais::ClusterItem& item : h->cluster_items) {
    h->cluster_rows.insert(h->cluster_rows.end(),
                           {item.lat, item.lon, static_cast<double>(item.count), static_cast<double>(item.node),
                            static_cast<double>(item.expansion_zoom)});
  }
  return static_cast<uint32_t>(h->cluster_items.size());
}
EMSCRIPTEN_KEEPALIVE double* relais_cluster_rows(Handle* h) { return h->cluster_rows.data(); }

// Index of (carrier, id), or -1. The strings are UTF-8 in wasm memory.
EMSCRIPTEN_KEEPALIVE int32_t relais_find(Handle* h, const char* carrier, uint32_t carrier_len, const char* id,
                                         uint32_t id_len) {
  const std::optional<uint32_t> i = h->snapshot->Find({carrier, carrier_len}, {id, id_len});
  return i ? static_cast<int32_t>(*i) : -1;
}

EMSCRIPTEN_KEEPALIVE int32_t relais_carrier_count(Handle* h) {
  return static_cast<int32_t>(h->snapshot->carrier_count());
}

// Strings are returned as a pointer; their length through relais_text_length (set by the same call).
static uint32_t g_text_length = 0;
EMSCRIPTEN_KEEPALIVE uint32_t relais_text_length() { return g_text_length; }
static const char* Text(std::string_view s) {
  g_text_length = static_cast<uint32_t>(s.size());
  return s.data();
}
EMSCRIPTEN_KEEPALIVE const char* relais_carrier_name(Handle* h, uint32_t c) {
  return c < h->snapshot->carrier_count() ? Text(h->snapshot->carrier_name(c)) : Text("");
}
// All text fields of a point, '\0'-separated (id, name, address, postcode, city, country): one decode in JS.
EMSCRIPTEN_KEEPALIVE const char* relais_point_texts(Handle* h, uint32_t i) {
  return relais::Valid(h, i) ? Text(h->snapshot->texts(i)) : Text("");
}
EMSCRIPTEN_KEEPALIVE const char* relais_point_zone(Handle* h, uint32_t i) {
  return relais::Valid(h, i) ? Text(h->snapshot->zone_name(i)) : Text("");
}
EMSCRIPTEN_KEEPALIVE double relais_point_lat(Handle* h, uint32_t i) {
  return relais::Valid(h, i) ? h->snapshot->lat(i) : NAN;
}
EMSCRIPTEN_KEEPALIVE double relais_point_lon(Handle* h, uint32_t i) {
  return relais::Valid(h, i) ? h->snapshot->lon(i) : NAN;
}
// kind | active << 3 | services << 4 | carrier << 16: the attribute word.
EMSCRIPTEN_KEEPALIVE uint32_t relais_point_attributes(Handle* h, uint32_t i) {
  return relais::Valid(h, i) ? h->snapshot->attributes()[i] : 0;
}
EMSCRIPTEN_KEEPALIVE uint32_t relais_point_max_weight_g(Handle* h, uint32_t i) {
  return relais::Valid(h, i) ? h->snapshot->profile(i).max_weight_g : 0;
}
EMSCRIPTEN_KEEPALIVE uint32_t relais_point_max_dim_cm(Handle* h, uint32_t i, int d) {
  return relais::Valid(h, i) && d >= 0 && d < 3 ? h->snapshot->profile(i).max_dims_cm[d] : 0;
}

// The weekly schedule as u16: [kind, count x7, (open, close) x4 x7].
// The index of the point's weekly schedule among the snapshot's (deduplicated: many points share one), so
// that a page decodes each schedule once.
EMSCRIPTEN_KEEPALIVE uint32_t relais_point_schedule_index(Handle* h, uint32_t i) {
  return relais::Valid(h, i) ? h->snapshot->profile(i).schedule : 0;
}
EMSCRIPTEN_KEEPALIVE uint16_t* relais_point_schedule(Handle* h, uint32_t i) {
  std::memset(h->schedule, 0, sizeof(h->schedule));
  if (!relais::Valid(h, i)) return h->schedule;
  const relais::WeeklySchedule& s = h->snapshot->schedule(i);
  h->schedule[0] = static_cast<uint16_t>(s.kind);
  for (int d = 0; d < 7; ++d) {
    h->schedule[1 + d] = s.interval_count[d];
    for (int k = 0; k < s.interval_count[d]; ++k) {
      h->schedule[8 + (d * 4 + k) * 2] = s.intervals[d][k].open_min;
      h->schedule[8 + (d * 4 + k) * 2 + 1] = s.intervals[d][k].close_min;
    }
  }
  return h->schedule;
}

// Closure periods as i32 day-number pairs; the count of pairs through relais_text_length.
EMSCRIPTEN_KEEPALIVE int32_t* relais_point_closures(Handle* h, uint32_t i) {
  h->closures.clear();
  if (relais::Valid(h, i)) {
    for (const relais::ClosurePeriod& c : h->snapshot->closures(i)) {
      h->closures.push_back(c.first_day);
      h->closures.push_back(c.last_day);
    }
  }
  g_text_length = static_cast<uint32_t>(h->closures.size() / 2);
  return h->closures.data();
}

// The closure point i announces at an instant (seconds; closure_notice.h, the rule relais-edge answers with):
// i32 first day, last day, in force (1 or 0), or null when there is none.
EMSCRIPTEN_KEEPALIVE const int32_t* relais_point_closure_notice(Handle* h, uint32_t i, double t) {
  static int32_t notice[3];
  if (!relais::Valid(h, i)) return nullptr;
  const std::optional<relais::ClosureNotice> n =
      relais::ClosureNoticeAt(*h->snapshot, i, static_cast<int64_t>(std::floor(t)));
  if (!n) return nullptr;
  notice[0] = n->first_day;
  notice[1] = n->last_day;
  notice[2] = n->in_force;
  return notice;
}

// Whether point i passes the filter of relais_query(h): 1 or 0.
EMSCRIPTEN_KEEPALIVE int relais_point_matches(Handle* h, uint32_t i) {
  return relais::Valid(h, i) && h->search->Matches(i, relais::FilterOf(h->query));
}

// Point i as a split on day `today` sees it (split_point.h), for the split module (relais-split.mjs):
// doubles lat, lon, then u32 max_weight_g, max_dims_cm[3], open_days (low word, high word).
struct SplitPointRow {
  double lat, lon;
  uint32_t max_weight_g, max_dims_cm[3], open_days[2];
};
static SplitPointRow g_split_point;
EMSCRIPTEN_KEEPALIVE SplitPointRow* relais_split_point(Handle* h, uint32_t i, int32_t today) {
  if (!relais::Valid(h, i)) return nullptr;
  const relais::SplitPoint p = relais::SplitPointOf(*h->snapshot, i, today);
  g_split_point = {p.lat,
                   p.lon,
                   p.max_weight_g,
                   {p.max_dims_cm[0], p.max_dims_cm[1], p.max_dims_cm[2]},
                   {static_cast<uint32_t>(p.open_days), static_cast<uint32_t>(p.open_days >> 32)}};
  return &g_split_point;
}

// Opening status at an instant (seconds): 1 open, 0 closed, -1 unknown hours.
EMSCRIPTEN_KEEPALIVE int relais_point_open_at(Handle* h, uint32_t i, double t) {
  if (!relais::Valid(h, i) || !h->snapshot->hours(i).known()) return -1;
  return h->snapshot->hours(i).IsOpenAt(static_cast<int64_t>(std::floor(t)));
}
// The next opening / closing instant (seconds) at or after t, or NaN.
EMSCRIPTEN_KEEPALIVE double relais_point_next_opening(Handle* h, uint32_t i, double t) {
  if (!relais::Valid(h, i)) return NAN;
  const auto next = h->snapshot->hours(i).NextOpening(static_cast<int64_t>(std::floor(t)));
  return next ? static_cast<double>(*next) : NAN;
}
EMSCRIPTEN_KEEPALIVE double relais_point_next_closing(Handle* h, uint32_t i, double t) {
  if (!relais::Valid(h, i)) return NAN;
  const auto next = h->snapshot->hours(i).NextClosing(static_cast<int64_t>(std::floor(t)));
  return next ? static_cast<double>(*next) : NAN;
}
// The UTC offset (seconds east) of the point's zone at instant t: a page reads the point's wall clock from the
// snapshot's own zone rule, without building an Intl formatter (tens of ms each on a phone) or a tz database.
EMSCRIPTEN_KEEPALIVE int32_t relais_point_utc_offset(Handle* h, uint32_t i, double t) {
  return relais::Valid(h, i) ? h->snapshot->zone(i).OffsetAt(static_cast<int64_t>(std::floor(t))) : 0;
}

// Takes ownership of `bytes` (a place table from relais_alloc). A handle, or 0 with relais_last_error() set.
EMSCRIPTEN_KEEPALIVE relais::Places* relais_places_open(uint8_t* bytes, uint32_t size) {
  relais::PlaceTableOpen open = relais::PlaceTable::Open({bytes, size});
  if (!open.table) {
    relais::g_last_error = open.error;
    std::free(bytes);
    return nullptr;
  }
  auto* places = new relais::Places;
  places->bytes = bytes;
  places->table.emplace(*open.table);
  return places;
}

EMSCRIPTEN_KEEPALIVE void relais_places_close(relais::Places* p) {
  if (!p) return;
  std::free(p->bytes);
  delete p;
}

EMSCRIPTEN_KEEPALIVE uint32_t relais_places_size(relais::Places* p) { return p->table->size(); }

// PlaceTable::Search for the UTF-8 `text` (freed here): the count; the places at relais_places_found(p).
EMSCRIPTEN_KEEPALIVE uint32_t relais_places_search(relais::Places* p, uint8_t* text, uint32_t size, uint32_t limit) {
  p->found = p->table->Search({reinterpret_cast<const char*>(text), size}, limit);
  std::free(text);
  return static_cast<uint32_t>(p->found.size());
}
EMSCRIPTEN_KEEPALIVE uint32_t* relais_places_found(relais::Places* p) { return p->found.data(); }

// The centre of the postcode `text` (freed here) as two doubles at the returned address, or 0 if unknown.
EMSCRIPTEN_KEEPALIVE double* relais_places_centre(relais::Places* p, uint8_t* text, uint32_t size) {
  const auto centre = p->table->PostcodeCentre({reinterpret_cast<const char*>(text), size});
  std::free(text);
  if (!centre) return nullptr;
  p->centre[0] = centre->first;
  p->centre[1] = centre->second;
  return p->centre;
}

EMSCRIPTEN_KEEPALIVE const char* relais_place_postcode(relais::Places* p, uint32_t i) {
  return i < p->table->size() ? Text(p->table->postcode(i)) : Text("");
}
EMSCRIPTEN_KEEPALIVE const char* relais_place_town(relais::Places* p, uint32_t i) {
  return i < p->table->size() ? Text(p->table->town(i)) : Text("");
}
EMSCRIPTEN_KEEPALIVE double relais_place_lat(relais::Places* p, uint32_t i) {
  return i < p->table->size() ? p->table->lat(i) : NAN;
}
EMSCRIPTEN_KEEPALIVE double relais_place_lon(relais::Places* p, uint32_t i) {
  return i < p->table->size() ? p->table->lon(i) : NAN;
}

}  // extern "C"
