// A small tmpfs for a test's database (root only), and a filler file that uses up its free space.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

namespace smsgw::e2e {

class SmallFilesystem {
public:
    // Mounts a tmpfs of `bytes` at `dir` (created). mounted() says whether that worked: it needs
    // root (or CAP_SYS_ADMIN); why() says why not.
    SmallFilesystem(std::filesystem::path dir, std::size_t bytes);
    ~SmallFilesystem();  // lazily unmounted, so an open file does not keep it
    SmallFilesystem(const SmallFilesystem&) = delete;
    SmallFilesystem& operator=(const SmallFilesystem&) = delete;

    bool mounted() const { return mounted_; }
    const std::string& why() const { return why_; }
    const std::filesystem::path& path() const { return dir_; }

    // Writes a filler file until the filesystem is full; returns the bytes written.
    std::size_t fill();
    // Removes the filler.
    void free_up();

private:
    std::filesystem::path dir_;
    bool mounted_ = false;
    std::string why_;
};

}  // namespace smsgw::e2e
