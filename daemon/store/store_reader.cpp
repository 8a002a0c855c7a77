// Read-only access for the status, estimate and export commands: never blocks the daemon's writer.
#include "daemon/store/store_reader.hpp"

#include "daemon/store/schema.hpp"
#include "daemon/store/sqlite_log.hpp"
#include "daemon/store/tables.hpp"

#include <sqlite3.h>

namespace smsgw::store {

namespace {

ReplyStatus reply_status(const std::string& s) {
    if (s == "sending") return ReplyStatus::sending;
    if (s == "sent") return ReplyStatus::sent;
    if (s == "failed") return ReplyStatus::failed;
    return ReplyStatus::queued;
}

std::string semicolons(std::string s) {
    for (char& c : s)
        if (c == ',') c = ';';  // group_concat(DISTINCT x) cannot take a separator
    return s;
}

}  // namespace

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
    // A reminder row per station reminded; one SMS may carry several, so they are grouped per reply.
    outgoing_ = db_.prepare(
        "SELECT r.id, r.message_id, r.report_id, r.destination, r.text, r.status, r.attempts, r.next_try_at, "
        "r.created_at, r.modem, r.message_reference, r.error, r.sent_at, r.kind, m.win, m.forms, m.stations "
        "FROM reply r LEFT JOIN (SELECT reply_id, min(\"window\") AS win, group_concat(DISTINCT form) AS forms, "
        "group_concat(station, ';') AS stations FROM reminder GROUP BY reply_id) m ON m.reply_id = r.id "
        "ORDER BY r.id");
    outgoing_counts_ = db_.prepare(
        "SELECT kind, status, count(*) FROM reply GROUP BY kind, status ORDER BY CASE kind WHEN 'reply' THEN 0 "
        "WHEN 'reminder' THEN 1 ELSE 2 END, kind, CASE status WHEN 'queued' THEN 0 WHEN 'sending' THEN 1 "
        "WHEN 'sent' THEN 2 ELSE 3 END");
    messages_since_ = db_.prepare("SELECT count(*) FROM message WHERE assembled_at >= ?1");
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
Result<std::optional<DeliveryRecord>> StoreReader::last_delivery() { return tables_->deliveries.last(); }
Result<std::optional<DeliveryRecord>> StoreReader::last_delivered() { return tables_->deliveries.last_ok(); }
Result<std::optional<SystemTime>> StoreReader::hq_failing_since() { return tables_->hq_link.failing_since(); }

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

Result<std::vector<OutgoingSms>> StoreReader::outgoing_sms() {
    StatementUse s(outgoing_);
    std::vector<OutgoingSms> out;
    int rc;
    while ((rc = s->step()) == SQLITE_ROW) {
        OutgoingSms o;
        StoredReply& r = o.reply;
        r.id = s->int64(0);
        r.record.message_id = s->optional_int64(1);
        r.record.report_id = s->optional_int64(2);
        r.record.destination = s->text(3);
        r.record.text = s->text(4);
        r.status = reply_status(s->text(5));
        r.attempts = s->integer(6);
        r.next_try_at = from_millis(s->int64(7));
        r.created_at = from_millis(s->int64(8));
        r.modem = s->text(9);
        if (!s->is_null(10)) r.message_reference = s->integer(10);
        r.error = s->text(11);
        if (!s->is_null(12)) r.sent_at = from_millis(s->int64(12));
        r.record.kind = s->text(13);
        o.window = s->text(14);
        o.forms = semicolons(s->text(15));
        o.stations = s->text(16);
        out.push_back(std::move(o));
    }
    if (rc != SQLITE_DONE) return db_.error("read outgoing SMS", rc);
    return out;
}

Result<std::vector<OutgoingCount>> StoreReader::outgoing_counts() {
    StatementUse s(outgoing_counts_);
    std::vector<OutgoingCount> out;
    int rc;
    while ((rc = s->step()) == SQLITE_ROW) out.push_back({s->text(0), reply_status(s->text(1)), s->int64(2)});
    if (rc != SQLITE_DONE) return db_.error("count outgoing SMS", rc);
    return out;
}

Result<std::vector<StoredAudit>> StoreReader::audit_since(std::int64_t after_id) { return tables_->audit.since(after_id); }

Result<AuditHead> StoreReader::audit_head() { return tables_->audit.head(); }

Result<std::vector<std::pair<std::string, SystemTime>>> StoreReader::first_reminders() {
    return tables_->reminders.first_reminders();
}

Result<std::int64_t> StoreReader::quarantine_count() { return tables_->quarantine.count(); }

Result<std::vector<QuarantineRecord>> StoreReader::quarantined() { return tables_->quarantine.all(); }

Result<std::vector<StoredOfficial>> StoreReader::official_rows() { return tables_->official.current(); }

Result<std::int64_t> StoreReader::official_count() { return tables_->official.current_count(); }

Result<std::vector<StoredOfficial>> StoreReader::official_history(const std::string& form, const std::string& station) {
    return tables_->official.history(form, station);
}
Result<std::vector<Take>> StoreReader::takes() { return tables_->takes.all(); }

Result<std::int64_t> StoreReader::messages_since(SystemTime since) {
    StatementUse s(messages_since_);
    if (int rc = s->bind(1, to_millis(since)); rc != SQLITE_OK) return db_.error("count recent messages", rc);
    int rc = s->step();
    if (rc != SQLITE_ROW) return db_.error("count recent messages", rc == SQLITE_DONE ? SQLITE_ERROR : rc);
    return s->int64(0);
}

Result<std::vector<HqOutboxEntry>> StoreReader::hq_outbox_batch(std::int64_t after_id, int limit) {
    return tables_->hq_outbox.batch(after_id, limit);
}

Result<std::optional<HqPushState>> StoreReader::hq_push_state() { return tables_->hq_outbox.state(); }

}  // namespace smsgw::store
