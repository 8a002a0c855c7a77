// One write transaction's typed operations; the only way the daemon changes the database.
#include "daemon/store/transaction.hpp"

#include "daemon/ingest/idempotency_key.hpp"
#include "daemon/store/tables.hpp"

namespace smsgw::store {

template <class F>
auto Transaction::guarded(F&& op) -> decltype(op()) {
    if (failed_) return *failed_;
    return track(op());
}

Result<StoredBatch> Transaction::store_parts(std::span<const ingest::Part> parts) {
    if (failed_) return *failed_;
    StoredBatch b;
    b.outcomes.reserve(parts.size());
    b.locations.reserve(parts.size());
    for (const ingest::Part& p : parts) {
        auto r = track(t_.parts.insert(p, ingest::idempotency_key(p), now_));
        if (!r) return r.error();
        if (*r) {
            b.outcomes.push_back(PartOutcome::stored);
            b.stored.push_back({**r, p});
        } else {
            b.outcomes.push_back(PartOutcome::duplicate);
            ++b.duplicates;
        }
        b.locations.push_back(p.location);
    }
    return b;
}

Result<std::vector<ingest::StoredPart>> Transaction::unlinked_parts() {
    return guarded([&] { return t_.parts.unlinked(); });
}

Result<std::int64_t> Transaction::record_message(const ingest::AssembledMessage& m) {
    if (failed_) return *failed_;
    auto id = track(t_.messages.insert(m, now_));
    if (!id) return id;
    for (std::int64_t part : m.part_ids)
        if (auto r = track(t_.parts.link(part, *id)); !r) return r.error();
    return id;
}

Result<std::vector<StoredMessage>> Transaction::pending_messages(int limit) {
    return guarded([&] { return t_.messages.pending(limit); });
}

Result<std::optional<StoredMessage>> Transaction::message(std::int64_t id) {
    return guarded([&] { return t_.messages.get(id); });
}

Result<std::vector<ingest::StoredPart>> Transaction::parts_of_message(std::int64_t message_id) {
    return guarded([&] { return t_.parts.of_message(message_id); });
}

Result<void> Transaction::mark_processed(std::int64_t message_id) {
    return guarded([&] { return t_.messages.mark_processed(message_id, now_); });
}

Result<StoredReport> Transaction::record_report(const ReportRecord& report) {
    return guarded([&] { return t_.reports.insert(report, now_); });
}

Result<std::vector<StoredReport>> Transaction::current_reports(std::string_view form, std::string_view station) {
    return guarded([&] { return t_.reports.current(form, station); });
}

Result<std::vector<StoredReport>> Transaction::report_history(std::string_view form, std::string_view station) {
    return guarded([&] { return t_.reports.history(form, station); });
}

Result<std::vector<StoredReport>> Transaction::all_current_reports() {
    return guarded([&] { return t_.reports.all_current(); });
}

Result<std::vector<StoredReport>> Transaction::reports_of_message(std::int64_t message_id) {
    return guarded([&] { return t_.reports.of_message(message_id); });
}

Result<std::vector<StoredReport>> Transaction::reports_by_reference(std::string_view reference) {
    return guarded([&] { return t_.reports.by_reference(reference); });
}

Result<void> Transaction::supersede_report(std::int64_t old_id, std::int64_t new_id) {
    return guarded([&] { return t_.reports.supersede(old_id, new_id); });
}

Result<void> Transaction::set_report_current(std::int64_t id, bool current) {
    return guarded([&] { return t_.reports.set_current(id, current); });
}

Result<void> Transaction::set_report_conflict(std::int64_t id, bool conflict) {
    return guarded([&] { return t_.reports.set_conflict(id, conflict); });
}

Result<std::int64_t> Transaction::enqueue_reply(const ReplyRecord& reply) {
    return guarded([&] { return t_.outbox.enqueue(reply, now_); });
}

Result<std::vector<StoredReply>> Transaction::claim_replies(int limit) {
    return guarded([&] { return t_.outbox.claim_due(now_, limit); });
}

Result<void> Transaction::mark_reply_sent(std::int64_t id, std::string_view modem,
                                          std::optional<int> message_reference) {
    return guarded([&] { return t_.outbox.mark_sent(id, modem, message_reference, now_); });
}

Result<ReplyStatus> Transaction::mark_reply_failed(std::int64_t id, std::string_view modem, std::string_view error,
                                                   const RetryPolicy& policy) {
    return guarded([&] { return t_.outbox.mark_failed(id, modem, error, now_, policy); });
}

Result<int> Transaction::requeue_interrupted_replies() {
    return guarded([&] { return t_.outbox.requeue_sending(now_); });
}

Result<int> Transaction::replies_since(std::string_view destination, SystemTime since) {
    return guarded([&] { return t_.outbox.count_since(destination, since); });
}

Result<std::optional<SystemTime>> Transaction::next_reply_due() {
    return guarded([&] { return t_.outbox.next_due(); });
}

Result<std::optional<StoredReply>> Transaction::reply(std::int64_t id) {
    return guarded([&] { return t_.outbox.get(id); });
}

Result<std::int64_t> Transaction::record_reminder(const ReminderRecord& reminder) {
    return guarded([&] { return t_.reminders.insert(reminder, now_); });
}

Result<std::vector<ReminderRecord>> Transaction::reminders_of_window(std::string_view window) {
    return guarded([&] { return t_.reminders.of_window(window); });
}

Result<std::vector<std::string>> Transaction::stations_reported(std::string_view form) {
    return guarded([&] { return t_.reminders.reported_stations(form); });
}

Result<std::optional<SystemTime>> Transaction::first_start() {
    return guarded([&] { return t_.reminders.first_start(); });
}

Result<std::optional<SystemTime>> Transaction::exports_failing_since() {
    return guarded([&] { return t_.hq_link.failing_since(); });
}

Result<std::optional<SystemTime>> Transaction::last_hq_summary() {
    return guarded([&] { return t_.hq_link.last_summary(); });
}

Result<void> Transaction::upsert_modem(const ModemHealthRecord& modem) {
    return guarded([&] { return t_.modems.upsert(modem); });
}

Result<OfficialImportOutcome> Transaction::import_official(const OfficialSource& source,
                                                         std::span<const OfficialEntry> entries) {
    return guarded([&] { return t_.official.import(source, entries, now_); });
}

Result<std::vector<StoredOfficial>> Transaction::official_history(const std::string& form, const std::string& station) {
    return guarded([&] { return t_.official.history(form, station); });
}

Result<StoredAudit> Transaction::append_audit(const AuditEntry& entry, const AuditHasher& hasher) {
    return guarded([&] { return t_.audit.append(entry, now_, hasher); });
}

Result<std::vector<StoredAudit>> Transaction::audit_since(std::int64_t after_id) {
    return guarded([&] { return t_.audit.since(after_id); });
}

Result<QuarantineOutcome> Transaction::quarantine(const QuarantineRecord& record) {
    return guarded([&] { return t_.quarantine.insert(record, now_); });
}

Result<std::int64_t> Transaction::record_take(const Take& take) {
    return guarded([&] { return t_.takes.insert(take); });
}

Result<std::optional<LastTake>> Transaction::last_take() {
    return guarded([&] { return t_.takes.last(); });
}

Result<bool> Transaction::record_delivery(const DeliveryRecord& delivery) {
    return guarded([&] { return t_.deliveries.record(delivery); });
}

Result<std::int64_t> Transaction::begin_export(std::string_view path) {
    return guarded([&] { return t_.exports.begin(path, now_); });
}

Result<void> Transaction::finish_export(std::int64_t id, ExportStatus status, const std::vector<std::string>& files,
                                        std::string_view error) {
    return guarded([&] { return t_.exports.finish(id, status, files, error, now_); });
}

Result<std::int64_t> Transaction::append_event(EventLevel level, std::string_view category, std::string_view text) {
    return guarded([&] { return t_.events.append(level, category, text, now_); });
}

Result<bool> Transaction::save_codebook(std::string_view version, const CodebookSources& sources) {
    return guarded([&] { return t_.codebooks.save(version, sources, now_); });
}

Result<std::optional<SavedCodebook>> Transaction::codebook_in_use() {
    return guarded([&] { return t_.codebooks.in_use(); });
}

Result<HqEnableOutcome> Transaction::enable_hq_push(const std::string& gateway_id) {
    return guarded([&] { return t_.hq_outbox.enable(gateway_id, now_); });
}

Result<void> Transaction::record_hq_push(std::int64_t pushed_through, const std::string& error) {
    return guarded([&] { return t_.hq_outbox.record(pushed_through, now_, error); });
}

Result<std::optional<HqPushState>> Transaction::hq_push_state() {
    return guarded([&] { return t_.hq_outbox.state(); });
}

}  // namespace smsgw::store
