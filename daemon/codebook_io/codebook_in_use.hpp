// The codebook in force and its version (a content hash): the one value the daemon swaps on reload.
#pragma once

#include "codebooks/codebook.hpp"

#include <string>

namespace smsgw {

struct CodebookInUse {
    CodebookPtr codebook;
    std::string version;  // codebook_version(): "<election id>@<16 hex digits>"
};

}  // namespace smsgw
