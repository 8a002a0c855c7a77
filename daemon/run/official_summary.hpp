// The daemon's console lines about official results after SIGHUP: how many rows, how the verdicts fall.
#pragma once

#include "codebooks/codebook.hpp"

#include <string>
#include <vector>

namespace smsgw {

struct OfficialSummary {
    bool ok = true;                   // false: the database could not be read (lines[0] says why)
    std::vector<std::string> lines;   // empty when no official rows are imported
};

// Reads the database through a read-only connection of its own (one snapshot) and verifies it with
// the codebook in use: one line with the official stations per form, one per contest (and
// district) with its verdicts and calls, one with the station diff and the call list. Never throws.
OfficialSummary official_summary(const std::string& database, const CodebookPtr& codebook);

}  // namespace smsgw
