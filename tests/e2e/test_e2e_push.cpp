// Delivery to HQ against a real rsync daemon on the loopback: verified arrival, a wrong-way command caught, a dropped link, the alarm.
#include "rig.hpp"
#include "rsync_receiver.hpp"

#include "daemon/store/store.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <thread>

using namespace smsgw::e2e;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

std::string toml_list(const std::vector<std::string>& argv) {
    std::string out = "[";
    for (std::size_t i = 0; i < argv.size(); ++i) out += (i ? ", " : "") + toml_string(argv[i]);
    return out + "]";
}

// What the tests push with: rsync to the receiver's module, and the manifest fetched back into {fetched}.
std::vector<std::string> rsync_push(const RsyncReceiver& hq, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> argv{"rsync", "-a", "--timeout=10"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back("{export}");
    argv.push_back(hq.url() + "/");
    return argv;
}
std::vector<std::string> rsync_verify(const RsyncReceiver& hq) {
    return {"rsync", "--timeout=10", hq.url() + "/{name}/manifest.json", "{fetched}"};
}

// A push-only config (smsgw push reads [gateway]; no modems needed).
void write_config(const TempDir& dir, const std::vector<std::string>& command, const std::vector<std::string>& verify,
                  std::vector<std::pair<std::string, std::string>> more = {}) {
    GatewayConfig cfg = basic_config(dir.path);
    cfg.gateway = {{"export_command", toml_list(command)},
                   {"export_verify_command", toml_list(verify)},
                   {"push_dir", toml_string((dir / "push").string())},
                   {"push_timeout", "\"20s\""}};
    cfg.gateway.insert(cfg.gateway.end(), more.begin(), more.end());
    cfg.write(dir / "smsgw.toml");
}

// One export of an empty count of the reference election, as `smsgw export` writes it: the files
// HQ gets (missing.csv lists all ~1,000 sampled stations), with its manifest.
fs::path make_export(const TempDir& dir) {
    if (!fs::exists(dir / "smsgw.db")) smsgw::store::Store created((dir / "smsgw.db").string());
    auto r = run_command({SMSGW_BINARY, "export", "--db", (dir / "smsgw.db").string(), "--out", (dir / "exports").string(),
                          "--codebook", example_codebook.string()},
                         "", 60s, true);
    REQUIRE_MESSAGE(r.exited_ok(), r.out);
    std::string path = r.out.substr(0, r.out.find('\n'));
    REQUIRE(fs::is_directory(path));
    return path;
}

CommandResult push(const TempDir& dir) {
    return run_command({SMSGW_BINARY, "push", "--config", (dir / "smsgw.toml").string()}, "", 90s, true);
}

// Every file of the export is at HQ with the same bytes.
bool arrived_whole(const fs::path& exported, const RsyncReceiver& hq) {
    const fs::path there = hq.dir() / exported.filename();
    if (!fs::is_directory(there)) return false;
    for (const auto& f : fs::directory_iterator(exported))
        if (slurp(f.path()) != slurp(there / f.path().filename())) return false;
    return true;
}

std::vector<std::string> outcome_files(const TempDir& dir) {
    std::vector<std::string> out;
    if (!fs::exists(dir / "push" / "outcomes")) return out;
    for (const auto& f : fs::directory_iterator(dir / "push" / "outcomes")) out.push_back(slurp(f.path()));
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("smsgw push delivers an export to a real rsync daemon and proves it with HQ's manifest") {
    if (!RsyncReceiver::available()) {
        MESSAGE("rsync is not installed (build.sh installs it): not tested");
        return;
    }
    TempDir dir("push-ok");
    RsyncReceiver hq(dir / "receiver");
    hq.start();
    write_config(dir, rsync_push(hq), rsync_verify(hq));
    const fs::path exported = make_export(dir);

    const auto t0 = std::chrono::steady_clock::now();
    auto first = push(dir);
    const double took = seconds_since(t0);
    INFO(first.out);
    CHECK(first.exited_ok());
    CHECK(arrived_whole(exported, hq));
    CHECK(first.out.find("delivered " + exported.filename().string() + " to HQ") != std::string::npos);
    CHECK(first.out.find("verified: HQ's manifest.json") != std::string::npos);
    CHECK(fs::exists(dir / "push" / "delivered" / exported.filename()));
    auto outcomes = outcome_files(dir);
    REQUIRE(outcomes.size() == 1);
    CHECK(outcomes[0].find("\"ok\":true") != std::string::npos);
    CHECK(outcomes[0].find("\"stage\":\"delivered\"") != std::string::npos);
    std::uintmax_t bytes = 0;
    for (const auto& f : fs::directory_iterator(exported)) bytes += fs::file_size(f.path());
    MESSAGE(fmt::format("push + verify of one export ({} files, {} bytes) to rsync on the loopback: {:.2f} s (whole "
                        "`smsgw push` process)",
                        std::distance(fs::directory_iterator(exported), fs::directory_iterator{}), bytes, took));

    // HQ has it: the next run has nothing to do and reports nothing.
    auto again = push(dir);
    CHECK_MESSAGE(again.exited_ok(), again.out);
    CHECK(again.out.find("nothing to deliver") != std::string::npos);
    CHECK(outcome_files(dir).size() == 1);
}

TEST_CASE("an rsync written the wrong way round exits 0, and the push calls it a failure") {
    if (!RsyncReceiver::available()) return;
    TempDir dir("push-wrong-way");
    RsyncReceiver hq(dir / "receiver");
    hq.start();
    // The old example: HQ's directory copied INTO the export, nothing to HQ.
    const std::vector<std::string> wrong{"rsync", "-a", "--timeout=10", hq.url() + "/", "{export}"};
    write_config(dir, wrong, rsync_verify(hq));
    const fs::path exported = make_export(dir);
    // The premise: the command alone says all is well.
    auto alone = run_command({RsyncReceiver::program(), "-a", "--timeout=10", hq.url() + "/", exported.string()}, "", 30s, true);
    REQUIRE_MESSAGE(alone.exited_ok(), alone.out);

    auto r = push(dir);
    INFO(r.out);
    CHECK(WIFEXITED(r.status));
    CHECK(WEXITSTATUS(r.status) == 1);
    CHECK(r.out.find("NOT delivered " + exported.filename().string() + " (verify failed") != std::string::npos);
    CHECK(r.out.find("could not be fetched: rsync exit 23") != std::string::npos);
    CHECK_FALSE(fs::exists(hq.dir() / exported.filename()));
    CHECK_FALSE(fs::exists(dir / "push" / "delivered" / exported.filename()));
    auto outcomes = outcome_files(dir);
    REQUIRE(outcomes.size() == 1);
    CHECK(outcomes[0].find("\"ok\":false") != std::string::npos);
    CHECK(outcomes[0].find("\"stage\":\"verify\"") != std::string::npos);
}

TEST_CASE("the link drops mid-transfer: a failure; once HQ is back the next push delivers everything") {
    if (!RsyncReceiver::available()) return;
    TempDir dir("push-drop");
    RsyncReceiver hq(dir / "receiver");
    hq.start();
    const fs::path one = make_export(dir);
    const fs::path two = make_export(dir);
    // 20 kB/s: the first export alone takes seconds, time enough to pull the plug inside it.
    write_config(dir, rsync_push(hq, {"--bwlimit=20"}), rsync_verify(hq));

    CommandResult dropped;
    std::thread pushing([&] { dropped = push(dir); });
    const bool receiving = wait_until(10s, [&] { return fs::exists(hq.dir() / one.filename()); }, 10ms);
    std::this_thread::sleep_for(300ms);
    hq.kill();
    pushing.join();
    REQUIRE(receiving);
    INFO(dropped.out);
    CHECK(WEXITSTATUS(dropped.status) == 1);
    CHECK(dropped.out.find("NOT delivered " + one.filename().string() + " (transfer failed") != std::string::npos);
    CHECK(dropped.out.find("rsync exit ") != std::string::npos);
    MESSAGE(dropped.out);
    CHECK_FALSE(arrived_whole(one, hq));
    CHECK_FALSE(fs::exists(dir / "push" / "delivered" / one.filename()));
    auto outcomes = outcome_files(dir);
    REQUIRE(outcomes.size() == 1);  // the first failure ends the run
    CHECK(outcomes[0].find("\"stage\":\"transfer\"") != std::string::npos);

    // While HQ is away: connection refused, said with rsync's own first line.
    auto away = push(dir);
    CHECK(WEXITSTATUS(away.status) == 1);
    CHECK_MESSAGE(away.out.find("Connection refused") != std::string::npos, away.out);

    hq.start();
    write_config(dir, rsync_push(hq), rsync_verify(hq));
    auto back = push(dir);
    INFO(back.out);
    CHECK(back.exited_ok());
    CHECK(arrived_whole(one, hq));
    CHECK(arrived_whole(two, hq));
    CHECK(fs::exists(dir / "push" / "delivered" / two.filename()));
}

TEST_CASE("the daemon runs the push: a dead HQ raises the HQ-link alarm, HQ's return gets every export delivered") {
    if (!RsyncReceiver::available()) return;
    TempDir dir("push-daemon");
    RsyncReceiver hq(dir / "receiver");
    hq.start();  // fixes the port ...
    hq.kill();   // ... and HQ is away from the start
    GatewayConfig cfg = basic_config(dir.path);
    cfg.gateway = {{"export_interval", "\"1s\""},
                   {"export_command", toml_list(rsync_push(hq))},
                   {"export_verify_command", toml_list(rsync_verify(hq))},
                   {"push_by", "\"daemon\""},
                   {"push_timeout", "\"10s\""},
                   {"hq_numbers", "[\"+77010009999\"]"},
                   {"hq_link_down_after", "\"2s\""}};
    cfg.write(dir / "smsgw.toml");
    DaemonProcess daemon(dir / "smsgw.toml", dir / "console.log");
    StoreProbe store(dir / "smsgw.db");
    daemon.start();
    REQUIRE_MESSAGE(daemon.wait_ready(30s), daemon.console());

    CHECK_MESSAGE(daemon.wait_console("did not reach HQ (transfer failed): rsync exit 10: rsync: [sender] failed to connect to 127.0.0.1", 30s), daemon.console_this_run());
    CHECK_MESSAGE(daemon.wait_console("link to HQ down", 30s), daemon.console_this_run());
    CHECK(wait_until(10s, [&] { return store.scalar("SELECT count(*) FROM reply WHERE kind = 'hq_summary'") >= 1; }));
    CHECK(store.scalar("SELECT count(*) FROM delivery WHERE ok = 0 AND stage = 'transfer'") >= 1);
    auto status = run_command({SMSGW_BINARY, "status", "--db", (dir / "smsgw.db").string()}, "", 30s, true);
    CHECK_MESSAGE(status.out.find("NOT REACHING HQ since") != std::string::npos, status.out);
    CHECK(status.out.find("nothing delivered to HQ yet") != std::string::npos);

    std::vector<fs::path> waiting;
    for (const auto& e : fs::directory_iterator(dir / "exports"))
        if (e.path().filename().string().rfind("smsgw-export-", 0) == 0) waiting.push_back(e.path());
    REQUIRE(waiting.size() >= 1);
    hq.start();
    CHECK_MESSAGE(daemon.wait_console("link to HQ back", 60s), daemon.console_this_run());
    CHECK(wait_until(30s, [&] {
        for (const auto& p : waiting)
            if (!arrived_whole(p, hq)) return false;
        return true;
    }));
    CHECK(daemon.console_this_run().find("delivered to HQ in") != std::string::npos);
    status = run_command({SMSGW_BINARY, "status", "--db", (dir / "smsgw.db").string()}, "", 30s, true);
    CHECK_MESSAGE(status.out.find("delivered smsgw-export-") != std::string::npos, status.out);
    auto json = run_command({SMSGW_BINARY, "status", "--db", (dir / "smsgw.db").string(), "--json"}, "", 30s, true);
    CHECK_MESSAGE(json.out.find("\"delivery\":{\"last\":{\"export\":\"smsgw-export-") != std::string::npos, json.out);
    CHECK(json.out.find("\"stage\":\"delivered\"") != std::string::npos);
    CHECK(describe_status(daemon.terminate(30s)) == "exit 0");
    MESSAGE(fmt::format("{} exports written while HQ was away, all delivered once it was back", waiting.size()));
}

TEST_CASE("push_by = systemd: the daemon only signals the trigger; silence from the push counts as a failure") {
    if (!RsyncReceiver::available()) return;
    TempDir dir("push-systemd");
    RsyncReceiver hq(dir / "receiver");
    hq.start();
    GatewayConfig cfg = basic_config(dir.path);
    cfg.gateway = {{"export_interval", "\"1s\""},
                   {"export_command", toml_list(rsync_push(hq))},
                   {"export_verify_command", toml_list(rsync_verify(hq))},
                   {"push_by", "\"systemd\""},
                   {"push_timeout", "\"1s\""}};
    cfg.write(dir / "smsgw.toml");
    DaemonProcess daemon(dir / "smsgw.toml", dir / "console.log");
    StoreProbe store(dir / "smsgw.db");
    daemon.start();
    REQUIRE_MESSAGE(daemon.wait_ready(30s), daemon.console());

    // What smsgw-push.path watches: rewritten with the newest export's name.
    CHECK(wait_until(10s, [&] { return slurp(dir / "push" / "trigger").rfind("smsgw-export-", 0) == 0; }));
    // Nothing runs the push (the .path unit "disabled"): after 3 x max(export_interval, push_timeout).
    CHECK_MESSAGE(daemon.wait_console("did not reach HQ (no-push failed): no smsgw push reported anything for", 20s),
                  daemon.console_this_run());
    CHECK(store.scalar("SELECT count(*) FROM delivery WHERE stage = 'no-push' AND ok = 0") >= 1);
    CHECK(fs::is_empty(hq.dir()));

    // What smsgw-push.service would run: the daemon records its outcomes.
    auto r = push(dir);
    CHECK_MESSAGE(r.exited_ok(), r.out);
    CHECK(wait_until(10s, [&] { return store.scalar("SELECT count(*) FROM delivery WHERE ok = 1") >= 1; }));
    CHECK(daemon.console_this_run().find("delivered to HQ in") != std::string::npos);
    CHECK(describe_status(daemon.terminate(30s)) == "exit 0");
}
