// StoreAlarm: a database that cannot be written is reported once, then reminded at most once a minute, then its recovery.
#include "daemon/run/store_alarm.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <sstream>

using namespace smsgw;
using namespace std::chrono_literals;

namespace {

struct Console {
    std::FILE* file = std::tmpfile();
    Logger log{LogLevel::debug, file, LogStyle::plain, [] { return std::chrono::system_clock::time_point{}; }};
    ~Console() { std::fclose(file); }

    std::vector<std::string> lines() {
        std::fflush(file);
        std::rewind(file);
        std::vector<std::string> out;
        char buf[4096];
        while (std::fgets(buf, sizeof buf, file)) out.emplace_back(buf);
        std::fseek(file, 0, SEEK_END);
        return out;
    }
};

const store::StoreError full{13, "commit: database or disk is full (SQLITE_FULL, extended code 13)"};
const store::StoreError readonly{8, "begin: attempt to write a readonly database"};

}  // namespace

TEST_CASE("a night of failed writes: one error, one reminder a minute with the count, one line on recovery") {
    Console console;
    auto t = std::chrono::steady_clock::time_point{} + 1h;
    StoreAlarm alarm(console.log, "/var/lib/smsgw/smsgw.db", [&] { return t; });
    CHECK(alarm.status().empty());

    // Four polls a second for 10 minutes, from two modems.
    for (int i = 0; i < 4 * 600; ++i) {
        alarm.failed("storing received SMS", full);
        if (i % 4 == 0) alarm.failed("recording modem health", full);
        // Writes that did nothing (an empty claim) succeed meanwhile; they must not end the alarm.
        alarm.succeeded("claiming replies to send");
        t += 250ms;
    }
    CHECK(alarm.failing());
    CHECK(alarm.failures() == 4 * 600 + 600);
    auto lines = console.lines();
    REQUIRE(lines.size() == 10);  // the first, then one reminder per minute
    CHECK(lines[0].find("ERROR") != std::string::npos);
    CHECK(lines[0].find("/var/lib/smsgw/smsgw.db") != std::string::npos);
    CHECK(lines[0].find("SQLITE_FULL, extended code 13") != std::string::npos);
    CHECK(lines[0].find("nothing is deleted") != std::string::npos);
    CHECK(lines[1].find("still cannot be written") != std::string::npos);
    CHECK(lines[1].find("in 60 s") != std::string::npos);
    CHECK(lines[9].find(" failed attempts in 540 s") != std::string::npos);
    CHECK(alarm.status().find("DATABASE NOT WRITABLE since ") == 0);
    CHECK(alarm.status().find(" UTC: commit: database or disk is full (SQLITE_FULL, extended code 13)") != std::string::npos);

    // Ingest works again; the health write has not been tried since, but it failed 250 ms ago too.
    alarm.succeeded("storing received SMS");
    CHECK(alarm.failing());
    alarm.succeeded("recording modem health");
    CHECK_FALSE(alarm.failing());
    CHECK(alarm.status().empty());
    lines = console.lines();
    REQUIRE(lines.size() == 11);
    CHECK(lines[10].find("INFO") != std::string::npos);
    CHECK(lines[10].find("can be written again") != std::string::npos);
    CHECK(lines[10].find("3000 failed attempts") != std::string::npos);

    // A kind of write that failed long ago and was not tried again does not hold the alarm forever.
    alarm.failed("recording an export", readonly);
    t += 2min;
    alarm.failed("storing received SMS", readonly);
    t += 1s;
    alarm.succeeded("storing received SMS");
    CHECK_FALSE(alarm.failing());
    lines = console.lines();
    REQUIRE(lines.size() == 14);  // new episode, a reminder (2 min later), recovery
    CHECK(lines[11].find("SQLite extended code 8") != std::string::npos);
}

TEST_CASE("no failure, no line") {
    Console console;
    StoreAlarm alarm(console.log, "x.db");
    alarm.succeeded("storing received SMS");
    CHECK(console.lines().empty());
    CHECK_FALSE(alarm.failing());
}

TEST_CASE("another process's lock: silent while short, then one ERROR that says locked, STATUS says it, one line when it ends") {
    Console console;
    auto t = std::chrono::steady_clock::time_point{} + 1h;
    StoreAlarm alarm(console.log, "/var/lib/smsgw/smsgw.db", [&] { return t; }, 60s, 3000ms);
    const store::StoreError busy{5, "begin transaction: database is locked (SQLITE_BUSY, extended code 5)"};
    // An operator's command holding the lock for 2 s: the next poll stores what waited; nothing to say.
    for (int i = 0; i < 8; ++i, t += 250ms) alarm.failed("storing received SMS", busy);
    CHECK_FALSE(alarm.failing());
    alarm.succeeded("storing received SMS");
    CHECK(console.lines().empty());
    // Again for 2 s: the grace starts afresh after a success.
    for (int i = 0; i < 8; ++i, t += 250ms) alarm.failed("storing received SMS", busy);
    CHECK_FALSE(alarm.failing());
    // ... and now it lasts.
    for (int i = 0; i < 40; ++i, t += 250ms) alarm.failed("storing received SMS", busy);
    CHECK(alarm.failing());
    CHECK(alarm.locked());
    auto lines = console.lines();
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].find("ERROR") != std::string::npos);
    CHECK(lines[0].find("is locked by another process (storing received SMS)") != std::string::npos);
    CHECK(lines[0].find("SMS stay on the modems") != std::string::npos);
    CHECK(alarm.status().find("DATABASE LOCKED by another process since ") == 0);
    alarm.succeeded("storing received SMS");
    CHECK_FALSE(alarm.failing());
    lines = console.lines();
    REQUIRE(lines.size() == 2);
    CHECK(lines[1].find("can be written again") != std::string::npos);
    // A lock is not a full disk: SQLITE_FULL is loud at once, as before.
    alarm.failed("storing received SMS", full);
    CHECK(alarm.failing());
    CHECK_FALSE(alarm.locked());
}
