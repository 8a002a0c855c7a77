// Read-only access for the status, estimate and export commands: never blocks the daemon's writer.
#include "daemon/store/store_reader.hpp"

#include "daemon/store/schema.hpp"
#include "daemon/store/sqlite_log.hpp"
#include "daemon/store/tables.hpp"

#include <sqlite3.h>

namespace smsgw::store {

StoreReader::StoreReader(const std::string& path, std::string vfs)
    : db_(Database::open(path, {.read_only = true, .vfs = std::move(vfs), .busy_timeout_ms = 5000})) {
    version_ = Schema::check_current(db_);
    begin_ = db_.prepare("BEGIN DEFERRED");
    end_ = db_.prepare("COMMIT");
    counts_ = db_.prepare(
        "SELECT (SELECT count(*) FROM part), (SELECT count(*) FROM part WHERE message_id IS NULL), "
        "(SELECT count(*) FROM message WHERE state = 'pending'), "
        "(SELECT count(*) FROM message WHERE state = 'processed'), "
        "(SELECT count(*) FROM message WHERE assembly <> 'complete'), "
        "(SELECT count(*) FROM report WHERE status = 'accepted'), "
        "(SELECT count(*) FROM report WHERE status = 'warning'), "
        "(SELECT count(*) FROM report WHERE status = 'rejected'), "
        "(SELECT count(*) FROM report WHERE is_current = 1), "
        "(SELECT count(*) FROM report WHERE is_current = 1 AND conflict = 1), "
        "(SELECT count(*) FROM reply WHERE status = 'queued'), (SELECT count(*) FROM reply WHERE status = 'sending'), "
        "(SELECT count(*) FROM reply WHERE status = 'sent'), (SELECT count(*) FROM reply WHERE status = 'failed')");
    outcomes_ = db_.prepare(
        "SELECT disposition, count(*) AS n FROM report GROUP BY disposition ORDER BY n DESC, disposition");
    tables_ = std::make_unique<Tables>(db_);
}

StoreReader::~StoreReader() = default;

Result<void> StoreReader::begin() {
    if (in_snapshot_)
        return StoreError{SQLITE_MISUSE, "begin snapshot: already inside StoreReader::snapshot (SQLITE_MISUSE)"};
    StatementUse s(begin_);
    int rc = s->step();
    if (rc != SQLITE_DONE) return db_.error("begin snapshot", rc);
    in_snapshot_ = true;
    return {};
}

void StoreReader::end() noexcept {
    in_snapshot_ = false;
    if (!db_.in_transaction()) return;
    StatementUse s(end_);
    int rc = s->step();
    if (rc != SQLITE_DONE) log_to_sink(rc, db_.error("end snapshot", rc).message);
}

Result<Counts> StoreReader::counts() {
    StatementUse s(counts_);
    int rc = s->step();
    if (rc != SQLITE_ROW) return db_.error("count", rc == SQLITE_DONE ? SQLITE_ERROR : rc);
    Counts c;
    std::int64_t* fields[] = {&c.parts,
                              &c.unlinked_parts,
                              &c.messages_pending,
                              &c.messages_processed,
                              &c.messages_incomplete,
                              &c.reports_accepted,
                              &c.reports_warning,
                              &c.reports_rejected,
                              &c.reports_current,
                              &c.reports_conflict,
                              &c.replies_queued,
                              &c.replies_sending,
                              &c.replies_sent,
                              &c.replies_failed};
    for (int i = 0; i < static_cast<int>(std::size(fields)); ++i) *fields[i] = s->int64(i);
    return c;
}

Result<std::vector<ModemHealthRecord>> StoreReader::modems() { return tables_->modems.all(); }

Result<std::optional<ExportRecord>> StoreReader::last_export() { return tables_->exports.last(); }

Result<std::vector<StoredReport>> StoreReader::current_reports() { return tables_->reports.all_current(); }

Result<std::vector<StoredReport>> StoreReader::reports(std::int64_t after_id, int limit) {
    return tables_->reports.all_versions(after_id, limit);
}

Result<std::vector<StoredReport>> StoreReader::report_history(const std::string& form, const std::string& station) {
    return tables_->reports.history(form, station);
}

Result<std::vector<StoredReport>> StoreReader::reports_by_reference(const std::string& reference) {
    return tables_->reports.by_reference(reference);
}

Result<std::vector<EventRecord>> StoreReader::events_since(std::int64_t after_id, int limit) {
    return tables_->events.since(after_id, limit);
}

Result<std::optional<StoredMessage>> StoreReader::message(std::int64_t id) { return tables_->messages.get(id); }

Result<std::optional<SavedCodebook>> StoreReader::codebook_in_use() { return tables_->codebooks.in_use(); }

Result<std::vector<OutcomeCount>> StoreReader::outcomes() {
    StatementUse s(outcomes_);
    std::vector<OutcomeCount> out;
    int rc;
    while ((rc = s->step()) == SQLITE_ROW) out.push_back({s->text(0), s->int64(1)});
    if (rc != SQLITE_DONE) return db_.error("count outcomes", rc);
    return out;
}

Result<std::vector<StoredReply>> StoreReader::replies_with_errors(int limit) {
    return tables_->outbox.with_errors(limit);
}

Result<std::optional<SystemTime>> StoreReader::oldest_queued_reply() { return tables_->outbox.oldest_queued(); }

}  // namespace smsgw::store
