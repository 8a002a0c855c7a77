// Through iostreams: the tests read small files, and a missing file reads as empty on purpose (polling).
#include "tests/support/files.hpp"

#include <fstream>
#include <stdexcept>

namespace smsgw::test {

namespace fs = std::filesystem;

namespace {

// istream::read, not istreambuf_iterator: a read error (a directory) ends it instead of throwing
// out of the test, and blocks are faster than characters (the parse test slurps 34 MB).
std::string read_all(std::ifstream& in) {
    std::string out;
    char block[1 << 16];
    while (in.read(block, sizeof block) || in.gcount() > 0) out.append(block, static_cast<std::size_t>(in.gcount()));
    return out;
}

}  // namespace

std::string slurp(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return read_all(in);
}

std::string read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    return read_all(in);
}

void write_file(const fs::path& file, std::string_view text) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) throw std::runtime_error("cannot write " + file.string());
}

int count_files(const fs::path& dir) {
    std::error_code ec;
    int n = 0;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file()) ++n;
    return n;
}

int occurrences(std::string_view haystack, std::string_view needle) {
    int n = 0;
    for (auto p = haystack.find(needle); p != std::string_view::npos; p = haystack.find(needle, p + 1)) ++n;
    return n;
}

std::vector<std::string> lines_of(std::string_view text) {
    std::vector<std::string> lines;
    std::size_t pos = 0;
    for (std::size_t nl; (nl = text.find('\n', pos)) != std::string_view::npos; pos = nl + 1)
        lines.emplace_back(text.substr(pos, nl - pos));
    if (pos < text.size()) lines.emplace_back(text.substr(pos));
    return lines;
}

}  // namespace smsgw::test
