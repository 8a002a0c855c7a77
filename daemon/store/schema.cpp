// The store's schema: identity (application_id), applying the numbered migrations (their SQL is in
// migrations.cpp), and the checks made on open.
#include "daemon/store/schema.hpp"

#include "daemon/store/migrations.hpp"
#include "daemon/store/sqlite_log.hpp"

#include <sqlite3.h>

#include <cstdio>
#include <string>

namespace smsgw::store {

namespace {

struct Identity {
    std::int64_t application_id = 0;
    std::int64_t version = 0;
    std::int64_t objects = 0;  // entries in sqlite_schema
};

Identity read_identity(Database& db) {
    auto must = [&](Result<std::int64_t> r) {
        if (!r) throw StoreOpenError(r.error().code, db.path() + ": " + r.error().message);
        return *r;
    };
    Identity id;
    id.application_id = must(db.query_int("read application_id", "PRAGMA application_id"));
    id.version = must(db.query_int("read user_version", "PRAGMA user_version"));
    id.objects = must(db.query_int("read schema", "SELECT count(*) FROM sqlite_schema"));
    return id;
}

std::string hex_id(std::int64_t id) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08x", static_cast<unsigned>(id));
    return buf;
}

// The refusals every open shares; false for a fresh (empty) database.
bool check_identity(const Database& db, const Identity& id) {
    if (id.application_id == 0 && id.version == 0 && id.objects == 0) return false;
    if (id.application_id != Schema::application_id) {
        std::string why = id.application_id == 0 ? "it has no application_id but is not empty"
                                                 : "its application_id is " + hex_id(id.application_id);
        throw StoreOpenError(0, db.path() + ": not an smsgw database (" + why + "; smsgw databases have " +
                                    hex_id(Schema::application_id) + " 'SMSG')");
    }
    if (id.version > Schema::latest_version())
        throw StoreOpenError(0, db.path() + ": database schema version " + std::to_string(id.version) +
                                    " is newer than this smsgw knows (" + std::to_string(Schema::latest_version()) +
                                    "); run the smsgw that wrote it, or a newer one");
    if (id.version < 1)
        throw StoreOpenError(0, db.path() + ": smsgw database with schema version " + std::to_string(id.version) +
                                    ", which no smsgw writes; refusing to touch it");
    return true;
}

}  // namespace

int Schema::latest_version() { return migrations().back().version; }

void Schema::check_writable(Database& db) { check_identity(db, read_identity(db)); }

int Schema::migrate(Database& db, int target) {
    if (target <= 0 || target > latest_version()) target = latest_version();
    int found = -1;
    for (;;) {
        auto fail = [&](const StoreError& e) {
            if (db.in_transaction()) (void)db.exec("rollback migration", "ROLLBACK");
            throw StoreOpenError(e.code, db.path() + ": " + e.message);
        };
        // Checked again under the write lock: another process may have migrated meanwhile.
        if (auto r = db.exec("begin migration", "BEGIN IMMEDIATE"); !r) fail(r.error());
        Identity id;
        try {
            id = read_identity(db);
            check_identity(db, id);
        } catch (...) {
            (void)db.exec("rollback migration", "ROLLBACK");
            throw;
        }
        if (found < 0) found = static_cast<int>(id.version);
        if (id.version >= target) {
            if (auto r = db.exec("end migration", "COMMIT"); !r) fail(r.error());
            return found;
        }
        const Migration& m = migrations()[static_cast<std::size_t>(id.version)];  // [k] has version k + 1
        std::string sql = m.sql;
        if (id.version == 0) sql += "\nPRAGMA application_id = " + std::to_string(application_id) + ";";
        sql += "\nPRAGMA user_version = " + std::to_string(m.version) + ";";
        if (auto r = db.exec("migration " + std::to_string(m.version) + " (" + m.name + ")", sql); !r) fail(r.error());
        if (auto r = db.exec("commit migration " + std::to_string(m.version), "COMMIT"); !r) fail(r.error());
        log_to_sink(0, db.path() + ": schema migrated to version " + std::to_string(m.version) + " (" + m.name + ")");
    }
}

int Schema::check_current(Database& db) {
    Identity id = read_identity(db);
    if (!check_identity(db, id)) throw StoreOpenError(0, db.path() + ": empty database, not (yet) an smsgw database");
    if (id.version < latest_version())
        throw StoreOpenError(0, db.path() + ": database schema version " + std::to_string(id.version) +
                                    " is older than this smsgw's " + std::to_string(latest_version()) +
                                    "; start the daemon (smsgw run) once to migrate it");
    return static_cast<int>(id.version);
}

}  // namespace smsgw::store
