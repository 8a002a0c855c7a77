// The `reminder` table: which monitors were reminded of which window, so a window texts each once.
#include "daemon/store/reminders_table.hpp"

#include <sqlite3.h>

namespace smsgw::store {

RemindersTable::RemindersTable(Database& db)
    : db_(db),
      insert_(db.prepare("INSERT INTO reminder (window, form, station, phone, reply_id, queued_at) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")),
      of_window_(db.prepare("SELECT window, form, station, phone, reply_id, queued_at FROM reminder "
                            "WHERE window = ?1 ORDER BY id")),
      reported_(db.prepare("SELECT DISTINCT station FROM report WHERE form = ?1 AND is_current = 1 "
                           "AND status IN ('accepted', 'warning') ORDER BY station")),
      first_start_(db.prepare("SELECT min(saved_at) FROM codebook")),
      first_reminders_(db.prepare("SELECT station, min(queued_at) FROM reminder GROUP BY station ORDER BY station")) {}

Result<std::vector<std::pair<std::string, SystemTime>>> RemindersTable::first_reminders() {
    StatementUse s(first_reminders_);
    std::vector<std::pair<std::string, SystemTime>> out;
    int rc;
    while ((rc = s->step()) == SQLITE_ROW) out.emplace_back(s->text(0), from_millis(s->int64(1)));
    if (rc != SQLITE_DONE) return db_.error("read the reminders", rc);
    return out;
}

Result<std::int64_t> RemindersTable::insert(const ReminderRecord& r, SystemTime now) {
    StatementUse s(insert_);
    int rc = s->bind_all(r.window, r.form, r.station, r.phone, r.reply_id, to_millis(now));
    if (rc == SQLITE_OK) rc = s->step();
    if (rc != SQLITE_DONE) return db_.error("record reminder", rc);
    return db_.last_insert_rowid();
}

Result<std::vector<ReminderRecord>> RemindersTable::of_window(std::string_view window) {
    StatementUse s(of_window_);
    int rc = s->bind(1, window);
    std::vector<ReminderRecord> out;
    if (rc == SQLITE_OK)
        while ((rc = s->step()) == SQLITE_ROW)
            out.push_back({s->text(0), s->text(1), s->text(2), s->text(3), s->int64(4), from_millis(s->int64(5))});
    if (rc != SQLITE_DONE) return db_.error("load reminders", rc);
    return out;
}

Result<std::vector<std::string>> RemindersTable::reported_stations(std::string_view form) {
    StatementUse s(reported_);
    int rc = s->bind(1, form);
    std::vector<std::string> out;
    if (rc == SQLITE_OK)
        while ((rc = s->step()) == SQLITE_ROW) out.push_back(s->text(0));
    if (rc != SQLITE_DONE) return db_.error("load reported stations", rc);
    return out;
}

Result<std::optional<SystemTime>> RemindersTable::first_start() {
    StatementUse s(first_start_);
    int rc = s->step();
    if (rc != SQLITE_ROW) return db_.error("first start", rc == SQLITE_DONE ? SQLITE_ERROR : rc);
    if (s->is_null(0)) return std::optional<SystemTime>();
    return std::optional<SystemTime>(from_millis(s->int64(0)));
}

}  // namespace smsgw::store
