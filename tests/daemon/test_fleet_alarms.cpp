// Modem alarms on an injected clock: storage thresholds raise and clear once, a stall is judged
// against the other modems, and an idle hour for everyone is no stall.
#include "daemon/modem_alarms.hpp"

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
