// One daemon per database: an exclusive advisory lock held for the daemon's whole life.
#include "daemon/run/instance_lock.hpp"

#include "daemon/store/file_mode.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>
#include <utility>

namespace smsgw {

namespace {

std::string read_holder(int fd) {
    char buf[32] = {};
    ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
    if (n <= 0) return {};
    std::string_view s(buf, static_cast<std::size_t>(n));
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.remove_suffix(1);
    return std::string(s);
}

}  // namespace

InstanceLock::InstanceLock(const std::string& database_path) : path_(database_path + ".lock") {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
    if (fd_ < 0)
        throw InstanceLockError(path_ + ": cannot create the lock file that keeps a second daemon off this database: " +
                                std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        std::string holder = read_holder(fd_);
        ::close(fd_);
        fd_ = -1;
        if (err == EWOULDBLOCK)
            throw InstanceLockError(path_ + ": another smsgw daemon" + (holder.empty() ? "" : " (pid " + holder + ")") +
                                    " is running on this database; stop it first (two daemons would read the "
                                    "same modems and keep separate counts)");
        throw InstanceLockError(path_ + ": cannot lock: " + std::strerror(err));
    }
    // open's mode passes through the umask; an operator's other owner may refuse, which is harmless.
    (void)store::set_file_mode(fd_);
    const std::string pid = std::to_string(::getpid()) + "\n";
    // The pid is only for the message above: failing to write it does not matter.
    if (::ftruncate(fd_, 0) == 0) (void)!::pwrite(fd_, pid.data(), pid.size(), 0);
}

InstanceLock::~InstanceLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

InstanceLock::InstanceLock(InstanceLock&& other) noexcept
    : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)) {}

InstanceLock& InstanceLock::operator=(InstanceLock&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        path_ = std::move(other.path_);
        fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
}

}  // namespace smsgw
