// What counts: the one rule deciding whether a stored report's values go into the quick count.
#pragma once

#include "codebooks/codebook.hpp"
#include "daemon/quickcount/quick_count.hpp"
#include "daemon/store/records.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace smsgw {

// The operators' standing decisions that take values out of the count (issue 15), as the store
// holds them now: stations withheld from the count by `smsgw review ... quarantine` until
// released, and report versions an operator rejected after a call.
struct CountDecisions {
    std::set<std::string, std::less<>> withheld_stations;
    std::set<std::int64_t> rejected_reports;
};

// Why a report does or does not count, in the order the rule asks.
enum class CountFate : std::uint8_t {
    counts,               // its values go into the count
    not_results,          // a checklist or incident form, or no form the codebook knows
    not_current,          // superseded by a later version
    conflict,             // withheld until the conflict is resolved
    rejected,             // the validator rejected it
    operator_rejected,    // an operator rejected it (smsgw review ... reject)
    station_withheld,     // its station is withheld from the count by an operator
    unusable,             // a station this codebook does not know, or an unreadable values column
};
std::string_view to_string(CountFate);

struct Judged {
    CountFate fate = CountFate::not_results;
    const Form* form = nullptr;
    const Station* station = nullptr;
    std::vector<TagValue> values;  // read only when it counts
};

// The rule, for one stored report version. The daemon's count, `estimate`, `status`, exports and
// `verify` all ask this function and nothing else, so they cannot disagree.
Judged judge_report(const Codebook& codebook, const store::StoredReport& report, const CountDecisions& decisions);

// What became of the current reports of results forms when they were counted.
struct CountTally {
    std::size_t counted = 0;        // sampled stations' results, now in the estimates
    std::size_t not_estimated = 0;  // not sampled, or a district without a quick count: stored only
    std::size_t conflicts = 0;      // withheld until the conflict is resolved
    std::size_t rejected = 0;       // never counted (by the validator or by an operator)
    std::size_t withheld = 0;       // their station is withheld from the count by an operator
    std::size_t unusable = 0;       // a station this codebook does not know, unreadable or incomplete values
};

// Counts each report that judge_report says counts (the aggregator's sums are exact, so the order
// does not matter). `quick_count` should be fresh (or clear()ed).
CountTally count_current_reports(QuickCount& quick_count, const std::vector<store::StoredReport>& current,
                                 const CountDecisions& decisions = {});

}  // namespace smsgw
