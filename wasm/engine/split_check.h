// A plan checker written apart from the solver: it re-derives every rule of split_plan.h from the input
// (quantities, stock, the sales zone and the extended site's priority, capabilities and destinations, the
// cold chain, relay and locker limits, opening days, totals) and reports each violation. Tests run it on
// every plan the solver makes.
#ifndef RELAIS_ENGINE_SPLIT_CHECK_H_
#define RELAIS_ENGINE_SPLIT_CHECK_H_

#include <string>
#include <vector>

#include "wasm/engine/split_plan.h"

namespace relais {

// Empty when `plan` obeys every rule for `input`; otherwise one message per violation.
std::vector<std::string> CheckSplitPlan(const SplitInput& input, const SplitPlan& plan);

}  // namespace relais

#endif  // RELAIS_ENGINE_SPLIT_CHECK_H_
