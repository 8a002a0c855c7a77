// One write transaction's typed operations; the only way the daemon changes the database.
#pragma once

#include "daemon/ingest/assembled_message.hpp"
#include "daemon/ingest/part.hpp"
#include "daemon/store/hq_outbox_table.hpp"
#include "daemon/store/audit_records.hpp"
#include "daemon/store/official_records.hpp"
#include "daemon/store/records.hpp"
#include "daemon/store/result.hpp"
#include "daemon/store/take_records.hpp"

#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace smsgw::store {

struct Tables;

// Handed to the function given to Store::write(); valid only during that call. Every operation
// returns a Result, and the first error also sticks: later operations return it without touching
// the database, and write() rolls back even if the function ignored the error. So a transaction
// commits only if everything in it worked.
class Transaction {
public:
    Transaction(Tables& tables, SystemTime now) : t_(tables), now_(now) {}
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    // The store clock's time when the transaction began; every row it writes carries it.
    SystemTime now() const { return now_; }
    bool failed() const { return failed_.has_value(); }
    const std::optional<StoreError>& error() const { return failed_; }

    // ---- parts and messages
    // Inserts each part under its idempotency key (ON CONFLICT DO NOTHING); redeliveries come back
    // as duplicates. Acknowledge to the modem only after the commit (see StoredBatch).
    Result<StoredBatch> store_parts(std::span<const ingest::Part> parts);
    Result<std::vector<ingest::StoredPart>> unlinked_parts();
    // Stores the message as pending and links every part in part_ids to it; fails if any of them
    // already belongs to a message (so a message can never be recorded twice).
    Result<std::int64_t> record_message(const ingest::AssembledMessage& message);
    Result<std::vector<StoredMessage>> pending_messages(int limit = 0);
    Result<std::optional<StoredMessage>> message(std::int64_t id);
    Result<std::vector<ingest::StoredPart>> parts_of_message(std::int64_t message_id);
    Result<void> mark_processed(std::int64_t message_id);

    // ---- reports
    Result<StoredReport> record_report(const ReportRecord& report);
    Result<std::vector<StoredReport>> current_reports(std::string_view form, std::string_view station);
    Result<std::vector<StoredReport>> report_history(std::string_view form, std::string_view station);
    Result<std::vector<StoredReport>> all_current_reports();
    Result<std::vector<StoredReport>> reports_of_message(std::int64_t message_id);
    Result<std::vector<StoredReport>> reports_by_reference(std::string_view reference);
    Result<void> supersede_report(std::int64_t old_id, std::int64_t new_id);
    Result<void> set_report_current(std::int64_t id, bool current);
    Result<void> set_report_conflict(std::int64_t id, bool conflict);

    // ---- replies
    Result<std::int64_t> enqueue_reply(const ReplyRecord& reply);
    Result<std::vector<StoredReply>> claim_replies(int limit);
    Result<void> mark_reply_sent(std::int64_t id, std::string_view modem, std::optional<int> message_reference);
    Result<ReplyStatus> mark_reply_failed(std::int64_t id, std::string_view modem, std::string_view error,
                                          const RetryPolicy& policy = {});
    Result<int> requeue_interrupted_replies();
    Result<int> replies_since(std::string_view destination, SystemTime since);
    Result<std::optional<SystemTime>> next_reply_due();
    Result<std::optional<StoredReply>> reply(std::int64_t id);

    // ---- reminders (schema 4): the reply row is enqueued with kind "reminder" by the caller
    Result<std::int64_t> record_reminder(const ReminderRecord& reminder);
    Result<std::vector<ReminderRecord>> reminders_of_window(std::string_view window);
    Result<std::vector<std::string>> stations_reported(std::string_view form);
    Result<std::optional<SystemTime>> first_start();
    // The HQ link across restarts (daemon/notify/hq_link.hpp).
    Result<std::optional<SystemTime>> exports_failing_since();
    Result<std::optional<SystemTime>> last_hq_summary();

    // ---- modems, exports, events
    Result<void> upsert_modem(const ModemHealthRecord& modem);
    // Keeps a SIM record the modem could not read (schema 5); the same record again is stored once
    // (inserted = false, the stored row's id). Delete it from the SIM only after the commit.
    Result<QuarantineOutcome> quarantine(const QuarantineRecord& record);
    Result<std::int64_t> begin_export(std::string_view path);
    Result<void> finish_export(std::int64_t id, ExportStatus status, const std::vector<std::string>& files,
                               std::string_view error);
    // An attempt to deliver exports to HQ (schema 7); false when this attempt was recorded before.
    Result<bool> record_delivery(const DeliveryRecord& delivery);
    Result<std::int64_t> append_event(EventLevel level, std::string_view category, std::string_view text);

    // ---- official results (schema 7)
    // A commission's rows for one results form: new stations added, changed ones as a new version
    // (the earlier kept), identical ones untouched. All or nothing with the rest of the transaction.
    Result<OfficialImportOutcome> import_official(const OfficialSource& source, std::span<const OfficialEntry> entries);
    Result<std::vector<StoredOfficial>> official_history(const std::string& form, const std::string& station);
    // ---- takes (snapshots of the estimate): the take's number; the last one, where a restart goes on
    Result<std::int64_t> record_take(const Take& take);
    Result<std::optional<LastTake>> last_take();

    // ---- the operators' audit trail (schema 10)
    // Appends one human action, chained to the last row by `hasher` (daemon/audit/audit_chain.hpp).
    Result<StoredAudit> append_audit(const AuditEntry& entry, const AuditHasher& hasher);
    Result<std::vector<StoredAudit>> audit_since(std::int64_t after_id);
    // ---- the HQ outbox (schema 11; its entries are written by triggers with the rows themselves)
    Result<HqEnableOutcome> enable_hq_push(const std::string& gateway_id);
    // What HQ acknowledged (error empty: pushed_through is HQ's cursor) or why the push fails.
    Result<void> record_hq_push(std::int64_t pushed_through, const std::string& error);
    Result<std::optional<HqPushState>> hq_push_state();

    // ---- codebooks
    // Saves the codebook's files under `version` (a content hash: daemon/codebook_store.hpp) unless
    // that version is already saved, and makes it the one in use, which the commands given only
    // --db load. True when the codebook in use changed (none before, or another version).
    Result<bool> save_codebook(std::string_view version, const CodebookSources& sources);
    Result<std::optional<SavedCodebook>> codebook_in_use();

private:
    // Refuses to run after an earlier failure, then records the operation's own.
    template <class F>
    auto guarded(F&& op) -> decltype(op());
    template <class T>
    Result<T> track(Result<T> r) {
        if (!r && !failed_) failed_ = r.error();
        return r;
    }

    Tables& t_;
    SystemTime now_;
    std::optional<StoreError> failed_;
};

}  // namespace smsgw::store
