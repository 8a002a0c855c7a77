// The store's schema: identity (application_id), numbered migrations, and the checks made on open.
#pragma once

#include "daemon/store/database.hpp"

#include <cstdint>

namespace smsgw::store {

class Schema {
public:
    // 'SMSG' in the database header (PRAGMA application_id): `file` shows it, and a database of
    // another program is refused instead of being written into.
    static constexpr std::int32_t application_id = 0x534D5347;

    // The highest migration this program has.
    static int latest_version();

    // Refuses a file this program must not write: another program's database, or a schema newer
    // than latest_version(). Read-only peek, safe on any file. Throws StoreOpenError.
    static void check_writable(Database& db);

    // Applies the migrations above the database's user_version up to `target` (0: the latest),
    // each in its own BEGIN IMMEDIATE transaction together with its user_version, so a crash
    // leaves the database at a whole version. Returns the version found. Throws StoreOpenError.
    static int migrate(Database& db, int target = 0);

    // For a read-only connection: our application_id and exactly the latest version (an older one
    // must be migrated by the daemon first, a newer one needs a newer program). Returns the version.
    static int check_current(Database& db);
};

}  // namespace smsgw::store
