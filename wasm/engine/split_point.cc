#include "wasm/engine/split_point.h"

#include <string>

namespace relais {

DayMask PointOpenDays(const Snapshot& snapshot, uint32_t i, DayNumber today) {
  if (!snapshot.active(i)) return 0;
  const OpeningHours hours = snapshot.hours(i);
  DayMask mask = 0;
  for (int d = 0; d < kSplitHorizonDays; ++d) {
    const bool open = hours.known() ? hours.IsOpenOnLocalDate(today + d) : !hours.IsClosedOn(today + d);
    if (open) mask |= DayMask{1} << d;
  }
  return mask;
}

SplitPoint SplitPointOf(const Snapshot& snapshot, uint32_t i, DayNumber today) {
  SplitPoint point;
  point.carrier = std::string(snapshot.carrier(i));
  point.id = std::string(snapshot.text(i, TextField::kId));
  point.lat = snapshot.lat(i);
  point.lon = snapshot.lon(i);
  point.max_weight_g = snapshot.profile(i).max_weight_g;
  for (int d = 0; d < 3; ++d) point.max_dims_cm[d] = snapshot.profile(i).max_dims_cm[d];
  point.open_days = PointOpenDays(snapshot, i, today);
  return point;
}

}  // namespace relais
