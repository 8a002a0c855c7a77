// A read-only reader beside the writer (WAL): sees whole commits only, never blocks or is blocked.
#include "daemon/store/schema.hpp"
#include "daemon/store/store.hpp"
#include "daemon/store/store_reader.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <thread>

using namespace smsgw;
using namespace smsgw::store;
namespace fs = std::filesystem;

namespace {

using smsgw::test::TempDir;

std::vector<ingest::Part> batch(int first, int count) {
    std::vector<ingest::Part> v;
    for (int n = first; n < first + count; ++n) {
        ingest::Part p;
        p.modem = "m1";
        p.imei = "356938035643809";
        p.location = n;
        p.sender = "+770100" + std::to_string(10000 + n);
        p.smsc_time = "2024-03-01T08:00:00";
        p.received_at = SystemTime(std::chrono::seconds(1709280000 + n));
        p.text = "R " + std::to_string(10000 + n) + " A1";
        p.coding = "gsm7";
        v.push_back(std::move(p));
    }
    return v;
}

}  // namespace

TEST_CASE("a reader polling while the writer commits sees only whole batches and no errors") {
    TempDir dir;
    const std::string path = dir.file("r.db");
    Store writer(path);
    constexpr int batches = 80, per_batch = 50;

    std::atomic<bool> done{false};
    std::vector<std::int64_t> seen;
    std::vector<std::string> reader_errors;
    std::thread reader([&] {
        StoreReader r(path);
        while (!done.load()) {
            auto c = r.counts();
            if (!c) {
                reader_errors.push_back(c.error().message);
                continue;
            }
            if (seen.empty() || seen.back() != c->parts) seen.push_back(c->parts);
        }
        auto last = r.counts();  // after the writer's last commit
        if (!last)
            reader_errors.push_back(last.error().message);
        else if (seen.empty() || seen.back() != last->parts)
            seen.push_back(last->parts);
    });
    int write_errors = 0;
    for (int b = 0; b < batches; ++b)
        if (!writer.store_parts(batch(b * per_batch, per_batch))) ++write_errors;
    done = true;
    reader.join();

    CHECK(write_errors == 0);
    CHECK(reader_errors.empty());
    REQUIRE_FALSE(seen.empty());
    CHECK(seen.back() == batches * per_batch);
    CHECK(seen.size() > 2);  // it really read while writing
    for (std::size_t i = 0; i < seen.size(); ++i) {
        CHECK(seen[i] % per_batch == 0);  // never half a batch
        if (i > 0) CHECK(seen[i] > seen[i - 1]);
    }
}

TEST_CASE("a reader holding a snapshot does not block the writer, and keeps its consistent view") {
    TempDir dir;
    const std::string path = dir.file("r.db");
    Store writer(path);
    REQUIRE(writer.store_parts(batch(0, 50)).ok());
    StoreReader reader(path);
    auto r = reader.snapshot([&](StoreReader& in) -> Result<std::int64_t> {
        auto before = in.counts();
        if (!before) return before.error();
        // The writer commits twice while the snapshot is open; both succeed at once.
        auto start = std::chrono::steady_clock::now();
        CHECK(writer.store_parts(batch(50, 50)).ok());
        CHECK(writer.append_event(EventLevel::info, "test", "written during a snapshot").ok());
        CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));  // no busy wait
        auto during = in.counts();
        if (!during) return during.error();
        auto events = in.events_since(0, 0);
        if (!events) return events.error();
        CHECK(events->empty());
        CHECK(during->parts == before->parts);
        return during->parts;
    });
    REQUIRE(r.ok());
    CHECK(*r == 50);
    auto after = reader.counts();
    REQUIRE(after.ok());
    CHECK(after->parts == 100);
}

TEST_CASE("the reader opens a database whose writer has gone, and cannot write") {
    TempDir dir;
    const std::string path = dir.file("r.db");
    {
        Store writer(path);
        REQUIRE(writer.store_parts(batch(0, 3)).ok());
    }
    StoreReader reader(path);
    auto c = reader.counts();
    REQUIRE(c.ok());
    CHECK(c->parts == 3);
    CHECK(c->unlinked_parts == 3);
    CHECK(reader.schema_version() == Schema::latest_version());
    // Its connection is read-only: even SQL that would write is refused.
    Database db = Database::open(path, {.read_only = true});
    auto w = db.exec("write through a reader", "DELETE FROM part");
    REQUIRE_FALSE(w.ok());
    CHECK((w.error().code & 0xff) == SQLITE_READONLY);
}
