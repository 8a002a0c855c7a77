// One audit row as the console's line: who did what to which report or station.
#pragma once

#include "daemon/store/audit_records.hpp"

#include <string>

namespace smsgw::review {

// e.g. "alice withheld station 01234 from the count (monitor unreachable) [#12]".
std::string decision_text(const store::StoredAudit& row);

}  // namespace smsgw::review
