// The monitors' copies of the protocols against the official rows, station by station.
#pragma once

#include "daemon/official/station_values.hpp"
#include "daemon/official/verify_result.hpp"

#include <span>
#include <vector>

namespace smsgw::official {

// Pure. For each observer report of a form that has official rows: `match` when every field agrees,
// `differs` with each differing field (a value on one side only counts too), or `official_missing`
// when the official table has no row for the station. Forms without any official row are left out
// (nothing imported yet is not a finding). shift = half the sum of |official − observer| over the
// form's options at the station (votes moved from one option to another count once). Ranked by
// shift, then by the total absolute difference over all fields, then differs before
// official_missing before match, then station code.
std::vector<StationDiff> station_diff(const Codebook& cb, std::span<const StationValues> observer,
                                      std::span<const StationValues> official);

}  // namespace smsgw::official
