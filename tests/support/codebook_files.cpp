// Reads the files itself rather than through daemon/codebook_dir, so that unit tests need not link the daemon.
#include "tests/support/codebook_files.hpp"

#include "tests/support/files.hpp"

namespace smsgw::test {

namespace fs = std::filesystem;

fs::path tiny_codebook_dir() { return fs::path(SMSGW_TEST_DATA) / "codebooks" / "tiny"; }

fs::path example_codebook_dir() { return fs::path(SMSGW_SOURCE_DIR) / "codebooks" / "example"; }

CodebookSources codebook_sources(const fs::path& dir) {
    CodebookSources s;
    s.election_toml = read_file(dir / "election.toml");
    s.stations_csv = read_file(dir / "stations.csv");
    s.monitors_csv = read_file(dir / "monitors.csv");
    s.has_candidates = fs::exists(dir / "candidates.csv");
    if (s.has_candidates) s.candidates_csv = read_file(dir / "candidates.csv");
    return s;
}

}  // namespace smsgw::test
