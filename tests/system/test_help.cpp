// Every subcommand the smsgw binary lists answers --help with exit 0 and a usage text.
#include "tests/support/run_smsgw.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

namespace {

// `smsgw ARGS`, stdout and stderr together.
std::pair<int, std::string> run(const std::vector<std::string>& args) {
    const smsgw::test::Run r = smsgw::test::run_smsgw_merged(args);
    return {r.status, r.out};
}

}  // namespace

TEST_CASE("smsgw --help lists the commands and each one answers --help") {
    auto [rc, out] = run({"--help"});
    CHECK(rc == 0);
    std::vector<std::string> commands;
    std::istringstream lines(out.substr(out.find("commands:")));
    std::string line;
    std::getline(lines, line);
    while (std::getline(lines, line)) {
        std::istringstream words(line);
        std::string name;
        if (words >> name) commands.push_back(name);
    }
    for (const char* required : {"run", "check-codebook", "gen-codebook", "parse", "inject", "status", "watch"})
        CHECK_MESSAGE(std::find(commands.begin(), commands.end(), required) != commands.end(), required);
    for (const auto& c : commands) {
        auto [crc, help] = run({c, "--help"});
        CHECK_MESSAGE(crc == 0, c);
        CHECK_MESSAGE(help.find(c) != std::string::npos, c << " --help does not name itself: " << help);
    }
}

TEST_CASE("an unknown command is a usage error: one line, not the list of commands") {
    auto [rc, out] = run({"frobnicate"});
    CHECK(rc == 2);
    CHECK(out == "smsgw: unknown command 'frobnicate' (see smsgw --help)\n");
}

TEST_CASE("smsgw --help states the exit codes every command keeps to") {
    auto [rc, out] = run({"--help"});
    CHECK(rc == 0);
    CHECK(out.find("exit status: 0 done, 1 a runtime error") != std::string::npos);
    CHECK(out.find("2 a usage error") != std::string::npos);
}
