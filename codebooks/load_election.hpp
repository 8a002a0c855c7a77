// Reading election.toml: the election, phone rules, regions, districts, strata, contests, forms, replies.
#pragma once

#include "codebooks/load_context.hpp"

#include <string_view>

namespace smsgw {

// Fills ctx.cb and ctx's lookups from election.toml; every problem becomes a diagnostic.
void load_election(LoadContext& ctx, std::string_view text);

}  // namespace smsgw
