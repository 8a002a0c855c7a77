// Decisions taken while the real daemon ingests from a dummy-driver modem: applied within a second, one console line each.
#include "rig.hpp"

#include "daemon/modem/inject_sms.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <thread>

#include <sys/wait.h>

using namespace smsgw::e2e;
using namespace std::chrono_literals;

namespace {

const std::filesystem::path tiny_codebook{SMSGW_TEST_DATA "/codebooks/tiny"};

std::pair<int, std::string> run_smsgw(const std::string& args) {
    std::string cmd = std::string(SMSGW_BINARY) + " " + args + " 2>&1";
    FILE* p = ::popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    std::string out;
    std::array<char, 4096> buf{};
    while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
    const int status = ::pclose(p);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// A decision, then the daemon's console line for it: how long it took to show.
double decide(DaemonProcess& daemon, const std::string& args, const std::string& line) {
    const auto t0 = std::chrono::steady_clock::now();
    auto [rc, out] = run_smsgw(args);
    REQUIRE_MESSAGE(rc == 0, out);
    CHECK_MESSAGE(daemon.wait_console(line, 5s), daemon.console_this_run());
    return seconds_since(t0);
}

}  // namespace

TEST_CASE("decisions taken while the daemon ingests are applied within a second, each with one console line") {
    TempDir dir("review");
    const auto device = dir.subdir("device");
    GatewayConfig cfg = basic_config(dir.path, tiny_codebook);
    cfg.modems.push_back(ModemSection::dummy("dummy", device, "100ms"));
    cfg.write(dir / "smsgw.toml");
    const std::string db = (dir / "smsgw.db").string();
    DaemonProcess daemon(dir / "smsgw.toml", dir / "console.log");
    StoreProbe store(dir / "smsgw.db");

    smsgw::inject_sms(device.string(), "+77010000001", "R 01001 A500 B300 C100 X20 T920");
    smsgw::inject_sms(device.string(), "+77010000003", "R 01004 A100 B100 C80 X10 T290");  // a warning
    smsgw::inject_sms(device.string(), "+77010000006", "R 02001 A900 B500 C300 X50 T1750");
    daemon.start();
    REQUIRE_MESSAGE(daemon.wait_ready(30s), daemon.console());
    REQUIRE(wait_processed(store, 3, 30s));

    // Monitors keep texting checklists while the data centre decides.
    std::atomic<bool> stop{false};
    std::atomic<int> sent{0};
    std::thread traffic([&] {
        for (int i = 0; !stop && i < 400; ++i) {
            smsgw::inject_sms(device.string(), "+77010000002", fmt::format("N 01002 3 @long queue, report {}", i));
            ++sent;
            std::this_thread::sleep_for(20ms);
        }
    });

    // A failed REQUIRE leaves the test by an exception: the thread is stopped and joined all the same.
    struct Join {
        std::atomic<bool>& stop;
        std::thread& t;
        ~Join() {
            stop = true;
            if (t.joinable()) t.join();
        }
    } join{stop, traffic};
    std::vector<double> took;
    took.push_back(decide(daemon, "review --db " + db + " station:01001 quarantine --by alice --reason 'pressure'",
                          "alice withheld station 01001 from the count"));
    CHECK(daemon.wait_console("count after the operators' decisions: PL 2/8", 3s));
    took.push_back(decide(daemon, "review --db " + db + " '#" + [&] {
                              auto [rc, out] = run_smsgw("queue --db " + db + " --kind warning --json");
                              REQUIRE(rc == 0);
                              const auto at = out.find("\"reference\":\"#");
                              REQUIRE(at != std::string::npos);
                              return out.substr(at + 14, out.find('"', at + 14) - at - 14);
                          }() + "' verify --set C=70 --set T=280 --by bob",
                          "bob corrected report"));
    took.push_back(decide(daemon, "call --db " + db + " --station 01005 --outcome no-answer --by carol",
                          "carol called station 01005: no-answer"));
    took.push_back(decide(daemon, "review --db " + db + " station:01001 release --by alice",
                          "alice released station 01001 back into the count"));
    CHECK(daemon.wait_console("count after the operators' decisions: PL 3/8", 3s));
    // The same decision again: nothing to apply, no line.
    auto [rc, out] = run_smsgw("review --db " + db + " station:01001 release --by alice");
    CHECK(rc == 0);
    CHECK_MESSAGE(out.find("already") != std::string::npos, out);

    stop = true;
    if (traffic.joinable()) traffic.join();
    REQUIRE(wait_processed(store, 3 + sent.load(), 60s));
    CHECK(describe_status(daemon.terminate(30s)) == "exit 0");
    const std::string console = daemon.console();
    CHECK(occurrences(console, "released station 01001") == 1);
    CHECK(occurrences(console, "withheld station 01001") == 1);
    double worst = 0;
    for (double t : took) worst = std::max(worst, t);
    MESSAGE(fmt::format("{} decisions while {} SMS arrived; slowest from command start to console line: {:.2f} s",
                        took.size(), sent.load(), worst));
    CHECK(worst < 2.0);  // the command itself (process start, SQLite open) plus at most a 250 ms poll

    // After the night: the count, the estimate and the audit trail agree.
    auto [erc, est] = run_smsgw("estimate --db " + db + " --json");
    REQUIRE(erc == 0);
    CHECK_MESSAGE(est.find("\"reported\":3") != std::string::npos, est);
    auto [arc, audit] = run_smsgw("audit --db " + db + " verify");
    CHECK_MESSAGE(arc == 0, audit);
}
