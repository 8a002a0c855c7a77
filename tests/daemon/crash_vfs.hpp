// A test VFS that ends the process (as a kill would) just before the n-th write or sync SQLite makes.
#pragma once

#include <sqlite3.h>
#include <unistd.h>

namespace smsgw::test {

// Every file goes through SQLite's default VFS with its own methods, except that xWrite and xSync
// count themselves first and, once the countdown reaches the chosen event, call _exit(): no
// destructor, no rollback, no flush — the files are left as a killed daemon leaves them: some of
// a transaction's WAL frames written, its commit frame written but not synced, a checkpoint
// halfway. (A kill, not a power cut: what was written stays in the page cache.)
struct CrashVfs {
    static inline long events = 0;     // writes and syncs so far in this process
    static inline long crash_at = -1;  // -1: only count; n: _exit(exit_code) before event n (1-based)
    static constexpr int exit_code = 42;

    static const char* name() {
        static const bool registered = [] {
            real() = sqlite3_vfs_find(nullptr);
            if (!real()) return false;
            vfs() = *real();
            vfs().pNext = nullptr;
            vfs().zName = "smsgw-crash";
            vfs().xOpen = open;
            return sqlite3_vfs_register(&vfs(), 0) == SQLITE_OK;
        }();
        return registered ? "smsgw-crash" : nullptr;
    }

private:
    static sqlite3_vfs*& real() {
        static sqlite3_vfs* v = nullptr;
        return v;
    }
    static sqlite3_vfs& vfs() {
        static sqlite3_vfs v{};
        return v;
    }
    // The default VFS uses different method tables for different files (the database, its WAL):
    // one counting copy per table.
    static constexpr int max_tables = 8;
    static inline const sqlite3_io_methods* reals[max_tables] = {};
    static inline sqlite3_io_methods copies[max_tables] = {};
    static inline int tables = 0;

    static const sqlite3_io_methods* real_of(sqlite3_file* f) {
        for (int i = 0; i < tables; ++i)
            if (f->pMethods == &copies[i]) return reals[i];
        _exit(99);  // cannot happen: only files with a copy reach write() and sync()
    }
    static void tick() {
        ++events;
        if (crash_at > 0 && events >= crash_at) _exit(exit_code);
    }
    static int write(sqlite3_file* f, const void* buf, int n, sqlite3_int64 off) {
        tick();
        return real_of(f)->xWrite(f, buf, n, off);
    }
    static int sync(sqlite3_file* f, int flags) {
        tick();
        return real_of(f)->xSync(f, flags);
    }
    // The default VFS's file object is used as is; only its method table is swapped for a copy
    // with the two counting methods.
    static int open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
        int rc = real()->xOpen(real(), name, file, flags, out_flags);
        if (rc != SQLITE_OK || !file->pMethods) return rc;
        int i = 0;
        while (i < tables && reals[i] != file->pMethods) ++i;
        if (i == tables) {
            if (tables == max_tables) return rc;  // not counted; the test's event count shows it
            reals[i] = file->pMethods;
            copies[i] = *file->pMethods;
            copies[i].xWrite = write;
            copies[i].xSync = sync;
            ++tables;
        }
        file->pMethods = &copies[i];
        return rc;
    }
};

}  // namespace smsgw::test
