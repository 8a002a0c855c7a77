// smsgw estimate as an operator runs it: the estimates of a database the store built, what counts, errors, --help.
#include "store_cli_fixture.hpp"

#include "daemon/run/daemon.hpp"
#include "daemon/codebook_io/codebook_load.hpp"
#include "daemon/status/estimate_from_store.hpp"
#include "daemon/quickcount/estimates_json.hpp"
#include "daemon/store/schema.hpp"
#include "daemon/store/store_reader.hpp"

#include <boost/json.hpp>

#include <regex>

using namespace store_cli;
namespace json = boost::json;

namespace {

// Tiny's R form: options A, B, C, invalid X, cast T (sum(options) + X == T).
std::string r_values(int a, int b, int c, int x) {
    return "{\"A\":" + std::to_string(a) + ",\"B\":" + std::to_string(b) + ",\"C\":" + std::to_string(c) +
           ",\"X\":" + std::to_string(x) + ",\"T\":" + std::to_string(a + b + c + x) + "}";
}

std::vector<TagValue> tag_values(int a, int b, int c, int x) {
    return {{"A", a, -1}, {"B", b, -1}, {"C", c, -1}, {"X", x, -1}, {"T", a + b + c + x, -1}};
}

CodebookPtr tiny_codebook() {
    LoadResult r = load_codebook_dir(tiny_dir);
    REQUIRE(r.ok());
    return r.codebook;
}

std::uint32_t station(const Codebook& cb, const char* code) {
    const Station* s = cb.find_station(code);
    REQUIRE(s != nullptr);
    return s->index;
}

Run estimate(const std::string& db, const char* extra = "") {
    std::vector<std::string> args{"estimate", "--db", db};
    if (*extra) args.push_back(extra);
    return run_smsgw(args);
}

json::object contest(const json::value& root, const char* id, int district = 0) {
    for (const auto& c : root.at("contests").as_array()) {
        const auto& o = c.as_object();
        if (o.at("contest").as_string() != id) continue;
        if ((o.contains("district") ? o.at("district").as_int64() : 0) == district) return o;
    }
    FAIL("no contest " << id << " district " << district);
    return {};
}

double share(const json::object& c, const char* tag, const char* field = "share") {
    for (const auto& o : c.at("options").as_array())
        if (o.at("tag").as_string() == tag) return o.at(field).as_double();
    FAIL("no option " << tag);
    return 0;
}

}  // namespace

TEST_CASE("--help explains the command and the JSON shape") {
    TempDir tmp;
    Run r = run_smsgw({"estimate", "--help"});
    CHECK(r.status == 0);
    for (const char* word : {"smsgw estimate", "--db", "--json", "\"contests\"", "margin95", "fractions", "run-off"})
        CHECK_MESSAGE(r.out.find(word) != std::string::npos, word);
    Run none = run_smsgw({"estimate"});
    CHECK(none.status == 2);
    CHECK(none.err.find("--db FILE is required") != std::string::npos);
}

TEST_CASE("a database that cannot be used: exit 1 and a message that says why") {
    TempDir tmp;
    SUBCASE("missing") {
        Run r = estimate(tmp.file("nope.db"));
        CHECK(r.status == 1);
        CHECK(r.out.empty());
        CHECK(r.err.find("nope.db: no such database") != std::string::npos);
        CHECK_FALSE(fs::exists(tmp.file("nope.db")));
    }
    SUBCASE("another program's file") {
        const std::string path = tmp.file("foreign.db");
        {
            store::Database db = store::Database::open(path, {});
            REQUIRE(db.exec("foreign", "PRAGMA application_id = 305419896; CREATE TABLE theirs (x)").ok());
        }
        Run r = estimate(path);
        CHECK(r.status == 1);
        CHECK(r.err.find("not an smsgw database") != std::string::npos);
    }
    SUBCASE("written by a newer smsgw") {
        const std::string path = tmp.file("newer.db");
        { Db db(path); }
        {
            store::Database db = store::Database::open(path, {});
            REQUIRE(db.exec("bump", "PRAGMA user_version = 99").ok());
        }
        Run r = estimate(path);
        CHECK(r.status == 1);
        CHECK(r.err.find("newer than this smsgw knows") != std::string::npos);
    }
    SUBCASE("the daemon never saved its codebook") {
        const std::string path = tmp.file("bare.db");
        { Db db(path, false); }
        Run r = estimate(path, "--json");
        CHECK(r.status == 1);
        CHECK(r.out.empty());
        CHECK(r.err.find("smsgw estimate: the database has no codebook yet: start smsgw run once") !=
              std::string::npos);
    }
}

TEST_CASE("every sampled station of one stratum reporting: shares and margins as computed by hand") {
    TempDir tmp;
    const std::string path = tmp.file("s.db");
    {
        Db db(path);
        // Capital stratum 02U: N = 6 stations, 4 sampled, all four report; the North region is silent.
        db.report("R", "02001", r_values(500, 300, 100, 20));
        db.report("R", "02002", r_values(400, 350, 150, 10));
        db.report("R", "02003", r_values(600, 200, 100, 30));
        db.report("R", "02006", r_values(300, 400, 50, 15));
    }
    Run r = estimate(path, "--json");
    REQUIRE_MESSAGE(r.status == 0, r.err);
    CHECK(r.err.empty());
    REQUIRE(std::count(r.out.begin(), r.out.end(), '\n') == 1);
    const json::value root = json::parse(r.out);
    const json::object pl = contest(root, "PL");
    CHECK(pl.at("reported").as_int64() == 4);
    CHECK(pl.at("sampled").as_int64() == 8);
    // One stratum: p = ΣA / Σvalid = 1800 / 3450; Var = N²(1 − r/N) s²_e / r / (N/r · Σvalid)².
    CHECK(share(pl, "A") == doctest::Approx(1800.0 / 3450).epsilon(1e-12));
    CHECK(share(pl, "A", "margin95") == doctest::Approx(0.06680866547229164).epsilon(1e-9));
    CHECK(share(pl, "A", "margin99") == doctest::Approx(0.08794201883597573).epsilon(1e-9));
    CHECK(share(pl, "B") == doctest::Approx(1250.0 / 3450).epsilon(1e-12));
    CHECK(share(pl, "B", "margin95") == doctest::Approx(0.06942608663442515).epsilon(1e-9));
    CHECK(share(pl, "C") == doctest::Approx(400.0 / 3450).epsilon(1e-12));
    CHECK(share(pl, "C", "margin95") == doctest::Approx(0.022367428948644408).epsilon(1e-9));
    const auto& turnout = pl.at("turnout").as_object();
    CHECK(turnout.at("share").as_double() == doctest::Approx(3525.0 / 7200).epsilon(1e-12));
    CHECK(turnout.at("margin95").as_double() == doctest::Approx(0.013168593141507208).epsilon(1e-9));
    CHECK(pl.at("invalid").at("share").as_double() == doctest::Approx(75.0 / 3525).epsilon(1e-12));
    const auto& lead = pl.at("lead").as_object();
    CHECK(lead.at("a").as_string() == "A");
    CHECK(lead.at("b").as_string() == "B");
    CHECK(lead.at("share").as_double() == doctest::Approx(550.0 / 3450).epsilon(1e-12));
    CHECK(lead.at("margin95").as_double() == doctest::Approx(0.134411519957725).epsilon(1e-9));
    // A silent region: no call, and a note saying so.
    CHECK(pl.at("call").as_string() == "undetermined");
    CHECK(json::serialize(pl.at("notes")).find("not represented") != std::string::npos);
    // The district contest has no reports at all: null numbers, never NaN.
    const json::object dm1 = contest(root, "DM", 1);
    CHECK(dm1.at("reported").as_int64() == 0);
    CHECK(dm1.at("options").as_array().at(0).at("share").is_null());
    CHECK(dm1.at("call").as_string() == "no data");
}

TEST_CASE("only current, accepted or warning, non-conflicting results count: the same as QuickCount given them") {
    TempDir tmp;
    const std::string path = tmp.file("s.db");
    CodebookPtr cb = tiny_codebook();
    QuickCount expected(cb), with_excluded(cb);
    auto both = [&](const char* code, int a, int b, int c, int x) {
        auto v = tag_values(a, b, c, x);
        CHECK(expected.set_result(station(*cb, code), "R", v) == QuickCount::Outcome::counted);
        with_excluded.set_result(station(*cb, code), "R", v);
    };
    {
        Db db(path);
        db.report("R", "01001", r_values(400, 300, 200, 10));
        both("01001", 400, 300, 200, 10);
        db.report("R", "01002", r_values(350, 330, 250, 12), Status::warning);
        both("01002", 350, 330, 250, 12);
        db.report("R", "01004", r_values(100, 90, 60, 5));
        both("01004", 100, 90, 60, 5);
        db.report("R", "02001", r_values(500, 300, 100, 20));
        both("02001", 500, 300, 100, 20);
        db.report("R", "02002", r_values(400, 350, 150, 10));
        both("02002", 400, 350, 150, 10);
        // A correction: only the second version counts.
        std::int64_t first = db.report("R", "02003", r_values(100, 700, 100, 30));
        with_excluded.set_result(station(*cb, "02003"), "R", tag_values(100, 700, 100, 30));
        db.correct(first, "R", "02003", r_values(600, 200, 100, 30));
        both("02003", 600, 200, 100, 30);
        // A conflict: two current versions, both withheld.
        db.report("R", "02006", r_values(300, 400, 50, 15), Status::accepted, "new", true, true);
        db.report("R", "02006", r_values(10, 700, 40, 15), Status::accepted, "conflict", true, true, "+77010000004");
        with_excluded.set_result(station(*cb, "02006"), "R", tag_values(10, 700, 40, 15));
        // Rejected (even if it were marked current): never counted.
        db.report("R", "01005", r_values(10, 10, 200, 5), Status::rejected, "rejected", true);
        with_excluded.set_result(station(*cb, "01005"), "R", tag_values(10, 10, 200, 5));
        // Not counted by QuickCount or not results: a station outside the sample, an incident, a
        // checklist, a station the codebook does not know, values that are not a JSON object.
        db.report("R", "02004", r_values(900, 10, 10, 10));
        db.report("N", "02001", "{}", Status::accepted, "incident");
        db.report("S", "02001", "{\"A\":730,\"B\":1,\"C\":1,\"E\":2}");
        db.report("R", "09999", r_values(1, 1, 1, 1));
        db.report("R", "01006", "not json");
        // District results: district 1 counts, district 2 has no quick count.
        db.report("D", "01001", "{\"A\":500,\"B\":400,\"X\":10,\"T\":910}");
        CHECK(expected.set_result(station(*cb, "01001"), "D",
                                  std::vector<TagValue>{{"A", 500, -1}, {"B", 400, -1}, {"X", 10, -1}, {"T", 910, -1}}) ==
              QuickCount::Outcome::counted);
        db.report("D", "01004", "{\"A\":50,\"B\":40,\"X\":1,\"T\":91}");
    }
    Run r = estimate(path, "--json");
    REQUIRE_MESSAGE(r.status == 0, r.err);
    const std::string want = estimates_json(expected.estimate());
    CHECK(r.out == want + "\n");
    // The test would notice if the excluded reports were counted.
    CHECK(estimates_json(with_excluded.estimate()) != want);
    const json::value root = json::parse(r.out);
    CHECK(contest(root, "PL").at("reported").as_int64() == 6);
    CHECK(contest(root, "DM", 1).at("reported").as_int64() == 1);

    // The library function the command uses tells what it left out, and why.
    store::StoreReader reader(path);
    StoreCount count = count_from_store(reader);
    CHECK(count.codebook.version == codebook_version(read_codebook_dir(tiny_dir)));
    CHECK(count.tally.counted == 7);        // 6 R + 1 D
    CHECK(count.tally.conflicts == 2);      // both versions of 02006
    CHECK(count.tally.rejected == 1);
    CHECK(count.tally.not_estimated == 2);  // 02004 not sampled, D in district 2
    CHECK(count.tally.unusable == 2);       // 09999, "not json"
    CHECK(estimates_json(count.quick_count.estimate()) == want);

    // The table: the same numbers for people.
    Run table = estimate(path);
    REQUIRE_MESSAGE(table.status == 0, table.err);
    CHECK(table.out.find("codebook " + count.codebook.version + ": 7 results counted, 2 withheld in conflict") == 0);
    CHECK(table.out.find("PL Party list: 6 of 8 sampled stations reported (75.0%)") != std::string::npos);
    CHECK(table.out.find("call: ") != std::string::npos);
}

TEST_CASE("it reads while the daemon holds a write transaction open, and sees only committed reports") {
    TempDir tmp;
    const std::string path = tmp.file("s.db");
    Db db(path);
    db.report("R", "02001", r_values(500, 300, 100, 20));
    Run before = estimate(path, "--json");
    REQUIRE_MESSAGE(before.status == 0, before.err);
    std::int64_t m = db.message("+77010000005", "R 02002");
    auto w = db.store.write([&](store::Transaction& tx) -> store::Result<int> {
        store::ReportRecord rec;
        rec.message_id = m;
        rec.form = "R";
        rec.station = "02002";
        rec.status = Status::accepted;
        rec.values_json = r_values(400, 350, 150, 10);
        rec.current = true;
        auto stored = tx.record_report(rec);
        if (!stored) return stored.error();
        Run during = estimate(path, "--json");
        CHECK_MESSAGE(during.status == 0, during.err);
        CHECK(during.out == before.out);
        return 0;
    });
    REQUIRE(w.ok());
    Run after = estimate(path, "--json");
    REQUIRE(after.status == 0);
    CHECK(contest(json::parse(after.out), "PL").at("reported").as_int64() == 2);
}

TEST_CASE("the codebook version: election id and the files' FNV-1a hash, the same as the daemon's") {
    const CodebookSources s = read_codebook_dir(tiny_dir);
    const std::string v = codebook_version(s);
    CHECK(std::regex_match(v, std::regex("tiny-2026@[0-9a-f]{16}")));
    CHECK(v == load_codebook_or_throw(tiny_dir.string()).version);
    // Every file, and only the files' bytes, make the version.
    for (std::string CodebookSources::*file : {&CodebookSources::election_toml, &CodebookSources::stations_csv,
                                               &CodebookSources::monitors_csv, &CodebookSources::candidates_csv}) {
        CodebookSources changed = s;
        changed.*file += "\n";
        CHECK(codebook_version(changed) != v);
        CHECK(codebook_version(changed).rfind("tiny-2026@", 0) == 0);
    }
    // FNV-1a 64 of nothing is its offset basis; an unreadable election.toml still gives a version.
    CHECK(codebook_version(CodebookSources{}) == "unknown@cbf29ce484222325");
}

TEST_CASE("a saved codebook with errors is reported with FILE:LINE, not loaded") {
    TempDir tmp;
    const std::string path = tmp.file("s.db");
    {
        Db db(path, false);
        CodebookSources broken = db.sources;
        broken.stations_csv += "01007,Extra,01,1,-5,01U,1\n";
        REQUIRE(db.store.save_codebook(codebook_version(broken), broken).ok());
    }
    store::StoreReader reader(path);
    CHECK_THROWS_WITH_AS(codebook_from_reader(reader), doctest::Contains("has errors:\nstations.csv:14: "),
                         std::runtime_error);
    Run r = estimate(path);
    CHECK(r.status == 1);
    CHECK(r.err.find("stations.csv:14:") != std::string::npos);
}
