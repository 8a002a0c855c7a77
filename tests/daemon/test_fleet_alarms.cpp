// Modem alarms on an injected clock: storage thresholds raise and clear once, a stall is judged
// against the other modems, and an idle hour for everyone is no stall.
#include "daemon/run/modem_alarms.hpp"

#include <doctest/doctest.h>

using namespace smsgw;
using namespace std::chrono_literals;

TEST_CASE("SMS storage raises once at the threshold and clears once below it") {
    ModemAlarms a(ModemAlarms::Settings{80, 30min});
    CHECK(!a.storage("sim1", -1, -1, -1, -1));
    CHECK(!a.storage("sim1", 23, 30, 0, 0));  // 76%
    auto up = a.storage("sim1", 24, 30, 0, 0);  // 80%
    REQUIRE(up);
    CHECK(up->raised);
    CHECK(up->text.find("80%") != std::string::npos);
    CHECK(up->text.find("SIM 24/30") != std::string::npos);
    CHECK(!a.storage("sim1", 30, 30, 0, 0));  // already said
    auto down = a.storage("sim1", 2, 30, 0, 0);
    REQUIRE(down);
    CHECK(!down->raised);
    CHECK(!a.storage("sim1", 1, 30, 0, 0));
    auto phone = a.storage("sim1", 0, 30, 90, 100);
    REQUIRE(phone);
    CHECK(phone->text.find("phone memory 90/100") != std::string::npos);
}

TEST_CASE("a modem that stops receiving while another receives is stalled; receiving clears it") {
    ModemAlarms a(ModemAlarms::Settings{80, 10min});
    const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
    a.received("sim1", t0);
    a.received("sim2", t0);
    CHECK(a.check(t0 + 9min).empty());
    a.received("sim2", t0 + 9min);
    auto raised = a.check(t0 + 11min);
    REQUIRE(raised.size() == 1);
    CHECK(raised[0].modem == "sim1");
    CHECK(raised[0].raised);
    CHECK(raised[0].text.find("sim2") != std::string::npos);
    CHECK(a.check(t0 + 12min).empty());  // once
    auto cleared = a.received("sim1", t0 + 13min);
    REQUIRE(cleared);
    CHECK(!cleared->raised);
    CHECK(!a.received("sim1", t0 + 14min));
}

TEST_CASE("when every modem is quiet nobody is stalled, and a forgotten modem is not judged") {
    ModemAlarms a(ModemAlarms::Settings{80, 10min});
    const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
    a.received("sim1", t0);
    a.received("sim2", t0 + 1min);
    CHECK(a.check(t0 + 2h).empty());
    a.received("sim2", t0 + 2h);
    a.forget("sim1");
    CHECK(a.check(t0 + 2h + 1min).empty());
}

TEST_CASE("refused deletes: one warning with the count, the alarm at the threshold, one line when they work again") {
    ModemAlarms a(ModemAlarms::Settings{80, 30min, 3});
    CHECK(a.deletes("sim1", 0, 0, "").empty());  // a new process has not tried yet
    auto first = a.deletes("sim1", 1, 1, "SIM location 3: ERR_UNKNOWN");
    REQUIRE(first.size() == 1);
    CHECK(first[0].raised);
    CHECK(first[0].warning_only);
    CHECK(first[0].text.find("refused to delete 1 SMS (SIM location 3: ERR_UNKNOWN)") != std::string::npos);
    CHECK(a.deletes("sim1", 9, 1, "SIM location 3: ERR_UNKNOWN").empty());  // read and refused again: said once
    CHECK(a.deletes("sim1", 12, 2, "SIM location 4: ERR_UNKNOWN").empty());
    auto alarm = a.deletes("sim1", 15, 3, "SIM location 5: ERR_UNKNOWN");
    REQUIRE(alarm.size() == 1);
    CHECK(alarm[0].raised);
    CHECK_FALSE(alarm[0].warning_only);
    CHECK(alarm[0].text.find("3 SIM records cannot be deleted") != std::string::npos);
    CHECK(a.deletes("sim1", 16, 4, "x").empty());
    CHECK(a.deletes("sim1", 0, 0, "").empty());  // its process restarted: not a recovery
    auto well = a.deletes("sim1", 16, 0, "x");
    REQUIRE(well.size() == 1);
    CHECK_FALSE(well[0].raised);
    CHECK(well[0].text.find("16 refused in all") != std::string::npos);
    CHECK(a.deletes("sim1", 16, 0, "x").empty());
    CHECK(a.deletes("sim2", 1, 1, "y").size() == 1);  // each modem on its own
}
