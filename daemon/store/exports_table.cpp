// The `export` table: one row per export run, so status can show the last one and HQ gaps are visible.
#include "daemon/store/exports_table.hpp"

#include <sqlite3.h>

namespace smsgw::store {

ExportsTable::ExportsTable(Database& db)
    : db_(db),
      begin_(db.prepare("INSERT INTO export (started_at, path, status) VALUES (?1, ?2, 'running')")),
      finish_(db.prepare("UPDATE export SET status = ?2, files = ?3, error = ?4, finished_at = ?5 WHERE id = ?1")),
      last_(db.prepare("SELECT id, started_at, finished_at, path, status, files, error FROM export ORDER BY id DESC "
                       "LIMIT 1")) {}

Result<std::int64_t> ExportsTable::begin(std::string_view path, SystemTime at) {
    StatementUse s(begin_);
    int rc = s->bind_all(to_millis(at), path);
    if (rc == SQLITE_OK) rc = s->step();
    if (rc != SQLITE_DONE) return db_.error("record export start", rc);
    return db_.last_insert_rowid();
}

Result<void> ExportsTable::finish(std::int64_t id, ExportStatus status, const std::vector<std::string>& files,
                                  std::string_view error, SystemTime at) {
    std::string joined;
    for (const auto& f : files) {
        if (!joined.empty()) joined += '\n';
        joined += f;
    }
    StatementUse s(finish_);
    int rc = s->bind_all(id, to_string(status), joined, error, to_millis(at));
    if (rc == SQLITE_OK) rc = s->step();
    if (rc != SQLITE_DONE) return db_.error("record export end", rc);
    if (db_.changes() != 1)
        return StoreError{SQLITE_CONSTRAINT,
                          "record export end: no export " + std::to_string(id) + " (SQLITE_CONSTRAINT)"};
    return {};
}

Result<std::optional<ExportRecord>> ExportsTable::last() {
    StatementUse s(last_);
    int rc = s->step();
    if (rc == SQLITE_DONE) return std::optional<ExportRecord>();
    if (rc != SQLITE_ROW) return db_.error("load last export", rc);
    ExportRecord e;
    e.id = s->int64(0);
    e.started_at = from_millis(s->int64(1));
    if (!s->is_null(2)) e.finished_at = from_millis(s->int64(2));
    e.path = s->text(3);
    std::string status = s->text(4);
    e.status = status == "ok" ? ExportStatus::ok : status == "failed" ? ExportStatus::failed : ExportStatus::running;
    std::string files = s->text(5);
    for (std::size_t i = 0; i < files.size();) {
        std::size_t j = files.find('\n', i);
        if (j == std::string::npos) j = files.size();
        e.files.push_back(files.substr(i, j - i));
        i = j + 1;
    }
    e.error = s->text(6);
    return std::optional<ExportRecord>(std::move(e));
}

}  // namespace smsgw::store
