// The clock seam: timer tables give each timeout its default, and timers on fake time fire when the test moves time, not before.
#include "daemon/clock/timer.hpp"
#include "daemon/clock/timer_table.hpp"
#include "tests/support/fake_time.hpp"

#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

using namespace std::chrono;
using smsgw::test::FakeTime;

namespace {

enum class Example : std::size_t { first, second, count_ };

constexpr smsgw::TimerTable<Example> example_timers = {
    {Example::first, "first", milliseconds(250), "a short one"},
    {Example::second, "second", minutes(10), "a long one"},
};

const smsgw::SystemTime election_night = sys_days{year{2026} / March / 1} + hours{17};

}  // namespace

TEST_CASE("a timer table: each id's default and name; the values in force start there and can be shortened") {
    static_assert(example_timers[Example::second] == minutes(10));
    CHECK(example_timers.def(Example::first).name == "first");
    std::vector<std::string> names;
    for (const auto& d : example_timers) names.emplace_back(d.name);
    CHECK(names == std::vector<std::string>{"first", "second"});
    smsgw::TimerValues<Example, example_timers> values;
    CHECK(values[Example::first] == milliseconds(250));
    values.set(Example::first, milliseconds(5));
    CHECK(values[Example::first] == milliseconds(5));
    CHECK(values[Example::second] == minutes(10));
}

TEST_CASE("fake time: both clocks stand still until moved, together; real time comes back after") {
    {
        FakeTime time(election_night);
        const auto steady = smsgw::SteadyClock::now();
        CHECK(smsgw::SystemClock::now() == election_night);
        time.advance(minutes(90));
        CHECK(smsgw::SystemClock::now() == election_night + minutes(90));
        CHECK(smsgw::SteadyClock::now() - steady == minutes(90));
        CHECK(smsgw::system_wall_clock()() == election_night + minutes(90));
    }
    CHECK(abs(smsgw::SystemClock::now() - system_clock::now()) < seconds(1));
    CHECK(abs(smsgw::SteadyClock::now() - steady_clock::now()) < seconds(1));
}

TEST_CASE("a timer on fake time fires when time reaches it, not a step before, and the timers it sets fire too") {
    boost::asio::io_context io;
    FakeTime time(election_night);
    const auto start = time.steady();
    smsgw::Timer timer(io);
    std::vector<milliseconds> fired;  // fake time since start, per firing
    std::function<void()> arm = [&] {
        timer.expires_after(minutes(1));
        timer.async_wait([&](boost::system::error_code ec) {
            if (ec) return;
            fired.push_back(duration_cast<milliseconds>(time.steady() - start));
            if (fired.size() < 3) arm();
        });
    };
    arm();
    const auto real = steady_clock::now();
    time.run_for(io, minutes(1) - milliseconds(10));
    CHECK(fired.empty());
    time.run_for(io, milliseconds(10));
    CHECK(fired == std::vector<milliseconds>{minutes(1)});
    time.run_for(io, hours(1), seconds(1));
    CHECK(fired == std::vector<milliseconds>{minutes(1), minutes(2), minutes(3)});
    CHECK(steady_clock::now() - real < seconds(5));  // an hour of fake time, not of real time

    // A cancelled timer does not fire.
    bool late = false;
    timer.expires_after(seconds(5));
    timer.async_wait([&](boost::system::error_code ec) { late = !ec; });
    timer.cancel();
    time.run_for(io, seconds(10), seconds(1));
    CHECK_FALSE(late);
}
