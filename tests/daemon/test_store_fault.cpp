// Storage faults without mocking SQLite: a VFS shim fails writes or syncs, and nothing uncommitted is acknowledged.
#include "daemon/store/fault_vfs.hpp"
#include "daemon/store/sqlite_log.hpp"
#include "daemon/store/store.hpp"
#include "daemon/store/store_reader.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <random>

using namespace smsgw;
using namespace smsgw::store;
namespace fs = std::filesystem;

namespace {

StorageFaults& faults = storage_faults();

// ---- helpers ----

// Faults armed by a test are cleared before its directory goes.
struct TempDir : smsgw::test::TempDir {
    ~TempDir() { faults.clear(); }
};

const SystemTime t0 = SystemTime(std::chrono::seconds(1709280000));

ingest::Part part(int n, std::size_t text_size = 12) {
    ingest::Part p;
    p.modem = "m1";
    p.imei = "356938035643809";
    p.location = n;
    p.sender = "+770100" + std::to_string(10000 + n);
    p.smsc_time = "2024-03-01T08:00:00";
    p.received_at = t0 + std::chrono::seconds(n);
    p.text = "R " + std::to_string(10000 + n) + " A1 ";
    p.text.resize(std::max(text_size, p.text.size()), 'x');
    p.coding = "gsm7";
    return p;
}

std::vector<ingest::Part> batch(int first, int count, std::size_t text_size = 12) {
    std::vector<ingest::Part> v;
    for (int i = first; i < first + count; ++i) v.push_back(part(i, text_size));
    return v;
}

// Through SQLite's default VFS, not the faulty one: what any other process would see.
std::int64_t count_parts(const std::string& path) {
    StoreReader r(path);
    auto c = r.counts();
    REQUIRE(c.ok());
    return c->parts;
}

void check_integrity(const std::string& path) {
    Database db = Database::open(path, {});
    auto ok = db.query_text("integrity", "PRAGMA integrity_check");
    REQUIRE(ok.ok());
    CHECK(*ok == "ok");
    auto fk = db.query_int("foreign keys", "SELECT count(*) FROM pragma_foreign_key_check");
    REQUIRE(fk.ok());
    CHECK(*fk == 0);
}

}  // namespace

TEST_CASE("disk full in the middle of a commit: the batch fails whole, nothing is acknowledged") {
    TempDir dir;
    const std::string path = dir.file("f.db");
    Store s(path, {.vfs = register_fault_vfs()});
    REQUIRE(s.store_parts(batch(0, 50)).ok());

    SUBCASE("SQLITE_FULL") { faults.write_error = SQLITE_FULL; }
    SUBCASE("SQLITE_IOERR_WRITE") { faults.write_error = SQLITE_IOERR_WRITE; }
    SUBCASE("SQLITE_READONLY") { faults.write_error = SQLITE_READONLY; }
    const int code = faults.write_error;
    CAPTURE(code);

    faults.injected = 0;
    faults.writes_left = 3;  // a frame and a half of the commit reach the WAL, then the disk is full
    auto r = s.store_parts(batch(50, 50));
    REQUIRE_FALSE(r.ok());  // so there are no locations to acknowledge
    CHECK(faults.injected > 0);
    CHECK((r.error().code & 0xff) == (code & 0xff));
    CHECK(r.error().message.find(std::string(result_code_name(r.error().code))) != std::string::npos);
    CHECK(count_parts(path) == 50);

    // Still full: every further attempt fails the same way and changes nothing.
    auto again = s.store_parts(batch(50, 50));
    CHECK_FALSE(again.ok());
    CHECK(count_parts(path) == 50);

    faults.clear();
    auto retry = s.store_parts(batch(50, 50));
    REQUIRE(retry.ok());
    CHECK(retry->stored.size() == 50);  // none was half-stored before
    CHECK(retry->duplicates == 0);
    CHECK(count_parts(path) == 100);
}

TEST_CASE("disk full while the batch is still being inserted (cache spill) rolls back the whole batch") {
    TempDir dir;
    const std::string path = dir.file("f.db");
    Store s(path, {.vfs = register_fault_vfs()});
    REQUIRE(s.store_parts(batch(0, 10)).ok());
    // 6,000 parts of 600 bytes overflow SQLite's 2 MB page cache, so pages go to the WAL during
    // the inserts; the failure then comes from an INSERT, before COMMIT.
    faults.writes_left = 40;
    faults.write_error = SQLITE_FULL;
    faults.injected = 0;
    auto r = s.store_parts(batch(10, 6000, 600));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == SQLITE_FULL);
    CHECK(r.error().message.rfind("store part", 0) == 0);  // an INSERT failed, not the COMMIT
    faults.clear();
    CHECK(count_parts(path) == 10);
    auto retry = s.store_parts(batch(10, 100));
    REQUIRE(retry.ok());
    CHECK(retry->stored.size() == 100);
    CHECK(count_parts(path) == 110);
}

TEST_CASE("a failing fsync fails the commit; a retry stores each part exactly once") {
    TempDir dir;
    const std::string path = dir.file("f.db");
    {
        Store s(path, {.vfs = register_fault_vfs()});
        REQUIRE(s.store_parts(batch(0, 50)).ok());
        faults.fail_sync = true;
        auto r = s.store_parts(batch(50, 50));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == SQLITE_IOERR_FSYNC);
        CHECK(r.error().message.find("commit: ") == 0);
        CHECK(r.error().message.find("SQLITE_IOERR_FSYNC, extended code 1034") != std::string::npos);
        faults.clear();
        // The frames may have reached the disk before the fsync failed, so the retry may find them
        // as duplicates or store them anew, but never both and never neither.
        auto retry = s.store_parts(batch(50, 50));
        REQUIRE(retry.ok());
        CHECK(retry->stored.size() + retry->duplicates == 50);
        CHECK(count_parts(path) == 100);
    }
    check_integrity(path);
    Store reopened(path);
    auto again = reopened.store_parts(batch(0, 100));
    REQUIRE(again.ok());
    CHECK(again->duplicates == 100);
}

TEST_CASE("poll cycles under random storage faults: the SIM empties and every part is stored exactly once") {
    TempDir dir;
    const std::string path = dir.file("f.db");
    std::mt19937 rng(20240301);
    std::map<int, ingest::Part> sim;  // location -> part still on the modem
    int next = 0;
    int failed_cycles = 0;
    {
        Store s(path, {.vfs = register_fault_vfs()});
        for (int cycle = 0; cycle < 60; ++cycle) {
            // New messages arrive on the SIM; the worker reads everything still there.
            for (int i = 0; i < 30; ++i, ++next) sim.emplace(next, part(next, 40));
            std::vector<ingest::Part> read;
            for (const auto& [loc, p] : sim) read.push_back(p);

            faults.clear();
            switch (rng() % 4) {
                case 0:
                    faults.writes_left = static_cast<int>(rng() % 12);
                    faults.write_error = rng() % 2 ? SQLITE_FULL : SQLITE_IOERR_WRITE;
                    break;
                case 1: faults.fail_sync = true; break;
                default: break;
            }
            auto r = s.store_parts(read);
            faults.clear();
            if (!r) {
                ++failed_cycles;
                continue;  // nothing acknowledged: the parts stay on the SIM and are read again
            }
            for (int loc : r->locations) sim.erase(loc);  // the acknowledgement: delete after commit
        }
        faults.clear();
        while (!sim.empty()) {
            std::vector<ingest::Part> read;
            for (const auto& [loc, p] : sim) read.push_back(p);
            auto r = s.store_parts(read);
            REQUIRE(r.ok());
            for (int loc : r->locations) sim.erase(loc);
        }
    }
    CHECK(failed_cycles > 10);
    CHECK(failed_cycles < 50);
    check_integrity(path);
    CHECK(count_parts(path) == next);
    Store s(path);
    auto all = s.unlinked_parts();
    REQUIRE(all.ok());
    REQUIRE(static_cast<int>(all->size()) == next);
    std::vector<int> seen(next, 0);
    for (const auto& sp : *all) ++seen.at(sp.part.location);
    for (int n : seen) CHECK(n == 1);
}
