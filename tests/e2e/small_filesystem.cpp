// tmpfs mounting and filling for the disk-full test.
#include "small_filesystem.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>
#include <vector>

namespace smsgw::e2e {

SmallFilesystem::SmallFilesystem(std::filesystem::path dir, std::size_t bytes) : dir_(std::move(dir)) {
    std::filesystem::create_directories(dir_);
    const std::string options = "size=" + std::to_string(bytes) + ",mode=0777";
    if (::mount("tmpfs", dir_.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) == 0) mounted_ = true;
    else why_ = std::string("mount -t tmpfs: ") + std::strerror(errno);
}

SmallFilesystem::~SmallFilesystem() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
}

std::size_t SmallFilesystem::fill() {
    const int fd = ::open((dir_ / "filler").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd < 0) return 0;
    std::vector<char> block(4096, 'x');
    std::size_t total = 0;
    for (;;) {
        const ssize_t n = ::write(fd, block.data(), block.size());
        if (n <= 0) break;  // ENOSPC
        total += static_cast<std::size_t>(n);
    }
    ::close(fd);
    return total;
}

void SmallFilesystem::free_up() {
    std::error_code ec;
    std::filesystem::remove(dir_ / "filler", ec);
}

}  // namespace smsgw::e2e
