// The export command: gets the export path as its last argument, no shell, stderr captured, timeout.
#include "daemon/export/export_command.hpp"
#include "tests/support/files.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using smsgw::exports::run_export_command;

namespace {

using smsgw::test::TempDir;

using smsgw::test::slurp;

}  // namespace

// Only the TEST uses a shell, as a fake shipping command; the code under test never does.
TEST_CASE("the command receives its arguments and the export path last, verbatim") {
    TempDir tmp;
    const fs::path log = tmp.path / "argv.txt";
    const fs::path path = tmp.path / "smsgw-export-20261127T201500Z";
    auto out = run_export_command({"/bin/sh", "-c", "for a in \"$@\"; do printf '%s\\n' \"$a\"; done > \"$0\"",
                                   log.string(), "--flag", "two words", "$HOME;rm -rf /"},
                                  path, 10s);
    CHECK(out.ok);
    CHECK(out.exit_code == 0);
    CHECK(out.error.empty());
    CHECK(slurp(log) == "--flag\ntwo words\n$HOME;rm -rf /\n" + path.string() + "\n");
}

TEST_CASE("argv[0] is looked up in PATH") {
    auto out = run_export_command({"true"}, "/tmp/x", 10s);
    CHECK(out.ok);
}

TEST_CASE("a failing command: its exit status and the tail of its stderr") {
    std::string big(10000, 'x');
    auto out = run_export_command({"/bin/sh", "-c", "printf '" + big + "\\n' >&2; echo 'rsync: connection refused' >&2; exit 23"},
                                  "/tmp/x", 10s);
    CHECK(!out.ok);
    CHECK(!out.timed_out);
    CHECK(out.exit_code == 23);
    CHECK(out.stderr_tail.size() == 4096);
    CHECK(out.stderr_tail.find("rsync: connection refused\n") != std::string::npos);
    CHECK(out.error == "/bin/sh: exit 23: rsync: connection refused");
    // Only the end of an endless last line goes into the one-line error.
    auto noisy = run_export_command({"/bin/sh", "-c", "printf '" + big + "' >&2; exit 1"}, "/tmp/x", 10s);
    CHECK(noisy.error == "/bin/sh: exit 1: " + std::string(200, 'x'));
}

TEST_CASE("a hanging command is killed at the timeout, with what it started") {
    TempDir tmp;
    const fs::path pidfile = tmp.path / "child.pid";
    const auto start = std::chrono::steady_clock::now();
    // The shell starts a grandchild that would outlive it; the process-group kill takes it too.
    auto out = run_export_command({"/bin/sh", "-c", "sleep 30 & echo $! > \"$0\"; echo waiting >&2; wait", pidfile.string()},
                                  "/tmp/x", 300ms);
    const auto took = std::chrono::steady_clock::now() - start;
    CHECK(!out.ok);
    CHECK(out.timed_out);
    CHECK(out.exit_code == -1);
    CHECK(out.signal == SIGTERM);
    CHECK(out.stderr_tail == "waiting\n");
    CHECK(out.error.find("timed out after 300 ms") != std::string::npos);
    CHECK(took < 5s);
    std::string pid = slurp(pidfile);
    REQUIRE(!pid.empty());
    // The grandchild is gone (or a zombie about to be reaped by init) shortly after.
    bool gone = false;
    for (int i = 0; i < 100 && !gone; ++i) {
        std::string stat = slurp("/proc/" + std::to_string(std::stoi(pid)) + "/stat");
        gone = stat.empty() || stat.find(") Z") != std::string::npos;
        if (!gone) usleep(20000);
    }
    CHECK(gone);
}

TEST_CASE("a command that ignores SIGTERM is killed after the grace period") {
    smsgw::exports::CommandLimits limits;
    limits.timeout = 200ms;
    limits.kill_grace = 200ms;
    const auto start = std::chrono::steady_clock::now();
    auto out = run_export_command({"/bin/sh", "-c", "trap '' TERM; while :; do sleep 0.05; done"}, "/tmp/x", limits);
    CHECK(out.timed_out);
    CHECK(out.signal == SIGKILL);
    CHECK(std::chrono::steady_clock::now() - start < 5s);
}

TEST_CASE("a command that does not exist, or none at all") {
    auto out = run_export_command({"smsgw-no-such-command-xyz"}, "/tmp/x", 10s);
    CHECK(!out.ok);
    CHECK(out.error.find("cannot run smsgw-no-such-command-xyz") != std::string::npos);
    auto none = run_export_command({}, "/tmp/x", 10s);
    CHECK(!none.ok);
    CHECK(!none.error.empty());
}

TEST_CASE("the daemon's other descriptors are not inherited") {
    int fd = ::open("/dev/null", O_RDONLY);  // without O_CLOEXEC, as a careless library might
    REQUIRE(fd >= 3);
    auto out = run_export_command({"/bin/sh", "-c", "[ -e /proc/self/fd/" + std::to_string(fd) + " ] && exit 7; exit 0"},
                                  "/tmp/x", 10s);
    ::close(fd);
    CHECK(out.ok);
}

TEST_CASE("retry backoff doubles up to the maximum") {
    using smsgw::exports::retry_delay;
    CHECK(retry_delay(0) == 0s);
    CHECK(retry_delay(1, 30s, 600s) == 30s);
    CHECK(retry_delay(2, 30s, 600s) == 60s);
    CHECK(retry_delay(5, 30s, 600s) == 480s);
    CHECK(retry_delay(6, 30s, 600s) == 600s);
    CHECK(retry_delay(1000, 30s, 600s) == 600s);
}
