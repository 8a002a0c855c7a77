// smsgw parse as scripts see it: one JSON line per stdin line, CRLF, huge and invalid input, senders, exit codes.
#include "tests/support/files.hpp"
#include "tests/support/run_smsgw.hpp"
#include "tests/support/temp_dir.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace smsgw::test;

namespace {

const std::string kTiny = std::string(SMSGW_TEST_DATA) + "/codebooks/tiny";
const std::string kExample = std::string(SMSGW_SOURCE_DIR) + "/codebooks/example";

// `smsgw parse ARGS` with `input` on stdin.
Run parse(const std::string& input, const std::vector<std::string>& args) {
    std::vector<std::string> all{"parse"};
    all.insert(all.end(), args.begin(), args.end());
    return run_smsgw(all, input);
}

json::object obj(const std::string& line) { return json::parse(line).as_object(); }

std::string str(const json::object& o, const char* key) { return std::string(o.at(key).as_string()); }

}  // namespace

TEST_CASE("one valid message: every key of SPEC.md section 7, values as integers, authorized for any station") {
    const Run r = parse("R 01001 A312 B148 C57 X9 T526\n", {"--codebook", kTiny});
    REQUIRE(r.status == 0);
    REQUIRE(r.lines().size() == 1);
    CHECK(r.out.back() == '\n');
    const json::object o = obj(r.lines()[0]);
    CHECK(str(o, "input") == "R 01001 A312 B148 C57 X9 T526");
    CHECK(str(o, "status") == "accepted");
    CHECK(str(o, "form") == "R");
    CHECK(str(o, "station") == "01001");
    const json::object& v = o.at("values").as_object();
    REQUIRE(v.size() == 5);
    CHECK(v.at("A").as_int64() == 312);
    CHECK(v.at("T").as_int64() == 526);
    CHECK(v.begin()->key() == "A");  // message order
    CHECK(o.at("incidents").as_array().empty());
    CHECK(o.at("comment").is_null());
    CHECK(o.at("errors").as_array().empty());
    CHECK(o.at("warnings").as_array().empty());
    CHECK(str(o, "reply").rfind("OK R 01001 A312 B148 C57 X9 T526 #", 0) == 0);
    CHECK(o.at("sender").is_null());
    CHECK(str(o, "authorized") == "any");
    CHECK(str(o, "language") == "en");
}

TEST_CASE("errors and warnings are {code, detail}; unrecognised form and station are null") {
    const Run r = parse("hello\nR 02001 A1000 B600 C300 X20 T1920\nN 01001 1 12 @ men with bags\n",
                        {"--codebook", kTiny});
    REQUIRE(r.status == 0);
    REQUIRE(r.lines().size() == 3);
    const json::object bad = obj(r.lines()[0]);
    CHECK(str(bad, "status") == "rejected");
    CHECK(bad.at("form").is_null());
    CHECK(bad.at("station").is_null());
    const json::object& e = bad.at("errors").as_array().at(0).as_object();
    CHECK(e.size() == 2);
    CHECK(str(e, "code") == "UNKNOWN_FORM");
    CHECK(str(e, "detail") == "HELLO");

    const json::object warn = obj(r.lines()[1]);
    CHECK(str(warn, "status") == "warning");
    CHECK(str(warn.at("warnings").as_array().at(0).as_object(), "code") == "CHECK_WARNING");

    const json::object inc = obj(r.lines()[2]);
    CHECK(str(inc, "status") == "accepted");
    CHECK(inc.at("incidents").as_array() == json::array{1, 12});
    CHECK(str(inc, "comment") == "men with bags");
}

TEST_CASE("CRLF line ends, a last line without a newline, empty lines and no input at all") {
    const Run r = parse("R 01001 A1 B2 C3 X0 T6\r\n\r\nN 01001 1", {"--codebook", kTiny});
    REQUIRE(r.status == 0);
    REQUIRE(r.lines().size() == 3);
    CHECK(str(obj(r.lines()[0]), "input") == "R 01001 A1 B2 C3 X0 T6");
    CHECK(str(obj(r.lines()[0]), "status") == "accepted");
    CHECK(str(obj(r.lines()[1]), "input").empty());
    CHECK(str(obj(r.lines()[1]).at("errors").as_array().at(0).as_object(), "code") == "EMPTY");
    CHECK(str(obj(r.lines()[2]), "status") == "accepted");

    const Run none = parse("", {"--codebook", kTiny});
    CHECK(none.status == 0);
    CHECK(none.out.empty());
}

TEST_CASE("invalid UTF-8, NUL and control characters: valid JSON out, one line per line in") {
    std::string input = "R 01001 \xFF\xFE A1\n";
    input += std::string("R 01001\0A1 B2\n", 14);
    input += "\x1B[31mR\x07 01001 @ \xC3\x28 comment\n";
    input += "\xED\xA0\x80\xF4\x90\x80\x80\xC0\xAF\n";
    const Run r = parse(input, {"--codebook", kTiny});
    REQUIRE(r.status == 0);
    REQUIRE(r.lines().size() == 4);
    for (const std::string& line : r.lines()) {
        CAPTURE(line);
        const json::object o = obj(line);  // Boost.JSON rejects invalid UTF-8 in strings
        CHECK(str(o, "status") == "rejected");
        CHECK(str(o.at("errors").as_array().at(0).as_object(), "code") == "UNKNOWN_CHAR");
    }
    CHECK(str(obj(r.lines()[0]), "input") == "R 01001 \uFFFD\uFFFD A1");
    CHECK(str(obj(r.lines()[1]), "input") == std::string("R 01001\0A1 B2", 13));
    CHECK(str(obj(r.lines()[2]), "comment") == "\uFFFD( comment");
}

TEST_CASE("a line of several megabytes is cut, flagged and rejected; the next line is read normally") {
    std::string input(3 << 20, 'A');
    input += "\nR 01001 A1 B2 C3 X0 T6\n";
    const Run r = parse(input, {"--codebook", kTiny});
    REQUIRE(r.status == 0);
    REQUIRE(r.lines().size() == 2);
    const json::object big = obj(r.lines()[0]);
    CHECK(big.at("truncated").as_bool());
    CHECK(str(big, "input").size() == (1u << 20));
    CHECK(str(big, "status") == "rejected");
    CHECK(str(big.at("errors").as_array().at(0).as_object(), "detail").find("too long") != std::string::npos);
    const json::object next = obj(r.lines()[1]);
    CHECK(str(next, "status") == "accepted");
    CHECK_FALSE(next.contains("truncated"));
}

TEST_CASE("--from: normalized by the codebook's rules, the monitor's language, assignment checked") {
    const std::string msg = "R 01004 A100 B100 C80 X0 T280\nR 01001 A1 B2 C3 X0 T6\n";
    const Run kk = parse(msg, {"--codebook", kTiny, "--from", "8 701 000 00 03"});
    REQUIRE(kk.status == 0);
    REQUIRE(kk.lines().size() == 2);
    const json::object ok = obj(kk.lines()[0]);
    CHECK(str(ok, "status") == "accepted");
    CHECK(str(ok, "language") == "kk");
    CHECK(str(ok, "reply").rfind("ҚАБЫЛДАНДЫ R 01004", 0) == 0);
    const json::object& s = ok.at("sender").as_object();
    CHECK(str(s, "phone") == "8 701 000 00 03");
    CHECK(str(s, "e164") == "+77010000003");
    CHECK(str(s, "monitor") == "Монитор Үш");
    CHECK(s.at("replyable").as_bool());
    CHECK_FALSE(ok.contains("authorized"));
    const json::object other = obj(kk.lines()[1]);
    CHECK(str(other.at("errors").as_array().at(0).as_object(), "code") == "NOT_ASSIGNED");

    const Run stranger = parse(msg, {"--codebook", kExample, "--from", "+77019999999"});
    REQUIRE(stranger.lines().size() == 2);
    const json::object u = obj(stranger.lines()[0]);
    CHECK(str(u, "language") == "ru");  // the example's default
    CHECK(str(u.at("errors").as_array().at(0).as_object(), "code") == "UNREGISTERED_SENDER");
    CHECK(u.at("sender").as_object().at("monitor").is_null());
    CHECK(u.at("sender").as_object().at("replyable").as_bool());  // a number of the country: replied to
    const Run abroad = parse(msg, {"--codebook", kExample, "--from", "+447700900123"});
    CHECK_FALSE(obj(abroad.lines().at(0)).at("sender").as_object().at("replyable").as_bool());  // not abroad

    const Run brand = parse(msg, {"--codebook", kTiny, "--from", "Beeline"});
    const json::object b = obj(brand.lines().at(0));
    CHECK(b.at("sender").as_object().at("e164").is_null());
    CHECK_FALSE(b.at("sender").as_object().at("replyable").as_bool());
}

TEST_CASE("a codebook that does not load: exit 1 with every problem as FILE:LINE; usage errors exit 2") {
    TempDir book;
    for (const auto& e : fs::directory_iterator(kTiny)) fs::copy_file(e.path(), book.path / e.path().filename());
    std::string toml = slurp(book.path / "election.toml");
    toml.replace(toml.find("station_code_width = 5"), 22, "station_code_widht = 5");
    std::ofstream(book.path / "election.toml", std::ios::binary) << toml;
    const Run r = parse("R 01001 A1\n", {"--codebook", book.path.string()});
    CHECK(r.status == 1);
    CHECK(r.out.empty());
    CHECK(r.err.find("/election.toml:") != std::string::npos);
    CHECK(r.err.find("station_code_widht") != std::string::npos);
    CHECK(r.err.find("does not load") != std::string::npos);

    const Run missing = parse("R\n", {"--codebook", "/nonexistent/codebook"});
    CHECK(missing.status == 1);
    CHECK(missing.err.find("not a directory") != std::string::npos);

    CHECK(parse("R\n", {}).status == 2);
    CHECK(parse("R\n", {"--codebook", kTiny, "--bogus"}).status == 2);
    const Run help = parse("", {"--help"});
    CHECK(help.status == 0);
    CHECK(help.out.find("--from") != std::string::npos);
}

TEST_CASE("streams: 100,000 lines through a pipe, one output line each, well over 100k lines/s") {
    const std::vector<std::string> msgs = {
        "R 24155 A120 B80 C45 D30 E25 F10 G8 H12 X6 T336", "r 24155 а120 в80 с45 d30 е25 f10 g8 н12 х6 т336",
        "S 24155 A0715 B1 C1 D1 E1 F3 H1", "N 24155 1 5 @ two men with bags of ballots", "R 2415 A1", "hello"};
    std::string input;
    for (int i = 0; i < 100'000; ++i) (input += msgs[static_cast<std::size_t>(i) % msgs.size()]) += '\n';
    const auto t0 = std::chrono::steady_clock::now();
    const Run r = parse(input, {"--codebook", kExample});
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    REQUIRE(r.status == 0);
    CHECK(r.lines().size() == 100'000);
    CHECK(str(obj(r.lines()[99'999]), "input") == msgs[99'999 % msgs.size()]);
    MESSAGE("100,000 lines in " << secs << " s (" << static_cast<long>(100'000 / secs)
                                << " lines/s, codebook load included)");
    // Generous for a shared machine; a per-line flush or anything quadratic blows far past it.
    CHECK(secs < 4.0);
}
