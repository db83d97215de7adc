// What a carrier adapter makes of one of the carrier's records: a relay point in the canonical model, or
// why it could not be mapped. The contract's own rules (docs/relay-record.md) are checked
// afterwards, in one place (ParseRelayRecord), whatever the carrier.
#ifndef RELAIS_DATA_SYNC_ADAPTED_POINT_H_
#define RELAIS_DATA_SYNC_ADAPTED_POINT_H_

#include <string>
#include <vector>

#include "wasm/engine/relay_point.h"

namespace relais {

struct AdaptedPoint {
  std::string error;  // Why the record could not be mapped, when it could not.
  RelayPoint point;
  // The normalisation rules that changed what the carrier published (carrier_week.h, and each adapter's
  // own), counted per source in the sync report: a jump says the carrier changed its format.
  std::vector<std::string> rules;
  // Hours that hold only within a window of the year, as month * 100 + day, both days included (Colissimo's
  // post offices: 26/08-30/11); 0 and 0 for hours of the whole year. The record has no dated hours: the file's
  // reader (ReadRecordFile) keeps them when the sync's date lies in the window and makes them unknown
  // otherwise, so that a shopper is never told last season's hours.
  int season_first = 0;
  int season_last = 0;
  // Set when the carrier lists something that is no relay point yet (InPost's lockers being installed, at
  // 0/0): neither a point nor a bad record, only counted under this rule's name.
  std::string skip_rule;
};

}  // namespace relais

#endif  // RELAIS_DATA_SYNC_ADAPTED_POINT_H_
