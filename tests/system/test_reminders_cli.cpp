// `smsgw run` with a reminder window that has just ended: the SMS go out once, and a restart sends none again.
#include "daemon/notify/time_zone.hpp"
#include "run_fixture.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using namespace std::chrono;
using namespace smsgw::test;

namespace {

// SIGTERM, then the exit status (-1 if it still runs after 15 s).
int terminate(DaemonChild& d) {
    d.signal(SIGTERM);
    const auto status = d.wait(15s);
    if (!status) return -1;
    return WIFEXITED(*status) ? WEXITSTATUS(*status) : 128 + WTERMSIG(*status);
}

}  // namespace

TEST_CASE("smsgw run: a reminder window texts each silent sampled station's monitor once, also across a restart") {
    TempDir dir("reminders");
    const fs::path device = dir.path / "modem";
    const fs::path db = dir.path / "gw.db";
    const fs::path config = dir.path / "smsgw.toml";
    const fs::path console = dir.path / "console.log";
    fs::create_directories(device);

    // A window of today that ended a few seconds ago, within its grace: the daemon hands it out as
    // it starts, so nothing waits for a clock. That it fires at its end and not before, and skips
    // the stations that reported, is tests/daemon/test_notify_reminder_loop.cpp's, on fake time;
    // this checks the binary joins [[reminders]], the store, the outbox and a modem.
    const auto zone = smsgw::notify::TimeZone::load("Asia/Almaty");
    const auto end = floor<seconds>(system_clock::now()) - seconds{5};
    const auto local = zone.to_local(end);
    const auto day = floor<days>(local);
    const year_month_day ymd{day};
    const hh_mm_ss tod{local - day};
    const std::string at = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", int(ymd.year()), unsigned(ymd.month()),
                                       unsigned(ymd.day()), tod.hours().count(), tod.minutes().count(),
                                       tod.seconds().count());
    std::ofstream(config) << fmt::format(
        "[gateway]\ndatabase = \"{}\"\ncodebook = \"{}\"\nsummary_interval = \"1h\"\n\n"
        "[[reminders]]\nform = \"R\"\nat = \"{}\"\n\n"
        "[modems.d]\ndevice = \"{}\"\nconnection = \"none\"\nmodel = \"dummy\"\npoll_interval = \"100ms\"\n"
        "sends_per_minute = 6000\n",
        db.string(), (fs::path(SMSGW_TEST_DATA) / "codebooks" / "tiny").string(), at, device.string());
    const std::string key = "R@" + at;
    // The tiny codebook's 8 sampled stations, one monitor each; the `*` coordinator covers two in one SMS.
    const std::string fired_line = fmt::format("reminders {}: 8 stations, 7 SMS queued", key);

    {
        DaemonChild d(config, console);
        d.start();
        REQUIRE_MESSAGE(wait_until(15s, [&] { return slurp(console).find(fired_line) != std::string::npos; }), slurp(console));
        REQUIRE_MESSAGE(wait_until(15s, [&] {
                            return scalar(db, "SELECT count(*) FROM reply WHERE kind = 'reminder' AND status = 'sent'") == 7;
                        }),
                        slurp(console));
        CHECK(terminate(d) == 0);
    }
    CHECK(scalar(db, "SELECT count(*) FROM reminder") == 8);
    CHECK(scalar(db, "SELECT count(DISTINCT reply_id) FROM reminder r JOIN reply p ON p.id = r.reply_id "
                    "WHERE p.kind = 'reminder' AND p.message_id IS NULL") == 7);

    // A restart within the grace hands the window out again: the store keeps it at one SMS each.
    {
        DaemonChild d(config, console);
        d.start();
        const std::string again = fmt::format("reminders {}: 0 stations, 0 SMS queued; 8 already reminded", key);
        REQUIRE_MESSAGE(wait_until(15s, [&] { return slurp(console).find(again) != std::string::npos; }), slurp(console));
        CHECK(terminate(d) == 0);
    }
    CHECK(scalar(db, "SELECT count(*) FROM reply WHERE kind = 'reminder'") == 7);
    CHECK(scalar(db, "SELECT count(*) FROM reminder") == 8);
    const std::string log = slurp(console);
    CHECK(log.find(fired_line) == log.rfind(fired_line));  // fired once in all
}
