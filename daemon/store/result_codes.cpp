// The result-code classes the daemon acts on, decided by the primary code.
#include "daemon/store/result_codes.hpp"

#include <sqlite3.h>

namespace smsgw::store {

bool is_locked(int code) {
    const int primary = code & 0xff;
    return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

bool is_damage(int code) {
    const int primary = code & 0xff;
    return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

bool is_shm_not_creatable(int code) { return code == SQLITE_READONLY_DIRECTORY; }

}  // namespace smsgw::store
