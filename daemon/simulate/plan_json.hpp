// One planned message as a JSON object, for the --plan file that tests and the demo read back.
#pragma once

#include "daemon/simulate/scenario.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <string>

namespace smsgw::sim {

// "07:05:30" for seconds since midnight (hours run past 23 for times after midnight).
std::string clock_text(std::int32_t seconds);

// {"seq","time","phase","class","expect","sender","form","station","text","values":{tag:value},
//  "incidents":[...],"ucs2","force_ucs2","parts","concat_ref"}; "expect" is the error code the
// gateway must report (null when none), "values" what an accepted report carries.
boost::json::object plan_json(const PlannedMessage& m);

}  // namespace smsgw::sim
