// A reminder window on the event loop under fake time: the SMS are queued once at the window's end, and a restart queues none again.
#include "daemon/notify/notifier.hpp"
#include "notify_fixture.hpp"
#include "tests/support/fake_time.hpp"

#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>

using namespace notify_test;
using namespace smsgw::notify;
using namespace std::chrono;
using smsgw::test::FakeTime;

namespace {

const std::string fired_line = "reminders R@22:30/2026-03-01: 7 stations, 6 SMS queued";
const std::string again_line = "reminders R@22:30/2026-03-01: 0 stations, 0 SMS queued; 7 already reminded";

Config reminder_config() {
    Config cfg;
    cfg.path = "smsgw.toml";
    cfg.reminders = {window("R", 22, 30)};
    return cfg;
}

// How often `line` is on the console.
std::size_t times(const std::string& console, const std::string& line) {
    std::size_t n = 0;
    for (auto at = console.find(line); at != std::string::npos; at = console.find(line, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("the notifier texts each silent sampled station's monitor once at 22:30:00, also across a restart") {
    StoreRig rig;
    // Monitor One reports before the window: 01001 gets no reminder; the 7 other sampled stations
    // do, in 6 SMS (the `*` coordinator covers 02003 and 02006 in one).
    rig.report("R", "01001");
    FakeTime time(almaty(22, 25));
    auto reminders = [&] { return rig.count("SELECT count(*) FROM reminder"); };
    auto sms = [&] { return rig.count("SELECT count(*) FROM reply WHERE kind = 'reminder'"); };

    {
        boost::asio::io_context io;
        ConsoleFile console;
        int dispatched = 0;
        Notifier n(io, console.log, *rig.store, {}, [&] { ++dispatched; });
        n.start(reminder_config(), load(tiny_sources()), {});
        time.run_for(io, minutes{5} - seconds{1}, seconds{1});
        time.run_for(io, seconds{1} - milliseconds{10});
        // Not a moment before the window's end.
        CHECK(reminders() == 0);
        CHECK(dispatched == 0);
        time.run_for(io, milliseconds{10});
        CHECK(time.wall() == almaty(22, 30));
        CHECK(reminders() == 7);
        CHECK(rig.count("SELECT count(*) FROM reminder WHERE station = '01001'") == 0);
        CHECK(sms() == 6);
        CHECK(rig.count("SELECT count(DISTINCT reply_id) FROM reminder r JOIN reply p ON p.id = r.reply_id "
                        "WHERE p.kind = 'reminder' AND p.message_id IS NULL AND p.status = 'queued'") == 6);
        CHECK(dispatched == 1);  // the outbox is told at once
        // The rest of the night: nothing more for this window.
        time.run_for(io, hours{1}, seconds{1});
        CHECK(sms() == 6);
        CHECK(dispatched == 1);
        n.stop();
        const std::string text = console.text();
        CAPTURE(text);
        CHECK(times(text, fired_line) == 1);
    }

    // A restart within the grace hands the window out again: the store keeps it at one SMS each.
    rig.reopen();
    boost::asio::io_context io;
    ConsoleFile console;
    int dispatched = 0;
    Notifier n(io, console.log, *rig.store, {}, [&] { ++dispatched; });
    n.start(reminder_config(), load(tiny_sources()), {});
    time.run_for(io, minutes{10}, seconds{1});
    n.stop();
    const std::string text = console.text();
    CAPTURE(text);
    CHECK(times(text, again_line) == 1);
    CHECK(times(text, fired_line) == 0);
    CHECK(sms() == 6);
    CHECK(reminders() == 7);
    CHECK(dispatched == 0);
}
