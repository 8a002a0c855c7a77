// The `codebook` and `codebook_in_use` tables: every codebook the daemon ran with, and the current one.
#include "daemon/store/codebooks_table.hpp"

#include <sqlite3.h>

namespace smsgw::store {

CodebooksTable::CodebooksTable(Database& db)
    : db_(db),
      insert_(db.prepare("INSERT INTO codebook (version, saved_at, election_toml, stations_csv, monitors_csv, "
                         "candidates_csv, has_candidates) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                         "ON CONFLICT (version) DO NOTHING")),
      current_(db.prepare("SELECT version FROM codebook_in_use WHERE id = 1")),
      // `since` moves only when the version changes: it says how long the daemon has run with it.
      mark_(db.prepare("INSERT INTO codebook_in_use (id, version, since) VALUES (1, ?1, ?2) ON CONFLICT (id) DO "
                       "UPDATE SET version = excluded.version, since = excluded.since WHERE version <> "
                       "excluded.version")),
      in_use_(db.prepare("SELECT c.version, c.saved_at, c.election_toml, c.stations_csv, c.monitors_csv, "
                         "c.candidates_csv, c.has_candidates, u.since FROM codebook_in_use u JOIN codebook c ON "
                         "c.version = u.version WHERE u.id = 1")) {}

Result<bool> CodebooksTable::save(std::string_view version, const CodebookSources& sources, SystemTime at) {
    if (version.empty()) return StoreError{SQLITE_MISUSE, "save codebook: empty version (SQLITE_MISUSE)"};
    {
        StatementUse s(insert_);
        int rc = s->bind_all(version, to_millis(at), sources.election_toml, sources.stations_csv, sources.monitors_csv,
                             sources.candidates_csv, sources.has_candidates ? 1 : 0);
        if (rc == SQLITE_OK) rc = s->step();
        if (rc != SQLITE_DONE) return db_.error("save codebook", rc);
    }
    bool changed = true;
    {
        StatementUse s(current_);
        int rc = s->step();
        if (rc == SQLITE_ROW) changed = s->text(0) != version;
        else if (rc != SQLITE_DONE) return db_.error("read codebook in use", rc);
    }
    StatementUse s(mark_);
    int rc = s->bind_all(version, to_millis(at));
    if (rc == SQLITE_OK) rc = s->step();
    if (rc != SQLITE_DONE) return db_.error("mark codebook in use", rc);
    return changed;
}

Result<std::optional<SavedCodebook>> CodebooksTable::in_use() {
    StatementUse s(in_use_);
    int rc = s->step();
    if (rc == SQLITE_DONE) return std::optional<SavedCodebook>();
    if (rc != SQLITE_ROW) return db_.error("load codebook in use", rc);
    SavedCodebook c;
    c.version = s->text(0);
    c.saved_at = from_millis(s->int64(1));
    c.sources.election_toml = s->text(2);
    c.sources.stations_csv = s->text(3);
    c.sources.monitors_csv = s->text(4);
    c.sources.candidates_csv = s->text(5);
    c.sources.has_candidates = s->int64(6) != 0;
    c.in_use_since = from_millis(s->int64(7));
    return std::optional<SavedCodebook>(std::move(c));
}

}  // namespace smsgw::store
