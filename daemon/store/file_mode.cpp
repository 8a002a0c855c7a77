// The modes of the files and directories smsgw creates, whatever the umask: its database and exports name monitors and their phones.
#include "daemon/store/file_mode.hpp"

#include <sys/stat.h>

#include <cerrno>

namespace smsgw::store {

namespace {

std::error_code last_error() { return {errno, std::generic_category()}; }

}  // namespace

std::error_code set_file_mode(int fd) { return ::fchmod(fd, file_mode) == 0 ? std::error_code{} : last_error(); }

std::error_code set_file_mode(const std::filesystem::path& file) {
    return ::chmod(file.c_str(), file_mode) == 0 ? std::error_code{} : last_error();
}

std::error_code make_directory(const std::filesystem::path& dir) {
    // mkdir's mode passes through the umask: chmod says it exactly.
    if (::mkdir(dir.c_str(), directory_mode) != 0) return last_error();
    return ::chmod(dir.c_str(), directory_mode) == 0 ? std::error_code{} : last_error();
}

std::error_code make_directories(const std::filesystem::path& dir) {
    std::error_code ec;
    if (dir.empty() || std::filesystem::is_directory(dir, ec)) return {};
    const std::filesystem::path parent = dir.parent_path();
    if (parent != dir)
        if (auto e = make_directories(parent)) return e;
    if (auto e = make_directory(dir); e && !(e == std::errc::file_exists && std::filesystem::is_directory(dir, ec)))
        return e;
    return {};
}

}  // namespace smsgw::store
