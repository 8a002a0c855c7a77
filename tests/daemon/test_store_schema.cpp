// Opening the store: creation, pragmas, refusal of foreign and newer files, migration of an older real file.
#include "daemon/store/schema.hpp"
#include "daemon/store/sqlite_log.hpp"
#include "daemon/store/store.hpp"
#include "daemon/store/store_reader.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <vector>

using namespace smsgw;
using namespace smsgw::store;
namespace fs = std::filesystem;

namespace {

using smsgw::test::TempDir;

// The store's own connection class, used here only to prepare files the way other programs (or
// older smsgw versions) would have left them.
Database raw(const std::string& path) { return Database::open(path, {}); }

std::int64_t int_of(Database& db, const std::string& sql) {
    auto r = db.query_int("test query", sql);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    return *r;
}

std::string open_error(const std::string& path) {
    try {
        Store s(path);
    } catch (const StoreOpenError& e) {
        return e.what();
    }
    return "";
}

ingest::Part part(int n) {
    ingest::Part p;
    p.modem = "m1";
    p.imei = "356938035643809";
    p.location = n;
    p.sender = "+7701000000" + std::to_string(n % 10);
    p.smsc_time = "2024-03-01T08:00:0" + std::to_string(n % 10);
    p.received_at = SystemTime(std::chrono::seconds(1709280000 + n));
    p.text = "R 0123" + std::to_string(n % 10) + " A1";
    p.coding = "gsm7";
    return p;
}

}  // namespace

TEST_CASE("a new database is created with our identity, WAL, synchronous=FULL and foreign keys") {
    TempDir dir;
    const std::string path = dir.file("smsgw.db");
    {
        Store s(path);
        CHECK(s.schema_version_found() == 0);
        CHECK(s.schema_version() == Schema::latest_version());
        CHECK(*s.journal_mode() == "wal");
        CHECK(*s.pragma("synchronous") == 2);  // FULL
        CHECK(*s.pragma("foreign_keys") == 1);
        CHECK(*s.pragma("busy_timeout") == 5000);
        CHECK(*s.pragma("application_id") == Schema::application_id);
        CHECK_FALSE(s.pragma("x; DROP TABLE part").ok());
        std::vector<ingest::Part> parts{part(1)};
        REQUIRE(s.store_parts(parts).ok());
    }
    Store again(path);
    CHECK(again.schema_version_found() == Schema::latest_version());
    auto unlinked = again.unlinked_parts();
    REQUIRE(unlinked.ok());
    CHECK(unlinked->size() == 1);
}

TEST_CASE("a schema newer than the program knows is refused, and the file is left alone") {
    TempDir dir;
    const std::string path = dir.file("newer.db");
    { Store s(path); }
    {
        Database db = raw(path);
        REQUIRE(db.exec("bump", "PRAGMA user_version = 99").ok());
    }
    std::string e = open_error(path);
    CHECK(e.find("schema version 99 is newer than this smsgw knows (" + std::to_string(Schema::latest_version()) +
                 ")") != std::string::npos);
    Database db = raw(path);
    CHECK(int_of(db, "PRAGMA user_version") == 99);
    CHECK_THROWS_AS(StoreReader{path}, StoreOpenError);
}

TEST_CASE("another program's database is refused before anything in it changes") {
    TempDir dir;
    const std::string path = dir.file("foreign.db");
    {
        Database db = raw(path);
        REQUIRE(db.exec("make foreign",
                        "PRAGMA application_id = 305419896; CREATE TABLE theirs (x); "
                        "INSERT INTO theirs VALUES (1)")
                    .ok());
    }
    std::string e = open_error(path);
    CHECK(e.find("not an smsgw database (its application_id is 0x12345678") != std::string::npos);
    Database db = raw(path);
    auto mode = db.query_text("mode", "PRAGMA journal_mode");
    CHECK(*mode == "delete");  // not switched to WAL
    CHECK(int_of(db, "SELECT count(*) FROM sqlite_schema") == 1);
}

TEST_CASE("a non-empty database without an application_id is refused") {
    TempDir dir;
    const std::string path = dir.file("anon.db");
    {
        Database db = raw(path);
        REQUIRE(db.exec("make", "CREATE TABLE t (x)").ok());
    }
    CHECK(open_error(path).find("it has no application_id but is not empty") != std::string::npos);
}

TEST_CASE("a file that is not a database at all is refused with SQLite's code") {
    TempDir dir;
    const std::string path = dir.file("text.db");
    std::ofstream(path) << std::string(4096, 'x');
    try {
        Store s(path);
        FAIL("opened a text file");
    } catch (const StoreOpenError& e) {
        CHECK(e.code() == SQLITE_NOTADB);
        CHECK(std::string(e.what()).find("SQLITE_NOTADB, extended code 26") != std::string::npos);
    }
}

TEST_CASE("an older database on disk is migrated in place, its data kept") {
    TempDir dir;
    const std::string path = dir.file("v1.db");
    {
        // A real version-1 file, as the first release left it, with data in it.
        Database db = raw(path);
        db.configure_writer();
        CHECK(Schema::migrate(db, 1) == 0);
        REQUIRE(db.exec("v1 data",
                        "INSERT INTO part (idem_key, modem, imei, sim_location, sender, smsc_time, received_at, "
                        "concat_ref, concat_part, concat_total, text, coding, stored_at) VALUES ('k1', 'm1', 'i', 4, "
                        "'+77010000001', '2024-03-01T08:00:00', 1709280000000, -1, 0, 0, 'R 01234 A1', 'gsm7', "
                        "1709280000001); INSERT INTO reply (destination, text, status, next_try_at, created_at) "
                        "VALUES ('+77010000001', 'OK #AB12', 'queued', 0, 0)")
                    .ok());
        CHECK(int_of(db, "PRAGMA user_version") == 1);
        CHECK(int_of(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'reply_destination'") == 0);
    }
    CHECK_THROWS_WITH_AS(StoreReader{path}, doctest::Contains("start the daemon (smsgw run) once to migrate"),
                         StoreOpenError);

    std::vector<std::string> log;
    std::mutex log_mutex;
    set_log_sink([&](int code, std::string_view m) {
        std::lock_guard lock(log_mutex);
        if (code == 0) log.emplace_back(m);
    });
    {
        Store s(path);
        CHECK(s.schema_version_found() == 1);
        CHECK(s.schema_version() == Schema::latest_version());
        auto parts = s.unlinked_parts();
        REQUIRE(parts.ok());
        REQUIRE(parts->size() == 1);
        CHECK(parts->front().part.text == "R 01234 A1");
        CHECK(parts->front().part.location == 4);
    }
    set_log_sink({});
    // One line per migration applied, in order.
    REQUIRE(log.size() == static_cast<std::size_t>(Schema::latest_version() - 1));
    CHECK(log[0].find("schema migrated to version 2") != std::string::npos);

    Database db = raw(path);
    CHECK(int_of(db, "PRAGMA user_version") == Schema::latest_version());
    CHECK(int_of(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'reply_destination'") == 1);
    CHECK(int_of(db, "SELECT count(*) FROM reply") == 1);
    // Migration 5: the quarantine table and the modems' SMS storage columns, unknown (NULL) at first.
    CHECK(int_of(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'quarantine'") == 1);
    CHECK(int_of(db, "SELECT count(*) FROM pragma_table_info('modem') WHERE name IN ('sim_used', 'sim_size', "
                     "'phone_used', 'phone_size', 'device')") == 5);
    CHECK(int_of(db, "SELECT count(*) FROM pragma_table_info('modem') WHERE name LIKE '%_used' AND \"notnull\" = 0") ==
          2);
    // The new index is the one the rate-limit query uses.
    Statement plan =
        db.prepare("EXPLAIN QUERY PLAN SELECT count(*) FROM reply WHERE destination = 'x' AND created_at >= 0");
    std::string details;
    while (plan.step() == SQLITE_ROW) details += plan.text(3) + "\n";
    CHECK(details.find("reply_destination") != std::string::npos);
}

TEST_CASE("a failing migration leaves the database at the last whole version") {
    TempDir dir;
    const std::string path = dir.file("half.db");
    {
        Database db = raw(path);
        db.configure_writer();
        Schema::migrate(db, 1);
        // Something already occupies the name migration 2 wants, so migration 2 fails midway.
        REQUIRE(db.exec("squat", "CREATE TABLE reply_destination (x)").ok());
    }
    std::string e = open_error(path);
    CHECK(e.find("migration 2") != std::string::npos);
    Database db = raw(path);
    CHECK(int_of(db, "PRAGMA user_version") == 1);
}

TEST_CASE("migration 5 is one transaction: a failure leaves version 4 with no quarantine table") {
    TempDir dir;
    const std::string path = dir.file("half5.db");
    {
        Database db = raw(path);
        db.configure_writer();
        CHECK(Schema::migrate(db, 4) == 0);
        // A column migration 5 adds is already there, so its ALTER TABLE fails after CREATE TABLE.
        REQUIRE(db.exec("squat", "ALTER TABLE modem ADD COLUMN device TEXT").ok());
    }
    std::string e = open_error(path);
    CHECK(e.find("migration 5") != std::string::npos);
    Database db = raw(path);
    CHECK(int_of(db, "PRAGMA user_version") == 4);
    CHECK(int_of(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'quarantine'") == 0);
    CHECK(int_of(db, "SELECT count(*) FROM pragma_table_info('modem') WHERE name = 'sim_used'") == 0);
}

TEST_CASE("errors name the extended result code, and SQLite's own log reaches the sink") {
    TempDir dir;
    std::vector<std::pair<int, std::string>> log;
    std::mutex log_mutex;
    set_log_sink([&](int code, std::string_view m) {
        std::lock_guard lock(log_mutex);
        log.emplace_back(code, std::string(m));
    });
    Database db = raw(dir.file("codes.db"));
    REQUIRE(db.exec("t", "CREATE TABLE t (k TEXT PRIMARY KEY)").ok());
    REQUIRE(db.exec("first", "INSERT INTO t VALUES ('a')").ok());
    auto dup = db.exec("insert twice", "INSERT INTO t VALUES ('a')");
    REQUIRE_FALSE(dup.ok());
    CHECK(dup.error().code == SQLITE_CONSTRAINT_PRIMARYKEY);
    CHECK(dup.error().message ==
          "insert twice: UNIQUE constraint failed: t.k (SQLITE_CONSTRAINT_PRIMARYKEY, extended code 1555)");
    auto bad = db.exec("bad sql", "SELEC 1");
    REQUIRE_FALSE(bad.ok());
    set_log_sink({});
    bool saw_syntax = false;
    for (const auto& [code, m] : log)
        if (code == SQLITE_ERROR && m.find("syntax error") != std::string::npos) saw_syntax = true;
    CHECK(saw_syntax);
    CHECK(result_code_name(SQLITE_IOERR_FSYNC) == "SQLITE_IOERR_FSYNC");
    CHECK(result_code_name(SQLITE_FULL) == "SQLITE_FULL");
}

TEST_CASE("a reader never creates a database") {
    TempDir dir;
    CHECK_THROWS_AS(StoreReader{dir.file("missing.db")}, StoreOpenError);
    CHECK_FALSE(fs::exists(dir.file("missing.db")));
}
