// The `delivery` table (schema 7): each attempt of `smsgw push` to get exports to HQ, and whether HQ has them.
#include "daemon/store/deliveries_table.hpp"

#include <sqlite3.h>

namespace smsgw::store {

namespace {

constexpr const char* columns =
    "SELECT id, attempt, export, started_at, finished_at, ok, stage, command, exit_code, detail FROM delivery ";

}  // namespace

DeliveriesTable::DeliveriesTable(Database& db)
    : db_(db),
      insert_(db.prepare("INSERT OR IGNORE INTO delivery (attempt, export, started_at, finished_at, ok, stage, command, "
                         "exit_code, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")),
      last_(db.prepare(std::string(columns) + "ORDER BY started_at DESC, id DESC LIMIT 1")),
      last_ok_(db.prepare(std::string(columns) + "WHERE ok = 1 ORDER BY started_at DESC, id DESC LIMIT 1")) {}

Result<bool> DeliveriesTable::record(const DeliveryRecord& d) {
    StatementUse s(insert_);
    int rc = s->bind_all(d.attempt, d.export_name, to_millis(d.started_at), to_millis(d.finished_at),
                         d.ok ? 1 : 0, d.stage, d.command, d.exit_code, d.detail);
    if (rc == SQLITE_OK) rc = s->step();
    if (rc != SQLITE_DONE) return db_.error("record a delivery to HQ", rc);
    return db_.changes() == 1;
}

Result<std::optional<DeliveryRecord>> DeliveriesTable::last() { return one(last_, "load the last delivery"); }

Result<std::optional<DeliveryRecord>> DeliveriesTable::last_ok() { return one(last_ok_, "load the last delivery"); }

Result<std::optional<DeliveryRecord>> DeliveriesTable::one(Statement& st, const char* what) {
    StatementUse s(st);
    int rc = s->step();
    if (rc == SQLITE_DONE) return std::optional<DeliveryRecord>();
    if (rc != SQLITE_ROW) return db_.error(what, rc);
    DeliveryRecord d;
    d.id = s->int64(0);
    d.attempt = s->text(1);
    d.export_name = s->text(2);
    d.started_at = from_millis(s->int64(3));
    d.finished_at = from_millis(s->int64(4));
    d.ok = s->int64(5) != 0;
    d.stage = s->text(6);
    d.command = s->text(7);
    if (!s->is_null(8)) d.exit_code = static_cast<int>(s->int64(8));
    d.detail = s->text(9);
    return std::optional<DeliveryRecord>(std::move(d));
}

}  // namespace smsgw::store
