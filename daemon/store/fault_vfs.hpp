// A fault-injection seam for the store: SQLite's default VFS underneath, with switchable write/sync failures.
#pragma once

#include <atomic>

namespace smsgw::store {

// What the fault VFS does; shared by every file opened through it. Writes and syncs pass through
// untouched until a failure is switched on, so a test (or a daemon started with the seam) runs on
// real files and real SQLite, and only the chosen system calls fail.
struct StorageFaults {
    std::atomic<int> writes_left{-1};  // -1: writes never fail; n >= 0: n more succeed, then all fail
    std::atomic<int> write_error{13};  // SQLITE_FULL
    std::atomic<bool> fail_sync{false};
    std::atomic<int> sync_error{1034};  // SQLITE_IOERR_FSYNC
    std::atomic<int> injected{0};       // failures returned so far

    void clear() {
        writes_left = -1;
        fail_sync = false;
    }
};

StorageFaults& storage_faults();

// Registers the VFS (once) and returns its name for StoreOptions::vfs / StoreReader.
const char* register_fault_vfs();

}  // namespace smsgw::store
