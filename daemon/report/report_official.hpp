// The official side of report.html: verdict tables, the station diff and the anomaly call list, from VerifyResult.
#pragma once

#include "daemon/official/verify_result.hpp"
#include "daemon/report/chart_axis.hpp"

#include <map>
#include <string>
#include <string_view>

namespace smsgw::report {

// What the page says where official results would be, while none are imported.
inline constexpr std::string_view no_official = "no official results imported";

Mark mark_of(official::Verdict v);

// The verdicts for one target (contest, district 0 for national), or null.
const official::ContestVerdict* find_verdict(const official::VerifyResult* verify, std::string_view contest,
                                             int district);
// One measure of it (tag "" for turnout and invalid), or null.
const official::MeasureVerdict* find_measure(const official::ContestVerdict* verdict, official::Measure measure,
                                             std::string_view tag);

// The official shares against the PVT's intervals for every measure, then the two calls.
std::string verdict_table(const official::ContestVerdict& verdict);
// Per region of a national contest: each measure's official share, coloured by its verdict.
std::string region_verdict_table(const official::ContestVerdict& verdict,
                                 const std::map<std::string, std::string>& region_names);
// The station diff (stations whose protocol differs from the monitor's copy, or is missing),
// ranked by vote shift, and the anomaly call list; each says no_official when verify is null.
std::string station_diff_section(const official::VerifyResult* verify,
                                 const std::map<std::string, std::string>& region_names);
std::string anomalies_section(const official::VerifyResult* verify);

}  // namespace smsgw::report
