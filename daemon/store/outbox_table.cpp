// The `reply` table: the outbox, with claims, retries with backoff and the per-sender count for rate limits.
#include "daemon/store/outbox_table.hpp"

#include <sqlite3.h>

#include <algorithm>

namespace smsgw::store {

namespace {

constexpr const char* reply_columns =
    "id, message_id, report_id, destination, text, status, attempts, next_try_at, created_at, modem, "
    "message_reference, error, sent_at, kind";

ReplyStatus status_from(const std::string& s) {
    if (s == "sending") return ReplyStatus::sending;
    if (s == "sent") return ReplyStatus::sent;
    if (s == "failed") return ReplyStatus::failed;
    return ReplyStatus::queued;
}

StoredReply read_reply(const Statement& s) {
    StoredReply r;
    r.id = s.int64(0);
    r.record.message_id = s.optional_int64(1);
    r.record.report_id = s.optional_int64(2);
    r.record.destination = s.text(3);
    r.record.text = s.text(4);
    r.status = status_from(s.text(5));
    r.attempts = s.integer(6);
    r.next_try_at = from_millis(s.int64(7));
    r.created_at = from_millis(s.int64(8));
    r.modem = s.text(9);
    if (!s.is_null(10)) r.message_reference = s.integer(10);
    r.error = s.text(11);
    if (!s.is_null(12)) r.sent_at = from_millis(s.int64(12));
    r.record.kind = s.text(13);
    return r;
}

std::int64_t millis(std::chrono::seconds s) { return std::chrono::duration_cast<std::chrono::milliseconds>(s).count(); }

}  // namespace

OutboxTable::OutboxTable(Database& db)
    : db_(db),
      enqueue_(db.prepare("INSERT INTO reply (message_id, report_id, destination, text, status, next_try_at, "
                          "created_at, kind) VALUES (?1, ?2, ?3, ?4, 'queued', ?5, ?5, ?6)")),
      claim_(db.prepare(std::string("UPDATE reply SET status = 'sending', attempts = attempts + 1 WHERE id IN "
                                    "(SELECT id FROM reply WHERE status = 'queued' AND next_try_at <= ?1 ORDER BY "
                                    "next_try_at, id LIMIT ?2) RETURNING ") +
                        reply_columns)),
      sent_(db.prepare("UPDATE reply SET status = 'sent', modem = ?2, message_reference = ?3, sent_at = ?4, "
                       "error = '' WHERE id = ?1 AND status = 'sending'")),
      // Delay doubles per attempt from ?4 up to ?5 (shift capped so it cannot overflow).
      failed_(db.prepare("UPDATE reply SET status = CASE WHEN attempts >= ?6 THEN 'failed' ELSE 'queued' END, "
                         "next_try_at = ?3 + min(?4 << min(max(attempts - 1, 0), 20), ?5), modem = ?2, error = ?7 "
                         "WHERE id = ?1 AND status = 'sending' RETURNING status")),
      requeue_(db.prepare("UPDATE reply SET status = 'queued', next_try_at = ?1 WHERE status = 'sending'")),
      count_since_(db.prepare("SELECT count(*) FROM reply WHERE destination = ?1 AND created_at >= ?2")),
      next_due_(db.prepare("SELECT min(next_try_at) FROM reply WHERE status = 'queued'")),
      get_(db.prepare(std::string("SELECT ") + reply_columns + " FROM reply WHERE id = ?1")),
      with_errors_(db.prepare(std::string("SELECT ") + reply_columns +
                              " FROM reply WHERE error <> '' AND status IN ('queued', 'failed') ORDER BY id DESC "
                              "LIMIT ?1")),
      oldest_queued_(db.prepare("SELECT min(created_at) FROM reply WHERE status = 'queued'")) {}

Result<std::int64_t> OutboxTable::enqueue(const ReplyRecord& r, SystemTime now) {
    StatementUse s(enqueue_);
    int rc = s->bind_all(r.message_id, r.report_id, r.destination, r.text, to_millis(now), r.kind);
    if (rc == SQLITE_OK) rc = s->step();
    if (rc != SQLITE_DONE) return db_.error("queue reply", rc);
    return db_.last_insert_rowid();
}

Result<std::vector<StoredReply>> OutboxTable::claim_due(SystemTime now, int limit) {
    StatementUse s(claim_);
    int rc = s->bind_all(to_millis(now), limit > 0 ? limit : -1);
    std::vector<StoredReply> out;
    if (rc == SQLITE_OK)
        while ((rc = s->step()) == SQLITE_ROW) out.push_back(read_reply(*s));
    if (rc != SQLITE_DONE) return db_.error("claim replies", rc);
    // RETURNING rows come in no particular order.
    std::sort(out.begin(), out.end(), [](const StoredReply& a, const StoredReply& b) {
        return a.next_try_at != b.next_try_at ? a.next_try_at < b.next_try_at : a.id < b.id;
    });
    return out;
}

Result<void> OutboxTable::mark_sent(std::int64_t id, std::string_view modem, std::optional<int> message_reference,
                                    SystemTime at) {
    StatementUse s(sent_);
    int rc = s->bind_all(id, modem, message_reference, to_millis(at));
    if (rc == SQLITE_OK) rc = s->step();
    if (rc != SQLITE_DONE) return db_.error("mark reply sent", rc);
    if (db_.changes() != 1)
        return StoreError{SQLITE_CONSTRAINT,
                          "mark reply " + std::to_string(id) + " sent: it is not being sent (SQLITE_CONSTRAINT)"};
    return {};
}

Result<ReplyStatus> OutboxTable::mark_failed(std::int64_t id, std::string_view modem, std::string_view error,
                                             SystemTime now, const RetryPolicy& policy) {
    StatementUse s(failed_);
    int rc =
        s->bind_all(id, modem, to_millis(now), millis(policy.first), millis(policy.max), policy.max_attempts, error);
    if (rc == SQLITE_OK) rc = s->step();
    if (rc == SQLITE_DONE)
        return StoreError{SQLITE_CONSTRAINT,
                          "mark reply " + std::to_string(id) + " failed: it is not being sent (SQLITE_CONSTRAINT)"};
    if (rc != SQLITE_ROW) return db_.error("mark reply failed", rc);
    ReplyStatus status = status_from(s->text(0));
    rc = s->step();
    if (rc != SQLITE_DONE) return db_.error("mark reply failed", rc);
    return status;
}

Result<int> OutboxTable::requeue_sending(SystemTime now) {
    StatementUse s(requeue_);
    int rc = s->bind(1, to_millis(now));
    if (rc == SQLITE_OK) rc = s->step();
    if (rc != SQLITE_DONE) return db_.error("requeue interrupted replies", rc);
    return db_.changes();
}

Result<int> OutboxTable::count_since(std::string_view destination, SystemTime since) {
    StatementUse s(count_since_);
    int rc = s->bind_all(destination, to_millis(since));
    if (rc == SQLITE_OK) rc = s->step();
    if (rc != SQLITE_ROW) return db_.error("count replies", rc == SQLITE_DONE ? SQLITE_ERROR : rc);
    return s->integer(0);
}

Result<std::optional<SystemTime>> OutboxTable::next_due() {
    StatementUse s(next_due_);
    int rc = s->step();
    if (rc != SQLITE_ROW) return db_.error("next reply due", rc == SQLITE_DONE ? SQLITE_ERROR : rc);
    if (s->is_null(0)) return std::optional<SystemTime>();
    return std::optional<SystemTime>(from_millis(s->int64(0)));
}

Result<std::optional<StoredReply>> OutboxTable::get(std::int64_t id) {
    StatementUse s(get_);
    int rc = s->bind(1, id);
    if (rc == SQLITE_OK) rc = s->step();
    if (rc == SQLITE_ROW) return std::optional<StoredReply>(read_reply(*s));
    if (rc != SQLITE_DONE) return db_.error("load reply", rc);
    return std::optional<StoredReply>();
}

Result<std::vector<StoredReply>> OutboxTable::with_errors(int limit) {
    StatementUse s(with_errors_);
    int rc = s->bind(1, limit > 0 ? limit : -1);
    std::vector<StoredReply> out;
    if (rc == SQLITE_OK)
        while ((rc = s->step()) == SQLITE_ROW) out.push_back(read_reply(*s));
    if (rc != SQLITE_DONE) return db_.error("load replies with errors", rc);
    return out;
}

Result<std::optional<SystemTime>> OutboxTable::oldest_queued() {
    StatementUse s(oldest_queued_);
    int rc = s->step();
    if (rc != SQLITE_ROW) return db_.error("oldest queued reply", rc == SQLITE_DONE ? SQLITE_ERROR : rc);
    if (s->is_null(0)) return std::optional<SystemTime>();
    return std::optional<SystemTime>(from_millis(s->int64(0)));
}

}  // namespace smsgw::store
