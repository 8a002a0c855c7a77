// Polls the daemon's database read-only; retries until the daemon has created it and its schema.
#include "bench/e2e/store_probe.hpp"

#include <sqlite3.h>

#include <filesystem>

namespace smsgw::bench {

StoreProbe::~StoreProbe() { close(); }

void StoreProbe::close() {
    if (processed_) sqlite3_finalize(processed_);
    processed_ = nullptr;
    if (db_) sqlite3_close(db_);
    db_ = nullptr;
}

bool StoreProbe::open() {
    if (db_) return true;
    // SQLite would not create it read-only anyway, but before the daemon has made it there is nothing to see.
    if (!std::filesystem::exists(path_)) return false;
    if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        close();
        return false;
    }
    sqlite3_busy_timeout(db_, 100);
    return true;
}

std::optional<std::int64_t> StoreProbe::processed() {
    if (!open()) return std::nullopt;
    if (!processed_ &&
        sqlite3_prepare_v2(db_, "SELECT count(*) FROM message WHERE state = 'processed'", -1, &processed_, nullptr) != SQLITE_OK) {
        close();  // no schema yet: a new connection sees it once the migration has committed
        return std::nullopt;
    }
    std::optional<std::int64_t> n;
    if (sqlite3_step(processed_) == SQLITE_ROW) n = sqlite3_column_int64(processed_, 0);
    sqlite3_reset(processed_);
    return n;
}

std::optional<std::int64_t> StoreProbe::number(const std::string& sql) {
    if (!open()) return std::nullopt;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) return std::nullopt;
    std::optional<std::int64_t> n;
    if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

}  // namespace smsgw::bench
