// Reading stations.csv: the polling-station frame, checked against election.toml.
#pragma once

#include "codebooks/load_context.hpp"

#include <string_view>

namespace smsgw {

// Appends stations to ctx.cb->stations (unique, well-formed codes only) and fills ctx.station_index.
void load_stations(LoadContext& ctx, std::string_view text);

}  // namespace smsgw
