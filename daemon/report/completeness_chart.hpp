// Reporting completeness as bars: per region (or district), sampled stations counted of those in the sample.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace smsgw::report {

struct CompletenessRow {
    std::string label;  // the region's (district's) name; any script, escaped here
    std::uint32_t reported = 0, sampled = 0;
};

// An inline <svg>: one bar per row from 0 to 100%, coloured by how far along it is (under 50%
// red, under 80% amber, else green) with "reported of sampled (percent)" beside it. Regions
// with nothing sampled show "not sampled".
std::string completeness_chart(const std::vector<CompletenessRow>& rows);

}  // namespace smsgw::report
