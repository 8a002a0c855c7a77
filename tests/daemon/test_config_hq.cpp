// [hq]: the PostgreSQL conninfo and the gateway's id at HQ, both or neither, every problem with its line.
#include "daemon/config/config.hpp"
#include "daemon/config/config_diff.hpp"

#include <doctest/doctest.h>

using namespace smsgw;

namespace {

const std::string gateway = "[gateway]\ndatabase = \"/tmp/x.db\"\ncodebook = \"/tmp/cb\"\n";

std::string problems_of(const std::string& text) {
    try {
        parse_config(text, "/etc/smsgw/smsgw.toml");
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("no [hq]: the push is off") {
    Config c = parse_config(gateway, "/etc/smsgw/smsgw.toml");
    CHECK_FALSE(c.hq.enabled());
}

TEST_CASE("[hq] with postgres and gateway_id is read as written") {
    Config c = parse_config(gateway + "\n[hq]\npostgres = \"host=hq.example dbname=smsgw user=north\"\ngateway_id = \"north-1\"\n",
                            "/etc/smsgw/smsgw.toml");
    CHECK(c.hq.enabled());
    CHECK(c.hq.postgres == "host=hq.example dbname=smsgw user=north");
    CHECK(c.hq.gateway_id == "north-1");
    CHECK(c.hq.line == 5);
}

TEST_CASE("[hq] problems: FILE:LINE and what to write") {
    // Line 5 is [hq]; postgres without an id.
    CHECK(problems_of(gateway + "\n[hq]\npostgres = \"host=hq\"\n") ==
          "/etc/smsgw/smsgw.toml:5: hq.gateway_id is required with hq.postgres: the name of this gateway's rows at HQ "
          "(e.g. \"north-1\")");
    CHECK(problems_of(gateway + "\n[hq]\npostgres = \"host=hq\"\ngateway_id = \"north 1\"\n") ==
          "/etc/smsgw/smsgw.toml:7: hq.gateway_id 'north 1' must be 1 to 64 letters, digits, '_', '.' or '-'");
    CHECK(problems_of(gateway + "\n[hq]\npostgres = \"\"\ngateway_id = \"n\"\n").find("/etc/smsgw/smsgw.toml:6: hq.postgres is empty") == 0);
    CHECK(problems_of(gateway + "\n[hq]\npostgres = 5\ngateway_id = \"n\"\n").find("/etc/smsgw/smsgw.toml:6: hq.postgres must be a string") == 0);
    CHECK(problems_of(gateway + "\n[hq]\npostgress = \"host=hq\"\n").find("/etc/smsgw/smsgw.toml:6: unknown key hq.postgress") == 0);
    CHECK(problems_of("hq = 1\n" + gateway) == "/etc/smsgw/smsgw.toml:1: hq must be a table [hq]");
    CHECK(problems_of(gateway + "\n[hq]\ngateway_id = \"" + std::string(65, 'a') + "\"\npostgres = \"host=hq\"\n")
              .find("must be 1 to 64") != std::string::npos);
}

TEST_CASE("a reload that changes [hq] needs a restart") {
    Config a = parse_config(gateway + "\n[hq]\npostgres = \"host=hq\"\ngateway_id = \"north\"\n", "/etc/smsgw/smsgw.toml");
    Config b = parse_config(gateway + "\n[hq]\npostgres = \"host=hq2\"\ngateway_id = \"south\"\n", "/etc/smsgw/smsgw.toml");
    ConfigChanges c = diff_config(a, b);
    REQUIRE(c.need_restart.size() == 2);
    CHECK(c.need_restart[0] == "hq.postgres changed");
    CHECK(c.need_restart[1] == "hq.gateway_id: north -> south");
    CHECK(diff_config(a, a).need_restart.empty());
}
