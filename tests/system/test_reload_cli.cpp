// SIGHUP on the real `smsgw run`: a changed config applies at once, modems come and go, a broken one changes nothing.
#include "run_fixture.hpp"

#include <fmt/format.h>

using namespace smsgw;
using namespace smsgw::test;
using namespace std::chrono_literals;

namespace {

long long messages(const fs::path& db) { return scalar(db, "SELECT count(*) FROM message"); }
long long replies(const fs::path& db) { return scalar(db, "SELECT count(*) FROM reply"); }

}  // namespace

TEST_CASE("SIGHUP re-reads config and codebook: live settings at once, modems added/removed/restarted, errors keep the old") {
    TempDir dir("reload");
    const auto db = dir / "smsgw.db";
    const auto sim1 = dir / "sim1", sim2 = dir / "sim2";
    const auto toml = dir / "smsgw.toml";
    write_file(toml, config_text(db, {{"sim1", sim1}}, "reply_policy = \"all\"\n"));
    DaemonChild daemon(toml, dir / "console.log");
    daemon.start();
    REQUIRE_MESSAGE(daemon.wait_console("INFO  daemon ready", 20s), daemon.console());

    // 1. As started: every report is answered.
    inject_sms(sim1.string(), "+77010000001", "R 01001 A100 B200 C300 X5 T605");
    REQUIRE_MESSAGE(wait_until(20s, [&] { return messages(db) == 1 && inbox_files(sim1) == 0; }), daemon.console());
    CHECK(replies(db) == 1);

    // 2. Replies off and a second modem: both take effect with the reload.
    write_file(toml, config_text(db, {{"sim1", sim1}, {"sim2", sim2}}, "reply_policy = \"none\"\n"));
    daemon.signal(SIGHUP);
    REQUIRE_MESSAGE(daemon.wait_console("SIGHUP: reloaded", 10s), daemon.console());
    CHECK(daemon.console().find("SIGHUP: gateway.reply_policy: all -> none") != std::string::npos);
    CHECK(daemon.console().find("sim2: added to the config, starting it") != std::string::npos);
    inject_sms(sim2.string(), "87010000002", "R 01002 A100 B200 C300 X5 T605");
    REQUIRE_MESSAGE(wait_until(20s, [&] { return messages(db) == 2 && inbox_files(sim2) == 0; }), daemon.console());
    CHECK(scalar(db, "SELECT count(*) FROM message WHERE modem = 'sim2'") == 1);
    CHECK_MESSAGE(daemon.wait_console("(no reply: reply_policy = none)", 5s), daemon.console());
    CHECK(replies(db) == 1);

    // 3. A broken config (two errors) and then a broken codebook: every error with FILE:LINE, nothing changes.
    write_file(toml, config_text(db, {{"sim1", sim1}}, "reply_policy = \"sometimes\"\nbogus = 1\n"));
    daemon.signal(SIGHUP);
    REQUIRE_MESSAGE(daemon.wait_console("nothing changed, still running on", 10s), daemon.console());
    const std::string c1 = daemon.console();
    CHECK_MESSAGE(c1.find("SIGHUP: 2 errors in the new config or codebook") != std::string::npos, c1);
    CHECK(c1.find(toml.string() + ":7: gateway.reply_policy must be all, rejected or none") != std::string::npos);
    CHECK(c1.find(toml.string() + ":8: unknown key 'bogus' in [gateway]") != std::string::npos);

    const auto broken = dir / "codebook";
    fs::copy(fs::path(SMSGW_TEST_DATA) / "codebooks" / "tiny", broken);
    write_file(broken / "stations.csv", slurp(broken / "stations.csv") + "0100X,Nowhere,01,1,many,01U,1\n");
    write_file(toml, config_text(db, {{"sim1", sim1}}, "reply_policy = \"all\"\n") + "");
    {
        std::string t = slurp(toml);
        const std::string tiny = std::string(SMSGW_TEST_DATA) + "/codebooks/tiny";
        t.replace(t.find(tiny), tiny.size(), broken.string());
        write_file(toml, t);
    }
    daemon.signal(SIGHUP);
    REQUIRE_MESSAGE(daemon.wait_console("nothing changed, still running on", 10s, 2), daemon.console());
    const std::string c2 = daemon.console().substr(c1.size());
    CHECK_MESSAGE(c2.find(broken.string() + "/stations.csv:") != std::string::npos, c2);
    CHECK(c2.find("SIGHUP: reloaded") == std::string::npos);

    // The old settings are still in force: sim2 still reads, replies are still off.
    inject_sms(sim2.string(), "87010000002", "R 01003 A100 B200 C300 X5 T605");
    REQUIRE_MESSAGE(wait_until(20s, [&] { return messages(db) == 3 && inbox_files(sim2) == 0; }), daemon.console());
    CHECK(occurrences(daemon.console(), "(no reply: reply_policy = none)") == 2);
    CHECK(replies(db) == 1);

    // 4. Replies on, sim2 removed, sim1 changed (restarted) while SMS wait on it, the database moved:
    // the database needs a restart (the running one stays), the rest applies.
    const auto other_db = dir / "other.db";
    for (int i = 0; i < 30; ++i)
        inject_sms(sim1.string(), "+77010000001", fmt::format("R 01001 A{} B200 C300 X5 T605", 200 + i));
    write_file(toml, config_text(other_db, {{"sim1", sim1}}, "reply_policy = \"all\"\n", "150ms"));
    daemon.signal(SIGHUP);
    REQUIRE_MESSAGE(daemon.wait_console("SIGHUP: reloaded", 10s, 2), daemon.console());
    const std::string c3 = daemon.console();
    CHECK(c3.find("sim1: its section changed, restarting it") != std::string::npos);
    CHECK(c3.find("sim2: removed from the config, stopping it") != std::string::npos);
    CHECK(c3.find("gateway.database: " + db.string() + " -> " + other_db.string() +
                  " needs a restart; the running database stays in use until then") != std::string::npos);
    REQUIRE_MESSAGE(wait_until(30s, [&] { return messages(db) == 33 && inbox_files(sim1) == 0; }), daemon.console());
    // Each of the 30 was answered unless it was read before the reload turned replies on again.
    const int unanswered = occurrences(daemon.console(), "(no reply: reply_policy = none)") - 2;
    CHECK(replies(db) - 1 + unanswered == 30);
    CHECK(occurrences(daemon.console().substr(c3.size()), "(no reply: reply_policy = none)") == 0);
    CHECK_FALSE(fs::exists(other_db));
    CHECK(daemon.console().find("modem  sim2   stopped") != std::string::npos);

    // A removed modem reads nothing any more.
    inject_sms(sim2.string(), "87010000002", "R 01002 A1 B2 C3 X5 T605");
    std::this_thread::sleep_for(1s);
    CHECK(inbox_files(sim2) == 1);

    // 5. A corrected codebook (a monitor added) in a new directory: later messages are checked
    // against it, stored reports keep the version they were checked with.
    inject_sms(sim1.string(), "+77010000008", "R 02001 A100 B200 C300 X5 T605");
    REQUIRE_MESSAGE(wait_until(20s, [&] { return messages(db) == 34 && inbox_files(sim1) == 0; }), daemon.console());
    CHECK(daemon.console().find("unregistered      #") != std::string::npos);
    CHECK(daemon.console().find("+77010000008 \"R 02001 A100 B200 C300 X5 T605\"") != std::string::npos);
    const auto corrected = dir / "codebook2";
    fs::copy(fs::path(SMSGW_TEST_DATA) / "codebooks" / "tiny", corrected);
    write_file(corrected / "monitors.csv", slurp(corrected / "monitors.csv") + "+77010000008,Monitor Eight,02001,en\n");
    {
        std::string t = config_text(db, {{"sim1", sim1}}, "reply_policy = \"all\"\n", "150ms");
        const std::string tiny = std::string(SMSGW_TEST_DATA) + "/codebooks/tiny";
        t.replace(t.find(tiny), tiny.size(), corrected.string());
        write_file(toml, t);
    }
    daemon.signal(SIGHUP);
    REQUIRE_MESSAGE(daemon.wait_console("SIGHUP: codebook reloaded", 10s), daemon.console());
    CHECK(daemon.console().find("SIGHUP: gateway.codebook: ") != std::string::npos);
    inject_sms(sim1.string(), "+77010000008", "R 02001 A100 B200 C300 X5 T606");
    REQUIRE_MESSAGE(wait_until(20s, [&] { return messages(db) == 35 && inbox_files(sim1) == 0; }), daemon.console());
    CHECK(scalar(db, "SELECT count(DISTINCT codebook_version) FROM report") == 2);
    CHECK(scalar(db, "SELECT count(DISTINCT codebook_version) FROM report WHERE sender = '+77010000008'") == 2);
    CHECK(scalar(db, "SELECT count(*) FROM report WHERE codebook_version = (SELECT codebook_version FROM report "
                     "ORDER BY id DESC LIMIT 1)") == 1);
    CHECK(daemon.console().find("+77010000008 \"R 02001 A100 B200 C300") != std::string::npos);
    CHECK(occurrences(daemon.console(), "unregistered      #") == 1);  // a registered monitor now

    daemon.signal(SIGTERM);
    const auto status = daemon.wait(30s);
    REQUIRE(status);
    CHECK(WIFEXITED(*status));
    CHECK(WEXITSTATUS(*status) == 0);
    // Every SMS stored exactly once, though sim1 was restarted with 30 of them waiting.
    CHECK(messages(db) == 35);
    CHECK(scalar(db, "SELECT count(*) FROM (SELECT sender, text FROM message GROUP BY sender, text HAVING count(*) > 1)") == 0);
}

TEST_CASE("after a reload, SIGTERM with no modem still exits 0") {
    TempDir dir("reload-term");
    const auto toml = dir / "smsgw.toml";
    write_file(toml, config_text(dir / "smsgw.db", {}));
    DaemonChild daemon(toml, dir / "console.log");
    daemon.start();
    REQUIRE_MESSAGE(daemon.wait_console("INFO  daemon ready", 20s), daemon.console());
    daemon.signal(SIGHUP);  // a reload with nothing changed, then the stop
    REQUIRE_MESSAGE(daemon.wait_console("SIGHUP: reloaded", 10s), daemon.console());
    daemon.signal(SIGTERM);
    const auto status = daemon.wait(10s);
    REQUIRE_MESSAGE(status, daemon.console());
    CHECK(WIFEXITED(*status));
    CHECK(WEXITSTATUS(*status) == 0);
}
