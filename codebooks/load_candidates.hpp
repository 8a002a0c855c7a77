// Reading candidates.csv: the options of district results forms (options = "candidates").
#pragma once

#include "codebooks/load_context.hpp"

#include <string_view>

namespace smsgw {

// Appends candidates to ctx.cb->candidates. `present` is false when the file does not exist,
// which is an error only if some form takes its options from candidates.
void load_candidates(LoadContext& ctx, std::string_view text, bool present);

}  // namespace smsgw
