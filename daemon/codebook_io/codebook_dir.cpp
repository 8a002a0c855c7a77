// Reads a codebook directory's files into memory for the pure loader.
#include "daemon/codebook_io/codebook_dir.hpp"

#include <fstream>
#include <iterator>

namespace smsgw {

namespace {

bool read_file(const std::filesystem::path& path, std::string& out) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return false;
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !in.bad();
}

}  // namespace

CodebookSources read_codebook_dir(const std::filesystem::path& dir) {
    CodebookSources s;
    s.has_election = read_file(dir / "election.toml", s.election_toml);
    s.has_stations = read_file(dir / "stations.csv", s.stations_csv);
    s.has_monitors = read_file(dir / "monitors.csv", s.monitors_csv);
    s.has_candidates = read_file(dir / "candidates.csv", s.candidates_csv);
    return s;
}

LoadResult load_codebook_dir(const std::filesystem::path& dir) { return load_codebook(read_codebook_dir(dir)); }

std::string format_diagnostic(const std::string& dir, const Diagnostic& d) {
    std::string out = dir;
    if (!out.empty() && out.back() != '/') out += '/';
    out += d.file;
    out += ':';
    out += std::to_string(d.line);
    out += d.severity == Severity::warning ? ": warning: " : ": ";
    out += d.message;
    return out;
}

}  // namespace smsgw
