// What the store remembers of the link to HQ: since when exports fail, when HQ last got an SMS summary.
#include "daemon/store/hq_link_table.hpp"

#include <sqlite3.h>

namespace smsgw::store {

namespace {

Result<std::optional<SystemTime>> optional_time(Database& db, Statement& st, const char* what) {
    StatementUse s(st);
    int rc = s->step();
    if (rc != SQLITE_ROW) return db.error(what, rc == SQLITE_DONE ? SQLITE_ERROR : rc);
    if (s->is_null(0)) return std::optional<SystemTime>();
    return std::optional<SystemTime>(from_millis(s->int64(0)));
}

}  // namespace

HqLinkTable::HqLinkTable(Database& db)
    : db_(db),
      // Failures are exports that could not be written (since the last one that was) and deliveries
      // that did not arrive; only a verified delivery ends them. Export rows written before schema 7
      // with status 'ok' meant "the command ran", which is why they still end export failures.
      failing_since_(db.prepare(
          "SELECT min(t) FROM ("
          " SELECT started_at AS t FROM export WHERE status = 'failed' AND id > "
          "  coalesce((SELECT max(id) FROM export WHERE status = 'ok'), 0)"
          " UNION ALL SELECT started_at FROM delivery WHERE ok = 0"
          ") WHERE t > coalesce((SELECT max(started_at) FROM delivery WHERE ok = 1), -1)")),
      last_summary_(db.prepare("SELECT max(created_at) FROM reply WHERE kind = 'hq_summary'")) {}

Result<std::optional<SystemTime>> HqLinkTable::failing_since() {
    return optional_time(db_, failing_since_, "exports failing since");
}

Result<std::optional<SystemTime>> HqLinkTable::last_summary() {
    return optional_time(db_, last_summary_, "last HQ summary");
}

}  // namespace smsgw::store
