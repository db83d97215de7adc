#include "wasm/engine/relay_choice.h"

namespace relais {

std::string_view RelayProblemCode(RelayProblem problem) {
  switch (problem) {
    case RelayProblem::kNone:
      return "";
    case RelayProblem::kUnknownPoint:
      return "unknown_point";
    case RelayProblem::kNotAllowed:
      return "not_allowed";
    case RelayProblem::kInactive:
      return "inactive";
    case RelayProblem::kTooHeavy:
      return "too_heavy";
    case RelayProblem::kTooBig:
      return "too_big";
    case RelayProblem::kClosedOnArrival:
      return "closed_on_arrival";
  }
  return "";
}

namespace {

// The first constraint of `parcel` that `point` fails, each tested alone so the answer names it.
RelayProblem FirstProblem(PointSearch* search, uint32_t point, const PointFilter& parcel) {
  PointFilter only;  // Accepts everything, inactive points included.
  only.active_only = false;
  PointFilter f = only;
  f.kinds = parcel.kinds;
  f.carriers = parcel.carriers;
  if (!search->Matches(point, f)) return RelayProblem::kNotAllowed;
  f = only;
  f.active_only = true;
  if (!search->Matches(point, f)) return RelayProblem::kInactive;
  f = only;
  f.weight_g = parcel.weight_g;
  if (!search->Matches(point, f)) return RelayProblem::kTooHeavy;
  f = only;
  f.dims_cm = parcel.dims_cm;
  if (!search->Matches(point, f)) return RelayProblem::kTooBig;
  f = only;
  f.open_at = parcel.open_at;
  f.open_on = parcel.open_on;
  f.open_from = parcel.open_from;
  f.open_until = parcel.open_until;
  f.unknown_hours_pass = true;
  if (!search->Matches(point, f)) return RelayProblem::kClosedOnArrival;
  return RelayProblem::kNone;
}

}  // namespace

RelayVerdict CheckRelayChoice(const Snapshot& snapshot, PointSearch* search, const RelayChoice& choice) {
  RelayVerdict verdict;
  verdict.point = snapshot.Find(choice.carrier, choice.id);
  std::optional<double> lat = choice.near_lat, lon = choice.near_lon;
  if (!verdict.point) {
    verdict.problem = RelayProblem::kUnknownPoint;
  } else {
    verdict.problem = FirstProblem(search, *verdict.point, choice.parcel);
    lat = snapshot.lat(*verdict.point);
    lon = snapshot.lon(*verdict.point);
  }
  if (verdict.problem == RelayProblem::kNone || !lat || !lon || choice.alternatives == 0) return verdict;
  NearestQuery query;
  query.lat = *lat;
  query.lon = *lon;
  query.k = choice.alternatives;
  query.max_distance_m = choice.max_alternative_m;
  query.filter = choice.parcel;
  query.filter.active_only = true;
  query.filter.unknown_hours_pass = true;  // The same acceptance as the check above.
  search->Nearest(query, &verdict.alternatives);
  return verdict;
}

}  // namespace relais
