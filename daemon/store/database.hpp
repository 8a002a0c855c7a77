// RAII owner of one sqlite3 connection: open with the store's settings, run SQL, describe errors.
#pragma once

#include "daemon/store/result.hpp"
#include "daemon/store/statement.hpp"

#include <cstdint>
#include <string>
#include <string_view>

struct sqlite3;

namespace smsgw::store {

struct ConnectionOptions {
    bool read_only = false;
    std::string vfs{};           // empty: SQLite's default; tests register a fault-injecting one
    int busy_timeout_ms = 5000;  // another writer (e.g. an operator command) holding the lock
};

class Database {
public:
    // Opens (creating it when writable) with extended result codes, a busy timeout and foreign
    // keys on; read-only connections get query_only. Throws StoreOpenError.
    static Database open(const std::string& path, const ConnectionOptions& options);
    // WAL and synchronous=FULL, for the writer. Separate from open() so that a file which turns out
    // not to be ours is refused before its journal mode is touched. Throws StoreOpenError.
    void configure_writer();
    // Keeps the -wal and -shm files when the last connection closes. Operators read the database as
    // members of its group, without write access to its directory: SQLite cannot create the -shm for
    // them, so a stopped daemon's database would be unreadable to `status` unless the files stay.
    void keep_wal_files();

    Database() = default;
    ~Database();
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Runs SQL without results (one or more statements). `what` names the operation in errors.
    Result<void> exec(std::string_view what, const std::string& sql);
    // Prepares a statement the connection keeps for its lifetime. Throws StoreOpenError: SQL that
    // does not prepare is a defect found at start-up, not a running-path condition.
    Statement prepare(std::string_view sql);
    // The value of a single-integer query such as "PRAGMA user_version".
    Result<std::int64_t> query_int(std::string_view what, const std::string& sql);
    Result<std::string> query_text(std::string_view what, const std::string& sql);

    // "what: SQLite's message (SQLITE_IOERR_FSYNC, extended code 1034)".
    StoreError error(std::string_view what, int code) const;

    std::int64_t last_insert_rowid() const;
    int changes() const;
    bool in_transaction() const;
    sqlite3* get() const { return db_; }
    const std::string& path() const { return path_; }

private:
    void close() noexcept;

    sqlite3* db_ = nullptr;
    std::string path_;
};

}  // namespace smsgw::store
