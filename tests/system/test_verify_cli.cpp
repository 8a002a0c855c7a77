// smsgw official import and smsgw verify as HQ runs them the morning after: errors as FILE:LINE with nothing kept, versions, --map, the JSON contract.
#include "store_cli_fixture.hpp"

#include "daemon/store/store_reader.hpp"

#include <boost/json.hpp>

#include <fstream>

using namespace store_cli;
namespace json = boost::json;

namespace {

std::string r_values(int a, int b, int c, int x) {
    return "{\"A\":" + std::to_string(a) + ",\"B\":" + std::to_string(b) + ",\"C\":" + std::to_string(c) +
           ",\"X\":" + std::to_string(x) + ",\"T\":" + std::to_string(a + b + c + x) + "}";
}

std::string row(const char* station, int a, int b, int c, int x) {
    return std::string(station) + "," + std::to_string(a) + "," + std::to_string(b) + "," + std::to_string(c) + "," +
           std::to_string(x) + "," + std::to_string(a + b + c + x) + "\n";
}

void write(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

// Monitors' reports at the tiny codebook's sampled stations (01001 01002 01004 01005 02001 02002 02003 02006).
void observers(Db& db) {
    db.report("R", "01001", r_values(300, 200, 100, 10));
    db.report("R", "01002", r_values(280, 210, 90, 12));
    db.report("R", "01004", r_values(90, 60, 20, 4));
    db.report("R", "01005", r_values(80, 50, 25, 3));
    db.report("R", "02001", r_values(500, 400, 300, 20));
    db.report("R", "02002", r_values(450, 420, 250, 18));
    db.report("R", "02003", r_values(470, 380, 280, 15));
    db.report("R", "02006", r_values(400, 350, 200, 14));
}

// The official table agreeing with the monitors, every station of the frame.
std::string official_table() {
    return "station,A,B,C,X,T\n" + row("01001", 300, 200, 100, 10) + row("01002", 280, 210, 90, 12) + row("01003", 250, 180, 80, 9) +
           row("01004", 90, 60, 20, 4) + row("01005", 80, 50, 25, 3) + row("01006", 60, 50, 20, 2) +
           row("02001", 500, 400, 300, 20) + row("02002", 450, 420, 250, 18) + row("02003", 470, 380, 280, 15) +
           row("02004", 420, 390, 260, 16) + row("02005", 410, 380, 250, 14) + row("02006", 400, 350, 200, 14);
}

std::int64_t official_count(const std::string& db) {
    store::StoreReader reader(db);
    auto n = reader.official_count();
    REQUIRE(n.ok());
    return *n;
}

Run import(const std::string& db, const std::string& csv, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"official", "import", "--db", db, "--form", "R", csv};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_smsgw(args);
}

json::object verify_json(const std::string& db) {
    Run r = run_smsgw({"verify", "--db", db, "--json"});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    return json::parse(r.out).as_object();
}

}  // namespace

TEST_CASE("official import: a clean table is stored and verify finds every measure inside, the stations matching") {
    TempDir tmp;
    Db db(tmp.file("smsgw.db"));
    observers(db);
    const std::string csv = tmp.file("official.csv");
    write(csv, "\xEF\xBB\xBF" + official_table());  // with a BOM, as Excel saves UTF-8
    Run r = import(db.path, csv);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    CHECK(r.out.find("12 new, 0 changed") != std::string::npos);
    CHECK(official_count(db.path) == 12);

    json::object root = verify_json(db.path);
    // The contract's keys, exactly as scripts read them.
    for (const char* key : {"contests", "stations", "anomalies"}) CHECK(root.contains(key));
    const json::array& contests = root.at("contests").as_array();
    REQUIRE(contests.size() >= 1);
    const json::object& pl = contests[0].as_object();
    CHECK(pl.at("contest").as_string() == "PL");
    CHECK(pl.at("official_coverage").as_double() == doctest::Approx(1.0));
    for (const char* key : {"measures", "regions", "official_call", "pvt_call"}) CHECK(pl.contains(key));
    const json::array& measures = pl.at("measures").as_array();
    REQUIRE(measures.size() == 5);  // A, B, C, turnout, invalid
    for (const auto& m : measures)
        for (const char* key : {"measure", "tag", "official", "estimate", "low95", "high95", "low99", "high99", "verdict"})
            CHECK_MESSAGE(m.as_object().contains(key), key);
    CHECK(measures[0].at("measure").as_string() == "option");
    CHECK(measures[0].at("tag").as_string() == "A");
    // A's official share: all 12 stations, A over valid votes.
    const double a = 300 + 280 + 250 + 90 + 80 + 60 + 500 + 450 + 470 + 420 + 410 + 400;
    const double valid = a + (200 + 210 + 180 + 60 + 50 + 50 + 400 + 420 + 380 + 390 + 380 + 350) +
                         (100 + 90 + 80 + 20 + 25 + 20 + 300 + 250 + 280 + 260 + 250 + 200);
    CHECK(measures[0].at("official").as_double() == doctest::Approx(a / valid));
    CHECK(measures[3].at("measure").as_string() == "turnout");
    CHECK(measures[4].at("measure").as_string() == "invalid");
    const json::array& regions = pl.at("regions").as_array();
    REQUIRE(regions.size() == 2);
    CHECK(regions[0].at("region").as_string() == "01");
    CHECK(regions[0].at("measures").as_array().size() == 5);
    const json::array& stations = root.at("stations").as_array();
    CHECK(stations.size() == 8);
    for (const auto& s : stations) {
        CHECK(s.at("status").as_string() == "match");
        for (const char* key : {"station", "form", "status", "differences", "shift"}) CHECK(s.as_object().contains(key));
    }
}

TEST_CASE("official import: every kind of problem as FILE:LINE, and nothing of the bad file kept") {
    TempDir tmp;
    Db db(tmp.file("smsgw.db"));
    observers(db);
    const std::string csv = tmp.file("bad.csv");
    write(csv, "station,A,B,C,X,T\n" + row("01001", 300, 200, 100, 10) +  // line 2: fine
                   "01001,1,1,1,1,4\n" +                                    // line 3: listed twice
                   row("09999", 1, 1, 1, 1) +                               // line 4: unknown station
                   "01002,28O,210,90,12,592\n" +                            // line 5: not a number
                   "01003,250,180,80,9,600\n" +                             // line 6: does not add up
                   "01004,90,60,20\n");                                     // line 7: fields missing
    Run r = import(db.path, csv);
    CHECK(r.status == 1);
    CHECK(r.err.find(csv + ":3: station 01001 is listed twice (first on line 2)") != std::string::npos);
    CHECK(r.err.find(csv + ":4: unknown station \"09999\"") != std::string::npos);
    CHECK(r.err.find(csv + ":5: station 01002: A \"28O\" is not a number") != std::string::npos);
    CHECK(r.err.find(csv + ":6: station 01003: CHECK_FAILED sum_cast") != std::string::npos);
    CHECK(r.err.find(csv + ":7: 4 fields, the header has 6") != std::string::npos);
    CHECK(r.err.find("nothing of " + csv + " was stored") != std::string::npos);
    CHECK(official_count(db.path) == 0);

    // A missing column (T) and an unknown one, in the header.
    write(csv, "station,A,B,C,X,Votes\n01001,300,200,100,10,5\n");
    r = import(db.path, csv);
    CHECK(r.status == 1);
    CHECK(r.err.find(csv + ":1: column \"Votes\" is not a field of form R; --map can rename it") != std::string::npos);
    CHECK(r.err.find(csv + ":1: missing column T (Ballots cast)") != std::string::npos);
    CHECK(official_count(db.path) == 0);

    // A good table first: a bad one after it changes nothing of it.
    write(csv, official_table());
    REQUIRE(import(db.path, csv).status == 0);
    write(csv, "station,A,B,C,X,T\n01001,1,1,1,1,99\n");
    CHECK(import(db.path, csv).status == 1);
    store::StoreReader reader(db.path);
    auto rows = reader.official_history("R", "01001");
    REQUIRE(rows.ok());
    REQUIRE(rows->size() == 1);
    CHECK(rows->at(0).values_json == r_values(300, 200, 100, 10));
}

TEST_CASE("official import: turnout over the register is kept with a warning and put on the call list") {
    TempDir tmp;
    Db db(tmp.file("smsgw.db"));
    observers(db);
    const std::string csv = tmp.file("official.csv");
    std::string table = official_table();
    // 01006 has 200 registered: 150+60+20+2 = 232 ballots.
    table.replace(table.find("01006,60,50,20,2,132"), std::string("01006,60,50,20,2,132").size(), "01006,150,60,20,2,232");
    write(csv, table);
    Run r = import(db.path, csv);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    CHECK(r.err.find(csv + ":7: station 01006: CHECK_FAILED cast_registered") != std::string::npos);
    json::object root = verify_json(db.path);
    bool listed = false;
    for (const auto& a : root.at("anomalies").as_array()) {
        for (const char* key : {"station", "screen", "detail"}) CHECK(a.as_object().contains(key));
        if (a.at("station").as_string() == "01006" && a.at("screen").as_string() == "turnout_over_100") {
            listed = true;
            const std::string detail(a.at("detail").as_string());
            CHECK(detail.find("116.0%") != std::string::npos);
            CHECK(detail.find("check") != std::string::npos);
            CHECK(detail.find("fraud") == std::string::npos);
        }
    }
    CHECK(listed);
}

TEST_CASE("official import: a corrected table replaces values as a new version; verify shows the diff and the missing") {
    TempDir tmp;
    Db db(tmp.file("smsgw.db"));
    observers(db);
    const std::string csv = tmp.file("official.csv");
    // First table: 02001 has 60 votes moved from B to A; 02006 is absent.
    std::string table = official_table();
    table.replace(table.find("02001,500,400"), 13, "02001,560,340");
    table.erase(table.find("02006,"));
    write(csv, table);
    REQUIRE(import(db.path, csv).status == 0);
    json::object root = verify_json(db.path);
    const json::array& stations = root.at("stations").as_array();
    REQUIRE(stations.size() == 8);
    const json::object& first = stations[0].as_object();  // the largest shift first
    CHECK(first.at("station").as_string() == "02001");
    CHECK(first.at("status").as_string() == "differs");
    CHECK(first.at("shift").as_int64() == 60);
    const json::array& diffs = first.at("differences").as_array();
    REQUIRE(diffs.size() == 2);
    CHECK(diffs[0].at("tag").as_string() == "A");
    CHECK(diffs[0].at("observer").as_int64() == 500);
    CHECK(diffs[0].at("official").as_int64() == 560);
    bool missing = false;
    for (const auto& s : stations)
        if (s.at("station").as_string() == "02006") missing = s.at("status").as_string() == "official_missing";
    CHECK(missing);

    // The corrected table: 02001 as the monitor saw it, 02006 added; the others unchanged.
    write(csv, official_table());
    Run r = import(db.path, csv);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    CHECK(r.out.find("1 new, 1 changed (new version), 10 unchanged") != std::string::npos);
    {
        store::StoreReader reader(db.path);
        auto versions = reader.official_history("R", "02001");
        REQUIRE(versions.ok());
        REQUIRE(versions->size() == 2);
        CHECK_FALSE(versions->at(0).current);
        CHECK(versions->at(1).current);
        CHECK(versions->at(1).version == 2);
        CHECK(versions->at(1).source_sha256.size() == 64);
    }
    root = verify_json(db.path);
    for (const auto& s : root.at("stations").as_array()) CHECK(s.at("status").as_string() == "match");

    Run text = run_smsgw({"verify", "--db", db.path});
    CHECK(text.status == 0);
    CHECK(text.out.find("PL Party list: official results for 100.0% of its stations") != std::string::npos);
}

TEST_CASE("official import --map renames a commission's columns; verify --help names the thresholds") {
    TempDir tmp;
    Db db(tmp.file("smsgw.db"));
    observers(db);
    const std::string map = tmp.file("map.toml");
    write(map, "# the commission's names\n[columns]\n\"Polling station\" = \"station\"\n\"Party A\" = \"A\"\n\"Party B\" = \"B\"\n"
               "\"Party C\" = \"C\"\nSpoilt = X\n\"Ballots, total\" = \"T\"\nRegistered = \"-\"\n");
    std::string table = official_table();
    table.replace(0, table.find('\n'), "Polling station,Party A,Party B,Party C,Spoilt,\"Ballots, total\"");
    // A column the map says to ignore.
    std::string with_extra;
    for (std::size_t at = 0, line = 0; at < table.size(); ++line) {
        std::size_t nl = table.find('\n', at);
        with_extra += table.substr(at, nl - at) + (line == 0 ? ",Registered\n" : ",1000\n");
        at = nl + 1;
    }
    const std::string csv = tmp.file("commission.csv");
    write(csv, with_extra);
    Run r = import(db.path, csv, {"--map", map});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    CHECK(official_count(db.path) == 12);

    write(map, "\"Party A\" = \"A\"\n\"Party A\" = \"B\"\nnonsense\n");
    r = import(db.path, csv, {"--map", map});
    CHECK(r.status == 1);
    CHECK(r.err.find(map + ":2: column \"Party A\" is mapped twice") != std::string::npos);
    CHECK(r.err.find(map + ":3: expected NAME = TAG") != std::string::npos);

    Run help = run_smsgw({"verify", "--help"});
    CHECK(help.status == 0);
    for (const char* opt : {"--turnout-high", "--robust-z", "--round-step", "--identical-min-cast"})
        CHECK(help.out.find(opt) != std::string::npos);
    CHECK(run_smsgw({"official", "import", "--db", db.path}).status == 2);
}

TEST_CASE("smsgw export writes the official comparison, the station diff and the call list, listed in the manifest") {
    TempDir tmp;
    Db db(tmp.file("smsgw.db"));
    observers(db);
    const std::string csv = tmp.file("official.csv");
    std::string table = official_table();
    table.replace(table.find("02001,500,400"), 13, "02001,560,340");
    write(csv, table);
    REQUIRE(import(db.path, csv).status == 0);
    Run r = run_smsgw({"export", "--db", db.path, "--out", tmp.file("out")});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    fs::path dir;
    for (const auto& e : fs::directory_iterator(tmp.path / "out")) dir = e.path();
    const std::string official = slurp(dir / "official.csv");
    CHECK(official.find("contest,contest_name,district,region,region_name,measure,tag,name,official,estimate") != std::string::npos);
    CHECK(official.find("PL,Party list,,,,option,A,Party A,") != std::string::npos);
    CHECK(official.find("PL,Party list,,01,") != std::string::npos);  // a region's rows
    const std::string diff = slurp(dir / "station_diff.csv");
    CHECK(diff.find("1,02001,Capital School 10,02,R,differs,60,A 500->560; B 400->340,") != std::string::npos);
    const std::string anomalies = slurp(dir / "anomalies.csv");
    CHECK(anomalies.find("station,station_name,region,stratum,source,screen,detail,values") != std::string::npos);
    const std::string manifest = slurp(dir / "manifest.json");
    for (const char* f : {"official.csv", "station_diff.csv", "anomalies.csv"}) CHECK(manifest.find(f) != std::string::npos);
}
