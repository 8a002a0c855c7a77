// The one-SMS summary HQ gets while exports cannot reach it: national estimates and reporting progress.
#pragma once

#include "daemon/quickcount/estimates.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace smsgw::notify {

// GSM-7 ASCII, at most 160 characters (one SMS on any phone), e.g.
// "smsgw 23:05, exports down 47m. PL 612/1000 rep: A 41.2+-1.3 B 30.1+-1.1 C 12.0+-0.9; turnout 61.5; run-off"
// National contests only, options by estimated share, as many as fit; anything not ASCII in the
// codebook's ids becomes '?'.
std::string hq_summary_text(const Estimates& estimates, std::string_view local_hhmm, std::chrono::minutes down_for);

}  // namespace smsgw::notify
