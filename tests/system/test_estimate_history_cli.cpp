// smsgw estimate --history [--json]: the takes the daemon stored, per contest, with the point of stability; plain --json unchanged.
#include "../daemon/takes_fixture.hpp"
#include "store_cli_fixture.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>

using namespace store_cli;
using takes_test::take;
using takes_test::target;

namespace {

// Four reports counted, and three takes of PL as the daemon would have stored them.
void fill(Db& db) {
    db.report("R", "01001", R"({"A":300,"B":200,"C":100,"X":5,"T":605})");
    db.report("R", "01002", R"({"A":280,"B":220,"C":90,"X":4,"T":594})");
    db.report("R", "02001", R"({"A":500,"B":400,"C":100,"X":9,"T":1009})");
    db.report("R", "02002", R"({"A":450,"B":420,"C":120,"X":7,"T":997})");
    const std::vector<store::Take> takes = {
        take(0, 0, {target("PL", 0, 2, 8, {{"A", 0.60, 0.10}, {"B", 0.30, 0.10}, {"C", 0.10, 0.05}})}),
        take(0, 10, {target("PL", 0, 3, 8, {{"A", 0.51, 0.06}, {"B", 0.36, 0.06}, {"C", 0.13, 0.04}})}),
        take(0, 20, {target("PL", 0, 4, 8, {{"A", 0.50, 0.05}, {"B", 0.37, 0.05}, {"C", 0.13, 0.03}}, "run-off")},
             store::TakeTrigger::final, 1),
    };
    for (const auto& t : takes) REQUIRE(db.store.write([&](store::Transaction& tx) { return tx.record_take(t); }).ok());
}

}  // namespace

TEST_CASE("--history: per contest one line per take, then since which take the estimate is stable") {
    TempDir tmp;
    Db db(tmp.file("s.db"));
    fill(db);
    Run r = run_smsgw({"estimate", "--history", "--db", db.path});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    CHECK(r.out.find("PL Party list") != std::string::npos);
    CHECK(r.out.find("20:00:00  reports     10     2/8") != std::string::npos);
    CHECK(r.out.find(" 60.00 ±10.00") != std::string::npos);
    CHECK(r.out.find("20:20:00  final        1     4/8") != std::string::npos);
    CHECK(r.out.find("run-off") != std::string::npos);
    // Take 2 (A 51, B 36, C 13) is inside take 3's intervals; take 1 (A 60) is not.
    CHECK(r.out.find("stable since take 2 (38% of the sample in): 2 takes") != std::string::npos);
    // The district contest has no takes with data: its header, no lines, not stable.
    CHECK(r.out.find("DM District mandate, district 1") != std::string::npos);
}

TEST_CASE("--history --json: every take whole, and the stability per contest") {
    TempDir tmp;
    Db db(tmp.file("s.db"));
    fill(db);
    Run r = run_smsgw({"estimate", "--history", "--json", "--db", db.path});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    const auto v = boost::json::parse(r.out).as_object();
    const auto& takes = v.at("takes").as_array();
    REQUIRE(takes.size() == 3);
    const auto& t3 = takes[2].as_object();
    CHECK(t3.at("take").as_int64() == 3);
    CHECK(t3.at("taken_utc").as_string() == "2026-03-01T20:20:00Z");
    CHECK(t3.at("trigger").as_string() == "final");
    CHECK(t3.at("counted").as_int64() == 1);
    const auto& pl = t3.at("contests").as_array()[0].as_object();
    CHECK(pl.at("contest").as_string() == "PL");
    CHECK_FALSE(pl.contains("district"));
    CHECK(pl.at("reported").as_int64() == 4);
    CHECK(pl.at("sampled").as_int64() == 8);
    const auto& a = pl.at("options").as_array()[0].as_object();
    CHECK(a.at("tag").as_string() == "A");
    CHECK(a.at("share").as_double() == 0.5);
    CHECK(a.at("margin95").as_double() == 0.05);
    CHECK(pl.at("call").as_string() == "run-off");
    CHECK(pl.at("turnout").is_null());  // not in these takes
    const auto& stability = v.at("stability").as_array();
    REQUIRE(stability.size() == 3);  // PL, DM district 1, DM district 3
    CHECK(stability[0].as_object().at("since_take").as_int64() == 2);
    CHECK(stability[0].as_object().at("since_reported").as_double() == 0.375);
    CHECK(stability[1].as_object().at("since_take").is_null());
}

TEST_CASE("plain --json stays exactly SPEC section 7's shape, takes or not") {
    TempDir tmp;
    Db db(tmp.file("s.db"));
    fill(db);
    Run r = run_smsgw({"estimate", "--json", "--db", db.path});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    const auto v = boost::json::parse(r.out).as_object();
    CHECK(v.size() == 1);
    const auto& pl = v.at("contests").as_array()[0].as_object();
    for (const char* key : {"contest", "reported", "sampled", "options", "turnout", "invalid", "lead", "call", "notes"})
        CHECK_MESSAGE(pl.contains(key), key);
    CHECK(pl.size() == 9);
    CHECK(pl.at("reported").as_int64() == 4);
}

TEST_CASE("--history before the first take says how takes come about") {
    TempDir tmp;
    Db db(tmp.file("s.db"));
    Run r = run_smsgw({"estimate", "--history", "--db", db.path});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    CHECK(r.out.find("No takes yet") != std::string::npos);
    CHECK(r.out.find("take_every_reports") != std::string::npos);
    Run j = run_smsgw({"estimate", "--history", "--json", "--db", db.path});
    REQUIRE(j.status == 0);
    CHECK(boost::json::parse(j.out).as_object().at("takes").as_array().empty());
}
