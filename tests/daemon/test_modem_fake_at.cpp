// The modem worker on libgammu's real AT driver against the fake modem: +CMTI, delete after commit, send, reconnect.
#include "daemon/modem/modem_worker.hpp"
#include "modem_collector.hpp"
#include "tests/support/files.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

using namespace smsgw;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

using smsgw::test::TempDir;

using smsgw::test::slurp;

using smsgw::test::occurrences;

using Collector = smsgw::test::ModemCollector;

}  // namespace

TEST_CASE("fake AT modem: poll, +CMTI, delete after commit, send, reconnect after the modem dies") {
    TempDir dir;
    const fs::path script = dir.path / "script.txt", state = dir.path / "state", sent = dir.path / "sent.jsonl",
                   log = dir.path / "at.log";
    {
        std::ofstream s(script);
        s << "imei 352099001761481\n"
             "sms +77010000001 R 01001 A100 B200 C300 X5 T605\n"
             "sms +77010000002 Р 01002 А1 @ урна опечатана\n"
             "multipart ref=66 per-part=20 +77010000003 N 01001 1 2 @ the observer was asked to leave\n"
             "wait-for AT+CNMI=2\n"
             "wait-ms 200\n"
             "sms +77010000004 N 01002 3\n"
             "announce\n";
    }
    ModemConfig cfg;
    cfg.name = "at1";
    cfg.device = fmt::format("{} --script {} --state {} --sent {} --log {}", FAKE_MODEM_BINARY, script.string(),
                             state.string(), sent.string(), log.string());
    cfg.connection = "proxyat";
    cfg.model = "at";
    cfg.poll_interval = 60s;  // the late message can only come through +CMTI
    cfg.sends_per_minute = 6000;
    ModemTimers t;
    t.set(ModemTimer::backoff_initial, 100ms);
    t.set(ModemTimer::stop_drain, 200ms);
    t.set(ModemTimer::health_interval, 1s);  // the liveness check of an idle modem
    Collector c;
    ModemWorker w(cfg, c, t);
    w.start();

    // Two single messages and three parts on the SIM at start; the fourth message arrives later
    // and is announced with +CMTI long before the 60 s poll would find it.
    REQUIRE(c.wait([&] { return c.parts() >= 6; }, 20s));
    std::vector<ReceivedBatch> batches;
    {
        std::lock_guard l(c.m);
        batches = c.batches;
    }
    std::map<std::string, ReceivedPart> by_text;
    std::vector<ReceivedPart> multipart;
    for (const auto& b : batches) {
        std::vector<int> locs;
        for (const auto& p : b.parts) {
            locs.push_back(p.location);
            if (p.concat_ref >= 0) multipart.push_back(p);
            else by_text[p.text] = p;
        }
        w.acknowledge({b.batch_id, true, locs});
    }
    REQUIRE(by_text.count("R 01001 A100 B200 C300 X5 T605"));
    CHECK(by_text["R 01001 A100 B200 C300 X5 T605"].imei == "352099001761481");
    REQUIRE(by_text.count("Р 01002 А1 @ урна опечатана"));
    CHECK(by_text["Р 01002 А1 @ урна опечатана"].coding == "ucs2");
    CHECK(by_text.count("N 01002 3") == 1);
    REQUIRE(multipart.size() == 3);
    for (const auto& p : multipart) {
        CHECK(p.concat_ref == 66);
        CHECK(p.concat_total == 3);
    }
    CHECK(c.parts() == 6);

    w.send({7, "+77010000001", "OK R 01001 A100 B200 C300 X5 T605 #AB3D"});
    REQUIRE(c.wait([&] { return !c.sent.empty(); }, 15s));
    CHECK(c.sent[0].sent);
    CHECK(c.sent[0].reply_id == 7);
    std::string sent_log = slurp(sent);
    CHECK(sent_log.find("\"to\":\"+77010000001\"") != std::string::npos);
    CHECK(sent_log.find("OK R 01001 A100 B200 C300 X5 T605 #AB3D") != std::string::npos);
    for (int i = 0; i < 100 && occurrences(slurp(log), " rx AT+CMGD=") < 6; ++i) std::this_thread::sleep_for(50ms);
    CHECK(occurrences(slurp(log), " rx AT+CMGD=") == 6);

    // Kill the modem process (not the keeper libgammu talks to): the line goes silent like a hung modem.
    std::string l = slurp(log);
    auto pos = l.rfind(" ev start pid ");
    REQUIRE(pos != std::string::npos);
    int pid = std::stoi(l.substr(pos + 14));
    REQUIRE(::kill(pid, SIGKILL) == 0);
    auto saw = [&](ModemState s, std::size_t from) {
        for (std::size_t i = from; i < c.health.size(); ++i)
            if (c.health[i].state == s) return true;
        return false;
    };
    std::size_t mark;
    {
        std::lock_guard lk(c.m);
        mark = c.health.size();
    }
    REQUIRE(c.wait([&] { return saw(ModemState::backing_off, mark); }, 40s));
    REQUIRE(c.wait([&] { return saw(ModemState::running, mark); }, 40s));
    CHECK(occurrences(slurp(log), " ev start pid ") >= 2);
    w.request_stop();
    w.join();
    CHECK(w.state() == ModemState::stopped);
}

TEST_CASE("fake AT modem: a wrong PIN stops the modem without retrying") {
    TempDir dir;
    const fs::path script = dir.path / "script.txt", log = dir.path / "at.log";
    {
        std::ofstream s(script);
        s << "pin 1234\n";
    }
    ModemConfig cfg;
    cfg.name = "pinned";
    cfg.device = fmt::format("{} --script {} --log {}", FAKE_MODEM_BINARY, script.string(), log.string());
    cfg.connection = "proxyat";
    cfg.model = "at";
    cfg.pin = "9999";
    Collector c;
    ModemTimers t;
    t.set(ModemTimer::backoff_initial, 50ms);
    ModemWorker w(cfg, c, t);
    w.start();
    REQUIRE(c.wait([&] { return w.state() == ModemState::pin_failed; }, 20s));
    std::this_thread::sleep_for(500ms);
    CHECK(w.state() == ModemState::pin_failed);
    CHECK(occurrences(slurp(log), " rx AT+CPIN=\"9999\"") == 1);  // once: a SIM locks after three
    {
        std::lock_guard l(c.m);
        CHECK(c.health.back().last_error.find("PIN") != std::string::npos);
    }
    w.request_stop();
    w.join();
}
