// One daemon per database, as the smsgw binary shows it: a second `smsgw run` on the same database exits 1.
#include "run_fixture.hpp"

#include <doctest/doctest.h>

#include <sys/wait.h>

#include <csignal>
#include <string>

// The real binary: the second `smsgw run` on one database exits 1 and says why; the first runs on,
// and after a kill -9 of the holder the next start is not blocked by a stale lock.

TEST_CASE("smsgw run refuses to start beside a running daemon on the same database") {
    using namespace std::chrono_literals;
    smsgw::test::TempDir dir("lock-run");
    const auto db = dir / "smsgw.db";
    const auto toml = dir / "smsgw.toml";
    smsgw::test::write_file(toml, smsgw::test::config_text(db, {{"sim1", dir / "sim1"}}));
    smsgw::test::DaemonChild first(toml, dir / "first.log");
    first.start();
    REQUIRE_MESSAGE(first.wait_console("INFO  daemon ready", 20s), first.console());

    smsgw::test::DaemonChild second(toml, dir / "second.log");
    second.start();
    const auto status = second.wait(20s);
    REQUIRE_MESSAGE(status, second.console());
    CHECK(WIFEXITED(*status));
    CHECK(WEXITSTATUS(*status) == 1);
    CHECK_MESSAGE(second.console().find(db.string() + ".lock: another smsgw daemon (pid ") != std::string::npos,
                  second.console());
    CHECK(first.running());

    first.signal(SIGKILL);
    REQUIRE(first.wait(10s));
    smsgw::test::DaemonChild third(toml, dir / "third.log");
    third.start();
    CHECK_MESSAGE(third.wait_console("INFO  daemon ready", 20s), third.console());
    third.signal(SIGTERM);
    const auto third_status = third.wait(20s);
    REQUIRE(third_status);
    CHECK(WEXITSTATUS(*third_status) == 0);
}
