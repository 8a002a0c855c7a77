// smsgw gen-codebook (placeholder until implemented).
#include "daemon/commands.hpp"

#include <cstdio>

namespace smsgw {

int cmd_gen_codebook(const Args&) {
    std::fprintf(stderr, "not implemented yet\n");
    return 1;
}

}  // namespace smsgw
