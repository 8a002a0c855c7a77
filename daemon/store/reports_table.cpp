// The `report` table: every version of every report with its verdict, current and conflict flags.
#include "daemon/store/reports_table.hpp"

#include <sqlite3.h>

namespace smsgw::store {

namespace {

constexpr const char* report_columns =
    "id, version, superseded_by, message_id, form, station, sender, status, disposition, values_json, "
    "incidents_json, errors_json, warnings_json, normalized, comment, codebook_version, reference, is_current, "
    "conflict, created_at, channel, operator";

std::string select(const char* where_order) {
    return std::string("SELECT ") + report_columns + " FROM report " + where_order;
}

// The database's spelling, kept here (not codebooks' to_string) because the CHECK constraint fixes it.
std::string_view status_name(Status s) {
    switch (s) {
        case Status::accepted: return "accepted";
        case Status::warning: return "warning";
        case Status::rejected: return "rejected";
    }
    return "rejected";
}

Status status_from(const std::string& s) {
    if (s == "accepted") return Status::accepted;
    if (s == "warning") return Status::warning;
    return Status::rejected;
}

StoredReport read_report(const Statement& s) {
    StoredReport sr;
    sr.id = s.int64(0);
    sr.version = s.integer(1);
    sr.superseded_by = s.optional_int64(2);
    ReportRecord& r = sr.record;
    r.message_id = s.int64(3);
    r.form = s.text(4);
    r.station = s.text(5);
    r.sender = s.text(6);
    r.status = status_from(s.text(7));
    r.disposition = s.text(8);
    r.values_json = s.text(9);
    r.incidents_json = s.text(10);
    r.errors_json = s.text(11);
    r.warnings_json = s.text(12);
    r.normalized = s.text(13);
    r.comment = s.text(14);
    r.codebook_version = s.text(15);
    r.reference = s.text(16);
    r.current = s.integer(17) != 0;
    r.conflict = s.integer(18) != 0;
    r.created_at = from_millis(s.int64(19));
    r.channel = s.text(20) == "phone" ? Channel::phone : Channel::sms;
    r.operator_name = s.text(21);
    return sr;
}

}  // namespace

ReportsTable::ReportsTable(Database& db)
    : db_(db),
      insert_(db.prepare(
          "INSERT INTO report (message_id, form, station, sender, version, status, disposition, values_json, "
          "incidents_json, errors_json, warnings_json, normalized, comment, codebook_version, reference, is_current, "
          "conflict, created_at, channel, operator) VALUES (?1, ?2, ?3, ?4, (SELECT coalesce(max(version), 0) + 1 FROM "
          "report WHERE form = ?2 AND station = ?3), ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
          "?19) "
          "RETURNING id, version")),
      current_(db.prepare(select("WHERE form = ?1 AND station = ?2 AND is_current = 1 ORDER BY id"))),
      history_(db.prepare(select("WHERE form = ?1 AND station = ?2 ORDER BY version"))),
      all_current_(db.prepare(select("WHERE is_current = 1 ORDER BY id"))),
      all_versions_(db.prepare(select("WHERE id > ?1 ORDER BY id LIMIT ?2"))),
      by_reference_(db.prepare(select("WHERE reference = ?1 ORDER BY id"))),
      of_message_(db.prepare(select("WHERE message_id = ?1 ORDER BY id"))),
      supersede_(db.prepare("UPDATE report SET is_current = 0, superseded_by = ?2 WHERE id = ?1")),
      set_current_(db.prepare("UPDATE report SET is_current = ?2 WHERE id = ?1")),
      set_conflict_(db.prepare("UPDATE report SET conflict = ?2 WHERE id = ?1")) {}

Result<StoredReport> ReportsTable::insert(const ReportRecord& r, SystemTime at) {
    StatementUse s(insert_);
    int rc = s->bind_all(r.message_id, r.form, r.station, r.sender, status_name(r.status), r.disposition, r.values_json,
                         r.incidents_json, r.errors_json, r.warnings_json, r.normalized, r.comment, r.codebook_version,
                         r.reference, r.current ? 1 : 0, r.conflict ? 1 : 0, to_millis(at),
                         r.channel == Channel::phone ? "phone" : "sms", r.operator_name);
    if (rc == SQLITE_OK) rc = s->step();
    if (rc != SQLITE_ROW) return db_.error("store report", rc == SQLITE_DONE ? SQLITE_ERROR : rc);
    StoredReport sr;
    sr.id = s->int64(0);
    sr.version = s->integer(1);
    sr.record = r;
    sr.record.created_at = at;
    // RETURNING hands out rows before the statement has finished; finish it so errors surface here.
    rc = s->step();
    if (rc != SQLITE_DONE) return db_.error("store report", rc);
    return sr;
}

Result<std::vector<StoredReport>> ReportsTable::read_all(Statement& stmt, std::string_view what) {
    std::vector<StoredReport> out;
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW) out.push_back(read_report(stmt));
    if (rc != SQLITE_DONE) return db_.error(what, rc);
    return out;
}

Result<std::vector<StoredReport>> ReportsTable::current(std::string_view form, std::string_view station) {
    StatementUse s(current_);
    if (int rc = s->bind_all(form, station); rc != SQLITE_OK) return db_.error("load current reports", rc);
    return read_all(*s, "load current reports");
}

Result<std::vector<StoredReport>> ReportsTable::history(std::string_view form, std::string_view station) {
    StatementUse s(history_);
    if (int rc = s->bind_all(form, station); rc != SQLITE_OK) return db_.error("load report history", rc);
    return read_all(*s, "load report history");
}

Result<std::vector<StoredReport>> ReportsTable::all_current() {
    StatementUse s(all_current_);
    return read_all(*s, "load all current reports");
}

Result<std::vector<StoredReport>> ReportsTable::all_versions(std::int64_t after_id, int limit) {
    StatementUse s(all_versions_);
    if (int rc = s->bind_all(after_id, limit > 0 ? limit : -1); rc != SQLITE_OK) return db_.error("load reports", rc);
    return read_all(*s, "load reports");
}

Result<std::vector<StoredReport>> ReportsTable::by_reference(std::string_view reference) {
    StatementUse s(by_reference_);
    if (int rc = s->bind(1, reference); rc != SQLITE_OK) return db_.error("find report by reference", rc);
    return read_all(*s, "find report by reference");
}

Result<std::vector<StoredReport>> ReportsTable::of_message(std::int64_t message_id) {
    StatementUse s(of_message_);
    if (int rc = s->bind(1, message_id); rc != SQLITE_OK) return db_.error("load reports of message", rc);
    return read_all(*s, "load reports of message");
}

Result<void> ReportsTable::update_one(Statement& stmt, std::string_view what, std::int64_t id, std::int64_t value) {
    StatementUse s(stmt);
    int rc = s->bind_all(id, value);
    if (rc == SQLITE_OK) rc = s->step();
    if (rc != SQLITE_DONE) return db_.error(what, rc);
    if (db_.changes() != 1)
        return StoreError{SQLITE_CONSTRAINT,
                          std::string(what) + ": no report " + std::to_string(id) + " (SQLITE_CONSTRAINT)"};
    return {};
}

Result<void> ReportsTable::supersede(std::int64_t old_id, std::int64_t new_id) {
    return update_one(supersede_, "supersede report", old_id, new_id);
}

Result<void> ReportsTable::set_current(std::int64_t id, bool current) {
    return update_one(set_current_, "set report current", id, current ? 1 : 0);
}

Result<void> ReportsTable::set_conflict(std::int64_t id, bool conflict) {
    return update_one(set_conflict_, "set report conflict", id, conflict ? 1 : 0);
}

}  // namespace smsgw::store
