// The point of stability of one estimate: the take since which every option stayed inside today's 95% interval.
#pragma once

#include "daemon/store/take_records.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace smsgw {

struct Stability {
    std::int64_t since_take = 0;  // the first take of the stable run
    double reported = 0;          // the fraction of the sample counted at that take
    std::size_t takes = 0;        // takes in the run, the latest included (at least 2)
};

// For the target (contest, district; 0 for national): walking back from the latest take with
// data, the longest run of takes in which every option's estimate lies inside the latest take's
// 95% interval for that option. A run of the latest take alone says nothing: empty then, and
// empty without data. What HQ reads as "the estimate has not moved since 40% of the sample".
std::optional<Stability> stable_since(const std::vector<store::Take>& takes, std::string_view contest, int district);

// The target's entry in a take, or null.
const store::TakeTarget* target_of(const store::Take& take, std::string_view contest, int district);

}  // namespace smsgw
