// The HQ outbox's reads and the push state's writes; the entries themselves are written by triggers (schema.cpp).
#include "daemon/store/hq_outbox_table.hpp"

#include "daemon/store/hq_rows.hpp"

#include <sqlite3.h>

namespace smsgw::store {

namespace {

// One SELECT that reads each entry's row as JSON by its kind, so the worker needs no per-kind code.
std::string batch_sql() {
    std::string sql = "SELECT o.id, o.kind, CASE o.kind";
    for (const HqKind& k : hq_kinds()) {
        sql += " WHEN '" + std::string(k.kind) + "' THEN (SELECT json_object('local_id', t." + std::string(k.id_column);
        for (const HqColumn& c : k.columns) sql += ", '" + std::string(c.name) + "', t." + std::string(c.name);
        sql += ") FROM " + std::string(k.table) + " t WHERE t." + std::string(k.id_column) + " = o.local_id)";
    }
    sql += " END FROM hq_outbox o WHERE o.id > ?1 ORDER BY o.id LIMIT ?2";
    return sql;
}

}  // namespace

HqOutboxTable::HqOutboxTable(Database& db)
    : db_(db),
      get_(db.prepare("SELECT gateway_id, pushed_through, pushed_at, last_error, failing_since, "
                      "(SELECT coalesce(max(id), 0) FROM hq_outbox), enabled_at FROM hq_push WHERE id = 1")),
      insert_(db.prepare("INSERT INTO hq_push (id, gateway_id, enabled_at) VALUES (1, ?1, ?2)")),
      batch_(db.prepare(batch_sql())),
      ok_(db.prepare("UPDATE hq_push SET pushed_through = max(pushed_through, ?1), pushed_at = ?2, last_error = '', "
                     "failing_since = NULL WHERE id = 1")),
      failed_(db.prepare("UPDATE hq_push SET last_error = ?1, failing_since = coalesce(failing_since, ?2) WHERE id = 1")),
      pending_(db.prepare("SELECT count(*), min(created_at) FROM hq_outbox WHERE id > ?1")) {}

Result<HqEnableOutcome> HqOutboxTable::enable(const std::string& gateway_id, SystemTime now) {
    auto current = state();
    if (!current) return current.error();
    HqEnableOutcome out;
    if (*current) {
        if ((*current)->gateway_id != gateway_id) out.other_gateway_id = (*current)->gateway_id;
        return out;
    }
    {
        StatementUse s(insert_);
        int rc = s->bind_all(gateway_id, to_millis(now));
        if (rc == SQLITE_OK) rc = s->step();
        if (rc != SQLITE_DONE) return db_.error("enable the HQ outbox", rc);
    }
    // Rows written before [hq] existed: queued in table order (the triggers take it from here).
    for (const HqKind& k : hq_kinds()) {
        const std::string sql = "INSERT OR IGNORE INTO hq_outbox (kind, local_id, created_at) SELECT '" +
                                std::string(k.kind) + "', " + std::string(k.id_column) + ", " +
                                std::to_string(to_millis(now)) + " FROM " + std::string(k.table) + " ORDER BY " +
                                std::string(k.id_column);
        if (auto r = db_.exec("queue earlier rows for HQ", sql); !r) return r.error();
        out.backfilled += db_.changes();
    }
    out.first_time = true;
    return out;
}

Result<std::vector<HqOutboxEntry>> HqOutboxTable::batch(std::int64_t after_id, int limit) {
    StatementUse s(batch_);
    int rc = s->bind_all(after_id, limit);
    if (rc != SQLITE_OK) return db_.error("read the HQ outbox", rc);
    std::vector<HqOutboxEntry> out;
    while ((rc = s->step()) == SQLITE_ROW) out.push_back({s->int64(0), s->text(1), s->is_null(2) ? "" : s->text(2)});
    if (rc != SQLITE_DONE) return db_.error("read the HQ outbox", rc);
    return out;
}

Result<void> HqOutboxTable::record(std::int64_t pushed_through, SystemTime at, const std::string& error) {
    Statement& st = error.empty() ? ok_ : failed_;
    StatementUse s(st);
    int rc = error.empty() ? s->bind_all(pushed_through, to_millis(at)) : s->bind_all(error, to_millis(at));
    if (rc == SQLITE_OK) rc = s->step();
    if (rc != SQLITE_DONE) return db_.error("record the HQ push", rc);
    return {};
}

Result<std::optional<HqPushState>> HqOutboxTable::state() {
    HqPushState st;
    {
        StatementUse s(get_);
        int rc = s->step();
        if (rc == SQLITE_DONE) return std::optional<HqPushState>{};
        if (rc != SQLITE_ROW) return db_.error("read the HQ push state", rc);
        st.gateway_id = s->text(0);
        st.pushed_through = s->int64(1);
        if (auto t = s->optional_int64(2)) st.pushed_at = from_millis(*t);
        st.last_error = s->text(3);
        if (auto t = s->optional_int64(4)) st.failing_since = from_millis(*t);
        st.last_id = s->int64(5);
        st.enabled_at = from_millis(s->int64(6));
    }
    StatementUse s(pending_);
    int rc = s->bind_all(st.pushed_through);
    if (rc == SQLITE_OK) rc = s->step();
    if (rc != SQLITE_ROW) return db_.error("count the HQ outbox", rc);
    st.pending = s->int64(0);
    if (auto t = s->optional_int64(1)) st.oldest_pending = from_millis(*t);
    return std::optional<HqPushState>{std::move(st)};
}

}  // namespace smsgw::store
