// Quarantined SIM records and modem SMS storage in the store: stored once, listed, counted, migrated from schema 4.
#include "daemon/store/schema.hpp"
#include "daemon/store/store.hpp"
#include "daemon/store/store_reader.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>

using namespace smsgw;
using namespace smsgw::store;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

using smsgw::test::TempDir;

const SystemTime t0 = SystemTime(std::chrono::seconds(1709280000));

// A store whose clock the test moves.
struct Fixture {
    TempDir dir;
    SystemTime now = t0;
    Store store{dir.file("q.db"), {.clock = [this] { return now; }}};
};

QuarantineRecord record(int location, std::string error = "ERR_CORRUPTED", std::string pdu = "0791A7") {
    QuarantineRecord q;
    q.modem = "kcell";
    q.imei = "356938035643809";
    q.location = location;
    q.error = std::move(error);
    q.reason = "libgammu cannot decode the record";
    q.pdu_hex = std::move(pdu);
    return q;
}

std::int64_t int_of(Database& db, const std::string& sql) {
    auto r = db.query_int("test query", sql);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    return *r;
}

}  // namespace

TEST_CASE("a quarantined record is stored with its fields, and the store's time when none is given") {
    Fixture f;
    auto first = f.store.quarantine(record(3));
    REQUIRE_MESSAGE(first.ok(), (first.ok() ? "" : first.error().message));
    CHECK(first->inserted);
    CHECK(first->id > 0);

    f.now = t0 + 5min;
    QuarantineRecord crash = record(4, "SIGSEGV", "");
    crash.reason = "the modem process died reading this record";
    crash.detected_at = t0 + 1min;  // when the modem saw it, before this commit
    auto second = f.store.quarantine(crash);
    REQUIRE(second.ok());
    CHECK(second->inserted);
    CHECK(second->id != first->id);

    StoreReader r(f.store.path());
    CHECK(*r.quarantine_count() == 2);
    auto all = r.quarantined();
    REQUIRE(all.ok());
    REQUIRE(all->size() == 2);
    const QuarantineRecord& a = all->at(0);
    CHECK(a.id == first->id);
    CHECK(a.modem == "kcell");
    CHECK(a.imei == "356938035643809");
    CHECK(a.location == 3);
    CHECK(a.error == "ERR_CORRUPTED");
    CHECK(a.reason == "libgammu cannot decode the record");
    CHECK(a.pdu_hex == "0791A7");
    CHECK(a.detected_at == t0);  // unset: the transaction's time
    const QuarantineRecord& b = all->at(1);
    CHECK(b.id == second->id);
    CHECK(b.error == "SIGSEGV");
    CHECK(b.pdu_hex == "");  // bytes not captured: still stored
    CHECK(b.detected_at == t0 + 1min);
}

TEST_CASE("the same record seen again is stored once and answers with the first id") {
    Fixture f;
    auto first = f.store.quarantine(record(7));
    REQUIRE(first.ok());
    REQUIRE(first->inserted);
    f.now = t0 + 30s;
    QuarantineRecord again = record(7, "ERR_CORRUPTED", "0791a7");  // lower case: the same bytes
    again.reason = "seen again after a restart";
    auto second = f.store.quarantine(again);
    REQUIRE(second.ok());
    CHECK_FALSE(second->inserted);
    CHECK(second->id == first->id);

    // Any field of the key that differs makes another record.
    auto other_location = f.store.quarantine(record(8));
    auto other_error = f.store.quarantine(record(7, "ERR_UNKNOWN"));
    auto other_bytes = f.store.quarantine(record(7, "ERR_CORRUPTED", "0791A8"));
    QuarantineRecord other_modem = record(7);
    other_modem.modem = "beeline";
    auto other_modem_r = f.store.quarantine(other_modem);
    for (auto* r : {&other_location, &other_error, &other_bytes, &other_modem_r}) {
        REQUIRE(r->ok());
        CHECK((*r)->inserted);
        CHECK((*r)->id != first->id);
    }

    StoreReader r(f.store.path());
    CHECK(*r.quarantine_count() == 5);
    auto all = r.quarantined();
    REQUIRE(all.ok());
    REQUIRE(all->size() == 5);
    // The first sighting is what was kept: its reason and time.
    CHECK(all->front().id == first->id);
    CHECK(all->front().reason == "libgammu cannot decode the record");
    CHECK(all->front().detected_at == t0);
    CHECK(all->front().pdu_hex == "0791A7");
}

TEST_CASE("a record with an empty PDU is deduplicated too") {
    Fixture f;
    auto a = f.store.quarantine(record(2, "SIGABRT", ""));
    auto b = f.store.quarantine(record(2, "SIGABRT", ""));
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a->inserted);
    CHECK_FALSE(b->inserted);
    CHECK(b->id == a->id);
    StoreReader r(f.store.path());
    CHECK(*r.quarantine_count() == 1);
}

TEST_CASE("records are listed oldest first, whatever order they were stored in") {
    Fixture f;
    QuarantineRecord late = record(1);
    late.detected_at = t0 + 2min;
    QuarantineRecord early = record(2);
    early.detected_at = t0 + 1min;
    auto late_id = f.store.quarantine(late);
    auto early_id = f.store.quarantine(early);
    REQUIRE(late_id.ok());
    REQUIRE(early_id.ok());
    StoreReader r(f.store.path());
    auto all = r.quarantined();
    REQUIRE(all.ok());
    REQUIRE(all->size() == 2);
    CHECK(all->at(0).id == early_id->id);
    CHECK(all->at(1).id == late_id->id);
}

TEST_CASE("a PDU that is not hex is refused and nothing is stored") {
    Fixture f;
    auto bad = f.store.quarantine(record(1, "ERR_CORRUPTED", "07 91"));
    REQUIRE_FALSE(bad.ok());
    CHECK((bad.error().code & 0xff) == SQLITE_CONSTRAINT);
    auto odd = f.store.quarantine(record(1, "ERR_CORRUPTED", "079"));
    REQUIRE_FALSE(odd.ok());
    StoreReader r(f.store.path());
    CHECK(*r.quarantine_count() == 0);
}

TEST_CASE("a quarantine inside a failed transaction is rolled back with it") {
    Fixture f;
    auto r = f.store.write([&](Transaction& tx) -> Result<int> {
        auto q = tx.quarantine(record(5));
        if (!q) return q.error();
        CHECK(q->inserted);
        return StoreError{SQLITE_ERROR, "the caller gives up"};
    });
    REQUIRE_FALSE(r.ok());
    StoreReader reader(f.store.path());
    CHECK(*reader.quarantine_count() == 0);
    // So the record is new again on the next try.
    auto again = f.store.quarantine(record(5));
    REQUIRE(again.ok());
    CHECK(again->inserted);
}

TEST_CASE("modem SMS storage and device: written by upsert_modem, NULL while unknown") {
    Fixture f;
    ModemHealthRecord m{.name = "kcell", .state = "running", .last_seen = t0};
    m.sim_used = 25;
    m.sim_size = 30;
    m.phone_used = 0;
    m.phone_size = 100;
    m.device = "/dev/ttyUSB0";
    REQUIRE(f.store.upsert_modem(m).ok());
    REQUIRE(f.store.upsert_modem({.name = "beeline", .state = "connecting", .last_seen = t0}).ok());

    StoreReader r(f.store.path());
    auto modems = r.modems();
    REQUIRE(modems.ok());
    REQUIRE(modems->size() == 2);
    const ModemHealthRecord& unknown = modems->at(0);
    CHECK(unknown.name == "beeline");
    CHECK_FALSE(unknown.sim_used);
    CHECK_FALSE(unknown.sim_size);
    CHECK_FALSE(unknown.phone_used);
    CHECK_FALSE(unknown.phone_size);
    CHECK(unknown.device == "");
    const ModemHealthRecord& known = modems->at(1);
    CHECK(known.sim_used == 25);
    CHECK(known.sim_size == 30);
    CHECK(known.phone_used == 0);  // zero is a value, not unknown
    CHECK(known.phone_size == 100);
    CHECK(known.device == "/dev/ttyUSB0");

    // An update that no longer knows the storage forgets it rather than keeping stale numbers.
    m.sim_used.reset();
    m.sim_size.reset();
    REQUIRE(f.store.upsert_modem(m).ok());
    auto again = r.modems();
    REQUIRE(again.ok());
    CHECK_FALSE(again->at(1).sim_used);
    CHECK_FALSE(again->at(1).sim_size);
    CHECK(again->at(1).phone_size == 100);
}

TEST_CASE("a schema-4 database migrates to 5 keeping its modems, and takes quarantined records") {
    TempDir dir;
    const std::string path = dir.file("v4.db");
    {
        Database db = Database::open(path, {});
        db.configure_writer();
        Schema::migrate(db, 4);
        REQUIRE(int_of(db, "PRAGMA user_version") == 4);
        REQUIRE(db.exec("v4 data",
                        "INSERT INTO modem (name, imei, imsi, operator, signal_percent, battery_percent, "
                        "network_state, state, last_error, last_seen) VALUES ('kcell', '356938035643809', "
                        "'401020000000001', 'Kcell', 70, NULL, 'home', 'running', '', 1709280000000); "
                        "INSERT INTO event (at, level, category, text) VALUES (1709280000000, 'info', 'modem', "
                        "'kcell: running')")
                    .ok());
        CHECK(int_of(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'quarantine'") == 0);
    }
    {
        Store s(path);
        CHECK(s.schema_version_found() == 4);
        CHECK(s.schema_version() == Schema::latest_version());
        auto q = s.quarantine(record(9));
        REQUIRE(q.ok());
        CHECK(q->inserted);
    }
    StoreReader r(path);
    auto modems = r.modems();
    REQUIRE(modems.ok());
    REQUIRE(modems->size() == 1);
    const ModemHealthRecord& m = modems->front();
    CHECK(m.name == "kcell");
    CHECK(m.imsi == "401020000000001");
    CHECK(m.signal_percent == 70);
    CHECK_FALSE(m.battery_percent);
    CHECK(m.last_seen == t0);
    CHECK_FALSE(m.sim_used);  // not known before schema 5
    CHECK_FALSE(m.phone_size);
    CHECK(m.device == "");
    auto events = r.events_since(0, 0);
    REQUIRE(events.ok());
    REQUIRE(events->size() == 1);
    CHECK(events->front().text == "kcell: running");
    CHECK(*r.quarantine_count() == 1);
}
