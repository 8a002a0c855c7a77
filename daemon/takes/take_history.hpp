// `smsgw estimate --history`: the takes as a table per contest for people, or as JSON for scripts.
#pragma once

#include "daemon/quickcount/estimates.hpp"
#include "daemon/store/take_records.hpp"

#include <boost/json/value.hpp>

#include <string>
#include <vector>

namespace smsgw {

// {"takes":[{"take","taken_utc","trigger","counted","codebook_version","contests":[{"contest",
// "district"?,"reported","sampled","options":[{"tag","name","share","margin95","margin99"}],
// "turnout":{"share","margin95","margin99"},"invalid":{...},"lead":{"a","b","share","margin95",
// "margin99"}|null,"call","complete_coverage","strata":[{"id","sampled","reported"}]}]}],
// "stability":[{"contest","district"?,"since_take","since_reported","takes"} or the same with
// nulls when not stable yet]}. Fractions; a share without data is null with its margins. Names
// come from `current` (the estimate now), "" for an option it no longer has.
boost::json::value history_to_json(const std::vector<store::Take>& takes, const Estimates& current);

// Per target of `current`: one line per take with data (number, UTC time, trigger, results since
// the take before, reported of sampled, each option's share ±95% margin in points, turnout, the
// call), then the point of stability. "No takes yet" when there are none.
std::string render_history(const std::vector<store::Take>& takes, const Estimates& current);

}  // namespace smsgw
