// The fixed part of the example codebook's election.toml: forms, checks and reply templates.
#pragma once

#include <string>

namespace smsgw {

// The [[forms]] and [replies.*] tables of the reference election, as TOML text.
std::string example_forms_toml();

}  // namespace smsgw
