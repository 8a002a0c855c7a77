// The take keys of [gateway]: defaults as the example config says, durations and counts read, bad values named with their line, a reload lists them.
#include "daemon/config/config.hpp"
#include "daemon/config/config_diff.hpp"

#include <doctest/doctest.h>

using namespace smsgw;
using namespace std::chrono_literals;

namespace {

Config parse(const std::string& extra) {
    return parse_config("[gateway]\ndatabase = \"a.db\"\ncodebook = \"cb\"\n" + extra, "smsgw.toml");
}

std::string problems(const std::string& extra) {
    try {
        parse(extra);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("take_every_reports and take_interval default to what systemd/smsgw.toml shows: 50 results, 10 minutes") {
    const Config minimal = parse("");
    CHECK(minimal.gateway.take_every_reports == 50);
    CHECK(minimal.gateway.take_interval == 600s);
    const Config example = load_config(SMSGW_SOURCE_DIR "/systemd/smsgw.toml");
    CHECK(example.gateway.take_every_reports == minimal.gateway.take_every_reports);
    CHECK(example.gateway.take_interval == minimal.gateway.take_interval);
}

TEST_CASE("the take keys are read: a count (0 turns it off) and a duration") {
    const Config c = parse("take_every_reports = 20\ntake_interval = \"5m\"\n");
    CHECK(c.gateway.take_every_reports == 20);
    CHECK(c.gateway.take_interval == 300s);
    CHECK(parse("take_every_reports = 0\n").gateway.take_every_reports == 0);
    CHECK(parse("take_interval = 90\n").gateway.take_interval == 90s);
}

TEST_CASE("bad take values are named with FILE:LINE") {
    CHECK(problems("take_every_reports = -1\n").find("smsgw.toml:4: gateway.take_every_reports must be an integer") !=
          std::string::npos);
    CHECK(problems("take_every_reports = \"50\"\n").find("smsgw.toml:4: gateway.take_every_reports") != std::string::npos);
    CHECK(problems("\ntake_interval = \"soon\"\n").find("smsgw.toml:5: gateway.take_interval must be a duration") !=
          std::string::npos);
    CHECK(problems("take_interval = 0\n").find("gateway.take_interval must be a duration of at least 1000 ms") !=
          std::string::npos);
    CHECK(problems("take_intervall = 60\n").find("unknown key 'take_intervall' in [gateway]") != std::string::npos);
}

TEST_CASE("a reload says which take setting changed; both apply live") {
    const Config a = parse("");
    const Config b = parse("take_every_reports = 25\ntake_interval = \"2m\"\n");
    const ConfigChanges c = diff_config(a, b);
    CHECK(c.need_restart.empty());
    REQUIRE(c.live.size() == 2);
    CHECK(c.live[0] == "gateway.take_every_reports: 50 -> 25");
    CHECK(c.live[1] == "gateway.take_interval: 600s -> 120s");
}
