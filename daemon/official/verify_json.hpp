// The JSON of `smsgw verify --json` (shape in issue 14; scripts depend on it), built from a VerifyResult.
#pragma once

#include "daemon/official/verify_result.hpp"

#include <boost/json/value.hpp>

#include <string>

namespace smsgw::official {

// {"contests":[{"contest","district"?,"name","official_coverage","measures":[{"measure","tag","name",
//   "official","estimate","low95","high95","low99","high99","verdict"}],"regions":[{"region","name",
//   "measures":[...]}],"official_call","pvt_call","calls_agree"}],
//  "stations":[{"station","name","region","form","status","differences":[{"tag","observer","official"}],
//   "shift","report_id"}],
//  "anomalies":[{"station","source","screen","detail","values":{name:number}}]}
// Fractions, never percent; estimate and the bounds are null with verdict "no_estimate" when the
// quick count has no data (no_estimate with numbers: a region of the frame has no report yet); tag is "" for turnout and invalid; a value on one side only of a
// difference is null on the other. `district` only on district contests' entries.
boost::json::value to_json(const VerifyResult& result);
std::string verify_json(const VerifyResult& result);  // one line

}  // namespace smsgw::official
