// The thresholds table: option names and what each threshold means.
#include "daemon/official/screen_thresholds.hpp"

namespace smsgw::official {

namespace {

constexpr ThresholdRow rows[] = {
    {"turnout-high", &ScreenThresholds::turnout_high,
     "turnout_high screen: turnout above this fraction (0.90); turnout_over_100 is always on", 0, 1},
    {"robust-z", &ScreenThresholds::robust_z,
     "invalid_outlier / share_outlier screens: |robust z| (0.6745 (x - median) / MAD within the stratum) above this (4.5; 3.5 is the textbook cut, which lists about 3% of stations of a simulated clean election)", 0.5, 100},
    {"min-group", &ScreenThresholds::min_group, "robust z only in strata with at least this many stations (8)", 3, 1e6},
    {"round-step", &ScreenThresholds::round_step,
     "round_turnout screen: turnout exactly a multiple of this many percent (5); 0 turns it off", 0, 100},
    {"round-min", &ScreenThresholds::round_min,
     "round_turnout screen: only turnouts at least this high (0.70): by chance 1 station in 100 lands exactly on 50% or 55%", 0, 1},
    {"identical-min-cast", &ScreenThresholds::identical_min_cast,
     "identical_results screen: only stations with at least this many ballots cast (50)", 0, 1e7},
};

}  // namespace

std::span<const ThresholdRow> threshold_rows() { return rows; }

}  // namespace smsgw::official
