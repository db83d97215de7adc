// A relay point or locker as the split sees it -- position, parcel limits, the days it takes parcels in --
// read from a snapshot. The server's split, the native CLI and the browser (which resolves the shopper's
// choice in the snapshot module and hands it to the split module) all describe a point with this code.
#ifndef RELAIS_ENGINE_SPLIT_POINT_H_
#define RELAIS_ENGINE_SPLIT_POINT_H_

#include <cstdint>

#include "wasm/engine/snapshot.h"
#include "wasm/engine/split_plan.h"

namespace relais {

// The days (from `today`, kSplitHorizonDays of them) point `i` of `snapshot` takes parcels in: active, and
// open at some time of the day (no published hours: any day without a declared closure).
DayMask PointOpenDays(const Snapshot& snapshot, uint32_t i, DayNumber today);

// Point `i` of `snapshot` for a split planned on `today`.
SplitPoint SplitPointOf(const Snapshot& snapshot, uint32_t i, DayNumber today);

}  // namespace relais

#endif  // RELAIS_ENGINE_SPLIT_POINT_H_
