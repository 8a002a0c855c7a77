// Fills a quick count from stored current reports: what the export's estimates and call-back list use.
#pragma once

#include "daemon/quickcount/quick_count.hpp"
#include "daemon/store/records.hpp"

#include <vector>

namespace smsgw::exports {

// Counts each current, non-conflicting, not rejected report of a results form for a known
// station, with its stored values (QuickCount ignores stations outside the sample). Returns how
// many reports were counted. The same rule as the pipeline's start-up rebuild.
std::size_t count_reports(QuickCount& quick_count, const std::vector<store::StoredReport>& current);

}  // namespace smsgw::exports
