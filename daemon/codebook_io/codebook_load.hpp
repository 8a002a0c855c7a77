// Loading a codebook directory for the daemon and the commands: every problem as FILE:LINE, or the codebook in use.
#pragma once

#include "codebooks/codebook_loader.hpp"
#include "daemon/codebook_io/codebook_in_use.hpp"

#include <string>
#include <vector>

namespace smsgw {

// Reads and checks a codebook directory; on errors returns every FILE:LINE problem and leaves
// `out` alone. The files' contents go to *sources when given.
std::vector<std::string> read_codebook_checked(const std::string& dir, CodebookInUse& out,
                                               CodebookSources* sources = nullptr);

// Loads a codebook directory; throws std::runtime_error listing every FILE:LINE problem. The files'
// contents go to *sources when given (the daemon saves them in the database).
CodebookInUse load_codebook_or_throw(const std::string& dir, CodebookSources* sources = nullptr);

}  // namespace smsgw
