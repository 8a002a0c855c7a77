// The `audit` table: rows are chained to the last one inside the appending transaction.
#include "daemon/store/audit_table.hpp"

#include <sqlite3.h>

#include <algorithm>

namespace smsgw::store {

AuditTable::AuditTable(Database& db)
    : db_(db),
      last_(db.prepare("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1")),
      insert_(db.prepare("INSERT INTO audit (id, at, operator, action, verb, report_id, station, before, after, "
                         "reason, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")),
      since_(db.prepare("SELECT id, at, operator, action, verb, report_id, station, before, after, reason, "
                        "prev_hash, hash FROM audit WHERE id > ?1 ORDER BY id")),
      head_(db.prepare("SELECT (SELECT count(*) FROM audit), (SELECT coalesce(max(id), 0) FROM audit), "
                       "(SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'audit'), "
                       "coalesce((SELECT hash FROM audit ORDER BY id DESC LIMIT 1), '')")) {}

Result<StoredAudit> AuditTable::append(const AuditEntry& entry, SystemTime at, const AuditHasher& hasher) {
    StoredAudit row;
    row.entry = entry;
    row.at = at;
    {
        StatementUse s(last_);
        int rc = s->step();
        if (rc == SQLITE_ROW) {
            row.prev_hash = s->text(1);
            row.id = s->int64(0);
        } else if (rc != SQLITE_DONE) return db_.error("read the audit trail's last row", rc);
    }
    // The next id: past any id ever handed out, so a deleted newest row is never reused.
    auto seq = db_.query_int("read the audit sequence",
                             "SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'audit'");
    if (!seq) return seq.error();
    row.id = std::max(row.id, *seq) + 1;
    row.hash = hasher(row);
    StatementUse s(insert_);
    int rc = s->bind_all(row.id, to_millis(at), entry.operator_name, entry.action, entry.verb, entry.report_id,
                         entry.station, entry.before, entry.after, entry.reason, row.prev_hash, row.hash);
    if (rc == SQLITE_OK) rc = s->step();
    if (rc != SQLITE_DONE) return db_.error("append to the audit trail", rc);
    return row;
}

Result<std::vector<StoredAudit>> AuditTable::since(std::int64_t after_id) {
    StatementUse s(since_);
    int rc = s->bind(1, after_id);
    std::vector<StoredAudit> out;
    if (rc == SQLITE_OK)
        while ((rc = s->step()) == SQLITE_ROW) {
            StoredAudit a;
            a.id = s->int64(0);
            a.at = from_millis(s->int64(1));
            a.entry.operator_name = s->text(2);
            a.entry.action = s->text(3);
            a.entry.verb = s->text(4);
            a.entry.report_id = s->optional_int64(5);
            a.entry.station = s->text(6);
            a.entry.before = s->text(7);
            a.entry.after = s->text(8);
            a.entry.reason = s->text(9);
            a.prev_hash = s->text(10);
            a.hash = s->text(11);
            out.push_back(std::move(a));
        }
    if (rc != SQLITE_DONE) return db_.error("read the audit trail", rc);
    return out;
}

Result<AuditHead> AuditTable::head() {
    StatementUse s(head_);
    int rc = s->step();
    if (rc != SQLITE_ROW) return db_.error("read the audit trail's head", rc == SQLITE_DONE ? SQLITE_ERROR : rc);
    return AuditHead{s->int64(0), s->int64(1), s->int64(2), s->text(3)};
}

}  // namespace smsgw::store
