// The `message` table: assembled messages and whether the pipeline has processed them yet.
#include "daemon/store/messages_table.hpp"

#include <sqlite3.h>

#include <charconv>

namespace smsgw::store {

namespace {

constexpr const char* message_columns =
    "id, modem, imei, sender, smsc_time, received_at, concat_ref, concat_total, text, coding, assembly, "
    "missing_parts, assembled_at, state";

std::string join_numbers(const std::vector<int>& v) {
    std::string s;
    for (int n : v) {
        if (!s.empty()) s += ',';
        s += std::to_string(n);
    }
    return s;
}

std::vector<int> split_numbers(const std::string& s) {
    std::vector<int> v;
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t j = s.find(',', i);
        if (j == std::string::npos) j = s.size();
        int n = 0;
        if (std::from_chars(s.data() + i, s.data() + j, n).ec == std::errc()) v.push_back(n);
        i = j + 1;
    }
    return v;
}

ingest::Assembly assembly_from(const std::string& s) {
    if (s == "timed_out") return ingest::Assembly::timed_out;
    if (s == "malformed") return ingest::Assembly::malformed;
    return ingest::Assembly::complete;
}

StoredMessage read_message(const Statement& s) {
    StoredMessage sm;
    sm.id = s.int64(0);
    ingest::AssembledMessage& m = sm.message;
    m.modem = s.text(1);
    m.imei = s.text(2);
    m.sender = s.text(3);
    m.smsc_time = s.text(4);
    m.received_at = from_millis(s.int64(5));
    m.concat_ref = s.integer(6);
    m.concat_total = s.integer(7);
    m.text = s.text(8);
    m.coding = s.text(9);
    m.assembly = assembly_from(s.text(10));
    m.missing = split_numbers(s.text(11));
    sm.assembled_at = from_millis(s.int64(12));
    sm.state = s.text(13) == "processed" ? MessageState::processed : MessageState::pending;
    return sm;
}

}  // namespace

MessagesTable::MessagesTable(Database& db)
    : db_(db),
      insert_(db.prepare("INSERT INTO message (modem, imei, sender, smsc_time, received_at, concat_ref, concat_total, "
                         "text, coding, assembly, missing_parts, assembled_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                         "?9, ?10, ?11, ?12)")),
      pending_(db.prepare(std::string("SELECT ") + message_columns +
                          " FROM message WHERE state = 'pending' ORDER BY id LIMIT ?1")),
      processed_(
          db.prepare("UPDATE message SET state = 'processed', processed_at = ?2 WHERE id = ?1 AND state = 'pending'")),
      get_(db.prepare(std::string("SELECT ") + message_columns + " FROM message WHERE id = ?1")) {}

Result<std::int64_t> MessagesTable::insert(const ingest::AssembledMessage& m, SystemTime assembled_at) {
    StatementUse s(insert_);
    int rc =
        s->bind_all(m.modem, m.imei, m.sender, m.smsc_time, to_millis(m.received_at), m.concat_ref, m.concat_total,
                    m.text, m.coding, ingest::to_string(m.assembly), join_numbers(m.missing), to_millis(assembled_at));
    if (rc == SQLITE_OK) rc = s->step();
    if (rc != SQLITE_DONE) return db_.error("store message", rc);
    return db_.last_insert_rowid();
}

Result<std::vector<StoredMessage>> MessagesTable::pending(int limit) {
    StatementUse s(pending_);
    int rc = s->bind(1, limit > 0 ? limit : -1);
    std::vector<StoredMessage> out;
    if (rc == SQLITE_OK)
        while ((rc = s->step()) == SQLITE_ROW) out.push_back(read_message(*s));
    if (rc != SQLITE_DONE) return db_.error("load pending messages", rc);
    return out;
}

Result<void> MessagesTable::mark_processed(std::int64_t id, SystemTime at) {
    StatementUse s(processed_);
    int rc = s->bind_all(id, to_millis(at));
    if (rc == SQLITE_OK) rc = s->step();
    if (rc != SQLITE_DONE) return db_.error("mark message processed", rc);
    if (db_.changes() != 1)
        return StoreError{SQLITE_CONSTRAINT, "mark message " + std::to_string(id) +
                                                 " processed: no such pending message (SQLITE_CONSTRAINT)"};
    return {};
}

Result<std::optional<StoredMessage>> MessagesTable::get(std::int64_t id) {
    StatementUse s(get_);
    int rc = s->bind(1, id);
    if (rc == SQLITE_OK) rc = s->step();
    if (rc == SQLITE_ROW) return std::optional<StoredMessage>(read_message(*s));
    if (rc != SQLITE_DONE) return db_.error("load message", rc);
    return std::optional<StoredMessage>();
}

}  // namespace smsgw::store
