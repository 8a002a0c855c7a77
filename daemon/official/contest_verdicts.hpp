// Official shares per contest (and region) against the quick count's intervals, and the two calls.
#pragma once

#include "daemon/official/station_values.hpp"
#include "daemon/official/verify_result.hpp"
#include "daemon/quickcount/quick_count.hpp"

#include <span>
#include <vector>

namespace smsgw::official {

// Pure. For every estimate target of `quick_count` (national contests, each district of a district
// contest) that has official rows: the official share of each option (votes / valid), turnout
// (cast / registered of the stations with a row) and invalid rate (invalid / cast), summed over ALL
// official rows of the target's scope (sampled or not), each judged against the estimate:
// inside95 when low95 <= official <= high95, else inside99 when inside the 99% interval, else
// outside; no_estimate without one, or when part of the frame has no report at all (the numbers
// of the estimate are still given). National contests also per region, against
// QuickCount::estimate_region. The official call follows SPEC section 6 with no margin: leader over
// 50% "first-round win TAG", under "run-off", exactly 50% "undetermined". Targets without official
// rows are left out.
std::vector<ContestVerdict> contest_verdicts(const QuickCount& quick_count, const Estimates& estimates,
                                             std::span<const StationValues> official);

// The verdict of one official share against one estimate (exposed for tests).
MeasureVerdict judge(Measure measure, std::string tag, std::string name, double official, const RatioEstimate& e);

}  // namespace smsgw::official
