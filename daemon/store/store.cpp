// The daemon's durable store: one writer connection, migrations on open, and atomic write transactions.
#include "daemon/store/store.hpp"

#include "daemon/store/file_mode.hpp"
#include "daemon/store/integrity.hpp"
#include "daemon/store/schema.hpp"
#include "daemon/store/sqlite_log.hpp"
#include "daemon/store/tables.hpp"

#include <sqlite3.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <unistd.h>

namespace smsgw::store {

namespace {

// A new database gets its first page under a temporary name and is renamed into place: so a 0-byte
// file at `path` always means a file emptied from outside, never a first start that was killed
// (that leaves only PATH.creating, redone next time). The migrations then run on `path` as ever.
void create_database(const std::string& path, const StoreOptions& o) {
    namespace fs = std::filesystem;
    const std::string tmp = path + ".creating";
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(tmp + suffix, ec);
    {
        Database db = Database::open(tmp, {.read_only = false, .vfs = o.vfs, .busy_timeout_ms = o.busy_timeout_ms});
        // SQLite creates the file 0644 less the umask, and its -wal and -shm later with the file's
        // own mode: so file_mode now, while it is still empty, is file_mode for all three.
        if (auto e = set_file_mode(tmp)) throw StoreOpenError(SQLITE_CANTOPEN, tmp + ": cannot set its mode: " + e.message());
        db.configure_writer();  // writes the header page (WAL mode): the file is not empty from here on
    }  // the last connection's close removes the WAL
    if (fs::exists(tmp + "-wal", ec))
        throw StoreOpenError(SQLITE_CANTOPEN, tmp + ": its WAL is still there after closing; not renamed into place");
    if (std::rename(tmp.c_str(), path.c_str()) != 0)
        throw StoreOpenError(SQLITE_CANTOPEN, "cannot rename " + tmp + " to " + path + ": " + std::strerror(errno));
    // The rename itself must survive a power cut, or the next start finds no database at all.
    const std::string dir = fs::path(path).parent_path().empty() ? "." : fs::path(path).parent_path().string();
    if (int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); fd >= 0) {
        (void)::fsync(fd);
        ::close(fd);
    }
}

Database open_writer(const std::string& path, const StoreOptions& o) {
    refuse_if_empty_file(path, o.allow_empty_file);  // before SQLite would make it a new database
    std::error_code ec;
    if (!std::filesystem::exists(path, ec) && !ec) create_database(path, o);
    Database db = Database::open(path, {.read_only = false, .vfs = o.vfs, .busy_timeout_ms = o.busy_timeout_ms});
    try {
        Schema::check_writable(db);  // before WAL is switched on, so a foreign file stays untouched
    } catch (const StoreOpenError& e) {
        // e.g. its schema page overwritten. (SQLITE_NOTADB is left as it is: most often a file of another kind.)
        if ((e.code() & 0xff) == SQLITE_CORRUPT) throw_damaged(path, {e.what()});
        throw;
    }
    if (o.check_integrity) refuse_if_damaged(db);  // before the first write: nothing stored, nothing deleted
    db.configure_writer();
    db.keep_wal_files();
    return db;
}

}  // namespace

Store::Store(const std::string& path, StoreOptions options)
    : db_(open_writer(path, options)),
      clock_(options.clock ? std::move(options.clock)
                           : std::function<SystemTime()>([] { return std::chrono::system_clock::now(); })) {
    found_version_ = Schema::migrate(db_);
    auto v = db_.query_int("read user_version", "PRAGMA user_version");
    if (!v) throw StoreOpenError(v.error().code, path + ": " + v.error().message);
    schema_version_ = static_cast<int>(*v);
    begin_ = db_.prepare("BEGIN IMMEDIATE");
    commit_ = db_.prepare("COMMIT");
    rollback_ = db_.prepare("ROLLBACK");
    tables_ = std::make_unique<Tables>(db_);
}

Store::~Store() = default;

Result<void> Store::begin() {
    if (in_write_) return StoreError{SQLITE_MISUSE, "begin transaction: already inside Store::write (SQLITE_MISUSE)"};
    StatementUse s(begin_);
    int rc = s->step();
    if (rc != SQLITE_DONE) return db_.error("begin transaction", rc);
    in_write_ = true;
    return {};
}

Result<void> Store::commit() {
    int rc;
    {
        StatementUse s(commit_);
        rc = s->step();
    }
    if (rc == SQLITE_DONE) {
        in_write_ = false;
        return {};
    }
    StoreError e = db_.error("commit", rc);
    // SQLite may already have rolled back on its own (SQLITE_FULL, SQLITE_IOERR); if not, do it.
    rollback();
    return e;
}

void Store::rollback() noexcept {
    in_write_ = false;
    if (!db_.in_transaction()) return;
    int rc;
    {
        StatementUse s(rollback_);
        rc = s->step();
    }
    if (rc != SQLITE_DONE) log_to_sink(rc, db_.error("rollback", rc).message);
}

Result<StoredBatch> Store::store_parts(std::span<const ingest::Part> parts) {
    return write([&](Transaction& tx) { return tx.store_parts(parts); });
}

Result<std::vector<ingest::StoredPart>> Store::unlinked_parts() {
    return write([](Transaction& tx) { return tx.unlinked_parts(); });
}

Result<std::vector<StoredMessage>> Store::pending_messages(int limit) {
    return write([&](Transaction& tx) { return tx.pending_messages(limit); });
}

Result<std::int64_t> Store::append_event(EventLevel level, std::string_view category, std::string_view text) {
    return write([&](Transaction& tx) { return tx.append_event(level, category, text); });
}

Result<void> Store::upsert_modem(const ModemHealthRecord& modem) {
    return write([&](Transaction& tx) { return tx.upsert_modem(modem); });
}

Result<QuarantineOutcome> Store::quarantine(const QuarantineRecord& record) {
    return write([&](Transaction& tx) { return tx.quarantine(record); });
}

Result<bool> Store::save_codebook(std::string_view version, const CodebookSources& sources) {
    return write([&](Transaction& tx) { return tx.save_codebook(version, sources); });
}

Result<std::int64_t> Store::pragma(std::string_view name) {
    for (char c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_'))
            return StoreError{SQLITE_MISUSE, "pragma: not a pragma name (SQLITE_MISUSE)"};
    return db_.query_int("read pragma", "PRAGMA " + std::string(name));
}

Result<std::string> Store::journal_mode() { return db_.query_text("read journal mode", "PRAGMA journal_mode"); }

Result<void> Store::checkpoint() { return db_.exec("checkpoint", "PRAGMA wal_checkpoint(TRUNCATE)"); }

}  // namespace smsgw::store
