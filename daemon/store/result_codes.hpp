// What an SQLite result code means for the daemon, so code outside daemon/store needs no sqlite3.h to decide.
#pragma once

namespace smsgw::store {

// SQLITE_BUSY or SQLITE_LOCKED, any extended code: another connection holds the lock.
bool is_locked(int code);

// SQLITE_CORRUPT or SQLITE_NOTADB, any extended code: the file itself is damaged.
bool is_damage(int code);

// SQLITE_READONLY_DIRECTORY: a read-only connection needed to create the -shm file and may not.
bool is_shm_not_creatable(int code);

}  // namespace smsgw::store
