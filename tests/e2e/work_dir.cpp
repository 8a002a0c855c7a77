// Scratch directories and small file helpers for the end-to-end tests.
#include "work_dir.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace smsgw::e2e {

namespace fs = std::filesystem;

WorkDir::WorkDir(const std::string& name) {
    std::string tmpl = (fs::temp_directory_path() / ("smsgw-e2e-" + name + "-XXXXXX")).string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp " + tmpl);
    path_ = tmpl;
}

WorkDir::~WorkDir() {
    if (std::getenv("SMSGW_E2E_KEEP") != nullptr) return;
    std::error_code ec;
    fs::remove_all(path_, ec);
}

fs::path WorkDir::subdir(const std::string& leaf) const {
    fs::path p = path_ / leaf;
    fs::create_directories(p);
    return p;
}

std::string slurp(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_file(const fs::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + file.string());
}

int count_files(const fs::path& dir) {
    std::error_code ec;
    int n = 0;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file()) ++n;
    return n;
}

}  // namespace smsgw::e2e
