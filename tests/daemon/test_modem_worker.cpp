// The modem worker on libgammu's real dummy driver: read, delete only after commit, re-offer, send, back off.
#include "daemon/modem/inject_sms.hpp"
#include "daemon/modem/modem_fsm.hpp"
#include "daemon/modem/modem_worker.hpp"
#include "modem_collector.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

using namespace smsgw;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

using smsgw::test::TempDir;

using Collector = smsgw::test::ModemCollector;

ModemConfig dummy_config(const fs::path& dir) {
    ModemConfig c;
    c.name = "sim1";
    c.device = dir.string();
    c.connection = "none";
    c.model = "dummy";
    c.poll_interval = 50ms;
    c.sends_per_minute = 6000;
    return c;
}

ModemTimers fast_timers() {
    ModemTimers t;
    t.set(ModemTimer::stop_drain, 200ms);
    t.set(ModemTimer::idle_wait, 10ms);
    return t;
}

std::size_t inbox_files(const fs::path& dir) {
    if (!fs::exists(dir / "sms/1")) return 0;
    return std::distance(fs::directory_iterator(dir / "sms/1"), fs::directory_iterator{});
}

}  // namespace

TEST_CASE("state table allows only the documented transitions") {
    CHECK(modem_transition(ModemState::connecting, ModemEvent::connected) == ModemState::running);
    CHECK(modem_transition(ModemState::running, ModemEvent::link_lost) == ModemState::backing_off);
    CHECK(modem_transition(ModemState::backing_off, ModemEvent::backoff_elapsed) == ModemState::connecting);
    CHECK(modem_transition(ModemState::connecting, ModemEvent::pin_rejected) == ModemState::pin_failed);
    CHECK_FALSE(modem_transition(ModemState::pin_failed, ModemEvent::backoff_elapsed).has_value());
    CHECK_FALSE(modem_transition(ModemState::pin_failed, ModemEvent::connected).has_value());
    CHECK_FALSE(modem_transition(ModemState::running, ModemEvent::connected).has_value());
}

TEST_CASE("parts are offered, deleted only after a committed acknowledgement") {
    TempDir dir;
    fs::create_directories(dir.path);
    inject_sms(dir.path.string(), "+77010000001", "R 01001 A100 B200 C300 X5 T605");
    inject_sms(dir.path.string(), "+77010000002", "Р 01002 А1 @ Кириллица");
    InjectOptions o;
    o.concat_ref = 7;
    inject_sms(dir.path.string(), "+77010000003", std::string(200, 'x'), o);
    REQUIRE(inbox_files(dir.path) == 4);

    Collector c;
    ModemWorker w(dummy_config(dir.path), c, fast_timers());
    w.start();
    REQUIRE(c.wait([&] { return !c.batches.empty(); }));
    ReceivedBatch b;
    {
        std::lock_guard l(c.m);
        b = c.batches[0];
    }
    REQUIRE(b.parts.size() == 4);
    CHECK(b.parts[0].sender == "+77010000001");
    CHECK(b.parts[0].text == "R 01001 A100 B200 C300 X5 T605");
    CHECK(b.parts[0].coding == "gsm7");
    CHECK(b.parts[0].imei == "999999999999999");
    CHECK(b.parts[1].text == "Р 01002 А1 @ Кириллица");
    CHECK(b.parts[1].coding == "ucs2");
    CHECK(b.parts[2].concat_ref == 7);
    CHECK(b.parts[2].concat_part == 1);
    CHECK(b.parts[3].concat_part == 2);
    CHECK(b.parts[3].concat_total == 2);
    CHECK(w.state() == ModemState::running);

    // Not offered again while the pipeline has not answered.
    std::this_thread::sleep_for(300ms);
    {
        std::lock_guard l(c.m);
        CHECK(c.batches.size() == 1);
    }
    CHECK(inbox_files(dir.path) == 4);

    // A refused batch (commit failed) is read again; nothing deleted.
    w.acknowledge({b.batch_id, false, {b.parts[0].location}});
    REQUIRE(c.wait([&] { return c.batches.size() >= 2; }));
    ReceivedBatch again;
    {
        std::lock_guard l(c.m);
        again = c.batches[1];
    }
    REQUIRE(again.parts.size() == 1);
    CHECK(again.parts[0].location == b.parts[0].location);
    CHECK(inbox_files(dir.path) == 4);

    // Committed: deleted from the device.
    std::vector<int> locs;
    for (const auto& p : b.parts) locs.push_back(p.location);
    w.acknowledge({b.batch_id, true, {locs.begin() + 1, locs.end()}});
    w.acknowledge({again.batch_id, true, {again.parts[0].location}});
    for (int i = 0; i < 100 && inbox_files(dir.path) > 0; ++i) std::this_thread::sleep_for(20ms);
    CHECK(inbox_files(dir.path) == 0);
    w.request_stop();
    w.join();
    CHECK(w.state() == ModemState::stopped);
}

TEST_CASE("an acknowledgement with a stale batch id deletes nothing") {
    TempDir dir;
    fs::create_directories(dir.path);
    inject_sms(dir.path.string(), "+77010000001", "S 01001 A0730 B1");
    Collector c;
    ModemWorker w(dummy_config(dir.path), c, fast_timers());
    w.start();
    REQUIRE(c.wait([&] { return !c.batches.empty(); }));
    int loc = c.batches[0].parts[0].location;
    w.acknowledge({c.batches[0].batch_id + 100, true, {loc}});
    std::this_thread::sleep_for(200ms);
    CHECK(inbox_files(dir.path) == 1);
}

TEST_CASE("replies are sent through the dummy driver and reported") {
    TempDir dir;
    fs::create_directories(dir.path);
    Collector c;
    ModemWorker w(dummy_config(dir.path), c, fast_timers());
    w.start();
    REQUIRE(c.wait([&] { return w.state() == ModemState::running; }));
    w.send({42, "+77010000001", "OK R 01001 A100 #AB3D"});
    w.send({43, "+77010000002", "ПРИНЯТО Р 01002 #AB3E"});
    REQUIRE(c.wait([&] { return c.sent.size() == 2; }));
    CHECK(c.sent[0].reply_id == 42);
    CHECK(c.sent[0].sent);
    CHECK(c.sent[0].modem == "sim1");
    CHECK(c.sent[1].reply_id == 43);
    CHECK(c.sent[1].sent);
}

TEST_CASE("a device that cannot be opened backs off instead of giving up") {
    ModemConfig cfg;
    cfg.name = "broken";
    cfg.device = "/nonexistent/smsgw-modem";
    cfg.connection = "at115200";
    cfg.model = "at";
    ModemTimers t;
    t.set(ModemTimer::backoff_initial, 20ms);
    Collector c;
    ModemWorker w(cfg, c, t);
    w.start();
    REQUIRE(c.wait([&] {
        for (const auto& h : c.health)
            if (h.state == ModemState::backing_off) return true;
        return false;
    }));
    std::string err;
    {
        std::lock_guard l(c.m);
        for (const auto& h : c.health)
            if (h.state == ModemState::backing_off) err = h.last_error;
    }
    CHECK(err.find("connect") != std::string::npos);
    // It tries again: connecting appears after backing off.
    REQUIRE(c.wait([&] {
        int backs = 0;
        for (const auto& h : c.health) backs += h.state == ModemState::backing_off;
        return backs >= 2;
    }));
    w.request_stop();
    w.join();
    CHECK(w.state() == ModemState::stopped);
}
