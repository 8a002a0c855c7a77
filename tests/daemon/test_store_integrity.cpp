// Opening a damaged or emptied database: refused with one clear error before anything is written, the file untouched.
#include "daemon/store/integrity.hpp"
#include "daemon/store/store.hpp"
#include "tests/support/files.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

using namespace smsgw;
using namespace smsgw::store;
namespace fs = std::filesystem;

namespace {

using smsgw::test::TempDir;

using smsgw::test::slurp;

ingest::Part part(int n) {
    ingest::Part p;
    p.modem = "m1";
    p.imei = "356938035643809";
    p.location = n;
    p.sender = "+77010000" + std::to_string(100 + n % 900);
    p.smsc_time = "2024-03-01T08:00:00";
    p.received_at = SystemTime(std::chrono::seconds(1709280000 + n));
    p.text = "R 0123" + std::to_string(n % 10) + " A1 B2 C3 D4 E5 F6 G7 H8 X" + std::to_string(n);
    p.coding = "gsm7";
    return p;
}

// A database of our own with `n` parts, its WAL folded back into the file (the last close does that).
void fill(const std::string& path, int n) {
    Store s(path);
    std::vector<ingest::Part> parts;
    for (int i = 0; i < n; ++i) parts.push_back(part(i));
    REQUIRE(s.store_parts(parts).ok());
    REQUIRE(s.checkpoint().ok());
}

// Overwrites whole pages [first, first + count) with zeros, as a failing disk or a bad copy would.
void zero_pages(const std::string& path, int first, int count, int page_size = 4096) {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    REQUIRE(f);
    const std::string zeros(static_cast<std::size_t>(page_size), '\0');
    for (int p = first; p < first + count; ++p) {
        f.seekp(static_cast<std::streamoff>(p - 1) * page_size);  // pages are numbered from 1
        f.write(zeros.data(), page_size);
    }
    REQUIRE(f);
}

std::string open_error(const std::string& path, StoreOptions o = {}) {
    try {
        Store s(path, o);
    } catch (const StoreOpenError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("a sound database passes the check and opens") {
    TempDir dir;
    const auto db = dir.file("smsgw.db");
    fill(db, 400);
    CHECK(open_error(db).empty());
    Database raw = Database::open(db, {});
    CHECK(quick_check(raw).empty());
}

TEST_CASE("pages zeroed in the middle of the file: refused before anything is written, with the way to recover") {
    TempDir dir;
    const auto db = dir.file("smsgw.db");
    fill(db, 2000);
    const auto pages = static_cast<int>(fs::file_size(db) / 4096);
    REQUIRE(pages > 20);
    zero_pages(db, pages / 2, 3);
    const std::string before = slurp(db);

    const std::string e = open_error(db);
    INFO(e);
    CHECK(e.find(db + " is damaged") != std::string::npos);
    CHECK(e.find("nothing is deleted from any SIM") != std::string::npos);
    CHECK(e.find("smsgw recover --db " + db) != std::string::npos);
    CHECK(slurp(db) == before);           // not a byte written
    CHECK_FALSE(fs::exists(db + "-wal"));  // WAL was never switched on again
    // The check is what finds it: without it the store opens and would fill the file.
    CHECK(open_error(db, {.check_integrity = false}).empty());
}

TEST_CASE("a damaged schema page is refused with the same advice") {
    TempDir dir;
    const auto db = dir.file("smsgw.db");
    fill(db, 50);
    // Page 1 keeps its 100-byte header; the table list after it is overwritten.
    {
        std::fstream f(db, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(100);
        const std::string junk(3000, '\x5a');
        f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    const std::string e = open_error(db);
    INFO(e);
    CHECK(e.find(db + " is damaged") != std::string::npos);
    CHECK(e.find("smsgw recover --db " + db) != std::string::npos);
}

TEST_CASE("an existing empty file is not silently a new count; told so, it is") {
    TempDir dir;
    const auto db = dir.file("smsgw.db");
    { std::ofstream(db).flush(); }
    REQUIRE(fs::file_size(db) == 0);
    const std::string e = open_error(db);
    INFO(e);
    CHECK(e.find("exists but is empty (0 bytes)") != std::string::npos);
    CHECK(e.find("--new-count") != std::string::npos);
    CHECK(fs::file_size(db) == 0);
    CHECK(open_error(db, {.allow_empty_file = true}).empty());
    CHECK(fs::file_size(db) > 0);
    // A file that does not exist yet is a new database as before.
    CHECK(open_error(dir.file("new.db")).empty());
    // An emptied file whose WAL survived: SQLite would delete that WAL and start empty. Refused too.
    const auto emptied = dir.file("emptied.db");
    fill(emptied, 10);
    std::filesystem::resize_file(emptied, 0);
    { std::ofstream(emptied + "-wal") << std::string(4096, 'w'); }
    CHECK(open_error(emptied).find("exists but is empty (0 bytes)") != std::string::npos);
    // A first start killed while creating the database leaves only its temporary file, never an
    // empty one at the database's path: the next start builds it again.
    const auto first = dir.file("first.db");
    { std::ofstream(first + ".creating") << "half"; }
    CHECK(open_error(first).empty());
    CHECK_FALSE(std::filesystem::exists(first + ".creating"));
    CHECK(std::filesystem::file_size(first) > 0);
}
