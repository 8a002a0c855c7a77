// Official rows: versioned like reports, one current version per (form, station).
#include "daemon/store/official_table.hpp"

#include <sqlite3.h>

#include <unordered_map>

namespace smsgw::store {

namespace {

constexpr const char* columns =
    "id, form, station, version, is_current, values_json, imported_at, source_file, source_sha256";

}  // namespace

OfficialTable::OfficialTable(Database& db)
    : db_(db),
      current_of_form_(db.prepare("SELECT id, station, version, values_json FROM official WHERE form = ?1 AND is_current = 1")),
      retire_(db.prepare("UPDATE official SET is_current = 0 WHERE id = ?1")),
      insert_(db.prepare("INSERT INTO official (form, station, version, is_current, values_json, imported_at, "
                         "source_file, source_sha256) VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6, ?7)")),
      current_(db.prepare(std::string("SELECT ") + columns + " FROM official WHERE is_current = 1 ORDER BY form, station")),
      history_(db.prepare(std::string("SELECT ") + columns +
                          " FROM official WHERE form = ?1 AND station = ?2 ORDER BY version")),
      count_(db.prepare("SELECT count(*) FROM official WHERE is_current = 1")) {}

Result<OfficialImportOutcome> OfficialTable::import(const OfficialSource& source, std::span<const OfficialEntry> entries,
                                                    SystemTime now) {
    struct Current {
        std::int64_t id;
        int version;
        std::string values_json;
    };
    std::unordered_map<std::string, Current> current;
    {
        StatementUse s(current_of_form_);
        int rc = s->bind(1, source.form);
        while (rc == SQLITE_OK || rc == SQLITE_ROW) {
            rc = s->step();
            if (rc == SQLITE_ROW) current.emplace(s->text(1), Current{s->int64(0), s->integer(2), s->text(3)});
        }
        if (rc != SQLITE_DONE) return db_.error("read current official rows", rc);
    }
    OfficialImportOutcome out;
    for (const OfficialEntry& e : entries) {
        int version = 1;
        if (auto it = current.find(e.station); it != current.end()) {
            if (it->second.values_json == e.values_json) {
                ++out.unchanged;
                continue;
            }
            StatementUse s(retire_);
            int rc = s->bind(1, it->second.id);
            if (rc == SQLITE_OK) rc = s->step();
            if (rc != SQLITE_DONE) return db_.error("retire official row", rc);
            version = it->second.version + 1;
            ++out.changed;
        } else {
            ++out.added;
        }
        StatementUse s(insert_);
        int rc = s->bind_all(source.form, e.station, version, e.values_json, to_millis(now), source.file, source.sha256);
        if (rc == SQLITE_OK) rc = s->step();
        if (rc != SQLITE_DONE) return db_.error("insert official row", rc);
    }
    return out;
}

Result<std::vector<StoredOfficial>> OfficialTable::rows(Statement& stmt, const char* what) {
    StatementUse s(stmt);
    std::vector<StoredOfficial> out;
    int rc;
    while ((rc = s->step()) == SQLITE_ROW) {
        StoredOfficial o;
        o.id = s->int64(0);
        o.form = s->text(1);
        o.station = s->text(2);
        o.version = s->integer(3);
        o.current = s->integer(4) != 0;
        o.values_json = s->text(5);
        o.imported_at = from_millis(s->int64(6));
        o.source_file = s->text(7);
        o.source_sha256 = s->text(8);
        out.push_back(std::move(o));
    }
    if (rc != SQLITE_DONE) return db_.error(what, rc);
    return out;
}

Result<std::vector<StoredOfficial>> OfficialTable::current() { return rows(current_, "read official rows"); }

Result<std::vector<StoredOfficial>> OfficialTable::history(const std::string& form, const std::string& station) {
    if (int rc = history_.bind_all(form, station); rc != SQLITE_OK) {
        history_.reset();
        return db_.error("read official history", rc);
    }
    return rows(history_, "read official history");
}

Result<std::int64_t> OfficialTable::current_count() {
    StatementUse s(count_);
    int rc = s->step();
    if (rc != SQLITE_ROW) return db_.error("count official rows", rc == SQLITE_DONE ? SQLITE_ERROR : rc);
    return s->int64(0);
}

}  // namespace smsgw::store
