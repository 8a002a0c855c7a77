// The human-readable table of the quick count (`smsgw estimate` without --json, console, status).
#pragma once

#include "daemon/quickcount/estimates.hpp"

#include <string>

namespace smsgw {

// Per contest: a header with reporting progress, one line per option (share %, ±95% margin, 95%
// interval, ±99% margin), turnout, invalid ballots, the lead, the call and the notes. UTF-8 names
// are padded by code points so Cyrillic columns line up.
std::string render_table(const Estimates&);

}  // namespace smsgw
