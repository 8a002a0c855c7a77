// `smsgw run` with a reminder window a few seconds after start: the SMS go out once, and a restart sends none again.
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

    // Monitor One reports before the window: 01001 gets no reminder; the 7 other sampled stations do,
    // in 6 SMS (the `*` coordinator covers 02003 and 02006 in one).
    REQUIRE(run_smsgw({"inject", "--device", device.string(), "--from", "+77010000001", "R", "01001", "A500", "B300", "C100",
                       "X10", "T910"})
                .status == 0);

    // The window ends 8 s from now (time enough to start and store the report on a busy machine), in
    // the tiny codebook's time zone.
    const auto zone = smsgw::notify::TimeZone::load("Asia/Almaty");
    const auto end = ceil<seconds>(system_clock::now()) + seconds{8};
    const auto local = zone.to_local(time_point_cast<seconds>(end));
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
    const std::string fired_line = fmt::format("reminders {}: 7 stations, 6 SMS queued", key);

    {
        DaemonChild d(config, console);
        d.start();
        REQUIRE_MESSAGE(wait_until(15s, [&] { return scalar(db, "SELECT count(*) FROM report WHERE station = '01001'") == 1; }),
                        slurp(console));
        // Not before the window's end.
        CHECK(scalar(db, "SELECT count(*) FROM reminder") == 0);
        REQUIRE_MESSAGE(wait_until(15s, [&] { return slurp(console).find(fired_line) != std::string::npos; }), slurp(console));
        CHECK(system_clock::now() >= end);
        REQUIRE_MESSAGE(wait_until(15s, [&] {
                            return scalar(db, "SELECT count(*) FROM reply WHERE kind = 'reminder' AND status = 'sent'") == 6;
                        }),
                        slurp(console));
        CHECK(terminate(d) == 0);
    }
    CHECK(scalar(db, "SELECT count(*) FROM reminder") == 7);
    CHECK(scalar(db, "SELECT count(*) FROM reminder WHERE station = '01001'") == 0);
    CHECK(scalar(db, "SELECT count(DISTINCT reply_id) FROM reminder r JOIN reply p ON p.id = r.reply_id "
                    "WHERE p.kind = 'reminder' AND p.message_id IS NULL") == 6);

    // A restart within the grace hands the window out again: the store keeps it at one SMS each.
    {
        DaemonChild d(config, console);
        d.start();
        const std::string again = fmt::format("reminders {}: 0 stations, 0 SMS queued; 7 already reminded", key);
        REQUIRE_MESSAGE(wait_until(15s, [&] { return slurp(console).find(again) != std::string::npos; }), slurp(console));
        std::this_thread::sleep_for(500ms);
        CHECK(terminate(d) == 0);
    }
    CHECK(scalar(db, "SELECT count(*) FROM reply WHERE kind = 'reminder'") == 6);
    CHECK(scalar(db, "SELECT count(*) FROM reminder") == 7);
    const std::string log = slurp(console);
    CHECK(log.find(fired_line) == log.rfind(fired_line));  // fired once in all
}
