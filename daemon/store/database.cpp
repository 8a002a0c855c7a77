// RAII owner of one sqlite3 connection: open with the store's settings, run SQL, describe errors.
#include "daemon/store/database.hpp"

#include "daemon/store/sqlite_log.hpp"

#include <sqlite3.h>

#include <utility>

namespace smsgw::store {

namespace {

std::string describe(sqlite3* db, std::string_view what, int code) {
    // sqlite3_errmsg describes the connection's latest failure; for any other code use the
    // generic text so the message never contradicts its code.
    const char* text = db && sqlite3_extended_errcode(db) == code ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    std::string m(what);
    m += ": ";
    m += text ? text : "unknown error";
    m += " (";
    m += result_code_name(code);
    m += ", extended code " + std::to_string(code) + ")";
    return m;
}

}  // namespace

Database Database::open(const std::string& path, const ConnectionOptions& options) {
    install_sqlite_log();
    Database d;
    d.path_ = path;
    int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    flags |= options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int rc = sqlite3_open_v2(path.c_str(), &d.db_, flags, options.vfs.empty() ? nullptr : options.vfs.c_str());
    if (rc != SQLITE_OK) {
        std::string m = describe(d.db_, "cannot open database " + path, rc);
        throw StoreOpenError(rc, m);
    }
    sqlite3_extended_result_codes(d.db_, 1);
    sqlite3_busy_timeout(d.db_, options.busy_timeout_ms);

    auto must = [&](Result<void> r) {
        if (!r) throw StoreOpenError(r.error().code, path + ": " + r.error().message);
    };
    // foreign_keys is a no-op inside a transaction, so it is set here, before any.
    must(d.exec("enable foreign keys", "PRAGMA foreign_keys = ON"));
    if (options.read_only) must(d.exec("make connection query-only", "PRAGMA query_only = ON"));
    return d;
}

void Database::configure_writer() {
    // WAL: readers (status, export) never block the writer, and a commit is one sequential fsync.
    auto mode = query_text("enable WAL", "PRAGMA journal_mode = WAL");
    if (!mode) throw StoreOpenError(mode.error().code, path_ + ": " + mode.error().message);
    if (*mode != "wal")
        throw StoreOpenError(SQLITE_ERROR, path_ + ": the database refused WAL journal mode (got " + *mode + ")");
    // FULL: in WAL mode this fsyncs the log at every commit, so an acknowledged part survives power loss.
    auto sync = exec("set synchronous=FULL", "PRAGMA synchronous = FULL");
    if (!sync) throw StoreOpenError(sync.error().code, path_ + ": " + sync.error().message);
}

void Database::keep_wal_files() {
    int on = 1;
    if (int rc = sqlite3_file_control(db_, "main", SQLITE_FCNTL_PERSIST_WAL, &on); rc != SQLITE_OK)
        throw StoreOpenError(rc, describe(db_, path_ + ": keep the WAL files", rc));
}

Database::~Database() { close(); }

Database::Database(Database&& other) noexcept : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        close();
        db_ = std::exchange(other.db_, nullptr);
        path_ = std::move(other.path_);
    }
    return *this;
}

void Database::close() noexcept {
    if (!db_) return;
    int rc = sqlite3_close(db_);
    if (rc != SQLITE_OK) {
        log_to_sink(rc, describe(db_, "closing " + path_, rc));
        // Still release it: v2 frees the connection once its last statement is finalized.
        sqlite3_close_v2(db_);
    }
    db_ = nullptr;
}

Result<void> Database::exec(std::string_view what, const std::string& sql) {
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return error(what, rc);
    return {};
}

Statement Database::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    int rc =
        sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
        std::string m = describe(db_, "prepare \"" + std::string(sql) + "\"", rc);
        throw StoreOpenError(rc, m);
    }
    return Statement(stmt);
}

Result<std::int64_t> Database::query_int(std::string_view what, const std::string& sql) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &raw, nullptr);
    if (rc != SQLITE_OK) return error(what, rc);
    Statement s(raw);
    rc = s.step();
    if (rc != SQLITE_ROW) return error(what, rc == SQLITE_DONE ? SQLITE_ERROR : rc);
    return s.int64(0);
}

Result<std::string> Database::query_text(std::string_view what, const std::string& sql) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &raw, nullptr);
    if (rc != SQLITE_OK) return error(what, rc);
    Statement s(raw);
    rc = s.step();
    if (rc != SQLITE_ROW) return error(what, rc == SQLITE_DONE ? SQLITE_ERROR : rc);
    return s.text(0);
}

StoreError Database::error(std::string_view what, int code) const { return {code, describe(db_, what, code)}; }

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

int Database::changes() const { return sqlite3_changes(db_); }

bool Database::in_transaction() const { return db_ && sqlite3_get_autocommit(db_) == 0; }

}  // namespace smsgw::store
