// HQ while exports cannot reach it: when the link counts as down, the one-SMS summary, and the daemon part queueing it.
#include "daemon/notify/hq_link.hpp"
#include "daemon/notify/hq_summary.hpp"
#include "daemon/notify/notifier.hpp"
#include "notify_fixture.hpp"
#include "tests/support/fake_time.hpp"

#include "codebooks/gsm7.hpp"

#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>

using namespace notify_test;
using namespace smsgw::notify;
using namespace std::chrono;
using smsgw::test::FakeTime;

namespace {

const system_clock::time_point t0 = almaty(21, 0);

ContestEstimate national(int options) {
    ContestEstimate c;
    c.contest = "PL";
    c.name = "Партийные списки";
    c.sampled = 1000;
    c.reported = 612;
    const double shares[] = {0.412, 0.301, 0.120, 0.051, 0.04, 0.03, 0.02, 0.015, 0.01, 0.001};
    for (int i = 0; i < options; ++i) {
        OptionEstimate o;
        o.tag = std::string(1, char('A' + i));
        o.name = "Партия " + o.tag;
        o.estimate = {true, shares[i % 10], 0.013, 0.017, 0};
        c.options.push_back(o);
    }
    std::swap(c.options[0], c.options[1]);  // the text orders by share, not codebook order
    c.turnout = {true, 0.615, 0.008, 0.01, 0};
    c.call = Call::run_off;
    return c;
}

}  // namespace

TEST_CASE("the link is down after exactly hq_link_down_after of failures; a summary then, and once per interval") {
    HqLink link(minutes{30});
    CHECK_FALSE(link.next_due());
    link.on_attempt(false, t0);
    link.on_attempt(false, t0 + minutes{5});  // still failing since t0
    REQUIRE(link.next_due());
    CHECK(*link.next_due() == t0 + minutes{30});
    CHECK_FALSE(link.summary_due(t0 + minutes{30} - milliseconds{1}));
    CHECK(link.summary_due(t0 + minutes{30}));
    CHECK_FALSE(link.down());
    link.sent(t0 + minutes{30});
    CHECK(link.down());
    CHECK_FALSE(link.summary_due(t0 + minutes{59}));
    CHECK(link.summary_due(t0 + minutes{60}));
    link.sent(t0 + minutes{60});
    // A success: back, and the clock starts again at the next failure.
    CHECK(link.on_attempt(true, t0 + minutes{70}) == HqLink::Change::came_back);
    CHECK_FALSE(link.next_due());
    CHECK(link.on_attempt(true, t0 + minutes{75}) == HqLink::Change::none);
    link.on_attempt(false, t0 + minutes{80});
    CHECK(*link.next_due() == t0 + minutes{110});
}

TEST_CASE("a link that recovers before the time never texts HQ") {
    HqLink link(minutes{30});
    link.on_attempt(false, t0);
    CHECK(link.on_attempt(true, t0 + minutes{29}) == HqLink::Change::none);
    CHECK_FALSE(link.summary_due(t0 + hours{5}));
}

TEST_CASE("the summary: GSM-7 ASCII, one SMS, leaders first, progress and call kept when options are cut") {
    Estimates e;
    e.contests.push_back(national(4));
    ContestEstimate district = national(3);
    district.district = 10;
    district.contest = "DM";
    e.contests.push_back(district);
    std::string text = hq_summary_text(e, "23:05", minutes{47});
    CHECK(text == "smsgw 23:05, exports down 47m. PL 612/1000 rep: A 41.2+-1.3 B 30.1+-1.3 C 12.0+-1.3 D 5.1+-1.3; "
                  "turnout 61.5; run-off");

    e.contests[0] = national(10);
    e.contests.push_back(national(10));
    e.contests.back().contest = "ПР";  // not ASCII: never a UCS-2 SMS
    text = hq_summary_text(e, "23:05", minutes{150});
    CAPTURE(text);
    CHECK(text.size() <= 160);
    CHECK(is_gsm7(text));
    CHECK(sms_size(text).fits_one());
    CHECK(text.rfind("smsgw 23:05, exports down 2h30m. PL 612/1000 rep: A 41.2+-1.3 B 30.1+-1.3", 0) == 0);
    CHECK(text.find("; turnout 61.5; run-off") != std::string::npos);

    CHECK(hq_summary_text(Estimates{}, "00:10", minutes{30}) == "smsgw 00:10, exports down 30m.");
}

TEST_CASE("the notifier queues one summary per HQ number once the link is down, then once per interval") {
    StoreRig rig;
    boost::asio::io_context io;
    FakeTime time(t0);  // timers fire by fake time: the half hour below takes milliseconds
    ConsoleFile console;
    int dispatched = 0;
    Estimates e;
    e.contests.push_back(national(3));
    Notifier n(io, console.log, *rig.store, [&] { return e; }, [&] { ++dispatched; });
    Config cfg;
    cfg.path = "smsgw.toml";
    cfg.gateway.export_command = {"false"};
    cfg.gateway.hq_numbers = {"+77019990001", "+77019990002", "HQ", "+77010000099"};  // not a phone; own number
    cfg.gateway.hq_link_down_after = minutes{30};
    n.start(cfg, load(tiny_sources()), {"+77010000099"});

    auto summaries = [&] { return rig.count("SELECT count(*) FROM reply WHERE kind = 'hq_summary'"); };
    n.on_export_attempt(false);
    time.run_for(io, minutes{30} - seconds{1}, seconds{1});
    CHECK(summaries() == 0);
    time.run_for(io, seconds{1});  // exactly hq_link_down_after after the first failure
    CHECK(summaries() == 2);
    CHECK(dispatched == 1);
    CHECK(rig.count("SELECT count(*) FROM reply WHERE kind = 'hq_summary' AND destination IN ('HQ', '+77010000099')") == 0);
    CHECK(rig.text("SELECT text FROM reply WHERE kind = 'hq_summary'").rfind("smsgw 21:30, exports down 30m.", 0) == 0);
    time.run_for(io, minutes{30} - seconds{1}, seconds{1});
    CHECK(summaries() == 2);
    time.run_for(io, seconds{1});  // the second interval has passed
    CHECK(summaries() == 4);
    CHECK(dispatched == 2);

    n.on_export_attempt(true);
    time.run_for(io, hours{2}, seconds{10});
    CHECK(summaries() == 4);
    n.stop();

    const std::string text = console.text();
    CAPTURE(text);
    CHECK(text.find("link to HQ down: exports have not shipped for 30 min; texting a summary to 2 HQ numbers every 30 min") !=
          std::string::npos);
    CHECK(text.find("link to HQ back: exports ship again after 60 min") != std::string::npos);
    CHECK(text.find("HQ summary queued to 2 numbers: smsgw ") != std::string::npos);
}

TEST_CASE("after a restart: the outage's clock runs on, and no second summary within the interval") {
    HqLink link(minutes{30});
    link.restore(t0, t0 + minutes{40});
    CHECK(link.down());
    CHECK(*link.next_due() == t0 + minutes{70});
    link.restore(t0, t0 - minutes{5});  // a summary of an earlier outage
    CHECK_FALSE(link.down());
    CHECK(*link.next_due() == t0 + minutes{30});
    link.restore(std::nullopt, t0);
    CHECK_FALSE(link.next_due());

    for (bool texted_before : {false, true}) {
        CAPTURE(texted_before);
        StoreRig rig;
        FakeTime time(t0);
        const auto real_now = time.wall();
        auto record = [&](bool ok, system_clock::time_point at) {
            rig.now = at;
            auto r = rig.store->write([&](store::Transaction& tx) -> store::Result<int> {
                auto id = tx.begin_export("/x");
                if (!id) return id.error();
                if (auto f = tx.finish_export(*id, ok ? store::ExportStatus::ok : store::ExportStatus::failed, {}, ""); !f)
                    return f.error();
                return 0;
            });
            REQUIRE(r.ok());
        };
        record(false, real_now - hours{5});
        record(true, real_now - hours{4});
        record(false, real_now - hours{2});  // failing since
        record(false, real_now - hours{1});
        if (texted_before) {
            rig.now = real_now - minutes{10};
            store::ReplyRecord r;
            r.destination = "+77019990001";
            r.text = "earlier summary";
            r.kind = "hq_summary";
            REQUIRE(rig.store->write([&](store::Transaction& tx) { return tx.enqueue_reply(r); }).ok());
        }
        boost::asio::io_context io;
        ConsoleFile console;
        Notifier n(io, console.log, *rig.store, [] { return Estimates{}; }, [] {});
        Config cfg;
        cfg.gateway.export_command = {"false"};
        cfg.gateway.hq_numbers = {"+77019990001"};
        cfg.gateway.hq_link_down_after = hours{1};
        n.start(cfg, load(tiny_sources()), {});
        time.run_for(io, minutes{49}, seconds{1});  // the earlier summary's interval ends at 21:50
        CHECK(rig.count("SELECT count(*) FROM reply WHERE kind = 'hq_summary'") == 1);
        time.run_for(io, minutes{2}, seconds{1});
        CHECK(rig.count("SELECT count(*) FROM reply WHERE kind = 'hq_summary'") == (texted_before ? 2 : 1));
        n.stop();
        if (!texted_before)
            CHECK(rig.text("SELECT text FROM reply WHERE kind = 'hq_summary'").find("exports down 2h00m.") != std::string::npos);
    }
}
