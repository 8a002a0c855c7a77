// When takes are due (count or interval, whichever first; never an empty one), what a take holds, and the point of stability.
#include "daemon/quickcount/quick_count.hpp"
#include "daemon/takes/take_builder.hpp"
#include "daemon/takes/take_policy.hpp"
#include "daemon/takes/take_stability.hpp"
#include "takes_fixture.hpp"

#include <doctest/doctest.h>

using namespace takes_test;
using namespace std::chrono_literals;
using store::TakeTrigger;

TEST_CASE("a take is due after every_reports results, whatever the clock says") {
    TakePolicy p({.every_reports = 50, .interval = 10min}, at(0));
    p.counted(49);
    CHECK_FALSE(p.due(at(1)).has_value());
    p.counted(1);
    REQUIRE(p.due(at(1)).has_value());
    CHECK(*p.due(at(1)) == TakeTrigger::reports);
    p.taken(at(1));
    CHECK(p.pending() == 0);
    CHECK_FALSE(p.due(at(1)).has_value());
}

TEST_CASE("the interval makes a take due only when something was counted since the last one") {
    TakePolicy p({.every_reports = 50, .interval = 10min}, at(0));
    CHECK_FALSE(p.due(at(60)).has_value());  // a quiet hour: nothing new, no copy of the last take
    CHECK_FALSE(p.next_due().has_value());   // and no timer either
    p.counted(3);
    CHECK(p.next_due() == at(10));
    CHECK_FALSE(p.due(at(9)).has_value());
    REQUIRE(p.due(at(10)).has_value());
    CHECK(*p.due(at(10)) == TakeTrigger::interval);
    p.taken(at(10));
    p.counted(1);
    CHECK(p.next_due() == at(20));  // counted from the last take, not from the first report
}

TEST_CASE("whichever comes first: the count wins over the interval when both are due, and names it") {
    TakePolicy p({.every_reports = 5, .interval = 1min}, at(0));
    p.counted(7);
    CHECK(*p.due(at(5)) == TakeTrigger::reports);
}

TEST_CASE("every_reports = 0 takes by time only; a reload's new settings apply at once") {
    TakePolicy p({.every_reports = 0, .interval = 10min}, at(0));
    p.counted(100000);
    CHECK_FALSE(p.due(at(9)).has_value());
    CHECK(*p.due(at(10)) == TakeTrigger::interval);
    p.set({.every_reports = 100, .interval = 10min});
    CHECK(*p.due(at(9)) == TakeTrigger::reports);
}

TEST_CASE("make_take copies every target's measures and its strata's completeness; no data stays no data") {
    QuickCount qc(tiny_codebook());
    auto r = [&](const char* station, std::int64_t a, std::int64_t b, std::int64_t c) {
        std::vector<TagValue> v = {{"A", a, -1}, {"B", b, -1}, {"C", c, -1}, {"X", 5, -1}, {"T", a + b + c + 5, -1}};
        REQUIRE(qc.set_result(qc.codebook().find_station(station)->index, "R", v) == QuickCount::Outcome::counted);
    };
    r("01001", 300, 200, 100);
    r("01002", 280, 220, 90);
    const store::Take t = make_take(qc.estimate(), qc.progress(), TakeTrigger::interval, 2, at(5), "v1");
    CHECK(t.trigger == TakeTrigger::interval);
    CHECK(t.counted == 2);
    CHECK(t.at == at(5));
    CHECK(t.codebook_version == "v1");
    REQUIRE(t.targets.size() == qc.estimate().contests.size());  // PL, then DM per listed district
    const store::TakeTarget& pl = t.targets.front();
    CHECK(pl.contest == "PL");
    CHECK(pl.district == 0);
    CHECK(pl.reported == 2);
    CHECK(pl.sampled == 8);
    REQUIRE(pl.measures.size() == 3 + 3);  // A B C, turnout, invalid, lead
    const auto estimate = qc.estimate();  // by value: a reference into the temporary would dangle
    const ContestEstimate& e = estimate.contests.front();
    CHECK(pl.measures[0].tag == "A");
    CHECK(*pl.measures[0].share == doctest::Approx(e.options[0].estimate.share));
    CHECK(pl.measures[0].margin95 == doctest::Approx(e.options[0].estimate.margin95));
    CHECK(pl.measures[3].kind == store::TakeMeasureKind::turnout);
    CHECK(pl.measures[4].kind == store::TakeMeasureKind::invalid);
    CHECK(pl.measures[5].kind == store::TakeMeasureKind::lead);
    CHECK(pl.measures[5].tag == "A");
    CHECK(pl.measures[5].versus == "B");
    CHECK(pl.call == e.call_text());
    REQUIRE(pl.strata.size() == 3);  // the strata with stations: 01U, 01R, 02U
    CHECK(pl.strata[0].stratum == "01U");
    CHECK(pl.strata[0].sampled == 2);
    CHECK(pl.strata[0].reported == 2);
    CHECK(pl.strata[1].reported == 0);
    // A district without reports: its options are there, without a share (not 0%), and no lead.
    const store::TakeTarget& dm = t.targets.back();
    CHECK(dm.contest == "DM");
    CHECK(dm.reported == 0);
    for (const auto& m : dm.measures) CHECK_FALSE(m.share.has_value());
    for (const auto& m : dm.measures) CHECK(m.kind != store::TakeMeasureKind::lead);
}

TEST_CASE("stable since: the run of takes inside the latest 95% intervals, walking back from the latest") {
    std::vector<store::Take> takes = {
        take(1, 0, {target("PL", 0, 10, 100, {{"A", 0.60, 0.10}, {"B", 0.40, 0.10}})}),
        take(2, 10, {target("PL", 0, 30, 100, {{"A", 0.53, 0.05}, {"B", 0.47, 0.05}})}),
        take(3, 20, {target("PL", 0, 60, 100, {{"A", 0.505, 0.02}, {"B", 0.495, 0.02}})}),
        take(4, 30, {target("PL", 0, 90, 100, {{"A", 0.51, 0.015}, {"B", 0.49, 0.015}})}),
    };
    // Latest: A 51 ±1.5 and B 49 ±1.5. Take 3 is inside, take 2 (A 53, B 47) is not.
    auto s = stable_since(takes, "PL", 0);
    REQUIRE(s.has_value());
    CHECK(s->since_take == 3);
    CHECK(s->reported == doctest::Approx(0.6));
    CHECK(s->takes == 2);
    // One option outside is enough to break the run.
    takes[2].targets[0].measures[1].share = 0.47;
    CHECK_FALSE(stable_since(takes, "PL", 0).has_value());
    // Unknown target, a single take, no takes: nothing to say.
    CHECK_FALSE(stable_since(takes, "XX", 0).has_value());
    CHECK_FALSE(stable_since({takes.back()}, "PL", 0).has_value());
    CHECK_FALSE(stable_since({}, "PL", 0).has_value());
}

TEST_CASE("stable since ignores takes without data for the target at the end") {
    std::vector<store::Take> takes = {
        take(1, 0, {target("PL", 0, 50, 100, {{"A", 0.5, 0.05}})}),
        take(2, 10, {target("PL", 0, 60, 100, {{"A", 0.51, 0.04}})}),
        take(3, 20, {target("PL", 0, 0, 100, {{"A", -1, 0}})}),  // e.g. after a codebook change
    };
    auto s = stable_since(takes, "PL", 0);
    REQUIRE(s.has_value());
    CHECK(s->since_take == 1);
}
