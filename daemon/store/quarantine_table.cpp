// Quarantined SIM records: an insert that does nothing on the record's own key, then the stored row's id.
#include "daemon/store/quarantine_table.hpp"

#include <sqlite3.h>

#include <cctype>

namespace smsgw::store {

QuarantineTable::QuarantineTable(Database& db)
    : db_(db),
      // DO NOTHING only on the record's own key: any other constraint (the hex CHECK) still fails.
      insert_(db.prepare("INSERT INTO quarantine (modem, imei, location, error, reason, pdu_hex, detected_at) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                         "ON CONFLICT (modem, imei, location, error, pdu_hex) DO NOTHING")),
      find_(db.prepare("SELECT id FROM quarantine WHERE modem = ?1 AND imei = ?2 AND location = ?3 AND error = ?4 "
                       "AND pdu_hex = ?5")),
      count_(db.prepare("SELECT count(*) FROM quarantine")),
      all_(db.prepare("SELECT id, modem, imei, location, error, reason, pdu_hex, detected_at FROM quarantine "
                      "ORDER BY detected_at, id")) {}

Result<QuarantineOutcome> QuarantineTable::insert(const QuarantineRecord& r, SystemTime now) {
    // One spelling per record, so the UNIQUE key recognises it whatever case the caller used.
    std::string hex = r.pdu_hex;
    for (char& c : hex) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const SystemTime at = r.detected_at == SystemTime{} ? now : r.detected_at;
    {
        StatementUse s(insert_);
        int rc = s->bind_all(r.modem, r.imei, r.location, r.error, r.reason, hex, to_millis(at));
        if (rc == SQLITE_OK) rc = s->step();
        if (rc != SQLITE_DONE) return db_.error("quarantine SIM record", rc);
        if (db_.changes() == 1) return QuarantineOutcome{db_.last_insert_rowid(), true};
    }
    StatementUse s(find_);
    int rc = s->bind_all(r.modem, r.imei, r.location, r.error, hex);
    if (rc == SQLITE_OK) rc = s->step();
    if (rc != SQLITE_ROW) return db_.error("find quarantined SIM record", rc == SQLITE_DONE ? SQLITE_ERROR : rc);
    return QuarantineOutcome{s->int64(0), false};
}

Result<std::int64_t> QuarantineTable::count() {
    StatementUse s(count_);
    int rc = s->step();
    if (rc != SQLITE_ROW) return db_.error("count quarantined SIM records", rc == SQLITE_DONE ? SQLITE_ERROR : rc);
    return s->int64(0);
}

Result<std::vector<QuarantineRecord>> QuarantineTable::all() {
    StatementUse s(all_);
    std::vector<QuarantineRecord> out;
    int rc;
    while ((rc = s->step()) == SQLITE_ROW) {
        QuarantineRecord q;
        q.id = s->int64(0);
        q.modem = s->text(1);
        q.imei = s->text(2);
        q.location = s->integer(3);
        q.error = s->text(4);
        q.reason = s->text(5);
        q.pdu_hex = s->text(6);
        q.detected_at = from_millis(s->int64(7));
        out.push_back(std::move(q));
    }
    if (rc != SQLITE_DONE) return db_.error("load quarantined SIM records", rc);
    return out;
}

}  // namespace smsgw::store
