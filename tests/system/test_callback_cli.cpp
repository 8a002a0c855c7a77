// smsgw callback, and what operators see when the database is not theirs to read: whom to call, and why not.
#include "store_cli_fixture.hpp"

#include <boost/json.hpp>

#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace store_cli;
namespace json = boost::json;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The tiny codebook: region 01 has 4 sampled stations (2 reported here), region 02 has 4 (none
// counted: 02001 rejected, 02002 in conflict).
std::string night(const TempDir& tmp) {
    const std::string path = tmp.file("cb.db");
    Db db(path);
    db.report("R", "01001", R"({"A":400,"B":300,"C":200,"X":10,"T":910})");
    db.report("R", "01002", R"({"A":500,"B":300,"C":100,"X":20,"T":920})");
    db.report("R", "02001", R"({"A":1})", Status::rejected, "rejected", false);
    db.report("R", "02002", R"({"A":5,"B":3,"C":1,"X":0,"T":9})", Status::accepted, "new", true, true);
    db.report("R", "02002", R"({"A":6,"B":3,"C":1,"X":0,"T":10})", Status::accepted, "conflict", true, true);
    return path;
}

const json::object* station(const json::array& stations, const std::string& code) {
    for (const auto& s : stations)
        if (s.as_object().at("station").as_string() == code) return &s.as_object();
    return nullptr;
}

}  // namespace

TEST_CASE("callback --json: silent sampled stations, least reported region first, with why and whom to call") {
    TempDir tmp;
    const std::string db = night(tmp);
    Run r = run_smsgw({"callback", "--db", db, "--json"});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    const json::object root = json::parse(r.out).as_object();
    const json::object& pl = root.at("contests").as_array().at(0).as_object();
    CHECK(pl.at("contest").as_string() == "PL");
    CHECK(pl.at("form").as_string() == "R");
    CHECK(pl.at("sampled").as_int64() == 8);
    CHECK(pl.at("reported").as_int64() == 2);
    CHECK(pl.at("silent").as_int64() == 6);
    const json::array& regions = pl.at("regions").as_array();
    REQUIRE(regions.size() == 2);
    CHECK(regions.at(0).as_object().at("region").as_string() == "02");  // 0 of 4 before 2 of 4
    CHECK(regions.at(0).as_object().at("missing").as_int64() == 4);
    const json::array& stations = pl.at("stations").as_array();
    REQUIRE(stations.size() == 6);
    CHECK(stations.at(0).as_object().at("region").as_string() == "02");
    CHECK(stations.at(5).as_object().at("region").as_string() == "01");

    REQUIRE(station(stations, "02001"));
    CHECK(station(stations, "02001")->at("reason").as_string() == "rejected");
    REQUIRE(station(stations, "02002"));
    CHECK(station(stations, "02002")->at("reason").as_string() == "conflict");
    const json::object* aksu = station(stations, "01004");
    REQUIRE(aksu);
    CHECK(aksu->at("reason").as_string() == "no report");
    CHECK(aksu->at("station_name").as_string() == "Village Hall Aksu");
    const json::array& monitors = aksu->at("monitors").as_array();
    REQUIRE(monitors.size() == 2);  // the station's monitor, then its district's mobile team; no coordinator
    CHECK(monitors.at(0).as_object().at("name").as_string() == "Монитор Үш");
    CHECK(monitors.at(0).as_object().at("phone").as_string() == "+77010000003");
    CHECK(monitors.at(0).as_object().at("language").as_string() == "kk");
    CHECK(monitors.at(0).as_object().at("role").as_string() == "station");
    CHECK(monitors.at(1).as_object().at("name").as_string() == "Mobile Team North-2");
    CHECK(monitors.at(1).as_object().at("role").as_string() == "district team");
    CHECK_FALSE(has(r.out, "Coordinator"));
}

TEST_CASE("callback as text: one block per station, phones first, and the same order as missing.csv") {
    TempDir tmp;
    const std::string db = night(tmp);
    Run r = run_smsgw({"callback", "--db", db});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    CHECK(has(r.out, "PL: 6 of 8 sampled stations silent\n"));
    CHECK(has(r.out, "  01004 Village Hall Aksu (01 "));
    CHECK(has(r.out, "      +77010000003 Монитор Үш (kk)\n      +77010000004 Mobile Team North-2 (ru), mobile team\n"));
    CHECK(r.out.find("  02001 ") < r.out.find("  01004 "));
    CHECK(has(r.out, "  least reported: 02 Capital 0/4, 01 North 2/4\n"));

    Run e = run_smsgw({"export", "--db", db, "--out", tmp.file("out")});
    REQUIRE_MESSAGE(e.status == 0, e.err);
    std::string missing;
    for (const auto& d : fs::directory_iterator(tmp.path / "out"))
        if (fs::exists(d.path() / "missing.csv")) missing = slurp(d.path() / "missing.csv");
    REQUIRE_FALSE(missing.empty());
    CHECK(missing.find("PL,R,02001,") < missing.find("PL,R,01004,"));
}

TEST_CASE("usage errors: one line and a hint, exit 2") {
    TempDir tmp;
    Run r = run_smsgw({"callback"});
    CHECK(r.status == 2);
    CHECK(r.err == "smsgw callback: --db FILE is required: the smsgw database (SQLite file) (see smsgw callback --help)\n");
    CHECK(run_smsgw({"callback", "--db", "x.db", "--bogus"}).status == 2);
}

TEST_CASE("an operator outside the database's group is told 'permission denied' and which group to join") {
    if (::geteuid() != 0) {
        MESSAGE("skipped: needs root to run smsgw as another user (CI runs as root)");
        return;
    }
    const group* dialout = ::getgrnam("dialout");
    REQUIRE(dialout);
    TempDir tmp;
    REQUIRE(::chmod(tmp.path.c_str(), 0755) == 0);
    // The binary where the other user may run it (the build tree may be in a private home).
    const fs::path binary = tmp.path / "smsgw";
    fs::copy_file(SMSGW_BINARY, binary);
    REQUIRE(::chmod(binary.c_str(), 0755) == 0);
    // As the unit leaves it: the state directory 0750 and the files 0640, owned by the daemon's
    // user, group-readable by its group (here: dialout).
    const fs::path state = tmp.path / "state";
    fs::create_directory(state);
    REQUIRE(::chmod(state.c_str(), 0750) == 0);
    REQUIRE(::chown(state.c_str(), 0, dialout->gr_gid) == 0);
    const std::string db = (state / "smsgw.db").string();
    { Db filled(db); filled.report("R", "01001", R"({"A":400,"B":300,"C":200,"X":10,"T":910})"); }
    for (const char* suffix : {"", "-wal", "-shm"}) {
        const std::string f = db + suffix;
        REQUIRE_MESSAGE(fs::exists(f), f << " must stay after the writer closes: members of the group cannot create it");
        REQUIRE(::chown(f.c_str(), 0, dialout->gr_gid) == 0);
    }
    auto as = [&](const std::string& groups, const std::vector<std::string>& args) {
        std::vector<std::string> argv{"setpriv", "--reuid=65534", "--regid=65534", groups, binary.string()};
        argv.insert(argv.end(), args.begin(), args.end());
        return run_program(argv);
    };
    for (const std::vector<std::string>& command :
         std::vector<std::vector<std::string>>{{"status"}, {"callback"}, {"watch", "--once"}}) {
        std::vector<std::string> args = command;
        args.insert(args.end(), {"--db", db});
        Run denied = as("--clear-groups", args);
        CHECK(denied.status == 1);
        CHECK_MESSAGE(has(denied.err, db + ": permission denied: directory " + state.string() +
                                          " is drwxr-x--- root:dialout; operators read the database as members of "
                                          "group dialout (sudo usermod -aG dialout"),
                      denied.err);
        CHECK_FALSE(has(denied.err, "no such database"));
    }
    // Joined the group: the daemon is not running, and the database still reads.
    Run member = as("--groups=" + std::to_string(dialout->gr_gid), {"status", "--db", db});
    CHECK_MESSAGE(member.status == 0, member.err);
    CHECK(has(member.out, "smsgw status at "));
}
