// smsgw check-codebook as scripts see it: exit codes, the summary line, DIR/FILE:LINE: diagnostics on stdout.
#include "tests/support/files.hpp"
#include "tests/support/run_smsgw.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace smsgw::test;

namespace {

// A scratch copy of a codebook that removes itself.
class TempBook {
public:
    explicit TempBook(const fs::path& from) : dir_(tmp_.path) {
        for (const auto& e : fs::directory_iterator(from)) fs::copy_file(e.path(), dir_ / e.path().filename());
    }

    std::string dir() const { return dir_.string(); }

    void edit(const std::string& file, const std::string& from, const std::string& to) {
        std::string t = slurp(dir_ / file);
        auto pos = t.find(from);
        REQUIRE_MESSAGE(pos != std::string::npos, "not found in " << file << ": " << from);
        t.replace(pos, from.size(), to);
        std::ofstream(dir_ / file, std::ios::binary) << t;
    }
    void remove(const std::string& file) { fs::remove(dir_ / file); }

    // The line on which `needle` first starts, as a string for building expected output.
    std::string line(const std::string& file, const std::string& needle) const {
        std::string t = slurp(dir_ / file);
        auto pos = t.find(needle);
        REQUIRE_MESSAGE(pos != std::string::npos, "not found in " << file << ": " << needle);
        return std::to_string(1 + std::count(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
    }

private:
    TempDir tmp_{"check"};
    fs::path dir_;
};

std::string joined(const Run& r) {
    std::string s;
    for (const auto& l : r.lines()) s += l + "\n";
    return s + "[stderr] " + r.err;
}

bool has_line(const Run& r, const std::string& line) {
    for (const auto& l : r.lines())
        if (l == line) return true;
    return false;
}

const fs::path tiny = fs::path(SMSGW_TEST_DATA) / "codebooks" / "tiny";

}  // namespace

// tiny keeps its old {detail} reply texts on purpose: one warning per language, then the summary.
TEST_CASE("a valid codebook: exit 0, the {detail} warning once per language, one summary line") {
    TempBook b(tiny);
    Run r = run_smsgw({"check-codebook", b.dir()});
    CHECK_MESSAGE(r.status == 0, joined(r));
    REQUIRE_MESSAGE(r.lines().size() == 4, joined(r));
    CHECK(r.lines()[0] == b.dir() + "/election.toml:" + b.line("election.toml", "UNKNOWN_FORM = \"unknown form") +
                            ": warning: [replies.en] uses {detail}, the operators' English detail, in UNKNOWN_FORM, "
                            "BAD_STATION, UNKNOWN_TAG, BAD_VALUE, OUT_OF_RANGE, MISSING_TAGS, CHECK_FAILED, "
                            "UNKNOWN_CHAR, CHECK_WARNING; monitors should get the facts instead ({tag} {value} "
                            "{message} ..., FORMAT.md)");
    CHECK(r.lines()[1].find("warning: [replies.ru] uses {detail}") != std::string::npos);
    CHECK(r.lines()[2].find("warning: [replies.kk] uses {detail}") != std::string::npos);
    CHECK(r.lines()[3] == b.dir() + ": 12 stations (8 sampled, 3 strata), 7 monitors, 4 forms, 2 contests, 3 warnings");
}

TEST_CASE("the reference election checks clean") {
    const fs::path example = fs::path(SMSGW_SOURCE_DIR) / "codebooks" / "example";
    if (!fs::exists(example / "election.toml")) {
        MESSAGE("codebooks/example not generated yet");
        return;
    }
    Run r = run_smsgw({"check-codebook", example.string()});
    CHECK_MESSAGE(r.status == 0, joined(r));
    REQUIRE(!r.lines().empty());
    CHECK(std::regex_match(r.lines().back(), std::regex(R"(.*: \d+ stations \(\d+ sampled, \d+ strata\), \d+ monitors, \d+ forms, \d+ contests, \d+ warnings?)")));
}

TEST_CASE("--help, usage errors, not a directory") {
    Run help = run_smsgw({"check-codebook", "--help"});
    CHECK(help.status == 0);
    CHECK(joined(help).find("check-codebook DIR") != std::string::npos);
    CHECK(run_smsgw({"check-codebook"}).status == 2);
    CHECK(run_smsgw({"check-codebook", "a", "b"}).status == 2);
    CHECK(run_smsgw({"check-codebook", "--bogus", "x"}).status == 2);
    Run nodir = run_smsgw({"check-codebook", "/nonexistent/smsgw-codebook"});
    CHECK(nodir.status == 1);
    CHECK(nodir.err.find("not a directory") != std::string::npos);
}

TEST_CASE("several problems: exit 1, every one as DIR/FILE:LINE: message, sorted") {
    TempBook b(tiny);
    b.edit("stations.csv", "01003,Library", "01002,Library");         // line 4
    b.edit("stations.csv", "1600,02U", "0,02U");                      // line 12
    b.edit("monitors.csv", "+77010000007", "+7 701 000-00-01");       // line 8
    b.edit("candidates.csv", "2,B,Candidate Delta", "9,B,Candidate Delta");  // line 5
    const std::string check_line = b.line("election.toml", "expr = \"T <= station.registered\"");
    b.edit("election.toml", "expr = \"T <= station.registered\"", "expr = \"T <= Q\"");
    Run r = run_smsgw({"check-codebook", b.dir()});
    CHECK_MESSAGE(r.status == 1, joined(r));
    const std::string d = b.dir() + "/";
    CHECK_MESSAGE(has_line(r, d + "stations.csv:4: duplicate station code 01002 (first on line 3)"), joined(r));
    CHECK_MESSAGE(has_line(r, d + "stations.csv:12: registered must be a whole number above 0, not '0'"), joined(r));
    CHECK_MESSAGE(has_line(r, d + "monitors.csv:8: duplicate phone +77010000001 (first on line 2)"), joined(r));
    CHECK_MESSAGE(has_line(r, d + "monitors.csv:3: monitor assigned to unknown station '01003'"), joined(r));
    CHECK_MESSAGE(has_line(r, d + "candidates.csv:5: candidate for unknown district 9"), joined(r));
    CHECK_MESSAGE(has_line(r, d + "election.toml:" + check_line + ": check 'cast_registered' column 6: unknown tag 'Q'"), joined(r));
    CHECK(r.lines().size() == 6 + 3);  // and tiny's three {detail} warnings
    const std::regex shape(R"((.*)/(election\.toml|stations\.csv|monitors\.csv|candidates\.csv):(\d+): (.+))");
    std::vector<std::pair<std::string, int>> keys;
    for (const auto& l : r.lines()) {
        std::smatch m;
        REQUIRE_MESSAGE(std::regex_match(l, m, shape), l);
        keys.emplace_back(m[2].str(), std::stoi(m[3].str()));
    }
    CHECK(std::is_sorted(keys.begin(), keys.end()));
    CHECK(r.err.find("6 errors") != std::string::npos);
}

TEST_CASE("warnings: exit 0, DIR/FILE:LINE: warning: lines, then the summary") {
    TempBook b(tiny);
    const std::string tag_line = b.line("election.toml", "tag = \"E\"");
    const std::string stratum_line = b.line("election.toml", "[[strata]]\nid = \"01R\"");
    b.edit("election.toml", "tag = \"E\"", "tag = \"O\"");
    b.edit("stations.csv", "250,01R,1", "250,01R,0");  // stratum 01R: 1 sampled
    Run r = run_smsgw({"check-codebook", b.dir()});
    CHECK_MESSAGE(r.status == 0, joined(r));
    REQUIRE_MESSAGE(r.lines().size() == 3 + 3, joined(r));  // and tiny's three {detail} warnings
    CHECK(r.lines()[0] == b.dir() + "/election.toml:" + stratum_line + ": warning: stratum '01R' has 1 sampled station; "
                                  "the quick count needs at least 2 per stratum");
    CHECK(r.lines()[1].rfind(b.dir() + "/election.toml:" + tag_line + ": warning: tag 'O' uses I, L or O", 0) == 0);
    CHECK(r.lines()[5] == b.dir() + ": 12 stations (7 sampled, 3 strata), 7 monitors, 4 forms, 2 contests, 5 warnings");
}

TEST_CASE("missing and malformed files") {
    TempBook b(tiny);
    b.remove("monitors.csv");
    const std::string regions_line = b.line("election.toml", "[[regions]]\nid = \"01\"");
    b.edit("election.toml", "[[regions]]\nid = \"01\"", "[[regions]\nid = \"01\"");
    Run r = run_smsgw({"check-codebook", b.dir()});
    CHECK(r.status == 1);
    CHECK_MESSAGE(has_line(r, b.dir() + "/monitors.csv:0: missing file"), joined(r));
    bool toml_error = false;
    for (const auto& l : r.lines()) toml_error |= l.rfind(b.dir() + "/election.toml:" + regions_line + ": TOML syntax error", 0) == 0;
    CHECK_MESSAGE(toml_error, joined(r));
}
