// Read-only queries on the daemon's SQLite store while it runs or after it stopped.
#include "tests/support/store_probe.hpp"

#include "daemon/store/store_reader.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <stdexcept>

namespace smsgw::test {

namespace {

// A read-only connection for one query; WAL lets it read while the daemon writes.
class Connection {
public:
    explicit Connection(const std::filesystem::path& path) {
        if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
            std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
            sqlite3_close(db_);
            db_ = nullptr;
            throw std::runtime_error("open " + path.string() + ": " + msg);
        }
        sqlite3_busy_timeout(db_, 5000);
    }
    ~Connection() { sqlite3_close(db_); }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    template <class Row>
    void each(const std::string& sql, Row&& row) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
            throw std::runtime_error("prepare: " + std::string(sqlite3_errmsg(db_)) + ": " + sql);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) row(st);
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE) throw std::runtime_error("step: " + std::string(sqlite3_errmsg(db_)) + ": " + sql);
    }

private:
    sqlite3* db_ = nullptr;
};

std::string text(sqlite3_stmt* st, int col) {
    const unsigned char* t = sqlite3_column_text(st, col);
    return t ? std::string(reinterpret_cast<const char*>(t), static_cast<std::size_t>(sqlite3_column_bytes(st, col)))
             : std::string();
}

}  // namespace

bool StoreProbe::exists() const { return std::filesystem::exists(path_); }

std::optional<store::Counts> StoreProbe::counts() const {
    try {
        store::StoreReader reader(path_.string());
        auto c = reader.counts();
        if (!c) return std::nullopt;
        return *c;
    } catch (const std::exception&) {
        return std::nullopt;  // not created or not migrated yet
    }
}

std::vector<MessageRow> StoreProbe::messages() const {
    std::vector<MessageRow> out;
    Connection db(path_);
    db.each(
        "SELECT m.id, m.sender, m.smsc_time, m.text, m.state, m.assembly,"
        " (SELECT count(*) FROM report WHERE message_id = m.id),"
        " r.status, r.form, r.station, r.reference, r.disposition,"
        " (SELECT count(*) FROM reply WHERE message_id = m.id), p.text, p.status"
        " FROM message m"
        " LEFT JOIN report r ON r.id = (SELECT max(id) FROM report WHERE message_id = m.id)"
        " LEFT JOIN reply p ON p.id = (SELECT max(id) FROM reply WHERE message_id = m.id)"
        " ORDER BY m.id",
        [&](sqlite3_stmt* st) {
            MessageRow r;
            r.id = sqlite3_column_int64(st, 0);
            r.sender = text(st, 1);
            r.smsc_time = text(st, 2);
            r.text = text(st, 3);
            r.state = text(st, 4);
            r.assembly = text(st, 5);
            r.reports = sqlite3_column_int(st, 6);
            r.status = text(st, 7);
            r.form = text(st, 8);
            r.station = text(st, 9);
            r.reference = text(st, 10);
            r.disposition = text(st, 11);
            r.replies = sqlite3_column_int(st, 12);
            r.reply_text = text(st, 13);
            r.reply_status = text(st, 14);
            out.push_back(std::move(r));
        });
    return out;
}

std::map<std::string, ModemRow> StoreProbe::modems() const {
    std::map<std::string, ModemRow> out;
    Connection db(path_);
    db.each("SELECT name, state, last_error, imei FROM modem", [&](sqlite3_stmt* st) {
        out[text(st, 0)] = {text(st, 1), text(st, 2), text(st, 3)};
    });
    return out;
}

std::vector<std::string> StoreProbe::current_reports() const {
    return column(
        "SELECT form || ' ' || station || ' ' || status || ' ' || conflict || ' ' || values_json || ' ' || incidents_json"
        " FROM report WHERE is_current = 1 ORDER BY form, station, values_json, incidents_json, status");
}

std::int64_t StoreProbe::scalar(const std::string& sql) const {
    std::int64_t v = 0;
    try {
        Connection db(path_);
        db.each(sql, [&](sqlite3_stmt* st) { v = sqlite3_column_int64(st, 0); });
    } catch (const std::exception&) {
        return 0;
    }
    return v;
}

std::optional<std::int64_t> StoreProbe::number(const std::string& sql) const {
    std::optional<std::int64_t> v;
    try {
        Connection db(path_);
        db.each(sql, [&](sqlite3_stmt* st) {
            if (!v) v = sqlite3_column_int64(st, 0);
        });
    } catch (const std::exception&) {
        return std::nullopt;
    }
    return v;
}

std::vector<std::string> StoreProbe::column(const std::string& sql) const {
    std::vector<std::string> out;
    Connection db(path_);
    db.each(sql, [&](sqlite3_stmt* st) { out.push_back(text(st, 0)); });
    return out;
}

}  // namespace smsgw::test
