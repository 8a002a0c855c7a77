// Reading monitors.csv: who may report, for which stations, in which language.
#pragma once

#include "codebooks/load_context.hpp"

#include <string_view>

namespace smsgw {

// Appends monitors to ctx.cb->monitors; station references are checked only when stations.csv
// could be read.
void load_monitors(LoadContext& ctx, std::string_view text);

}  // namespace smsgw
