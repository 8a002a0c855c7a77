// A scratch directory per end-to-end test, removed afterwards unless SMSGW_E2E_KEEP is set (for post-mortems).
#pragma once

#include <filesystem>
#include <string>

namespace smsgw::e2e {

class WorkDir {
public:
    explicit WorkDir(const std::string& name);
    ~WorkDir();
    WorkDir(const WorkDir&) = delete;
    WorkDir& operator=(const WorkDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& leaf) const { return path_ / leaf; }
    // A new empty subdirectory.
    std::filesystem::path subdir(const std::string& leaf) const;

private:
    std::filesystem::path path_;
};

// The whole file (empty when it does not exist).
std::string slurp(const std::filesystem::path& file);
void write_file(const std::filesystem::path& file, const std::string& text);
// Regular files directly in `dir` (0 when it does not exist).
int count_files(const std::filesystem::path& dir);

}  // namespace smsgw::e2e
