// One daemon per database: the second lock on the same database fails with a clear message.
#include "daemon/run/instance_lock.hpp"
#include "test_reload_rig.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <string>

using namespace smsgw;
namespace fs = std::filesystem;

namespace {

struct TempDir : smsgw::test::TempDir {
    TempDir() : smsgw::test::TempDir("lock") {}
};

std::string message_of(const std::string& db) {
    try {
        InstanceLock second(db);
    } catch (const InstanceLockError& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("a second lock on the same database is refused, naming the holder") {
    TempDir dir;
    const std::string db = (dir.path / "smsgw.db").string();
    {
        InstanceLock first(db);
        CHECK(first.path() == db + ".lock");
        const std::string m = message_of(db);
        CHECK(m.find(db + ".lock: another smsgw daemon (pid " + std::to_string(::getpid()) + ") is running") == 0);
        // Another database is another daemon's business.
        CHECK_NOTHROW(InstanceLock{(dir.path / "other.db").string()});
    }
    // Released with its owner, as a killed process releases it: the next daemon starts.
    CHECK_NOTHROW(InstanceLock{db});
}

TEST_CASE("a moved lock is still held, and released once") {
    TempDir dir;
    const std::string db = (dir.path / "smsgw.db").string();
    InstanceLock a(db);
    InstanceLock b(std::move(a));
    CHECK(message_of(db) != "(no error)");
    InstanceLock c((dir.path / "x.db").string());
    c = std::move(b);
    CHECK(message_of(db) != "(no error)");
}

TEST_CASE("a lock file that cannot be created says where") {
    const std::string m = message_of("/nonexistent-dir/smsgw.db");
    CHECK(m.find("/nonexistent-dir/smsgw.db.lock: cannot create the lock file") == 0);
}

// The real binary: the second `smsgw run` on one database exits 1 and says why; the first runs on,
// and after a kill -9 of the holder the next start is not blocked by a stale lock.

TEST_CASE("smsgw run refuses to start beside a running daemon on the same database") {
    using namespace std::chrono_literals;
    smsgw::test::TempDir dir("lock-run");
    const auto db = dir / "smsgw.db";
    const auto toml = dir / "smsgw.toml";
    smsgw::test::write_text(toml, smsgw::test::config_text(db, {{"sim1", dir / "sim1"}}));
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
