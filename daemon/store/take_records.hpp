// A take: the quick-count estimate as it stood at one moment, kept so HQ can see how it converged.
#pragma once

#include "daemon/store/records.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsgw::store {

// What made the daemon take it: enough newly counted reports, the interval since the last take
// with something new in it, or the daemon stopping with reports counted since the last take.
enum class TakeTrigger : std::uint8_t { reports, interval, final };
std::string_view to_string(TakeTrigger);  // "reports" | "interval" | "final"

enum class TakeMeasureKind : std::uint8_t { option, turnout, invalid, lead };
std::string_view to_string(TakeMeasureKind);  // "option" | "turnout" | "invalid" | "lead"

// One ratio of one target (fractions, as the estimator gives them).
struct TakeMeasure {
    TakeMeasureKind kind = TakeMeasureKind::option;
    std::string tag{};     // option: its tag; lead: the option ahead; "" for turnout and invalid
    std::string versus{};  // lead: the option behind; "" otherwise
    std::optional<double> share{};  // empty: no data for it at this take
    double margin95 = 0, margin99 = 0;
};

// Sampled stations of one stratum of the target and how many of them counted at the take.
struct TakeStratum {
    std::string stratum{};
    std::uint32_t sampled = 0, reported = 0;
};

// One estimate target: a national contest (district 0) or one district of a district contest.
struct TakeTarget {
    std::string contest{};
    int district = 0;
    std::uint32_t sampled = 0, reported = 0;
    std::string call{};  // as the estimate says it: "first-round win A", "run-off", "undetermined", "no data"
    bool complete_coverage = false;
    std::vector<TakeMeasure> measures{};  // options in codebook order, then turnout, invalid, lead
    std::vector<TakeStratum> strata{};    // codebook order
};

struct Take {
    std::int64_t number = 0;  // 1, 2, ... assigned by the store
    SystemTime at{};
    TakeTrigger trigger = TakeTrigger::reports;
    std::int64_t counted = 0;  // results counted (new, corrected or withdrawn) since the previous take
    std::string codebook_version{};
    std::vector<TakeTarget> targets{};
};

// When the last take was taken and its number: where a restarted daemon's schedule goes on from.
struct LastTake {
    std::int64_t number = 0;
    SystemTime at{};
};

}  // namespace smsgw::store
