// Each modem's libgammu in a process of its own (the real `smsgw modem-process` on gammu's dummy
// driver): killed, stopped or sandbox-killed, it costs that modem a restart and nothing is lost or read twice.
#include "daemon/modem/inject_sms.hpp"
#include "daemon/console/logger.hpp"
#include "daemon/run/modem_fleet.hpp"
#include "daemon/run/modem_process.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <algorithm>
#include <map>
#include <memory>

using namespace smsgw;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

using smsgw::test::TempDir;

int inbox_files(const fs::path& device) {
    int n = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(device / "sms" / "1", ec)) n += e.is_regular_file() ? 1 : 0;
    return n;
}

// One modem process on a dummy device, with the daemon's side played by the test: every batch is
// acknowledged as committed unless `hold` is set.
struct Rig final : ModemProcess::Sink {
    boost::asio::io_context io;
    TempDir dir;
    fs::path device = dir.path / "dev";
    std::vector<ReceivedBatch> batches;
    std::vector<ModemDeath> deaths;
    std::vector<ModemState> states;
    std::vector<std::string> errors;  // last_error of each health report
    std::map<std::string, int> committed;  // text -> times acknowledged as committed
    bool hold = false;
    std::vector<SendResult> results;
    std::unique_ptr<ModemProcess> proc;

    explicit Rig(ModemProcessTimers timers = fast(), std::string serial_device = {}, bool send = false) {
        fs::create_directories(device);
        ModemConfig c;
        c.name = "sim1";
        c.device = serial_device.empty() ? device.string() : serial_device;
        c.connection = serial_device.empty() ? "none" : "at115200";
        c.model = serial_device.empty() ? "dummy" : "at";
        c.poll_interval = 50ms;
        c.send = send;
        proc = std::make_unique<ModemProcess>(io, c, *this, timers, SMSGW_BINARY);
    }
    void on_batch(ModemProcess&, ReceivedBatch b) override {
        batches.push_back(b);
        if (hold) return;
        BatchAck ack{b.batch_id, true, {}};
        for (const auto& p : b.parts) {
            ack.locations.push_back(p.location);
            ++committed[p.text];
        }
        proc->acknowledge(ack);
    }
    void on_health(ModemProcess&, ModemHealth h) override {
        states.push_back(h.state);
        errors.push_back(h.last_error);
    }
    void on_died(ModemProcess&, const ModemDeath& d) override { deaths.push_back(d); }
    void on_sent(ModemProcess&, SendResult r) override { results.push_back(std::move(r)); }
    ~Rig() {
        proc->request_stop();
        run_until([&] { return proc->stopped(); }, 15s);
    }
    static ModemProcessTimers fast() {
        ModemProcessTimers t;
        t.heartbeat_timeout = 2s;
        t.restart_initial = 200ms;
        t.restart_max = 1s;
        t.stop_grace = 3s;
        return t;
    }
    template <class Pred>
    bool run_until(Pred pred, std::chrono::milliseconds limit) {
        const auto end = std::chrono::steady_clock::now() + limit;
        while (!pred()) {
            if (std::chrono::steady_clock::now() > end) return false;
            io.run_for(10ms);
        }
        return true;
    }
    void inject(int n, const std::string& prefix) {
        for (int i = 0; i < n; ++i) inject_sms(device.string(), "+77010000001", prefix + std::to_string(i));
    }
    std::size_t parts_seen() const {
        std::size_t n = 0;
        for (const auto& b : batches) n += b.parts.size();
        return n;
    }
};

}  // namespace

TEST_CASE("SMS arrive from the modem's own process and leave the SIM only once acknowledged") {
    Rig rig;
    rig.inject(5, "hello ");
    rig.proc->start();
    REQUIRE(rig.run_until([&] { return rig.committed.size() == 5 && inbox_files(rig.device) == 0; }, 15s));
    CHECK(rig.proc->pid() > 0);
    CHECK(rig.proc->state() == ModemState::running);
    std::ifstream env_file("/proc/" + std::to_string(rig.proc->pid()) + "/environ");
    std::string env((std::istreambuf_iterator<char>(env_file)), std::istreambuf_iterator<char>());
    CHECK(env.find(std::string(modem_process_marker) + "=sim1") != std::string::npos);
    for (const auto& [text, times] : rig.committed) {
        const std::string& which = text;  // doctest captures it in a lambda: Clang 14 cannot capture a binding
        CHECK_MESSAGE(times == 1, which);
    }
    CHECK(rig.deaths.empty());
}

TEST_CASE("a process killed with SIGKILL mid-batch is restarted and its unacknowledged SMS are read again, once") {
    Rig rig;
    rig.hold = true;
    rig.inject(4, "report ");
    rig.proc->start();
    REQUIRE(rig.run_until([&] { return rig.parts_seen() >= 4; }, 15s));
    const pid_t first = rig.proc->pid();
    REQUIRE(first > 0);
    ::kill(first, SIGKILL);
    rig.hold = false;
    REQUIRE(rig.run_until([&] { return !rig.deaths.empty(); }, 10s));
    CHECK(rig.deaths[0].signal == SIGKILL);
    CHECK(!rig.deaths[0].culprit);  // it was not reading a record: nothing to quarantine
    CHECK(std::find(rig.states.begin(), rig.states.end(), ModemState::restarting) != rig.states.end());
    REQUIRE(rig.run_until([&] { return rig.committed.size() == 4 && inbox_files(rig.device) == 0; }, 15s));
    CHECK(rig.proc->pid() != first);
    for (const auto& [text, times] : rig.committed) {
        const std::string& which = text;  // doctest captures it in a lambda: Clang 14 cannot capture a binding
        CHECK_MESSAGE(times == 1, which);
    }
}

TEST_CASE("a stopped (SIGSTOP) process sends no heartbeat: it is killed and replaced within the timeout") {
    Rig rig;
    rig.proc->start();
    REQUIRE(rig.run_until([&] { return rig.proc->state() == ModemState::running; }, 15s));
    const pid_t first = rig.proc->pid();
    ::kill(first, SIGSTOP);
    const auto t0 = std::chrono::steady_clock::now();
    REQUIRE(rig.run_until([&] { return !rig.deaths.empty(); }, 10s));
    const auto waited = std::chrono::steady_clock::now() - t0;
    CHECK(rig.deaths[0].killed_by_us);
    CHECK(rig.deaths[0].signal == SIGKILL);
    CHECK(waited >= 1500ms);  // not before the 2 s timeout (less the heartbeat already a second old)
    CHECK(waited < 5s);
    rig.inject(2, "after stop ");
    REQUIRE(rig.run_until([&] { return rig.committed.size() == 2 && inbox_files(rig.device) == 0; }, 15s));
    CHECK(rig.proc->pid() != first);
}

TEST_CASE("a system call outside the sandbox kills only the modem's process (SIGSYS), and the next one runs") {
    for (const std::string what : {"exec", "socket"}) {
        CAPTURE(what);
        ::setenv("SMSGW_MODEM_SELFTEST", what.c_str(), 1);
        Rig rig;
        rig.proc->start();
        const bool died = rig.run_until([&] { return !rig.deaths.empty(); }, 10s);
        ::unsetenv("SMSGW_MODEM_SELFTEST");  // the next process starts without it
        REQUIRE(died);
        CHECK(rig.deaths[0].signal == SIGSYS);
        // The console names the call, so an operator can tell an attack from a missing allow-list entry.
        CHECK_MESSAGE(rig.deaths[0].why.find(what == "exec" ? "execve" : "socket") != std::string::npos,
                      rig.deaths[0].why);
        rig.inject(1, "still here ");
        REQUIRE(rig.run_until([&] { return rig.committed.size() == 1 && inbox_files(rig.device) == 0; }, 15s));
    }
}

TEST_CASE("a stop request ends the process with its acknowledged SMS deleted and the rest on the SIM") {
    Rig rig;
    rig.inject(3, "x ");
    rig.proc->start();
    REQUIRE(rig.run_until([&] { return rig.committed.size() == 3 && inbox_files(rig.device) == 0; }, 15s));
    rig.hold = true;
    rig.inject(2, "y ");
    REQUIRE(rig.run_until([&] { return rig.parts_seen() >= 5; }, 15s));
    rig.proc->request_stop();
    REQUIRE(rig.run_until([&] { return rig.proc->stopped(); }, 15s));
    CHECK(inbox_files(rig.device) == 2);  // never acknowledged: read again by the next start
    CHECK(rig.deaths.empty());
    CHECK(rig.states.back() == ModemState::stopped);
}

TEST_CASE("a modem configured by a stable device path that is missing: the error names the device, the process backs off") {
    const std::string by_id = "/dev/serial/by-id/usb-smsgw-test-no-such-modem-if00-port0";
    Rig rig(Rig::fast(), by_id);
    rig.proc->start();
    REQUIRE(rig.run_until([&] { return std::count(rig.states.begin(), rig.states.end(), ModemState::backing_off) >= 2; }, 15s));
    const auto named = std::find_if(rig.errors.begin(), rig.errors.end(),
                                    [&](const std::string& e) { return e.find(by_id) != std::string::npos; });
    REQUIRE(named != rig.errors.end());
    CHECK(named->find("connect to") != std::string::npos);
    CHECK(rig.deaths.empty());  // a missing modem is not a crash
}

TEST_CASE("a program started as a modem process refuses to run modems itself: a wrong modem program cannot fork a chain") {
    // Found the hard way: a test binary running the daemon in-process named itself (/proc/self/exe)
    // as the modem program; each "modem process" ran the tests again and started the next one.
    ::setenv(modem_process_marker, "sim1", 1);
    boost::asio::io_context io;
    Logger log(LogLevel::error, stderr, LogStyle::plain);
    struct : ModemFleet::Events {
        void on_batch(std::uint64_t, ReceivedBatch) override {}
        void on_sent(const SendResult&) override {}
        void on_health(const ModemHealth&) override {}
        void on_modem_gone(const std::string&) override {}
        void on_modem_died(const ModemDeath&, ModemProcess&) override {}
    } events;
    CHECK_THROWS_WITH_AS(ModemFleet(io, log, events), doctest::Contains("is not smsgw"), std::runtime_error);
    ::unsetenv(modem_process_marker);
    CHECK_NOTHROW(ModemFleet(io, log, events));
}

TEST_CASE("replies handed to a process that hangs are sent by the next one, once") {
    Rig rig(Rig::fast(), {}, true);
    rig.proc->start();
    REQUIRE(rig.run_until([&] { return rig.proc->can_send(); }, 15s));
    const pid_t first = rig.proc->pid();
    ::kill(first, SIGSTOP);
    for (std::int64_t id = 1; id <= 3; ++id) rig.proc->send(SendRequest{id, "+77010000001", "reply " + std::to_string(id)});
    CHECK(rig.proc->queued_sends() == 3);
    REQUIRE(rig.run_until([&] { return rig.results.size() >= 3; }, 20s));
    REQUIRE(rig.deaths.size() == 1);
    CHECK(rig.deaths[0].killed_by_us);
    std::map<std::int64_t, int> sent;
    for (const auto& r : rig.results) {
        CHECK_MESSAGE(r.sent, r.error);
        ++sent[r.reply_id];
    }
    CHECK(sent == std::map<std::int64_t, int>{{1, 1}, {2, 1}, {3, 1}});
    CHECK(rig.proc->queued_sends() == 0);
}
