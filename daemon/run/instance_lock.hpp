// One daemon per database: an exclusive advisory lock held for the daemon's whole life.
#pragma once

#include <stdexcept>
#include <string>

namespace smsgw {

// Thrown when another process holds the lock, or the lock file cannot be created.
class InstanceLockError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// flock(2) on "<database>.lock". Two daemons on one database would both read the same modems and
// keep separate in-memory state (multipart linker, quick count, outbox), so the second must refuse
// to start. A separate file, because SQLite's own POSIX locks on the database are released when
// any descriptor of that file is closed in the process; flock locks are independent of them and
// die with the process, so a kill -9 never leaves a stale lock. The file records the holder's pid
// for the error message. Move-only; the destructor unlocks and never throws.
class InstanceLock {
public:
    explicit InstanceLock(const std::string& database_path);
    ~InstanceLock();
    InstanceLock(InstanceLock&& other) noexcept;
    InstanceLock& operator=(InstanceLock&& other) noexcept;
    InstanceLock(const InstanceLock&) = delete;
    InstanceLock& operator=(const InstanceLock&) = delete;

    const std::string& path() const { return path_; }

private:
    std::string path_;
    int fd_ = -1;
};

}  // namespace smsgw
