// One daemon per database: InstanceLock, in-process; the second lock on the same database fails with a clear message.
#include "daemon/run/instance_lock.hpp"
#include "tests/support/temp_dir.hpp"

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
