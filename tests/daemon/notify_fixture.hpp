// Shared by the notify tests: the tiny codebook, a store on a clock the test moves, reports, row counts, windows, the console.
#pragma once

#include "codebooks/codebook_loader.hpp"
#include "daemon/config/config.hpp"
#include "daemon/console/logger.hpp"
#include "daemon/store/store.hpp"
#include "tests/support/files.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/codebook_files.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace notify_test {

namespace fs = std::filesystem;
using namespace smsgw;
using namespace std::chrono_literals;

using smsgw::test::slurp;

inline CodebookSources tiny_sources() {
    const fs::path dir = fs::path(SMSGW_TEST_DATA) / "codebooks" / "tiny";
    CodebookSources s = smsgw::test::codebook_sources(dir);
    return s;
}

inline CodebookPtr load(const CodebookSources& s) {
    LoadResult r = load_codebook(s);
    REQUIRE(r.ok());
    return r.codebook;
}

using smsgw::test::TempDir;

// 2026-03-01 00:00 in Asia/Almaty (UTC+5, the tiny codebook's zone) is 2026-02-28 19:00 UTC.
inline std::chrono::system_clock::time_point almaty(int hour, int minute, int second = 0, int day = 1) {
    using namespace std::chrono;
    return sys_days{year{2026} / March / day} + hours{hour - 5} + minutes{minute} + seconds{second};
}

// A [[reminders]] window "FORM@HH:MM", every day at h:m in the codebook's zone.
inline ReminderConfig window(const std::string& form, int h, int m, std::chrono::seconds grace = std::chrono::hours{2}) {
    ReminderConfig w;
    w.form = form;
    w.hour = h;
    w.minute = m;
    w.at = fmt::format("{:02}:{:02}", h, m);
    w.id = form + "@" + w.at;
    w.grace = grace;
    return w;
}

// A plain console in a temporary file, and what has been written to it so far.
struct ConsoleFile {
    std::FILE* out = std::tmpfile();
    Logger log{LogLevel::debug, out, LogStyle::plain};

    ~ConsoleFile() { std::fclose(out); }
    std::string text() {
        std::fflush(out);
        std::rewind(out);
        std::string all;
        char buf[4096];
        while (std::size_t got = std::fread(buf, 1, sizeof buf, out)) all.append(buf, got);
        std::fseek(out, 0, SEEK_END);  // the logger writes on after what was read
        return all;
    }
};

// A store file whose clock the test moves; reopened to play a restart.
struct StoreRig {
    TempDir dir;
    std::chrono::system_clock::time_point now = almaty(20, 0);
    std::unique_ptr<store::Store> store;
    int parts = 0;

    StoreRig() { reopen(); }
    void reopen() {
        store.reset();
        store = std::make_unique<store::Store>(dir.file("n.db"), store::StoreOptions{.clock = [this] { return now; }});
    }

    // A current report of `form` for `station` with `status`.
    void report(const std::string& form, const std::string& station, Status status = Status::accepted,
                bool current = true) {
        ingest::Part p;
        p.modem = "m1";
        p.sender = "+77010000001";
        p.smsc_time = "2026-03-01T20:00:" + std::to_string(++parts);
        p.text = form + " " + station;
        p.received_at = now;
        p.location = parts;
        auto r = store->write([&](store::Transaction& tx) -> store::Result<int> {
            auto b = tx.store_parts(std::span(&p, 1));
            if (!b) return b.error();
            ingest::AssembledMessage m;
            m.modem = p.modem;
            m.sender = p.sender;
            m.text = p.text;
            m.received_at = now;
            m.part_ids = {b->stored.at(0).id};
            auto id = tx.record_message(m);
            if (!id) return id.error();
            store::ReportRecord rec;
            rec.message_id = *id;
            rec.form = form;
            rec.station = station;
            rec.sender = p.sender;
            rec.status = status;
            rec.disposition = "new";
            rec.reference = "#0001";
            rec.current = current;
            auto rep = tx.record_report(rec);
            if (!rep) return rep.error();
            return 0;
        });
        REQUIRE(r.ok());
    }

    // One integer from SQL on a second connection (WAL lets it read what the store committed).
    std::int64_t count(const std::string& sql) {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open_v2(dir.file("n.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
        sqlite3_stmt* st = nullptr;
        REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
        REQUIRE(sqlite3_step(st) == SQLITE_ROW);
        std::int64_t v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        sqlite3_close(db);
        return v;
    }
    std::string text(const std::string& sql) {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open_v2(dir.file("n.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
        sqlite3_stmt* st = nullptr;
        REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
        std::string v;
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
            v = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
        sqlite3_close(db);
        return v;
    }
};

}  // namespace notify_test
