// Reading [[forms]] from election.toml: fields, results roles, checks (compiled) and incident codes.
#pragma once

#include "codebooks/load_context.hpp"

#include <toml++/toml.h>

namespace smsgw {

// Appends the forms to ctx.cb->forms and links each results form to its contest (Contest::form),
// so contests must already be read.
void load_forms(LoadContext& ctx, const toml::node* forms);

}  // namespace smsgw
