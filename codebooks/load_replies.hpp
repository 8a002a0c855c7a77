// Reading [replies.LANG] from election.toml: reply templates per language, placeholders checked.
#pragma once

#include "codebooks/load_context.hpp"

#include <toml++/toml.h>

namespace smsgw {

// Fills ctx.cb->replies; needs election.languages read first. `replies` may be null (reported).
void load_replies(LoadContext& ctx, const toml::table* replies);

}  // namespace smsgw
