// The daemon's durable store: one writer connection, migrations on open, and atomic write transactions.
#pragma once

#include "daemon/store/database.hpp"
#include "daemon/store/records.hpp"
#include "daemon/store/transaction.hpp"

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <type_traits>

namespace smsgw::store {

struct Tables;

struct StoreOptions {
    std::string vfs{};  // empty: SQLite's default
    int busy_timeout_ms = 5000;
    std::function<SystemTime()> clock{};  // empty: the system clock
    // PRAGMA quick_check on open: a damaged file is refused before anything is written to it.
    bool check_integrity = true;
    // An existing 0-byte file becomes a new database only when the operator said so.
    bool allow_empty_file = false;
};

// Owned by the event-loop thread; not thread-safe. Readers in other threads or processes use
// StoreReader, which WAL lets read while this writes.
class Store {
public:
    // Opens or creates the database: refuses an emptied file, another program's file, a newer
    // schema or a damaged file (quick_check), migrates an older one, prepares every statement.
    // Throws StoreOpenError (start-up only).
    explicit Store(const std::string& path, StoreOptions options = {});
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    // Runs `fn(Transaction&)` inside BEGIN IMMEDIATE ... COMMIT. `fn` returns a Result<T>; the
    // transaction commits only if it succeeded and no operation inside failed, and the Result is
    // returned only once COMMIT succeeded: anything derived from it may then be acted on (e.g.
    // acknowledging deletions). On any error the transaction is rolled back, nothing of it is
    // visible, and the error is returned. Calls do not nest.
    template <class F>
    auto write(F&& fn) -> Result<typename std::invoke_result_t<F&, Transaction&>::value_type>;

    // Shorthands, each its own transaction.
    Result<StoredBatch> store_parts(std::span<const ingest::Part> parts);
    Result<std::vector<ingest::StoredPart>> unlinked_parts();
    Result<std::vector<StoredMessage>> pending_messages(int limit = 0);
    Result<std::int64_t> append_event(EventLevel level, std::string_view category, std::string_view text);
    Result<void> upsert_modem(const ModemHealthRecord& modem);
    // A SIM record the modem could not read (see Transaction::quarantine): once this returned
    // without error, the record may be deleted from the SIM.
    Result<QuarantineOutcome> quarantine(const QuarantineRecord& record);
    Result<bool> save_codebook(std::string_view version, const CodebookSources& sources);

    // Folds the WAL back into the database file (e.g. at shutdown or when idle).
    Result<void> checkpoint();
    // The writer connection's value of an integer pragma ("synchronous", "foreign_keys", ...), for
    // diagnostics and tests.
    Result<std::int64_t> pragma(std::string_view name);
    Result<std::string> journal_mode();

    int schema_version() const { return schema_version_; }
    int schema_version_found() const { return found_version_; }  // before this open migrated it
    const std::string& path() const { return db_.path(); }
    SystemTime now() const { return clock_(); }

private:
    Result<void> begin();
    Result<void> commit();
    void rollback() noexcept;

    // Rolls back if the write function leaves by an exception.
    struct Guard {
        Store& store;
        bool done = false;
        ~Guard() {
            if (!done) store.rollback();
        }
    };

    Database db_;
    std::function<SystemTime()> clock_;
    int found_version_ = 0;
    int schema_version_ = 0;
    Statement begin_, commit_, rollback_;
    std::unique_ptr<Tables> tables_;
    bool in_write_ = false;
};

template <class F>
auto Store::write(F&& fn) -> Result<typename std::invoke_result_t<F&, Transaction&>::value_type> {
    if (auto b = begin(); !b) return b.error();
    Guard guard{*this};
    Transaction tx(*tables_, clock_());
    auto r = fn(tx);
    guard.done = true;
    if (tx.failed()) {
        rollback();
        return *tx.error();
    }
    if (!r) {
        rollback();
        return r.error();
    }
    if (auto c = commit(); !c) return c.error();
    return r;
}

}  // namespace smsgw::store
