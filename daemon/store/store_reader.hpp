// Read-only access for the status, estimate and export commands: never blocks the daemon's writer.
#pragma once

#include "daemon/store/audit_records.hpp"
#include "daemon/store/database.hpp"
#include "daemon/store/hq_outbox_table.hpp"
#include "daemon/store/official_records.hpp"
#include "daemon/store/records.hpp"
#include "daemon/store/take_records.hpp"

#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace smsgw::store {

struct Tables;

// One outgoing SMS for the messages export: a reply to a message, a reminder or an HQ summary
// (reply.record.kind). For reminders, what it reminded of (one SMS may cover several stations).
struct OutgoingSms {
    StoredReply reply;
    std::string window{};    // the reminder window id; "" unless a reminder
    std::string forms{};     // ";"-separated forms reminded of
    std::string stations{};  // ";"-separated stations reminded of
};

// Outgoing SMS of one kind ("reply", "reminder", "hq_summary") in one status.
struct OutgoingCount {
    std::string kind{};
    ReplyStatus status = ReplyStatus::queued;
    std::int64_t count = 0;
};

// A read-only connection (in another thread or process than the writer). In WAL mode it reads the
// last committed state while the writer goes on; each query, or each snapshot(), sees one
// consistent commit. Refuses a database that is not smsgw's or not at this program's schema.
class StoreReader {
public:
    // Throws StoreOpenError (also when the file does not exist: a reader never creates it).
    explicit StoreReader(const std::string& path, std::string vfs = {});
    ~StoreReader();
    StoreReader(const StoreReader&) = delete;
    StoreReader& operator=(const StoreReader&) = delete;

    Result<Counts> counts();
    Result<std::vector<ModemHealthRecord>> modems();
    Result<std::optional<ExportRecord>> last_export();
    // The last attempt to deliver exports to HQ, and the last one that arrived (schema 7).
    Result<std::optional<DeliveryRecord>> last_delivery();
    Result<std::optional<DeliveryRecord>> last_delivered();
    // Since when HQ gets nothing (see HqLinkTable); empty while deliveries arrive.
    Result<std::optional<SystemTime>> hq_failing_since();
    Result<std::vector<StoredReport>> current_reports();
    Result<std::vector<StoredReport>> reports(std::int64_t after_id = 0, int limit = 0);
    Result<std::vector<StoredReport>> report_history(const std::string& form, const std::string& station);
    Result<std::vector<StoredReport>> reports_by_reference(const std::string& reference);
    Result<std::vector<EventRecord>> events_since(std::int64_t after_id = 0, int limit = 0);
    Result<std::optional<StoredMessage>> message(std::int64_t id);
    // The codebook the daemon runs with (saved at its start); empty before the first start.
    Result<std::optional<SavedCodebook>> codebook_in_use();
    // Every report version by disposition (one per processed message), most frequent first.
    Result<std::vector<OutcomeCount>> outcomes();
    // Replies whose last send failed (given up, or queued to retry), newest first, at most `limit`.
    Result<std::vector<StoredReply>> replies_with_errors(int limit);
    // When the longest-waiting queued reply was queued; empty when none is queued.
    Result<std::optional<SystemTime>> oldest_queued_reply();
    // Every outgoing SMS (replies, reminders, HQ summaries), by id.
    Result<std::vector<OutgoingSms>> outgoing_sms();
    // Outgoing SMS counted by kind and status, kinds in the order reply, reminder, hq_summary.
    Result<std::vector<OutgoingCount>> outgoing_counts();
    // Messages the gateway assembled (whole, or released incomplete) at or after `since`: the arrival rate.
    Result<std::int64_t> messages_since(SystemTime since);
    // SIM records the modems could not read (schema 5): how many, and all of them oldest first.
    Result<std::int64_t> quarantine_count();
    Result<std::vector<QuarantineRecord>> quarantined();
    // Every take of the estimate (schema 7), oldest first, whole.
    Result<std::vector<Take>> takes();

    // Official results (schema 7): the current version of every station's row, by form and station;
    // how many there are; and every version of one station's row, oldest first.
    Result<std::vector<StoredOfficial>> official_rows();
    Result<std::int64_t> official_count();
    Result<std::vector<StoredOfficial>> official_history(const std::string& form, const std::string& station);

    // The operators' audit trail (schema 10): rows after after_id by id, and its head.
    Result<std::vector<StoredAudit>> audit_since(std::int64_t after_id = 0);
    Result<AuditHead> audit_head();
    // Per station reminded (schema 4), when it was first reminded.
    Result<std::vector<std::pair<std::string, SystemTime>>> first_reminders();
    // The HQ outbox (schema 11): entries after after_id with their rows (the push worker reads
    // here, on its own thread, never on the daemon's); the push state, empty while [hq] never was.
    Result<std::vector<HqOutboxEntry>> hq_outbox_batch(std::int64_t after_id, int limit);
    Result<std::optional<HqPushState>> hq_push_state();

    // Runs fn(*this) inside one read transaction, so several queries see the same commit (an
    // export's files agree with each other). fn returns a Result<T>.
    template <class F>
    auto snapshot(F&& fn) -> Result<typename std::invoke_result_t<F&, StoreReader&>::value_type>;

    int schema_version() const { return version_; }

private:
    Result<void> begin();
    void end() noexcept;

    Database db_;
    int version_ = 0;
    Statement begin_, end_, counts_, outcomes_, outgoing_, outgoing_counts_, messages_since_;
    std::unique_ptr<Tables> tables_;
    bool in_snapshot_ = false;
};

template <class F>
auto StoreReader::snapshot(F&& fn) -> Result<typename std::invoke_result_t<F&, StoreReader&>::value_type> {
    if (auto b = begin(); !b) return b.error();
    struct End {
        StoreReader& r;
        ~End() { r.end(); }
    } guard{*this};
    return fn(*this);
}

}  // namespace smsgw::store
