// SIGHUP's first half: the config file and the codebook it names read again and checked, nothing applied yet.
#pragma once

#include "daemon/config/config.hpp"
#include "daemon/config/config_diff.hpp"
#include "daemon/pipeline/pipeline.hpp"

#include "codebooks/codebook_loader.hpp"

#include <string>
#include <vector>

namespace smsgw {

// Either a config and codebook that are both valid, ready to swap in, or every problem found in
// either of them (each "FILE:LINE: message"); never half of one.
struct ConfigReload {
    Config config;
    CodebookInUse codebook;
    CodebookSources sources;
    ConfigChanges changes;
    std::vector<std::string> problems;
    std::vector<std::string> notes;  // what the reload keeps as it was, and why

    bool ok() const { return problems.empty(); }

    // Reads `running.path` again and the codebook it names. `database` cannot change under a
    // running process: a new value is reported in notes and replaced by the running one, and the
    // rest of the reload goes ahead. Refusing the whole reload instead would block the urgent
    // case (a corrected codebook, a reply policy turned off mid-night) for a line that only a
    // restart can act on anyway; the note tells the operator that the restart is still due.
    static ConfigReload read(const Config& running);
};

}  // namespace smsgw
