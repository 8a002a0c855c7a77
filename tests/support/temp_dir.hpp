// A scratch directory for one test, removed when the test ends unless SMSGW_TEST_KEEP is set (for post-mortems).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace smsgw::test {

class TempDir {
public:
    // $TMPDIR/smsgw-NAME-XXXXXX, made with mkdtemp; throws std::runtime_error when it cannot.
    explicit TempDir(std::string_view name = "test");
    // Never throws: a child still writing into it must not turn a passed test into a crash.
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    std::filesystem::path operator/(std::string_view leaf) const { return path / leaf; }
    // As a string, for APIs and argv that take one.
    std::string file(std::string_view leaf) const { return (path / leaf).string(); }
    // A new (possibly nested) subdirectory.
    std::filesystem::path subdir(std::string_view leaf) const;

    const std::filesystem::path path;

private:
    static std::filesystem::path make(std::string_view name);
};

// True when SMSGW_TEST_KEEP (or the older SMSGW_E2E_KEEP) asks to keep scratch directories.
bool keep_temp_dirs();

}  // namespace smsgw::test
