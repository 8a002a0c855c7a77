// The simulation's true result per contest (and district): over the whole frame, and over the sample as counted.
#pragma once

#include "codebooks/codebook.hpp"
#include "daemon/simulate/scenario_generator.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace smsgw::sim {

struct OptionShare {
    std::string tag;
    std::string name;
    std::int64_t votes = 0;  // population only (the sample's shares are weighted)
    double share = 0;        // of the valid votes
};

struct Shares {
    std::vector<OptionShare> options;  // codebook (candidate) order
    double turnout = 0;                // cast / registered
    double invalid = 0;                // invalid / cast
    bool defined = false;              // false: no station (or no valid vote) behind it
};

// One estimation target as the quick count has them: a national contest, or one district of a
// district contest (the listed districts; all districts with candidates when none are listed).
struct TargetTruth {
    std::string contest;
    std::string name;
    std::string form;
    int district = 0;  // 0 for national contests
    std::string district_name;
    std::uint32_t stations = 0;  // frame
    std::int64_t registered = 0, cast = 0, invalid = 0;
    Shares population;  // the value a quick count estimates: every station of the frame
    std::uint32_t sampled = 0;
    std::uint32_t reported = 0;  // sampled stations whose final report counts
    // What the quick count reports once every planned message is in: the combined ratio
    // estimator over the counted sampled stations, w_h = N_h / r_h, a region's strata merged when
    // one of them has fewer than 2 reports, a region without reports left out (QUICKCOUNT.md).
    Shares sample;
};

std::vector<TargetTruth> summarize_truth(const Codebook& cb, const Scenario& scenario);

// {"election","seed","contests":[{"contest","name","form","district"?,"district_name"?,"stations",
//  "registered","cast","options":[{"tag","name","votes","share"}],"turnout":{"share"},
//  "invalid":{"share"},"lead":{"a","b","share"}|null,"outcome":"first-round win A"|"run-off",
//  "sample":{"sampled","reported","options":[{"tag","name","share"}],"turnout":{"share"},
//  "invalid":{"share"},"lead"}}]}. Fractions, never percent; null where nothing is defined.
boost::json::value truth_json(const Codebook& cb, const Scenario& scenario, const std::vector<TargetTruth>& targets);

}  // namespace smsgw::sim
