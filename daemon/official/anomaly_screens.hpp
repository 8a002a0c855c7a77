// Screens that put stations on a call list (observer reports or official rows): reasons to check, never verdicts.
#pragma once

#include "daemon/official/screen_thresholds.hpp"
#include "daemon/official/station_values.hpp"
#include "daemon/official/verify_result.hpp"

#include <span>
#include <string_view>
#include <vector>

namespace smsgw::official {

// Pure. Each screen runs on the rows of one source ("observer" or "official") on their own:
// - turnout_over_100: cast > registered;
// - turnout_high: cast / registered above thresholds.turnout_high (and not over 100%);
// - invalid_outlier: the invalid rate's robust z within the station's stratum, |z| > robust_z;
// - share_outlier: each option's share of valid votes, the same way (candidates forms: within the
//   stratum and district, where the options are the same people);
// - round_turnout: turnout exactly a multiple of round_step percent (100·cast = k·step·registered),
//   at least round_min;
// - identical_results: the same options, invalid and cast at several stations (cast >= identical_min_cast).
// Robust z = 0.6745 (x − median) / MAD in groups of at least min_group stations; when the MAD is 0,
// (x − median) / (1.2533 · mean absolute deviation); no z when both are 0. Ordered by screen, then station.
std::vector<Anomaly> screen_anomalies(const Codebook& cb, std::span<const StationValues> rows, std::string_view source,
                                      const ScreenThresholds& thresholds);

}  // namespace smsgw::official
