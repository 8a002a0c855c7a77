// The human-readable output of `smsgw verify`: verdicts, the station diff and the call list.
#pragma once

#include "daemon/official/verify_result.hpp"

#include <cstddef>
#include <string>

namespace smsgw::official {

// Per contest: coverage, one line per measure (official %, estimate, 95% and 99% intervals,
// verdict), a line per region with any measure not inside95, and the two calls. Then the stations
// that differ (at most `max_stations`, largest shift first) and the call list (at most
// `max_anomalies`), each with how many were left out.
std::string render_verify_text(const VerifyResult& result, std::size_t max_stations = 50, std::size_t max_anomalies = 50);

}  // namespace smsgw::official
