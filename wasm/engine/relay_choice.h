// Re-checking a shopper's relay or locker choice. The server runs it against its own snapshot (the
// browser's answer is never trusted), and when the point no longer fits -- gone, closed on the arrival
// date, too small for the parcel -- it offers the nearest points that do, so the checkout can propose a
// way round instead of a dead end. Engine code, so that the widget can run the very same check before it
// sends the order.
#ifndef RELAIS_ENGINE_RELAY_CHOICE_H_
#define RELAIS_ENGINE_RELAY_CHOICE_H_

#include <optional>
#include <string_view>
#include <vector>

#include "wasm/engine/point_search.h"

namespace relais {

// Why a chosen point cannot take the parcel, in the order they are checked.
enum class RelayProblem {
  kNone,
  kUnknownPoint,     // No such (carrier, id) in the snapshot.
  kNotAllowed,       // The merchant does not ship with this carrier, or not to this kind of point.
  kInactive,         // Closed for good (kept in the snapshot to explain older orders).
  kTooHeavy,         // Over the point's weight limit.
  kTooBig,           // Over its size limit, whichever way the parcel is turned.
  kClosedOnArrival,  // Not open on the arrival date (holidays, weekly closing day) or during the window.
};

// "unknown_point", "not_allowed", "inactive", "too_heavy", "too_big", "closed_on_arrival", or "" for kNone.
std::string_view RelayProblemCode(RelayProblem problem);

struct RelayChoice {
  std::string_view carrier;
  std::string_view id;
  // What the parcel needs: kinds and carriers the merchant allows, weight and size, and the arrival date
  // (open_on) or pickup window (open_from/open_until). active_only is implied.
  PointFilter parcel;
  uint32_t alternatives = 5;                 // How many nearest fitting points to offer when the choice fails.
  double max_alternative_m = 20'000;         // Not farther than this from the chosen point.
  std::optional<double> near_lat, near_lon;  // Where to look when the point itself is unknown.
};

struct RelayVerdict {
  RelayProblem problem = RelayProblem::kNone;
  std::optional<uint32_t> point;         // The chosen point, when it exists.
  std::vector<NearestHit> alternatives;  // Only when problem != kNone; nearest first.
};

RelayVerdict CheckRelayChoice(const Snapshot& snapshot, PointSearch* search, const RelayChoice& choice);

}  // namespace relais

#endif  // RELAIS_ENGINE_RELAY_CHOICE_H_
