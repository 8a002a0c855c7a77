// The quick count's results as plain values: estimates per contest (or district) and reporting progress.
#pragma once

#include "daemon/quickcount/ratio_estimator.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace smsgw {

struct OptionEstimate {
    std::string tag;
    std::string name;
    RatioEstimate estimate;
};

// The lead of option a (first by current estimate) over option b (second): y = a − b, x = valid.
struct LeadEstimate {
    std::string a;
    std::string b;
    RatioEstimate estimate;
};

enum class Call : std::uint8_t { no_data, undetermined, first_round_win, run_off };
std::string_view to_string(Call);

// One estimate: a national contest, or one district of a district contest.
struct ContestEstimate {
    std::string contest;        // contest id
    std::string name;           // contest name
    int district = 0;           // 0 for national contests
    std::string district_name;
    std::uint32_t sampled = 0;  // sampled stations in this contest (district)
    std::uint32_t reported = 0; // of them, currently counted
    std::vector<OptionEstimate> options;  // codebook order
    RatioEstimate turnout;
    RatioEstimate invalid;
    bool has_lead = false;      // at least two options and data
    LeadEstimate lead;
    Call call = Call::no_data;
    std::string leader;         // tag of the option the call is about (empty without data)
    bool complete_coverage = false;  // every stratum of the frame is represented by a report
    std::vector<std::string> notes;  // merged strata, strata without reports, ... (human-readable)

    // "first-round win A" / "run-off" / "undetermined" / "no data".
    std::string call_text() const;
};

struct Estimates {
    std::vector<ContestEstimate> contests;
};

struct ProgressRow {
    std::string id;  // stratum or region id ("" for a contest's total)
    std::uint32_t sampled = 0;
    std::uint32_t reported = 0;
    std::uint32_t missing() const { return sampled - reported; }
};

// Reporting progress of one contest (or district): in total, per stratum and per region.
struct ContestProgress {
    std::string contest;
    int district = 0;
    ProgressRow total;
    std::vector<ProgressRow> strata;   // codebook order; strata with stations in this contest
    std::vector<ProgressRow> regions;  // codebook order; regions with stations in this contest
};

}  // namespace smsgw
