// The `part` table: every SMS part as delivered, deduplicated by idempotency key, linked to its message.
#include "daemon/store/parts_table.hpp"

#include <sqlite3.h>

namespace smsgw::store {

namespace {

constexpr const char* part_columns =
    "id, modem, imei, sim_location, sender, smsc_time, received_at, concat_ref, concat_part, concat_total, "
    "text, coding";

ingest::StoredPart read_part(const Statement& s) {
    ingest::StoredPart sp;
    sp.id = s.int64(0);
    ingest::Part& p = sp.part;
    p.modem = s.text(1);
    p.imei = s.text(2);
    p.location = s.integer(3);
    p.sender = s.text(4);
    p.smsc_time = s.text(5);
    p.received_at = from_millis(s.int64(6));
    p.concat_ref = s.integer(7);
    p.concat_part = s.integer(8);
    p.concat_total = s.integer(9);
    p.text = s.text(10);
    p.coding = s.text(11);
    return sp;
}

}  // namespace

PartsTable::PartsTable(Database& db)
    : db_(db),
      insert_(db.prepare(
          "INSERT INTO part (idem_key, modem, imei, sim_location, sender, smsc_time, received_at, concat_ref, "
          "concat_part, concat_total, text, coding, stored_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
          "?11, ?12, ?13) ON CONFLICT (idem_key) DO NOTHING")),
      unlinked_(db.prepare(std::string("SELECT ") + part_columns + " FROM part WHERE message_id IS NULL ORDER BY id")),
      link_(db.prepare("UPDATE part SET message_id = ?2 WHERE id = ?1 AND message_id IS NULL")),
      of_message_(db.prepare(std::string("SELECT ") + part_columns +
                             " FROM part WHERE message_id = ?1 ORDER BY "
                             "concat_part, id")) {}

Result<std::optional<std::int64_t>> PartsTable::insert(const ingest::Part& p, std::string_view key,
                                                       SystemTime stored_at) {
    StatementUse s(insert_);
    int rc = s->bind_all(key, p.modem, p.imei, p.location, p.sender, p.smsc_time, to_millis(p.received_at),
                         p.concat_ref, p.concat_part, p.concat_total, p.text, p.coding, to_millis(stored_at));
    if (rc != SQLITE_OK) return db_.error("store part (bind)", rc);
    rc = s->step();
    if (rc != SQLITE_DONE) return db_.error("store part", rc);
    if (db_.changes() == 0) return std::optional<std::int64_t>();
    return std::optional<std::int64_t>(db_.last_insert_rowid());
}

Result<std::vector<ingest::StoredPart>> PartsTable::read_all(Statement& stmt, std::string_view what) {
    std::vector<ingest::StoredPart> out;
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW) out.push_back(read_part(stmt));
    if (rc != SQLITE_DONE) return db_.error(what, rc);
    return out;
}

Result<std::vector<ingest::StoredPart>> PartsTable::unlinked() {
    StatementUse s(unlinked_);
    return read_all(*s, "load unlinked parts");
}

Result<void> PartsTable::link(std::int64_t part_id, std::int64_t message_id) {
    StatementUse s(link_);
    int rc = s->bind_all(part_id, message_id);
    if (rc == SQLITE_OK) rc = s->step();
    if (rc != SQLITE_DONE) return db_.error("link part to message", rc);
    if (db_.changes() != 1)
        return StoreError{SQLITE_CONSTRAINT,
                          "link part " + std::to_string(part_id) + " to message " + std::to_string(message_id) +
                              ": the part does not exist or already belongs to a message (SQLITE_CONSTRAINT)"};
    return {};
}

Result<std::vector<ingest::StoredPart>> PartsTable::of_message(std::int64_t message_id) {
    StatementUse s(of_message_);
    if (int rc = s->bind(1, message_id); rc != SQLITE_OK) return db_.error("load parts of message", rc);
    return read_all(*s, "load parts of message");
}

}  // namespace smsgw::store
