// The `event` table: the operator-readable log of what happened, appended by the daemon.
#include "daemon/store/events_table.hpp"

#include <sqlite3.h>

namespace smsgw::store {

namespace {

EventLevel level_from(const std::string& s) {
    if (s == "debug") return EventLevel::debug;
    if (s == "warning") return EventLevel::warning;
    if (s == "error") return EventLevel::error;
    return EventLevel::info;
}

}  // namespace

EventsTable::EventsTable(Database& db)
    : db_(db),
      append_(db.prepare("INSERT INTO event (at, level, category, text) VALUES (?1, ?2, ?3, ?4)")),
      since_(db.prepare("SELECT id, at, level, category, text FROM event WHERE id > ?1 ORDER BY id LIMIT ?2")) {}

Result<std::int64_t> EventsTable::append(EventLevel level, std::string_view category, std::string_view text,
                                         SystemTime at) {
    StatementUse s(append_);
    int rc = s->bind_all(to_millis(at), to_string(level), category, text);
    if (rc == SQLITE_OK) rc = s->step();
    if (rc != SQLITE_DONE) return db_.error("append event", rc);
    return db_.last_insert_rowid();
}

Result<std::vector<EventRecord>> EventsTable::since(std::int64_t after_id, int limit) {
    StatementUse s(since_);
    int rc = s->bind_all(after_id, limit > 0 ? limit : -1);
    std::vector<EventRecord> out;
    if (rc == SQLITE_OK)
        while ((rc = s->step()) == SQLITE_ROW) {
            EventRecord e;
            e.id = s->int64(0);
            e.at = from_millis(s->int64(1));
            e.level = level_from(s->text(2));
            e.category = s->text(3);
            e.text = s->text(4);
            out.push_back(std::move(e));
        }
    if (rc != SQLITE_DONE) return db_.error("load events", rc);
    return out;
}

}  // namespace smsgw::store
