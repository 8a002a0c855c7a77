// What `smsgw verify` finds, as plain values: verdicts per contest and region, the station diff, anomalies.
#pragma once

// The JSON of `smsgw verify --json` (issue 14) is written from these values and nothing else, and
// report.html and the export files read them too: the facts travel as data, never as text to re-parse.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsgw::official {

enum class Measure : std::uint8_t { option, turnout, invalid };
std::string_view to_string(Measure);  // "option" | "turnout" | "invalid"

enum class Verdict : std::uint8_t { inside95, inside99, outside, no_estimate };
std::string_view to_string(Verdict);  // "inside95" | "inside99" | "outside" | "no_estimate"

// One official share against the PVT's estimate of the same thing (fractions, 0.4954).
struct MeasureVerdict {
    Measure measure = Measure::option;
    std::string tag;    // option tag; "" for turnout and invalid
    std::string name;   // option name, for people; "" for turnout and invalid
    double official = 0;
    std::optional<double> estimate;  // empty when the PVT has no data for it
    double low95 = 0, high95 = 0, low99 = 0, high99 = 0;
    Verdict verdict = Verdict::no_estimate;
};

struct RegionVerdicts {
    std::string region;       // region id
    std::string region_name;
    std::vector<MeasureVerdict> measures;
};

struct ContestVerdict {
    std::string contest;       // contest id
    std::string contest_name;
    int district = 0;          // 0: national; else the district of a district contest
    double official_coverage = 0;  // stations of the contest's scope with an official row / all of them
    std::vector<MeasureVerdict> measures;
    std::vector<RegionVerdicts> regions;  // national contests only
    std::string official_call;  // same words as the estimate's call: "first-round win A", "run-off", ...
    std::string pvt_call;
    bool calls_agree = false;
};

enum class StationStatus : std::uint8_t { match, differs, official_missing };
std::string_view to_string(StationStatus);  // "match" | "differs" | "official_missing"

struct FieldDifference {
    std::string tag;
    std::optional<std::int64_t> observer;  // empty: not in the observer's report
    std::optional<std::int64_t> official;  // empty: not in the official row
};

struct StationDiff {
    std::string station;  // code
    std::string station_name;
    std::string region;
    std::string form;
    StationStatus status = StationStatus::match;
    std::vector<FieldDifference> differences;
    // Size of the vote shift between options, in votes (what a lawyer files first): half the sum of
    // |official − observer| over the option tags. Rows are ranked by it, largest first.
    std::int64_t shift = 0;
    std::int64_t observer_report_id = 0;  // the counted report compared
};

// A reason to phone someone: a screen and its numbers, never a verdict ("check", not "fraud").
struct Anomaly {
    std::string station;
    std::string source;  // "observer" | "official"
    std::string screen;  // e.g. "turnout_over_100", "turnout_high", "invalid_outlier", ...
    std::string detail;  // for people only (output); the numbers are in `values`
    std::vector<std::pair<std::string, double>> values;  // named numbers the screen used
};

struct VerifyResult {
    std::vector<ContestVerdict> contests;
    std::vector<StationDiff> stations;  // ranked by shift, then station code
    std::vector<Anomaly> anomalies;
};

}  // namespace smsgw::official
