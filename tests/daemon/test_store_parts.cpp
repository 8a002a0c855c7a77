// Storing parts: idempotent redelivery, one transaction per batch, linking into messages, restart resume.
#include "daemon/ingest/multipart_linker.hpp"
#include "daemon/store/store.hpp"
#include "daemon/store/store_reader.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

using namespace smsgw;
using namespace smsgw::store;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

using smsgw::test::TempDir;

const SystemTime t0 = SystemTime(std::chrono::seconds(1709280000));

ingest::Part part(int n, int ref = -1, int no = 0, int total = 0, std::string sender = "") {
    ingest::Part p;
    p.modem = "m1";
    p.imei = "356938035643809";
    p.location = n;
    p.sender = sender.empty() ? "+770100" + std::to_string(10000 + n) : sender;
    p.smsc_time = "2024-03-01T08:00:00";
    p.received_at = t0 + std::chrono::seconds(n);
    p.concat_ref = ref;
    p.concat_part = no;
    p.concat_total = total;
    p.text = "R " + std::to_string(10000 + n) + " A1 #" + std::to_string(no);
    p.coding = "gsm7";
    return p;
}

std::vector<ingest::Part> batch(int first, int count) {
    std::vector<ingest::Part> v;
    for (int i = first; i < first + count; ++i) v.push_back(part(i));
    return v;
}

std::int64_t count_parts(const std::string& path) {
    StoreReader r(path);
    auto c = r.counts();
    REQUIRE(c.ok());
    return c->parts;
}

}  // namespace

TEST_CASE("a batch is stored in one go and a redelivery of it is a no-op reported as duplicates") {
    TempDir dir;
    const std::string path = dir.file("s.db");
    Store s(path);
    auto parts = batch(0, 50);
    auto first = s.store_parts(parts);
    REQUIRE(first.ok());
    CHECK(first->stored.size() == 50);
    CHECK(first->duplicates == 0);
    CHECK(first->locations.size() == 50);
    CHECK(first->locations[7] == 7);
    for (std::size_t i = 0; i < 50; ++i) {
        CHECK(first->outcomes[i] == PartOutcome::stored);
        CHECK(first->stored[i].part.text == parts[i].text);
        if (i > 0) CHECK(first->stored[i].id > first->stored[i - 1].id);
    }

    // The modem was not told to delete (crash before the ack): it delivers the same 50 again, and
    // now also 10 new ones, from other SIM locations, read later.
    auto again = batch(0, 60);
    for (auto& p : again) {
        p.location += 100;
        p.received_at += 5min;
    }
    auto second = s.store_parts(again);
    REQUIRE(second.ok());
    CHECK(second->duplicates == 50);
    REQUIRE(second->stored.size() == 10);
    CHECK(second->stored.front().part.location == 150);
    for (std::size_t i = 0; i < 60; ++i)
        CHECK(second->outcomes[i] == (i < 50 ? PartOutcome::duplicate : PartOutcome::stored));
    CHECK(second->locations.size() == 60);  // duplicates are acknowledged for deletion too
    CHECK(count_parts(path) == 60);
}

TEST_CASE("the same part twice within one batch is stored once") {
    TempDir dir;
    Store s(dir.file("s.db"));
    std::vector<ingest::Part> parts{part(1), part(1), part(2)};
    parts[1].location = 9;
    auto r = s.store_parts(parts);
    REQUIRE(r.ok());
    CHECK(r->outcomes == std::vector<PartOutcome>{PartOutcome::stored, PartOutcome::duplicate, PartOutcome::stored});
    CHECK(r->locations == std::vector<int>{1, 9, 2});
}

TEST_CASE("a write that fails part-way keeps nothing of it") {
    TempDir dir;
    const std::string path = dir.file("s.db");
    Store s(path);
    REQUIRE(s.store_parts(batch(0, 5)).ok());

    SUBCASE("the function returns an error") {
        auto r = s.write([&](Transaction& tx) -> Result<StoredBatch> {
            auto b = tx.store_parts(batch(5, 20));
            REQUIRE(b.ok());
            return StoreError{SQLITE_ABORT, "pipeline gave up"};
        });
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message == "pipeline gave up");
    }
    SUBCASE("an operation fails and the function ignores it") {
        auto r = s.write([&](Transaction& tx) -> Result<int> {
            (void)tx.store_parts(batch(5, 20));
            auto bad = tx.mark_processed(12345);  // no such message
            CHECK_FALSE(bad.ok());
            CHECK(tx.failed());
            // Sticky: nothing else runs once something failed.
            auto after = tx.store_parts(batch(30, 1));
            CHECK_FALSE(after.ok());
            return 0;
        });
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == SQLITE_CONSTRAINT);
        CHECK(r.error().message.find("mark message 12345 processed") != std::string::npos);
    }
    SUBCASE("the function throws") {
        CHECK_THROWS((void)s.write([&](Transaction& tx) -> Result<int> {
            (void)tx.store_parts(batch(5, 20));
            throw std::runtime_error("boom");
        }));
    }
    CHECK(count_parts(path) == 5);
    // The store is usable afterwards, and the rolled-back parts were never "seen".
    auto again = s.store_parts(batch(5, 20));
    REQUIRE(again.ok());
    CHECK(again->stored.size() == 20);
    CHECK(count_parts(path) == 25);
}

TEST_CASE("writes do not nest") {
    TempDir dir;
    Store s(dir.file("s.db"));
    auto r = s.write([&](Transaction&) -> Result<int> {
        auto inner = s.store_parts(batch(0, 1));
        CHECK_FALSE(inner.ok());
        CHECK(inner.error().code == SQLITE_MISUSE);
        return 1;
    });
    CHECK(r.ok());
}

TEST_CASE("recording a message links its parts exactly once") {
    TempDir dir;
    Store s(dir.file("s.db"));
    std::vector<ingest::Part> parts{part(1, 7, 1, 2, "+77010000001"), part(2, 7, 2, 2, "+77010000001")};
    auto stored = s.store_parts(parts);
    REQUIRE(stored.ok());
    ingest::MultipartLinker linker([] { return t0; });
    std::optional<ingest::AssembledMessage> m;
    for (const auto& sp : stored->stored) m = linker.add(sp);
    REQUIRE(m);

    auto id = s.write([&](Transaction& tx) { return tx.record_message(*m); });
    REQUIRE(id.ok());
    CHECK(s.unlinked_parts()->empty());

    auto twice = s.write([&](Transaction& tx) { return tx.record_message(*m); });
    REQUIRE_FALSE(twice.ok());
    CHECK(twice.error().message.find("already belongs to a message") != std::string::npos);

    auto back = s.write([&](Transaction& tx) { return tx.message(*id); });
    REQUIRE(back.ok());
    REQUIRE(*back);
    CHECK((*back)->message.text == m->text);
    CHECK((*back)->state == MessageState::pending);
    auto of = s.write([&](Transaction& tx) { return tx.parts_of_message(*id); });
    REQUIRE(of.ok());
    CHECK(of->size() == 2);
    auto pending = s.pending_messages();
    REQUIRE(pending.ok());
    CHECK(pending->size() == 1);  // the failed second recording left nothing behind
}

TEST_CASE("an incomplete message keeps its flag and missing parts") {
    TempDir dir;
    Store s(dir.file("s.db"));
    std::vector<ingest::Part> parts{part(1, 3, 1, 3, "+77010000001"), part(3, 3, 3, 3, "+77010000001")};
    auto stored = s.store_parts(parts);
    REQUIRE(stored.ok());
    SystemTime now = t0;
    ingest::MultipartLinker linker([&] { return now; }, {.timeout = 60s});
    for (const auto& sp : stored->stored) CHECK_FALSE(linker.add(sp));
    now += 1h;
    auto expired = linker.expire();
    REQUIRE(expired.size() == 1);
    auto id = s.write([&](Transaction& tx) { return tx.record_message(expired[0]); });
    REQUIRE(id.ok());
    auto m = s.write([&](Transaction& tx) { return tx.message(*id); });
    REQUIRE((m.ok() && *m));
    CHECK((*m)->message.assembly == ingest::Assembly::timed_out);
    CHECK((*m)->message.missing == std::vector<int>{2});
    CHECK((*m)->message.concat_total == 3);
    CHECK((*m)->message.received_at == expired[0].received_at);
}

TEST_CASE("a restart resumes: unlinked parts rebuild the linker, pending messages are found again") {
    TempDir dir;
    const std::string path = dir.file("s.db");
    // Three senders share reference 0x42; two-part messages arrive interleaved over two batches.
    const std::vector<std::string> senders = {"+77010000001", "+77010000002", "+77010000003"};
    std::vector<ingest::Part> first, second;
    int loc = 0;
    for (const auto& snd : senders) first.push_back(part(++loc, 0x42, 1, 2, snd));
    for (const auto& snd : senders) second.push_back(part(++loc, 0x42, 2, 2, snd));
    second.push_back(part(++loc));  // and one single SMS

    std::set<std::string> recorded;  // sender of each message recorded, across both "processes"
    {
        Store s(path);
        ingest::MultipartLinker linker([] { return t0; });
        auto a = s.store_parts(first);
        REQUIRE(a.ok());
        for (const auto& sp : a->stored) CHECK_FALSE(linker.add(sp));
        auto b = s.store_parts(second);
        REQUIRE(b.ok());
        // Only the first completed message gets recorded (and processed); then the process dies.
        for (const auto& sp : b->stored) {
            if (auto m = linker.add(sp)) {
                auto r = s.write([&](Transaction& tx) -> Result<void> {
                    auto id = tx.record_message(*m);
                    if (!id) return id.error();
                    return tx.mark_processed(*id);
                });
                REQUIRE(r.ok());
                recorded.insert(m->sender);
                break;
            }
        }
        // A second message is recorded but not processed before the crash.
        auto more = s.unlinked_parts();
        REQUIRE(more.ok());
        ingest::MultipartLinker probe([] { return t0; });
        auto ready = probe.restore(*more);
        REQUIRE(ready.size() == 3);
        REQUIRE(s.write([&](Transaction& tx) { return tx.record_message(ready[0]); }).ok());
        recorded.insert(ready[0].sender);
    }
    {
        Store s(path);
        auto unlinked = s.unlinked_parts();
        REQUIRE(unlinked.ok());
        ingest::MultipartLinker linker([] { return t0; });
        auto ready = linker.restore(*unlinked);
        CHECK(ready.size() == 2);
        CHECK(linker.pending_groups() == 0);
        for (const auto& m : ready) {
            CHECK(recorded.insert(m.sender).second);  // never one recorded before
            REQUIRE(s.write([&](Transaction& tx) { return tx.record_message(m); }).ok());
        }
        auto pending = s.pending_messages();
        REQUIRE(pending.ok());
        CHECK(pending->size() == 3);  // the one recorded before the crash and the two just now
    }
    CHECK(recorded.size() == 4);  // three multipart senders and the single SMS
    StoreReader r(path);
    auto c = r.counts();
    REQUIRE(c.ok());
    CHECK(c->parts == 7);
    CHECK(c->unlinked_parts == 0);
    CHECK(c->messages_pending == 3);
    CHECK(c->messages_processed == 1);
}
