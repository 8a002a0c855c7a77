// JSON renderings of the quick count (SPEC.md section 7, `smsgw estimate --json`), fractions not percent.
#pragma once

#include "daemon/quickcount/estimates.hpp"

#include <boost/json/value.hpp>

#include <string>
#include <vector>

namespace smsgw {

// {"contests":[{"contest","district"?,"reported","sampled","options":[{"tag","name","share","margin95",
// "margin99"}],"turnout":{"share","margin95"},"invalid":{"share","margin95"},"lead":{"a","b","share",
// "margin95","margin99"}|null,"call","notes":[...]}]}. "district" only on district entries. A share
// that cannot be estimated (no data) is null together with its margins, never NaN.
boost::json::value to_json(const Estimates&);
std::string estimates_json(const Estimates&);  // serialized with json_text, one line

// Serializes like boost::json::serialize, except that doubles are written as plain decimals, the
// shortest text that reads back as the same double ("0.12734", never Boost's "1.2734E-1"), as
// SPEC.md section 7 shows them; a non-finite double becomes null.
std::string json_text(const boost::json::value&);

// [{"contest","district"?,"sampled","reported","missing","strata":[{"id","sampled","reported",
// "missing"}],"regions":[...]}]
boost::json::value to_json(const std::vector<ContestProgress>&);

}  // namespace smsgw
