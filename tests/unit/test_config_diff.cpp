// diff_config: what a SIGHUP would change, setting by setting and modem by modem.
#include "daemon/config/config_diff.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace smsgw;

namespace {

Config parse(const std::string& gateway_extra, const std::string& modems, const std::string& db = "/d/a.db") {
    return parse_config("[gateway]\ndatabase = \"" + db + "\"\ncodebook = \"/c\"\n" + gateway_extra + modems, "/etc/smsgw.toml");
}

const std::string a = "[modems.a]\ndevice = \"/dev/ttyUSB0\"\nconnection = \"at\"\n";
const std::string b = "[modems.b]\ndevice = \"/dev/ttyUSB1\"\nconnection = \"at\"\n";
const std::string b_fast = "[modems.b]\ndevice = \"/dev/ttyUSB1\"\nconnection = \"at\"\npoll_interval = \"250ms\"\n";

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

}  // namespace

TEST_CASE("the same config: nothing to change") {
    CHECK(diff_config(parse("", a + b), parse("", a + b)).empty());
}

TEST_CASE("live settings, the database, and modems added, removed and changed") {
    const Config before = parse("reply_policy = \"all\"\nexport_keep = 48\n", a + b);
    const Config after = parse("reply_policy = \"rejected\"\nexport_keep = 10\nlog_level = \"debug\"\n",
                               b_fast + "[modems.c]\ndevice = \"/x\"\nconnection = \"none\"\nmodel = \"dummy\"\n", "/d/b.db");
    const ConfigChanges c = diff_config(before, after);
    CHECK(has(c.live, "gateway.reply_policy: all -> rejected"));
    CHECK(has(c.live, "gateway.export_keep: 48 -> 10"));
    CHECK(has(c.live, "gateway.log_level: info -> debug"));
    CHECK(c.live.size() == 3);
    REQUIRE(c.need_restart.size() == 1);
    CHECK(c.need_restart[0] == "gateway.database: /d/a.db -> /d/b.db");
    CHECK(c.modems_removed == std::vector<std::string>{"a"});
    CHECK(c.modems_changed == std::vector<std::string>{"b"});
    CHECK(c.modems_added == std::vector<std::string>{"c"});
}
