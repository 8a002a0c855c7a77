// The JSON of smsgw status --json: the status snapshot as one object (shape in cmd_status.cpp's usage).
#pragma once

#include "daemon/status/status_snapshot.hpp"

#include <boost/json/value.hpp>

namespace smsgw {

boost::json::value status_json(const StatusSnapshot& s);

}  // namespace smsgw
