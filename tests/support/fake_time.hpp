// Fake time for tests (osmocom's osmo_clock_override): the daemon's clocks stand still until the test moves them.
#pragma once

#include "daemon/clock/clock.hpp"

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <stdexcept>

namespace smsgw::test {

// While one lives, SystemClock and SteadyClock (daemon/clock/clock.hpp) read the fake values, and
// every smsgw::Timer fires by them: a test of an hour of reminders and summaries runs in
// milliseconds, and always the same way. One at a time; the destructor brings real time back.
class FakeTime {
public:
    explicit FakeTime(SystemTime wall_start, SteadyTime steady_start = SteadyTime(std::chrono::hours(24))) {
        auto& f = clock::fake_state();
        if (f.on.load()) throw std::logic_error("FakeTime: one at a time");
        f.wall_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(wall_start.time_since_epoch()).count();
        f.steady_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(steady_start.time_since_epoch()).count();
        f.on = true;
    }
    ~FakeTime() { clock::fake_state().on = false; }
    FakeTime(const FakeTime&) = delete;
    FakeTime& operator=(const FakeTime&) = delete;

    SystemTime wall() const { return SystemClock::now(); }
    SteadyTime steady() const { return SteadyClock::now(); }

    // Both clocks jump by `d`; nothing runs.
    void advance(std::chrono::nanoseconds d) {
        auto& f = clock::fake_state();
        f.wall_ns += d.count();
        f.steady_ns += d.count();
    }

    // The handlers of `io` that are ready now (timers due at the current fake time included) run;
    // time does not move.
    static void poll(boost::asio::io_context& io) {
        io.restart();
        io.poll();
    }

    // Time moves on by `d` in steps of at most `step`, and after each step the due handlers run:
    // timers fire in their order, at most `step` late, and so do the timers their handlers set.
    void run_for(boost::asio::io_context& io, std::chrono::nanoseconds d,
                 std::chrono::nanoseconds step = std::chrono::milliseconds(10)) {
        poll(io);
        while (d > std::chrono::nanoseconds::zero()) {
            const auto s = d < step ? d : step;
            advance(s);
            d -= s;
            poll(io);
        }
    }
};

}  // namespace smsgw::test
