// Publishing a snapshot so that readers only ever see a whole file: each file is written to a temporary
// name in the same folder, fsynced, renamed over the old one, and the folder fsynced (io/atomic_file.h). A run writes,
// in order, the versioned snapshot, the current `points.relais`, its tile pack `points.tiles` (what the widget
// reads by ranges: data-sync/tile_pack.h), then `manifest.json` (the source of truth: version,
// sha256, counts, the sources' hashes). A failure at any step leaves the previous files as they were; a crash can at
// worst leave `points.relais` one version ahead of the manifest, each file whole.
#ifndef RELAIS_DATA_SYNC_PUBLISHER_H_
#define RELAIS_DATA_SYNC_PUBLISHER_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>

namespace relais {

class PlaceTable;

// The current manifest of an output folder: an empty object when there is none yet; an empty object and
// `error` set when it is unreadable or lacks a field a run relies on.
nlohmann::json ReadManifest(const std::string& output_dir, std::string* error);

// Publishes `snapshot` as version manifest["version"] into `output_dir` and keeps the newest
// `keep_versions` versioned files. `delta` (may be empty) turns the previous version into this one: it is
// published first, as snapshots/points-<version>.delta, so that a manifest never names a missing file.
// `manifest` is completed with the files' names, sizes and sha256 (under "delta" for the delta, next to what
// the caller put there). Returns "" or the error (the previous
// publication is then untouched).
// `places` (may be null) gives the tile pack its postcodes' centres (data-sync/tile_pack.h).
std::string PublishSnapshot(const std::string& output_dir, std::span<const uint8_t> snapshot,
                            std::span<const uint8_t> delta, int keep_versions, nlohmann::json* manifest,
                            const PlaceTable* places = nullptr);

}  // namespace relais

#endif  // RELAIS_DATA_SYNC_PUBLISHER_H_
