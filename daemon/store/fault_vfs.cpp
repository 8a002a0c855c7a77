// The fault-injecting VFS: every file operation forwards to SQLite's default VFS, except that
// writes and syncs fail on demand (disk full, I/O error), so tests exercise the real failure paths.
#include "daemon/store/fault_vfs.hpp"

#include <sqlite3.h>

static_assert(SQLITE_FULL == 13 && SQLITE_IOERR_FSYNC == 1034);

namespace smsgw::store {

namespace {

StorageFaults faults;
sqlite3_vfs* real_vfs = nullptr;

struct FaultFile {
    sqlite3_file base;
    sqlite3_file* real;
};

sqlite3_file* real_of(sqlite3_file* f) { return reinterpret_cast<FaultFile*>(f)->real; }

int f_close(sqlite3_file* f) { return real_of(f)->pMethods->xClose(real_of(f)); }
int f_read(sqlite3_file* f, void* buf, int n, sqlite3_int64 off) {
    return real_of(f)->pMethods->xRead(real_of(f), buf, n, off);
}
int f_write(sqlite3_file* f, const void* buf, int n, sqlite3_int64 off) {
    int left = faults.writes_left.load();
    while (left > 0 && !faults.writes_left.compare_exchange_weak(left, left - 1)) {
    }
    if (left == 0) {
        ++faults.injected;
        return faults.write_error;
    }
    return real_of(f)->pMethods->xWrite(real_of(f), buf, n, off);
}
int f_truncate(sqlite3_file* f, sqlite3_int64 size) { return real_of(f)->pMethods->xTruncate(real_of(f), size); }
int f_sync(sqlite3_file* f, int flags) {
    if (faults.fail_sync) {
        ++faults.injected;
        return faults.sync_error;
    }
    return real_of(f)->pMethods->xSync(real_of(f), flags);
}
int f_file_size(sqlite3_file* f, sqlite3_int64* size) { return real_of(f)->pMethods->xFileSize(real_of(f), size); }
int f_lock(sqlite3_file* f, int l) { return real_of(f)->pMethods->xLock(real_of(f), l); }
int f_unlock(sqlite3_file* f, int l) { return real_of(f)->pMethods->xUnlock(real_of(f), l); }
int f_check_reserved(sqlite3_file* f, int* out) { return real_of(f)->pMethods->xCheckReservedLock(real_of(f), out); }
int f_file_control(sqlite3_file* f, int op, void* arg) {
    return real_of(f)->pMethods->xFileControl(real_of(f), op, arg);
}
int f_sector_size(sqlite3_file* f) { return real_of(f)->pMethods->xSectorSize(real_of(f)); }
int f_device(sqlite3_file* f) { return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f)); }
int f_shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
    return real_of(f)->pMethods->xShmMap(real_of(f), region, size, extend, out);
}
int f_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
    return real_of(f)->pMethods->xShmLock(real_of(f), offset, n, flags);
}
void f_shm_barrier(sqlite3_file* f) { real_of(f)->pMethods->xShmBarrier(real_of(f)); }
int f_shm_unmap(sqlite3_file* f, int del) { return real_of(f)->pMethods->xShmUnmap(real_of(f), del); }

// Version 2: everything WAL needs (shared memory), no memory-mapped I/O to bypass xWrite.
const sqlite3_io_methods fault_methods = {
    2,          f_close,       f_read,           f_write,        f_truncate,    f_sync,   f_file_size,
    f_lock,     f_unlock,      f_check_reserved, f_file_control, f_sector_size, f_device, f_shm_map,
    f_shm_lock, f_shm_barrier, f_shm_unmap,      nullptr,        nullptr,
};

int f_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
    auto* ff = reinterpret_cast<FaultFile*>(file);
    ff->base.pMethods = nullptr;
    ff->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + sizeof(FaultFile));
    int rc = real_vfs->xOpen(real_vfs, name, ff->real, flags, out_flags);
    if (rc == SQLITE_OK && ff->real->pMethods) ff->base.pMethods = &fault_methods;
    return rc;
}

sqlite3_vfs fault_vfs;

}  // namespace

StorageFaults& storage_faults() { return faults; }

const char* register_fault_vfs() {
    static const bool done = [] {
        real_vfs = sqlite3_vfs_find(nullptr);
        if (!real_vfs) return false;
        fault_vfs = *real_vfs;  // every other method is the default VFS's own
        fault_vfs.pNext = nullptr;
        fault_vfs.zName = "smsgw-fault";
        fault_vfs.szOsFile = static_cast<int>(sizeof(FaultFile)) + real_vfs->szOsFile;
        fault_vfs.xOpen = f_open;
        return sqlite3_vfs_register(&fault_vfs, 0) == SQLITE_OK;
    }();
    return done ? "smsgw-fault" : nullptr;
}

}  // namespace smsgw::store
