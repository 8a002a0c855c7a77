// The daemon's takes on a real SQLite file: stored whole and read back, taken on count, interval and stop, numbered across restarts.
#include "daemon/console/logger.hpp"
#include "daemon/quickcount/quick_count.hpp"
#include "daemon/store/store.hpp"
#include "daemon/store/store_reader.hpp"
#include "daemon/takes/take_recorder.hpp"
#include "takes_fixture.hpp"
#include "tests/support/fake_time.hpp"

#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>

#include <cstdio>

using namespace takes_test;
using namespace std::chrono_literals;
using store::TakeTrigger;

namespace {

std::vector<TagValue> results(std::int64_t a, std::int64_t b, std::int64_t c) {
    return {{"A", a, -1}, {"B", b, -1}, {"C", c, -1}, {"X", 4, -1}, {"T", a + b + c + 4, -1}};
}

// A store file, the tiny codebook's quick count and a recorder whose clock the test moves.
struct Rig {
    TempDir dir;
    smsgw::SystemTime now = at(0);
    std::FILE* console = std::tmpfile();
    Logger log{LogLevel::info, console};
    boost::asio::io_context io;
    std::unique_ptr<store::Store> st;
    QuickCount qc{tiny_codebook()};
    std::uint64_t updates = 0;  // what Pipeline::count_updates would say
    std::unique_ptr<TakeRecorder> rec;

    explicit Rig(TakeSettings s = {.every_reports = 3, .interval = 10min}) { start(s); }
    ~Rig() {
        rec.reset();
        st.reset();
        std::fclose(console);
    }
    void start(TakeSettings s) {
        rec.reset();
        st = std::make_unique<store::Store>(dir.file("t.db"));
        rec = std::make_unique<TakeRecorder>(io, log, *st, qc, [this] { return now; });
        rec->start(s, "tiny@v1");
    }
    void count(const char* station, std::int64_t a, std::int64_t b, std::int64_t c) {
        REQUIRE(qc.set_result(qc.codebook().find_station(station)->index, "R", results(a, b, c)) ==
                QuickCount::Outcome::counted);
        rec->observe(++updates);
    }
    std::vector<store::Take> takes() {
        store::StoreReader r(dir.file("t.db"));
        auto t = r.takes();
        REQUIRE(t.ok());
        return *t;
    }
    std::string printed() {
        std::fflush(console);
        std::rewind(console);
        std::string s;
        char buf[4096];
        while (std::size_t n = std::fread(buf, 1, sizeof buf, console)) s.append(buf, n);
        return s;
    }
};

}  // namespace

TEST_CASE("a take is stored whole and read back as written (SQLite file, StoreReader)") {
    TempDir dir;
    store::Take a = take(0, 5, {target("PL", 0, 40, 100, {{"A", 0.5, 0.03}, {"B", -1, 0}}, "undetermined"),
                               target("DM", 3, 2, 4, {{"A", 0.7, 0.2}}, "first-round win A")},
                         TakeTrigger::interval, 7);
    store::TakeMeasure lead;
    lead.kind = store::TakeMeasureKind::lead;
    lead.tag = "A";
    lead.versus = "B";
    lead.share = 0.12;
    lead.margin95 = 0.04;
    lead.margin99 = 0.05;
    a.targets[0].measures.push_back(lead);
    a.targets[0].strata = {{"01U", 30, 12}, {"01R", 70, 28}};
    a.targets[0].complete_coverage = true;
    {
        store::Store st(dir.file("t.db"));
        auto none = st.write([](store::Transaction& tx) { return tx.last_take(); });
        REQUIRE(none.ok());
        CHECK_FALSE(none->has_value());
        auto n1 = st.write([&](store::Transaction& tx) { return tx.record_take(a); });
        REQUIRE(n1.ok());
        CHECK(*n1 == 1);
        a.at = at(9);
        auto n2 = st.write([&](store::Transaction& tx) { return tx.record_take(a); });
        REQUIRE(n2.ok());
        CHECK(*n2 == 2);
        auto last = st.write([](store::Transaction& tx) { return tx.last_take(); });
        REQUIRE(last.ok());
        REQUIRE(last->has_value());
        CHECK((*last)->number == 2);
        CHECK((*last)->at == at(9));
    }
    store::StoreReader r(dir.file("t.db"));
    auto takes = r.takes();
    REQUIRE(takes.ok());
    REQUIRE(takes->size() == 2);
    const store::Take& t = takes->front();
    CHECK(t.number == 1);
    CHECK(t.at == at(5));
    CHECK(t.trigger == TakeTrigger::interval);
    CHECK(t.counted == 7);
    CHECK(t.codebook_version == "tiny-2026@test");
    REQUIRE(t.targets.size() == 2);
    const store::TakeTarget& pl = t.targets[0];
    CHECK(pl.contest == "PL");
    CHECK(pl.district == 0);
    CHECK(pl.reported == 40);
    CHECK(pl.sampled == 100);
    CHECK(pl.call == "undetermined");
    CHECK(pl.complete_coverage);
    REQUIRE(pl.measures.size() == 3);
    CHECK(pl.measures[0].tag == "A");
    CHECK(*pl.measures[0].share == 0.5);
    CHECK(pl.measures[0].margin95 == 0.03);
    CHECK_FALSE(pl.measures[1].share.has_value());  // no data is NULL, not 0
    CHECK(pl.measures[2].kind == store::TakeMeasureKind::lead);
    CHECK(pl.measures[2].versus == "B");
    CHECK(*pl.measures[2].share == 0.12);
    REQUIRE(pl.strata.size() == 2);
    CHECK(pl.strata[1].stratum == "01R");
    CHECK(pl.strata[1].sampled == 70);
    CHECK(pl.strata[1].reported == 28);
    CHECK(t.targets[1].district == 3);
    CHECK(t.targets[1].call == "first-round win A");
    CHECK((*takes)[1].at == at(9));
}

TEST_CASE("takes every N counted results, with the estimate of that moment, and says so on the console") {
    Rig rig({.every_reports = 3, .interval = 10min});
    rig.count("01001", 300, 200, 100);
    rig.count("01002", 310, 190, 90);
    CHECK(rig.takes().empty());
    CHECK(rig.rec->pending() == 2);
    rig.now = at(1);
    rig.count("02001", 500, 400, 100);
    auto takes = rig.takes();
    REQUIRE(takes.size() == 1);
    CHECK(takes[0].number == 1);
    CHECK(takes[0].trigger == TakeTrigger::reports);
    CHECK(takes[0].counted == 3);
    CHECK(takes[0].at == at(1));
    CHECK(takes[0].codebook_version == "tiny@v1");
    CHECK(takes[0].targets.front().reported == 3);
    CHECK(*takes[0].targets.front().measures[0].share ==
          doctest::Approx(rig.qc.estimate().contests.front().options[0].estimate.share));
    CHECK(rig.rec->pending() == 0);
    CHECK(rig.rec->last_number() == 1);
    CHECK(rig.printed().find("take 1 of the estimate (reports: 3 results counted since the last); PL 3 of 8 reported") !=
          std::string::npos);
}

TEST_CASE("takes on the interval only with something new, and a final one at stop") {
    Rig rig({.every_reports = 100, .interval = 10min});
    rig.now = at(30);
    rig.rec->check();  // half an hour with nothing counted: no take
    CHECK(rig.takes().empty());
    // The interval counts from the start (or the last take): long past, so the first result is a take.
    rig.count("01001", 300, 200, 100);
    REQUIRE(rig.takes().size() == 1);
    CHECK(rig.takes()[0].trigger == TakeTrigger::interval);
    rig.now = at(31);
    rig.count("01002", 300, 200, 100);
    rig.now = at(39);
    rig.rec->check();
    CHECK(rig.takes().size() == 1);  // due 10 minutes after take 1, at 40
    rig.now = at(40);
    rig.rec->check();
    REQUIRE(rig.takes().size() == 2);
    CHECK(rig.takes()[1].trigger == TakeTrigger::interval);
    CHECK(rig.takes()[1].at == at(40));
    rig.now = at(45);
    rig.rec->check();
    CHECK(rig.takes().size() == 2);  // nothing since: no copy
    rig.count("01004", 30, 20, 10);
    rig.now = at(46);
    rig.rec->stop();
    auto takes = rig.takes();
    REQUIRE(takes.size() == 3);
    CHECK(takes[2].trigger == TakeTrigger::final);
    CHECK(takes[2].counted == 1);
    rig.rec->stop();  // once
    rig.count("01005", 1, 1, 1);  // after the stop nothing more is taken
    CHECK(rig.takes().size() == 3);
}

TEST_CASE("a restart goes on from the store: numbers continue, the interval counts from the last take") {
    Rig rig({.every_reports = 100, .interval = 10min});
    rig.count("01001", 300, 200, 100);
    rig.now = at(10);
    rig.rec->check();
    REQUIRE(rig.takes().size() == 1);
    rig.now = at(15);
    rig.updates = 0;  // a new daemon has a new pipeline
    rig.start({.every_reports = 100, .interval = 10min});
    CHECK(rig.rec->last_number() == 1);
    rig.count("01002", 300, 200, 100);
    rig.now = at(19);
    rig.rec->check();
    CHECK(rig.takes().size() == 1);  // 9 minutes after take 1
    rig.now = at(20);
    rig.rec->check();
    auto takes = rig.takes();
    REQUIRE(takes.size() == 2);
    CHECK(takes[1].number == 2);
    CHECK(takes[1].counted == 1);
}

TEST_CASE("a reload's settings apply at once: a lower count makes the pending results a take now") {
    Rig rig({.every_reports = 100, .interval = 10min});
    rig.count("01001", 300, 200, 100);
    rig.count("01002", 300, 200, 100);
    CHECK(rig.takes().empty());
    rig.rec->apply({.every_reports = 2, .interval = 10min});
    REQUIRE(rig.takes().size() == 1);
    CHECK(rig.takes()[0].trigger == TakeTrigger::reports);
}

TEST_CASE("the timer wakes the interval take on its own, exactly when the interval ends (fake time, 10 min)") {
    TempDir dir;
    std::FILE* console = std::tmpfile();
    Logger log{LogLevel::info, console};
    boost::asio::io_context io;
    store::Store st(dir.file("t.db"));
    QuickCount qc(tiny_codebook());
    smsgw::test::FakeTime time(std::chrono::sys_days{std::chrono::year{2026} / 3 / 1} + 17h);
    TakeRecorder rec(io, log, st, qc);  // the default clock: fake time's
    rec.start({.every_reports = 100, .interval = 10min}, "v");
    REQUIRE(qc.set_result(qc.codebook().find_station("01001")->index, "R", results(3, 2, 1)) ==
            QuickCount::Outcome::counted);
    rec.observe(1);
    time.run_for(io, 10min - 1s, 1s);
    time.run_for(io, 1s - 10ms);
    CHECK_FALSE(rec.last_number().has_value());
    time.run_for(io, 10ms);
    CHECK(rec.last_number() == 1);
    rec.stop();
    std::fclose(console);
}
