// Loading a codebook from its files' contents: pure (strings in, Codebook and diagnostics out).
#pragma once

#include "codebooks/codebook.hpp"

#include <string>
#include <vector>

namespace smsgw {

// One problem in a codebook, reported as FILE:LINE: message. `file` is the bare file name
// ("stations.csv"); line 0 means the whole file.
struct Diagnostic {
    std::string file;
    int line = 0;
    Severity severity = Severity::error;
    std::string message;
};

// The contents of a codebook directory's files. A missing file is an empty string with its `has_`
// flag false (candidates.csv is optional, so its flag starts false).
struct CodebookSources {
    std::string election_toml;
    std::string stations_csv;
    std::string monitors_csv;
    std::string candidates_csv;
    bool has_candidates = false;
    bool has_election = true;
    bool has_stations = true;
    bool has_monitors = true;
};

struct LoadResult {
    CodebookPtr codebook;  // null when there is any error
    std::vector<Diagnostic> diagnostics;  // every error and warning found, in file/line order
    bool ok() const { return codebook != nullptr; }
    std::size_t error_count() const;
    std::size_t warning_count() const;
};

// Loads and checks everything, reporting every problem found (not just the first). The codebook
// is returned only when there is no error; warnings do not stop it.
LoadResult load_codebook(const CodebookSources& sources);

}  // namespace smsgw
