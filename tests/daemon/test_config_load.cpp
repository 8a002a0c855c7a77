// The daemon config: every key of SPEC.md section 8 read, defaults as the example config, relative paths resolved, every problem reported with its line.
#include "daemon/config/config.hpp"

#include <doctest/doctest.h>

using namespace smsgw;

TEST_CASE("a full config is read with its modems") {
    const char* text = R"(
[gateway]
database = "state/smsgw.db"
codebook = "/etc/smsgw/codebook"
export_dir = "exports"
export_interval = "5m"
export_command = ["rsync", "-a", "--", "{export}", "hq:/incoming/"]
export_verify_command = ["ssh", "hq", "cat", "/incoming/{name}/manifest.json"]
log_level = "debug"
reply_policy = "rejected"
replies_per_sender_per_hour = 5
own_numbers = ["+77010009999"]
multipart_timeout = 120

[modems.kcell]
device = "/dev/ttyUSB0"
connection = "at115200"
model = "at"
pin = "1234"
number = "+77010009998"
poll_interval = "250ms"
send = false

[modems.sim]
device = "/tmp/dummy"
connection = "none"
model = "dummy"
)";
    Config c = parse_config(text, "/etc/smsgw/smsgw.toml");
    CHECK(c.gateway.database == "/etc/smsgw/state/smsgw.db");
    CHECK(c.gateway.codebook == "/etc/smsgw/codebook");
    CHECK(c.gateway.export_dir == "/etc/smsgw/exports");
    CHECK(c.gateway.export_interval == std::chrono::seconds(300));
    REQUIRE(c.gateway.export_command.size() == 5);
    CHECK(c.gateway.export_command[3] == "{export}");
    CHECK(c.gateway.push_dir == "/etc/smsgw/push");  // beside export_dir
    CHECK(c.gateway.push_by == PushBy::daemon);
    CHECK(c.gateway.log_level == LogLevel::debug);
    CHECK(c.gateway.reply_policy == ReplyPolicy::rejected_only);
    CHECK(c.gateway.replies_per_sender_per_hour == 5);
    CHECK(c.gateway.multipart_timeout == std::chrono::seconds(120));
    REQUIRE(c.modems.size() == 2);
    CHECK(c.modems[0].name == "kcell");
    CHECK(c.modems[0].pin == "1234");
    CHECK(c.modems[0].poll_interval == std::chrono::milliseconds(250));
    CHECK_FALSE(c.modems[0].send);
    CHECK(c.modems[1].connection == "none");
    CHECK(c.modems[1].send);
}

TEST_CASE("every problem is reported with file and line") {
    const char* text = "[gateway]\n"                       // 1
                       "database = \"x.db\"\n"             // 2
                       "codebook = 7\n"                    // 3
                       "export_command = \"rsync -a\"\n"   // 4
                       "log_levle = \"info\"\n"            // 5
                       "[modems.a]\n"                      // 6
                       "device = \"/dev/ttyUSB0\"\n"       // 7
                       "connection = \"at\"\n"             // 8
                       "pin = \"12a4\"\n"                  // 9
                       "poll_interval = \"fast\"\n";       // 10
    try {
        parse_config(text, "smsgw.toml");
        FAIL("expected ConfigError");
    } catch (const ConfigError& e) {
        std::string all = e.what();
        CHECK(all.find("smsgw.toml:3: gateway.codebook must be a string") != std::string::npos);
        CHECK(all.find("smsgw.toml:4: gateway.export_command must be a list of strings") != std::string::npos);
        CHECK(all.find("smsgw.toml:5: unknown key 'log_levle' in [gateway]") != std::string::npos);
        CHECK(all.find("smsgw.toml:9: modems.a.pin must be digits") != std::string::npos);
        CHECK(all.find("smsgw.toml:10: modems.a.poll_interval must be a duration") != std::string::npos);
        CHECK(e.problems().size() == 6);  // the five above plus "gateway.codebook is required"
    }
}

// Found by fuzz_config under UBSan: a float where an integer belongs was cast out of range.
TEST_CASE("numbers of the wrong kind or beyond range are errors, never a cast") {
    const char* text = "[gateway]\n"                                 // 1
                       "database = \"x.db\"\n"                       // 2
                       "codebook = \"cb\"\n"                         // 3
                       "export_keep = 8.8e68\n"                      // 4
                       "replies_per_sender_per_hour = 5.0\n"         // 5
                       "summary_interval = nan\n"                    // 6
                       "multipart_timeout = inf\n";                  // 7
    try {
        parse_config(text, "smsgw.toml");
        FAIL("expected ConfigError");
    } catch (const ConfigError& e) {
        std::string all = e.what();
        CHECK(all.find("smsgw.toml:4: gateway.export_keep must be an integer") != std::string::npos);
        CHECK(all.find("smsgw.toml:5: gateway.replies_per_sender_per_hour must be an integer") != std::string::npos);
        CHECK(all.find("smsgw.toml:6: gateway.summary_interval must be a duration") != std::string::npos);
        CHECK(all.find("smsgw.toml:7: gateway.multipart_timeout must be a duration") != std::string::npos);
        CHECK(e.problems().size() == 4);
    }
}

TEST_CASE("TOML syntax errors carry their line") {
    try {
        parse_config("[gateway]\ndatabase = \"a.db\"\ncodebook = \"cb\n", "c.toml");
        FAIL("expected ConfigError");
    } catch (const ConfigError& e) {
        REQUIRE(e.problems().size() == 1);
        CHECK(e.problems()[0].rfind("c.toml:3: ", 0) == 0);
    }
}

TEST_CASE("a missing gateway section and a missing file are errors") {
    CHECK_THROWS_AS(parse_config("[modems.a]\ndevice=\"d\"\nconnection=\"none\"\n", "c.toml"), ConfigError);
    CHECK_THROWS_AS(load_config("/nonexistent/smsgw.toml"), ConfigError);
}

TEST_CASE("reply_unregistered: country by default, all or none when set, anything else an error with its line") {
    const std::string head = "[gateway]\ndatabase = \"a.db\"\ncodebook = \"cb\"\n";
    CHECK(parse_config(head, "c.toml").gateway.reply_unregistered == UnregisteredReplies::country);
    CHECK(parse_config(head + "reply_unregistered = \"all\"\n", "c.toml").gateway.reply_unregistered ==
          UnregisteredReplies::all);
    CHECK(parse_config(head + "reply_unregistered = \"none\"\n", "c.toml").gateway.reply_unregistered ==
          UnregisteredReplies::none);
    CHECK(parse_config(head + "reply_unregistered = \"country\"\n", "c.toml").gateway.reply_unregistered ==
          UnregisteredReplies::country);
    try {
        parse_config(head + "reply_unregistered = \"abroad\"\n", "c.toml");
        FAIL("expected a ConfigError");
    } catch (const ConfigError& e) {
        REQUIRE(e.problems().size() == 1);
        CHECK(e.problems()[0] == "c.toml:4: gateway.reply_unregistered must be country, all or none");
    }
}

TEST_CASE("export_phones defaults to what the example config says: phones only in the call-back list") {
    const Config minimal = parse_config("[gateway]\ndatabase = \"a.db\"\ncodebook = \"cb\"\n", "c.toml");
    CHECK_FALSE(minimal.gateway.export_phones);
    const Config example = load_config(SMSGW_SOURCE_DIR "/systemd/smsgw.toml");
    CHECK(example.gateway.export_phones == minimal.gateway.export_phones);
    CHECK(parse_config("[gateway]\ndatabase = \"a.db\"\ncodebook = \"cb\"\nexport_phones = true\n", "c.toml")
              .gateway.export_phones);
}
