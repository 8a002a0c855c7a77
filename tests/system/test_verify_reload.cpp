// Official results imported beside the running daemon: the import waits for no one, and SIGHUP shows the official rows and verdicts on the console.
#include "run_fixture.hpp"

#include <fmt/format.h>

using namespace smsgw;
using namespace smsgw::test;
using namespace std::chrono_literals;

TEST_CASE("smsgw official import while the daemon runs, then SIGHUP: a console line with the official stations and the verdicts") {
    TempDir dir("verify-reload");
    const auto db = dir / "smsgw.db";
    const auto sim1 = dir / "sim1";
    const auto toml = dir / "smsgw.toml";
    write_file(toml, config_text(db, {{"sim1", sim1}}));
    DaemonChild daemon(toml, dir / "console.log");
    daemon.start();
    REQUIRE_MESSAGE(daemon.wait_console("INFO  daemon ready", 20s), daemon.console());
    inject_sms(sim1.string(), "+77010000001", "R 01001 A300 B200 C100 X10 T610");
    inject_sms(sim1.string(), "87010000002", "R 01002 A280 B210 C90 X12 T592");
    REQUIRE_MESSAGE(wait_until(20s, [&] { return scalar(db, "SELECT count(*) FROM report") == 2; }), daemon.console());

    // 01002's official row moved 30 votes from B to A.
    write_file(dir / "official.csv", "station,A,B,C,X,T\n01001,300,200,100,10,610\n01002,310,180,90,12,592\n"
                                     "01003,250,180,80,9,519\n02001,500,400,300,20,1220\n");
    const Run imported =
        run_smsgw_merged({"official", "import", "--db", db.string(), "--form", "R", (dir / "official.csv").string()});
    REQUIRE_MESSAGE(imported.status == 0, imported.out);
    CHECK(scalar(db, "SELECT count(*) FROM official WHERE is_current = 1") == 4);

    daemon.signal(SIGHUP);
    REQUIRE_MESSAGE(daemon.wait_console("SIGHUP: official results: 4 station rows (form R: 4)", 10s), daemon.console());
    REQUIRE_MESSAGE(daemon.wait_console("SIGHUP: verify: 1 stations differ from the monitors' reports", 10s), daemon.console());
    // Region 02 has no report yet: no national verdicts (region 01's own are there), and the calls
    // differ (undetermined against run-off).
    CHECK_MESSAGE(daemon.console().find("SIGHUP: verify PL: coverage 33.3%, 4 inside 95%, 1 inside 99% only, 0 OUTSIDE; "
                                        "call official run-off / quick count undetermined (DIFFER)") != std::string::npos,
                  daemon.console());

    daemon.signal(SIGTERM);
    auto status = daemon.wait(20s);
    REQUIRE(status.has_value());
    CHECK(WIFEXITED(*status));
    CHECK(WEXITSTATUS(*status) == 0);
}
