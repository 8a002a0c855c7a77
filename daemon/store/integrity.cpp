// Open-time integrity: quick_check before the first SMS is stored (and then deleted from a SIM), and no silent new count.
#include "daemon/store/integrity.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <system_error>

namespace smsgw::store {

std::vector<std::string> quick_check(Database& db, int max_findings) {
    // A statement of its own (not prepared once): it runs once per open.
    sqlite3_stmt* raw = nullptr;
    const std::string sql = "PRAGMA quick_check(" + std::to_string(max_findings) + ")";
    int rc = sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &raw, nullptr);
    if (rc != SQLITE_OK) {
        const StoreError e = db.error("integrity check (PRAGMA quick_check)", rc);
        if (is_damage(rc)) return {e.message};
        throw StoreOpenError(rc, db.path() + ": " + e.message);
    }
    Statement s(raw);
    std::vector<std::string> findings;
    while ((rc = s.step()) == SQLITE_ROW) {
        std::string line = s.text(0);
        if (line != "ok") findings.push_back(std::move(line));
    }
    if (rc != SQLITE_DONE) {
        // A page so damaged that the check itself fails (SQLITE_CORRUPT) is a finding too.
        const StoreError e = db.error("integrity check (PRAGMA quick_check)", rc);
        if (!is_damage(rc)) throw StoreOpenError(rc, db.path() + ": " + e.message);
        findings.push_back(e.message);
    }
    return findings;
}

void throw_damaged(const std::string& path, const std::vector<std::string>& findings) {
    std::string m = path + " is damaged: ";
    if (findings.size() >= 10) m += "PRAGMA quick_check found 10 or more problems (first: " + findings.front() + ")";
    else if (findings.size() > 1) m += "PRAGMA quick_check found " + std::to_string(findings.size()) + " problems (first: " + findings.front() + ")";
    else m += findings.empty() ? std::string("SQLite says so") : findings.front();
    m += ". Nothing is stored in it and nothing is deleted from any SIM: the SMS wait on the modems. Copy what it "
         "still holds into a new file (`smsgw recover --db " + path + " --out NEW.db`, README \"When the database is in trouble\"), "
         "set gateway.database to NEW.db, and start again";
    throw StoreOpenError(SQLITE_CORRUPT, m);
}

void refuse_if_damaged(Database& db) {
    const auto findings = quick_check(db);
    if (!findings.empty()) throw_damaged(db.path(), findings);
}

void refuse_if_empty_file(const std::string& path, bool allow_empty) {
    std::error_code ec;
    const auto st = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::is_regular_file(st) || allow_empty) return;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec || size != 0) return;
    // smsgw never leaves an empty file behind (Store creates a new database under a temporary name
    // and renames it into place), so this one was emptied from outside. Even a WAL beside it does
    // not help: SQLite would delete that WAL and start empty.
    throw StoreOpenError(SQLITE_CANTOPEN,
                         path + " exists but is empty (0 bytes): a database that lost its contents (a failed copy or "
                                "restore?) must not silently become a new, empty count. Restore it from a copy, or, if a "
                                "new count is really meant, remove the file or start once with `smsgw run --new-count`");
}

}  // namespace smsgw::store
