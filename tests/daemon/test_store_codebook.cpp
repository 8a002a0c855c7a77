// The codebook saved in the store (migration 3), and the reader's summaries for the status command.
#include "daemon/store/schema.hpp"
#include "daemon/store/sqlite_log.hpp"
#include "daemon/store/store.hpp"
#include "daemon/store/store_reader.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>

using namespace smsgw;
using namespace smsgw::store;
using namespace std::chrono_literals;
using namespace std::string_literals;
namespace fs = std::filesystem;

namespace {

using smsgw::test::TempDir;

const SystemTime t0 = SystemTime(std::chrono::seconds(1709280000));

struct Fixture {
    TempDir dir;
    std::string path = dir.file("c.db");
    SystemTime now = t0;
    Store store{path, StoreOptions{.clock = [this] { return now; }}};
};

// Contents a text column could mangle: a BOM, CRLF, Cyrillic, quotes, an embedded NUL.
CodebookSources sources(const std::string& tag, bool candidates = true) {
    CodebookSources s;
    s.election_toml = "\xEF\xBB\xBF[election]\r\nid = \"tiny-2026\"\r\n# " + tag + "\n";
    s.stations_csv = "code,name\n02005,\"Школа №14\"\n" + tag;
    s.monitors_csv = "phone,name\n+77010000001,\"A, B\"\n\0tail"s + tag;
    if (candidates) {
        s.candidates_csv = "district,tag,name,party\n1,A,Айгерим,P1\n";
        s.has_candidates = true;
    }
    return s;
}

void check_same(const CodebookSources& a, const CodebookSources& b) {
    CHECK(a.election_toml == b.election_toml);
    CHECK(a.stations_csv == b.stations_csv);
    CHECK(a.monitors_csv == b.monitors_csv);
    CHECK(a.candidates_csv == b.candidates_csv);
    CHECK(a.has_candidates == b.has_candidates);
    CHECK(a.has_election);
    CHECK(a.has_stations);
    CHECK(a.has_monitors);
}

std::int64_t int_of(Database& db, const std::string& sql) {
    auto r = db.query_int("test query", sql);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    return *r;
}

}  // namespace

TEST_CASE("a new database has no codebook in use until one is saved, then readers get its exact files") {
    Fixture f;
    {
        StoreReader reader(f.path);
        auto none = reader.codebook_in_use();
        REQUIRE(none.ok());
        CHECK_FALSE(none->has_value());
    }
    const CodebookSources v1 = sources("one");
    CHECK(v1.monitors_csv.find('\0') != std::string::npos);
    auto saved = f.store.save_codebook("tiny-2026@0000000000000001", v1);
    REQUIRE(saved.ok());
    CHECK(*saved);  // none before

    StoreReader reader(f.path);
    auto in_use = reader.codebook_in_use();
    REQUIRE(in_use.ok());
    REQUIRE(in_use->has_value());
    const SavedCodebook& c = **in_use;
    CHECK(c.version == "tiny-2026@0000000000000001");
    check_same(c.sources, v1);
    CHECK(c.saved_at == t0);
    CHECK(c.in_use_since == t0);

    auto tx = f.store.write([](Transaction& t) { return t.codebook_in_use(); });
    REQUIRE(tx.ok());
    REQUIRE(tx->has_value());
    CHECK((*tx)->version == c.version);
}

TEST_CASE("saving again keeps one copy per version; switching versions moves the one in use") {
    Fixture f;
    const CodebookSources v1 = sources("one"), v2 = sources("two", false);
    REQUIRE(*f.store.save_codebook("e@1", v1));

    // A restart with the same codebook: nothing changes, not even since when it is in use.
    f.now = t0 + 1h;
    auto again = f.store.save_codebook("e@1", v1);
    REQUIRE(again.ok());
    CHECK_FALSE(*again);

    // A reload with another codebook.
    f.now = t0 + 2h;
    auto other = f.store.save_codebook("e@2", v2);
    REQUIRE(other.ok());
    CHECK(*other);
    {
        StoreReader reader(f.path);
        auto c = reader.codebook_in_use();
        REQUIRE(c.ok());
        REQUIRE(c->has_value());
        CHECK((*c)->version == "e@2");
        check_same((*c)->sources, v2);
        CHECK_FALSE((*c)->sources.has_candidates);
        CHECK((*c)->saved_at == t0 + 2h);
        CHECK((*c)->in_use_since == t0 + 2h);
    }

    // Back to the first: its saved copy (and first save time) is the one read.
    f.now = t0 + 3h;
    CHECK(*f.store.save_codebook("e@1", v1));
    StoreReader reader(f.path);
    auto c = reader.codebook_in_use();
    REQUIRE(c.ok());
    REQUIRE(c->has_value());
    CHECK((*c)->version == "e@1");
    check_same((*c)->sources, v1);
    CHECK((*c)->saved_at == t0);
    CHECK((*c)->in_use_since == t0 + 3h);

    Database db = Database::open(f.path, {.read_only = true});
    CHECK(int_of(db, "SELECT count(*) FROM codebook") == 2);
    CHECK(int_of(db, "SELECT count(*) FROM codebook_in_use") == 1);
}

TEST_CASE("a codebook saved in a transaction that rolls back is not there, and an empty version is refused") {
    Fixture f;
    auto r = f.store.write([](Transaction& tx) -> Result<int> {
        auto s = tx.save_codebook("e@1", sources("one"));
        if (!s) return s.error();
        return StoreError{SQLITE_ABORT, "the caller changed its mind"};
    });
    REQUIRE_FALSE(r.ok());
    auto empty = f.store.save_codebook("", sources("one"));
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().code == SQLITE_MISUSE);
    StoreReader reader(f.path);
    auto c = reader.codebook_in_use();
    REQUIRE(c.ok());
    CHECK_FALSE(c->has_value());
}

TEST_CASE("a real version-2 database is migrated to the latest version: data kept, no codebook yet, then one saved") {
    TempDir dir;
    const std::string path = dir.file("v2.db");
    {
        Database db = Database::open(path, {});
        db.configure_writer();
        CHECK(Schema::migrate(db, 2) == 0);
        REQUIRE(db.exec("v2 data",
                        "INSERT INTO part (idem_key, modem, imei, sim_location, sender, smsc_time, received_at, "
                        "concat_ref, concat_part, concat_total, text, coding, stored_at) VALUES ('k1', 'm1', 'i', 4, "
                        "'+77010000001', '2024-03-01T08:00:00', 1709280000000, -1, 0, 0, 'R 01234 A1', 'gsm7', "
                        "1709280000001); INSERT INTO reply (destination, text, status, next_try_at, created_at) "
                        "VALUES ('+77010000001', 'OK #AB12', 'queued', 0, 0)")
                    .ok());
        CHECK(int_of(db, "PRAGMA user_version") == 2);
        CHECK(int_of(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'codebook'") == 0);
    }
    // The commands refuse it until the daemon has migrated it.
    CHECK_THROWS_WITH_AS(StoreReader{path}, doctest::Contains("start the daemon (smsgw run) once to migrate"),
                         StoreOpenError);

    std::vector<std::string> log;
    std::mutex log_mutex;
    set_log_sink([&](int code, std::string_view m) {
        std::lock_guard lock(log_mutex);
        if (code == 0) log.emplace_back(m);
    });
    {
        Store s(path, StoreOptions{.clock = [] { return t0; }});
        CHECK(s.schema_version_found() == 2);
        CHECK(s.schema_version() == Schema::latest_version());
        auto parts = s.unlinked_parts();
        REQUIRE(parts.ok());
        REQUIRE(parts->size() == 1);
        CHECK(parts->front().part.text == "R 01234 A1");
        auto none = s.write([](Transaction& tx) { return tx.codebook_in_use(); });
        REQUIRE(none.ok());
        CHECK_FALSE(none->has_value());
        REQUIRE(*s.save_codebook("e@1", sources("one")));
    }
    set_log_sink({});
    // 3, 4, 5, ... each in its own transaction.
    REQUIRE(log.size() == static_cast<std::size_t>(Schema::latest_version() - 2));
    CHECK(log[0].find("schema migrated to version 3 (codebook versions") != std::string::npos);
    CHECK(log[1].find("schema migrated to version 4 (outgoing SMS") != std::string::npos);
    CHECK(log[2].find("schema migrated to version 5 (quarantined SIM records") != std::string::npos);

    StoreReader reader(path);
    CHECK(reader.schema_version() == Schema::latest_version());
    auto c = reader.codebook_in_use();
    REQUIRE(c.ok());
    REQUIRE(c->has_value());
    CHECK((*c)->version == "e@1");
    auto counts = reader.counts();
    REQUIRE(counts.ok());
    CHECK(counts->parts == 1);
    CHECK(counts->replies_queued == 1);
    Database db = Database::open(path, {.read_only = true});
    CHECK(int_of(db, "PRAGMA user_version") == Schema::latest_version());
    // A reply queued before version 4 is a reply to a message, not a reminder.
    CHECK(int_of(db, "SELECT count(*) FROM reply WHERE kind = 'reply'") == 1);
    // Only one row can say which codebook is in use, and it must name a saved one.
    Database rw = Database::open(path, {});
    CHECK_FALSE(rw.exec("second row", "INSERT INTO codebook_in_use VALUES (2, 'e@1', 0)").ok());
    CHECK_FALSE(rw.exec("unsaved version", "UPDATE codebook_in_use SET version = 'nope'").ok());
}

TEST_CASE("status summaries: report outcomes, replies that failed to send, the oldest queued reply") {
    Fixture f;
    auto message = [&](int n) {
        ingest::Part p;
        p.modem = "m1";
        p.sender = "+7701000000" + std::to_string(n);
        p.smsc_time = "2024-03-01T08:00:0" + std::to_string(n);
        p.text = "R 01001 A" + std::to_string(n);
        p.received_at = f.now;
        p.location = n;
        auto r = f.store.write([&](Transaction& tx) -> Result<std::int64_t> {
            auto b = tx.store_parts(std::span(&p, 1));
            if (!b) return b.error();
            ingest::AssembledMessage m;
            m.modem = p.modem;
            m.sender = p.sender;
            m.text = p.text;
            m.received_at = f.now;
            m.part_ids = {b->stored.at(0).id};
            return tx.record_message(m);
        });
        REQUIRE(r.ok());
        return *r;
    };
    const char* dispositions[] = {"new", "new", "duplicate", "rejected", "new", "conflict"};
    std::vector<std::int64_t> replies;
    for (int i = 0; i < 6; ++i) {
        f.now = t0 + std::chrono::minutes(i);
        std::int64_t m = message(i + 1);
        auto r = f.store.write([&](Transaction& tx) -> Result<std::int64_t> {
            ReportRecord rec;
            rec.message_id = m;
            rec.form = "R";
            rec.station = "0100" + std::to_string(i + 1);
            rec.disposition = dispositions[i];
            rec.status = rec.disposition == "rejected" ? Status::rejected : Status::accepted;
            auto rep = tx.record_report(rec);
            if (!rep) return rep.error();
            return tx.enqueue_reply({m, rep->id, "+7701000000" + std::to_string(i + 1), "OK"});
        });
        REQUIRE(r.ok());
        replies.push_back(*r);
    }
    {
        StoreReader reader(f.path);
        auto oldest = reader.oldest_queued_reply();
        REQUIRE(oldest.ok());
        REQUIRE(oldest->has_value());
        CHECK(**oldest == t0);
    }
    // Reply 1 is sent, 2 fails once (queued to retry), 3 fails for good.
    f.now = t0 + 10min;
    RetryPolicy once{.max_attempts = 1}, twice{.max_attempts = 2};
    auto sends = f.store.write([&](Transaction& tx) -> Result<int> {
        auto claimed = tx.claim_replies(3);
        if (!claimed) return claimed.error();
        if (claimed->size() != 3) return StoreError{0, "expected 3 claimed"};
        if (auto s = tx.mark_reply_sent(replies[0], "m1", 7); !s) return s.error();
        if (auto s = tx.mark_reply_failed(replies[1], "m1", "CMS ERROR 500", twice); !s) return s.error();
        if (auto s = tx.mark_reply_failed(replies[2], "m2", "no network", once); !s) return s.error();
        return 0;
    });
    REQUIRE_MESSAGE(sends.ok(), (sends.ok() ? "" : sends.error().message));

    StoreReader reader(f.path);
    auto outcomes = reader.outcomes();
    REQUIRE(outcomes.ok());
    REQUIRE(outcomes->size() == 4);
    CHECK((*outcomes)[0].disposition == "new");
    CHECK((*outcomes)[0].reports == 3);
    // Ties by name.
    CHECK((*outcomes)[1].disposition == "conflict");
    CHECK((*outcomes)[2].disposition == "duplicate");
    CHECK((*outcomes)[3].disposition == "rejected");
    CHECK((*outcomes)[3].reports == 1);

    auto errors = reader.replies_with_errors(10);
    REQUIRE(errors.ok());
    REQUIRE(errors->size() == 2);
    CHECK((*errors)[0].id == replies[2]);
    CHECK((*errors)[0].status == ReplyStatus::failed);
    CHECK((*errors)[0].error == "no network");
    CHECK((*errors)[0].modem == "m2");
    CHECK((*errors)[1].id == replies[1]);
    CHECK((*errors)[1].status == ReplyStatus::queued);
    auto limited = reader.replies_with_errors(1);
    REQUIRE(limited.ok());
    CHECK(limited->size() == 1);

    auto oldest = reader.oldest_queued_reply();
    REQUIRE(oldest.ok());
    REQUIRE(oldest->has_value());
    CHECK(**oldest == t0 + 1min);  // reply 2, queued again to retry, keeps its creation time
}
