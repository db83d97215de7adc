// What a carrier adapter makes of one of the carrier's records: a relay point in the canonical model, or
// why it could not be mapped. The contract's own rules (docs/relay-record.md) are checked
// afterwards, in one place (ParseRelayRecord), whatever the carrier.
#ifndef RELAIS_DATA_SYNC_ADAPTED_POINT_H_
#define RELAIS_DATA_SYNC_ADAPTED_POINT_H_

#include <string>

#include "wasm/engine/relay_point.h"

namespace relais {

struct AdaptedPoint {
  std::string error;  // Why the record could not be mapped, when it could not.
  RelayPoint point;
};

}  // namespace relais

#endif  // RELAIS_DATA_SYNC_ADAPTED_POINT_H_
