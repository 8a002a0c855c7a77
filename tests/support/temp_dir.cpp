// mkdtemp under temp_directory_path(), so TMPDIR moves every test's scratch files at once.
#include "tests/support/temp_dir.hpp"

#include <cstdlib>
#include <stdexcept>

namespace smsgw::test {

namespace fs = std::filesystem;

bool keep_temp_dirs() { return std::getenv("SMSGW_TEST_KEEP") != nullptr || std::getenv("SMSGW_E2E_KEEP") != nullptr; }

fs::path TempDir::make(std::string_view name) {
    std::string tmpl = (fs::temp_directory_path() / ("smsgw-" + std::string(name) + "-XXXXXX")).string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp " + tmpl + " failed");
    return tmpl;
}

TempDir::TempDir(std::string_view name) : path(make(name)) {}

TempDir::~TempDir() {
    if (keep_temp_dirs()) return;
    std::error_code ignored;
    fs::remove_all(path, ignored);
}

fs::path TempDir::subdir(std::string_view leaf) const {
    fs::path p = path / leaf;
    fs::create_directories(p);
    return p;
}

}  // namespace smsgw::test
