// The daemon's one notion of time: the wall-clock type, the injectable wall clock, and the clocks fake time can move.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>

namespace smsgw {

// A moment on the wall clock (UTC): what the store records and reminder windows are set in.
using SystemTime = std::chrono::system_clock::time_point;
// A moment on the monotonic clock: what timeouts and intervals are measured with (the wall clock may
// be stepped by NTP or an operator; these must not be).
using SteadyTime = std::chrono::steady_clock::time_point;

// The wall clock a component takes, so a test can set the date (election night at 22:30) without
// touching timers. Default-constructed components read SystemClock::now() below.
using WallClock = std::function<SystemTime()>;

namespace clock {

// Fake time, osmocom style (osmo_clock_override): while `on`, both clocks below stand still at
// their fake values and move only when a test advances them, and the timers of daemon/clock/timer.hpp
// fire by these values. Global because asio asks a clock type, not an object, for the time.
// Only tests/support/fake_time.hpp turns it on; the running daemon never does.
struct FakeState {
    std::atomic<bool> on{false};
    std::atomic<std::int64_t> wall_ns{0};    // since the Unix epoch
    std::atomic<std::int64_t> steady_ns{0};  // since the steady clock's epoch
};

inline FakeState& fake_state() {
    static FakeState state;
    return state;
}

}  // namespace clock

// The wall clock, or fake time's. A chrono clock whose time_point is system_clock's, so its values
// mix with every SystemTime in the code.
struct SystemClock {
    using duration = std::chrono::system_clock::duration;
    using rep = duration::rep;
    using period = duration::period;
    using time_point = SystemTime;
    static constexpr bool is_steady = false;
    static time_point now() noexcept {
        const auto& f = clock::fake_state();
        if (f.on.load(std::memory_order_acquire))
            return time_point(std::chrono::duration_cast<duration>(std::chrono::nanoseconds(f.wall_ns.load())));
        return std::chrono::system_clock::now();
    }
};

// The monotonic clock, or fake time's; the clock of every smsgw::Timer.
struct SteadyClock {
    using duration = std::chrono::steady_clock::duration;
    using rep = duration::rep;
    using period = duration::period;
    using time_point = SteadyTime;
    static constexpr bool is_steady = true;
    static time_point now() noexcept {
        const auto& f = clock::fake_state();
        if (f.on.load(std::memory_order_acquire))
            return time_point(std::chrono::duration_cast<duration>(std::chrono::nanoseconds(f.steady_ns.load())));
        return std::chrono::steady_clock::now();
    }
};

// The monotonic clock a component takes when a test sets it by hand; empty means SteadyClock::now().
// (Fake time moves SteadyClock itself; this is for tests that step one component alone.)
using MonotonicClock = std::function<SteadyTime()>;

// The default WallClock: SystemClock::now().
inline WallClock system_wall_clock() {
    return [] { return SystemClock::now(); };
}

}  // namespace smsgw
