// Every subcommand of the real binary treats a bad command line the same way: exit 2, one line on stderr with the --help hint, nothing written.
#include "tests/support/run_smsgw.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using smsgw::test::TempDir;

struct Usage : smsgw::test::Run {
    std::vector<std::string> written;  // what appeared in the working directory
};

// Runs `smsgw ARGS` in an empty directory of its own, stdin empty; the paths in ARGS are relative, so
// anything the command wrote would be found there.
Usage run(const std::vector<std::string>& args) {
    TempDir tmp{"usage"};
    Usage r{smsgw::test::run_smsgw_in(tmp.path, args), {}};
    for (const auto& e : fs::recursive_directory_iterator(tmp.path)) r.written.push_back(e.path().filename().string());
    return r;
}

// The same with ARGS as one line, split at spaces (the table's lines hold no quoting).
Usage run(const std::string& args) {
    std::istringstream words(args);
    return run(std::vector<std::string>(std::istream_iterator<std::string>(words), std::istream_iterator<std::string>()));
}

// One subcommand's bad command lines, each failing in exactly one way ("" where the command has no
// such thing: no numbers, or arguments that take every word).
struct Row {
    const char* command;
    const char* unknown_option;
    const char* abbreviation;  // a real option shortened
    const char* extra_argument;
    const char* out_of_range;
    const char* missing_required;
};

const Row rows[] = {
    {"run", "--config smsgw.toml --bogus", "--conf smsgw.toml", "--config smsgw.toml extra", "", "--new-count"},
    {"recover", "--db x.db --out new.db --bogus", "--db x.db --ou new.db", "--db x.db --out new.db extra", "",
     "--db x.db"},
    {"resolve", "--db x.db --report 5 --bogus", "--db x.db --rep 5", "--db x.db --report 5 extra",
     "--db x.db --report 0", "--db x.db"},
    {"check-codebook", "cb --bogus", "cb --he", "cb extra", "", ""},
    {"gen-codebook", "--out cb --bogus", "--ou cb", "--out cb extra", "--out cb --seed -1", "--seed 5"},
    {"inject", "--device dev --from +77010000001 --bogus R", "--dev dev --from +77010000001 R", "",
     "--device dev --from +77010000001 --ref 256 R", "--device dev R"},
    {"simulate", "--codebook cb --bogus", "--code cb", "--codebook cb extra", "--codebook cb --seed -1", "--seed 5"},
    {"estimate", "--db x.db --bogus", "--db x.db --hist", "--db x.db extra", "", "--json"},
    {"status", "--db x.db --bogus", "--db x.db --js", "--db x.db extra", "", "--json"},
    {"watch", "--db x.db --once --bogus", "--db x.db --once --int 5", "--db x.db --once extra",
     "--db x.db --once --interval 0", "--once"},
    {"callback", "--db x.db --bogus", "--db x.db --js", "--db x.db extra", "", "--json"},
    {"export", "--db x.db --out out --bogus", "--db x.db --out out --kee 3", "--db x.db --out out extra",
     "--db x.db --out out --keep -1", "--db x.db"},
    {"official", "import --db x.db --form R t.csv --bogus", "import --db x.db --fo R t.csv",
     "import --db x.db --form R t.csv extra", "", "import --db x.db t.csv"},
    {"verify", "--db x.db --bogus", "--db x.db --robust 3", "--db x.db extra", "--db x.db --robust-z 0", "--json"},
    {"push", "--config smsgw.toml --bogus", "--conf smsgw.toml", "--config smsgw.toml extra", "", ""},
    {"parse", "--codebook cb --bogus", "--code cb", "--codebook cb extra", "", "--from +77010000001"},
    {"version", "--bogus", "", "extra", "", ""},
    {"queue", "--db x.db --bogus", "--db x.db --js", "--db x.db extra", "", "--json"},
    {"review", "--db x.db 5 verify --bogus", "--db x.db 5 verify --rea x", "--db x.db 5 verify extra", "",
     "5 verify"},
    {"call", "--db x.db --station 01001 --outcome reached --bogus", "--db x.db --station 01001 --out reached",
     "--db x.db --station 01001 --outcome reached extra", "", "--db x.db --station 01001"},
    {"audit", "--db x.db verify --bogus", "--db x.db verify --js", "--db x.db verify extra", "", "verify"},
    {"modem-process", "--socket 3 --probe 4 --bogus", "--sock 3 --probe 4", "--socket 3 --probe 4 extra",
     "--socket -1 --probe 4", "--socket 3"},
};

// Exit 2, nothing on stdout, nothing written, and stderr one line: "smsgw CMD: PROBLEM (see smsgw CMD --help)".
void check_usage_error(const Row& row, const std::string& args, const std::string& problem) {
    if (args.empty()) return;
    const std::string line = std::string("smsgw ") + row.command + " " + args;
    const Usage r = run(row.command + std::string(" ") + args);
    INFO(line, "\nstderr: ", r.err);
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(r.written.empty());
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.err.starts_with(std::string("smsgw ") + row.command + ": "));
    CHECK(r.err.ends_with(std::string("(see smsgw ") + row.command + " --help)\n"));
    CHECK(r.err.find(problem) != std::string::npos);
}

}  // namespace

TEST_CASE("the commands run where relative paths land, so a file one writes by mistake would be seen") {
    const Usage r = run("gen-codebook --out cb");
    INFO("stderr: ", r.err);
    REQUIRE(r.status == 0);
    CHECK(std::find(r.written.begin(), r.written.end(), "election.toml") != r.written.end());
}

TEST_CASE("each subcommand: a bad command line is exit 2 with one line naming the problem and the hint") {
    for (const Row& row : rows) {
        check_usage_error(row, row.unknown_option, "unknown option '--bogus'");
        check_usage_error(row, row.abbreviation, "unknown option '--");
        check_usage_error(row, row.extra_argument, "unexpected argument 'extra'");
        check_usage_error(row, row.out_of_range, " must be ");
        if (std::string_view(row.command) == "version") continue;  // nothing it could miss
        const Usage missing = run(std::string(row.command) + " " + row.missing_required);
        INFO(row.command, " ", row.missing_required, "\nstderr: ", missing.err);
        CHECK(missing.status == 2);
        CHECK(missing.written.empty());
        CHECK((missing.err.find(" is required: ") != std::string::npos ||
               missing.err.find(" is missing: ") != std::string::npos));
        CHECK(std::count(missing.err.begin(), missing.err.end(), '\n') == 1);
    }
}

TEST_CASE("each subcommand: --help prints its usage on stdout and exits 0, even beside a bad option") {
    for (const Row& row : rows)
        for (const std::string args : {"--help", "-h", "--bogus --help"}) {
            const Usage r = run(row.command + std::string(" ") + args);
            INFO(row.command, " ", args, "\nstderr: ", r.err);
            CHECK(r.status == 0);
            CHECK(r.out.starts_with(std::string("smsgw ") + row.command));
            CHECK(r.out.find("options:\n  -h, --help") != std::string::npos);
            CHECK(r.err.empty());
            CHECK(r.written.empty());
        }
}

TEST_CASE("the table covers every command smsgw --help lists") {
    const Usage help = run("--help");
    REQUIRE(help.status == 0);
    std::istringstream lines(help.out.substr(help.out.find("commands:\n") + 10));
    std::string line;
    int listed = 0;
    while (std::getline(lines, line)) {
        std::istringstream words(line);
        std::string name;
        if (!(words >> name)) continue;
        ++listed;
        CHECK_MESSAGE(std::any_of(std::begin(rows), std::end(rows), [&](const Row& r) { return name == r.command; }),
                      name << " is missing from this test's table");
    }
    CHECK(listed >= 16);
}

TEST_CASE("the top level: an unknown or missing command is one line and exit 2") {
    for (const std::string args : {"frobnicate", "", "--bogus"}) {
        const Usage r = run(args);
        INFO("smsgw ", args, "\nstderr: ", r.err);
        CHECK(r.status == 2);
        CHECK(r.out.empty());
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
        CHECK(r.err.ends_with("(see smsgw --help)\n"));
    }
    CHECK(run("frobnicate").err == "smsgw: unknown command 'frobnicate' (see smsgw --help)\n");
}

TEST_CASE("a runtime error is exit 1 and says what to do, not a usage error") {
    const Usage r = run("status --db missing.db");
    CHECK(r.status == 1);
    CHECK(r.err.find("missing.db: no such database (give the daemon's, [gateway] database in its config)") !=
          std::string::npos);
    CHECK(r.err.find("--help") == std::string::npos);
    TempDir files{"usage-files"};
    const fs::path text = files / "notes.db";
    std::ofstream(text) << "not a database\n";
    const Usage notdb = run(std::vector<std::string>{"estimate", "--db", text.string()});
    CHECK(notdb.status == 1);
    CHECK(notdb.err.find("not a database, or a damaged one (give the daemon's, [gateway] database") != std::string::npos);
    const Usage config = run("run --config /nonexistent/smsgw.toml");
    CHECK(config.status == 1);
    CHECK(config.err.find("cannot read the config file: No such file or directory (give the smsgw.toml") !=
          std::string::npos);
    const Usage cb = run("check-codebook nowhere");
    CHECK(cb.status == 1);
    CHECK(cb.err.find("nowhere is not a directory (give the directory that holds election.toml)") != std::string::npos);
}
