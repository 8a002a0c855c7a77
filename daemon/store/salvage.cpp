// Row-by-row salvage of a damaged database: skip what a damaged page hides, keep every row that can still be read.
#include "daemon/store/salvage.hpp"

#include "daemon/store/database.hpp"
#include "daemon/store/integrity.hpp"
#include "daemon/store/schema.hpp"
#include "daemon/store/store.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <limits>
#include <set>

namespace smsgw::store {

namespace {

Statement prepare_or_throw(Database& db, const std::string& sql) {
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &raw, nullptr);
    if (rc != SQLITE_OK) throw StoreOpenError(rc, db.error("prepare \"" + sql + "\"", rc).message);
    return Statement(raw);
}

std::string quoted(const std::string& name) {
    std::string q = "\"";
    for (char c : name) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

std::vector<std::string> table_names(Database& db) {
    Statement s = prepare_or_throw(db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid");
    std::vector<std::string> out;
    while (s.step() == SQLITE_ROW) out.push_back(s.text(0));
    return out;
}

std::vector<std::string> column_names(Database& db, const std::string& table) {
    Statement s = prepare_or_throw(db, "SELECT name FROM pragma_table_info(" + quoted(table) + ")");
    std::vector<std::string> out;
    while (s.step() == SQLITE_ROW) out.push_back(s.text(0));
    return out;
}

// The first row id >= from that a seek can reach: nullopt at the end, an error code when the seek
// itself runs into a damaged page.
struct Seek {
    bool ok = false;
    std::optional<std::int64_t> rowid;
};

Seek seek(Database& db, const std::string& table, std::int64_t from) {
    Statement s = prepare_or_throw(db, "SELECT rowid FROM " + quoted(table) + " WHERE rowid >= ?1 ORDER BY rowid LIMIT 1");
    s.bind(1, from);
    const int rc = s.step();
    if (rc == SQLITE_ROW) return {true, s.int64(0)};
    if (rc == SQLITE_DONE) return {true, std::nullopt};
    return {false, std::nullopt};
}

// After a failure past row id `last_good`: the smallest start from which a seek works again
// (doubling, then halving back), so rows on sound pages just after the damage are not skipped.
// nullopt: nothing readable after it.
std::optional<std::int64_t> next_readable(Database& db, const std::string& table, std::int64_t last_good) {
    constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
    std::int64_t step = 1;
    std::int64_t failed = last_good + 1;  // a start known to fail (the scan broke there)
    std::optional<std::int64_t> works;
    while (!works) {
        if (last_good > max - step) return std::nullopt;
        const std::int64_t x = last_good + step;
        const Seek s = seek(db, table, x);
        if (s.ok && !s.rowid) return std::nullopt;  // nothing after x; what lies between is unreadable
        if (s.ok) works = x;
        else failed = x;
        if (step > max / 2) return std::nullopt;
        step *= 2;
    }
    std::int64_t lo = failed, hi = *works;  // seek(lo) fails, seek(hi) works
    while (hi - lo > 1) {
        const std::int64_t mid = lo + (hi - lo) / 2;
        if (seek(db, table, mid).ok) hi = mid;
        else lo = mid;
    }
    return hi;
}

void copy_table(Database& from, Database& to, const std::string& table, SalvagedTable& out) {
    const auto old_columns = column_names(from, table);
    std::set<std::string> have(old_columns.begin(), old_columns.end());
    std::string cols, params;
    int n = 0;
    for (const auto& c : column_names(to, table)) {
        if (!have.count(c)) continue;  // a column added after the damaged file's schema: its default
        cols += (n ? ", " : "") + quoted(c);
        params += (n ? ", ?" : "?") + std::to_string(n + 1);
        ++n;
    }
    if (n == 0) {
        out.missing = "no column in common";
        return;
    }
    // The new file's own rows (none today; a migration may one day seed a table) give way to the old ones.
    if (auto r = to.exec("empty " + table, "DELETE FROM " + quoted(table)); !r)
        throw StoreOpenError(r.error().code, r.error().message);
    Statement insert = prepare_or_throw(to, "INSERT INTO " + quoted(table) + " (" + cols + ") VALUES (" + params + ")");
    Statement scan = prepare_or_throw(from, "SELECT rowid, " + cols + " FROM " + quoted(table) + " WHERE rowid >= ?1 ORDER BY rowid");
    std::int64_t start = std::numeric_limits<std::int64_t>::min();
    std::optional<std::int64_t> last_good;
    for (;;) {
        scan.reset();
        scan.bind(1, start);
        int rc;
        std::int64_t this_pass = 0;
        while ((rc = scan.step()) == SQLITE_ROW) {
            ++this_pass;
            last_good = scan.int64(0);
            insert.reset();
            for (int i = 0; i < n; ++i) sqlite3_bind_value(insert.get(), i + 1, sqlite3_column_value(scan.get(), i + 1));
            const int irc = insert.step();
            if (irc != SQLITE_DONE) throw StoreOpenError(irc, to.error("copy a row of " + table, irc).message);
            ++out.rows_copied;
        }
        if (rc == SQLITE_DONE) return;
        // A damaged page: find where reading can go on.
        const std::int64_t after = last_good ? *last_good : start - 1;
        const auto next = next_readable(from, table, after);
        out.unreadable.emplace_back(after + 1, next ? *next - 1 : std::numeric_limits<std::int64_t>::max());
        if (!next) return;
        // A seek that works but a scan that breaks before its first row: step past that row id.
        start = this_pass == 0 && *next <= start ? start + 1 : *next;
    }
}

}  // namespace

std::int64_t SalvageResult::rows_copied() const {
    std::int64_t n = 0;
    for (const auto& t : tables) n += t.rows_copied;
    return n;
}

bool SalvageResult::lost_anything() const {
    for (const auto& t : tables)
        if (!t.unreadable.empty() || !t.missing.empty()) return true;
    return false;
}

SalvageResult salvage(const std::string& damaged, const std::string& out) {
    if (std::filesystem::exists(out)) throw StoreOpenError(SQLITE_CANTOPEN, out + " exists: salvage writes a new file only");
    Database from = Database::open(damaged, {.read_only = true});
    SalvageResult result;
    auto app = from.query_int("read application_id", "PRAGMA application_id");
    auto version = from.query_int("read user_version", "PRAGMA user_version");
    if (!app || *app != Schema::application_id)
        throw StoreOpenError(0, damaged + ": not an smsgw database (or its first page is damaged too): nothing to salvage");
    result.schema_found = version ? static_cast<int>(*version) : 0;
    if (result.schema_found > Schema::latest_version())
        throw StoreOpenError(0, damaged + ": schema " + std::to_string(result.schema_found) + " is newer than this program's");
    { Store create(out, {.check_integrity = false}); }  // the current schema, identity and version
    Database to = Database::open(out, {});
    to.configure_writer();
    if (auto r = to.exec("foreign keys off", "PRAGMA foreign_keys = OFF"); !r) throw StoreOpenError(r.error().code, r.error().message);
    std::set<std::string> old_tables;
    try {
        for (auto& t : table_names(from)) old_tables.insert(std::move(t));
    } catch (const StoreOpenError& e) {
        throw StoreOpenError(e.code(), damaged + ": its list of tables cannot be read: " + e.what());
    }
    if (auto r = to.exec("begin", "BEGIN IMMEDIATE"); !r) throw StoreOpenError(r.error().code, r.error().message);
    for (const auto& table : table_names(to)) {
        SalvagedTable t;
        t.name = table;
        if (old_tables.count(table)) copy_table(from, to, table, t);  // else: added after that file's schema
        result.tables.push_back(std::move(t));
    }
    if (auto r = to.exec("commit", "COMMIT"); !r) throw StoreOpenError(r.error().code, r.error().message);
    result.new_file_problems = quick_check(to);
    return result;
}

}  // namespace smsgw::store
