// Turns the quick count's estimates and progress of one moment into a take: plain rows for the store.
#pragma once

#include "daemon/quickcount/estimates.hpp"
#include "daemon/store/take_records.hpp"

#include <string>
#include <vector>

namespace smsgw {

// Every target of `estimates` with its options, turnout, invalid rate and lead (when there is one),
// and its strata's completeness from the matching entry of `progress` (same contest and district).
store::Take make_take(const Estimates& estimates, const std::vector<ContestProgress>& progress,
                      store::TakeTrigger trigger, std::int64_t counted, SystemTime at,
                      std::string codebook_version);

}  // namespace smsgw
