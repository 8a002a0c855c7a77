// The test codebooks the libFuzzer targets run against, loaded once from the source tree.
#pragma once

#include "codebooks/codebook_loader.hpp"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

namespace smsgw::fuzz {

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A fuzz target cannot report a missing fixture any better than by stopping.
inline CodebookPtr load_dir(const std::string& dir) {
    CodebookSources src;
    src.election_toml = read_file(dir + "/election.toml");
    src.stations_csv = read_file(dir + "/stations.csv");
    src.monitors_csv = read_file(dir + "/monitors.csv");
    src.candidates_csv = read_file(dir + "/candidates.csv");
    src.has_candidates = !src.candidates_csv.empty();
    LoadResult r = load_codebook(src);
    if (!r.ok()) std::abort();
    return r.codebook;
}

inline const Codebook& tiny() {
    static const CodebookPtr cb = load_dir(std::string(SMSGW_SOURCE_DIR) + "/tests/codebooks/tiny");
    return *cb;
}

inline const Codebook& example() {
    static const CodebookPtr cb = load_dir(std::string(SMSGW_SOURCE_DIR) + "/codebooks/example");
    return *cb;
}

}  // namespace smsgw::fuzz
