// The codebooks the tests use (tests/codebooks/tiny, codebooks/example), read from disk into CodebookSources.
#pragma once

#include "codebooks/codebook_loader.hpp"

#include <filesystem>

namespace smsgw::test {

// tests/codebooks/tiny: 12 stations, 7 monitors, 4 forms, 2 contests.
std::filesystem::path tiny_codebook_dir();
// codebooks/example: the reference election (seed 2026).
std::filesystem::path example_codebook_dir();
// election.toml, stations.csv and monitors.csv must be there (std::runtime_error naming the file otherwise);
// candidates.csv is optional, as for the daemon.
CodebookSources codebook_sources(const std::filesystem::path& dir);

}  // namespace smsgw::test
